"""Listening as a listener does (issue 13): a player that stays on screen, the phone's lock screen, transcripts
that follow, play buttons in listings, media fragments and keyboard shortcuts, on a phone and on a desktop, in
real Chromium against the built sample show (114 s MP3, chapters at 0, 27, 52, 72 and 95 s)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from browser.conftest import AXE, EPISODE, SCREENSHOTS, TRANSCRIPT, Tab, open_tab
from browser.range_server import SiteServer
from helpers import build_show, copy_show

PLAYER = ".podsite-player .podsite-controls"
BAR = ".podsite-mini"


@pytest.fixture
def phone(browser, site_server) -> Iterator[Tab]:
    with open_tab(browser, site_server.url, viewport={"width": 390, "height": 844}, is_mobile=True,
                  has_touch=True, device_scale_factor=2) as tab:
        yield tab


def bar_visible(tab: Tab) -> bool:
    return tab.page.evaluate(f"!document.querySelector('{BAR}').hidden")


def test_the_bar_appears_once_the_page_player_scrolls_away(phone: Tab):
    page = phone.open(EPISODE)
    page.click(f"{PLAYER} [data-act=play]")
    phone.wait_audio("!a.paused && a.currentTime > 0.5")
    assert not bar_visible(phone), "the page's own player is in view: no second one"
    page.mouse.wheel(0, 1500)
    page.wait_for_function(f"!document.querySelector('{BAR}').hidden")
    assert "Small Wins" in page.text_content(".podsite-mini-title")
    assert page.text_content(".podsite-mini-chapter") == "Welcome and introductions"
    assert page.get_attribute(".podsite-mini-art", "src").endswith(".webp")  # the small copy of the art
    # The bar's chapter marks sit where the chapters start (27/114 of the way along, and so on).
    page.wait_for_function(f"document.querySelectorAll('{BAR} .podsite-marks i').length === 4")
    first = page.get_attribute(f"{BAR} .podsite-marks i >> nth=0", "style")
    assert re.search(r"inset-inline-start:\s*23\.68%", first), first
    page.click(f"{BAR} [data-act=play]")
    phone.wait_audio("a.paused")
    page.screenshot(path=str(SCREENSHOTS / "episode-phone-bar.png"))
    page.mouse.wheel(0, -5000)
    page.wait_for_function(f"document.querySelector('{BAR}').hidden")
    assert page.locator("audio").count() == 1


def test_the_bar_never_covers_the_footer(phone: Tab):
    page = phone.open(EPISODE)
    page.click(f"{PLAYER} [data-act=play]")
    phone.wait_audio("!a.paused")
    page.goto(phone.base + "about/")
    page.wait_for_selector(f"{BAR}:not([hidden])")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(300)
    footer = page.locator(".md-footer").bounding_box()
    bar = page.locator(BAR).bounding_box()
    assert footer and bar and footer["y"] + footer["height"] <= bar["y"] + 1, (footer, bar)
    # Compact on a phone: two rows, every control inside the screen.
    assert bar["height"] < 120, bar
    edges = page.evaluate(f"Array.from(document.querySelectorAll('{BAR} :is(button, select, input)'))"
                          ".filter(e => e.offsetParent).map(e => e.getBoundingClientRect().right)")
    assert edges and max(edges) <= 390, edges


def test_continue_listening_after_a_reload_on_any_page(tab: Tab):
    page = tab.open(EPISODE + "#t=0:40")
    tab.wait_audio("!a.paused && a.currentTime >= 41")
    page.click(f"{PLAYER} [data-act=play]")
    tab.wait_audio("a.paused")
    left_at = tab.audio("currentTime")
    page.goto(tab.base + "people/")  # a full page load, not instant navigation
    page.wait_for_selector(f"{BAR}:not([hidden])")
    assert tab.audio("paused") is True
    assert abs(tab.audio("currentTime") - left_at) < 1.5
    page.click(f"{BAR} [data-act=play]")
    tab.wait_audio(f"!a.paused && a.currentTime > {left_at}")
    assert tab.audio("currentTime") < left_at + 5
    # Closing the bar is remembered too.
    page.click(f"{BAR} [data-act=close]")
    page.reload()
    page.wait_for_selector(".md-content")
    assert not bar_visible(tab)


def test_lock_screen_shows_the_episode_and_its_chapter(tab: Tab):
    page = tab.open(EPISODE + "#t=0:53")
    tab.wait_audio("!a.paused && a.currentTime > 53")
    session = page.evaluate("(() => { const m = navigator.mediaSession.metadata; return {title: m.title, "
                            "artist: m.artist, album: m.album, art: m.artwork.map(a => a.src), "
                            "state: navigator.mediaSession.playbackState}; })()")
    assert session["title"] == "The Power of Small Wins in Trauma Recovery, with Amy L."
    assert session["album"] == "Between Candles"
    assert session["artist"] == "The myth of the big bang"  # the chapter being heard
    assert session["art"] and session["art"][0].startswith(tab.base)
    assert session["state"] == "playing"
    page.click(f"{PLAYER} [data-act=fwd]")  # 1:23: the next chapter, and the lock screen follows
    page.wait_for_function("navigator.mediaSession.metadata.artist === 'Burnout on both sides of the room'")


@pytest.mark.parametrize(("fragment", "start"), [("#t=90", 90), ("#t=1:30", 90), ("#t=1m30s", 90)])
def test_media_fragments_start_there(tab: Tab, fragment: str, start: int):
    tab.open(EPISODE + fragment)
    tab.wait_audio(f"!a.paused && a.currentTime >= {start} && a.currentTime < {start + 4}")


def test_a_clip_fragment_plays_the_clip_and_stops(tab: Tab):
    tab.open(EPISODE + "#t=5,8")
    tab.wait_audio("!a.paused && a.currentTime >= 5")
    tab.wait_audio("a.paused", timeout=10_000)
    assert 8 <= tab.audio("currentTime") < 9


def test_sharing_a_clip_gives_a_link_that_plays_it(tab: Tab):
    page = tab.open(EPISODE)
    page.click(f"{PLAYER} [data-act=share]")
    page.fill(".podsite-share-panel [data-el=from]", "0:27")
    page.fill(".podsite-share-panel [data-el=to]", "0:30")
    page.click(".podsite-share-panel [data-act=share-clip]")
    page.wait_for_function("document.querySelector('.podsite-mini [aria-live]').textContent.includes('clip')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == tab.base + EPISODE + "#t=0:27,0:30"
    page.goto("about:blank")
    page.goto(copied)
    tab.wait_audio("a.paused && a.currentTime >= 30", timeout=15_000)


def test_keyboard_shortcuts_and_the_list_of_them(tab: Tab):
    page = tab.open(EPISODE)
    for key, then in (("k", "!a.paused && a.currentTime > 0.3"), ("l", "a.currentTime >= 30"),
                      ("j", "a.currentTime < 25"), ("Shift+Period", "a.playbackRate === 1.25"),
                      ("Shift+Comma", "a.playbackRate === 1"), ("m", "a.muted"), ("Space", "a.paused")):
        page.keyboard.press(key)
        tab.wait_audio(then)
    page.keyboard.press("Shift+Slash")  # "?"
    page.wait_for_selector("dialog.podsite-keys[open]")
    assert "Play or pause" in page.text_content("dialog.podsite-keys")
    page.keyboard.press("Escape")
    page.wait_for_selector("dialog.podsite-keys:not([open])", state="attached")
    # Typing in the search box types; it never plays.
    page.click(".podsite-search__input")
    page.keyboard.type("kl m")
    page.wait_for_timeout(300)
    assert tab.audio("paused") is True
    assert page.input_value(".podsite-search__input") == "kl m"


def test_play_from_a_listing_without_leaving_the_page(tab: Tab):
    page = tab.open("episodes/")
    url = page.url
    button = page.locator(".podsite-listen").first
    assert button.is_visible()
    button.click()
    tab.wait_audio("!a.paused && a.currentTime > 0.5")
    assert page.url == url
    assert bar_visible(tab)
    assert button.get_attribute("aria-pressed") == "true"
    button.click()
    tab.wait_audio("a.paused")
    page.wait_for_selector(".podsite-listen[aria-pressed=false]")
    home = tab.open("")
    assert home.locator(".podsite-listen.md-button--primary").count() == 1  # the latest episode's


def test_the_transcript_follows_the_voice_until_the_listener_scrolls(phone: Tab):
    page = phone.open(TRANSCRIPT)
    page.click(".podsite-cue >> nth=1")
    phone.wait_audio("!a.paused")
    page.evaluate("document.querySelector('.podsite-mini audio').currentTime = 96")

    def current_cue_in_view() -> bool:
        return page.evaluate("(() => { const c = document.querySelector('.podsite-cue.podsite-current'); if (!c) "
                             "return false; const r = c.getBoundingClientRect(); return r.top >= 0 && "
                             "r.bottom <= innerHeight; })()")

    page.wait_for_function("document.querySelector('.podsite-cue.podsite-current')?.dataset.start >= 95")
    page.wait_for_timeout(800)  # the smooth scroll
    assert current_cue_in_view()
    assert page.is_hidden(".podsite-follow")
    page.mouse.wheel(0, -3000)  # the listener reads back: the page stops following
    page.wait_for_selector(".podsite-follow", state="visible")
    assert not current_cue_in_view()
    page.click(".podsite-follow")
    page.wait_for_timeout(800)
    assert current_cue_in_view()


def test_the_transcript_page_has_a_find_box(tab: Tab):
    page = tab.open(TRANSCRIPT)
    page.fill(".podsite-find input", "small")
    found = page.text_content(".podsite-find [data-el=found]")
    count = page.locator(".podsite-cue.podsite-found").count()
    assert count >= 2 and found == f"Lines found: {count}"
    page.press(".podsite-find input", "Enter")
    assert page.text_content(".podsite-find [data-el=found]") == f"1 of {count}"


@pytest.fixture(scope="module")
def production_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The sample show built for its production address, served from another one (a preview deploy)."""
    repo = copy_show("sample", tmp_path_factory.mktemp("preview"))
    build_show(repo)
    server = SiteServer(repo / "site")
    yield server
    server.close()


def test_a_preview_host_never_asks_the_production_host_for_anything(browser, production_build: SiteServer):
    # open_tab fails the test on any request that leaves the preview host, or any console error.
    with open_tab(browser, production_build.url, viewport={"width": 1280, "height": 900}) as tab:
        for path in ("", EPISODE, "about/"):
            tab.open(path)
            tab.page.wait_for_load_state("networkidle")
    html = (production_build.root / "about" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/rss+xml" title="Between Candles" href="../feed.xml">' in html


def test_home_page_screenshots(phone: Tab, tab: Tab):
    for name, which in (("phone", phone), ("desktop", tab)):
        page = which.open("")
        page.wait_for_selector(".podsite-hero")
        if name == "desktop":  # a podcast's front page, not documentation: no navigation sidebar, no contents
            assert page.locator(".md-sidebar--primary").is_hidden()
            assert page.locator(".md-sidebar--secondary").is_hidden()
        page.screenshot(path=str(SCREENSHOTS / f"home-{name}.png"), full_page=True)
    page = phone.open("episodes/")
    title = page.locator(".md-content h2 a").first.bounding_box()
    art = page.locator(".podsite-thumb").first.bounding_box()
    assert title and art and title["x"] > art["x"] + art["width"], "the title sits beside the art on a phone"
    page.screenshot(path=str(SCREENSHOTS / "episodes-phone.png"), full_page=True)


def test_accessibility_audit_of_the_share_panel_and_the_shortcuts_dialog(tab: Tab):
    page = tab.open(EPISODE)
    page.add_script_tag(path=str(AXE))
    audit = "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => [v.id, " \
            "v.nodes.map(n => n.target)]))"
    page.click(f"{PLAYER} [data-act=share]")
    assert page.evaluate(audit) == []
    page.locator("body").press("Shift+Slash")
    page.wait_for_selector("dialog.podsite-keys[open]")
    assert page.evaluate(audit) == []


def test_lock_screen_buttons_move_the_player(browser, site_server):
    """The handlers the player gives the Media Session, called as the phone's lock screen would call them (the
    page records them as they are set: no browser API presses a lock-screen button)."""
    with open_tab(browser, site_server.url, viewport={"width": 390, "height": 844}) as tab:
        tab.page.add_init_script("window.__media = {}; const set = navigator.mediaSession.setActionHandler"
                                 ".bind(navigator.mediaSession); navigator.mediaSession.setActionHandler = "
                                 "(name, fn) => { window.__media[name] = fn; set(name, fn); };")
        page = tab.open(EPISODE + "#t=0:30")
        tab.wait_audio("!a.paused && a.currentTime >= 30")
        handlers = page.evaluate("Object.keys(window.__media).sort()")
        assert handlers == ["nexttrack", "pause", "play", "previoustrack", "seekbackward", "seekforward", "seekto"]
        page.evaluate("window.__media.pause({action: 'pause'})")
        tab.wait_audio("a.paused")
        page.evaluate("window.__media.nexttrack({action: 'nexttrack'})")  # the next chapter starts at 0:52
        tab.wait_audio("a.currentTime >= 52 && a.currentTime < 53")
        page.evaluate("window.__media.previoustrack({action: 'previoustrack'})")  # at a chapter's start: back one
        tab.wait_audio("a.currentTime >= 27 && a.currentTime < 28")
        page.evaluate("window.__media.seekto({action: 'seekto', seekTime: 100})")
        tab.wait_audio("a.currentTime >= 100 && a.currentTime < 101")
        page.evaluate("window.__media.seekbackward({action: 'seekbackward'})")
        tab.wait_audio("a.currentTime >= 85 && a.currentTime < 86")
        page.evaluate("window.__media.play({action: 'play'})")
        tab.wait_audio("!a.paused")
        page.wait_for_function("navigator.mediaSession.playbackState === 'playing'")


def test_a_chapter_below_the_page_player_plays_in_the_bar(phone: Tab):
    page = phone.open(EPISODE)
    chapter = page.locator(".podsite-chapters a[href$='#t=1:12']")
    chapter.scroll_into_view_if_needed()
    chapter.click()
    phone.wait_audio("!a.paused && a.currentTime >= 72")
    page.wait_for_selector(f"{BAR}:not([hidden])")
    box = page.locator(BAR).bounding_box()
    assert box and box["y"] + box["height"] <= 844 + 1 and box["y"] > 844 / 2  # on screen, at the bottom
    assert page.text_content(".podsite-mini-chapter") == "Burnout on both sides of the room"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("size", "viewport"), [("phone", {"width": 390, "height": 844}),
                                                ("desktop", {"width": 1280, "height": 800})])
def test_review_screenshots(browser, site_server, scheme: str, size: str, viewport: dict[str, int]):
    """For a person to look at (site-screenshots/): the pages a listener sees, with the player going."""
    with open_tab(browser, site_server.url, viewport=viewport, color_scheme=scheme,
                  is_mobile=size == "phone", has_touch=size == "phone") as tab:
        page = tab.open("")
        shot = lambda name: page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}-{scheme}.png"))  # noqa: E731
        shot("home")
        page = tab.open("episodes/")
        shot("episodes")
        page = tab.open("people/amy-l/")
        shot("person")
        page = tab.open(EPISODE + "#t=0:20")
        tab.wait_audio("!a.paused && a.currentTime > 20")
        page.mouse.wheel(0, 700)
        page.wait_for_selector(f"{BAR}:not([hidden])")
        shot("episode-playing")
        page = tab.open(TRANSCRIPT + "#t=1:23")
        tab.wait_audio("!a.paused && a.currentTime > 83.5")
        page.wait_for_selector(".podsite-cue.podsite-current")
        page.wait_for_timeout(700)
        shot("transcript-following")


@pytest.mark.parametrize("path", ["", "episodes/", EPISODE, TRANSCRIPT])
def test_accessibility_audit_in_the_dark_scheme(browser, site_server, path: str):
    with open_tab(browser, site_server.url, viewport={"width": 390, "height": 844}, color_scheme="dark") as tab:
        page = tab.open(path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
                                   "v => [v.id, v.nodes.map(n => n.target)]))")
        assert violations == []


def test_on_a_phone_search_is_an_icon_that_opens_across_the_header(phone: Tab):
    page = phone.open(EPISODE)
    closed = page.locator(".podsite-search").bounding_box()
    assert closed and closed["width"] < 60, closed  # the page's title keeps the header
    page.tap(".podsite-search__icon")
    page.keyboard.type("errand")
    page.wait_for_selector(".podsite-search__hit")
    opened = page.locator(".podsite-search__input").bounding_box()
    assert opened and opened["width"] > 300, opened
