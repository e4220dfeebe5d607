"""Issue 17: the sample show made an Arabic show (theme.language: ar), right to left, in real Chromium at phone
size (390x844): the player speaks Arabic and works, the page is mirrored, the playback controls and the seek bar
still run left to right as media players keep them, the English transcript reads left to right, and screenshots
in light and dark mode (site-screenshots/)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser.conftest import AXE, EPISODE, SCREENSHOTS, TRANSCRIPT, Tab, open_tab, serve_sample
from browser.range_server import SiteServer

PHONE = {"width": 390, "height": 844}
PLAYER = ".podsite-player .podsite-controls"


def in_arabic(repo: Path) -> None:
    """The sample show as an Arabic show: site and show in Arabic, the episode's title and notes too. Its
    transcript stays English, and says so (`language: en`), so the page holds text running both ways."""
    replace(repo / "mkdocs.yml", "  font: false", "  language: ar\n  font: false")
    replace(repo / "episodes/_show.yml", "language: en\n", "language: ar\n")
    replace(repo / "episodes/001-small-wins.yml", '"The Power of Small Wins in Trauma Recovery, with Amy L."',
            '"قوة الانتصارات الصغيرة في التعافي من الصدمة، مع إيمي"')
    (repo / "docs/episodes/001-small-wins.md").write_text(
        "يتخيل معظمنا التعافي من الصدمة لحظة تحول واحدة كبيرة. في الحلقة الأولى تتحدث جين مع إيمي، التي تعمل في "
        "إدارة أزمات الصدمات، عن الانتصارات الصغيرة التي يُبنى منها التعافي (استمع من 1:04).\n", encoding="utf-8")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    server = serve_sample(tmp_path_factory.mktemp("arabic"), in_arabic)
    yield server
    server.close()


@pytest.fixture
def phone(browser, arabic: SiteServer) -> Iterator[Tab]:
    with open_tab(browser, arabic.url, viewport=PHONE) as tab:
        yield tab


def box(tab: Tab, selector: str) -> dict[str, float]:
    found = tab.page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


def test_the_player_speaks_arabic_and_plays(phone: Tab):
    page = phone.open(EPISODE)
    assert page.get_attribute("html", "lang") == "ar" and page.get_attribute("body", "dir") == "rtl"
    page.wait_for_selector(PLAYER)
    assert page.get_attribute(f"{PLAYER} [data-act=play]", "aria-label") == "تشغيل"
    assert page.get_attribute(f"{PLAYER} [data-act=rate]", "aria-label") == "سرعة التشغيل"
    assert page.inner_text(f"{PLAYER} [data-act=share]") == "مشاركة"
    # Speeds in the page's locale, with Latin digits as the pages write numbers (the page asks for them).
    assert page.inner_text(f"{PLAYER} [data-act=rate] option[value='1.25']") == "1.25×"
    page.click(f"{PLAYER} [data-act=play]")
    phone.wait_audio("!a.paused && a.currentTime > 1")
    page.wait_for_selector(f"{PLAYER} [data-act=play][aria-label='إيقاف مؤقت']")
    page.click(".podsite-chapters a[href$='#t=0:52']")
    phone.wait_audio("!a.paused && a.currentTime >= 52 && a.currentTime < 56")
    page.wait_for_selector(".podsite-chapters li.podsite-current[data-start='52']")
    valuetext = page.get_attribute(f"{PLAYER} [data-act=seek]", "aria-valuetext")
    assert valuetext.startswith("0:5") and valuetext.endswith(" من 1:54"), valuetext
    page.click(f"{PLAYER} [data-act=fwd]")
    phone.wait_audio("a.currentTime >= 82")


def test_the_page_is_mirrored_and_the_controls_run_left_to_right(phone: Tab):
    page = phone.open(EPISODE)
    page.wait_for_selector(PLAYER)
    # The page reads right to left: the cover art sits at the right, the text starts at the right.
    art, player = box(phone, ".podsite-player .podsite-art"), box(phone, ".podsite-player")
    assert art["x"] + art["width"] > player["x"] + player["width"] - 2 and art["x"] > PHONE["width"] / 2
    chapter, time = box(phone, ".podsite-chapters li"), box(phone, ".podsite-chapters li .podsite-seek")
    assert time["x"] + time["width"] > chapter["x"] + chapter["width"] - 12  # each time at the start: the right
    # Playback runs like tape: back before forward, elapsed before remaining, and the seek bar grows rightwards.
    assert box(phone, f"{PLAYER} [data-act=back]")["x"] < box(phone, f"{PLAYER} [data-act=fwd]")["x"]
    assert box(phone, f"{PLAYER} [data-el=elapsed]")["x"] < box(phone, f"{PLAYER} [data-el=remaining]")["x"]
    assert page.eval_on_selector(f"{PLAYER} [data-act=seek]", "e => getComputedStyle(e).direction") == "ltr"
    assert page.inner_text(f"{PLAYER} [data-el=remaining]") == "-1:54"  # not "1:54-" in right-to-left text
    # Every control stays on the phone's screen, and nothing scrolls sideways.
    for control in page.locator(f"{PLAYER} > *").all():
        where = control.bounding_box()
        assert where is not None and where["x"] >= 0 and where["x"] + where["width"] <= PHONE["width"], where
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_english_transcript_on_an_arabic_site_reads_left_to_right(phone: Tab):
    page = phone.open(TRANSCRIPT)
    cues = page.locator(".podsite-transcript")
    assert cues.get_attribute("lang") == "en" and cues.get_attribute("dir") == "ltr"
    cue, time = box(phone, ".podsite-cue"), box(phone, ".podsite-cue .podsite-seek")
    assert time["x"] < cue["x"] + 12  # its times at the left, where English lines start
    page.click(".podsite-cue[data-start='27']")
    phone.wait_audio("!a.paused && a.currentTime >= 27 && a.currentTime < 31")


@pytest.mark.parametrize("path", [EPISODE, TRANSCRIPT])
def test_accessibility_audit_in_arabic(phone: Tab, path: str):
    page = phone.open(path)
    page.wait_for_selector(PLAYER)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_in_arabic_on_a_phone(phone: Tab, scheme: str):
    page = phone.page
    page.emulate_media(color_scheme=scheme)
    SCREENSHOTS.mkdir(exist_ok=True)
    for name, path in (("episode", EPISODE), ("transcript", TRANSCRIPT), ("people", "people/jen/")):
        phone.open(path)
        page.wait_for_selector(".podsite-player .podsite-controls" if name != "people" else ".podsite-thumb")
        assert page.get_attribute("body", "data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
        if name == "episode":  # the player while it plays, with its current chapter marked
            page.click(".podsite-chapters a[href$='#t=0:27']")
            phone.wait_audio("a.currentTime >= 28")
            page.click(f"{PLAYER} [data-act=play]")
            phone.wait_audio("a.paused")
        shot = SCREENSHOTS / f"{name}-ar-phone-{scheme}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000


def test_search_speaks_arabic(browser, arabic: SiteServer):
    with open_tab(browser, arabic.url, viewport={"width": 1280, "height": 900}) as tab:
        page = tab.open("")
        page.wait_for_selector(".podsite-search:not([hidden])")
        assert page.text_content(".podsite-search__filters summary") == "التصفية حسب الموسم أو الشخص أو الوسم"
        assert page.get_attribute(".podsite-search__results", "aria-label") == "نتائج البحث"
        page.fill(".podsite-search__input", "errand")
        page.wait_for_selector(".podsite-search__at")
        assert page.text_content(".podsite-search__at").startswith("عند ")
