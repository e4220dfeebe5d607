"""How podsite parses any RSS, its own feed included (the lint reads it back as an app would; the importer and
the continuity guard read other people's)."""

from __future__ import annotations

from lxml import etree


def rss_parser(*, recover: bool = False) -> etree.XMLParser:
    """No entities resolved, nothing fetched, no huge trees, and comments dropped as apps drop them. `recover`
    reads a feed that is not well-formed XML as far as it can (the importer's fallback); everything else reads
    strictly."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True,
                           recover=recover)
