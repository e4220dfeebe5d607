"""The rest of the listener's site in Chromium (search: test_browser_search.py): accessibility (axe-core), privacy
(no request leaves localhost, no console errors) and review screenshots of the episode page."""

from __future__ import annotations

import json

import pytest

from browser.conftest import AXE, EPISODE, SCREENSHOTS, TRANSCRIPT, Tab

PAGES = {"home": "", "episodes index": "episodes/", "episode": EPISODE, "transcript": TRANSCRIPT,
         "person": "people/amy-l/", "people": "people/", "tags": "tags/", "about": "about/"}


def test_no_console_errors_and_no_third_party_requests_on_any_page(tab: Tab):
    requests: list[str] = []
    tab.page.on("request", lambda request: requests.append(request.url))
    for path in PAGES.values():
        tab.open(path)
        tab.page.wait_for_load_state("networkidle")
    # Fonts, scripts, styles and images all come from the site itself; the search index only when searching.
    assert requests and all(url.startswith(tab.base) for url in requests), requests
    assert not [url for url in requests if "/pagefind/" in url or url.endswith("search_index.json")]
    # The `tab` fixture fails the test on any console error or foreign request it saw.


def test_episode_page_head_has_sharing_tags_and_structured_data(tab: Tab):
    page = tab.open(EPISODE)
    meta = {m.get_attribute("property") or m.get_attribute("name"): m.get_attribute("content")
            for m in page.locator("head meta[content]").all()}
    assert meta["og:audio"] == tab.base + "media/001-small-wins.mp3"
    assert meta["og:image"] == tab.base + "assets/cover.png"
    assert meta["twitter:card"] == "summary"
    assert page.get_attribute("link[rel=canonical]", "href") == tab.base + EPISODE
    data = json.loads(page.text_content("script[type='application/ld+json']"))
    assert data["@type"] == "PodcastEpisode"
    assert data["associatedMedia"]["contentUrl"] == meta["og:audio"]


@pytest.mark.parametrize("name", ["home", "episodes index", "episode", "person", "transcript"])
def test_accessibility_audit_finds_no_violations(tab: Tab, name: str):
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci --prefix tests/browser`"
    page = tab.open(PAGES[name])
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]]
    assert violations == [], violations


def test_accessibility_audit_with_the_mini_player_showing(tab: Tab):
    page = tab.open(EPISODE)
    page.click(".podsite-player [data-act=play]")
    tab.wait_audio("!a.paused")
    page.click("a.md-tabs__link:has-text('About')")
    page.wait_for_selector(".podsite-mini:not([hidden])")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"]] == []


@pytest.mark.parametrize(("name", "viewport"), [("phone", {"width": 390, "height": 844}),
                                                ("desktop", {"width": 1366, "height": 900})])
def test_screenshots_of_the_episode_page(tab: Tab, name: str, viewport: dict[str, int]):
    page = tab.page
    page.set_viewport_size(viewport)
    tab.open(EPISODE)
    page.wait_for_selector(".podsite-player .podsite-controls")
    # On a phone every control stays inside the screen.
    for control in page.locator(".podsite-player .podsite-controls > *").all():
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"episode-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def test_first_visit_transfers_a_bounded_amount(tab: Tab):
    """The whole first visit of the episode page, player and search box included, stays small: no part of the
    search index is downloaded before the listener searches (test_browser_search.py)."""
    page = tab.open(EPISODE)
    page.wait_for_load_state("networkidle")
    sizes = page.evaluate("performance.getEntriesByType('navigation').concat(performance.getEntriesByType("
                          "'resource')).map(e => [e.name, e.encodedBodySize])")
    by_name = dict(sizes)
    assert by_name[tab.base + "assets/podsite/search.js"] < 10 * 1024
    assert not [name for name in by_name if "/pagefind/" in name or name.endswith("search_index.json")]
    assert sum(by_name.values()) < 600_000, sorted(sizes, key=lambda s: -s[1])[:5]
