"""Search in Chromium, over the real Pagefind index of the built sample show (podsite/site/search.py): nothing
of the index on a first visit, a word only the transcript has found by typing it, the hit landing on its cue
and playing from there, filters, the keyboard, and the bytes one search costs."""

from __future__ import annotations

import re

from browser.conftest import AXE, SCREENSHOTS, TRANSCRIPT, Tab

WORD = "errand"  # spoken in the episode, written nowhere else on the site


def cue_with(site, word: str) -> tuple[str, float]:
    """The anchor (`t=0:40`) and start (seconds) of the transcript cue holding `word`, from the built page."""
    page = (site / TRANSCRIPT / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<p class="podsite-cue" data-start="([\d.]+)"[^>]*><a class="podsite-seek" id="([^"]+)"'
                      rf"[^>]*>[^<]*</a>[^<]*\b{word}\b", page)
    assert match, f"no cue with {word!r} in the transcript page"
    return match.group(2), float(match.group(1))


def search(tab: Tab, query: str) -> None:
    page = tab.page
    page.keyboard.press("/")  # the shortcut focuses the box
    assert page.evaluate("document.activeElement.id") == "podsite-search-input"
    page.keyboard.type(query, delay=30)
    page.wait_for_selector(".podsite-search__hit")


def received(tab: Tab) -> dict[str, int]:
    """Bytes of every response the tab has had, by URL: Pagefind's own worker fetches the index, and its requests
    are not in the page's Performance timeline."""
    sizes: dict[str, int] = {}
    tab.page.on("requestfinished", lambda request: sizes.__setitem__(request.url, request.sizes()["responseBodySize"]))
    return sizes


def test_a_word_only_the_transcript_has_lands_on_its_cue_and_plays_from_there(tab: Tab, site_server):
    site = site_server.root
    pages_with_word = [p for p in site.rglob("*.html") if re.search(rf"\b{WORD}\b", p.read_text(encoding="utf-8"))]
    assert [p.relative_to(site).as_posix() for p in pages_with_word] == [TRANSCRIPT + "index.html"]
    anchor, start = cue_with(site, WORD)
    sizes = received(tab)
    page = tab.open("")
    page.wait_for_load_state("networkidle")
    assert sizes and not [url for url in sizes if "/pagefind/" in url], "the first visit downloaded search files"

    search(tab, WORD)
    hits = page.locator(".podsite-search__hit")
    assert hits.count() == 1
    assert hits.first.get_attribute("href") == f"/{TRANSCRIPT}#{anchor}"
    assert page.locator(".podsite-search__at").first.inner_text() == f"at {anchor[2:]}"
    assert page.locator(".podsite-search__excerpt mark").first.inner_text() == WORD
    assert "one errand or one meal" in hits.first.inner_text()
    assert page.is_visible(".podsite-search__panel")
    spent = {url: size for url, size in sizes.items() if "/pagefind/" in url}
    assert any(name.endswith(".pf_fragment") for name in spent), spent  # the hit's own page, not the whole index
    assert sum(spent.values()) < 300_000, spent

    page.keyboard.press("ArrowDown")  # from the box to the first result, then follow it
    assert page.evaluate("document.activeElement.matches('.podsite-search__hit')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{TRANSCRIPT}#{anchor}")
    cue = page.locator(f"[id='{anchor}']")
    page.wait_for_function("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && "
                           "r.bottom <= innerHeight; }", arg=cue.element_handle())
    tab.wait_audio(f"a.currentTime >= {int(start)} && !a.paused")
    # From the cue's own start (0:40.66), not the anchor's whole second: the cue is the one highlighted.
    assert start > int(start) + 0.3 and tab.audio("currentTime") >= start - 0.05, start
    page.wait_for_selector(f".podsite-cue.podsite-current [id='{anchor}']")
    assert page.is_hidden(".podsite-search__panel")


def test_results_narrow_to_a_season_person_or_tag(tab: Tab):
    page = tab.open("")
    search(tab, "Jen")
    everything = {a.get_attribute("href") for a in page.locator(".podsite-search__hit").all()}
    assert "/people/jen/" in everything
    page.click(".podsite-search__filters summary")
    person = page.locator(".podsite-search__fields select[name=person]")
    person.wait_for()
    assert {o.get_attribute("value") for o in person.locator("option").all()} == {"", "Jen", "Amy L."}
    assert page.locator(".podsite-search__fields select[name=season] option[value='Season 1']").count() == 1
    page.select_option(".podsite-search__fields select[name=tag]", "trauma")
    page.wait_for_function("() => !document.querySelector(\".podsite-search__hit[href='/people/jen/']\")")
    narrowed = {a.get_attribute("href") for a in page.locator(".podsite-search__hit").all()}
    # Only the episode and its transcript carry the tag: people pages and the home page drop out.
    assert narrowed and all(href.startswith("/episodes/001-small-wins/") for href in narrowed), narrowed


def test_escape_closes_the_results_and_the_search_is_accessible(tab: Tab):
    page = tab.open("")
    search(tab, WORD)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
    page.keyboard.press("Escape")
    assert page.is_hidden(".podsite-search__panel")
    assert page.evaluate("document.activeElement.id") == "podsite-search-input"


def test_screenshots_of_search_results(tab: Tab):
    SCREENSHOTS.mkdir(exist_ok=True)
    for name, viewport in (("phone", {"width": 390, "height": 844}), ("desktop", {"width": 1366, "height": 900})):
        tab.page.set_viewport_size(viewport)
        tab.open("")
        search(tab, "small")
        panel = tab.page.locator(".podsite-search__panel").bounding_box()
        assert panel is not None and panel["x"] >= 0 and panel["x"] + panel["width"] <= viewport["width"], panel
        path = SCREENSHOTS / f"search-{name}.png"
        tab.page.screenshot(path=str(path))
        assert path.stat().st_size > 10_000
