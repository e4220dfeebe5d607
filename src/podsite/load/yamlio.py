"""Reading YAML safely, keeping the line of every key so errors can point at it.

`LineLoader` is PyYAML's `SafeLoader` (no Python tags, no object construction) with these changes: mappings
and lists remember the line of each entry and the source text of each plain scalar, a key that appears twice
is an error instead of the last one silently winning, aliases cannot expand into a bomb, and every failure
(including values PyYAML accepts as syntax but cannot build, like 2024-02-30) becomes a `YamlProblem` with a
line and a plain fix instead of a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.cyaml import CParser  # type: ignore[attr-defined]  # present when __with_libyaml__

MAX_YAML_BYTES = 2 * 1024 * 1024  # a megabyte of metadata is already far beyond any real episode
MAX_ALIASES = 100  # real files use a few anchors; thousands mean an alias bomb
MAX_EXPANDED_NODES = 10_000  # what all aliases together may expand to (a "billion laughs" expands to 10^9)
_KEY_ON_LINE = re.compile(r"^\s*(?:-\s+)*[\"']?([A-Za-z_][\w.-]*)[\"']?\s*:")


class LinedMap(dict):
    """A dict from YAML that knows the 1-based line of each key (`line_of`) and of itself (`line`), and the
    text of each unquoted scalar value as the host typed it (`source_of`)."""

    line: int = 0
    key_lines: dict[Any, int]
    sources: dict[Any, str]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)

    def source_of(self, key: Any) -> str | None:
        """`1:30`, `yes`, `007` or `2024-01-01` exactly as written, though YAML 1.1 turned them into 90, True,
        7 and a date: text fields use this so that what a host writes is what listeners read."""
        return getattr(self, "sources", {}).get(key)


class LinedList(list):
    line: int = 0
    item_lines: list[int]
    item_sources: list[str | None]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line

    def source_of(self, index: int) -> str | None:
        sources = getattr(self, "item_sources", [])
        return sources[index] if index < len(sources) else None


def plain(value: Any) -> Any:
    """The same data as built-in dicts and lists, for code that serializes it again (YAML dumpers refuse the
    line-tracking subclasses)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


class YamlProblem(Exception):
    """A file a host cannot have meant: `line` (1-based, when known), the `field` on that line, and the fix."""

    def __init__(self, line: int | None, message: str, field: str = ""):
        self.line = line
        self.message = message
        self.field = field
        super().__init__(message)


def _plain_source(node: yaml.Node) -> str | None:
    """The text of an unquoted scalar (quoted ones are already strings, so they need no help)."""
    if isinstance(node, yaml.ScalarNode) and not node.style:  # None from PyYAML, "" from libyaml
        return node.value
    return None


class LineLoader(yaml.SafeLoader):
    def __init__(self, stream: str):
        super().__init__(stream)
        self._aliases = 0
        self._expanded = 0
        self._weights: dict[int, int] = {}

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            line = event.start_mark.line + 1
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise YamlProblem(line, f"more than {MAX_ALIASES} YAML aliases (*name); write the values out")
            anchored = self.anchors.get(event.anchor)
            if anchored is not None:
                self._expanded += self._weight(anchored)
                if self._expanded > MAX_EXPANDED_NODES:
                    raise YamlProblem(line, f"YAML aliases (*name) here expand to more than "
                                            f"{MAX_EXPANDED_NODES:,} values (an alias bomb); write the values out")
        return super().compose_node(parent, index)

    def _weight(self, node: yaml.Node) -> int:
        """How many values `node` stands for once every alias inside it is expanded."""
        known = self._weights.get(id(node))
        if known is not None:
            return known
        if isinstance(node, yaml.SequenceNode):
            weight = 1 + sum(self._weight(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            weight = 1 + sum(self._weight(k) + self._weight(v) for k, v in node.value)
        else:
            weight = 1
        self._weights[id(node)] = weight
        return weight

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, ArithmeticError, AttributeError, TypeError, LookupError) as err:
            # PyYAML's resolver accepts 2024-02-30 or a +25:00 offset as a timestamp, and an explicit tag like
            # `!!timestamp soon` on anything; building the value then fails inside PyYAML with one of these.
            line = node.start_mark.line + 1
            if node.tag == "tag:yaml.org,2002:timestamp":
                why = ("the time zone must be between -23:59 and +23:59" if "offset" in str(err) else
                       str(err) if isinstance(err, ValueError) else "not a date and time")
                raise YamlProblem(line, f"'{node.value}' is not a real date ({why}); check the day, month, hour "
                                        f"and time zone") from None
            raise YamlProblem(line, f"'{node.value}' cannot be read ({err}); put it in quotes if it is text") \
                from None


def _construct_map(loader: LineLoader, node: yaml.MappingNode):
    data = LinedMap()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    data.sources = {}
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
            raise YamlProblem(line, f"appears twice in this mapping (first on line {data.key_lines[key]}); "
                                    f"keep one", str(key))
        data.key_lines[key] = line
        data[key] = loader.construct_object(value_node, deep=True)
        source = _plain_source(value_node)
        if source is not None:
            data.sources[key] = source


def _construct_seq(loader: LineLoader, node: yaml.SequenceNode):
    data = LinedList()
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    data.item_sources = [_plain_source(child) for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)


LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


if yaml.__with_libyaml__:
    class _FastLineLoader(CParser, LineLoader):
        """LineLoader's constructors over libyaml's parser: about 6x faster on a large archive (benchmarks/).
        Used only for files without aliases and that parse cleanly; anything else goes through LineLoader, so
        alias limits and the wording of every syntax error stay exactly as they are."""

        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # pragma: no cover - PyYAML wheels ship libyaml
    _FastLineLoader = None  # type: ignore[assignment,misc]


def _parse_fast(text: str) -> tuple[bool, Any]:
    """(True, data) when libyaml read the file; (False, None) when LineLoader must read it instead."""
    if _FastLineLoader is None or "*" in text:  # `*` may be an alias: LineLoader limits their expansion
        return False, None
    loader = _FastLineLoader(text)
    try:
        return True, loader.get_single_data()
    except yaml.YAMLError:
        return False, None
    finally:
        loader.dispose()


def key_on_line(text: str, line: int | None) -> str:
    """The `field` written on a line of YAML, so a syntax error can name it like any other problem."""
    lines = text.splitlines()
    if not line or line > len(lines):
        return ""
    match = _KEY_ON_LINE.match(lines[line - 1])
    return match.group(1) if match else ""


def parse_yaml(text: str) -> Any:
    """Parse one YAML document; raises YamlProblem with a line for anything a host wrote wrong."""
    try:
        return _parse(text)
    except YamlProblem as err:
        if not err.field:
            err.field = key_on_line(text, err.line)
        raise


# Lines as an editor numbers them: str.splitlines() would also break at U+2028, U+0085 and form feeds.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

def _parse(text: str) -> Any:
    if "\t" in text:
        for number, written in enumerate(_LINE_BREAK.split(text), 1):
            if "\t" in written[: len(written) - len(written.lstrip())]:
                raise YamlProblem(number, "indented with a tab; YAML needs spaces")
    parsed, data = _parse_fast(text)
    if parsed:
        return data
    loader = None
    try:
        loader = LineLoader(text)  # checks every character already, so it belongs inside the try
        return loader.get_single_data()
    except YamlProblem:
        raise
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + 1
        raise YamlProblem(line, f"contains the control character #x{err.character:04x}; remove it (it is "
                                f"invisible but breaks feeds)") from None
    except yaml.constructor.ConstructorError as err:
        raise YamlProblem(err.problem_mark.line + 1 if err.problem_mark else None,
                          _unsupported(err.problem or "")) from None
    except yaml.MarkedYAMLError as err:
        raise _syntax_problem(err) from None
    except yaml.YAMLError as err:
        raise YamlProblem(None, f"not valid YAML ({err})") from None
    finally:
        if loader is not None:
            loader.dispose()


def _unsupported(problem: str) -> str:
    match = re.search(r"tag '([^']*)'", problem)
    if match:
        tag = match.group(1).replace("tag:yaml.org,2002:", "!!")
        return f"the YAML tag {tag} is not allowed (podsite reads plain values only); remove it"
    return f"unsupported YAML ({problem}); use plain values"


# PyYAML's wording for the mistakes hosts make most, and what to do about each.
_SYNTAX_FIXES = (
    ("while scanning a quoted scalar", "a quote opened on this line is never closed; add the closing quote"),
    ("mapping values are not allowed here", "a second ': ' on one line; put the value in quotes"),
    ("found undefined alias", "uses an alias (*name) with no matching anchor (&name); write the value out"),
    ("found duplicate anchor", "the same anchor (&name) is defined twice; rename one"),
    ("found character '@' that cannot start any token", "a value cannot start with @; put it in quotes"),
    ("found character '`' that cannot start any token", "a value cannot start with `; put it in quotes"),
    ("expected a single document", "a second document (---) in the file; keep one"),
    ("while parsing a flow sequence", "a list opened with [ on this line is never closed with ]"),
    ("while parsing a flow mapping", "a mapping opened with { on this line is never closed with }"),
    ("expected <block end>", "this line's indentation does not match the lines above it; line up fields that "
                             "belong together"),
    ("could not find expected ':'", "a line without `field: value`; add the colon, or quote text that goes on "
                                    "over several lines"),
)


def _syntax_problem(err: yaml.MarkedYAMLError) -> YamlProblem:
    what = " ".join(filter(None, [err.context, err.problem]))
    for phrase, fix in _SYNTAX_FIXES:
        if phrase in what:
            # These errors are noticed at the end of the file or value; the mistake is where it started.
            mark = err.context_mark if err.context_mark and phrase.startswith("while") else err.problem_mark
            return YamlProblem(mark.line + 1 if mark else None, fix)
    mark = err.problem_mark or err.context_mark
    return YamlProblem(mark.line + 1 if mark else None,
                       f"not valid YAML ({what}); check quotes, colons and indentation")


def read_yaml(path: Path) -> Any:
    """Read and parse a YAML file, refusing sizes and encodings a host never means to write."""
    return parse_yaml(yaml_text(read_yaml_bytes(path)))


def read_yaml_bytes(path: Path) -> bytes:
    """A YAML file's bytes, refused when no host means to write that much metadata."""
    raw = path.read_bytes()
    if len(raw) > MAX_YAML_BYTES:
        raise YamlProblem(1, f"the file is {len(raw):,} bytes; metadata files must stay under "
                             f"{MAX_YAML_BYTES:,} (move long notes into the write-up)")
    return raw


def yaml_text(raw: bytes) -> str:
    """The text of a YAML file: UTF-8, without a byte-order mark."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlProblem(line, "not valid UTF-8 text; save the file as UTF-8",
                          key_on_line(raw.decode("utf-8", "replace"), line)) from None
    return text.removeprefix("\ufeff")
