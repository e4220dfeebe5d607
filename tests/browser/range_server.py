"""A static file server for built sites that answers HTTP Range requests, as podcast hosts and CDNs do.

Python's `http.server` always sends the whole file, and Chromium cannot seek audio without byte ranges, so
every seek test would fail for the wrong reason. Threaded (the browser opens several connections at once) and
bound to 127.0.0.1 on a free port.
"""

from __future__ import annotations

import os
import re
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class _Slice:
    """The `length` bytes of an open file from its current position, for `copyfile`."""

    def __init__(self, file, length: int):
        self.file, self.left = file, length

    def read(self, size: int = -1) -> bytes:
        size = self.left if size < 0 else min(size, self.left)
        data = self.file.read(size) if size else b""
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.file.close()


class RangeHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map, ".vtt": "text/vtt", ".srt": "application/x-subrip",
        ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".json": "application/json"}

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self):
        header = self.headers.get("Range")
        path = self.translate_path(self.path)
        if not header or not os.path.isfile(path):
            return super().send_head()
        match = _RANGE.fullmatch(header.strip())
        size = os.path.getsize(path)
        if not match or not any(match.groups()):
            return super().send_head()  # a form we do not serve (several ranges): the whole file is valid too
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
        else:  # a suffix: the last N bytes
            start, end = max(0, size - int(last)), size - 1
        if start >= size or start > end:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        file = open(path, "rb")  # noqa: SIM115 - closed by copyfile's caller through _Slice.close
        file.seek(start)
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return _Slice(file, end - start + 1)

    def log_message(self, format: str, *args) -> None:  # keep test output about the tests
        pass


class SiteServer:
    """Serves `root` at `url` (http://127.0.0.1:<free port>/) until `close()`."""

    def __init__(self, root: Path):
        self.root = root
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(RangeHandler, directory=str(root)))
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
