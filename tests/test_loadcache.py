"""The episode cache (podsite.loadcache): a hit gives exactly what validating gives, and every change to what an
episode was validated from is a miss. Real fixture shows, real files, real feeds."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from helpers import copy_show
from podsite.cache import CACHE_DIR
from podsite.cli import main
from podsite.errors import PodsiteError
from podsite.feed.writer import render_feed
from podsite.layout import Paths
from podsite.load import catalog as load
from podsite.load.cache import CACHE_FILE
from podsite.load.catalog import load_catalog
from podsite.model import Catalog, Episode
from podsite.urls import SiteUrls


class Validations:
    """Counts how many episodes were validated from YAML (not taken from the cache) in each load."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.count = 0
        original = load.load_episode

        def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.count += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(load, "load_episode", counting)

    def load(self, repo: Path) -> tuple[Catalog, int]:
        self.count = 0
        catalog = load_catalog(Paths.at(repo))
        return catalog, self.count


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> Validations:
    return Validations(monkeypatch)


def all_episodes(catalog: Catalog) -> tuple[Episode, ...]:
    return catalog.episodes + catalog.unpublished


def test_a_hit_is_the_same_catalog_and_the_same_feed(tmp_path: Path, validations: Validations) -> None:
    repo = copy_show("everything", tmp_path)
    fresh, validated = validations.load(repo)
    assert validated == len(all_episodes(fresh)) == 5
    assert (repo / CACHE_DIR / CACHE_FILE).is_file()

    cached, validated = validations.load(repo)
    assert validated == 0
    assert all_episodes(cached) == all_episodes(fresh)
    for before, after in zip(all_episodes(fresh), all_episodes(cached), strict=True):
        # Fields left out of equality must survive too: the lines `check` points at, the write-up, the zone.
        assert after.lines == before.lines
        assert after.writeup == before.writeup and (after.writeup is None or after.writeup.meta == before.writeup.meta)
        assert after.date.tzinfo == before.date.tzinfo and after.date.utcoffset() == before.date.utcoffset()
        assert [t.cues for t in after.transcripts] == [t.cues for t in before.transcripts]
        assert [c.person is cached.people[c.person.id] for c in after.credits] == [True] * len(after.credits)
    urls = SiteUrls(fresh.show.site_url, True)
    assert render_feed(cached, urls) == render_feed(fresh, urls)


def test_editing_one_episode_validates_only_that_one(tmp_path: Path, validations: Validations) -> None:
    repo = copy_show("everything", tmp_path)
    validations.load(repo)
    episode = repo / "episodes" / "002-remote.yml"
    episode.write_text(episode.read_text().replace('title: "', 'title: "Renamed ', 1))
    catalog, validated = validations.load(repo)
    assert validated == 1
    assert any(e.title.startswith("Renamed Boats") for e in all_episodes(catalog))


def test_a_changed_transcript_is_read_again(tmp_path: Path, validations: Validations) -> None:
    repo = copy_show("everything", tmp_path)
    before, _ = validations.load(repo)
    vtt = repo / "episodes" / "001-everything.vtt"
    vtt.write_text(vtt.read_text().replace("\n\n", "\n\nNOTE added\n\n", 1).rstrip() + "\n\n"
                   "00:00:05.000 --> 00:00:06.000\nA line added after the first load.\n")
    after, validated = validations.load(repo)
    assert validated == 1
    cues = {e.stem: [c.text for t in e.transcripts for c in t.cues] for e in all_episodes(after)}
    assert "A line added after the first load." in cues["001-everything"]
    assert cues != {e.stem: [c.text for t in e.transcripts for c in t.cues] for e in all_episodes(before)}


def test_a_replaced_audio_file_is_measured_again(tmp_path: Path, validations: Validations) -> None:
    repo = copy_show("sample", tmp_path)
    (repo / "media").mkdir()
    before, _ = validations.load(repo)
    audio = before.episodes[0].audio.asset.local
    assert audio is not None
    size = audio.stat().st_size
    audio.write_bytes(audio.read_bytes() + b"\0" * 417)  # the YAML gives no bytes: the loader measures them
    after, validated = validations.load(repo)
    assert validated == 1
    assert (before.episodes[0].audio.bytes, after.episodes[0].audio.bytes) == (size, size + 417)


def test_a_deleted_image_is_an_error_again(tmp_path: Path, validations: Validations) -> None:
    repo = copy_show("everything", tmp_path)
    catalog, _ = validations.load(repo)
    image = next(e.image.local for e in all_episodes(catalog) if e.image and e.image.local)
    image.unlink()
    with pytest.raises(PodsiteError, match="does not exist"):
        validations.load(repo)


def test_a_symlink_pointed_out_of_the_repository_is_refused_again(tmp_path: Path, validations: Validations
                                                                   ) -> None:
    repo = copy_show("everything", tmp_path)
    catalog, _ = validations.load(repo)
    image = next(e.image.local for e in all_episodes(catalog) if e.image and e.image.local)
    outside = tmp_path / "outside.png"
    shutil.copy2(image, outside)
    image.unlink()
    image.symlink_to(outside)
    with pytest.raises(PodsiteError, match="outside the repository"):
        validations.load(repo)


def test_a_changed_person_role_reaches_cached_credits(tmp_path: Path, validations: Validations) -> None:
    repo = copy_show("everything", tmp_path)
    before, _ = validations.load(repo)
    people = repo / "episodes" / "_people.yml"
    text = people.read_text()
    assert "name: Gus Guest\n" in text  # gus has no role: credited as a guest
    people.write_text(text.replace("name: Gus Guest\n", "name: Gus Guest\n  role: producer\n"))
    after, validated = validations.load(repo)
    assert validated == len(all_episodes(after))  # the registry is part of every episode's key

    def roles_of_gus(catalog: Catalog) -> set[str]:
        return {c.role for e in all_episodes(catalog) for c in e.credits if c.person.id == "gus"}

    assert roles_of_gus(before) == {"guest"}
    assert roles_of_gus(after) == {"producer"}


def test_an_episode_with_a_problem_is_never_cached(tmp_path: Path, validations: Validations) -> None:
    repo = copy_show("everything", tmp_path)
    episode = repo / "episodes" / "002-remote.yml"
    good = episode.read_text()
    episode.write_text(good.replace("title:", "number: -3\ntitle:", 1))
    for _ in range(2):  # reported on every run, not only the first
        with pytest.raises(PodsiteError, match="number"):
            validations.load(repo)
    stored = json.loads((repo / CACHE_DIR / CACHE_FILE).read_text())
    assert str(episode) not in stored["episodes"]


def test_a_damaged_or_foreign_cache_file_only_costs_time(tmp_path: Path, validations: Validations) -> None:
    repo = copy_show("everything", tmp_path)
    fresh, _ = validations.load(repo)
    cache = repo / CACHE_DIR / CACHE_FILE
    for damage in ("{not json", "[]", json.dumps({"context": "someone else's", "episodes": {}})):
        cache.write_text(damage)
        catalog, validated = validations.load(repo)
        assert validated == len(all_episodes(catalog)) and all_episodes(catalog) == all_episodes(fresh)
    # An entry whose stored episode no longer fits the model is a miss, not a crash.
    stored = json.loads(cache.read_text())
    for entry in stored["episodes"].values():
        entry["episode"] = entry["episode"][:3]
    cache.write_text(json.dumps(stored))
    catalog, validated = validations.load(repo)
    assert validated == len(all_episodes(catalog)) and all_episodes(catalog) == all_episodes(fresh)


def test_an_unwritable_cache_folder_does_not_fail_the_load(tmp_path: Path, validations: Validations) -> None:
    repo = copy_show("everything", tmp_path)
    (repo / ".cache").write_text("a file where the folder would go")
    catalog, _ = validations.load(repo)
    assert len(all_episodes(catalog)) == 5


def test_the_cache_can_be_turned_off(tmp_path: Path) -> None:
    repo = copy_show("minimal", tmp_path)
    load_catalog(Paths.at(repo), cache=False)
    assert not (repo / CACHE_DIR / CACHE_FILE).exists()


def test_a_recently_modified_large_file_keeps_its_episode_out_of_the_cache(tmp_path: Path) -> None:
    """Large files are fingerprinted by size and time; one written within the clock's resolution could change
    again unseen, so the episode is validated again next time rather than trusted."""
    from podsite.load.cache import HASH_LIMIT, Reads

    big = tmp_path / "long.mp3"
    big.write_bytes(b"\0" * (HASH_LIMIT + 1))
    reads = Reads()
    reads.note(big)
    assert reads.racy()
    old = big.stat().st_mtime - 3600
    os.utime(big, (old, old))
    reads = Reads()
    reads.note(big)
    assert not reads.racy()


def test_fingerprints_tell_changed_episodes_from_unchanged_ones(tmp_path: Path, validations: Validations) -> None:
    """Episode.fingerprint is the same whether the episode came from the cache or not, and changes with
    anything the episode was built from: its YAML, a file it names, its write-up."""
    repo = copy_show("everything", tmp_path)

    def fingerprints() -> dict[str, str]:
        catalog, _ = validations.load(repo)
        return {e.stem: e.fingerprint for e in all_episodes(catalog)}

    fresh = fingerprints()
    assert all(fresh.values()) and len(set(fresh.values())) == len(fresh)
    assert fingerprints() == fresh  # from the cache: the same
    (repo / "docs" / "episodes" / "002-remote.md").write_text("A write-up, new since the first load.\n")
    vtt = repo / "episodes" / "001-everything.vtt"
    vtt.write_text(vtt.read_text().rstrip() + "\n\n00:00:05.500 --> 00:00:06.000\nAdded.\n")
    changed = fingerprints()
    assert {stem for stem in fresh if fresh[stem] != changed[stem]} == {"002-remote", "001-everything"}
    writeup = repo / "docs" / "episodes" / "001-everything.md"
    writeup.write_text(writeup.read_text() + "\nOne more line.\n")
    edited = fingerprints()
    assert {stem for stem in fresh if changed[stem] != edited[stem]} == {"001-everything"}


def test_a_date_in_a_daylight_saving_gap_comes_back_the_same(tmp_path: Path, validations: Validations) -> None:
    """A bare date means midnight in the show's zone; in Santiago, 2024-09-08 has no midnight (clocks jump to
    01:00). The cache must give back exactly what validation made, not a normalized instant."""
    repo = copy_show("minimal", tmp_path)
    show = repo / "episodes" / "_show.yml"
    show.write_text(show.read_text() + "timezone: America/Santiago\n")
    episode = repo / "episodes" / "001-first.yml"
    text = episode.read_text()
    old_date = next(line for line in text.splitlines() if line.startswith("date:"))
    episode.write_text(text.replace(old_date, "date: 2024-09-08"))
    fresh, _ = validations.load(repo)
    cached, validated = validations.load(repo)
    assert validated == 0
    before = next(e for e in all_episodes(fresh) if e.stem == "001-first").date
    after = next(e for e in all_episodes(cached) if e.stem == "001-first").date
    assert (after, after.isoformat(), after.tzinfo) == (before, before.isoformat(), before.tzinfo)


def test_a_tampered_entry_cannot_move_files_out_of_the_repository(tmp_path: Path, validations: Validations
                                                                  ) -> None:
    """Whoever can write .cache/ can write docs/ too, so the cache is trusted like the repository's files, but
    its paths are still held inside the repository: an entry that points out of it is validated again."""
    repo = copy_show("everything", tmp_path)
    fresh, _ = validations.load(repo)
    cache = repo / CACHE_DIR / CACHE_FILE
    stored = json.loads(cache.read_text())
    text = json.dumps(stored)
    assert '"media/tone-6s.mp3"' in text  # an audio file's site path, as stored
    cache.write_text(text.replace('"media/tone-6s.mp3"', '"../../outside.mp3"')
                     .replace(json.dumps(str(repo / "media" / "cover.png"))[1:-1], "/etc/passwd"))
    catalog, validated = validations.load(repo)
    assert validated >= 1
    assert all_episodes(catalog) == all_episodes(fresh)
    for episode in all_episodes(catalog):
        assert episode.audio.asset.site_path in (None, "media/tone-6s.mp3")


def test_a_racy_episode_is_not_stored(tmp_path: Path, validations: Validations) -> None:
    from podsite.load.cache import HASH_LIMIT

    repo = copy_show("minimal", tmp_path)
    big = repo / "media" / "long.mp3"
    big.write_bytes((repo / "media" / "tone-6s.mp3").read_bytes() + b"\0" * HASH_LIMIT)  # written just now
    episode = repo / "episodes" / "001-first.yml"
    text = episode.read_text()
    episode.write_text(text.replace("media/tone-6s.mp3", "media/long.mp3"))
    catalog, _ = validations.load(repo)
    stored = json.loads((repo / CACHE_DIR / CACHE_FILE).read_text())["episodes"]
    assert str(episode) not in stored and len(stored) == len(all_episodes(catalog)) - 1


def test_rendered_show_notes_are_kept_and_a_damaged_notes_file_costs_only_time(tmp_path: Path) -> None:
    repo = copy_show("everything", tmp_path)
    assert main(["feed", "-f", str(repo / "mkdocs.yml"), "-o", str(tmp_path / "feed.xml")]) == 0
    feed = (tmp_path / "feed.xml").read_bytes()
    notes = repo / CACHE_DIR / "notes.json"
    kept = json.loads(notes.read_text())
    assert isinstance(kept, dict) and kept and all(isinstance(v, str) for v in kept.values())
    assert not list(notes.parent.glob(".*.tmp"))  # written by rename, nothing left behind
    notes.write_text("[1, 2")
    assert main(["feed", "-f", str(repo / "mkdocs.yml"), "-o", str(tmp_path / "feed.xml")]) == 0
    assert (tmp_path / "feed.xml").read_bytes() == feed
    assert json.loads(notes.read_text()) == kept


def test_rendering_the_feed_writes_nothing_and_check_and_export_leave_the_notes_cache_alone(tmp_path: Path) -> None:
    repo = copy_show("everything", tmp_path)
    catalog = load_catalog(Paths.at(repo), cache=False)
    render_feed(catalog, SiteUrls(catalog.show.site_url, True))
    assert not (repo / ".cache").exists()
    assert main(["check", "-f", str(repo / "mkdocs.yml")]) == 0
    assert main(["export", "-f", str(repo / "mkdocs.yml"), str(tmp_path / "exported")]) == 0
    assert not (repo / CACHE_DIR / "notes.json").exists()
