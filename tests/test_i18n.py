"""Issue 17: every show in its own language. The every-feature fixture built for real in French (theme.language),
German (the show's `language`, theme left to its default) and Arabic (right to left), with one episode in
Spanish; and the catalog itself: every message of podsite in every shipped language, English where one lacks a
translation, never a message id."""

from __future__ import annotations

import ast
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from lxml import etree, html

from feedkit import STRICT, append, catalog, edit, feed_bytes, problems
from helpers import build_show, copy_show, run
from podsite.feed.writer import STYLESHEET_FILE, stylesheet
from podsite.i18n import LOCALE_DIR, catalog_path, choose_language, language, match_language, shipped_languages
from podsite.site.messages import PACKAGE, PYTHON_KEYWORDS, template
from podsite.site.player import player_messages

ISSUE_LANGUAGES = {"en", "de", "fr", "es", "pt", "it", "nl", "ar"}
EPISODE = "episodes/001-everything/index.html"
SPANISH = "episodes/003-bonus/index.html"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def build(tmp_path_factory: pytest.TempPathFactory, code: str, *, theme: bool) -> Path:
    """The every-feature fixture in language `code`, through theme.language or the show's own `language`. Its
    bonus episode is in Spanish, on a show in another language."""
    repo = copy_show("everything", tmp_path_factory.mktemp(code))
    if theme:
        edit(repo / "mkdocs.yml", "  font: false\n", f"  font: false\n  language: {code}\n")
    else:
        edit(repo / "episodes/_show.yml", "language: en-GB ", f"language: {code}    ")
    edit(repo / "episodes/003-bonus.yml", "summary: Outtakes and thanks.", "summary: Tomas falsas y gracias.")
    append(repo / "episodes/003-bonus.yml", "language: es\n")
    return build_show(repo)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {"fr": build(tmp_path_factory, "fr", theme=True), "de": build(tmp_path_factory, "de", theme=False),
            "ar": build(tmp_path_factory, "ar", theme=True)}


def page(site: Path, path: str) -> html.HtmlElement:
    return html.parse(str(site / path)).getroot()


def words(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


# -- the built pages -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "meta", "size", "credits"), [
    ("fr", "Saison 1 · Épisode 1 · 16 janvier 2024 · 0:06", "Télécharger en MP3 (24,4 ko)",
     "Invité : Gus Guest · Production : Pat Producer"),
    ("de", "Staffel 1 · Folge 1 · 16. Januar 2024 · 0:06", "MP3 herunterladen (24,4 KB)",
     "Gast: Gus Guest · Produktion: Pat Producer"),
    ("ar", "الموسم 1 · الحلقة 1 · 16 يناير 2024 · 0:06", "تنزيل MP3 (24.4 كيلوبايت)",
     "ضيف: Gus Guest · الإنتاج: Pat Producer"),
])
def test_episode_page_speaks_the_language_with_its_dates_and_numbers(sites, code, meta, size, credits):
    root = page(sites[code], EPISODE)
    article = root.xpath("//article")[0]
    assert words(article.xpath(".//p[@class='podsite-meta']")[0]) == meta
    assert words(article.xpath(".//p[@class='podsite-download']/a[@download]")[0]) == size
    assert credits in words(article)
    assert root.get("lang") == code  # Material's, from theme.language (or, for de, the show's language)
    assert root.xpath("//body/@dir") == (["rtl"] if code == "ar" else ["ltr"])


def test_headings_links_and_labels_are_translated(sites):
    fr = page(sites["fr"], EPISODE).xpath("//article")[0]
    assert fr.xpath(".//h2/text()")[1:4] == ["Chapitres", "Transcription", "S’abonner"]  # after the notes' own
    assert fr.xpath(".//audio/@aria-label") == ["Écouter Everything, all at once"]
    assert fr.xpath(".//ol[@class='podsite-chapters']//a[@class='podsite-seek']/@aria-label")[0] == (
        "Écouter à partir de 0:00 : Hello & welcome")
    assert fr.xpath(".//a[@data-platform='rss']/text()") == ["Flux RSS"]
    de = page(sites["de"], "episodes/001-everything/transcript/index.html")
    assert de.findtext(".//title").startswith("Transkript: Everything, all at once")
    assert words(de.xpath("//article//p[starts-with(., 'Zurück')]")[0]) == "Zurück zur Folge."


def test_plural_forms_follow_each_language(sites):
    """Cody and Pat are in one episode, Hana and Gus in two: Arabic has a form for each (and four more)."""
    expected = {"fr": ["1 épisode", "2 épisodes"], "de": ["1 Folge", "2 Folgen"], "ar": ["حلقة واحدة", "حلقتان"]}
    for code, (one, two) in expected.items():
        lines = [words(li) for li in page(sites[code], "people/index.html").xpath("//article//li")]
        assert any(line.startswith("Cody Co-host") and line.endswith(one) for line in lines), lines
        assert any(line.startswith("Gus Guest") and line.endswith(two) for line in lines), lines
    assert language("ar").ngettext("{count} episode", "{count} episodes", 11) == "11 حلقة"
    assert language("ar").ngettext("{count} episode", "{count} episodes", 3) == "3 حلقات"
    assert language("fr").ngettext("{count} episode", "{count} episodes", 0) == "0 épisode"


def podsite_fragments() -> set[str]:
    """The English words of every podsite message (placeholders and markdown removed), 4 characters or more."""
    found = set()
    for message in template():
        for text in (message.id,) if isinstance(message.id, str) else message.id:
            for part in re.split(r"\{\w+\}|[\[\]()]|<[^>]+>", text):
                if len(part.strip(" .:,")) >= 4:
                    found.add(part.strip(" .:,"))
    return found


def hosts_words(repo: Path) -> str:
    """What the host wrote (titles, notes, names, chapters, cues, their own pages): English of theirs, not podsite's."""
    show = catalog(repo)
    texts = [show.show.title, show.show.description]
    for episode in show.episodes:
        texts += [episode.title, episode.summary, *(c.title for c in episode.chapters)]
        texts += [cue.text for t in episode.transcripts for cue in t.cues]
        texts += [episode.writeup.markdown] if episode.writeup else []
    for person in show.people.values():
        texts += [person.name, person.bio or "", *(link.title for link in person.links)]
    texts += [p.read_text(encoding="utf-8") for p in (repo / "docs").glob("*.md")]
    return "\n".join(texts)


@pytest.mark.parametrize("code", ["fr", "de", "ar"])
def test_no_english_word_of_podsites_is_left_on_any_page(sites, code):
    with catalog_path(code).open("rb") as source:  # words a translator kept as they are: Bonus, Pause, Position
        same = {m.id for m in read_po(source) if m.string == m.id}
    hosts = hosts_words(sites[code].parent)
    english = sorted(f for f in podsite_fragments() if f not in hosts and f not in same and not f.isupper())
    assert "Download the episode" in english and "Playback speed" in english  # the list is not empty
    pages = [p for p in sites[code].rglob("*.html") if "search" not in p.parts and "assets" not in p.parts]
    assert len(pages) >= 10
    left = []
    for path in pages:
        root = html.parse(str(path)).getroot()
        shown = [" ".join(a.text_content().split()) for a in root.xpath("//article")]
        shown += root.xpath("//article//@aria-label | //article//@title | //article//@alt")
        for given in root.xpath("//script[@id='podsite-i18n']/text()"):  # its keys are the English ids
            shown += json.loads(given)["messages"].values()
        # As words: "Transcript" is in the French "Transcription", and "Play" in the German "Player".
        left += [(path.name, fragment) for fragment in english for text in shown
                 if re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text)]
    assert left == [], left


def test_player_gets_its_words_and_locale_from_the_page(sites):
    given = json.loads(page(sites["ar"], "index.html").xpath("//script[@id='podsite-i18n']/text()")[0])
    assert given["locale"] == "ar-u-nu-latn"  # Latin digits, as Babel writes them on the pages
    assert set(given["messages"]) == set(player_messages())  # every one, in Arabic
    assert given["messages"]["Playback speed"] == "سرعة التشغيل"


def test_an_episode_in_another_language_is_marked_with_it(sites):
    for code, site in sites.items():
        root = page(site, SPANISH)
        assert root.xpath("//article//h1/@lang") == ["es"], code
        notes = root.xpath("//article//div[@class='podsite-notes']")[0]
        assert notes.get("lang") == "es" and words(notes) == "Tomas falsas y gracias."
        data = json.loads(root.xpath("//script[@type='application/ld+json']/text()")[0])
        assert data["inLanguage"] == "es"
        listing = page(site, "episodes/index.html").xpath("//article//p[@lang='es']")
        assert [words(p) for p in listing] == ["Tomas falsas y gracias."]
        # The others are in the show's language: marked where the site speaks another (not German: the show's
        # language is German there), with `dir` where it runs the other way (English notes on an Arabic site).
        marked = page(site, EPISODE).xpath("//article//h1 | //article//div[@class='podsite-notes']")
        assert [(e.get("lang"), e.get("dir")) for e in marked] == {
            "fr": [("en-GB", None), ("en-GB", None)], "de": [(None, None)],
            "ar": [("en-GB", "ltr"), ("en-GB", "ltr")]}[code]


def test_the_feed_is_the_same_in_every_language_and_its_page_labels_are_not(sites):
    for code, site in sites.items():
        feed = (site / "feed.xml").read_bytes()
        english = feed_bytes(site.parent)
        if code == "de":  # this build changed the show's language, so <language> differs, and nothing else
            english = english.replace(b"<language>en-GB</language>", b"<language>de</language>")
        assert feed == english, code
        assert (site / STYLESHEET_FILE).read_bytes() == stylesheet(language(code))
    transform = etree.XSLT(etree.fromstring(stylesheet(language("ar"))))
    shown = html.fromstring(str(transform(etree.fromstring((sites["ar"] / "feed.xml").read_bytes(), STRICT)
                                          .getroottree())))
    assert shown.get("dir") == "rtl"
    assert shown.xpath("//section[@id='subscribe']/h2/text()") == ["هذا موجز بودكاست"]
    assert "الموسم 1 · الحلقة 2" in words(shown.xpath("//article")[1])
    assert shown.findtext(".//title") == "Everything & More (موجز بودكاست)"


# -- the catalog -----------------------------------------------------------------------------------------------

def test_podsite_ships_the_languages_the_issue_asks_for():
    assert set(shipped_languages()) >= ISSUE_LANGUAGES
    assert all(language(code).gettext("Play") != "Play" for code in ISSUE_LANGUAGES - {"en"})


@pytest.mark.parametrize("code", [c for c in shipped_languages() if c != "en"])
def test_every_message_is_translated_in_every_shipped_language(code):
    with catalog_path(code).open("rb") as source:
        catalog = read_po(source, locale=code)
    missing, broken = [], []
    for message in template():
        if not message.id:
            continue
        found = catalog.get(message.id)
        forms = () if found is None else (found.string,) if isinstance(found.string, str) else found.string
        if found is None or found.fuzzy or not all(forms) or len(forms) != (catalog.num_plurals
                                                                           if message.pluralizable else 1):
            missing.append(message.id)
            continue
        wanted = set(PLACEHOLDER.findall(str(message.id)))
        for form in forms:
            have = set(PLACEHOLDER.findall(form))
            # A plural form may leave the number out ("حلقة واحدة", one episode), never add a name.
            if not (have <= wanted if message.pluralizable else have == wanted):
                broken.append((message.id, form))
    assert missing == [], f"{catalog_path(code)} lacks translations (run scripts/update_catalog.py, translate)"
    assert broken == [], "placeholders must stay as they are"


def test_the_template_lists_every_message_of_the_code():
    with (LOCALE_DIR / "podsite.pot").open("rb") as source:
        shipped = {m.id for m in read_po(source) if m.id}
    assert shipped == {m.id for m in template() if m.id}, "run scripts/update_catalog.py"


def test_babel_finds_every_message_the_python_code_translates():
    """A `_()` inside an f-string is invisible to Babel's extractor (Python 3.11): it would never be translated."""
    written = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = getattr(node.func, "attr", getattr(node.func, "id", None))
                if name in PYTHON_KEYWORDS and isinstance(node.args[0].value, str):
                    written.add(node.args[0].value)
    extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in template() if m.id}
    assert written - extracted == set()


def test_a_missing_translation_is_shown_in_english_never_as_an_id(tmp_path):
    po = catalog_path("de", tmp_path)
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
                  '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                  'msgid "Play"\nmsgstr "Abspielen"\n\n'
                  'msgid "Pause"\nmsgstr ""\n\n'
                  '#, fuzzy\nmsgid "Chapters"\nmsgstr "Kapitelchen"\n\n'
                  'msgid "{count} episode"\nmsgid_plural "{count} episodes"\nmsgstr[0] ""\nmsgstr[1] ""\n',
                  encoding="utf-8")
    german = language("de", tmp_path)
    assert german.gettext("Play") == "Abspielen"
    assert german.gettext("Pause") == "Pause"  # empty
    assert german.gettext("Chapters") == "Chapters"  # fuzzy: not checked by a translator yet
    assert german.gettext("Download the episode") == "Download the episode"  # absent
    assert german.ngettext("{count} episode", "{count} episodes", 3) == "3 episodes"
    assert german.date(date(2024, 6, 12)) == "12. Juni 2024"  # formats need no catalog
    # Every message in a language podsite does not ship is the English text itself.
    english = language(choose_language("sv", "sv"))
    assert all(english.gettext(m.id) == m.id for m in template() if isinstance(m.id, str))


@pytest.mark.parametrize(("theme", "show", "chosen"), [
    ("fr", "en", "fr"), (None, "de", "de"), (None, "pt-BR", "pt"), ("ja", "nl", "nl"), ("ja", "sv", "en"),
    (None, "en-GB", "en"), ("ar", "en", "ar"),
])
def test_the_language_is_the_themes_then_the_shows_then_english(theme, show, chosen):
    assert choose_language(theme, show) == chosen


def test_an_episode_language_that_is_not_a_language_code_is_one_clear_line(tmp_path):
    repo = copy_show("minimal", tmp_path)
    append(repo / "episodes/001-first.yml", "language: Spanish please\n")
    assert [str(p) for p in problems(repo)] == [
        "episodes/001-first.yml:20: language: 'Spanish please' is not a language code; write one like en, "
        "en-GB or de"]


def test_adding_a_language_is_adding_one_po_file(tmp_path):
    po = catalog_path("sv", tmp_path)
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Season {number}"\nmsgstr "Säsong {number}"\n', encoding="utf-8")
    assert shipped_languages(tmp_path) == ("en", "sv")
    assert match_language("sv-SE", tmp_path) == "sv" and match_language("sv-SE") is None  # podsite lacks it
    swedish = language("sv", tmp_path)
    assert swedish.gettext("Season {number}") == "Säsong {number}"
    assert swedish.date(date(2024, 6, 12)) == "12 juni 2024"


def test_podsite_feed_writes_the_stylesheet_in_the_sites_language(sites, tmp_path):
    for code in ("fr", "de"):  # theme.language, and the show's language
        output = tmp_path / code / "feed.xml"
        result = run([sys.executable, "-m", "podsite.cli", "feed", "-o", str(output)], cwd=sites[code].parent)
        assert result.returncode == 0, result.output
        assert (output.parent / STYLESHEET_FILE).read_bytes() == (sites[code] / STYLESHEET_FILE).read_bytes()
        assert output.read_bytes() == (sites[code] / "feed.xml").read_bytes()


def test_an_episodes_language_moves_out_with_it(tmp_path):
    repo = copy_show("minimal", tmp_path)
    append(repo / "episodes/002-remote.yml", "language: es\n")
    result = run([sys.executable, "-m", "podsite.cli", "export", str(tmp_path / "out")], cwd=repo)
    assert result.returncode == 0, result.output
    heads = {name: yaml.safe_load((tmp_path / "out/episodes" / name).read_text(encoding="utf-8").split("---")[1])
             for name in ("001-first.md", "002-remote.md")}
    assert heads["002-remote.md"]["language"] == "es" and "language" not in heads["001-first.md"]
