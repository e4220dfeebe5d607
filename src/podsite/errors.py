"""Problems a host can fix, reported one per line as `file:line: field: what is wrong and what to do`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["ERROR", "WARNING"]


@dataclass(frozen=True)
class Problem:
    file: Path | str
    line: int | None
    field: str
    message: str
    severity: Severity = "ERROR"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        field = f" {self.field}:" if self.field else ""
        return one_line(f"{where}:{field} {self.message}")


def one_line(text: str) -> str:
    """A problem is one line whatever the host typed: a key or value quoted in it may hold a line break or
    another control character, shown escaped (`\\n`) instead."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


class PodsiteError(Exception):
    """One or more problems in the host's input. Never a bug in podsite: those stay tracebacks."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_path(path: Path, root: Path) -> str:
    """The path as a host would type it: relative to the repository when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
