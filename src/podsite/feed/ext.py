"""A feedgen extension for what feedgen cannot write or gets wrong: the Podcasting 2.0 `podcast:` namespace,
Podlove Simple Chapters, and every `itunes:` tag (feedgen 1.0 refuses `itunes:explicit` true/false, silently
drops `itunes:image` URLs ending in .jpeg or carrying a query string, and drops `itunes:episode` 0), so feedgen's
own podcast extension is not used at all.

The extension only places elements, in the order given, with lxml doing all escaping; `podsite.feed` decides
which ones exist, one small function per tag.
"""

from __future__ import annotations

import functools

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

NAMESPACES = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "psc": "http://podlove.org/simple-chapters",
}
# Every namespace of a podcast feed by its usual prefix, for reading feeds: ours, and the two feedgen writes.
FEED_NAMESPACES = {**NAMESPACES, "atom": "http://www.w3.org/2005/Atom",
                   "content": "http://purl.org/rss/1.0/modules/content/"}


class Tag:
    """One element to write: `name` is `prefix:local`; children nest the same way. A plain class with slots:
    a 1,000-episode feed makes about 17,000 of them."""

    __slots__ = ("attrs", "children", "name", "text")

    def __init__(self, name: str, text: str | None = None, attrs: dict[str, str] | None = None,
                 children: list[Tag] | None = None):
        self.name = name
        self.text = text
        self.attrs = attrs or {}
        self.children = children or []

    def build(self, parent: etree._Element) -> None:
        element = etree.SubElement(parent, _qualified(self.name), self.attrs)
        if self.text is not None:
            element.text = self.text
        for child in self.children:
            child.build(element)


@functools.cache
def _qualified(name: str) -> str:
    """`itunes:title` as lxml names it: `{http://www.itunes.com/dtds/podcast-1.0.dtd}title`."""
    prefix, local = name.split(":")
    return f"{{{FEED_NAMESPACES[prefix]}}}{local}"


class _Tags:
    def __init__(self) -> None:
        self.tags: list[Tag] = []

    def add(self, tag: Tag) -> None:
        self.tags.append(tag)

    def extend_ns(self) -> dict[str, str]:
        return dict(NAMESPACES)


class PodsiteExtension(_Tags, BaseExtension):
    """Channel-level tags. feedgen calls this before it appends the items, so they land before them."""

    def extend_rss(self, rss_feed: etree._Element) -> etree._Element:
        for tag in self.tags:
            tag.build(rss_feed[0])
        return rss_feed


class PodsiteEntryExtension(_Tags, BaseEntryExtension):
    def extend_rss(self, entry: etree._Element) -> etree._Element:
        for tag in self.tags:
            tag.build(entry)
        return entry
