"""Browser tests: the sample show, built once, served over HTTP with byte ranges, driven in Debian's Chromium.

Every test gets a fresh browser context (its own localStorage) through the `tab` fixture, which also fails the
test on any console error, uncaught exception or request to a host other than the local test server.

This is the only place Playwright is imported. Without it, a local run skips these tests; in CI a missing
Playwright is an error.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from browser.range_server import SiteServer
from helpers import build_show, copy_show

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:
    if os.environ.get("CI"):
        raise
    pytest.skip("Playwright is not installed: pip install -e '.[test]' (CI runs these tests)", allow_module_level=True)

CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own browser download cannot work on these machines
# Flags that work on these machines; autoplay lets `#t=` links start playing on load.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--autoplay-policy=no-user-gesture-required"]

HERE = Path(__file__).parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = HERE.parent.parent / "site-screenshots"
EPISODE = "episodes/001-small-wins/"
TRANSCRIPT = "episodes/001-small-wins/transcript/"
AUDIO = "document.querySelector('.podsite-mini audio')"


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright; the session's one instance is the `browser` fixture."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole session: Playwright's sync API allows one running instance per thread."""
    with chromium() as launched:
        yield launched


@dataclass
class Tab:
    page: Page
    base: str
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        self.page.goto(self.base + path)
        self.page.wait_for_selector(".md-content")
        return self.page

    def audio(self, prop: str):
        return self.page.evaluate(f"{AUDIO}.{prop}")

    def wait_audio(self, condition: str, timeout: float = 15_000) -> None:
        """Wait until a JS condition on the player's <audio> (named `a`) holds, e.g. `a.currentTime > 2`."""
        self.page.wait_for_function(f"(() => {{ const a = {AUDIO}; return a && ({condition}); }})()",
                                    timeout=timeout)


@pytest.fixture(scope="session")
def site_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    server = serve_sample(tmp_path_factory.mktemp("browser"))
    yield server
    server.close()


def serve_sample(folder: Path, edit: Callable[[Path], None] | None = None) -> SiteServer:
    """The sample show (changed by `edit(repo)` first) built with its site_url set to the test server's address,
    as `mkdocs serve` does: Material's instant navigation only takes over links it finds in sitemap.xml, on the
    same host and port."""
    repo = copy_show("sample", folder)
    if edit is not None:
        edit(repo)
    server = SiteServer(repo / "site")
    show = repo / "episodes" / "_show.yml"
    # The show keeps its identity at the test address, as a show moving to a new host does.
    text, count = re.subn(r"(?m)^site_url:.*$", f"site_url: {server.url}\n"
                          f"previous_feed_url: https://betweencandles.example.org/feed.xml",
                          show.read_text(encoding="utf-8"))
    assert count == 1
    show.write_text(text, encoding="utf-8")
    build_show(repo)
    return server


def _watch(tab: Tab) -> None:
    page = tab.page
    page.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    page.on("request", lambda request: None if request.url.startswith((tab.base, "data:", "blob:"))
            else tab.foreign.append(request.url))


@contextmanager
def open_tab(browser: Browser, base: str, **context: object) -> Iterator[Tab]:
    """A fresh browser context on `base` (its own localStorage) that fails the test on a console error or on
    any request leaving `base`."""
    made = browser.new_context(permissions=["clipboard-read", "clipboard-write"], **context)  # type: ignore[arg-type]
    tab = Tab(made.new_page(), base)
    _watch(tab)
    yield tab
    made.close()
    assert tab.errors == [], f"console errors: {tab.errors}"
    assert tab.foreign == [], f"requests that left {base}: {tab.foreign}"


@pytest.fixture
def tab(browser: Browser, site_server: SiteServer) -> Iterator[Tab]:
    with open_tab(browser, site_server.url, viewport={"width": 1280, "height": 900}) as opened:
        yield opened
