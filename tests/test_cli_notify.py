"""`podsite notify` (issue 15): after a deploy, WebSub and Podping hear that the feed changed. Both are off
unless `notify:` names them; both are tested against a real local HTTP server that records what it receives."""

from __future__ import annotations

import http.server
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from lxml import etree

from helpers import run

FEED = "https://minimal.example.com/feed.xml"


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request with `status` and keeps it; each test gets a subclass with its own list."""

    received: ClassVar[list[tuple[str, str, dict[str, str], bytes]]]
    status = 204

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.received.append((self.command, self.path, dict(self.headers), body))
        self.send_response(self.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = _record

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def services() -> Iterator[tuple[str, type[Recorder]]]:
    handler = type("Handler", (Recorder,), {"received": [], "status": 204})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def podsite(repo: Path, *args: str, env: dict[str, str] | None = None):
    return run([sys.executable, "-m", "podsite.cli", *args], cwd=repo, env=env)


def configure(repo: Path, notify: str) -> None:
    show = repo / "episodes/_show.yml"
    show.write_text(show.read_text(encoding="utf-8") + notify, encoding="utf-8")


def test_nothing_is_sent_unless_notify_names_a_service(show_copy) -> None:
    repo = show_copy("minimal")
    result = podsite(repo, "notify")
    assert result.returncode == 0 and "nothing to notify" in result.stdout


def test_websub_hub_is_named_in_the_feed_and_pinged(show_copy, services) -> None:
    base, handler = services
    repo = show_copy("minimal")
    configure(repo, f"notify:\n  websub: {base}/hub\n")
    assert podsite(repo, "feed", "-o", "feed.xml").returncode == 0
    feed = etree.parse(str(repo / "feed.xml"))
    assert feed.xpath("/rss/channel/atom:link[@rel='hub']/@href",
                      namespaces={"atom": "http://www.w3.org/2005/Atom"}) == [f"{base}/hub"]
    result = podsite(repo, "notify")
    assert result.returncode == 0, result.output
    [(method, path, headers, body)] = handler.received
    assert (method, path) == ("POST", "/hub")
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert urllib.parse.parse_qs(body.decode()) == {"hub.mode": ["publish"], "hub.url": [FEED]}
    assert f"told WebSub (POST {base}/hub) that {FEED} changed" in result.stdout


def test_podping_sends_the_feed_with_the_token_from_the_environment(show_copy, services) -> None:
    base, handler = services
    repo = show_copy("minimal")
    configure(repo, f"notify:\n  podping: {base}/podping\n")
    missing = podsite(repo, "notify", env={"PODPING_TOKEN": ""})
    assert missing.returncode == 1 and "PODPING_TOKEN is not set" in missing.stderr and not handler.received
    result = podsite(repo, "notify", env={"PODPING_TOKEN": "secret-token"})
    assert result.returncode == 0, result.output
    [(method, path, headers, _)] = handler.received
    assert method == "GET" and headers["Authorization"] == "secret-token"
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(path).query) == {
        "url": [FEED], "reason": ["update"], "medium": ["podcast"]}
    assert "secret-token" not in result.output  # never printed in CI logs


def test_a_refused_ping_fails_the_command_with_the_answer(show_copy, services) -> None:
    base, handler = services
    handler.status = 401
    repo = show_copy("minimal")
    configure(repo, f"notify:\n  websub: {base}/hub\n  podping: {base}/podping\n")
    result = podsite(repo, "notify", env={"PODPING_TOKEN": "wrong"})
    assert result.returncode == 1
    assert f"WebSub (POST {base}/hub) answered 401" in result.stderr
    assert f"Podping (GET {base}/podping) answered 401" in result.stderr
    assert len(handler.received) == 2  # one failure does not keep the other service from hearing


def test_podping_true_means_the_public_gateway(show_copy) -> None:
    from podsite.layout import Paths
    from podsite.load.catalog import load_catalog

    repo = show_copy("minimal")
    configure(repo, "notify:\n  podping: true\n")
    assert load_catalog(Paths.at(repo)).show.notify.podping == "https://podping.cloud/"
