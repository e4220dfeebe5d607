"""Issue 6: property-based tests (hypothesis). No input makes the YAML reader, the loader, the duration parser or
the feed crash with anything but our own clear error: YamlProblem or PodsiteError, each problem a
`file:line: field: message` line. When an input loads, the feed written from it parses strictly and says what
the YAML said."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from helpers import FIXTURES, copy_show
from podsite.errors import PodsiteError
from podsite.feed.chapters import chapters_json
from podsite.feed.writer import render_feed
from podsite.layout import Paths
from podsite.load.catalog import load_catalog
from podsite.load.episode import EPISODE_FIELDS
from podsite.load.transcripts import TranscriptError, parse_transcript
from podsite.load.yamlio import YamlProblem, parse_yaml
from podsite.timefmt import MAX_DURATION, format_duration, parse_duration
from podsite.urls import SiteUrls

NOW = datetime(2030, 1, 1, tzinfo=UTC)
PROBLEM_LINE = re.compile(r"^(episodes|docs)/[^:]+(:\d+)?: (\S[^\n]*: )?\S[^\n]*$")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])

# Pieces hosts (and fuzzers) put in YAML: indentation, flow syntax, anchors, tags, quotes, YAML 1.1 scalars.
YAML_PIECES = st.sampled_from([
    "\n", "  ", "\t", "- ", ": ", "title", "audio", "date", "chapters", "start", "[", "]", "{", "}", ",", "&a ",
    "*a", "<<: ", "!!python/object:os.system ", "!ENV ", "!!str ", "!!binary ", "!!timestamp ", "'", '"', "#",
    "---\n", "...\n", "? ", "|\n", ">-\n", "1:02:03", "42:10", "2024-02-30", "2024-01-10T08:00:00", "+25:00", "yes",
    "no", "~", "null", ".inf", ".nan", "-5", "0", "0x1F", "0o17", "1_000", "1e999", "%YAML 1.1\n", "\\u0000",
    "\\x07", "\ufeff", "\u2028", "\x85", "é", "<script>", "]]>", "javascript:alert(1)", "../../etc/passwd",
    "media/tone-6s.mp3", "https://example.com/a.mp3",
])
yaml_ish = st.lists(st.one_of(YAML_PIECES, st.text(max_size=8)), max_size=40).map("".join)


def scalars() -> st.SearchStrategy:
    return st.one_of(
        st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), st.dates(),
        st.datetimes(timezones=st.none() | st.timezones()),
        st.sampled_from(["1:02:03", "42:10", "01:02:03", "media/tone-6s.mp3", "media/cover.png", "../x.mp3",
                         "/etc/passwd", "https://cdn.example.com/a.mp3", "javascript:alert(1)", "hana", "gus",
                         "audio/mpeg", "full", "bonus", "en", "<b>bold</b>", "]]>", "a & b"]),
    )


values = st.recursive(scalars(), lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["start", "title", "url", "file", "bytes", "type", "duration", "id", "role", "language"])
    | st.text(max_size=6), inner, max_size=4), max_leaves=12)


# -- the YAML reader --------------------------------------------------------------------------------------------

@SETTINGS
@given(st.one_of(st.text(), yaml_ish))
@example("\u2028\u2028\t")  # line separators are not lines in an editor: the tab is on line 1
def test_yaml_reader_parses_or_names_a_line(text):
    try:
        parse_yaml(text)
    except YamlProblem as problem:
        assert problem.message and "\n" not in problem.message
        assert problem.line is None or 1 <= problem.line <= text.count("\n") + text.count("\r") + 2


# -- durations --------------------------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.one_of(scalars(), st.from_regex(r"\A-?\d{0,3}(:\d{0,3}){0,3}(\.\d*)?\Z")))
def test_durations_are_seconds_in_range_or_none(value):
    seconds = parse_duration(value)
    assert seconds is None or 0 <= seconds <= MAX_DURATION


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=MAX_DURATION))
def test_formatted_durations_read_back(seconds):
    assert parse_duration(format_duration(seconds)) == seconds


# -- the loader and the feed ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_show("minimal", tmp_path_factory.mktemp("props"))


GOOD_EPISODE = yaml.safe_load((FIXTURES / "minimal/episodes/001-first.yml").read_text(encoding="utf-8"))


def load_or_explain(repo: Path):
    """The catalog, or None after checking that every problem is one well-formed line."""
    try:
        return load_catalog(Paths.at(repo), now=NOW)
    except PodsiteError as err:
        assert err.problems
        for problem in err.problems:
            assert PROBLEM_LINE.match(str(problem)), str(problem)
        return None


def assert_feed_is_sound(catalog, feed: bytes | None = None) -> None:
    """The feed written from `catalog` (or the given `feed`) parses strictly, has items, and they are the
    catalog's episodes in order; every episode's chapters file lists its chapters."""
    feed = render_feed(catalog, SiteUrls(catalog.show.site_url)) if feed is None else feed
    root = etree.fromstring(feed, etree.XMLParser(resolve_entities=False, recover=False))
    titles = root.xpath("//item/title/text()")
    assert titles, "the feed has no items"  # every catalog here keeps the minimal show's 002-remote
    assert titles == [e.title for e in catalog.episodes[: len(titles)]]
    for episode in catalog.episodes:  # the chapters file each episode publishes
        chapters = json.loads(chapters_json(episode))["chapters"]
        assert [c["title"] for c in chapters] == [c.title for c in episode.chapters]


def test_a_feed_without_items_is_not_sound(tmp_path):
    """A feed that lost every item must fail the check, not pass it by comparing an empty list."""
    catalog = load_catalog(Paths.at(copy_show("minimal", tmp_path)), now=NOW)
    assert_feed_is_sound(catalog)  # the real feed passes
    root = etree.fromstring(render_feed(catalog, SiteUrls(catalog.show.site_url)))
    for item in root.xpath("/rss/channel/item"):
        item.getparent().remove(item)
    empty = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    assert b"<channel>" in empty and b"<title>Minimal Show</title>" in empty and b"<item" not in empty
    with pytest.raises(AssertionError, match="the feed has no items"):
        assert_feed_is_sound(catalog, empty)


@SETTINGS
@given(changes=st.dictionaries(st.sampled_from(EPISODE_FIELDS), values, min_size=1, max_size=4),
       audio=st.dictionaries(st.sampled_from(["file", "url", "bytes", "type", "duration"]), values, max_size=3))
def test_loader_turns_any_episode_into_a_catalog_or_clear_problems(repo, changes, audio):
    data = {**GOOD_EPISODE, **changes}
    if audio and isinstance(data.get("audio"), dict):
        data["audio"] = {**data["audio"], **audio}
    (repo / "episodes/001-first.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    catalog = load_or_explain(repo)
    if catalog is not None:
        assert_feed_is_sound(catalog)


# Text with the characters that break XML and HTML more often than hypothesis would pick them by chance.
tricky_text = st.lists(st.one_of(st.characters(), st.sampled_from(
    ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\ud800", "\udfff", "\ufffe", "\uffff", "\u2028", "\ufeff",
     "<", ">", "&", '"', "'", "]]>", "<script>", "&amp;", "\r", "\n", "\t"])), max_size=60).map("".join)


@SETTINGS
@given(title=tricky_text.filter(str.strip), summary=tricky_text, chapter=tricky_text.filter(str.strip))
def test_any_text_that_loads_is_written_to_the_feed_literally(repo, title, summary, chapter):
    data = {**GOOD_EPISODE, "title": title, "summary": summary}
    data["chapters"] = [{"start": 0, "title": chapter}]
    (repo / "episodes/001-first.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    catalog = load_or_explain(repo)
    if catalog is not None:
        assert_feed_is_sound(catalog)
        first = next(e for e in catalog.episodes if e.stem == "001-first")
        feed = etree.fromstring(render_feed(catalog, SiteUrls(catalog.show.site_url)))
        [item] = [i for i in feed.iter("item") if i.findtext("guid") == first.guid]
        assert item.findtext("title") == first.title


@SETTINGS
@given(position=st.floats(min_value=0, max_value=1), insert=yaml_ish)
def test_loader_survives_any_edit_of_the_raw_file(repo, position, insert):
    good = (FIXTURES / "minimal/episodes/001-first.yml").read_text(encoding="utf-8")
    cut = int(len(good) * position)
    (repo / "episodes/001-first.yml").write_text(good[:cut] + insert + good[cut:], encoding="utf-8")
    catalog = load_or_explain(repo)
    if catalog is not None:
        assert_feed_is_sound(catalog)


@SETTINGS
@given(show=st.dictionaries(st.sampled_from(["title", "description", "site_url", "language", "category",
                                             "explicit", "author", "owner", "image", "type", "timezone",
                                             "subscribe", "copyright"]), values, min_size=1, max_size=3))
def test_loader_turns_any_show_file_into_a_catalog_or_clear_problems(repo, show):
    good = yaml.safe_load((FIXTURES / "minimal/episodes/_show.yml").read_text(encoding="utf-8"))
    path = repo / "episodes/_show.yml"
    path.write_text(yaml.safe_dump({**good, **show}, allow_unicode=True), encoding="utf-8")
    try:
        catalog = load_or_explain(repo)
        if catalog is not None:
            assert_feed_is_sound(catalog)
    finally:
        shutil.copy(FIXTURES / "minimal/episodes/_show.yml", path)


# -- transcripts ------------------------------------------------------------------------------------------------

TIMES = st.sampled_from(["00:00:00.000", "00:00:01.500", "00:01.000", "01:02:03.004", "00:00:02,000", "99:99:99.999",
                         "0:0:0.0", "-00:00:01.000", "00:00:05.000", "soon", ""])
CUE_TEXT = st.sampled_from(["Hello", "<v Amy>Hi</v>", "<b>bold", "&amp; more", "]]>", "<script>x</script>", "",
                            "NOTE this", "-->", "\u2028", "WEBVTT"])


@st.composite
def subtitle_files(draw) -> str:
    """Files that look like WebVTT or SRT, right or wrong in every part."""
    lines = [draw(st.sampled_from(["WEBVTT", "WEBVTT - title", "\ufeffWEBVTT", "", "1", "webvtt"]))]
    for number in range(draw(st.integers(0, 5))):
        lines += draw(st.sampled_from([[""], [], ["", str(number + 1)], ["", "cue-id"]]))
        arrow = draw(st.sampled_from([" --> ", " -> ", "-->", " --> "]))
        lines.append(draw(TIMES) + arrow + draw(TIMES) + draw(st.sampled_from(["", " align:start", " line:0"])))
        lines += draw(st.lists(CUE_TEXT, max_size=2))
    return draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)


json_values = st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=10),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                               st.sampled_from(["version", "segments", "startTime", "endTime", "body", "speaker"]),
                               inner, max_size=4), max_leaves=15)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(subtitle_files(), st.text(), json_values.map(json.dumps)),
       mime=st.sampled_from(["text/vtt", "application/x-subrip", "application/srt", "application/json"]))
def test_transcript_parsers_read_or_explain(text, mime):
    try:
        cues = parse_transcript(text, mime)
    except TranscriptError as err:
        assert err.message and "\n" not in err.message
        assert err.line is None or err.line >= 1
        return
    assert cues and all(c.start >= 0 and (c.end is None or c.end >= c.start) for c in cues)
    assert [c.start for c in cues] == sorted(c.start for c in cues)
