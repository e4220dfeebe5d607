"""One value from a feed in the form podsite's YAML takes: dates, durations, categories, languages, show
notes (HTML to markdown) and chapters. Each guess is reported."""

from __future__ import annotations

import difflib
import re
import urllib.parse
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ...feed.notes import DROP_TAGS
from ...timefmt import format_duration, parse_duration
from ...vocab import APPLE_CATEGORIES, LANGUAGE_CODE, NO_WORDS, YES_WORDS
from .report import ImportReport
from .rss import child, children

# Apple's categories before 2019, and their names now (apps still send the old ones).
_OLD_CATEGORIES = {
    "Games & Hobbies": "Leisure", "Science & Medicine": "Science", "Podcasting": "Technology",
    "Software How-To": "Technology", "Gadgets": "Technology", "Tech News": "News / Tech News",
    "Sports & Recreation": "Sports", "Government & Organizations": "Government", "Higher Education": "Education",
    "Educational Technology": "Education", "Training": "Education / How To", "Self-Help": "Education / "
    "Self-Improvement", "Philosophy": "Society & Culture / Philosophy", "History": "History",
}


def positive_int(value: str | None) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None


def explicit_flag(value: str | None) -> bool | None:
    word = (value or "").strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def duration_seconds(value: str | None) -> float | None:
    """itunes:duration in every format seen: 3044, 3044.5, 53:28, 00:55:33, 1:02:03, 75:12, 1h 2m 3s."""
    if value is None:
        return None
    text = value.strip().lower()
    seconds = parse_duration(text)
    if seconds is not None:
        return seconds
    parts = text.split(":")
    if len(parts) in (2, 3) and all(p.strip().replace(".", "", 1).isdigit() for p in parts):
        numbers = [float(p) for p in parts]
        return sum(n * 60 ** i for i, n in enumerate(reversed(numbers)))
    match = re.fullmatch(r"(?:(\d+)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?\s*(?:(\d+)\s*s(?:ec)?)?",
                         text)
    if match and any(match.groups()):
        hours, minutes, secs = (int(g or 0) for g in match.groups())
        return hours * 3600 + minutes * 60 + secs
    return None


def parse_date(raw: str) -> datetime | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        moment = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def language_code(value: str | None, guesses: list[str]) -> str:
    code = (value or "").strip().replace("_", "-")
    if LANGUAGE_CODE.match(code):
        return code
    guesses.append(f"language: '{value or ''}' is not a language code; used en")
    return "en"


def categories_of(channel: etree._Element, guesses: list[str]) -> list[str] | str:
    found: list[str] = []
    for element in children(channel, "itunes:category"):
        name = (element.get("text") or "").strip()
        sub = child(element, "itunes:category")
        sub_name = (sub.get("text") or "").strip() if sub is not None else ""
        category = category_of(name, sub_name, guesses)
        if category and category not in found:
            found.append(category)
    if not found:
        guesses.append("category: the feed has none from Apple's list; used Society & Culture")
        found = ["Society & Culture"]
    return found[0] if len(found) == 1 else found[:3]


def category_of(name: str, sub: str, guesses: list[str]) -> str | None:
    if name in APPLE_CATEGORIES:
        if sub and sub in APPLE_CATEGORIES[name]:
            return f"{name} / {sub}"
        if sub in _OLD_CATEGORIES:
            return _OLD_CATEGORIES[sub]
        return name
    if name in _OLD_CATEGORIES:
        guesses.append(f"category: '{name}' is Apple's old name; used {_OLD_CATEGORIES[name]}")
        return _OLD_CATEGORIES[name]
    close = difflib.get_close_matches(name, list(APPLE_CATEGORIES), n=1)
    if close:
        guesses.append(f"category: '{name}' is not in Apple's list; used {close[0]}")
        return close[0]
    return None


def one_line(text: str) -> str:
    return " ".join(text.split())


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def html_fragment(html: str) -> lxml_html.HtmlElement | None:
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None
    for element in list(root.iter(*DROP_TAGS)):
        element.drop_tree()
    return root


def plain_text(html: str) -> str:
    """Text of an HTML fragment, paragraphs kept as blank lines."""
    if "<" not in html:
        return "\n\n".join(one_line(p) for p in re.split(r"\n\s*\n", html.strip()) if p.strip())
    root = html_fragment(html)
    if root is None:
        return one_line(html)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "ul", "ol", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    return "\n\n".join(one_line(p) for p in re.split(r"\n\s*\n", text) if p.strip())


def markdown_of(html: str, base: str | None) -> str:
    """Show notes as markdown: scripts dropped, relative links made absolute against the old site."""
    from markdownify import markdownify

    if "<" not in html:
        return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", html.strip()) if p.strip()) + "\n"
    root = html_fragment(html)
    if root is None:
        return html.strip() + "\n"
    for element in root.iter("a", "img"):
        attr = "href" if element.tag == "a" else "src"
        value = (element.get(attr) or "").strip()
        if value and base and urllib.parse.urlsplit(value).scheme == "" and not value.startswith("#"):
            element.set(attr, urllib.parse.urljoin(base, value))
        if value.lower().startswith(("javascript:", "data:", "vbscript:")):
            del element.attrib[attr]
    _plain_spaces_at_edges(root)
    markdown = markdownify(etree.tostring(root, encoding="unicode", method="html"), heading_style="ATX",
                           bullets="-", strip=["div", "span"], keep_inline_images_in=_HEADINGS)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]  # markdownify drops images in headings unless told
_INLINE = ("em", "i", "strong", "b", "u", "a", "code", "span")
_EDGE_NBSP = re.compile("^\xa0+|\xa0+$")


def _plain_spaces_at_edges(root: lxml_html.HtmlElement) -> None:
    """`<em>1865&nbsp;</em>is`: markdownify moves a plain space at the edge of emphasis outside it, but drops a
    non-breaking one, gluing the words ("*1865*is"). Make those plain spaces first."""
    for element in root.iter(*_INLINE):
        if element.text and len(element) == 0:
            element.text = _EDGE_NBSP.sub(" ", element.text)


def clean_chapters(found: list[tuple[float, str, str | None]], duration: float | None, name: str,
                    report: ImportReport) -> list[dict[str, Any]]:
    """Chapters as the loader wants them: in order, the first at 0:00, none past the end of the audio."""
    chapters: list[dict[str, Any]] = []
    for start, title, url in sorted(found, key=lambda c: c[0]):
        if chapters and start <= chapters[-1]["chapter_start"]:
            continue
        if duration is not None and start >= duration:
            report.dropped.append(f"{name}: chapter '{title}' starts after the end of the audio")
            continue
        entry: dict[str, Any] = {"chapter_start": start, "start": chapter_start(start), "title": title[:500]}
        if url and url.startswith(("http://", "https://")):
            entry["url"] = url
        chapters.append(entry)
    if chapters and chapters[0]["chapter_start"] > 0:
        report.guesses.append(f"{name}: the first chapter started at {chapters[0]['start']}; moved it to 0:00")
        chapters[0]["start"] = "0:00"
    for entry in chapters:
        del entry["chapter_start"]
    return chapters


def chapter_start(seconds: float) -> str:
    whole = format_duration(seconds)
    fraction = round(seconds - int(seconds), 3)
    return whole if not fraction else whole + f"{fraction:.3f}"[1:].rstrip("0")
