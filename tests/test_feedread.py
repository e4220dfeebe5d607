"""Someone else's feed is read one way (podsite.cli.feedread) by `podsite import FEED` and by
`podsite check --against FEED`: only an http(s):// URL or a saved file, never more than the size cap, and
every refusal is one line naming the feed, never a traceback."""

from __future__ import annotations

import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import FIXTURES, run
from podsite.cli.commands import main

CAP = 64 * 1024 * 1024  # feedread.MAX_FEED_BYTES; written out so this file also runs against older podsites
NEW_SITE = "https://new.example.com/"


def podsite(repo: Path, *args: str):
    return run([sys.executable, "-m", "podsite.cli", *args], cwd=repo)


@pytest.fixture
def published(show_copy) -> Path:
    """A copy of the minimal show and the feed it has published, published.xml."""
    repo = show_copy("minimal")
    assert podsite(repo, "feed", "-o", "published.xml").returncode == 0
    return repo


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the www folder; /moved.xml redirects to ftp://, /stream/NAME sends NAME with no Content-Length."""

    def do_GET(self) -> None:
        if self.path == "/moved.xml":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1:9/feed.xml")
            self.end_headers()
        elif self.path.startswith("/stream/"):
            body = (Path(self.directory) / self.path.removeprefix("/stream/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()  # HTTP/1.0 and no length: the body ends when the connection closes
            self.wfile.write(body)
        else:
            super().do_GET()

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A local web server (loopback only) serving tmp_path/www."""
    root = tmp_path / "www"
    root.mkdir()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _Handler(*a, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def in_process(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], folder: Path,
               *args: str) -> tuple[int, str, str]:
    """`podsite ARGS` run in this process (so monkeypatch reaches it) from `folder`, made if need be:
    (exit code, stdout, stderr)."""
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(folder)
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def refused_in_one_line(stderr: str, source: str, message: str) -> None:
    problems = [line for line in stderr.splitlines() if not line.startswith("podsite: ")]
    assert problems == [f"{source}: {message}"], stderr
    assert "Traceback" not in stderr


# -- the size cap -------------------------------------------------------------------------------------------

def test_a_feed_over_64_mib_is_refused_by_check_against_and_by_import(published, tmp_path):
    """The continuity guard read a file of any size; import read any file too (and cut a URL's body at the
    cap without a word). A real feed, padded past the cap with comments, which XML allows after the root."""
    big = tmp_path / "big.xml"
    shutil.copy(published / "published.xml", big)
    padding = b"\n<!--" + b"x" * 1017 + b"-->"  # 1 KiB
    with big.open("ab") as handle:
        missing = CAP + 1 - big.stat().st_size
        handle.write(padding * (missing // len(padding)) + b"\n" * (missing % len(padding)))
    assert big.stat().st_size == CAP + 1
    try:
        message = "is larger than 64 MiB, more than any podcast feed needs; check that it is the right file"
        checked = podsite(published, "check", "--against", str(big))
        assert checked.returncode == 1, checked.output
        refused_in_one_line(checked.stderr, str(big), message)
        (tmp_path / "new").mkdir()
        imported = podsite(tmp_path / "new", "import", str(big), "--site-url", NEW_SITE)
        assert imported.returncode == 1, imported.output
        refused_in_one_line(imported.stderr, str(big), message)
        assert not (tmp_path / "new" / "episodes").exists()
    finally:
        big.unlink()


@pytest.mark.parametrize("where", ["file", "url", "url without a length"])
@pytest.mark.parametrize("command", ["check --against", "import"])
def test_the_cap_is_one_constant_for_files_and_urls(published, server, tmp_path, monkeypatch, capsys, where,
                                                    command):
    from podsite.cli import feedread

    assert feedread.MAX_FEED_BYTES == CAP
    www, base = server
    shutil.copy(published / "published.xml", www / "feed.xml")
    size = (www / "feed.xml").stat().st_size
    source = {"file": str(www / "feed.xml"), "url": f"{base}feed.xml",
              "url without a length": f"{base}stream/feed.xml"}[where]
    args = [*command.split(), source] + (["--site-url", NEW_SITE] if command == "import" else [])

    def folder(name: str) -> Path:
        return published if command == "check --against" else tmp_path / name

    monkeypatch.setattr(feedread, "MAX_FEED_BYTES", size)  # exactly the feed's size is allowed
    status, _, stderr = in_process(monkeypatch, capsys, folder("fits"), *args)
    assert status == 0, stderr

    monkeypatch.setattr(feedread, "MAX_FEED_BYTES", size - 1)
    status, _, stderr = in_process(monkeypatch, capsys, folder("too-big"), *args)
    assert status == 1
    assert command != "import" or not (tmp_path / "too-big" / "episodes").exists()
    refused_in_one_line(stderr, source, f"is larger than {size - 1} bytes, more than any podcast feed needs; "
                                        f"check that it is the right file")


# -- what can be read -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["check --against", "import"])
def test_only_http_urls_and_files_are_read(published, tmp_path, monkeypatch, capsys, command):
    """A file:// or ftp:// feed was refused before (as a file that is not there); it still is, now saying why."""
    feed = published / "published.xml"
    folder = published if command == "check --against" else tmp_path / "new"
    for source, scheme in ((feed.as_uri(), "file"), ("ftp://127.0.0.1:9/feed.xml", "ftp"),
                           ("FTP://127.0.0.1:9/feed.xml", "ftp"), ("gopher://127.0.0.1:9/feed.xml", "gopher")):
        args = [*command.split(), source] + (["--site-url", NEW_SITE] if command == "import" else [])
        status, _, stderr = in_process(monkeypatch, capsys, folder, *args)
        assert status == 1
        refused_in_one_line(stderr, source, f"is a {scheme}: URL; give the feed as a saved file or an http(s):// URL")
    assert command != "import" or not (folder / "episodes").exists()


def test_a_redirect_to_ftp_is_not_followed(published, server, monkeypatch, capsys):
    """urllib on its own follows a redirect to ftp://; the feed reader follows http(s) only."""
    _, base = server
    status, _, stderr = in_process(monkeypatch, capsys, published, "check", "--against", f"{base}moved.xml")
    assert status == 1
    refused_in_one_line(stderr, f"{base}moved.xml", "could not fetch it (redirected to ftp://127.0.0.1:9/feed.xml, "
                                                    "which is not an http(s):// URL); check the URL and the network")


def test_a_feed_fetched_from_a_url_cannot_make_import_read_local_files(server, tmp_path, monkeypatch, capsys):
    """A feed's links are fetched by the same reader: a `file://` chapters link used to be read from this
    machine's disk by urllib. It is dropped now, and said so."""
    www, base = server
    secret = tmp_path / "private" / "chapters.json"
    secret.parent.mkdir()
    shutil.copy(FIXTURES / "import-odd" / "chapters-2.json", secret)
    feed = (FIXTURES / "import-odd" / "feed.xml").read_text()
    assert 'url="chapters-2.json"' in feed
    (www / "feed.xml").write_text(feed.replace('url="chapters-2.json"', f'url="{secret.as_uri()}"'))
    status, out, stderr = in_process(monkeypatch, capsys, tmp_path / "new", "import", f"{base}feed.xml",
                                     "--site-url", NEW_SITE, "--owner-email", "owner@odd.example.org")
    assert status == 0, stderr
    minutes = (tmp_path / "new" / "episodes").glob("*minutes.yml")
    assert "chapters" not in next(m for m in minutes if "long" not in m.name).read_text()
    assert f"not kept: 'Minutes': chapters at {secret.as_uri()} (not fetched: podsite follows http(s):// links " \
           f"only)" in out
