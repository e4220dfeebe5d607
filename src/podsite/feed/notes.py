"""Show notes as HTML for podcast apps: the write-up's markdown, with absolute links and nothing executable.

Apps show `content:encoded` outside the site, so a relative link would point nowhere and a script must never
reach a listener's app.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from lxml import etree
from lxml import html as lxml_html

from ..cache import write_cache_file
from ..model import Episode
from ..urls import SiteUrls

# The markdown dialect of write-ups in the feed; kept small so any app renders the result.
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
# What never reaches a listener (podsite check and podsite import drop the same).
DROP_TAGS = ("script", "style", "iframe", "object", "embed", "form", "input", "button", "noscript", "template")
_URL_ATTRS = {"a": "href", "img": "src", "audio": "src", "video": "src", "source": "src"}


# Show notes by content hash: each write-up is rendered at most once per process (`mkdocs serve` rebuilds
# render only what changed) and, through `notes_cache`, once across builds. Markdown rendering is most of the
# cost of a feed: about 5 ms a write-up, 5 s for 1,000 episodes (see benchmarks/).
_rendered: dict[str, str] = {}
_used: set[str] = set()
CACHE_FILE = "notes.json"


# What else decides the output: this module's code (so editing it invalidates the cache) and the libraries.
_RECIPE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest() + "\0".join(
    ("", markdown.__version__, etree.__version__, ",".join(MARKDOWN_EXTENSIONS)))


def _key(text: str) -> str:
    return hashlib.sha256(f"{_RECIPE}\0{text}".encode()).hexdigest()


def render_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")


def _cached(recipe: str, render: Callable[[], str]) -> str:
    key = _key(recipe)
    _used.add(key)
    rendered = _rendered.get(key)
    if rendered is None:
        rendered = _rendered[key] = render()
    return rendered


@contextmanager
def notes_cache(folder: Path) -> Iterator[None]:
    """Keep rendered write-ups in `folder/notes.json` (keyed by content hash) between runs. Entries no write-up
    used in this run are dropped, so the file tracks the archive. A missing or damaged file just means
    rendering again; a failure to write it never fails the build."""
    path = folder / CACHE_FILE
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    if isinstance(stored, dict):
        _rendered.update({k: v for k, v in stored.items() if isinstance(k, str) and isinstance(v, str)})
    _used.clear()
    yield
    keep = {key: _rendered[key] for key in sorted(_used) if key in _rendered}
    if keep == stored:
        return
    write_cache_file(path, json.dumps(keep, ensure_ascii=False).encode())


def episode_notes_html(episode: Episode, urls: SiteUrls) -> str:
    """The full show notes of an episode for the feed's `content:encoded`."""
    if episode.writeup is not None:
        source = episode.writeup.markdown
    else:
        source = "\n\n".join(html.escape(p) for p in episode.summary.split("\n\n")) if episode.summary else ""
    if not source.strip():
        return ""
    src_uri = SiteUrls.episode_page(episode)
    # The key holds everything the result depends on: the text, where its relative links start, the site's URLs.
    return _cached(f"{src_uri}\0{urls.site_url}\0{urls.directory_urls}\0{source}",
                   lambda: clean_for_feed(render_markdown(source), urls, src_uri))


def clean_for_feed(fragment: str, urls: SiteUrls, src_uri: str) -> str:
    """Remove executable content and turn every relative link into an absolute URL on the site."""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    # Comments are notes to the host (like the stub `podsite new` writes), never meant for listeners' apps.
    for element in list(root.iter(etree.Comment, *DROP_TAGS)):
        element.drop_tree()
    for element in root.iter(etree.Element):
        for name in [n for n in element.attrib if n.lower().startswith("on")]:
            del element.attrib[name]
        attr = _URL_ATTRS.get(element.tag)
        if attr and element.get(attr) is not None:
            element.set(attr, _absolute(element.get(attr, ""), urls, src_uri))
    inner = (root.text and html.escape(root.text, quote=False)) or ""
    inner += "".join(etree.tostring(child, encoding="unicode", method="html") for child in root)
    return inner.strip()


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
