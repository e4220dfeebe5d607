"""Durations as hosts write them (3723, 62:03, 1:02:03) and as pages show them."""

from __future__ import annotations

import re
from typing import Any

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")  # what float() reads, minus nan and inf
_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")
MAX_DURATION = 7 * 24 * 3600


def parse_duration(value: Any) -> float | None:
    """Seconds from 3723, 3723.5, '3723', '62:03', '1:02:03'. YAML 1.1 reads an unquoted 1:02:03 as the
    base-60 integer 3723, which is already the right number of seconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _seconds(float(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _NUMBER.match(text):
        return _seconds(float(text))
    match = _DURATION.match(text)
    if not match:
        return None
    hours, minutes, secs = match.groups()
    if (hours is not None and int(minutes) > 59) or float(secs) >= 60:
        return None
    return _seconds(int(hours or 0) * 3600 + int(minutes) * 60 + float(secs))


def _seconds(value: float) -> float | None:
    """Durations are real lengths: no negatives, no `.nan`/`.inf`, nothing longer than a week."""
    return value if 0 <= value <= MAX_DURATION else None


def format_duration(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def iso_duration(seconds: int) -> str:
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def decimal_seconds(value: float) -> str:
    """Decimal seconds as the namespace writes them: 73.0, 12.5, 33.833."""
    return str(float(round(value, 3)))


def npt(seconds: float) -> str:
    """Normal Play Time as Simple Chapters wants it: HH:MM:SS(.mmm)."""
    whole, millis = divmod(round(seconds * 1000), 1000)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{text}.{millis:03d}" if millis else text
