"""Helpers for the feed and check tests (issue 3): a private copy of a fixture show, its catalog, its feed
rendered the way `build_feed.py` does (no site build, so each test stays fast), and small YAML edits."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from helpers import copy_show
from podsite.errors import PodsiteError, Problem
from podsite.feed.writer import render_feed
from podsite.layout import Paths
from podsite.lint import lint
from podsite.load.catalog import load_catalog
from podsite.model import Catalog
from podsite.urls import SiteUrls

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "psc": "http://podlove.org/simple-chapters",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
LEGACY_PODCAST_NS = b"https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
STRICT = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)


def show(name: str, tmp_path: Path) -> Path:
    return copy_show(name, tmp_path)


def catalog(repo: Path) -> Catalog:
    return load_catalog(Paths.at(repo))


def feed_bytes(repo: Path) -> bytes:
    cat = catalog(repo)
    return render_feed(cat, SiteUrls(cat.show.site_url))


def feed(repo: Path) -> etree._Element:
    """The feed, parsed strictly: a feed that does not parse fails the test right here."""
    return etree.fromstring(feed_bytes(repo), STRICT)


def problems(repo: Path) -> list[Problem]:
    """What `podsite check` finds: the loader's errors, or the lint's findings."""
    try:
        cat = catalog(repo)
    except PodsiteError as err:
        return err.problems
    return lint(cat, SiteUrls(cat.show.site_url))


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a YAML file (failing loudly if it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not exactly once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def item(root: etree._Element, guid: str) -> etree._Element:
    found = root.xpath("/rss/channel/item[guid=$guid]", guid=guid)
    assert len(found) == 1, guid
    return found[0]


def x(node: etree._Element, path: str):
    return node.xpath(path, namespaces=NS)
