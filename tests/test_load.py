"""The loader (issue 2): YAML 1.1 traps normalized, every required field reported on its own exact line, and
the `file:line: field: message` format. Each test edits a fresh copy of the `minimal` fixture show and loads it
with `load_catalog`, the one code path every build takes."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from podsite.errors import PodsiteError, Problem
from podsite.layout import Paths
from podsite.load.catalog import load_catalog
from podsite.model import Catalog

NOW = datetime(2030, 1, 1, tzinfo=ZoneInfo("UTC"))  # after every fixture date, before the "scheduled" one
EPISODE = "episodes/001-first.yml"
REMOTE = "episodes/002-remote.yml"
SHOW = "episodes/_show.yml"
PEOPLE = "episodes/_people.yml"


def load(repo: Path) -> Catalog:
    return load_catalog(Paths.at(repo), now=NOW)


def problems(repo: Path) -> list[str]:
    with pytest.raises(PodsiteError) as caught:
        load(repo)
    return [str(p) for p in caught.value.problems]


def edit(repo: Path, name: str, old: str, new: str) -> None:
    path = repo / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop(repo: Path, name: str, key: str) -> None:
    """Remove the line `key:` (at any indentation) and the lines indented under it."""
    path = repo / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if re.match(rf"^\s*{re.escape(key)}:", line))
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and len(lines[end]) - len(lines[end].lstrip()) > indent:
        end += 1
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def episode(catalog: Catalog, stem: str):
    return next(e for e in catalog.episodes + catalog.unpublished if e.stem == stem)


@pytest.fixture
def repo(show_copy) -> Path:
    return show_copy("minimal")


# -- YAML 1.1 traps ----------------------------------------------------------------------------------------

def test_unquoted_hours_minutes_seconds_is_base_60_and_already_seconds(repo):
    # 002-remote.yml has `duration: 1:02:03`, which YAML 1.1 reads as the integer 3723.
    assert episode(load(repo), "002-remote").audio.duration == 3723


def test_unquoted_minutes_seconds_is_base_60_too(repo):
    edit(repo, REMOTE, "duration: 1:02:03", "duration: 42:10")
    assert episode(load(repo), "002-remote").audio.duration == 2530


@pytest.mark.parametrize(("written", "seconds"), [
    ('"01:02:03"', 3723),  # a leading zero is not base-60 in YAML 1.1: it stays text
    ("'42:10'", 2530),
    ("01:02:03", 3723),  # unquoted but with a leading zero: text as well
    ("3723", 3723),
    ("3723.4", 3723),  # whole seconds in the model and the feed
    ("1:02:03.6", 3724),  # base-60 float
])
def test_every_way_of_writing_a_duration_gives_the_same_seconds(repo, written, seconds):
    edit(repo, REMOTE, "duration: 1:02:03", f"duration: {written}")
    assert episode(load(repo), "002-remote").audio.duration == seconds


def test_chapter_start_written_as_minutes_seconds(repo):
    # 001-first.yml has `start: 0:03`: base-60 3.
    assert [c.start for c in episode(load(repo), "001-first").chapters] == [0, 3]


@pytest.mark.parametrize(("written", "value"), [
    ("no", False), ("yes", True), ("off", False), ("on", True), ("false", False), ("true", True),
    ('"no"', False), ("'yes'", True), ("clean", False), ("explicit", True),
])
def test_explicit_yes_no_on_off_become_booleans(repo, written, value):
    edit(repo, REMOTE, "explicit: yes", f"explicit: {written}")
    assert episode(load(repo), "002-remote").explicit is value


def test_bare_date_is_midnight_in_the_shows_time_zone(repo):
    edit(repo, SHOW, "language: en", "language: en\ntimezone: America/Vancouver")
    date = episode(load(repo), "002-remote").date  # `date: 2024-02-14`
    assert date == datetime(2024, 2, 14, 0, 0, tzinfo=ZoneInfo("America/Vancouver"))
    assert date.utcoffset() == timedelta(hours=-8)


def test_bare_date_without_a_show_time_zone_is_midnight_utc(repo):
    date = episode(load(repo), "002-remote").date
    assert (date.year, date.month, date.day, date.hour) == (2024, 2, 14, 0)
    assert date.utcoffset() == timedelta(0)


@pytest.mark.parametrize("written", ["2024-01-10T08:00:00+02:00", '"2024-01-10T08:00:00+02:00"',
                                     "2024-01-10 08:00:00 +02:00"])
def test_date_time_with_a_zone_keeps_it(repo, written):
    edit(repo, EPISODE, "date: 2024-01-10T08:00:00+00:00", f"date: {written}")
    date = episode(load(repo), "001-first").date
    assert date == datetime(2024, 1, 10, 6, 0, tzinfo=ZoneInfo("UTC"))


@pytest.mark.parametrize("written", ["2024-01-10T08:00:00", "2024-01-10 08:00:00", '"2024-01-10T08:00"'])
def test_date_time_without_a_zone_is_an_error(repo, written):
    edit(repo, EPISODE, "date: 2024-01-10T08:00:00+00:00", f"date: {written}")
    assert problems(repo) == [
        f"{EPISODE}:3: date: has a time but no time zone; add one, e.g. 09:00:00+02:00 or 09:00:00Z"]


@pytest.mark.parametrize(("written", "shown"), [
    ("1:30", "1:30"),  # base-60 90 in YAML 1.1
    ("yes", "yes"),  # True
    ("007", "007"),  # the integer 7
    ("1.10", "1.10"),  # the float 1.1
    ("2024-01-01", "2024-01-01"),  # a date
    ("1_000", "1_000"),  # the integer 1000
    ("null island", "null island"),
])
def test_text_fields_keep_what_the_host_typed(repo, written, shown):
    edit(repo, EPISODE, "title: First Episode", f"title: {written}")
    assert episode(load(repo), "001-first").title == shown


def test_language_no_is_norwegian_not_false(repo):
    edit(repo, SHOW, "language: en", "language: no")
    assert load(repo).show.language == "no"


def test_tags_that_look_like_numbers_or_booleans_stay_words(repo):
    edit(repo, EPISODE, "tags: [testing, first]", "tags: [2024, yes, 1.10, testing]")
    assert episode(load(repo), "001-first").tags == ("2024", "yes", "1.10", "testing")


def test_number_quoted_or_not_is_an_integer(repo):
    edit(repo, REMOTE, "number: 2", 'number: "2"')
    assert episode(load(repo), "002-remote").number == 2


# -- every required field, missing: one exact line each ------------------------------------------------------

REQUIRED = [
    # (file, key to remove, the one line the host sees)
    (SHOW, "title", f"{SHOW}:1: title: missing; add the show's name"),
    (SHOW, "description", f"{SHOW}:1: description: missing; add a paragraph about the show"),
    (SHOW, "site_url", f"{SHOW}:1: site_url: missing; add the site's address, like https://example.com/"),
    (SHOW, "language", f"{SHOW}:1: language: missing; add a language code like en or en-GB"),
    (SHOW, "category", f"{SHOW}:1: category: missing; add an Apple Podcasts category like 'Society & Culture'"),
    (SHOW, "explicit", f"{SHOW}:1: explicit: missing; add true or false"),
    (SHOW, "author", f"{SHOW}:1: author: missing; add who makes the show"),
    (SHOW, "owner", f"{SHOW}:1: owner: missing; add the owner's name and email"),
    (SHOW, "name", f"{SHOW}:8: owner.name: missing; add the owner's name"),
    (SHOW, "email", f"{SHOW}:8: owner.email: missing; add an e-mail address"),
    (SHOW, "image", f"{SHOW}:1: image: missing; add a file path or an https:// URL"),
    (EPISODE, "title", f"{EPISODE}:1: title: missing; add the episode's title"),
    (EPISODE, "date", f"{EPISODE}:1: date: missing; add a date like 2024-05-01 or 2024-05-01T09:00:00+02:00"),
    (EPISODE, "audio", f"{EPISODE}:1: audio: missing; add the audio file (file: or url:, bytes, type, duration)"),
    (REMOTE, "url", f"{REMOTE}:8: audio.file: missing; give the audio as file: (a path in the repository) or "
                    f"url: (where it is published)"),
    (REMOTE, "bytes", f"{REMOTE}:8: audio.bytes: missing; add the file size in bytes (podsite measure writes it) "
                      f"so the feed's enclosure is exact"),
    (REMOTE, "duration", f"{REMOTE}:8: audio.duration: missing; add the length like 42:10 or 1:02:03 (podsite "
                         f"measure writes it)"),
    (PEOPLE, "name", f"{PEOPLE}:1: hana.name: missing; add the person's name"),
]


@pytest.mark.parametrize(("name", "key", "line"), REQUIRED, ids=[f"{n.split('/')[-1]}:{k}" for n, k, _ in REQUIRED])
def test_each_required_field_missing_is_one_exact_line(repo, name, key, line):
    drop(repo, name, key)
    assert problems(repo) == [line]


def test_audio_with_nothing_under_it_is_empty(repo):
    drop(repo, EPISODE, "file")
    assert problems(repo) == [f"{EPISODE}:7: audio: is empty; write the audio file (file: or url:, bytes, type, "
                              f"duration)"]


def test_missing_guid_suggests_a_fresh_one(repo):
    drop(repo, EPISODE, "guid")
    [line] = problems(repo)
    assert re.fullmatch(rf"{EPISODE}:1: guid: missing; add a GUID \(run `podsite new` to get one: guid: "
                        r"[0-9a-f-]{36}\)", line), line


def test_missing_type_of_remote_audio_is_taken_from_the_extension(repo):
    edit(repo, REMOTE, "  type: audio/mpeg\n", "")
    assert episode(load(repo), "002-remote").audio.mime_type == "audio/mpeg"


def test_empty_value_is_reported_on_its_own_line(repo):
    edit(repo, EPISODE, "title: First Episode", 'title: ""')
    assert problems(repo) == [f"{EPISODE}:1: title: is empty; write the episode's title"]
    edit(repo, EPISODE, 'title: ""', "title:")
    assert problems(repo) == [f"{EPISODE}:1: title: is empty; write the episode's title"]


def test_missing_show_file(repo):
    (repo / SHOW).unlink()
    assert problems(repo) == [f"{SHOW}: file not found; create it (see the README's format reference)"]


# -- the format: file:line: field: message, all problems at once -----------------------------------------------

def test_problem_format():
    assert str(Problem("episodes/a.yml", 3, "audio.bytes", "must be 1 or more")) == \
        "episodes/a.yml:3: audio.bytes: must be 1 or more"
    assert str(Problem("episodes/a.yml", None, "", "file not found")) == "episodes/a.yml: file not found"
    assert str(Problem("episodes/a.yml", 1, "", "the file is empty")) == "episodes/a.yml:1: the file is empty"


def test_all_problems_in_all_files_are_reported_together(repo):
    edit(repo, EPISODE, "number: 1", "number: one")
    edit(repo, REMOTE, "bytes: 31415926", "bytes: 0")
    edit(repo, PEOPLE, "role: host", "role: hots")
    assert problems(repo) == [
        f"{PEOPLE}:3: hana.role: 'hots' is not a Podcasting 2.0 role; use e.g. host, co-host, guest, producer",
        f"{EPISODE}:4: number: must be a whole number, not 'one'",
        f"{REMOTE}:10: audio.bytes: must be 1 or more, not 0",
    ]


def test_a_typo_is_one_line_with_a_suggestion_not_two(repo):
    edit(repo, EPISODE, "title: First Episode", "titel: First Episode")
    assert problems(repo) == [f"{EPISODE}:1: titel: unknown field; did you mean 'title'?"]


def test_one_mistake_is_one_line_even_when_it_leaves_a_field_unset(repo):
    edit(repo, REMOTE, "duration: 1:02:03", "duration: soon")
    assert problems(repo) == [f"{REMOTE}:12: audio.duration: 'soon' is not a duration; write a duration like "
                              f"42:10 or 1:02:03 (hours:minutes:seconds, or seconds)"]


def test_paths_are_shown_relative_to_the_repository(repo):
    edit(repo, EPISODE, "number: 1", "number: 0")
    [line] = problems(repo)
    assert line.startswith(f"{EPISODE}:4: number: ") and str(repo) not in line


def test_a_problem_is_one_line_whatever_the_key_holds():
    # Found by hypothesis: an unknown key "\n" broke the one-line format.
    line = str(Problem("episodes/001.yml", 13, "people.\n", "unknown field\rnamed \x07 here\u2028"))
    assert line == "episodes/001.yml:13: people.\\n: unknown field\\rnamed \\x07 here\\u2028"


def test_a_broken_show_file_does_not_hide_episode_mistakes(repo):
    edit(repo, "episodes/_show.yml", "language: en", "language: English")
    edit(repo, "episodes/002-remote.yml", "season: 1", "season: 0")
    lines = problems(repo)
    assert any(line.startswith("episodes/_show.yml:4: language:") for line in lines), lines
    assert any(line.startswith("episodes/002-remote.yml:5: season:") for line in lines), lines
