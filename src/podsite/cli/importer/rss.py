"""Elements of a feed found by `prefix:name` under any namespace URI that prefix has in the wild."""

from __future__ import annotations

from lxml import etree

from ...feed.ext import FEED_NAMESPACES
from ..feedread import text_of

# Each prefix's namespace URIs: ours, plus the ones feeds in the wild also use (matched case-insensitively).
_NS = {prefix: (uri,) for prefix, uri in FEED_NAMESPACES.items()} | {
    "podcast": (FEED_NAMESPACES["podcast"],
                "https://github.com/podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"),
    "dc": ("http://purl.org/dc/elements/1.1/",),
}


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Children named `prefix:local` (any of the prefix's known namespace URIs, case-insensitively) or `local`."""
    prefix, _, local = name.rpartition(":")
    uris = {u.lower() for u in _NS.get(prefix, ())}
    found = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        if qname.localname == local and ((qname.namespace or "").lower() in uris if prefix else not qname.namespace):
            found.append(child)
    return found


def child(element: etree._Element, name: str) -> etree._Element | None:
    found = children(element, name)
    return found[0] if found else None


def child_text(element: etree._Element, name: str) -> str | None:
    found = child(element, name)
    if found is None:
        return None
    text = text_of(found).strip()
    return text or None


def child_attr(element: etree._Element, name: str, attr: str) -> str | None:
    found = child(element, name)
    value = found.get(attr) if found is not None else None
    return value.strip() if value and value.strip() else None
