"""Measuring audio where it is published: exact bytes, type and length of a file on a CDN or in object storage,
without downloading it. mutagen reads the remote file through `RangedFile`, which fetches only the blocks it
asks for (the start of an MP3, the `moov` box of an M4A wherever it sits), by HTTP range requests.

Redirects (analytics prefixes chain two or three) are followed once, to a limit, and every later range goes to
the final address. The size is the total the server states for a range (`Content-Range: bytes 0-N/TOTAL`),
which is the number of bytes it serves, whatever a HEAD said.
"""

from __future__ import annotations

import io
import posixpath
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from ..errors import PodsiteError, Problem
from ..load.audio import AudioError, Measurement, measure_stream
from .feedread import FETCH_TIMEOUT, WebRedirects

AGENT = "podsite measure"
BLOCK = 64 * 1024  # bytes per range request: an MP3's first frames, or a slice of an M4A's boxes
MAX_REDIRECTS = 5
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+)")


class _FewRedirects(WebRedirects):
    max_redirections = MAX_REDIRECTS


class RangedFile:
    """A read-only, seekable view of a remote file (what mutagen needs of a file object); each block is
    fetched once, when first read."""

    def __init__(self, url: str, size: int, first_block: bytes):
        self.url = url
        self.size = size
        self.blocks = {0: first_block}
        self.position = 0
        self.fetched = len(first_block)  # bytes downloaded so far, to show how little a measurement costs

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = max(0, base + offset)
        return self.position

    def read(self, size: int | None = -1) -> bytes:
        end = self.size if size is None or size < 0 else min(self.size, self.position + size)
        out = bytearray()
        while self.position < end:
            index, offset = divmod(self.position, BLOCK)
            block = self._block(index)
            piece = block[offset: offset + (end - self.position)]
            if not piece:
                break
            out += piece
            self.position += len(piece)
        return bytes(out)

    def _block(self, index: int) -> bytes:
        if index not in self.blocks:
            start = index * BLOCK
            _, data, _, _ = _get_range(self.url, start, min(self.size, start + BLOCK) - 1)
            self.blocks[index] = data
            self.fetched += len(data)
        return self.blocks[index]


@dataclass(frozen=True)
class RemoteAudio:
    measurement: Measurement
    final_url: str  # after redirects
    fetched: int  # bytes downloaded to measure it


def measure_url(url: str) -> RemoteAudio:
    """Bytes, type, length (and embedded chapters) of the audio at `url`; PodsiteError with the reason when the
    server refuses, is unreachable, does not answer range requests, or serves something that is not audio."""
    final, first, total, served_as = _get_range(url, 0, BLOCK - 1, follow=True)
    remote = RangedFile(final, total, first)
    name = posixpath.basename(urllib.parse.urlsplit(final).path) or "audio"
    try:
        found = measure_stream(remote, name, total, served_as)  # type: ignore[arg-type]
    except AudioError as err:
        raise PodsiteError([Problem(url, None, "", str(err))]) from None
    return RemoteAudio(found, final, remote.fetched)


def _get_range(url: str, start: int, end: int, *, follow: bool = False) -> tuple[str, bytes, int, str | None]:
    """(final URL, bytes start..end, the file's total size, its Content-Type) by one range request."""
    request = urllib.request.Request(url, headers={"Range": f"bytes={start}-{end}", "User-Agent": AGENT})
    handlers = [_FewRedirects] if follow else [_NoRedirects]
    try:
        with urllib.request.build_opener(*handlers).open(request, timeout=FETCH_TIMEOUT) as answer:
            if answer.status != 206:
                raise _fail(url, "does not answer range requests (it sent the whole file); Apple requires them, "
                                 "and browsers need them to seek: use a host or CDN that supports them")
            match = _CONTENT_RANGE.fullmatch((answer.headers.get("Content-Range") or "").strip())
            if match is None:
                raise _fail(url, "answered a range request without a Content-Range total; cannot tell its size")
            data = answer.read(end - start + 1)
            served_as = (answer.headers.get("Content-Type") or "").split(";")[0].strip().lower() or None
            return answer.geturl(), data, int(match.group(3)), served_as
    except urllib.error.HTTPError as err:
        if err.code in (301, 302, 303, 307, 308):
            raise _fail(url, f"redirects more than {MAX_REDIRECTS} times; give the final address") from None
        if err.code == 416:
            raise _fail(url, "is an empty file (the server has no byte 0 to send)") from None
        raise _fail(url, f"answered {err.code} {err.reason}; check the address, and that the file is public"
                    ) from None
    except urllib.error.URLError as err:
        raise _fail(url, f"could not be reached ({err.reason})") from None
    except TimeoutError:
        raise _fail(url, f"did not answer within {FETCH_TIMEOUT} seconds") from None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Later ranges go to the address the first request ended at: no analytics prefix counts them again."""

    max_redirections = 0


def _fail(url: str, why: str) -> PodsiteError:
    return PodsiteError([Problem(url, None, "", why)])
