"""Validated episodes kept between runs, so an unchanged episode is not parsed and checked again.

Reading and validating 1,000 episode files costs about 1.2 s (YAML construction is most of it); a build, the
feed and `podsite check` each paid it on every run, and `mkdocs serve` on every save. This cache stores each
episode that loaded *without a problem* as JSON in `.cache/podsite/episodes.json`, under a key made of:

- the exact bytes of the episode's YAML file;
- everything else its validation read: the show's `site_url` and `timezone`, the people registry's ids and
  roles, and a fingerprint of every repository file the episode names (audio, images, transcripts), taken
  *before* the file was read, so a file edited mid-build is a miss next time, never a stale hit;
- the code that validates (podsite's own modules and the versions of the libraries it reads files with).

Any difference is a miss and the episode is validated from scratch, so an error is always reported as fresh.
The write-up is never cached: it is read on every run (it is cheap, and MkDocs reads it anyway).

JSON, not pickle: a cache file must never be able to run code. Whoever can write `.cache/` can write `docs/`
and `episodes/` too, so an entry is trusted like the repository's own files, with one exception: the loader
still holds its paths and slug inside the repository (load.py `_held_in_repository`). Like everything in
`.cache/`, it is only an accelerator: a missing, damaged or unwritable file costs time, never a failure.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import sys
import time
import types
import typing
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import mutagen  # measures audio: its version is part of what an episode was validated with
import yaml

from .. import __version__
from ..cache import read_cache_object, write_cache_file
from ..model import Credit, Episode, Person, Writeup

CACHE_FILE = "episodes.json"
# Files up to this size are fingerprinted by content; larger ones (long audio) by size and modification time.
HASH_LIMIT = 4 * 1024 * 1024
# A file modified this recently may change again within the clock's resolution without its modification time
# changing ("racy" in git's words), so an episode that depends on one by size and time is not stored.
RACY_SECONDS = 2.0

Fingerprint = list[Any] | None
Files = dict[str, Fingerprint]


def fingerprint(path: Path) -> Fingerprint:
    """What a file is now: where it really is (symlinks resolved) and its content hash, or its size and
    modification time when it is large. None when there is no readable file."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError):
        return ["unreadable"]  # not None: a file that later vanishes must not look unchanged
    real = os.path.realpath(path)
    if not stat.S_ISREG(info.st_mode):
        return [real, "not a file"]
    if info.st_size > HASH_LIMIT:
        return [real, info.st_size, info.st_mtime_ns]
    try:
        return [real, hashlib.sha256(Path(real).read_bytes()).hexdigest()]
    except OSError:
        return ["unreadable"]


class Reads:
    """The repository files one episode's validation looked at, fingerprinted before each was read."""

    def __init__(self) -> None:
        self.files: Files = {}

    def note(self, path: Path) -> None:
        self.files.setdefault(str(path), fingerprint(path))

    def racy(self) -> bool:
        now = time.time_ns()
        return any(fp is not None and len(fp) == 3 and now - fp[2] < RACY_SECONDS * 1e9
                   for fp in self.files.values())


def _code_recipe() -> str:
    """What else decides a validated episode: podsite's own modules, and the libraries that read the files."""
    digest = hashlib.sha256()
    package = Path(__file__).parent.parent
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode() + b"\0" + module.read_bytes())
    parts = (__version__, sys.version, yaml.__version__, mutagen.version_string, digest.hexdigest())
    return "\0".join(parts)


class EpisodeCache:
    """Episodes by YAML file, each with the key it was validated under. `get` before validating, `put` after
    a clean validation, `save` once at the end (only entries used in this run are kept)."""

    def __init__(self, folder: Path | None, context: str):
        self.folder = folder
        self.context = hashlib.sha256(f"{_code_recipe()}\0{context}".encode()).hexdigest()
        self.stored: dict[str, Any] = {}
        self.kept: dict[str, Any] = {}
        if folder is not None:
            self.stored = read_cache_object(folder / CACHE_FILE)
            if self.stored.get("context") != self.context:
                self.stored = {}
        entries = self.stored.get("episodes")
        self.entries: dict[str, Any] = entries if isinstance(entries, dict) else {}

    def key(self, yaml_bytes: bytes) -> str:
        return hashlib.sha256(yaml_bytes).hexdigest()

    def get(self, path: Path, key: str, people: dict[str, Person]) -> tuple[Episode, Files] | None:
        """The stored episode and the fingerprints of the files it was validated from, if all still hold."""
        entry = self.entries.get(str(path))
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        files = entry.get("files")
        if not isinstance(files, dict) or any(fingerprint(Path(f)) != fp for f, fp in files.items()):
            return None
        try:
            episode = decode_episode(entry["episode"], people)
        except (KeyError, TypeError, ValueError, IndexError):
            return None  # written by another version of the model: validate again
        self.kept[str(path)] = entry
        return episode, files

    def put(self, path: Path, key: str, reads: Reads, episode: Episode) -> None:
        if reads.racy():
            return
        self.kept[str(path)] = {"key": key, "files": reads.files, "episode": encode_episode(episode)}

    def save(self) -> None:
        if self.folder is None or (self.kept == self.entries and self.stored):
            return
        _write_json(self.folder / CACHE_FILE, {"context": self.context, "episodes": self.kept})


def episode_fingerprint(path: Path, key: str, files: Files, writeup: Writeup | None) -> str:
    """Episode.fingerprint: the YAML file (its name is the episode's address unless it sets a slug) and its
    bytes' key, the files the episode names, and its write-up."""
    digest = hashlib.sha256(f"{path}\0{key}".encode())
    digest.update(json.dumps(files, sort_keys=True).encode())
    if writeup is not None:
        digest.update(repr((str(writeup.path), writeup.markdown, writeup.meta)).encode())
    return digest.hexdigest()


def _write_json(path: Path, data: object) -> None:
    write_cache_file(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


# -- the codec: model dataclasses <-> JSON, driven by the model's type hints -----------------------------------
#
# A dataclass becomes the list of its field values in order. Paths become strings, datetimes their ISO text
# plus the zone's name (so a date keeps its IANA zone, not just its offset). A credit stores its person's id:
# people come from the registry loaded in this run. The write-up is not stored (see the module docstring).

Decode = Callable[[Any, dict[str, Person]], Any]
Encode = Callable[[Any], Any]
_NOT_STORED = {(Episode, "writeup"), (Episode, "fingerprint")}


def encode_episode(episode: Episode) -> Any:
    return _encoder(Episode)(episode)


def decode_episode(data: Any, people: dict[str, Person]) -> Episode:
    return _decoder(Episode)(data, people)


def _stored_fields(cls: type) -> list[tuple[str, Any]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls) if (cls, f.name) not in _NOT_STORED]


def _parts(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    return typing.get_origin(hint), typing.get_args(hint)


_encoders: dict[Any, Encode] = {}
_decoders: dict[Any, Decode] = {}


def _encoder(hint: Any) -> Encode:
    if hint not in _encoders:
        _encoders[hint] = _make_encoder(hint)
    return _encoders[hint]


def _decoder(hint: Any) -> Decode:
    if hint not in _decoders:
        _decoders[hint] = _make_decoder(hint)
    return _decoders[hint]


def _optional(hint: Any) -> Any | None:
    """X for `X | None`, else None."""
    origin, args = _parts(hint)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return None


def _make_encoder(hint: Any) -> Encode:
    inner = _optional(hint)
    if inner is not None:
        encode = _encoder(inner)
        return lambda value: None if value is None else encode(value)
    origin, args = _parts(hint)
    if hint is Credit:
        return lambda credit: [credit.person.id, credit.role]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        fields = [(name, _encoder(field_hint)) for name, field_hint in _stored_fields(hint)]
        return lambda value: [encode(getattr(value, name)) for name, encode in fields]
    if origin is tuple:
        encode = _encoder(args[0])
        return lambda values: [encode(v) for v in values]
    if hint is Path:
        return str
    if hint is datetime:
        return _encode_datetime
    if hint in (str, int, float, bool) or origin in (typing.Literal, dict):
        return _same
    raise TypeError(f"the episode cache cannot store {hint!r}; teach loadcache.py about it")


def _make_decoder(hint: Any) -> Decode:
    inner = _optional(hint)
    if inner is not None:
        decode = _decoder(inner)
        return lambda value, people: None if value is None else decode(value, people)
    origin, args = _parts(hint)
    if hint is Credit:
        return lambda value, people: Credit(people[value[0]], value[1])
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    if origin is tuple:
        decode = _decoder(args[0])
        return lambda values, people: tuple(decode(v, people) for v in values)
    if hint is Path:
        return lambda value, people: Path(value)
    if hint is datetime:
        return _decode_datetime
    if hint in (str, int, float, bool) or origin in (typing.Literal, dict):
        return lambda value, people: value
    raise TypeError(f"the episode cache cannot read {hint!r}; teach loadcache.py about it")


def _dataclass_decoder(cls: type) -> Decode:
    fields = _stored_fields(cls)
    names = [name for name, _ in fields]
    decoders = [_decoder(field_hint) for _, field_hint in fields]
    if len(names) != len(dataclasses.fields(cls)):  # some fields are not stored: pass the rest by name
        def by_name(values: list[Any], people: dict[str, Person]) -> Any:
            if len(values) != len(names):
                raise ValueError("stored by another version of the model")
            return cls(**{n: d(v, people) for n, d, v in zip(names, decoders, values, strict=True)})
        return by_name

    def in_order(values: list[Any], people: dict[str, Person]) -> Any:
        if len(values) != len(names):
            raise ValueError("stored by another version of the model")
        return cls(*[d(v, people) for d, v in zip(decoders, values, strict=True)])
    return in_order


def _encode_datetime(moment: datetime) -> list[Any]:
    """A date in a named zone as its wall time, zone and fold (what the loader made: a bare date is midnight
    there, even on a day that has no midnight); a date with a fixed offset as ISO text with it."""
    zone = getattr(moment.tzinfo, "key", None)
    if zone is None:
        return [moment.isoformat(), None, 0]
    return [moment.replace(tzinfo=None).isoformat(), zone, moment.fold]


def _decode_datetime(value: list[Any], people: dict[str, Person]) -> datetime:
    text, zone, fold = value
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=ZoneInfo(zone), fold=fold) if zone else moment


def _same(value: Any) -> Any:
    return value
