"""Writing YAML for hosts: new files through PyYAML's emitter, edits of existing files through ruamel.yaml.

The loader reads YAML 1.1 (PyYAML), so new files are written by PyYAML's own emitter: it quotes every value
that YAML 1.1 would read differently (`yes`, `no`, `1:02:03`, dates), so what we write is what the loader
reads. Edits of a host's files (`podsite measure`, `podsite new` adding a guest) go through ruamel.yaml's
round-trip mode, which keeps comments, key order and quoting; we then re-read the result with the loader's
parser and refuse to write if anything but the keys we meant to change came out different.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..errors import PodsiteError, Problem
from ..load.yamlio import YamlProblem, parse_yaml, read_yaml


class _HostDumper(yaml.SafeDumper):
    """Lists indented under their key (`people:\\n  - id: jen`), as hosts write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, indentless=False)  # whatever PyYAML asks for


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:  # multi-line text as a literal block, not one long escaped line
        return dumper.represent_scalar("tag:yaml.org,2002:str", value.rstrip("\n") + "\n", style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_HostDumper.add_representer(str, _str)


def dump_yaml(data: dict[str, Any], header: Iterable[str] = ()) -> str:
    """A new YAML file: optional `# ` header lines, then `data`. Checked to read back as exactly `data`."""
    body = yaml.dump(data, Dumper=_HostDumper, allow_unicode=True, sort_keys=False, width=110,
                     default_flow_style=False)
    text = "".join(f"# {line}".rstrip() + "\n" for line in header) + body
    if _plain(parse_yaml(text)) != _plain(data):
        raise AssertionError(f"YAML writer produced text that reads differently:\n{text}")
    return text


def _plain(value: Any) -> Any:
    """Strip LinedMap/LinedList (and ruamel types) down to dict/list for comparison."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value).rstrip("\n") if "\n" in value else str(value)
    return value


class RoundTrip:
    """One host file opened for a comment-preserving edit: change `data`, then `text()` gives the new file."""

    _INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 3, 1))

    def __init__(self, path: Path):
        self.path = path
        self.original = path.read_text(encoding="utf-8")
        self.yaml = self._best_yaml()
        self.data = self.yaml.load(self.original)

    def _make(self, mapping: int, sequence: int, offset: int) -> YAML:
        rt = YAML(typ="rt")
        rt.preserve_quotes = True
        rt.width = 4096  # never re-wrap a host's long lines
        rt.indent(mapping=mapping, sequence=sequence, offset=offset)
        return rt

    def _best_yaml(self) -> YAML:
        """The indentation settings that reproduce the unedited file most exactly."""
        best, best_score = None, None
        lines = self.original.splitlines()
        for indents in self._INDENTS:
            rt = self._make(*indents)
            out = _dump(rt, rt.load(self.original)).splitlines()
            score = sum(a != b for a, b in zip(lines, out, strict=False)) + abs(len(lines) - len(out))
            if best_score is None or score < best_score:
                best, best_score = rt, score
            if score == 0:
                break
        assert best is not None
        return best

    def text(self, changed: Callable[[str], bool]) -> str:
        """The edited file, after checking that only top-level keys for which `changed(key)` is true differ."""
        text = _dump(self.yaml, self.data)
        before, after = _plain(parse_yaml(self.original)), _plain(parse_yaml(text))
        for key in set(before) | set(after):
            if not changed(key) and before.get(key) != after.get(key):
                raise AssertionError(f"editing {self.path} would change '{key}'; nothing was written")
        return text


def open_for_edit(path: Path, shown: str) -> RoundTrip:
    """`path` opened for a comment-keeping edit, or PodsiteError naming the line that neither reader can get past
    (`shown` is the path as the host types it). Nothing is written either way."""
    try:
        read_yaml(path)  # the loader's reading first: its messages are the ones `podsite check` gives
        return RoundTrip(path)
    except YamlProblem as err:
        raise PodsiteError([Problem(shown, err.line, err.field, err.message)]) from None
    except YAMLError as err:  # what only ruamel refuses
        mark = getattr(err, "problem_mark", None)
        why = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise PodsiteError([Problem(shown, mark.line + 1 if mark is not None else None, "",
                                    f"podsite cannot edit this file ({why}); fix the YAML on this line")]) from None


def _dump(rt: YAML, data: Any) -> str:
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()
