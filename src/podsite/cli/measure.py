"""`podsite measure`: read the real audio file once and write its exact facts into the episode's YAML.

With `bytes`, `type` and `duration` (and embedded chapters) in the YAML, the audio can live on a CDN and CI
needs no audio files. A value already in the YAML that disagrees with the file is never overwritten silently:
the host sees which one and decides (`--force`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import PodsiteError, Problem, display_path
from ..layout import Paths, episode_files, relative_to_repo
from ..load.audio import AudioError, EmbeddedChapter, Measurement, measure_file
from ..timefmt import format_duration, parse_duration
from .yamledit import open_for_edit

# Types that name the same container: a host's `audio/mp4` for an .m4a file is as right as our `audio/x-m4a`.
_SAME_TYPE = [{"audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mpeg"},
              {"audio/x-m4a", "audio/mp4", "audio/m4a", "audio/aac", "audio/mp4a-latm"},
              {"audio/ogg", "audio/vorbis", "audio/opus", "audio/x-opus+ogg"}]


@dataclass
class Result:
    """What measuring one episode found: the values written, and the ones that disagree with the file."""

    shown: str
    written: dict[str, str] = field(default_factory=dict)
    disagreements: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    text: str | None = None  # the new file, when anything changes


def measure_episodes(paths: Paths, files: list[Path], audio: Path | None = None, *, force: bool = False
                     ) -> list[Result]:
    """Measure each episode; raises PodsiteError (nothing written) for a disagreement without `force`."""
    targets = files or [p for p in episode_files(paths) if _has_local_file(p)]
    if audio is not None and len(targets) != 1:
        raise PodsiteError([Problem(str(audio), None, "", "--audio measures one episode; name its YAML file")])
    problems: list[Problem] = []
    results = []
    for path in targets:
        try:
            result = _measure_one(paths, path, audio, force)
        except _Stop as stop:
            problems.append(stop.problem)
            continue
        problems.extend(result.disagreements)
        results.append(result)
    if problems:
        raise PodsiteError(problems)
    for result in results:
        if result.text is not None:
            (paths.root / result.shown).write_text(result.text, encoding="utf-8")
    return results


class _Stop(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def _has_local_file(path: Path) -> bool:
    from ..load.yamlio import YamlProblem, read_yaml

    try:
        data = read_yaml(path)
    except YamlProblem:
        return True  # measuring it reports the problem
    return isinstance(data, dict) and isinstance(data.get("audio"), dict) and bool(data["audio"].get("file"))


def _measure_one(paths: Paths, path: Path, override: Path | None, force: bool) -> Result:
    shown = display_path(path.absolute(), paths.root)
    if not path.is_file():
        raise _Stop(Problem(shown, None, "", "file not found"))
    try:
        doc = open_for_edit(path, shown)
    except PodsiteError as err:  # YAML it cannot edit: the line and the fix
        raise _Stop(err.problems[0]) from None
    if not isinstance(doc.data, CommentedMap):
        raise _Stop(Problem(shown, None, "", "must be a mapping of `field: value` lines"))
    audio = doc.data.get("audio")
    if audio is None:
        audio = doc.data["audio"] = CommentedMap()
    if not isinstance(audio, CommentedMap):
        raise _Stop(Problem(shown, _line(doc.data, "audio"), "audio", "must be a mapping (file:, url:, ...)"))
    result = Result(shown)
    found = _measured(paths, shown, audio, override, result)
    if override is not None and not audio.get("file") and not audio.get("url"):
        inside = relative_to_repo(paths.root, _repo_relative(paths, override) or "")
        if inside is not None:
            audio["file"] = _repo_relative(paths, override)
            result.written["file"] = audio["file"]
        else:
            result.notes.append("add audio.url: where the file is published (it is outside the repository)")
    _update(audio, "bytes", found.bytes, found.bytes, result, force, lambda old: _int(old) == found.bytes)
    _update(audio, "type", found.mime_type, found.mime_type, result, force,
            lambda old: same_type(str(old), found.mime_type))
    seconds = round(found.duration)
    _update(audio, "duration", seconds if isinstance(audio.get("duration"), int) else format_duration(seconds),
            format_duration(seconds), result, force,
            lambda old: (parsed := parse_duration(old)) is not None and abs(parsed - found.duration) <= 1)
    if found.chapters:
        _update_chapters(doc.data, found, result, force)
    if result.written and not result.disagreements:
        result.text = doc.text(lambda key: key in ("audio", "chapters"))
    return result


def _measured(paths: Paths, shown: str, audio: CommentedMap, override: Path | None, result: Result
              ) -> Measurement:
    """The episode's audio, measured: the recording given, its file in the repository, or else the published
    file at its url (read by ranges, never downloaded whole)."""
    url = audio.get("url")
    if override is None and not audio.get("file") and isinstance(url, str) and url.startswith(_WEB):
        from .remote import measure_url

        try:
            remote = measure_url(url)
        except PodsiteError as err:
            raise _Stop(Problem(shown, _line(audio, "url"), "audio.url", err.problems[0].message)) from None
        result.notes.append(f"measured {url} where it is published, reading {remote.fetched:,} of its "
                            f"{remote.measurement.bytes:,} bytes")
        return remote.measurement
    try:
        return measure_file(_source(paths, shown, audio, override))
    except AudioError as err:
        raise _Stop(Problem(shown, _line(audio, "file"), "audio.file", str(err))) from None


_WEB = ("http://", "https://")


def _source(paths: Paths, shown: str, audio: CommentedMap, override: Path | None) -> Path:
    if override is not None:
        if not override.is_file():
            raise _Stop(Problem(str(override), None, "", "file not found"))
        return override
    raw = audio.get("file")
    if not raw:
        raise _Stop(Problem(shown, _line(audio, None), "audio.file",
                            "no local audio to measure; add audio.file, or pass the recording: podsite measure "
                            f"{shown} --audio PATH"))
    local = relative_to_repo(paths.root, str(raw))
    if local is None or not local.is_file():
        raise _Stop(Problem(shown, _line(audio, "file"), "audio.file",
                            f"'{raw}' does not exist; check the path (relative to the repository root)"))
    return local


def _update(audio: CommentedMap, key: str, value: object, shown_value: object, result: Result, force: bool,
            agrees: Callable[[object], bool]) -> None:
    old = audio.get(key)
    if old is None:
        audio[key] = value
        result.written[key] = str(shown_value)
    elif not agrees(old):
        if force:
            audio[key] = value
            result.written[key] = f"{shown_value} (was {old})"
        else:
            result.disagreements.append(Problem(result.shown, _line(audio, key), f"audio.{key}",
                                                f"says {old} but the file has {shown_value}; fix it, or run "
                                                f"podsite measure --force to write the measured value"))


def _update_chapters(data: CommentedMap, found: Measurement, result: Result, force: bool) -> None:
    chapters = [c for c in found.chapters if c.start < found.duration]
    if chapters and chapters[0].start > 0:  # the loader wants every moment in a chapter
        chapters[0] = EmbeddedChapter(0.0, chapters[0].title, chapters[0].url)
    new = CommentedSeq()
    for chapter in chapters:
        entry = CommentedMap(start=_start(chapter.start), title=chapter.title)
        if chapter.url:
            entry["url"] = chapter.url
        new.append(entry)
    old = data.get("chapters")
    if old is None:
        data["chapters"] = new
        result.written["chapters"] = f"{len(new)} from the file"
        return
    same = isinstance(old, list) and len(old) == len(new) and all(
        isinstance(o, dict) and str(o.get("title")) == n["title"]
        and abs((parse_duration(o.get("start")) or -9) - c.start) < 1 for o, n, c in zip(old, new, chapters,
                                                                                         strict=True))
    if same:
        return
    if force:
        data["chapters"] = new
        result.written["chapters"] = f"{len(new)} from the file (replaced {len(old)})"
    else:
        result.disagreements.append(Problem(result.shown, _line(data, "chapters"), "chapters",
                                            f"the YAML lists {len(old)} chapter(s) that differ from the {len(new)} "
                                            f"in the audio file; keep yours (remove them from the file), or run "
                                            f"podsite measure --force to take the file's"))


def _start(seconds: float) -> str:
    whole = format_duration(seconds)
    fraction = round(seconds - int(seconds), 3)
    return whole if not fraction else f"{whole}{f'{fraction:.3f}'[1:].rstrip('0')}"


def _repo_relative(paths: Paths, path: Path) -> str | None:
    try:
        return path.absolute().relative_to(paths.root).as_posix()
    except ValueError:
        return None


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def same_type(old: str, measured: str) -> bool:
    """Whether two MIME types name the same audio container (`audio/mp4` and `audio/x-m4a`)."""
    old, measured = old.strip().lower(), measured.lower()
    return old == measured or any(old in group and measured in group for group in _SAME_TYPE)


def _line(mapping: Any, key: str | None) -> int | None:
    """1-based line of `key` in a ruamel mapping (of the mapping itself when key is None)."""
    try:
        if key is not None and key in mapping:
            return mapping.lc.key(key)[0] + 1
        return mapping.lc.line + 1
    except (AttributeError, KeyError, TypeError):
        return None
