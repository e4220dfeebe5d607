"""The feed page in Chromium: a browser that opens feed.xml shows the show, not raw XML (the XSL stylesheet)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser.range_server import SiteServer
from helpers import build_show, copy_show


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_show(copy_show("everything", tmp_path_factory.mktemp("page")))


@pytest.fixture(scope="module")
def server(site) -> Iterator[SiteServer]:
    server = SiteServer(site)
    yield server
    server.close()


def test_chromium_shows_the_feed_page_instead_of_raw_xml(server, browser):
    page = browser.new_page()
    try:
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.url + "feed.xml")
        page.wait_for_selector("#show-title")
        assert page.locator("#show-title").inner_text() == "Everything & More"
        assert page.locator("article.episode").count() == 4
        assert page.locator("#feed-url").input_value() == "https://everything.example.com/feed.xml"
        assert page.locator("article.episode h3").first.inner_text() == "A bonus for patrons"
        assert errors == []
    finally:
        page.close()
