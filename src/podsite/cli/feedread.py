"""Reading someone else's RSS feed, for `podsite import FEED` and `podsite check --against FEED` alike.

One way to fetch it (an http(s):// URL or a saved file, nothing else; a timeout; a size cap for both), one
parser configuration (no entities resolved, no network, no huge trees, comments dropped as apps drop them),
and one reading of the base URL relative links in the feed resolve against.
"""

from __future__ import annotations

import functools
import http.client
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from ..errors import PodsiteError, Problem
from ..feed.ext import FEED_NAMESPACES
from ..feed.parser import rss_parser

FETCH_TIMEOUT = 30  # seconds without an answer; CI should fail clearly rather than hang on a slow host
MAX_FEED_BYTES = 64 * 1024 * 1024  # read at each call, so a test can lower it
WEB_SCHEMES = ("http", "https")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


@dataclass(frozen=True)
class Location:
    """Where a feed came from: its URL (for relative links), or the folder of a saved copy."""

    url: str | None
    folder: Path | None


class FeedGone(PodsiteError):
    """The URL answered 404 or 410: nothing is there (`--against live` before the first deploy)."""


def read_feed(source: str, *, agent: str) -> tuple[bytes, Location]:
    """The bytes of the feed at `source`, an http(s):// URL or a saved file, and where it came from. Raises
    PodsiteError with one plain line naming `source` when it cannot be read, or is larger than MAX_FEED_BYTES."""
    scheme = _scheme(source)
    if scheme in WEB_SCHEMES:
        return fetch_url(source, source, agent=agent), Location(source, None)
    if scheme:
        raise _fail(source, f"is a {scheme}: URL; give the feed as a saved file or an http(s):// URL")
    path = Path(source)
    if not path.is_file():
        raise _fail(source, "not found; give the feed as a saved file or an http(s):// URL")
    return read_file(path, source), Location(None, path.absolute().parent)


def read_file(path: Path, shown: str) -> bytes:
    """A local file's bytes, refused (naming it as `shown`) when larger than MAX_FEED_BYTES."""
    limit = MAX_FEED_BYTES
    try:
        with path.open("rb") as handle:
            if os.fstat(handle.fileno()).st_size > limit:
                raise _too_large(shown, limit)
            data = handle.read(limit + 1)  # the file may have grown since
    except OSError as err:
        raise _fail(shown, f"could not be read ({err.strerror or err})") from None
    if len(data) > limit:
        raise _too_large(shown, limit)
    return data


def fetch_url(url: str, shown: str, *, agent: str) -> bytes:
    """The body at an http(s):// URL (redirects followed to http(s) only), refused when larger than
    MAX_FEED_BYTES. Errors name the URL as `shown`; a 404 or 410 raises FeedGone."""
    scheme = _scheme(url)
    if scheme not in WEB_SCHEMES:
        raise _fail(shown, "not fetched: podsite follows http(s):// links only")
    limit = MAX_FEED_BYTES
    try:
        request = urllib.request.Request(url, headers={"User-Agent": agent})
        with _opener().open(request, timeout=FETCH_TIMEOUT) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _too_large(shown, limit)
            data = response.read(limit + 1)
    except urllib.error.HTTPError as err:
        problem = Problem(shown, None, "", f"could not fetch it (HTTP {err.code})")
        raise (FeedGone if err.code in (404, 410) else PodsiteError)([problem]) from None
    except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException, ValueError) as err:
        reason = getattr(err, "reason", None) or err
        raise _fail(shown, f"could not fetch it ({reason}); check the URL and the network") from None
    if len(data) > limit:
        raise _too_large(shown, limit)
    return data


class WebRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed to http(s) only: urllib on its own also follows one to ftp:// (and refuses
    file:// with an HTTPError)."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: http.client.HTTPMessage, newurl: str) -> urllib.request.Request | None:
        if _scheme(newurl) not in WEB_SCHEMES:
            raise urllib.error.URLError(f"redirected to {newurl}, which is not an http(s):// URL")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@functools.cache
def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(WebRedirects)


def parse_channel(data: bytes, source: str, *, recover: bool = False) -> tuple[etree._Element, str | None]:
    """The <channel> of an RSS feed, and None. With `recover`, a feed that is not well-formed XML is read as
    far as it can be, and the syntax error comes back in place of None for the caller to report."""
    broken = None
    try:
        root = etree.fromstring(data, rss_parser())
    except etree.XMLSyntaxError as err:
        root = etree.fromstring(data, rss_parser(recover=True)) if recover else None
        if root is None:
            raise _fail(source, f"is not a readable RSS feed ({err})") from None
        broken = str(err)
    channel = root.find("channel")
    if not isinstance(root.tag, str) or etree.QName(root).localname != "rss" or channel is None:
        raise _fail(source, "is not an RSS feed (no <rss><channel>)")
    return channel, broken


def self_url(channel: etree._Element) -> str | None:
    """The feed's own address as it states it: `<atom:link rel="self" href=...>`."""
    atom = FEED_NAMESPACES["atom"].lower()
    for link in channel:
        if not isinstance(link.tag, str) or link.get("rel") != "self":
            continue
        name = etree.QName(link)
        href = (link.get("href") or "").strip()
        if name.localname == "link" and (name.namespace or "").lower() == atom and href:
            return href
    return None


def base_url(channel: etree._Element, url: str | None) -> str | None:
    """What apps resolve the feed's relative links against: its self link, else the URL it was fetched from,
    else the channel's <link>."""
    return self_url(channel) or url or channel_link(channel)


def channel_link(channel: etree._Element) -> str | None:
    """The channel's own <link> (the show's website), stripped; None when absent or empty."""
    for child in channel:
        if child.tag == "link":
            return text_of(child).strip() or None
    return None


def is_url(source: str) -> bool:
    return _scheme(source) in WEB_SCHEMES


def _scheme(source: str) -> str | None:
    """`https` for `HTTPS://host/...`; None for a path (even `C:/feed.xml` or a file named `file:x`)."""
    match = _SCHEME.match(source)
    return match.group(1).lower() if match else None


def _too_large(shown: str, limit: int) -> PodsiteError:
    size = f"{limit // 2 ** 20} MiB" if limit % 2 ** 20 == 0 else f"{limit} bytes"
    return _fail(shown, f"is larger than {size}, more than any podcast feed needs; check that it is the right "
                        f"file")


def _fail(source: str, message: str) -> PodsiteError:
    return PodsiteError([Problem(source, None, "", message)])


def text_of(element: etree._Element) -> str:
    """All the text inside an element of a parsed feed (lxml gives str for a document parsed from bytes)."""
    return "".join(str(part) for part in element.itertext())
