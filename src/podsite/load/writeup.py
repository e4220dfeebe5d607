"""An episode's write-up, `docs/episodes/<stem>.md`: its text and front matter."""

from __future__ import annotations

import re

from ..errors import Problem
from ..layout import Paths
from ..model import Writeup
from .yamlio import YamlProblem, parse_yaml, plain

_WRITEUP_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def read_writeup(paths: Paths, stem: str, problems: list[Problem]) -> Writeup | None:
    path = paths.docs_dir / "episodes" / f"{stem}.md"
    if not path.is_file():
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        problems.append(Problem(paths.show(path), raw[: err.start].count(b"\n") + 1, "",
                                "not valid UTF-8 text; save the file as UTF-8"))
        return None
    control = _WRITEUP_CONTROL.search(text)
    if control:  # XML cannot carry these, so the show notes in the feed could not be written
        problems.append(Problem(paths.show(path), text[: control.start()].count("\n") + 1, "",
                                f"contains the invisible control character U+{ord(control.group()):04X}; "
                                f"remove it"))
        return None
    meta: dict[str, object] = {}
    match = re.match(r"^---[ \t]*\n(.*?\n)?---[ \t]*\n", text, re.S)
    if match:
        try:
            parsed = parse_yaml(match.group(1) or "")
        except YamlProblem as err:
            problems.append(Problem(paths.show(path), (err.line or 0) + 1, "front matter." + err.field
                                    if err.field else "front matter", err.message))
            return None
        if parsed is not None and not isinstance(parsed, dict):
            problems.append(Problem(paths.show(path), 2, "front matter", "must be `field: value` lines"))
            return None
        meta = plain(parsed or {})
        text = text[match.end():]
    return Writeup(path, text, meta)
