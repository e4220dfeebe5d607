"""The package keeps the design's boundaries (README, "Architecture"): a small core, and above it `load`,
`feed`, `site` and `cli`, with arrows that only point down; MkDocs is asked in few places; each feed namespace
and the list of tags that never reach a listener are written down once."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).parent.parent / "src/podsite"
PARTS = ("load", "feed", "lint", "site", "cli")
# What each part may import from podsite at module level. `cli` may also reach `site` inside a function (the
# MkDocs fallback for an unusual mkdocs.yml), never at import time.
ALLOWED = {
    "core": {"core"},
    "load": {"core", "load"},
    "feed": {"core", "feed"},
    "lint": {"core", "load", "feed"},
    "site": {"core", "load", "feed", "lint", "site"},
    "cli": {"core", "load", "feed", "lint", "cli"},
}
LEAVES = {"model.py", "errors.py", "vocab.py"}  # the core's own base: they import nothing from podsite


def modules() -> dict[str, ast.Module]:
    return {path.relative_to(SOURCE).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(SOURCE.rglob("*.py"))}


def part_of(module: str) -> str:
    """`load/fields.py` -> load; `model.py` -> core; `podsite.feed.writer` -> feed."""
    first = module.removeprefix("podsite.").replace(".", "/").split("/")[0]
    return first if first in PARTS else "core"


def podsite_imports(name: str, tree: ast.Module) -> list[tuple[str, bool]]:
    """(absolute module, imported at module level) for every import of podsite code in file `name`."""
    package = ["podsite", *Path(name).parent.parts]
    found = []
    top_level = set(map(id, tree.body))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names = [target] if node.module else [f"{target}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found += [(n, id(node) in top_level) for n in names if n == "podsite" or n.startswith("podsite.")]
    return found


def test_arrows_point_down_from_cli_and_site_to_load_and_feed_to_the_core():
    wrong = []
    for name, tree in modules().items():
        if name == "mkdocs_plugin.py":  # the one-line re-export kept for existing mkdocs.yml files
            continue
        part = part_of(name)
        for target, top_level in podsite_imports(name, tree):
            allowed = ALLOWED[part] | ({"site"} if part == "cli" and not top_level else set())
            if target not in ("podsite", "podsite.__init__") and part_of(target) not in allowed:
                wrong.append(f"{name} imports {target}")
            if name in LEAVES and target != "podsite":
                wrong.append(f"{name} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_renderers_never_import_the_loader():
    for name, tree in modules().items():
        if part_of(name) == "feed" or name in ("site/pages.py", "site/artwork.py"):
            assert not [t for t, _ in podsite_imports(name, tree) if part_of(t) == "load"], name


def test_only_the_plugin_the_cli_and_the_front_matter_reader_import_mkdocs():
    importers = set()
    for name, tree in modules().items():
        for node in ast.walk(tree):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names):
                importers.add(name)
    # site/rendered.py stands in for MkDocs' Page.render, so it works with MkDocs' pages and files.
    assert importers == {"site/plugin.py", "site/atomic.py", "site/rendered.py", "cli/commands.py", "load/writeup.py"}


def test_feed_namespaces_are_written_once_in_the_feed_extension():
    uris = ("http://www.itunes.com/dtds/podcast-1.0.dtd", "https://podcastindex.org/namespace/1.0",
            "http://www.w3.org/2005/Atom", "http://purl.org/rss/1.0/modules/content/")
    found = {(name, node.value) for name, tree in modules().items() for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and any(u in node.value for u in uris)}
    assert {name for name, _ in found} == {"feed/ext.py"}, sorted(found)


def test_the_tags_that_never_reach_a_listener_are_listed_once_in_notes():
    lists = {name for name, tree in modules().items() for node in ast.walk(tree)
             if isinstance(node, ast.Tuple | ast.List | ast.Set)
             and {"script", "iframe"} <= {e.value for e in node.elts if isinstance(e, ast.Constant)}}
    assert lists == {"feed/notes.py"}
