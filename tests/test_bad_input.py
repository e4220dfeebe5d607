"""Issue 6: the bad-input corpus. Every case breaks one thing in a copy of the `minimal` fixture show that was
already built once, then runs what a host runs:

- `podsite check` and `podsite feed` (the code behind `python build_feed.py`), in-process through `cli.main`;
- `mkdocs build --strict`: MkDocs' own build with the plugin, in-process, for every case; and as a real
  subprocess for one case of each kind (REAL_BUILDS), which also proves what only the process shows: exit
  code 1, the line printed plainly on stderr, no traceback.

Each must exit non-zero with exactly one line for the one mistake (`file:line: field: ...` plus the fix), no
traceback, and leave the previous `site/` (and its feed) exactly as it was, byte for byte and untouched.

The table below is the corpus: (id, file to write, its new content, where the line points, what it says).
"""

from __future__ import annotations

import ast
import hashlib
import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from helpers import build_show, copy_show, run
from podsite.cli.commands import main

EP = "episodes/001-first.yml"  # local audio (media/tone-6s.mp3, 6 s), chapters at 0 and 0:03
REMOTE = "episodes/002-remote.yml"  # audio on a CDN: url, bytes, type, duration: 1:02:03
SHOW = "episodes/_show.yml"
PEOPLE = "episodes/_people.yml"
WRITEUP = "docs/episodes/001-first.md"

Content = str | bytes | Callable[[str], str | bytes]


def swap(old: str, new: str) -> Callable[[str], str]:
    """The good file with one piece changed."""
    def change(text: str) -> str:
        assert old in text, f"{old!r} is not in the fixture any more"
        return text.replace(old, new, 1)
    return change


def append(extra: str) -> Callable[[str], str]:
    return lambda text: text + extra


@dataclass(frozen=True)
class Case:
    id: str
    file: str
    content: Content
    where: str  # the start of the one line: "file:line: field:"
    says: str  # a part of the message: usually the fix
    prepare: Callable[[Path], None] | None = None  # extra files (symlinks, media) before the run


def _symlink_out(repo: Path) -> None:
    outside = repo.parent / "outside.mp3"
    shutil.copy(repo / "media/tone-6s.mp3", outside)
    (repo / "media/link.mp3").symlink_to(outside)


def _empty_audio(repo: Path) -> None:
    (repo / "media/empty.mp3").write_bytes(b"")


def _fake_audio(repo: Path) -> None:
    (repo / "media/fake.mp3").write_text("this is not audio\n", encoding="utf-8")


def _transcript(name: str, mime: str) -> Callable[[Path], None]:
    """Episode 001 lists `episodes/<name>` as its transcript; the case then writes that file, broken."""
    def prepare(repo: Path) -> None:
        with (repo / EP).open("a", encoding="utf-8") as episode:
            episode.write(f"transcripts:\n  - file: episodes/{name}\n    language: en\n    type: {mime}\n")
    return prepare


BILLION_LAUGHS = "".join(
    f"x{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else ', '.join(['lol'] * 9)}]\n" for i in range(9))

CASES = [
    # -- YAML syntax ------------------------------------------------------------------------------------------
    Case("tab-indent", EP, swap("  file: media", "\tfile: media"), f"{EP}:8: file:", "tab; YAML needs spaces"),
    Case("unclosed-double-quote", EP, swap("title: First Episode", 'title: "First Episode'), f"{EP}:1: title:",
         "never closed; add the closing quote"),
    Case("unclosed-single-quote", EP, swap("summary: The first", "summary: 'The first"), f"{EP}:6: summary:",
         "never closed"),
    Case("duplicate-key", EP, append("number: 2\n"), f"{EP}:20: number:", "appears twice in this mapping (first "
         "on line 4); keep one"),
    Case("duplicate-key-nested", REMOTE, swap("  bytes: 31415926\n", "  bytes: 31415926\n  bytes: 5\n"),
         f"{REMOTE}:11: bytes:", "appears twice"),
    Case("colon-in-value", EP, swap("title: First Episode", "title: Part 2: The Return"), f"{EP}:1: title:",
         "put the value in quotes"),
    Case("unclosed-list", EP, swap("tags: [testing, first]", "tags: [testing, first"), f"{EP}:13: tags:",
         "never closed with ]"),
    Case("bad-indentation", SHOW, swap("  email: owner@", " email: owner@"), f"{SHOW}:10: email:",
         "indentation"),
    Case("two-documents", EP, append("---\ntitle: Again\n"), f"{EP}:20:", "a second document (---)"),
    # -- wrong types ------------------------------------------------------------------------------------------
    Case("number-is-a-word", EP, swap("number: 1", "number: one"), f"{EP}:4: number:",
         "must be a whole number, not 'one'"),
    Case("number-is-a-fraction", EP, swap("number: 1", "number: 1.5"), f"{EP}:4: number:",
         "must be a whole number, not the number 1.5"),
    Case("number-in-other-digits", EP, swap("number: 1", 'number: "²"'), f"{EP}:4: number:",
         "must be a whole number"),
    Case("season-zero", EP, swap("season: 1", "season: 0"), f"{EP}:5: season:", "must be 1 or more, not 0"),
    Case("title-is-a-list", EP, swap("title: First Episode", "title: [First, Episode]"), f"{EP}:1: title:",
         "must be text, not a list"),
    Case("audio-is-text", EP, swap("audio:\n  file: media/tone-6s.mp3", "audio: media/tone-6s.mp3"),
         f"{EP}:7: audio:", "(indented `name: value` lines)"),
    Case("explicit-maybe", REMOTE, swap("explicit: yes", "explicit: maybe"), f"{REMOTE}:13: explicit:",
         "must be true or false"),
    Case("type-typo", REMOTE, swap("type: full", "type: ful"), f"{REMOTE}:6: type:", "did you mean 'full'?"),
    Case("category-unknown", SHOW, swap("category: Technology", "category: Tech"), f"{SHOW}:5: category:",
         "not an Apple Podcasts category"),
    Case("timezone-unknown", SHOW, append("timezone: Mars/Olympus_Mons\n"), f"{SHOW}:15: timezone:",
         "use a name like Europe/Amsterdam"),
    Case("language-not-a-code", SHOW, swap("language: en", "language: English (UK)"), f"{SHOW}:4: language:",
         "write one like en, en-GB"),
    Case("email-not-an-email", SHOW, swap("email: owner@minimal.example.com", "email: owner"),
         f"{SHOW}:10: owner.email:", "not an e-mail address"),
    Case("unknown-person", REMOTE, swap("people: [hana]", "people: [hanna]"), f"{REMOTE}:14: people[1]:",
         "did you mean 'hana'?"),
    Case("slug-of-a-generated-page", EP, append("slug: index\n"), f"{EP}:20: slug:", "choose another slug"),
    Case("person-id-of-the-people-index", PEOPLE, append("index:\n  name: Index\n"), f"{PEOPLE}:12: index:",
         "choose another id"),
    Case("person-id-not-a-slug", PEOPLE, append("Big Boss:\n  name: Boss\n"), f"{PEOPLE}:12: Big Boss:",
         "lower-case letters, digits and dashes"),
    # -- missing and unknown fields ----------------------------------------------------------------------------
    Case("missing-title", EP, swap("title: First Episode\n", ""), f"{EP}:1: title:", "missing; add the episode's "
         "title"),
    Case("missing-show-image", SHOW, swap("image: media/cover.png\n", ""), f"{SHOW}:1: image:", "missing"),
    Case("unknown-field-typo", EP, swap("summary:", "sumary:"), f"{EP}:6: sumary:", "did you mean 'summary'?"),
    Case("unknown-show-field-typo", SHOW, swap("author:", "autor:"), f"{SHOW}:7: autor:", "did you mean 'author'?"),
    Case("unknown-audio-field-typo", REMOTE, swap("  bytes:", "  byte:"), f"{REMOTE}:10: audio.byte:",
         "did you mean 'bytes'?"),
    Case("unknown-field", EP, append("colour: blue\n"), f"{EP}:20: colour:", "unknown field; known fields:"),
    # -- duplicates --------------------------------------------------------------------------------------------
    Case("duplicate-guid", REMOTE, swap("1d8e-4a55-9d1e-0d5b1c1f0002", "1d8e-4a55-9d1e-0d5b1c1f0001"),
         f"{REMOTE}:2: guid:", "the same guid as episodes/001-first.yml; every episode needs its own, so run "
                               "`podsite new`"),
    Case("duplicate-number", REMOTE, swap("number: 2", "number: 1"), f"{REMOTE}:4: number:",
         "the same number as episodes/001-first.yml"),
    Case("duplicate-slug", REMOTE, append("slug: 001-first\n"), f"{REMOTE}:15: slug:",
         "the same slug as episodes/001-first.yml"),
    # -- dates ------------------------------------------------------------------------------------------------
    Case("february-30", EP, swap("date: 2024-01-10T08:00:00+00:00", "date: 2024-02-30"), f"{EP}:3: date:",
         "'2024-02-30' is not a real date (day is out of range for month)"),
    Case("month-13", EP, swap("date: 2024-01-10T08:00:00+00:00", "date: 2024-13-01"), f"{EP}:3: date:",
         "not a real date"),
    Case("hour-25", EP, swap("T08:00:00+00:00", "T25:00:00+00:00"), f"{EP}:3: date:", "not a real date"),
    Case("zone-offset-25h", EP, swap("T08:00:00+00:00", "T08:00:00+25:00"), f"{EP}:3: date:",
         "the time zone must be between -23:59 and +23:59"),
    Case("quoted-impossible-date", EP, swap("date: 2024-01-10T08:00:00+00:00", 'date: "2024-02-30"'),
         f"{EP}:3: date:", "is not a date; write a date like 2024-05-01"),
    Case("year-typo", EP, swap("date: 2024-01-10T08:00:00+00:00", "date: 0224-01-10"), f"{EP}:3: date:",
         "the year 224 looks like a typo"),
    Case("no-time-zone", EP, swap("T08:00:00+00:00", "T08:00:00"), f"{EP}:3: date:",
         "has a time but no time zone; add one"),
    # -- durations and chapters --------------------------------------------------------------------------------
    Case("minutes-75", REMOTE, swap("duration: 1:02:03", "duration: 1:75:00"), f"{REMOTE}:12: audio.duration:",
         "'1:75:00' is not a duration"),
    Case("negative-duration", REMOTE, swap("duration: 1:02:03", "duration: -5"), f"{REMOTE}:12: audio.duration:",
         "'-5' is not a duration"),
    Case("infinite-duration", REMOTE, swap("duration: 1:02:03", "duration: .inf"),
         f"{REMOTE}:12: audio.duration:", "'.inf' is not a duration"),
    Case("duration-words", REMOTE, swap("duration: 1:02:03", "duration: about an hour"),
         f"{REMOTE}:12: audio.duration:", "is not a duration"),
    Case("chapters-out-of-order", EP, swap("start: 0:03", "start: 0"), f"{EP}:17: chapters[2].start:",
         "0:00 is not after the previous chapter (0:00); list chapters in order"),
    Case("chapter-past-the-end", EP, swap("start: 0:03", "start: 1:00"), f"{EP}:17: chapters[2].start:",
         "1:00 is past the end of the audio (0:06)"),
    Case("chapter-start-words", EP, swap("start: 0:03", "start: middle"), f"{EP}:17: chapters[2].start:",
         "'middle' is not a duration"),
    Case("first-chapter-not-at-zero", EP, swap("start: 0\n", "start: 1\n"), f"{EP}:14: chapters:",
         "the first chapter must start at 0:00"),
    Case("chapter-without-title", EP, swap("    title: Intro\n", ""), f"{EP}:15: chapters[1].title:", "missing"),
    # -- sizes ------------------------------------------------------------------------------------------------
    Case("zero-bytes", REMOTE, swap("bytes: 31415926", "bytes: 0"), f"{REMOTE}:10: audio.bytes:",
         "must be 1 or more, not 0"),
    Case("negative-bytes", REMOTE, swap("bytes: 31415926", "bytes: -5"), f"{REMOTE}:10: audio.bytes:",
         "must be 1 or more, not -5"),
    Case("bytes-disagree-with-file", EP, swap("  file: media/tone-6s.mp3", "  file: media/tone-6s.mp3\n  bytes: 5"),
         f"{EP}:9: audio.bytes:", "says 5 but media/tone-6s.mp3 is"),
    Case("empty-audio-file", EP, swap("media/tone-6s.mp3", "media/empty.mp3"), f"{EP}:8: audio.file:",
         "media/empty.mp3 is an empty file", _empty_audio),
    Case("audio-file-not-audio", EP, swap("media/tone-6s.mp3", "media/fake.mp3"), f"{EP}:7: audio.duration:",
         "cannot read the length of media/fake.mp3 (is it a real audio file?)", _fake_audio),
    # -- URLs -------------------------------------------------------------------------------------------------
    Case("javascript-audio-url", REMOTE, swap("https://cdn.example.com/minimal/002.mp3", "javascript:alert(1)"),
         f"{REMOTE}:9: audio.url:", "is not a web address; write a full http:// or https:// URL"),
    Case("file-url-image", EP, append("image: file:///etc/passwd\n"), f"{EP}:20: image:", "not a web address"),
    Case("bracket-in-host", REMOTE, swap("https://cdn.example.com/minimal/002.mp3", "https://cdn.exam[ple.com/2.mp3"),
         f"{REMOTE}:9: audio.url:", "is not a web address"),  # urlsplit raises "Invalid IPv6 URL" (hypothesis)
    Case("data-url-image", EP, append("image: data:image/png;base64,AAAA\n"), f"{EP}:20: image:",
         "not a web address"),
    Case("javascript-chapter-url", EP, swap("https://example.com/middle", "javascript:alert(1)"),
         f"{EP}:19: chapters[2].url:", "not a web address"),
    Case("javascript-person-link", PEOPLE, swap("https://gus.example.com/?a=1&b=2", "javascript:alert(1)"),
         f"{PEOPLE}:11: gus.links[1].url:", "not a web address"),
    Case("ftp-site-url", SHOW, swap("https://minimal.example.com/", "ftp://minimal.example.com/"),
         f"{SHOW}:3: site_url:", "not a web address"),
    Case("url-with-spaces", SHOW, swap("https://podcasts.apple.com/podcast/id1", "https://podcasts apple.com/"),
         f"{SHOW}:13: subscribe.apple:", "not a web address"),
    # -- paths ------------------------------------------------------------------------------------------------
    Case("path-dot-dot", EP, swap("media/tone-6s.mp3", "../outside.mp3"), f"{EP}:8: audio.file:",
         "points outside the repository"),
    Case("path-absolute", EP, swap("media/tone-6s.mp3", "/etc/passwd"), f"{EP}:8: audio.file:",
         "points outside the repository"),
    Case("path-symlink-out", EP, swap("media/tone-6s.mp3", "media/link.mp3"), f"{EP}:8: audio.file:",
         "points outside the repository", _symlink_out),
    Case("path-sneaks-out-and-back", SHOW, swap("image: media/cover.png", "image: media/../../minimal/media/cover.png"),
         f"{SHOW}:11: image:", "points outside the repository"),
    Case("path-name-too-long", EP, swap("media/tone-6s.mp3", "media/" + "a" * 300 + ".mp3"), f"{EP}:8: audio.file:",
         "does not exist"),
    Case("missing-audio", EP, swap("media/tone-6s.mp3", "media/tone-7s.mp3"), f"{EP}:8: audio.file:",
         "'media/tone-7s.mp3' does not exist; check the path"),
    Case("show-image-not-found", SHOW, swap("media/cover.png", "media/covr.png"), f"{SHOW}:11: image:",
         "does not exist"),
    Case("missing-person-image", PEOPLE, swap("media/person.png", "media/hana.png"), f"{PEOPLE}:5: hana.image:",
         "does not exist"),
    Case("missing-episode-image", EP, append("image: media/first.png\n"), f"{EP}:20: image:", "does not exist"),
    Case("missing-transcript", EP, append("transcripts:\n  - file: episodes/001-first.vtt\n    language: en\n"),
         f"{EP}:21: transcripts[1].file:", "does not exist"),
    Case("image-is-audio", SHOW, swap("media/cover.png", "media/tone-6s.mp3"), f"{SHOW}:11: image:",
         "unsupported extension"),
    # -- transcripts ------------------------------------------------------------------------------------------
    Case("vtt-without-header", "episodes/001-first.vtt", "00:00:00.000 --> 00:00:02.000\nHello\n",
         "episodes/001-first.vtt:1: transcript:", "must be WEBVTT", _transcript("001-first.vtt", "text/vtt")),
    Case("vtt-bad-timing", "episodes/001-first.vtt", "WEBVTT\n\n00:00:00.000 --> soon\nHello\n",
         "episodes/001-first.vtt:3: transcript:", "write it like 00:01:02.500 --> 00:01:05.000",
         _transcript("001-first.vtt", "text/vtt")),
    Case("vtt-ends-before-it-starts", "episodes/001-first.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nHi\n",
         "episodes/001-first.vtt:3: transcript:", "ends (00:00:02.000) before it starts",
         _transcript("001-first.vtt", "text/vtt")),
    Case("vtt-no-cues", "episodes/001-first.vtt", "WEBVTT\n", "episodes/001-first.vtt: transcript:",
         "no cues found", _transcript("001-first.vtt", "text/vtt")),
    Case("vtt-invalid-utf8", "episodes/001-first.vtt", b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n\xff\n",
         "episodes/001-first.vtt: transcript:", "not valid UTF-8", _transcript("001-first.vtt", "text/vtt")),
    Case("srt-broken", "episodes/001-first.srt", "1\n00:00:00,000 -> 00:00:02,000\nHello\n",
         "episodes/001-first.srt:1: transcript:", "expected a cue number and a timing line",
         _transcript("001-first.srt", "application/x-subrip")),
    Case("json-transcript-not-json", "episodes/001-first.json", "{not json", "episodes/001-first.json:1: transcript:",
         "not valid JSON", _transcript("001-first.json", "application/json")),
    Case("json-transcript-wrong-shape", "episodes/001-first.json", '{"segments": [{"startTime": "x", "body": "Hi"}]}',
         "episodes/001-first.json: transcript:", 'segment 1 needs "startTime" in seconds',
         _transcript("001-first.json", "application/json")),
    Case("json-transcript-nan", "episodes/001-first.json", '{"segments": [{"startTime": NaN, "body": "Hi"}]}',
         "episodes/001-first.json: transcript:", 'segment 1 needs "startTime" in seconds',
         _transcript("001-first.json", "application/json")),
    # -- encodings, characters and sizes ----------------------------------------------------------------------
    Case("invalid-utf8", EP, lambda text: text.replace("First Episode", "Caf\xe9").encode("latin-1"),
         f"{EP}:1: title:", "not valid UTF-8 text; save the file as UTF-8"),
    Case("invalid-utf8-writeup", WRITEUP, lambda text: b"Fine\n\n\xff\xfe broken\n", f"{WRITEUP}:3:",
         "not valid UTF-8"),
    Case("control-character-raw", EP, swap("First Episode", "First\x07Episode"), f"{EP}:1: title:",
         "control character #x0007; remove it"),
    Case("control-character-escaped", EP, swap("title: First Episode", 'title: "First\\x1bEpisode"'),
         f"{EP}:1: title:", "contains a control character; remove it"),
    Case("ten-megabyte-notes", EP, swap("summary: The first episode", "summary: " + "notes " * 1_750_000),
         f"{EP}:1:", "metadata files must stay under 2,097,152 (move long notes into the write-up)"),
    Case("notes-too-long", EP, swap("summary: The first episode", "summary: " + "x" * 5000), f"{EP}:6: summary:",
         "keep it under 4,000"),
    Case("alias-bomb", EP, append(BILLION_LAUGHS), f"{EP}:24: x4:", "an alias bomb"),
    Case("python-tag", EP, swap("title: First Episode", "title: !!python/object/apply:os.system ['touch pwned']"),
         f"{EP}:1: title:", "the YAML tag !!python/object/apply:os.system is not allowed"),
    Case("custom-tag", SHOW, swap("author: Test Author", "author: !ENV AUTHOR"), f"{SHOW}:7: author:",
         "the YAML tag !ENV is not allowed"),
    # -- the shape of a file ----------------------------------------------------------------------------------
    Case("empty-file", EP, "", f"{EP}:1:", "the file is empty"),
    Case("only-comments", EP, "# to do\n", f"{EP}:1:", "the file is empty"),
    Case("file-is-a-list", EP, "- title: First\n- guid: x\n", f"{EP}:1:", "must be a mapping of `field: value`"),
    Case("file-is-text", EP, "First Episode\n", f"{EP}:1:", "must be a mapping"),
    Case("show-file-is-a-list", SHOW, "- Minimal Show\n", f"{SHOW}:1:", "must be a mapping"),
    Case("writeup-front-matter-broken", WRITEUP, lambda text: "---\ntitle: [unclosed\n---\n" + text,
         f"{WRITEUP}:2: front matter.title:", "never closed"),
    Case("file-name-not-a-slug", "episodes/005 Bad Name.yml", lambda _: (Path(__file__).parent /
         "fixtures/minimal/episodes/004-scheduled.yml").read_text().replace("0004", "0005").replace("number: 4",
                                                                                                    "number: 5"),
         "episodes/005 Bad Name.yml:1: slug:", "rename the file"),
]

# The cases also run as a real `mkdocs build --strict` process: one of each kind of input the build reads.
REAL_BUILDS = {
    "tab-indent",  # a YAML syntax error: the reader stops before any field is read
    "category-unknown",  # the show file, which the plugin also takes site_url and site_name from
    "audio-file-not-audio",  # a media file the build measures (mutagen)
    "vtt-without-header",  # a transcript: another file, another parser
    "invalid-utf8-writeup",  # a write-up under docs/, a page MkDocs itself would read next
    "python-tag",  # a YAML tag that would run a command: nothing runs in the build process either
}


# -- running a case ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal show with a good site/ (and site/feed.xml) from an earlier build."""
    repo = copy_show("minimal", tmp_path_factory.mktemp("built"))
    build_show(repo)
    return repo


def snapshot(site: Path) -> dict[str, tuple[str, int]]:
    """Every file under site/ with its content hash and modification time: "left as it was" means both."""
    return {p.relative_to(site).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


def write_case(repo: Path, case: Case) -> None:
    if case.prepare:
        case.prepare(repo)
    path = repo / case.file
    content = case.content
    if callable(content):
        content = content(path.read_text(encoding="utf-8") if path.exists() else "")
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line and not line.startswith("podsite: ")]


class Errors(logging.Handler):
    """The errors MkDocs logs (its command line prints them, plainly, on stderr)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def mkdocs_build_in_process(repo: Path) -> list[str]:
    """`mkdocs build --strict` as its command line runs it, in this process; it must abort. The errors logged."""
    errors, logger = Errors(), logging.getLogger("mkdocs")
    config = load_config(str(repo / "mkdocs.yml"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    logger.addHandler(errors)
    try:
        with pytest.raises(Abort):
            build(config)
    finally:
        logger.removeHandler(errors)
        config.plugins.on_shutdown()
    return errors.messages


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_one_clear_line_and_nothing_is_written(case: Case, built: Path, tmp_path: Path, capsys,
                                                           monkeypatch):
    repo = tmp_path / "show"
    shutil.copytree(built, repo, symlinks=True)
    before = snapshot(repo / "site")
    assert "feed.xml" in before
    write_case(repo, case)
    config = str(repo / "mkdocs.yml")
    monkeypatch.chdir(repo)  # where a host runs the commands (and where a `touch pwned` would land)

    # python build_feed.py (the same function): exactly one line
    assert main(["feed", "-f", config]) == 1
    out = capsys.readouterr()
    [line] = problem_lines(out.err)
    assert line.startswith(case.where + " "), line
    assert case.says in line, line
    assert out.err.endswith("\npodsite: 1 problem(s); nothing was written.\n")

    # podsite check: the same line, marked as an error
    assert main(["check", "-f", config]) == 1
    assert capsys.readouterr().out == f"ERROR {line}\npodsite check: 1 error(s), 0 warning(s).\n"

    # mkdocs build: the same line, as its one error, and it stops before MkDocs empties site/
    [error] = mkdocs_build_in_process(repo)
    assert error.endswith(f"\n{line}"), error
    assert "podsite found 1 problem(s) in the show; nothing was built" in error

    # and as a real process: exit code 1, the same line, plainly, and no traceback
    if case.id in REAL_BUILDS:
        result = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=repo)
        assert result.returncode == 1
        assert "Traceback" not in result.output
        assert f"\n{line}\n" in result.stderr, result.stderr
        assert "podsite found 1 problem(s) in the show; nothing was built" in result.stderr

    assert snapshot(repo / "site") == before
    assert not (tmp_path / "pwned").exists() and not (repo / "pwned").exists()


def test_corpus_ids_are_unique():
    assert len({c.id for c in CASES}) == len(CASES)


def test_the_real_builds_are_cases_of_the_corpus():
    assert REAL_BUILDS.issubset(c.id for c in CASES)


# -- nothing half-written ------------------------------------------------------------------------------------------

def test_a_failed_build_leaves_the_previous_site_even_with_many_problems(built: Path, tmp_path: Path):
    """MkDocs empties site_dir after on_config; the plugin has validated everything by then."""
    repo = tmp_path / "show"
    shutil.copytree(built, repo, symlinks=True)
    before = snapshot(repo / "site")
    write_case(repo, Case("", EP, swap("number: 1", "number: one"), "", ""))
    write_case(repo, Case("", REMOTE, swap("bytes: 31415926", "bytes: 0"), "", ""))
    write_case(repo, Case("", SHOW, append("tle: typo\n"), "", ""))
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean"], cwd=repo)
    assert result.returncode == 1
    assert "Traceback" not in result.output
    assert result.stderr.endswith(
        "podsite found 3 problem(s) in the show; nothing was built (the previous site is left as it was):\n"
        f"{SHOW}:15: tle: unknown field; did you mean 'title'?\n"
        f"{EP}:4: number: must be a whole number, not 'one'\n"
        f"{REMOTE}:10: audio.bytes: must be 1 or more, not 0\n")
    assert snapshot(repo / "site") == before


def test_the_feed_is_replaced_atomically(built: Path, tmp_path: Path, capsys):
    """A reader (or a deploy) that opened the old feed keeps reading the whole old file while the new one is
    written beside it and renamed into place; no temporary file is left behind."""
    repo = tmp_path / "show"
    shutil.copytree(built, repo, symlinks=True)
    feed = repo / "site/feed.xml"
    old = feed.read_bytes()
    write_case(repo, Case("", REMOTE, swap("title: Second Episode (on a CDN)", "title: Renamed"), "", ""))
    with feed.open("rb") as reader:
        old_inode = feed.stat().st_ino
        assert main(["feed", "-f", str(repo / "mkdocs.yml")]) == 0
        assert reader.read() == old
    assert feed.stat().st_ino != old_inode
    assert b"<title>Renamed</title>" in feed.read_bytes()
    assert sorted(p.name for p in feed.parent.iterdir() if p.name.startswith(".")) == []
    assert "wrote" in capsys.readouterr().out


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    """A write that fails halfway (here: a file-size limit, as on a full disk) leaves the old feed whole."""
    target = tmp_path / "site/feed.xml"
    target.parent.mkdir()
    target.write_bytes(b"<rss>old</rss>")
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "from podsite.files import write_atomically\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "write_atomically(Path(sys.argv[1]), b'<rss>' + b'new ' * 100_000 + b'</rss>')\n"
    )
    result = run([sys.executable, "-c", script, str(target)], cwd=tmp_path)
    assert result.returncode != 0 and "File too large" in result.stderr
    assert target.read_bytes() == b"<rss>old</rss>"
    assert [p.name for p in target.parent.iterdir()] == ["feed.xml"]


# -- no swallowed errors -----------------------------------------------------------------------------------------

BROAD = {"Exception", "BaseException"}


def _names(node: ast.expr | None) -> set[str]:
    if node is None:
        return {"<bare>"}
    if isinstance(node, ast.Tuple):
        return set().union(*(_names(e) for e in node.elts))
    return {node.id if isinstance(node, ast.Name) else ast.unparse(node)}


def _does_nothing(body: list[ast.stmt]) -> bool:
    return all(isinstance(s, ast.Pass | ast.Continue) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
               for s in body)


def test_no_bare_except_and_no_swallowed_errors_in_podsite():
    """`except:` anywhere, or a handler that does nothing (`pass`) with a broad or bare catch, hides real bugs.
    Specific `except ValueError: pass` (try the next format) is fine; doing nothing with `Exception` is not."""
    offenders = []
    for path in sorted((Path(__file__).parent.parent / "src/podsite").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ExceptHandler):
                continue
            caught = _names(node.type)
            if "<bare>" in caught or (caught & BROAD and _does_nothing(node.body)):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


# -- the commands hosts type, as real processes ------------------------------------------------------------------

@pytest.mark.parametrize("command", [["podsite", "check"], ["podsite", "feed"], ["build_feed.py"]])
def test_each_command_exits_1_with_the_line_and_no_traceback(built: Path, tmp_path: Path, command):
    repo = tmp_path / "show"
    shutil.copytree(built, repo, symlinks=True)
    shutil.copy(Path(__file__).parent.parent / "build_feed.py", repo)
    before = snapshot(repo / "site")
    write_case(repo, Case("", EP, swap("date: 2024-01-10T08:00:00+00:00", "date: 2024-02-30"), "", ""))
    args = ([sys.executable, "-m", "podsite.cli", *command[1:]] if command[0] == "podsite"
            else [sys.executable, "build_feed.py"])
    result = run(args, cwd=repo)
    assert result.returncode == 1
    assert "Traceback" not in result.output
    assert (f"{EP}:3: date: '2024-02-30' is not a real date (day is out of range for month); check the day, "
            f"month, hour and time zone") in result.output.splitlines()[0]
    assert snapshot(repo / "site") == before


def test_a_temporary_file_left_by_a_killed_feed_writer_is_removed_by_the_next_write(tmp_path: Path, built: Path):
    """kill -9 runs no cleanup: the writer dies with its temporary file beside the feed. The next write removes
    it, and leaves alone the temporary file of a writer that is still running."""
    repo = tmp_path / "show"
    shutil.copytree(built, repo, symlinks=True)
    feed = repo / "site/feed.xml"
    stalled = (  # a real writer, held just before its rename, so the test can kill it there
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from podsite.files import write_atomically\n"
        "os.replace = lambda *args: time.sleep(600)\n"
        "write_atomically(Path(sys.argv[1]), b'<rss>half-way</rss>')\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", stalled, str(feed)], cwd=repo)
    try:
        deadline = time.monotonic() + 60
        while not list(feed.parent.glob(".feed.xml.*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        writer.kill()
        writer.wait()
    [abandoned] = feed.parent.glob(".feed.xml.*.tmp")
    running = feed.parent / f".feed.xml.{os.getpid()}.x1y2z3.tmp"  # this test's own process is alive
    running.write_bytes(b"another writer's")
    assert main(["feed", "-f", str(repo / "mkdocs.yml")]) == 0
    assert not abandoned.exists() and running.exists()
    assert feed.read_bytes().startswith(b"<?xml")
