"""Show notes as HTML for podcast apps: the write-up's markdown, with absolute links and nothing executable.

Apps show `content:encoded` outside the site, so a relative link would point nowhere and a script must never
reach a listener's app.
"""

from __future__ import annotations

import html
import posixpath
from urllib.parse import unquote, urlsplit

import markdown
from lxml import etree
from lxml import html as lxml_html

from .model import Episode
from .urls import SiteUrls

# The markdown dialect of write-ups in the feed; kept small so any app renders the result.
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
_DROP_TAGS = ("script", "style", "iframe", "object", "embed", "form", "input", "button", "noscript", "template")
_URL_ATTRS = {"a": "href", "img": "src", "audio": "src", "video": "src", "source": "src"}


def render_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")


def episode_notes_html(episode: Episode, urls: SiteUrls) -> str:
    """The full show notes of an episode for the feed's `content:encoded`."""
    if episode.writeup is not None:
        source = episode.writeup.markdown
    else:
        source = "\n\n".join(html.escape(p) for p in episode.summary.split("\n\n")) if episode.summary else ""
    if not source.strip():
        return ""
    return clean_for_feed(render_markdown(source), urls, SiteUrls.episode_page(episode))


def clean_for_feed(fragment: str, urls: SiteUrls, src_uri: str) -> str:
    """Remove executable content and turn every relative link into an absolute URL on the site."""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for element in list(root.iter(*_DROP_TAGS)):
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
