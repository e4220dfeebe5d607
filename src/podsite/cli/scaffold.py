"""`podsite new "Title"`: the next episode's YAML (fresh GUID, next number, a clean slug) and its write-up stub.

It reads only what it needs from the show (numbers, seasons, people, time zone) and tolerates other episodes
being unfinished, so a host can start the next episode before the last one is done.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ruamel.yaml.comments import CommentedMap

from ..errors import PodsiteError, Problem
from ..layout import PEOPLE_FILE, RECORDINGS_DIR, SHOW_FILE, SLUG, Paths, episode_files, writeup_stub
from ..load.audio import AudioError, measure_file
from ..load.yamlio import YamlProblem, read_yaml
from ..model import HOST_ROLES
from ..timefmt import format_duration
from .yamledit import dump_yaml, open_for_edit

_STOP_WORDS = frozenset({"a", "an", "the", "of", "in", "on", "and", "or", "with", "for", "to", "at", "by", "from",
                         "is", "are", "our", "your", "my", "its"})
MAX_SLUG_WORDS = 6
MAX_SLUG_CHARS = 50


def slugify(title: str, *, max_words: int = MAX_SLUG_WORDS) -> str:
    """An ASCII URL segment from a title: `Ça va? The Art of Small Wins` gives `ca-va-art-small-wins`."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    kept = [w for w in words if w not in _STOP_WORDS] or words
    slug = ""
    for word in kept[:max_words]:
        if slug and len(slug) + 1 + len(word) > MAX_SLUG_CHARS:
            break
        slug = f"{slug}-{word}" if slug else word[:MAX_SLUG_CHARS]
    return slug


def person_id(name: str) -> str:
    """`Amy L.` gives `amy-l`: the id rule of _people.yml."""
    return slugify(name, max_words=8) or "person"


@dataclass
class NewEpisode:
    yaml_path: Path
    writeup_path: Path
    number: int | None
    season: int | None
    guid: str
    todo: list[str] = field(default_factory=list)
    added_people: list[str] = field(default_factory=list)
    copied: tuple[Path, Path] | None = None  # a recording from outside the repository, and where it goes


@dataclass(frozen=True)
class _Existing:
    """What the show already has, read leniently."""

    numbers: list[tuple[int | None, int]]  # (season, number)
    stems: set[str]
    people: dict[str, Any]
    timezone: str
    has_storage: bool  # _show.yml names a bucket: recordings wait in recordings/ for `podsite upload`


def new_episode(paths: Paths, title: str, *, guests: list[str] = (), when: str | None = None,  # type: ignore[assignment]
                season: int | None = None, episode_type: str = "full", number: int | None = None,
                audio: str | None = None, draft: bool = False, now: datetime | None = None,
                summary: str | None = None) -> NewEpisode:
    """Write the files for a new episode; raises PodsiteError (nothing written) for a bad argument."""
    title = " ".join(title.split())
    problems: list[Problem] = []
    if not title:
        problems.append(Problem("podsite new", None, "title", "give the episode's title in quotes"))
    existing = _read_existing(paths)
    if season is None and episode_type == "full":
        season = max((s for s, _ in existing.numbers if s is not None), default=None)
    if number is None and episode_type == "full":
        number = _next_number(existing.numbers, season)
    day = _date(when, existing.timezone, now, problems)
    slug = slugify(title) or "episode"
    if number:
        stem = f"{number:03d}-{slug}"
    else:  # unnumbered trailers and bonus episodes say what they are in the URL
        stem = slug if episode_type == "full" or slug.startswith(episode_type) else f"{episode_type}-{slug}"
    stem = _unique_stem(stem, existing.stems, paths)
    if problems:
        raise PodsiteError(problems)

    guid = str(uuid.uuid4())
    result = NewEpisode(paths.episodes_dir / f"{stem}.yml", paths.writeup(stem), number,
                        season, guid)
    data: dict[str, Any] = {"title": title, "guid": guid, "date": day}
    if number is not None:
        data["number"] = number
    if season is not None:
        data["season"] = season
    summary = " ".join((summary or "").split())
    if summary:
        data["summary"] = summary
    data["type"] = episode_type
    data["audio"] = _audio(paths, stem, audio, result, existing.has_storage)
    if draft or "bytes" not in data["audio"]:  # not published until its audio is measured (and draft: removed)
        data["draft"] = True
        data["audio"] = data.pop("audio")  # keep audio: last, after draft:
        if not draft:
            result.todo.append(f"when the audio is measured and the notes are written, remove draft: from "
                               f"episodes/{stem}.yml to publish it")
    credits = [pid for pid, entry in existing.people.items() if isinstance(entry, dict)
               and str(entry.get("role", "")).lower() in HOST_ROLES]
    for guest in guests:
        gid = guest if SLUG.match(guest) else person_id(guest)
        if gid not in existing.people:
            result.added_people.append(gid)
        if gid not in credits:
            credits.append(gid)
    if credits:
        data["people"] = credits
    header = [f"{title}: written by `podsite new`. The guid is this episode's identity in every podcast app:",
              "never change it. The file name is the page's URL: /episodes/" + stem + "/"]
    text = dump_yaml(data, header)
    if not summary:
        text = text.replace("\ntype: ", "\nsummary:   # one or two sentences for podcast apps and the episode "
                                        "list\ntype: ", 1)
    # Every file's text is ready before the first one is written: a _people.yml podsite cannot edit stops
    # here with a Problem, and no half-made episode is left behind.
    people = _people_text(paths, guests, result.added_people) if result.added_people else None
    writeup = None if result.writeup_path.exists() else writeup_stub(stem)
    if result.copied is not None:
        result.copied[1].parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(*result.copied)
    _write_new(result.yaml_path, text)
    if people is not None:
        _write_people(*people)
    if writeup is not None:
        _write_new(result.writeup_path, writeup)
    result.todo.insert(0, f"write {'' if summary else 'summary: in episodes/' + stem + '.yml and '}the show notes in "
                          f"docs/episodes/{stem}.md")
    for gid in result.added_people:
        result.todo.append(f"check {gid}'s name and add a bio in episodes/{PEOPLE_FILE}")
    return result


def _read_existing(paths: Paths) -> _Existing:
    numbers: list[tuple[int | None, int]] = []
    stems = set()
    for path in episode_files(paths):
        stems.add(path.stem)
        data = _lenient(path)
        number, season = data.get("number"), data.get("season")
        if isinstance(number, int) and not isinstance(number, bool):
            numbers.append((season if isinstance(season, int) and not isinstance(season, bool) else None, number))
    people = _lenient(paths.episodes_dir / PEOPLE_FILE)
    show = _lenient(paths.episodes_dir / SHOW_FILE)
    zone = show.get("timezone")
    return _Existing(numbers, stems, people, zone if isinstance(zone, str) else "UTC", bool(show.get("storage")))


def _lenient(path: Path) -> dict[str, Any]:
    """A YAML mapping, or {} when the file is missing or broken (`podsite check` reports those)."""
    try:
        data = read_yaml(path) if path.is_file() else None
    except YamlProblem:
        return {}
    return data if isinstance(data, dict) else {}


def _next_number(numbers: list[tuple[int | None, int]], season: int | None) -> int:
    """One more than the highest number; within the season when the show restarts numbering each season."""
    seasons = {s for s, _ in numbers}
    restarts = len(seasons) > 1 and len({n for _, n in numbers}) < len(numbers)
    pool = [n for s, n in numbers if s == season] if restarts else [n for _, n in numbers]
    return max(pool, default=0) + 1


def _date(when: str | None, timezone: str, now: datetime | None, problems: list[Problem]) -> date | str:
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    if when is None:
        return (now or datetime.now(zone)).astimezone(zone).date()
    try:
        return date.fromisoformat(when)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(when)
    except ValueError:
        problems.append(Problem("podsite new", None, "--date", f"'{when}' is not a date; write 2024-06-12 or "
                                                              f"2024-06-12T09:00:00+02:00"))
        return when
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)  # the host means their show's local time
    return moment.isoformat()


def _unique_stem(stem: str, taken: set[str], paths: Paths) -> str:
    candidate, n = stem, 2
    while candidate in taken or paths.writeup(candidate).exists():
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def _audio(paths: Paths, stem: str, audio: str | None, result: NewEpisode, has_storage: bool) -> dict[str, Any]:
    """The audio block: a measured local file, a URL to measure later, or the place to put the recording.
    With a bucket (storage: in _show.yml), recordings wait in recordings/, out of git, for `podsite upload`."""
    shown = f"episodes/{stem}.yml"
    if audio and audio.startswith(("http://", "https://")):
        result.todo.append(f"measure the audio: podsite measure {shown} --audio PATH-TO-THE-RECORDING")
        return {"url": audio}
    if audio:
        path = Path(audio).absolute()
        if not path.is_file():
            raise PodsiteError([Problem(audio, None, "--audio", "not found")])
        try:
            found = measure_file(path)
        except AudioError as err:
            raise PodsiteError([Problem(audio, None, "--audio", str(err))]) from None
        if not path.resolve().is_relative_to(paths.root.resolve()):
            # A recording from elsewhere (the desktop, a download): the site publishes what the repository holds.
            home = paths.root / RECORDINGS_DIR if has_storage else paths.docs_dir / "media"
            copy = home / f"{stem}{path.suffix.lower()}"
            if copy.exists():
                raise PodsiteError([Problem(audio, None, "--audio", f"is outside the repository, and "
                                            f"{paths.show(copy)} already exists; copy it in yourself or give the "
                                            f"URL where it is published")])
            result.copied = (path, copy)
            path = copy
        if has_storage:
            result.todo.append(f"upload the recording to the show's bucket: podsite upload {shown}")
        return {"file": path.absolute().relative_to(paths.root).as_posix(), "bytes": found.bytes,
                "type": found.mime_type, "duration": format_duration(round(found.duration))}
    if has_storage:
        planned = f"{RECORDINGS_DIR}/{stem}.mp3"
        result.todo.append(f"put the recording at {planned}, then run: podsite upload {shown}")
    else:
        planned = f"docs/media/{stem}.mp3"
        result.todo.append(f"put the recording at {planned} (or set audio.url to where it is published), then "
                           f"run: podsite measure {shown}")
    return {"file": planned}


def _people_text(paths: Paths, names: list[str], ids: list[str]) -> tuple[Path, str, bool]:
    """_people.yml with the new guests appended (the host's comments kept): (path, text, whether it is new).
    Raises PodsiteError, naming the line, when the file is YAML podsite cannot edit."""
    path = paths.episodes_dir / PEOPLE_FILE
    by_id = {(n if SLUG.match(n) else person_id(n)): n for n in names}
    if not path.is_file():
        return path, dump_yaml({gid: _person(by_id.get(gid, gid)) for gid in ids},
                               ["Everyone who appears on the show, by id."]), True
    doc = open_for_edit(path, paths.show(path))
    if doc.data is None:
        doc.data = CommentedMap()
    if not isinstance(doc.data, CommentedMap):
        raise PodsiteError([Problem(paths.show(path), 1, "", "must be a mapping of people by id (hana: ...)")])
    for gid in ids:
        doc.data[gid] = CommentedMap(_person(by_id.get(gid, gid)))
    return path, doc.text(lambda key: key in ids), False


def _write_people(path: Path, text: str, new: bool) -> None:
    if new:
        _write_new(path, text)
    else:
        path.write_text(text, encoding="utf-8")


def _person(name_or_id: str) -> dict[str, str]:
    name = name_or_id if not SLUG.match(name_or_id) else " ".join(
        part.capitalize() + ("." if len(part) == 1 else "") for part in name_or_id.split("-"))
    return {"name": name, "role": "guest"}


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite a host's file
        handle.write(text)
