"""`podsite measure` of audio where it is published (issue 16, item 2): bytes, type and length read by HTTP
range requests from a real local server (byte ranges, redirect chains, refusals), never the whole file."""

from __future__ import annotations

import http.server
import re
import struct
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from helpers import MEDIA, long_mp3, run
from podsite.layout import Paths
from podsite.load.audio import measure_file
from podsite.load.catalog import load_catalog


class Files(http.server.BaseHTTPRequestHandler):
    """Serves `files` with byte ranges (206, Content-Range), `redirects` as 302s, `status` overrides by path.
    Records every range asked for."""

    files: ClassVar[dict[str, bytes]]
    redirects: ClassVar[dict[str, str]]
    status: ClassVar[dict[str, int]]
    ranges: ClassVar[list[tuple[str, str]]]
    no_ranges: ClassVar[bool]

    def do_GET(self) -> None:
        if self.path in self.redirects:
            self.send_response(302)
            self.send_header("Location", self.redirects[self.path])
            self.end_headers()
            return
        if self.path in self.status or self.path not in self.files:
            self.send_error(self.status.get(self.path, 404))
            return
        body = self.files[self.path]
        wanted = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range") or "")
        self.ranges.append((self.path, self.headers.get("Range") or ""))
        if wanted and not self.no_ranges:
            start = int(wanted.group(1))
            end = min(int(wanted.group(2) or len(body) - 1), len(body) - 1)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{len(body)}")
            part = body[start: end + 1]
        else:
            self.send_response(200)
            part = body
        self.send_header("Content-Type", "audio/mpeg" if self.path.endswith(".mp3") else "audio/mp4")
        self.send_header("Content-Length", str(len(part)))
        self.end_headers()
        self.wfile.write(part)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, type[Files]]]:
    handler = type("Handler", (Files,), {"files": {}, "redirects": {}, "status": {}, "ranges": [],
                                         "no_ranges": False})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    httpd.shutdown()
    httpd.server_close()


def podsite(repo: Path, *args: str):
    return run([sys.executable, "-m", "podsite.cli", *args], cwd=repo)


def test_a_long_mp3_behind_redirects_is_measured_from_a_few_blocks(server, show_copy, tmp_path) -> None:
    base, handler = server
    audio = long_mp3(3000)  # about 10 MB
    handler.files["/cdn/ep9.mp3"] = audio
    handler.redirects["/track/ep9.mp3"] = "/stats/ep9.mp3"  # an analytics prefix or two, as real feeds have
    handler.redirects["/stats/ep9.mp3"] = "/cdn/ep9.mp3"
    local = tmp_path / "ep9.mp3"
    local.write_bytes(audio)
    expected = measure_file(local)

    repo = show_copy("minimal")
    episode = repo / "episodes/009-remote.yml"
    episode.write_text("title: Remote\nguid: 5d9a4c3e-0b6f-4e62-9d7e-3a3f0c1b2d09\ndate: 2024-03-01\n"
                       "summary: Measured where it is published.\n"
                       f"audio:\n  url: {base}/track/ep9.mp3   # the published address\n", encoding="utf-8")
    result = podsite(repo, "measure", "episodes/009-remote.yml")
    assert result.returncode == 0, result.output
    text = episode.read_text(encoding="utf-8")
    assert f"url: {base}/track/ep9.mp3   # the published address" in text  # the URL apps get stays
    loaded = next(e for e in load_catalog(Paths.at(repo)).episodes if e.stem == "009-remote")
    assert loaded.audio.bytes == len(audio) == expected.bytes
    assert loaded.audio.mime_type == "audio/mpeg"
    assert loaded.audio.duration == round(expected.duration) > 2000  # what reading the whole file gives
    fetched = sum(int(r.split("-")[1]) - int(r.split("=")[1].split("-")[0]) + 1 for _, r in handler.ranges)
    assert fetched < 300_000 < len(audio) // 20, (fetched, len(audio))  # a few blocks of a 10 MB file
    assert all(path == "/cdn/ep9.mp3" for path, _ in handler.ranges[1:])  # later ranges skip the redirects
    assert f"reading {fetched:,} of its {len(audio):,} bytes" in result.stdout


def test_an_m4a_is_measured_like_the_local_file(server, tmp_path) -> None:
    base, handler = server
    handler.files["/show/ep.m4a"] = (MEDIA / "tone-6s.m4a").read_bytes()
    expected = measure_file(MEDIA / "tone-6s.m4a")
    result = podsite(tmp_path, "measure", f"{base}/show/ep.m4a")
    assert result.returncode == 0, result.output
    assert (f"audio:\n  url: {base}/show/ep.m4a\n  bytes: {expected.bytes}\n  type: audio/x-m4a\n"
            f"  duration: 0:06\n") in result.stdout


def m4a_with_moov_at_the_end(padding: int) -> bytes:
    """The tone's M4A (ftyp, free, mdat, moov: the index last, as many recorders write it) with `padding` bytes
    more media data, so its moov box sits megabytes from the start. Chunk offsets point into the start of mdat,
    which does not move, so the file stays valid."""
    data = (MEDIA / "tone-6s.m4a").read_bytes()
    boxes, at = {}, 0
    while at < len(data):
        size, kind = struct.unpack(">I4s", data[at: at + 8])
        boxes[kind] = data[at: at + size]
        at += size
    assert list(boxes) == [b"ftyp", b"free", b"mdat", b"moov"]
    mdat = boxes[b"mdat"]
    grown = struct.pack(">I", len(mdat) + padding) + mdat[4:] + bytes(padding)
    return boxes[b"ftyp"] + boxes[b"free"] + grown + boxes[b"moov"]


def test_an_m4a_whose_index_is_at_the_end_is_read_from_its_two_ends(server, tmp_path) -> None:
    base, handler = server
    audio = m4a_with_moov_at_the_end(8_000_000)
    (tmp_path / "local.m4a").write_bytes(audio)
    expected = measure_file(tmp_path / "local.m4a")
    handler.files["/show/long.m4a"] = audio
    result = podsite(tmp_path, "measure", f"{base}/show/long.m4a")
    assert result.returncode == 0, result.output
    assert f"bytes: {len(audio)}\n  type: audio/x-m4a\n  duration: 0:06\n" in result.stdout
    assert round(expected.duration) == 6
    fetched = sum(int(r.split("-")[1]) - int(r.split("=")[1].split("-")[0]) + 1 for _, r in handler.ranges)
    assert fetched < 400_000 < len(audio) // 20, (fetched, len(audio))
    assert any(int(r.split("=")[1].split("-")[0]) > 7_000_000 for _, r in handler.ranges)  # it went for the moov


@pytest.mark.parametrize(("setup", "says"), [
    (lambda h: h.status.update({"/a.mp3": 403}), "answered 403 Forbidden; check the address, and that the file "
                                                 "is public"),
    (lambda h: None, "answered 404 Not Found"),
    (lambda h: h.redirects.update({"/a.mp3": "/b.mp3", "/b.mp3": "/c.mp3", "/c.mp3": "/d.mp3", "/d.mp3": "/e.mp3",
                                   "/e.mp3": "/f.mp3", "/f.mp3": "/g.mp3"}), "redirects more than 5 times"),
    (lambda h: (h.files.update({"/a.mp3": b"x" * 1000}), setattr(h, "no_ranges", True)),
     "does not answer range requests"),
    (lambda h: h.files.update({"/a.mp3": b"<html>not audio</html>" * 10}), "a.mp3 is not an audio file"),
])
def test_a_refusal_is_one_line_and_the_yaml_is_untouched(server, show_copy, setup, says) -> None:
    base, handler = server
    setup(handler)
    repo = show_copy("minimal")
    episode = repo / "episodes/009-remote.yml"
    before = (f"title: Remote\nguid: 5d9a4c3e-0b6f-4e62-9d7e-3a3f0c1b2d09\ndate: 2024-03-01\n"
              f"audio:\n  url: {base}/a.mp3\n")
    episode.write_text(before, encoding="utf-8")
    result = podsite(repo, "measure", "episodes/009-remote.yml")
    assert result.returncode == 1 and "Traceback" not in result.output
    [line] = [line for line in result.stderr.splitlines() if not line.startswith("podsite:")]
    assert line.startswith("episodes/009-remote.yml:5: audio.url: ") and says in line, line
    assert episode.read_text(encoding="utf-8") == before
