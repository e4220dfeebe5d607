"""Transcripts as timed cues: WebVTT, SRT and the Podcasting 2.0 JSON format, read into one shape.

The site shows a transcript as readable text where each cue seeks the player, so every format becomes a list
of `Cue(start, end, speaker, text)` with plain text (markup removed, entities decoded). A broken file is a
host's mistake, reported as Problems with the line where it went wrong: `load_cues()` is what the
loader calls, so `podsite check` and the site build find the same mistakes before anything is written.
"""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path
from typing import TypeGuard

from ..errors import Problem
from ..model import Cue

VTT = "text/vtt"
SRT = "application/x-subrip"
JSON = "application/json"
# The MIME types hosts and tools use for each format we can read (the namespace names these three first).
READABLE_TYPES: dict[str, str] = {
    VTT: VTT, "text/webvtt": VTT,
    SRT: SRT, "application/srt": SRT, "text/srt": SRT, "text/x-srt": SRT,
    JSON: JSON, "application/json+transcript": JSON,
}

_TIME = r"(?:(\d{1,6}):)?([0-5]?\d):([0-5]\d)[.,](\d{1,3})"  # hours bounded: int() of 5,000 digits raises
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")


class TranscriptError(ValueError):
    """What is wrong with a transcript file, and the line (1-based) where it was found when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def is_readable(mime_type: str) -> bool:
    return mime_type.lower() in READABLE_TYPES


def parse_transcript(text: str, mime_type: str) -> tuple[Cue, ...]:
    """Cues in time order. Raises TranscriptError for a file a listener's app could not read either."""
    kind = READABLE_TYPES.get(mime_type.lower())
    if kind is None:
        raise TranscriptError(f"podsite cannot read {mime_type} transcripts; use WebVTT, SRT or JSON")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cues = {VTT: _parse_vtt, SRT: _parse_srt, JSON: _parse_json}[kind](text)
    if not cues:
        raise TranscriptError("no cues found; a transcript needs at least one timed line of text")
    return tuple(sorted(cues, key=lambda cue: cue.start))


def read_transcript(path: Path, mime_type: str) -> tuple[Cue, ...]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TranscriptError("not valid UTF-8 text; save the file as UTF-8") from None
    return parse_transcript(text, mime_type)


def load_cues(path: Path, mime_type: str, shown: str) -> tuple[tuple[Cue, ...], list[Problem]]:
    """The loader's one read of a local transcript: its cues, or one Problem at the file's line.

    `shown` is the path as the host sees it (relative to the repository). Formats podsite does not read (HTML,
    plain text) have no cues and no problem: they are only offered for download. A missing file is the
    loader's own problem.
    """
    if not is_readable(mime_type) or not path.is_file():
        return (), []
    try:
        return read_transcript(path, mime_type), []
    except TranscriptError as err:
        return (), [Problem(shown, err.line, "transcript", err.message)]


# -- WebVTT (https://www.w3.org/TR/webvtt1/) ------------------------------------------------------------------

def _parse_vtt(text: str) -> list[Cue]:
    lines = text.split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise TranscriptError("the first line of a WebVTT file must be WEBVTT", 1)
    header_end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    cues = []
    for first_line, block in _blocks(lines, start=header_end):  # the header may have lines like `Kind: captions`
        if re.match(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)", block[0]):
            continue
        timing_at = 0 if "-->" in block[0] else 1  # an optional cue identifier comes first
        if timing_at >= len(block) or "-->" not in block[timing_at]:
            raise TranscriptError(f"expected a timing line like 00:00:01.000 --> 00:00:04.000, found "
                                  f"{block[0][:60]!r}", first_line)
        cues.extend(_cue(block, timing_at, first_line, "."))
    return cues


# -- SRT ------------------------------------------------------------------------------------------------------

def _parse_srt(text: str) -> list[Cue]:
    cues = []
    for first_line, block in _blocks(text.split("\n"), start=0):
        timing_at = 1 if block[0].strip().isdigit() else 0
        if timing_at >= len(block) or "-->" not in block[timing_at]:
            raise TranscriptError(f"expected a cue number and a timing line like 00:00:01,000 --> "
                                  f"00:00:04,000, found {block[0][:60]!r}", first_line)
        cues.extend(_cue(block, timing_at, first_line, ","))
    return cues


def _cue(block: list[str], timing_at: int, first_line: int, decimal: str) -> list[Cue]:
    """The cue of one block whose timing line is `block[timing_at]`; none when it has no text. WebVTT and SRT
    differ only in the decimal mark of their times."""
    start, end = _timing(block[timing_at], first_line + timing_at, decimal)
    payload = "\n".join(block[timing_at + 1:])
    voice = _VOICE.search(payload)
    text = _plain(payload)
    return [Cue(start, end, text, _plain(voice.group(1)) if voice else None)] if text else []


def _blocks(lines: list[str], start: int):
    """(1-based line number, lines) of each blank-line separated block from `lines[start:]`."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _timing(line: str, number: int, separator: str) -> tuple[float, float]:
    match = _TIMING.match(line)
    if not match:
        example = f"00:01:02{separator}500 --> 00:01:05{separator}000"
        raise TranscriptError(f"cannot read the timing {line.strip()[:60]!r}; write it like {example}", number)
    values = match.groups()
    start, end = _seconds(values[:4]), _seconds(values[4:])
    if end < start:
        raise TranscriptError(f"the cue ends ({line.split('-->')[1].split()[0]}) before it starts "
                              f"({line.split('-->')[0].strip()})", number)
    return start, end


def _seconds(parts) -> float:
    hours, minutes, seconds, fraction = parts
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(fraction.ljust(3, "0")) / 1000


def _plain(payload: str) -> str:
    """Cue text without markup: tags removed, entities decoded, lines joined."""
    return " ".join(html.unescape(_TAG.sub("", payload)).split())


# -- Podcasting 2.0 JSON (podcast-namespace/transcripts/transcripts.md) -----------------------------------------

def _parse_json(text: str) -> list[Cue]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise TranscriptError(f"not valid JSON ({err.msg}); check the quotes and commas", err.lineno) from None
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list):
        raise TranscriptError('no "segments" list; a JSON transcript looks like {"version": "1.0.0", "segments": '
                              '[{"startTime": 0.5, "endTime": 2, "speaker": "Name", "body": "Hello"}]}')
    cues = []
    for index, segment in enumerate(segments, start=1):
        where = f"segment {index}"
        if not isinstance(segment, dict):
            raise TranscriptError(f"{where} is not an object with startTime and body")
        start, end, body = segment.get("startTime"), segment.get("endTime"), segment.get("body")
        if not _is_number(start) or start < 0:
            raise TranscriptError(f'{where} needs "startTime" in seconds, like 12.5')
        if end is not None and (not _is_number(end) or end < start):
            raise TranscriptError(f'{where} has an "endTime" before its "startTime"')
        if not isinstance(body, str):
            raise TranscriptError(f'{where} needs "body", the words spoken, as text')
        speaker = segment.get("speaker")
        cue_text = " ".join(body.split())  # plain text in this format: `<` is a character, not markup
        if cue_text:
            cues.append(Cue(float(start), float(end) if end is not None else None, cue_text,
                            (speaker.strip() or None) if isinstance(speaker, str) else None))
    return cues


def _is_number(value: object) -> TypeGuard[float]:
    """A real number of seconds: JSON may say NaN or Infinity, which Python reads as floats."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
