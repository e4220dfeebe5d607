"""Typed reading of one YAML mapping, collecting every problem with its line instead of stopping at the first.

Each getter returns a clean value or None (after recording a Problem), so a loader reads like a schema and a
host sees all their mistakes in one run.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..errors import Problem
from ..text import INVISIBLE_CONTROL
from ..timefmt import parse_duration
from ..vocab import NO_WORDS, YES_WORDS
from .yamlio import LinedList, LinedMap

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
Choice = TypeVar("Choice", bound=str)  # one of the values a field allows
MAX_INTEGER = 2**31 - 1  # the largest number apps that store it as a 32-bit integer can read
MIN_YEAR, MAX_YEAR = 1900, 2999  # old radio archives go back a long way; 20244 or 0024 is a typo


class Fields:
    """A view of one mapping from `file`; `prefix` names where it sits (e.g. `audio.` or `chapters[2].`)."""

    def __init__(self, data: LinedMap, file: str, problems: list[Problem], prefix: str = "",
                 home_line: int | None = None):
        self.data = data
        # Where a missing field is reported: the `owner:` line, not the first line indented under it.
        self.home_line = home_line
        self.file = file
        self.problems = problems
        self.prefix = prefix
        self.typos: set[str] = set()  # known fields already named by a "did you mean" line

    # -- reporting ---------------------------------------------------------------------------------------
    def line(self, key: str) -> int:
        if key not in self.data and self.home_line:
            return self.home_line
        return self.data.line_of(key) if isinstance(self.data, LinedMap) else 0

    def problem(self, key: str, message: str, line: int | None = None) -> None:
        if key in self.typos and message.startswith("missing"):
            return  # `byte:` already said "did you mean 'bytes'?": one mistake, one line
        self.problems.append(Problem(self.file, line or self.line(key), self.prefix + key, message))

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in self.data:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), allowed, n=1)
                fix = f"did you mean '{hint[0]}'?" if hint else f"known fields: {', '.join(sorted(allowed))}"
                self.problem(str(key), f"unknown field; {fix}")
                self.typos.update(hint)

    def _missing(self, key: str, required: bool, what: str) -> None:
        # `titel:` already produced "did you mean 'title'?": one mistake, one line.
        if not required or key in self.typos:
            return
        if key in self.data:  # `title:` or `title: ""`
            self.problem(key, f"is empty; write {what}")
            return
        line = self.home_line or (self.data.line if isinstance(self.data, LinedMap) else 0)
        self.problems.append(Problem(self.file, line, self.prefix + key, f"missing; add {what}"))

    # -- scalars -----------------------------------------------------------------------------------------
    def text(self, key: str, *, required: bool = False, what: str = "a text value", max_len: int = 100_000,
             multiline: bool = False) -> str | None:
        if not self.has(key):
            self._missing(key, required, what)
            return None
        value = self.data[key]
        if not isinstance(value, str):
            # YAML 1.1 reads `yes`, `1:30`, `007` or `2024-01-01` as other types; text is what the host typed.
            value = self.data.source_of(key) if isinstance(self.data, LinedMap) else None
            if value is None:
                self.problem(key, f"must be text, not {_kind(self.data[key])}; write {what}")
                return None
        value = unicodedata.normalize("NFC", value).strip()
        if not value:
            self._missing(key, required, what)
            return None
        return self._clean_text(key, value, max_len, multiline)

    def _clean_text(self, key: str, value: str, max_len: int, multiline: bool) -> str | None:
        if INVISIBLE_CONTROL.search(value):
            self.problem(key, "contains a control character; remove it (it is invisible but breaks feeds)")
            return None
        if not multiline and "\n" in value:
            self.problem(key, "must be a single line")
            return None
        if len(value) > max_len:
            self.problem(key, f"is {len(value):,} characters; keep it under {max_len:,}")
            return None
        return value

    def integer(self, key: str, *, required: bool = False, minimum: int = 1, maximum: int = MAX_INTEGER,
                what: str = "a whole number") -> int | None:
        if not self.has(key):
            self._missing(key, required, what)
            return None
        value = self.data[key]
        if isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):  # not "²" or "٣": isdigit() is
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"must be {what}, not {_kind(value)}")
            return None
        if value < minimum:
            self.problem(key, f"must be {minimum} or more, not {value}")
            return None
        if value > maximum:
            shown = f"{value:,}" if value < 10**30 else "a number of more than 30 digits"  # str() refuses 4,300+
            self.problem(key, f"is {shown}, more than podcast apps can store; write at most {maximum:,}")
            return None
        return value

    def boolean(self, key: str, *, required: bool = False) -> bool | None:
        """YAML 1.1 already turns yes/no/on/off into booleans; accept the quoted forms too."""
        if not self.has(key):
            self._missing(key, required, "true or false")
            return None
        value = self.data[key]
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            word = value.strip().lower()
            if word in YES_WORDS:
                return True
            if word in NO_WORDS:
                return False
        self.problem(key, f"must be true or false, not {value!r}")
        return None

    def choice(self, key: str, options: Sequence[Choice], *, required: bool = False,
               default: Choice | None = None) -> Choice | None:
        value = self.text(key, required=required, what=" or ".join(options))
        if value is None:
            return default
        for option in options:
            if value.lower() == option:
                return option
        hint = difflib.get_close_matches(value.lower(), options, n=1)
        fix = f"did you mean '{hint[0]}'?" if hint else f"use one of: {', '.join(options)}"
        self.problem(key, f"'{value}' is not allowed; {fix}")
        return default

    def url(self, key: str, *, required: bool = False, what: str = "an https:// address") -> str | None:
        value = self.text(key, required=required, what=what)
        if value is None:
            return None
        return self.check_url(key, value)

    def check_url(self, key: str, value: str, line: int | None = None) -> str | None:
        try:
            parts = urlsplit(value)
        except ValueError:  # "Invalid IPv6 URL": a stray [ or ] in the host
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
            self.problem(key, f"'{value}' is not a web address; write a full http:// or https:// URL", line)
            return None
        return value

    def email(self, key: str, *, required: bool = False) -> str | None:
        value = self.text(key, required=required, what="an e-mail address")
        if value is not None and not _EMAIL.match(value):
            self.problem(key, f"'{value}' is not an e-mail address")
            return None
        return value

    def duration(self, key: str, *, required: bool = False, what: str = "a duration like 42:10 or 1:02:03"
                 ) -> float | None:
        if not self.has(key):
            self._missing(key, required, what)
            return None
        seconds = parse_duration(self.data[key])
        if seconds is None:
            written = self._as_written(key)
            self.problem(key, f"'{written}' is not a duration; write {what} (hours:minutes:seconds, or seconds)")
        return seconds

    def _as_written(self, key: str) -> str:
        source = self.data.source_of(key) if isinstance(self.data, LinedMap) else None
        return source if source is not None else str(self.data[key])

    def moment(self, key: str, zone: ZoneInfo, *, required: bool = False) -> datetime | None:
        """A date-time with a zone. A bare date means midnight in the show's time zone; a time without a
        zone is ambiguous across hosts' and CI's clocks, so it is an error."""
        what = "a date like 2024-05-01 or 2024-05-01T09:00:00+02:00"
        if not self.has(key):
            self._missing(key, required, what)
            return None
        value = self.data[key]
        if isinstance(value, str):
            # A quoted "2024-06-12" is the same bare date as an unquoted one (datetime would read midnight
            # without a zone); anything with a time goes to datetime.
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                try:
                    value = datetime.fromisoformat(value.strip())
                except ValueError:
                    self.problem(key, f"'{value}' is not a date; write {what}")
                    return None
        if isinstance(value, datetime):
            if value.tzinfo is None or value.utcoffset() is None:
                self.problem(key, "has a time but no time zone; add one, e.g. 09:00:00+02:00 or 09:00:00Z")
                return None
        elif isinstance(value, date):
            value = datetime.combine(value, time(0, 0), tzinfo=zone)
        else:
            self.problem(key, f"must be {what}, not {_kind(value)}")
            return None
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            # Also keeps every later conversion (UTC, RFC 2822) away from datetime's limits.
            self.problem(key, f"the year {value.year} looks like a typo; write a year between {MIN_YEAR} and "
                              f"{MAX_YEAR}")
            return None
        return value

    # -- containers --------------------------------------------------------------------------------------
    def mapping(self, key: str, *, required: bool = False, what: str = "a mapping") -> Fields | None:
        if not self.has(key):
            self._missing(key, required, what)
            return None
        value = self.data[key]
        if not isinstance(value, LinedMap):
            self.problem(key, f"must be {what} (indented `name: value` lines), not {_kind(value)}")
            return None
        return Fields(value, self.file, self.problems, f"{self.prefix}{key}.", self.line(key))

    def items(self, key: str) -> list[tuple[int, Any, str]]:
        """The entries of a list as (line, value, label); a single value counts as a one-item list."""
        if not self.has(key):
            return []
        value = self.data[key]
        if isinstance(value, LinedList):
            return [(value.line_of(i), v, f"{key}[{i + 1}]") for i, v in enumerate(value)]
        return [(self.line(key), value, key)]

    def sub(self, value: Any, label: str, line: int, what: str) -> Fields | None:
        """A mapping found inside a list."""
        if not isinstance(value, LinedMap):
            self.problem(label, f"must be {what}, not {_kind(value)}", line)
            return None
        return Fields(value, self.file, self.problems, f"{self.prefix}{label}.")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, datetime | date):
        return f"the date {value}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"'{value}'"
