"""An episode's write-up, `docs/episodes/<stem>.md`: its text and front matter, split exactly as MkDocs does."""

from __future__ import annotations

from ..errors import Problem
from ..layout import Paths, file_problem
from ..model import Writeup
from ..text import INVISIBLE_CONTROL
from .yamlio import YamlProblem, parse_yaml, plain


def read_writeup(paths: Paths, stem: str, problems: list[Problem]) -> Writeup | None:
    path = paths.writeup(stem)
    if not path.exists() and not path.is_symlink():
        return None
    shown = paths.show(path)
    why = file_problem(paths.root, path)
    if why is not None:
        problems.append(Problem(shown, None, "", why))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        problems.append(Problem(shown, raw[: err.start].count(b"\n") + 1, "",
                                "not valid UTF-8 text; save the file as UTF-8"))
        return None
    control = INVISIBLE_CONTROL.search(text)
    if control:  # XML cannot carry these, so the show notes in the feed could not be written
        problems.append(Problem(shown, text[: control.start()].count("\n") + 1, "",
                                f"contains the invisible control character U+{ord(control.group()):04X}; "
                                f"remove it"))
        return None
    # MkDocs' own reader decides what is front matter (`---` ... `---` or `...`, or MultiMarkdown `key: value`
    # lines), so the feed's show notes and the page start at the same line. Imported here: the CLI reads
    # mkdocs.yml without MkDocs, and only a show with write-ups pays for this module.
    from mkdocs.utils.meta import YAML_RE, get_data

    match = YAML_RE.match(text)
    if match is None:
        body, meta = get_data(text)
        return Writeup(path, body, dict(meta))
    try:  # read again by podsite's loader, which names the line of a mistake where MkDocs would ignore it
        parsed = parse_yaml(match.group(1))
    except YamlProblem as err:
        field = "front matter." + err.field if err.field else "front matter"
        problems.append(Problem(shown, (err.line or 0) + 1, field, err.message))
        return None
    if parsed is not None and not isinstance(parsed, dict):
        problems.append(Problem(shown, 2, "front matter", "must be `field: value` lines"))
        return None
    return Writeup(path, text[match.end():].lstrip("\n"), plain(parsed or {}))
