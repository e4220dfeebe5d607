"""The commands' modules keep the design's boundaries: MkDocs is asked in one place, and each feed namespace and
the list of tags that never reach a listener are written down once."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).parent.parent / "src/podsite"


def modules() -> dict[str, ast.Module]:
    return {path.name: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(SOURCE.glob("*.py"))}


def test_only_the_plugin_and_the_cli_import_mkdocs():
    importers = set()
    for name, tree in modules().items():
        for node in ast.walk(tree):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            if any(n == "mkdocs" or n.startswith("mkdocs.") for n in names):
                importers.add(name)
    assert importers == {"mkdocs_plugin.py", "cli.py"}


def test_feed_namespaces_are_written_once_in_feed_ext():
    uris = ("http://www.itunes.com/dtds/podcast-1.0.dtd", "https://podcastindex.org/namespace/1.0",
            "http://www.w3.org/2005/Atom", "http://purl.org/rss/1.0/modules/content/")
    found = {(name, node.value) for name, tree in modules().items() for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and any(u in node.value for u in uris)}
    assert {name for name, _ in found} == {"feed_ext.py"}, sorted(found)


def test_the_tags_that_never_reach_a_listener_are_listed_once_in_notes():
    lists = {name for name, tree in modules().items() for node in ast.walk(tree)
             if isinstance(node, ast.Tuple | ast.List | ast.Set)
             and {"script", "iframe"} <= {e.value for e in node.elts if isinstance(e, ast.Constant)}}
    assert lists == {"notes.py"}
