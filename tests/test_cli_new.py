"""`podsite new`: a host starts an episode, and the show still checks and builds."""

from __future__ import annotations

import shutil
import sys
import uuid
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from helpers import build_show, run
from podsite.cli.scaffold import slugify
from podsite.feed.notes import render_markdown
from podsite.layout import Paths
from podsite.load.catalog import load_catalog


def podsite(repo: Path, *args: str):
    return run([sys.executable, "-m", "podsite.cli", *args], cwd=repo)


def test_new_then_check_then_strict_build(show_copy):
    repo = show_copy("minimal")
    made = podsite(repo, "new", "Small Wins, with Amy L.", "--guest", "Amy L.", "--audio", "media/tone-6s.m4a",
                   "--date", "2024-05-01")
    assert made.returncode == 0, made.output
    yml = repo / "episodes/005-small-wins-amy-l.yml"
    assert f"created {yml.relative_to(repo).as_posix()}" in made.stdout
    assert (repo / "docs/episodes/005-small-wins-amy-l.md").is_file()
    assert "amy-l" in made.stdout and "Next:" in made.stdout

    untouched = podsite(repo, "check")  # dated in the past, so published: nothing written yet is an error
    assert untouched.returncode == 1 and "005-small-wins-amy-l.yml:8: summary: missing" in untouched.stdout
    yml.write_text(yml.read_text().replace("summary:   #", "summary: Amy on small wins.   #", 1))
    checked = podsite(repo, "check")
    assert checked.returncode == 0, checked.output
    assert "WARNING docs/episodes/005-small-wins-amy-l.md:1: is still the stub" in checked.stdout
    site = build_show(repo)

    episode = next(e for e in load_catalog(Paths.at(repo)).episodes if e.stem == "005-small-wins-amy-l")
    assert uuid.UUID(episode.guid).version == 4
    assert (episode.number, episode.season, episode.type) == (5, 1, "full")
    assert [c.person.id for c in episode.credits] == ["hana", "amy-l"]  # the show's host, then the guest
    assert episode.audio.bytes == (repo / "media/tone-6s.m4a").stat().st_size
    assert episode.audio.duration == 6
    feed = etree.parse(str(site / "feed.xml"))
    assert feed.xpath("//item[guid=$g]/title/text()", g=episode.guid) == ["Small Wins, with Amy L."]
    assert (site / "episodes/005-small-wins-amy-l/index.html").is_file()
    people = (repo / "episodes/_people.yml").read_text()
    assert "amy-l:\n  name: Amy L.\n  role: guest\n" in people and "bio: Hana hosts" in people


def test_new_without_audio_says_what_to_fill_in_and_check_points_at_it(show_copy):
    """No --audio: the episode is a draft until its audio is there, and a draft without audio blocks nothing."""
    repo = show_copy("minimal")
    made = podsite(repo, "new", "Next one")
    assert made.returncode == 0, made.output
    assert "put the recording at docs/media/005-next-one.mp3" in made.stdout
    assert "podsite measure episodes/005-next-one.yml" in made.stdout
    assert "remove draft: from episodes/005-next-one.yml to publish it" in made.stdout
    text = (repo / "episodes/005-next-one.yml").read_text()
    assert "draft: true" in text and "summary:" in text
    checked = podsite(repo, "check")
    assert checked.returncode == 0, checked.output
    assert ("WARNING episodes/005-next-one.yml:11: audio: not ready (audio.file: 'docs/media/005-next-one.mp3' "
            "does not exist; check the path (relative to the repository root)); fine while the episode is a draft "
            "or scheduled, needed before it is published") in checked.stdout
    build_show(repo)

    text = (repo / "episodes/005-next-one.yml").read_text()
    (repo / "episodes/005-next-one.yml").write_text(text.replace("draft: true\n", ""))
    due = podsite(repo, "check")  # published now: the missing file is an error like any other
    assert due.returncode == 1
    assert "episodes/005-next-one.yml:11: audio.file: 'docs/media/005-next-one.mp3' does not exist" in due.output


def test_new_copies_a_recording_from_outside_the_repository_into_docs_media(show_copy, tmp_path):
    repo = show_copy("minimal")
    recording = tmp_path / "Desktop" / "Final Mix.MP3"
    recording.parent.mkdir()
    shutil.copy(repo / "media/tone-6s.mp3", recording)
    made = podsite(repo, "new", "From the desktop", "--audio", str(recording), "--summary", "A test.")
    assert made.returncode == 0, made.output
    assert "copied" in made.stdout and "docs/media/005-desktop.mp3" in made.stdout
    copy = repo / "docs/media/005-desktop.mp3"
    assert copy.read_bytes() == recording.read_bytes()
    episode = next(e for e in load_catalog(Paths.at(repo)).episodes if e.stem == "005-desktop")
    assert episode.audio.asset.local == copy and episode.audio.bytes == copy.stat().st_size
    assert "draft" not in (repo / "episodes/005-desktop.yml").read_text()  # measured: ready to publish


def test_new_numbers_trailers_and_collisions(show_copy):
    repo = show_copy("minimal")
    for name in ("trailer", "7a", "7b"):  # every episode has its own recording
        shutil.copy(repo / "media/tone-6s.mp3", repo / f"media/{name}.mp3")
    first = podsite(repo, "new", "The Trailer", "--type", "trailer", "--audio", "media/trailer.mp3")
    assert first.returncode == 0, first.output
    trailer = (repo / "episodes/trailer.yml").read_text()
    assert "type: trailer" in trailer and "number:" not in trailer
    again = podsite(repo, "new", "Same Title", "--number", "7", "--season", "2", "--audio", "media/7a.mp3")
    twice = podsite(repo, "new", "Same Title", "--number", "7", "--season", "3", "--audio", "media/7b.mp3")
    assert again.returncode == twice.returncode == 0
    assert (repo / "episodes/007-same-title.yml").is_file() and (repo / "episodes/007-same-title-2.yml").is_file()
    guids = {e.guid for e in load_catalog(Paths.at(repo)).episodes}
    assert len(guids) == 5  # two fixture episodes published, three new ones, every GUID different


def test_new_refuses_a_bad_date_and_writes_nothing(show_copy):
    repo = show_copy("minimal")
    before = sorted(p.name for p in (repo / "episodes").iterdir())
    result = podsite(repo, "new", "Dated", "--date", "next tuesday")
    assert result.returncode == 1
    assert "--date: 'next tuesday' is not a date" in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in (repo / "episodes").iterdir()) == before


def test_slugs_are_ascii_short_and_readable():
    assert slugify("Ça va? The Art of Small Wins") == "ca-va-art-small-wins"
    assert slugify("The Power of Small Wins in Trauma Recovery, with Amy L.") == "power-small-wins-trauma-recovery-amy"
    assert slugify("The") == "the"
    assert slugify("🎙️") == ""


def test_new_with_a_guest_and_a_broken_people_file_names_the_line_and_writes_nothing(show_copy):
    repo = show_copy("minimal")
    people = repo / "episodes/_people.yml"
    people.write_text(people.read_text() + 'amy:\n  name: "Amy\n')  # the quote is never closed
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    result = podsite(repo, "new", "With Amy", "--guest", "Amy")
    assert result.returncode == 1
    assert "Traceback" not in result.output
    line = len(people.read_text().splitlines())
    assert f"episodes/_people.yml:{line}: name: a quote opened on this line is never closed" in result.stderr
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == before  # no half-made episode


def test_new_stub_keeps_a_title_with_a_comment_closer_out_of_the_page(show_copy):
    repo = show_copy("minimal")
    made = podsite(repo, "new", "Arrows --> and <!-- comments", "--draft")
    assert made.returncode == 0, made.output
    stub = next((repo / "docs/episodes").glob("005-*.md")).read_text()
    page = lxml_html.fragment_fromstring(render_markdown(stub), create_parent="div")
    assert page.text_content().strip() == ""  # the whole stub is one comment: nothing of it reaches listeners
