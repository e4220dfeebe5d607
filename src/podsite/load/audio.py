"""Reading real audio files: the one place podsite opens audio (with mutagen), for the loader, `podsite check`,
`podsite measure` and `podsite new` alike."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import mutagen

from ..vocab import AUDIO_TYPES

# The MIME types that correctly describe each container mutagen recognizes, the usual one first.
CONTAINER_TYPES: dict[str, tuple[str, ...]] = {
    "MP3": ("audio/mpeg",),
    "MP4": ("audio/x-m4a", "audio/mp4", "audio/m4a", "video/mp4", "video/x-m4v"),
    "OggOpus": ("audio/opus", "audio/ogg"),
    "OggVorbis": ("audio/ogg", "audio/vorbis"),
    "FLAC": ("audio/flac", "audio/x-flac"),
    "WAVE": ("audio/wav", "audio/x-wav", "audio/wave"),
    "AAC": ("audio/aac", "audio/aacp"),
}


@dataclass(frozen=True)
class EmbeddedChapter:
    start: float
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Measurement:
    bytes: int
    mime_type: str
    duration: float  # seconds, as the file says
    chapters: tuple[EmbeddedChapter, ...] = ()
    content_types: tuple[str, ...] = ()  # the types that fit the file's contents, whatever its name says


class AudioError(Exception):
    """The file is not audio podsite can read; the message says which file."""


def measure_file(path: Path) -> Measurement:
    """Size, type, length and embedded chapters of a real audio file (mutagen reads the container)."""
    return measure_stream(path, path.name, path.stat().st_size)


def measure_stream(source: Path | BinaryIO, name: str, size: int, served_as: str | None = None) -> Measurement:
    """The same from any seekable source: a file, or a remote one read by ranges (cli/remote.py), for which
    `name` is the URL's file name and `served_as` the server's Content-Type."""
    try:
        audio = mutagen.File(source)
    except Exception as err:  # mutagen raises many types for unreadable files; all mean "not audio we know"
        raise AudioError(f"{name} is not an audio file podsite can read ({err})") from None
    if audio is None or not getattr(audio.info, "length", 0):
        raise AudioError(f"{name} is not an audio file podsite can measure (MP3, M4A, Ogg, Opus, FLAC, WAV)")
    content_types = CONTAINER_TYPES.get(type(audio).__name__, tuple(audio.mime))
    mime = (AUDIO_TYPES.get(Path(name).suffix.lower()) or (served_as if served_as in content_types else None)
            or (audio.mime[0] if audio.mime else "audio/mpeg"))
    return Measurement(size, mime, float(audio.info.length), _chapters(audio), content_types)


def _chapters(audio: Any) -> tuple[EmbeddedChapter, ...]:
    """ID3 CHAP frames (MP3) or Nero chapters (M4A), in order."""
    found: list[EmbeddedChapter] = []
    tags = getattr(audio, "tags", None)
    if tags is not None and hasattr(tags, "getall"):
        for frame in tags.getall("CHAP"):
            title = next((str(sub.text[0]) for sub in frame.sub_frames.values() if sub.FrameID == "TIT2"), "")
            url = next((sub.url for sub in frame.sub_frames.values() if sub.FrameID in ("WXXX", "WOAR")), None)
            found.append(EmbeddedChapter(frame.start_time / 1000, title or frame.element_id, url or None))
    for chapter in getattr(audio, "chapters", None) or ():
        found.append(EmbeddedChapter(float(chapter.start), str(chapter.title)))
    return tuple(sorted(found, key=lambda c: c.start))
