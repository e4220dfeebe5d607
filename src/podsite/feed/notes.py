"""Show notes as HTML for podcast apps: the write-up's markdown, with absolute links and nothing executable.

Apps show `content:encoded` outside the site, so a relative link would point nowhere and a script must never
reach a listener's app. The policy is an allow-list (FEED_TAGS, FEED_ATTRIBUTES, FEED_URL_SCHEMES) applied by
Ammonia (nh3) as the last step, to every note the feed carries, rendered now or read from the cache.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from lxml import etree
from lxml import html as lxml_html

from ..cache import write_cache_file
from ..model import Episode
from ..urls import SiteUrls

# The markdown dialect of write-ups in the feed; kept small so any app renders the result.
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
# What podcast apps render in show notes: Apple documents p, ol, ul, li and a; most apps also show the rest.
# Anything else loses its tags (its text stays), and every other attribute (style, on*, class) is dropped.
FEED_TAGS = frozenset({"p", "br", "a", "ul", "ol", "li", "strong", "b", "em", "i", "blockquote", "code", "pre",
                       "h1", "h2", "h3", "h4", "h5", "h6", "img"})
FEED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"}}
FEED_URL_SCHEMES = frozenset({"http", "https", "mailto"})  # a javascript: or data: link loses its address
# Elements whose content goes with them, never shown as text (podsite check and podsite import drop the same).
DROP_TAGS = ("script", "style", "iframe", "object", "embed", "form", "input", "button", "noscript", "template",
             "svg", "math")
_URL_ATTRS = {"a": "href", "img": "src"}


CACHE_FILE = "notes.json"  # in the caller's cache folder, see read_notes and save_notes

# What else decides the output: this module's code (so editing it invalidates the cache) and the libraries.
_RECIPE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest() + "\0".join(
    ("", markdown.__version__, etree.__version__, ",".join(MARKDOWN_EXTENSIONS)))


def render_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")


class ShowNotes:
    """Show notes by content hash: each write-up is rendered at most once for as long as this object lives (a
    plugin keeps one across `mkdocs serve` rebuilds). Markdown rendering is most of the cost of a feed: about
    5 ms a write-up, 5 s for 1,000 episodes (see benchmarks/).

    It does no I/O: a caller that wants the notes kept between runs seeds it with `read_notes` and writes it
    back with `save_notes`."""

    def __init__(self, stored: Mapping[str, str] | None = None):
        self.stored = dict(stored or {})  # as read from the cache file: what `save_notes` compares against
        self._rendered = dict(self.stored)
        self._used: set[str] = set()

    def html(self, episode: Episode, urls: SiteUrls) -> str:
        """The full show notes of an episode for the feed's `content:encoded`."""
        if episode.writeup is not None:
            source = episode.writeup.markdown
        else:
            source = "\n\n".join(html.escape(p) for p in episode.summary.split("\n\n")) if episode.summary else ""
        if not source.strip():
            return ""
        src_uri = SiteUrls.episode_page(episode)
        # The key holds everything the result depends on: the text, where its relative links start, the site's
        # URLs.
        key = hashlib.sha256(f"{_RECIPE}\0{src_uri}\0{urls.site_url}\0{urls.directory_urls}\0{source}".encode())
        return self._cached(key.hexdigest(), lambda: clean_for_feed(render_markdown(source), urls, src_uri))

    def _cached(self, key: str, render: Callable[[], str]) -> str:
        self._used.add(key)
        rendered = self._rendered.get(key)
        if rendered is None:
            rendered = self._rendered[key] = render()
        return rendered

    def take_used(self) -> dict[str, str]:
        """The notes used since the last call, by key: what a cache file should keep (the archive as it is now)."""
        used = {key: self._rendered[key] for key in sorted(self._used) if key in self._rendered}
        self._used.clear()
        return used


def read_notes(folder: Path) -> ShowNotes:
    """Show notes seeded from `folder/notes.json`. A missing or damaged file just means rendering again, and so
    does an entry the feed's policy would change: whatever the file holds, nothing executable reaches the feed."""
    try:
        stored = json.loads((folder / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        stored = {}
    if not isinstance(stored, dict):
        stored = {}
    return ShowNotes({key: note for key, note in stored.items()
                      if isinstance(key, str) and isinstance(note, str) and sanitize_for_feed(note) == note})


def save_notes(folder: Path, notes: ShowNotes) -> None:
    """Keep the notes used since the last save in `folder/notes.json`; entries no write-up used are dropped, so
    the file tracks the archive. Best effort: a failure to write it never fails the build."""
    keep = notes.take_used()
    if keep != notes.stored:
        write_cache_file(folder / CACHE_FILE, json.dumps(keep, ensure_ascii=False).encode())
        notes.stored = keep


def clean_for_feed(fragment: str, urls: SiteUrls, src_uri: str) -> str:
    """Every relative link made an absolute URL on the site, then only what the feed allows kept."""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for element in root.iter(*_URL_ATTRS):
        attr = _URL_ATTRS[str(element.tag)]
        if element.get(attr) is not None:
            element.set(attr, _absolute(element.get(attr, ""), urls, src_uri))
    inner = (root.text and html.escape(root.text, quote=False)) or ""
    inner += "".join(etree.tostring(child, encoding="unicode", method="html") for child in root)
    return sanitize_for_feed(inner).strip()


def sanitize_for_feed(fragment: str) -> str:
    """The feed's HTML policy. Comments go too: they are notes to the host (like the stub `podsite new` writes)."""
    return nh3.clean(fragment, tags=set(FEED_TAGS), attributes=FEED_ATTRIBUTES, url_schemes=set(FEED_URL_SCHEMES),
                     clean_content_tags=set(DROP_TAGS), strip_comments=True, link_rel=None)


def _absolute(link: str, urls: SiteUrls, src_uri: str) -> str:
    """Resolve a link written in the markdown file at `src_uri` the way MkDocs does, but absolute."""
    parts = urlsplit(link.strip())
    if parts.scheme:
        return link.strip() if parts.scheme in ("http", "https", "mailto") else ""
    if parts.netloc:  # protocol-relative: //host/path
        return "https:" + link.strip()
    if not parts.path:  # "#section" on the same page
        return urls.absolute(urls.page_url(src_uri)) + link.strip()
    path = unquote(parts.path)
    if path.startswith("/"):
        target = path.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    url = urls.absolute(urls.page_url(target) if target.endswith(".md") else target)
    return url + (f"#{parts.fragment}" if parts.fragment else "")
