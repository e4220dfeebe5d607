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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from lxml import etree
from lxml import html as lxml_html

from ..cache import read_cache_object, write_cache_file
from ..errors import Problem
from ..model import Episode, Writeup
from ..processes import POOL_MIN_ITEMS, in_processes
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
        note = _note(episode, urls)
        if note is None:
            return ""
        return self._cached(note.key, partial(_render_note, note))

    def render_ahead(self, episodes: Iterable[Episode], urls: SiteUrls, processes: int, *,
                     minimum: int = POOL_MIN_ITEMS) -> int:
        """Render the notes not kept yet in `processes` processes, when there are at least `minimum` (a fresh
        clone: no .cache/podsite/); `html` then finds them. Returns how many were rendered."""
        todo = {note.key: note for episode in episodes
                if (note := _note(episode, urls)) is not None and note.key not in self._rendered}
        if processes < 2 or len(todo) < max(2, minimum):
            return 0
        done = 0
        for key, rendered in in_processes(_render_keyed, todo.values(), processes):
            if rendered is not None:
                self._rendered[key] = rendered
                done += 1
        return done

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


@dataclass(frozen=True)
class _Note:
    """What an episode's show notes are made from, and the key they are kept under."""

    key: str
    source: str  # Markdown
    src_uri: str  # where the source's relative links start
    urls: SiteUrls


def _note(episode: Episode, urls: SiteUrls) -> _Note | None:
    if episode.writeup is not None:
        source = episode.writeup.markdown
    else:
        source = "\n\n".join(html.escape(p) for p in episode.summary.split("\n\n")) if episode.summary else ""
    if not source.strip():
        return None
    src_uri = SiteUrls.episode_page(episode)
    # The key holds everything the result depends on: the text, where its relative links start, the site's URLs.
    key = hashlib.sha256(f"{_RECIPE}\0{src_uri}\0{urls.site_url}\0{urls.directory_urls}\0{source}".encode())
    return _Note(key.hexdigest(), source, src_uri, urls)


def _render_note(note: _Note) -> str:
    return clean_for_feed(render_markdown(note.source), note.urls, note.src_uri)


def _render_keyed(note: _Note) -> tuple[str, str | None]:
    """In a worker: None when the note cannot be rendered (the feed then renders it itself, and says why)."""
    try:
        return note.key, _render_note(note)
    except Exception:
        return note.key, None


def read_notes(folder: Path) -> ShowNotes:
    """Show notes seeded from `folder/notes.json`. A missing or damaged file just means rendering again, and so
    does an entry the feed's policy would change: whatever the file holds, nothing executable reaches the feed."""
    stored = read_cache_object(folder / CACHE_FILE)
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


# HTML transcripts (Podcasting 2.0 allows text/html) are published, on the site and to apps, through the same
# policy, with the few more tags transcripts use for speakers and times.
TRANSCRIPT_TAGS = FEED_TAGS | {"cite", "time", "span", "div", "section"}


def sanitize_transcript(document: str) -> str:
    """An HTML transcript as it is published: only what the policy allows, as a small UTF-8 page."""
    body = nh3.clean(document, tags=set(TRANSCRIPT_TAGS), attributes=FEED_ATTRIBUTES | {"time": {"datetime"}},
                     url_schemes=set(FEED_URL_SCHEMES), clean_content_tags=set(DROP_TAGS) | {"title"},
                     strip_comments=True, link_rel=None)
    return f'<!doctype html>\n<meta charset="utf-8">\n{body.strip()}\n'


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


# Addresses that run code when followed: never in the feed, and `podsite check` names them in a write-up.
_SCRIPT_SCHEMES = ("javascript:", "vbscript:")


def active_html(fragment: str) -> str | None:
    """The first thing in an HTML fragment that would run or embed something in a browser or an app (a dropped
    element, an event-handler attribute, a javascript: address), described for a host; None when there is none."""
    if "<" not in fragment:
        return None
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return None  # nothing an HTML parser can read, so nothing a browser would run
    for element in root.iter(etree.Element):
        tag = str(element.tag).lower()
        if tag in DROP_TAGS:
            return f"a <{tag}> element"
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                return f"an {name.lower()} attribute"
            if value.strip().lower().startswith(_SCRIPT_SCHEMES):
                return f"a {value.strip().split(':', 1)[0].lower()}: address"
    return None


def writeup_html_problem(writeup: Writeup, shown: str, *, forbid: bool) -> Problem | None:
    """The first active HTML a write-up would publish on the site, as a problem at its line (`shown` is the
    write-up's path as the host writes it): a warning, or an error where the show forbids it (raw_html)."""
    # Markdown makes nothing active by itself: that takes raw HTML (`<`), a script address, or an entity that
    # spells one. Most write-ups have none, and then cost no rendering here (every build runs this).
    markdown = writeup.markdown
    if "<" not in markdown and "&" not in markdown and "script" not in markdown.lower():
        return None
    found = active_html(render_markdown(markdown))
    if found is None:
        return None
    if forbid:
        return Problem(shown, _line_of(writeup, found), "", f"{found}: this show forbids active HTML in write-ups "
                                                            f"(raw_html: forbid); remove it")
    return Problem(shown, _line_of(writeup, found), "", f"{found} runs in visitors' browsers on the site (the feed "
                                                        f"drops it); remove it unless you mean it", "WARNING")


def _line_of(writeup: Writeup, found: str) -> int | None:
    """The line of the file where what `active_html` found is written (`<script`, `onclick`, `javascript:`)."""
    word = found.split(" ", 2)[1]  # "<script>", "onclick" or "javascript:"
    token = word.rstrip(">") if word.startswith("<") else word  # "<script", not the word script in the prose
    try:
        text = writeup.path.read_text(encoding="utf-8")
    except OSError:
        return None
    at = text.lower().find(token, len(text) - len(writeup.markdown))  # in the body, after any front matter
    return text[:at].count("\n") + 1 if at >= 0 else None

