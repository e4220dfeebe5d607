"""`podsite check`: the lint a host runs before every commit and CI runs before every deploy. The rules
themselves live in podsite.lint, where every site build enforces the same errors."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

from ..errors import Problem
from ..model import Catalog


def print_report(problems: Iterable[Problem], catalog: Catalog | None = None, out: TextIO | None = None, *,
                 then: str = "") -> int:
    """Print one line per finding and a summary; the exit code: 1 with any ERROR, else 0. `then` names the
    check that follows (the continuity guard), so "no problems found" is never the last word before it fails."""
    out = out or sys.stdout  # looked up now, not at import: callers may have redirected it since
    problems = list(problems)
    for problem in problems:
        print(f"{problem.severity} {problem}", file=out)
    errors = sum(p.severity == "ERROR" for p in problems)
    warnings = len(problems) - errors
    scope = (f"{len(catalog.episodes)} published episode(s), {len(catalog.unpublished)} draft or scheduled; "
             if catalog else "")
    verdict = "no problems found" if not problems else f"{errors} error(s), {warnings} warning(s)"
    follows = f" in the files; {then} next" if then and not errors else ""
    print(f"podsite check: {scope}{verdict}{follows}.", file=out)
    return 1 if errors else 0
