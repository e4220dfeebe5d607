"""The player as a listener uses it, in real Chromium against the built sample show with its real MP3 (114 s,
narrated chapters at 0, 27, 52, 72 and 95 s)."""

from __future__ import annotations

import re
from pathlib import Path

from browser.conftest import EPISODE, TRANSCRIPT, Tab

PLAYER = ".podsite-player .podsite-controls"
PLAYER_JS = Path(__file__).parents[2] / "src" / "podsite" / "site" / "assets" / "player.js"


def start_playing(tab: Tab) -> None:
    tab.page.click(f"{PLAYER} [data-act=play]")
    tab.wait_audio("!a.paused && a.currentTime > 0.5")


def test_play_advances_time_and_pause_stops_it(tab: Tab):
    page = tab.open(EPISODE)
    assert page.get_attribute(f"{PLAYER} [data-act=play]", "aria-label") == "Play"
    start_playing(tab)
    tab.wait_audio("a.currentTime > 2")
    assert page.get_attribute(f"{PLAYER} [data-act=play]", "aria-label") == "Pause"
    page.click(f"{PLAYER} [data-act=play]")
    tab.wait_audio("a.paused")
    paused_at = tab.audio("currentTime")
    # The label follows the audio's `pause` event, which the browser may dispatch a moment after `paused` is set.
    page.wait_for_selector(f"{PLAYER} [data-act=play][aria-label=Play]", timeout=5000)
    assert page.text_content(f"{PLAYER} [data-el=elapsed]") == f"0:{int(paused_at):02d}"
    assert page.get_attribute(f"{PLAYER} [data-act=seek]", "aria-valuetext") == f"0:{int(paused_at):02d} of 1:54"
    page.wait_for_timeout(600)  # lets a wrongly running clock move on; the assertion is about position only
    assert tab.audio("currentTime") == paused_at
    # The native <audio> is replaced by the controls, and it never fetched anything (preload="none").
    assert page.is_hidden(".podsite-player > audio")
    assert page.get_attribute(".podsite-player > audio", "preload") == "none"


def test_skip_buttons_and_speed(tab: Tab):
    page = tab.open(EPISODE)
    start_playing(tab)
    page.click(f"{PLAYER} [data-act=fwd]")
    tab.wait_audio("a.currentTime >= 30 && a.currentTime < 35")
    page.click(f"{PLAYER} [data-act=back]")
    tab.wait_audio("a.currentTime >= 15 && a.currentTime < 21")
    page.select_option(f"{PLAYER} [data-act=rate]", "2")
    tab.wait_audio("a.playbackRate === 2")
    assert page.get_attribute(f"{PLAYER} [data-act=seek]", "max") == "114"
    remaining = page.text_content(f"{PLAYER} [data-el=remaining]")
    assert remaining.startswith("-1:") or remaining.startswith("-0:"), remaining


def test_chapter_click_seeks_and_current_chapter_is_highlighted(tab: Tab):
    page = tab.open(EPISODE)
    page.click(".podsite-chapters a[href$='#t=0:52']")
    tab.wait_audio("!a.paused && a.currentTime >= 52 && a.currentTime < 56")
    page.wait_for_selector(".podsite-chapters li.podsite-current[data-start='52']")
    assert page.get_attribute(".podsite-chapters li[data-start='52']", "aria-current") == "true"
    assert page.locator(".podsite-chapters li.podsite-current").count() == 1
    assert page.url.endswith(EPISODE)  # seeking is not a page change


def test_show_notes_timestamp_is_a_link_that_seeks(tab: Tab):
    page = tab.open(EPISODE)
    # "listen from 1:04" in the write-up, not in the chapter list.
    link = page.locator(".md-content p a.podsite-seek", has_text="1:04")
    assert link.count() == 1
    link.click()
    tab.wait_audio("!a.paused && a.currentTime >= 64 && a.currentTime < 68")


def test_hash_deep_link_starts_at_that_moment(tab: Tab):
    tab.open(EPISODE + "#t=1:30")
    tab.wait_audio("!a.paused && a.currentTime >= 90 && a.currentTime < 95")


def test_query_deep_link_starts_at_that_moment(tab: Tab):
    tab.open(EPISODE + "?t=40")
    tab.wait_audio("!a.paused && a.currentTime >= 40 && a.currentTime < 45")


def test_resume_after_reload(tab: Tab):
    page = tab.open(EPISODE)
    start_playing(tab)
    page.click(f"{PLAYER} [data-act=fwd]")
    tab.wait_audio("a.currentTime >= 31")
    page.click(f"{PLAYER} [data-act=play]")
    tab.wait_audio("a.paused")
    left_at = tab.audio("currentTime")
    page.reload()
    page.wait_for_selector(PLAYER)
    assert page.text_content(f"{PLAYER} [data-el=elapsed]") == f"0:{int(left_at):02d}"
    page.click(f"{PLAYER} [data-act=play]")
    tab.wait_audio(f"!a.paused && a.currentTime >= {int(left_at)}")
    assert tab.audio("currentTime") < left_at + 5


def test_mini_player_keeps_playing_across_instant_navigation(tab: Tab):
    page = tab.open(EPISODE)
    assert page.is_hidden(".podsite-mini")
    start_playing(tab)
    page.evaluate("window.stillTheSameDocument = true")
    page.click("a.md-tabs__link:has-text('About')")
    page.wait_for_url("**/about/")
    page.wait_for_selector("h1:has-text('About the show')")
    assert page.evaluate("window.stillTheSameDocument") is True  # instant navigation, not a page load
    assert page.is_visible(".podsite-mini")
    assert "Small Wins" in page.text_content(".podsite-mini-title")
    before = tab.audio("currentTime")
    tab.wait_audio(f"!a.paused && a.currentTime > {before + 1}")
    # Pause from the mini-player, then follow its link back to the episode: the page player takes over.
    page.click(".podsite-mini [data-act=play]")
    tab.wait_audio("a.paused")
    page.click(".podsite-mini-title")
    page.wait_for_url(f"**/{EPISODE}")
    page.wait_for_selector(PLAYER)
    assert page.evaluate("window.stillTheSameDocument") is True
    assert page.is_hidden(".podsite-mini")
    page.click(f"{PLAYER} [data-act=play]")
    tab.wait_audio(f"!a.paused && a.currentTime > {before + 1}")


def test_transcript_cue_click_seeks_and_spoken_cue_is_highlighted(tab: Tab):
    page = tab.open(EPISODE)
    page.click("a:has-text('Read the transcript')")
    page.wait_for_url(f"**/{TRANSCRIPT}")
    cue = page.locator(".podsite-cue", has_text="one errand or one meal")
    cue.click(position={"x": 300, "y": 5})  # the text, not its timestamp link
    tab.wait_audio("!a.paused && a.currentTime >= 40.6 && a.currentTime < 46")
    page.wait_for_selector(".podsite-cue.podsite-current:has-text('one errand')")
    # As playback moves on, the highlight follows the words being spoken.
    page.click(".podsite-cue a[href$='#t=1:41']")
    page.wait_for_selector(".podsite-cue.podsite-current:has-text('pick one small thing')")
    assert page.locator(".podsite-cue.podsite-current").count() == 1


def test_share_copies_a_link_to_the_current_moment(tab: Tab):
    page = tab.open(EPISODE + "#t=0:27")
    tab.wait_audio("a.currentTime >= 27")
    page.click(f"{PLAYER} [data-act=play]")
    tab.wait_audio("a.paused")
    page.click(f"{PLAYER} [data-act=share]")
    page.wait_for_function("document.querySelector('.podsite-mini [aria-live]').textContent.includes('copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert re.fullmatch(re.escape(tab.base + EPISODE) + r"#t=0:2[7-9]", copied), copied
    # The copied link works: opened fresh, it starts at that moment.
    page.goto("about:blank")
    page.goto(copied)
    tab.wait_audio(f"!a.paused && a.currentTime >= {int(copied[-2:])}")


def test_copy_feed_url_button(tab: Tab):
    page = tab.open("")
    button = page.locator(".podsite-copy")
    assert button.is_visible()
    button.click()
    page.wait_for_function("document.querySelector('.podsite-mini [aria-live]').textContent.includes('Feed')")
    assert page.evaluate("navigator.clipboard.readText()") == tab.base + "feed.xml"


def test_keyboard_only_operation(tab: Tab):
    page = tab.open(EPISODE)
    play = page.locator(f"{PLAYER} [data-act=play]")
    for _ in range(80):  # Tab through the page like a keyboard user until the play button has focus
        page.keyboard.press("Tab")
        if play.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("the play button cannot be reached with Tab")
    page.keyboard.press("Enter")
    tab.wait_audio("!a.paused")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.act") == "fwd"
    page.keyboard.press("Space")
    tab.wait_audio("a.currentTime >= 30")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.act") == "seek"
    before = tab.audio("currentTime")
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    tab.wait_audio(f"a.currentTime >= {before + 9}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.act") == "rate"
    page.keyboard.press("ArrowDown")
    tab.wait_audio("a.playbackRate === 1.25")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.dataset.act") == "play"
    page.keyboard.press("Space")
    tab.wait_audio("a.paused")
    # Chapters are links: Tab reaches them and Enter seeks.
    chapter = page.locator(".podsite-chapters a[href$='#t=1:12']")
    chapter.focus()
    page.keyboard.press("Enter")
    tab.wait_audio("!a.paused && a.currentTime >= 72 && a.currentTime < 76")


def test_player_script_is_small_and_has_no_framework():
    script = PLAYER_JS.read_text(encoding="utf-8")
    assert len(script.encode()) < 11 * 1024  # 10 KB until it spoke every language (issue 17)
    assert "import " not in script and "require(" not in script and "http" not in script
