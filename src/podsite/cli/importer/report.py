"""What an import tells the host: the show, how many episodes, what it guessed, dropped and left to do."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    title: str = ""
    episodes: int = 0
    guesses: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
