"""Issue 3: any text a host can type goes through the whole path (YAML, loader, feed, a strict parser and real
clients) and either comes out exactly as written or stops at a clear error naming the file and field."""

from __future__ import annotations

import io
import shutil
import unicodedata
from pathlib import Path

import feedparser
import podcastparser
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from feedkit import NS, STRICT, catalog, feed_bytes, show
from podsite.errors import PodsiteError

GUID = "7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0009"
# Printable text of any script (control characters have their own tests below), and occasionally anything at all
# (but lone surrogates, which no file can hold), which must then be a clear error.
PRINTABLE = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=60)
ANY_TEXT = st.one_of(PRINTABLE, PRINTABLE, PRINTABLE, st.text(st.characters(exclude_categories=("Cs",)),
                                                              min_size=1, max_size=60))
URL_PART = st.text(st.characters(exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), max_size=20)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return show("minimal", tmp_path_factory.mktemp("escaping"))


def _write(repo: Path, *, title: str, summary: str, name: str, link: str, notes: str) -> None:
    episode = {"title": title, "guid": GUID, "date": "2024-05-01T08:00:00Z", "number": 9, "summary": summary,
               "audio": {"url": link, "bytes": 1000, "type": "audio/mpeg", "duration": 60},
               "people": ["writer"], "chapters": [{"start": 0, "title": title, "url": link}]}
    (repo / "episodes/009-any.yml").write_text(yaml.safe_dump(episode, allow_unicode=True), encoding="utf-8")
    people = yaml.safe_load((base_people := repo / "episodes/_people.yml").read_text(encoding="utf-8"))
    people["writer"] = {"name": name, "role": "guest", "links": [{"title": "Home", "url": link}]}
    base_people.write_text(yaml.safe_dump(people, allow_unicode=True), encoding="utf-8")
    (repo / "docs/episodes/009-any.md").write_text(notes, encoding="utf-8")


def as_loaded(text: str) -> str:
    """What the loader keeps of a YAML string: NFC (one code point per character, as apps compare text), stripped.
    NFC also maps CJK compatibility ideographs (U+F900...) to their unified forms."""
    return unicodedata.normalize("NFC", text).strip()


def _round_trip(repo: Path, *, title: str, summary: str, name: str, link: str, record=lambda _: None) -> None:
    """Either a clear error, or a feed that parses strictly and gives every value back. `record` counts which
    (hypothesis' event, so its statistics show both paths are taken)."""
    try:
        cat = catalog(repo)
    except PodsiteError as err:
        record("a clear error")
        assert err.problems
        for problem in err.problems:
            assert str(problem.file).startswith(("episodes/", "docs/episodes/")) and problem.message, problem
        return
    record("a round trip")
    episode = next(e for e in cat.episodes if e.guid == GUID)
    data = feed_bytes(repo)
    root = etree.fromstring(data, STRICT)
    item = root.xpath("//item[guid=$g]", g=GUID)[0]
    link = as_loaded(link)
    assert item.findtext("title") == episode.title == as_loaded(title)
    assert item.findtext("description") == (episode.summary or episode.title)
    # the guest, after the show's host restated (item people replace the channel's)
    assert item.xpath("podcast:person/text()", namespaces=NS) == ["Hana Host", as_loaded(name)]
    assert item.xpath("podcast:person[@role='guest']/@href", namespaces=NS) == [link]
    assert item.find("enclosure").get("url") == link
    assert item.xpath("psc:chapters/psc:chapter/@href", namespaces=NS) == [link]
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.bozo_exception
    entry = next(e for e in parsed.entries if e.id == GUID)
    assert entry.enclosures[0].href == link
    gpodder = podcastparser.parse("https://minimal.example.com/feed.xml", io.BytesIO(data))
    assert next(e for e in gpodder["episodes"] if e["guid"] == GUID)["enclosures"][0]["url"] == link


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=ANY_TEXT, summary=PRINTABLE, name=PRINTABLE, query=URL_PART, notes=st.text(
    st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t<>&]"), max_size=200))
def test_any_text_round_trips_or_is_a_clear_error(base, tmp_path_factory, title, summary, name, query, notes):
    repo = tmp_path_factory.mktemp("case") / "show"
    shutil.copytree(base, repo)
    link = f"https://cdn.example.com/a.mp3?x=1&q={query}&amp;=<>"
    _write(repo, title=title, summary=summary, name=name, link=link, notes=notes)
    _round_trip(repo, title=title, summary=summary, name=name, link=link, record=event)


CASES = {
    "ampersand": "Salt & pepper & more",
    "angle brackets": "<b>not bold</b> & <script>alert(1)</script>",
    "cdata end": "a ]]> b ]]]]>><![CDATA[ c",
    "emoji": "Podcasts 🎧🎙️ with ZWJ 👩‍👩‍👧",
    "right to left": "שלום עולם and مرحبا بالعالم mixed with English",
    "entity lookalike": "&amp; &lt; &#x26; &nbsp;",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_escaping_cases_come_out_exactly_as_written(base, tmp_path, text):
    repo = tmp_path / "show"
    shutil.copytree(base, repo)
    link = "https://cdn.example.com/a.mp3?a=1&b=2"
    _write(repo, title=text, summary=text, name=text, link=link, notes=f"{text}\n\n`{text}`\n")
    catalog(repo)  # must load: these are all fine
    _round_trip(repo, title=text, summary=text, name=text, link=link)
    notes = etree.fromstring(feed_bytes(repo), STRICT).xpath(
        "string(//item[guid=$g]/content:encoded)", g=GUID, namespaces=NS)
    assert "<script" not in notes
    assert "]]>" not in text or "]]&gt;" in notes or "]]>" in notes


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_are_a_clear_error(base, tmp_path, char):
    repo = tmp_path / "show"
    shutil.copytree(base, repo)
    _write(repo, title=f"bad{char}title", summary="ok", name="ok", link="https://cdn.example.com/a.mp3", notes="")
    with pytest.raises(PodsiteError) as caught:
        catalog(repo)
    found = caught.value.problems
    assert [(p.file, p.field) for p in found] == [("episodes/009-any.yml", "title"),
                                                  ("episodes/009-any.yml", "chapters[1].title")]
    assert all("control character" in p.message and p.line for p in found)


def test_control_character_in_the_write_up_is_a_clear_error_with_its_line(base, tmp_path):
    repo = tmp_path / "show"
    shutil.copytree(base, repo)
    _write(repo, title="ok", summary="ok", name="ok", link="https://cdn.example.com/a.mp3",
           notes="Fine.\n\nAn escape \x1b here.\n")
    with pytest.raises(PodsiteError) as caught:
        catalog(repo)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("docs/episodes/009-any.md", 3)
    assert "U+001B" in problem.message
