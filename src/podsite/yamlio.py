"""Reading YAML safely, keeping the line of every key so errors can point at it.

`LineLoader` is PyYAML's `SafeLoader` (no Python tags, no object construction) with two changes: mappings
and lists remember the line of each entry, and a key that appears twice is an error instead of the last one
silently winning.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_YAML_BYTES = 2 * 1024 * 1024  # a megabyte of metadata is already far beyond any real episode
MAX_ALIASES = 100  # real files use a few anchors; thousands mean an alias bomb


class LinedMap(dict):
    """A dict from YAML that knows the 1-based line of each key (`line_of`) and of itself (`line`)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LinedList(list):
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class YamlProblem(Exception):
    def __init__(self, line: int | None, message: str):
        self.line = line
        self.message = message
        super().__init__(message)


class LineLoader(yaml.SafeLoader):
    def __init__(self, stream: str):
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise YamlProblem(mark.line + 1, f"more than {MAX_ALIASES} YAML aliases (*name); write values out")
        return super().compose_node(parent, index)


def _construct_map(loader: LineLoader, node: yaml.MappingNode):
    data = LinedMap()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise YamlProblem(line, "a key must be a plain word, not a list or mapping") from None
        if key in data.key_lines:
            raise YamlProblem(line, f"'{key}' appears twice in this mapping (first on line "
                                    f"{data.key_lines[key]}); keep one")
        data.key_lines[key] = line
        data[key] = loader.construct_object(value_node, deep=True)


def _construct_seq(loader: LineLoader, node: yaml.SequenceNode):
    data = LinedList()
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)


LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def parse_yaml(text: str) -> Any:
    """Parse one YAML document; raises YamlProblem with a line for anything a host wrote wrong."""
    if "\t" in text:
        for number, line in enumerate(text.splitlines(), 1):
            if "\t" in line[: len(line) - len(line.lstrip())]:
                raise YamlProblem(number, "indented with a tab; YAML needs spaces")
    loader = LineLoader(text)
    try:
        return loader.get_single_data()
    except YamlProblem:
        raise
    except yaml.constructor.ConstructorError as err:
        line = err.problem_mark.line + 1 if err.problem_mark else None
        raise YamlProblem(line, f"unsupported YAML: {err.problem}; use plain values") from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(filter(None, [err.context, err.problem]))
        raise YamlProblem(line, f"not valid YAML ({what}); check quotes, colons and indentation") from None
    except yaml.YAMLError as err:
        raise YamlProblem(None, f"not valid YAML ({err})") from None
    finally:
        loader.dispose()


def read_yaml(path: Path) -> Any:
    """Read and parse a YAML file, refusing sizes and encodings a host never means to write."""
    raw = path.read_bytes()
    if len(raw) > MAX_YAML_BYTES:
        raise YamlProblem(None, f"the file is {len(raw):,} bytes; metadata files must stay under "
                                f"{MAX_YAML_BYTES:,} (move long notes into the write-up)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlProblem(line, "not valid UTF-8 text; save the file as UTF-8") from None
    return parse_yaml(text.removeprefix("\ufeff"))
