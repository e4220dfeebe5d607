"""Issue 3: `podsite check`, the lint run before every commit and deploy. Each rule is shown to fire on a
real mistake, with its severity, file, line and field, and the good shows to pass with nothing to say."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image

from feedkit import append, edit, problems, show
from helpers import REPO, copy_show, run
from podsite.identity import podcast_guid_for
from podsite.load.audio import measure_file


def podsite(repo: Path, *args: str):
    return run([sys.executable, "-m", "podsite.cli", "check", "-f", str(repo / "mkdocs.yml"), *args], cwd=repo)


def found(repo: Path) -> list[tuple[str, str, int | None, str]]:
    return [(p.severity, str(p.file), p.line, p.field) for p in problems(repo)]


# -- the good shows pass clean ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["everything", "sample"])
def test_good_shows_pass_with_no_error_and_no_warning(tmp_path, name):
    repo = copy_show(name, tmp_path)
    result = podsite(repo)
    assert result.returncode == 0, result.output
    assert "no problems found" in result.stdout
    assert "ERROR" not in result.output and "WARNING" not in result.output


def test_the_repository_sample_show_passes_in_place():
    result = run([sys.executable, "-m", "podsite.cli", "check"], cwd=REPO)
    assert result.returncode == 0 and "no problems found" in result.stdout, result.output


# -- output and exit code ---------------------------------------------------------------------------------------

def test_errors_print_severity_file_line_field_and_exit_1(tmp_path):
    repo = show("minimal", tmp_path)
    edit(repo / "episodes/_show.yml", "image: media/cover.png", "image: media/person.png")
    result = podsite(repo)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert ("ERROR episodes/_show.yml:11: image: media/person.png is 400x400 pixels; Apple needs 1400 to 3000 "
            "pixels a side") in lines
    assert lines[-1].startswith("podsite check: ") and "1 error(s)" in lines[-1]


def test_warnings_alone_exit_0(tmp_path):
    repo = show("minimal", tmp_path)
    result = podsite(repo)
    assert result.returncode == 0
    guid = podcast_guid_for("https://minimal.example.com/feed.xml")
    assert result.stdout.splitlines()[0] == (
        f"WARNING episodes/_show.yml: podcast_guid: not stored, so it would change if the feed moved; add this "
        f"line to keep it forever: podcast_guid: {guid}")
    assert "0 error(s), 1 warning(s)" in result.stdout


def test_loader_errors_are_reported_the_same_way(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/_show.yml", "medium: podcast ", "medium: radio   ")
    result = podsite(repo)
    assert result.returncode == 1
    assert result.stdout.startswith("ERROR episodes/_show.yml:34: medium: 'radio' is not a Podcasting 2.0 medium")
    assert "Traceback" not in result.output


# -- artwork, read from the image file ---------------------------------------------------------------------------

def _image(path: Path, size: tuple[int, int], mode: str = "RGB", kind: str = "PNG") -> None:
    Image.new(mode, size).save(path, kind)


@pytest.mark.parametrize(("size", "mode", "kind", "name", "severity", "words"), [
    ((1400, 1000), "RGB", "PNG", "wide.png", "ERROR", "1400x1000 pixels; artwork must be square"),
    ((3200, 3200), "RGB", "PNG", "huge.png", "ERROR", "3200x3200 pixels; Apple needs 1400 to 3000"),
    ((1400, 1400), "CMYK", "JPEG", "cmyk.jpg", "ERROR", "uses the CMYK color space"),
    ((1400, 1400), "RGBA", "PNG", "alpha.png", "WARNING", "has transparency"),
    ((1400, 1400), "RGB", "JPEG", "photo.png", "WARNING", "is a JPEG image with a .png name"),
    ((1400, 1400), "RGB", "GIF", "anim.jpg", "ERROR", "is a GIF image; Apple accepts JPEG or PNG only"),
])
def test_artwork_rules(tmp_path, size, mode, kind, name, severity, words):
    repo = show("everything", tmp_path)
    _image(repo / "media" / name, size, mode, kind)
    edit(repo / "episodes/001-everything.yml", "image: media/cover.png", f"image: media/{name}")
    [problem] = problems(repo)
    assert (problem.severity, problem.file, problem.line, problem.field) == (
        severity, "episodes/001-everything.yml", 12, "image")
    assert words in problem.message


def test_remote_artwork_is_not_measured(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/001-everything.yml", "image: media/cover.png", "image: https://cdn.example.com/c.jpg")
    assert found(repo) == []


# -- text rules ----------------------------------------------------------------------------------------------------

def test_description_over_4000_bytes_is_an_error_even_under_4000_characters(tmp_path):
    repo = show("minimal", tmp_path)
    edit(repo / "episodes/_show.yml", "description: A small show used by podsite's tests.",
         "description: " + "é" * 2100)
    assert ("ERROR", "episodes/_show.yml", 2, "description") in found(repo)
    assert any("4,200 bytes" in p.message for p in problems(repo))


def test_html_in_a_summary_is_a_warning(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/003-bonus.yml", "summary: Outtakes and thanks.", "summary: Outtakes and <b>thanks</b>.")
    assert found(repo) == [("WARNING", "episodes/003-bonus.yml", 7, "summary")]


def test_numbered_title_is_a_warning(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/001-everything.yml", "title: Everything,", "title: Episode 1 - Everything,")
    assert found(repo) == [("WARNING", "episodes/001-everything.yml", 2, "title")]


def test_long_namespace_texts_are_warnings(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/_show.yml", "text: Support the show", "text: " + "Support the show " * 10)
    assert found(repo) == [("WARNING", "episodes/_show.yml", 31, "funding[1].text")]


# -- audio, against the local file ---------------------------------------------------------------------------------

def test_enclosure_type_is_checked_against_the_file(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/001-everything.yml", "  file: media/tone-6s.mp3 ", "  file: media/tone-6s.mp3\n"
                                                                          "  type: audio/x-m4a ")
    [problem] = problems(repo)
    assert (problem.severity, problem.line, problem.field) == ("ERROR", 12, "audio.type")
    assert "says audio/x-m4a but media/tone-6s.mp3 is audio/mpeg" in problem.message


def test_duration_is_checked_against_the_file(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/001-everything.yml", "  file: media/tone-6s.mp3 ", "  file: media/tone-6s.mp3\n"
                                                                          "  duration: 1:00 ")
    [problem] = problems(repo)
    assert (problem.severity, problem.field) == ("WARNING", "audio.duration")
    assert "says 60 s but media/tone-6s.mp3 plays 6 s" in problem.message


def test_a_misnamed_file_is_known_by_its_contents_the_way_measure_reads_it(tmp_path):
    repo = show("everything", tmp_path)
    shutil.copy(repo / "media/tone-6s.m4a", repo / "media/misnamed.mp3")  # M4A audio under an .mp3 name
    measured = measure_file(repo / "media/misnamed.mp3")  # the one reader `podsite measure` and check share
    assert (measured.mime_type, measured.content_types[0]) == ("audio/mpeg", "audio/x-m4a")
    edit(repo / "episodes/001-everything.yml", "file: media/tone-6s.mp3", "file: media/misnamed.mp3")
    assert [(p.severity, p.field) for p in problems(repo)] == [("ERROR", "audio.type")]
    assert "says audio/mpeg but media/misnamed.mp3 is audio/x-m4a" in problems(repo)[0].message


def test_a_file_that_is_not_audio_is_an_error(tmp_path):
    repo = show("everything", tmp_path)
    (repo / "media/fake.mp3").write_bytes(b"not audio at all" * 100)
    edit(repo / "episodes/001-everything.yml", "file: media/tone-6s.mp3", "file: media/fake.mp3")
    # the loader cannot measure its length, so it stops there
    assert [(p.severity, p.field) for p in problems(repo)] == [("ERROR", "audio.duration")]
    edit(repo / "episodes/001-everything.yml", "file: media/fake.mp3", "file: media/fake.mp3\n  duration: 6")
    assert [(p.severity, p.field) for p in problems(repo)] == [("ERROR", "audio")]


def test_remote_type_that_does_not_fit_the_extension_is_a_warning(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/003-bonus.yml", "type: audio/x-m4a", "type: audio/mpeg")
    assert found(repo) == [("WARNING", "episodes/003-bonus.yml", 11, "audio.type")]


def test_two_episodes_with_one_audio_url_is_an_error(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/003-bonus.yml", "003.m4a", "trailer.mp3")
    edit(repo / "episodes/003-bonus.yml", "type: audio/x-m4a", "type: audio/mpeg")
    assert found(repo) == [("ERROR", "episodes/003-bonus.yml", 8, "audio")]


# -- show-wide rules ----------------------------------------------------------------------------------------------

def test_serial_shows_number_every_full_episode(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/002-remote.yml", "number: 2\n", "")
    assert found(repo) == [("ERROR", "episodes/002-remote.yml", None, "number")]


def test_duplicate_guids_are_refused(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/003-bonus.yml", "3f1d2c4b-0003-4a00-8000-000000000003",
         "3f1d2c4b-0001-4a00-8000-000000000001")
    assert [(p.severity, p.file, p.field) for p in problems(repo)] == [("ERROR", "episodes/003-bonus.yml", "guid")]


def test_new_feed_url_pointing_at_itself_is_an_error(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/_show.yml", "new_feed_url: https://feeds.everything.example.com/feed.xml",
         "new_feed_url: https://everything.example.com/feed.xml")
    assert found(repo) == [("ERROR", "episodes/_show.yml", 25, "new_feed_url")]


def test_plain_http_urls_in_the_feed_are_warnings(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/_show.yml", "url: https://patrons.example.com/everything",
         "url: http://patrons.example.com/everything")
    [problem] = problems(repo)
    assert (problem.severity, problem.file) == ("WARNING", "feed.xml")
    assert problem.message.startswith("http://patrons.example.com/everything is plain http")


# -- soundbites and transcripts ---------------------------------------------------------------------------------

def test_soundbite_past_the_end_is_an_error_and_a_short_one_a_warning(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/002-remote.yml", "  - start: 12:00\n    duration: 45",
         "  - start: 1:01:50\n    duration: 45")
    edit(repo / "episodes/002-remote.yml", "duration: 60.25", "duration: 5")
    assert found(repo) == [("ERROR", "episodes/002-remote.yml", 21, "soundbites[1]"),
                           ("WARNING", "episodes/002-remote.yml", 25, "soundbites[2].duration")]


def test_transcript_that_is_not_webvtt_is_an_error(tmp_path):
    repo = show("everything", tmp_path)
    path = repo / "episodes/001-everything.de.vtt"
    path.write_text(path.read_text(encoding="utf-8").replace("WEBVTT", "WEB VTT"), encoding="utf-8")
    [problem] = problems(repo)
    assert problem.severity == "ERROR" and "001-everything.de.vtt" in str(problem)



def test_a_plain_text_transcript_not_in_utf8_is_an_error(tmp_path):
    # The loader reads WebVTT, SRT and JSON itself; text and HTML transcripts it only links, so check reads them.
    repo = show("everything", tmp_path)
    (repo / "episodes/001-everything.txt").write_bytes("Caf\xe9 talk\n".encode("latin-1"))
    edit(repo / "episodes/001-everything.yml", "  - file: episodes/001-everything.de.vtt\n",
         "  - file: episodes/001-everything.txt\n")
    assert found(repo) == [("ERROR", "episodes/001-everything.yml", 31, "transcripts[2]")]
    assert "episodes/001-everything.txt is not UTF-8 text" in problems(repo)[0].message


def test_unknown_fields_still_come_from_the_loader(tmp_path):
    repo = show("everything", tmp_path)
    append(repo / "episodes/003-bonus.yml", "soundbite: oops\n")
    [problem] = problems(repo)
    assert (problem.severity, problem.field) == ("ERROR", "soundbite")
    assert "did you mean 'soundbites'?" in problem.message
