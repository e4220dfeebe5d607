"""`podsite measure`: exact numbers from real audio files into the YAML, keeping the host's comments."""

from __future__ import annotations

import difflib
import re
import shutil
import sys
from pathlib import Path

from mutagen.id3 import CHAP, CTOC, ID3, TIT2, WXXX, CTOCFlags, ID3NoHeaderError

from helpers import run
from podsite.layout import Paths
from podsite.load.catalog import load_catalog

EPISODE = """\
# Episode 9: a host's own notes, which measure must keep.
title: Measured   # the title
guid: 0b7c3a4e-5f7c-4c36-9d43-6f1c2b7e9a10
date: 2024-03-01   # a bare date
number: 9
summary: >-
  A folded summary that
  spans two lines.
audio:
  # the recording, measured by podsite
  file: {file}
people:
  - hana   # our host
tags: [one, two]
"""


def podsite(repo: Path, *args: str):
    return run([sys.executable, "-m", "podsite.cli", *args], cwd=repo)


def only_added(before: str, after: str) -> list[str]:
    """The lines measure added; fails if it removed or changed any line the host wrote."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    assert not [line for line in diff if line.startswith("- ")], "\n".join(diff)
    return [line[2:] for line in diff if line.startswith("+ ")]


def episode(repo: Path, name: str, audio: str) -> Path:
    path = repo / "episodes" / name
    path.write_text(EPISODE.format(file=audio))
    return path


def test_measure_mp3_writes_exact_numbers_and_keeps_comments(show_copy):
    repo = show_copy("minimal")
    shutil.copy(repo / "media/tone-6s.mp3", repo / "media/009.mp3")  # every episode has its own recording
    path = episode(repo, "009-measured.yml", "media/009.mp3")
    before = path.read_text()
    result = podsite(repo, "measure", "episodes/009-measured.yml")
    assert result.returncode == 0, result.output
    size = (repo / "media/009.mp3").stat().st_size
    assert only_added(before, path.read_text()) == [f"  bytes: {size}", "  type: audio/mpeg", "  duration: 0:06"]
    assert f"episodes/009-measured.yml: wrote bytes {size}" in result.stdout
    loaded = next(e for e in load_catalog(Paths.at(repo)).episodes if e.stem == "009-measured")
    assert (loaded.audio.bytes, loaded.audio.mime_type, loaded.audio.duration) == (size, "audio/mpeg", 6)

    again = podsite(repo, "measure", "episodes/009-measured.yml")
    assert again.returncode == 0 and "already matches the audio file" in again.stdout


def test_measure_m4a_then_audio_moves_to_a_cdn_without_the_file(show_copy):
    repo = show_copy("minimal")
    path = episode(repo, "009-measured.yml", "media/tone-6s.m4a")
    assert podsite(repo, "measure").returncode == 0  # no names: every episode with a local file
    size = (repo / "media/tone-6s.m4a").stat().st_size
    text = path.read_text()
    assert f"  bytes: {size}\n  type: audio/x-m4a\n  duration: 0:06\n" in text
    # The host moves the file to a CDN: CI has no audio, and the YAML still has every number the feed needs.
    path.write_text(text.replace("  file: media/tone-6s.m4a", "  url: https://cdn.example.com/009.m4a"))
    (repo / "media/tone-6s.m4a").unlink()
    loaded = next(e for e in load_catalog(Paths.at(repo)).episodes if e.stem == "009-measured")
    assert (loaded.audio.asset.url, loaded.audio.bytes, loaded.audio.duration) == (
        "https://cdn.example.com/009.m4a", size, 6)


def test_measure_a_cdn_episode_from_the_local_recording(show_copy, tmp_path):
    repo = show_copy("minimal")
    recording = tmp_path / "recording.mp3"  # outside the repository, as a host's recording usually is
    shutil.copy(repo / "media/tone-6s.mp3", recording)
    path = repo / "episodes/009-cdn.yml"
    path.write_text("title: On a CDN\nguid: 1d4c2e55-6b1f-4a1e-8c55-0f3e8e3a9b21\ndate: 2024-03-01\naudio:\n"
                    "  url: https://cdn.example.com/009.mp3   # where it is published\n")
    result = podsite(repo, "measure", "episodes/009-cdn.yml", "--audio", str(recording))
    assert result.returncode == 0, result.output
    text = path.read_text()
    assert "url: https://cdn.example.com/009.mp3   # where it is published" in text and "file:" not in text
    assert f"bytes: {recording.stat().st_size}" in text


def test_measure_refuses_values_that_disagree_unless_forced(show_copy):
    repo = show_copy("minimal")
    path = episode(repo, "009-measured.yml", "media/tone-6s.mp3")
    path.write_text(path.read_text().replace("  file: media/tone-6s.mp3\n",
                                             "  file: media/tone-6s.mp3\n  duration: 42:10   # a guess\n"))
    before = path.read_text()
    refused = podsite(repo, "measure", "episodes/009-measured.yml")
    assert refused.returncode == 1
    assert "episodes/009-measured.yml:12: audio.duration: says 42:10 but the file has 0:06" in refused.stderr
    assert "--force" in refused.stderr and "Traceback" not in refused.output
    assert path.read_text() == before  # nothing written

    forced = podsite(repo, "measure", "episodes/009-measured.yml", "--force")
    assert forced.returncode == 0, forced.output
    assert "duration 0:06 (was 2530)" in forced.stdout or "duration 0:06 (was 42:10)" in forced.stdout
    assert re.search(r"^  duration: 0:06 +# a guess$", path.read_text(), re.M)  # the comment stays in its column


def test_measure_reads_chapters_embedded_in_an_mp3(show_copy):
    repo = show_copy("minimal")
    audio = repo / "media/chaptered.mp3"
    shutil.copy(repo / "media/tone-6s.mp3", audio)
    try:
        tags = ID3(audio)
    except ID3NoHeaderError:
        tags = ID3()
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=["a", "b"],
                  sub_frames=[TIT2(text=["Contents"])]))
    tags.add(CHAP(element_id="a", start_time=0, end_time=2500, sub_frames=[TIT2(text=["Hello"])]))
    tags.add(CHAP(element_id="b", start_time=2500, end_time=6000,
                  sub_frames=[TIT2(text=["World"]), WXXX(url="https://example.com/world")]))
    tags.save(audio)
    episode(repo, "009-measured.yml", "media/chaptered.mp3")
    result = podsite(repo, "measure", "episodes/009-measured.yml")
    assert result.returncode == 0, result.output
    assert "chapters 2 from the file" in result.stdout
    loaded = next(e for e in load_catalog(Paths.at(repo)).episodes if e.stem == "009-measured")
    assert [(c.start, c.title, c.url) for c in loaded.chapters] == [
        (0, "Hello", None), (2.5, "World", "https://example.com/world")]
    assert loaded.audio.bytes == audio.stat().st_size


def test_measure_rejects_a_file_that_is_not_audio(show_copy):
    repo = show_copy("minimal")
    (repo / "media/fake.mp3").write_bytes(b"this is not audio" * 100)
    episode(repo, "009-measured.yml", "media/fake.mp3")
    result = podsite(repo, "measure", "episodes/009-measured.yml")
    assert result.returncode == 1
    assert "episodes/009-measured.yml:11: audio.file: fake.mp3 is not an audio file" in result.stderr


def test_measure_names_the_line_of_yaml_it_cannot_read(show_copy):
    repo = show_copy("minimal")
    path = episode(repo, "009-measured.yml", "media/tone-6s.mp3")
    path.write_text(path.read_text().replace("tags: [one, two]", "tags: [one, two"))
    before = path.read_text()
    result = podsite(repo, "measure", "episodes/009-measured.yml")
    assert result.returncode == 1 and "Traceback" not in result.output
    assert re.search(r"^episodes/009-measured\.yml:\d+: ", result.stderr, re.M), result.stderr
    assert path.read_text() == before
