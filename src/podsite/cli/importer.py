"""`podsite import FEED`: move a show in from any host, keeping everything apps know it by.

Every GUID, enclosure URL and length, date, number, season, type, explicit flag, image, chapters, transcript
link and person is kept exactly; the show keeps its old `podcast:guid`. Where the feed is missing something or
says it in an odd way, the importer decides, and says what it guessed.

Nothing is half-written: the whole show is written to a staging folder first and read back with the loader;
only a show the loader accepts is moved into place (missing enclosure lengths or durations, which only the
audio can tell, are the one exception: they are written and listed as to-dos for `podsite measure`).
"""

from __future__ import annotations

import difflib
import json
import re
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..errors import PodsiteError, Problem
from ..feed.ext import FEED_NAMESPACES
from ..feed.notes import DROP_TAGS
from ..identity import podcast_guid_for
from ..layout import PEOPLE_FILE, SHOW_FILE, Paths, episode_files
from ..load.catalog import load_catalog
from ..model import EPISODE_TYPES, SHOW_TYPES
from ..timefmt import format_duration, parse_duration
from ..urls import NOWHERE
from ..vocab import APPLE_CATEGORIES, AUDIO_TYPES, LANGUAGE_CODE, NO_WORDS, PERSON_ROLES, YES_WORDS
from .feedread import Location, base_url, fetch_url, parse_channel, read_feed, read_file, self_url, text_of
from .scaffold import person_id, slugify
from .yamledit import dump_yaml

AGENT = "podsite import"  # the User-Agent the old host sees
SUMMARY_CHARS = 600

# Each prefix's namespace URIs: ours, plus the ones feeds in the wild also use (matched case-insensitively).
_NS = {prefix: (uri,) for prefix, uri in FEED_NAMESPACES.items()} | {
    "podcast": (FEED_NAMESPACES["podcast"],
                "https://github.com/podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"),
    "dc": ("http://purl.org/dc/elements/1.1/",),
}
# Apple's categories before 2019, and their names now (apps still send the old ones).
_OLD_CATEGORIES = {
    "Games & Hobbies": "Leisure", "Science & Medicine": "Science", "Podcasting": "Technology",
    "Software How-To": "Technology", "Gadgets": "Technology", "Tech News": "News / Tech News",
    "Sports & Recreation": "Sports", "Government & Organizations": "Government", "Higher Education": "Education",
    "Educational Technology": "Education", "Training": "Education / How To", "Self-Help": "Education / "
    "Self-Improvement", "Philosophy": "Society & Culture / Philosophy", "History": "History",
}


@dataclass
class ImportReport:
    title: str = ""
    episodes: int = 0
    guesses: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)


def import_feed(source: str, paths: Paths, *, config_file: Path | None = None, site_url: str | None = None,
                owner_email: str | None = None, replace: bool = False) -> ImportReport:
    """Import the feed at `source` (URL or file) into the show folders `paths` (the caller reads them from
    mkdocs.yml); `config_file` gets the show's title as site_name, or is written when missing."""
    config_file = config_file or paths.root / "mkdocs.yml"
    data, location = read_feed(source, agent=AGENT)
    report = ImportReport()
    channel, broken = parse_channel(data, source, recover=True)
    if broken:
        report.guesses.append(f"the feed is not well-formed XML ({broken}); read what could be read")
    files = _Importer(channel, location, report, site_url, owner_email).run()
    _check_target(paths, replace, files)
    staged = _stage(files, paths, report)
    _install(staged, files, paths, replace, config_file, files.show_title)
    return report


# -- reading the feed --------------------------------------------------------------------------------------------

def _children(element: etree._Element, name: str) -> list[etree._Element]:
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


def _child(element: etree._Element, name: str) -> etree._Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _text(element: etree._Element, name: str) -> str | None:
    child = _child(element, name)
    if child is None:
        return None
    text = text_of(child).strip()
    return text or None


def _attr(element: etree._Element, name: str, attr: str) -> str | None:
    child = _child(element, name)
    value = child.get(attr) if child is not None else None
    return value.strip() if value and value.strip() else None


# -- turning it into files ------------------------------------------------------------------------------------

@dataclass
class _Files:
    show: dict[str, Any]
    people: dict[str, Any]
    episodes: dict[str, dict[str, Any]]  # stem -> YAML data
    writeups: dict[str, str]  # stem -> markdown
    show_title: str
    measure_todo: set[str] = field(default_factory=set)  # stems whose bytes or duration the feed lacks


class _Importer:
    def __init__(self, channel: etree._Element, location: Location, report: ImportReport, site_url: str | None,
                 owner_email: str | None):
        self.channel = channel
        self.location = location
        self.report = report
        self.site_url = site_url
        self.owner_email = owner_email
        self.problems: list[Problem] = []
        self.people: dict[str, dict[str, Any]] = {}
        self.person_ids: dict[tuple[str, str | None], str] = {}
        self.language = "en"
        self.base = base_url(channel, location.url)

    def run(self) -> _Files:
        show = self._show()
        episodes: dict[str, dict[str, Any]] = {}
        writeups: dict[str, str] = {}
        measure: set[str] = set()
        seen_guids: set[str] = set()
        taken: set[str] = set()
        items = [item for item in self.channel if isinstance(item.tag, str) and etree.QName(item).localname == "item"]
        numbered = [(_int(_text(i, "itunes:season") or _text(i, "podcast:season")),
                     _int(_text(i, "itunes:episode") or _text(i, "podcast:episode"))) for i in items]
        restarts = len({n for _, n in numbered if n}) < len([n for _, n in numbered if n])
        used_numbers: set[tuple[int | None, int]] = set()
        for index, item in enumerate(items, 1):
            episode = self._episode(item, index, seen_guids, used_numbers)
            if episode is None:
                continue
            data, notes = episode
            stem = self._stem(data, restarts, taken)
            episodes[stem] = data
            if notes:
                writeups[stem] = notes
            if "bytes" not in data["audio"] or "duration" not in data["audio"]:
                measure.add(stem)
        if not episodes:
            self.problems.append(Problem("the feed", None, "", "has no episodes with audio to import"))
        if self.problems:
            raise PodsiteError(self.problems)
        self.report.title = show["title"]
        self.report.episodes = len(episodes)
        return _Files(show, self.people, episodes, writeups, show["title"], measure)

    # -- the show ---------------------------------------------------------------------------------------------
    def _show(self) -> dict[str, Any]:
        c, guess = self.channel, self.report.guesses
        title = _one_line(_text(c, "title") or "")
        if not title:
            title = "My Podcast"
            guess.append(f"title: the feed has none; used '{title}'")
        show: dict[str, Any] = {"title": title[:255]}
        description = _plain(_text(c, "description") or _text(c, "itunes:summary") or "")
        if not description:
            description = title
            guess.append("description: the feed has none; used the title")
        if len(description) > 4000:
            description = _shorten(description, 4000)
            guess.append("description: longer than Apple's 4000 characters; shortened")
        show["description"] = description
        show["site_url"] = self._site_url()
        self.language = _language(_text(c, "language"), guess)
        show["language"] = self.language
        show["category"] = _categories(c, guess)
        show["explicit"] = _explicit(_text(c, "itunes:explicit"))
        if show["explicit"] is None:
            show["explicit"] = False
            guess.append("explicit: the feed does not say; set to false")
        owner = _child(c, "itunes:owner")
        owner_name = _one_line(_text(owner, "itunes:name") or "") if owner is not None else ""
        email = (_text(owner, "itunes:email") if owner is not None else None) or self.owner_email
        editor = _text(c, "managingEditor") or ""
        if not email and "@" in editor:
            email = editor.split()[0]
            guess.append(f"owner.email: the feed has no itunes:owner; took managingEditor ({email})")
        if not email:
            self.problems.append(Problem("the feed", None, "owner.email",
                                         "the feed has no owner e-mail (itunes:owner), and Apple and Spotify "
                                         "verify ownership through it; run again with --owner-email you@example.com"))
        author = _one_line(_text(c, "itunes:author") or "") or owner_name or title
        show["author"] = author[:255]
        show["owner"] = {"name": owner_name or author, "email": email or ""}
        show["image"] = self._show_image()
        kind = (_text(c, "itunes:type") or "").lower()
        if kind in SHOW_TYPES:
            show["type"] = kind
        if _text(c, "copyright"):
            show["copyright"] = _one_line(_text(c, "copyright") or "")
        podcast_guid = self._podcast_guid()
        if podcast_guid:
            show["podcast_guid"] = podcast_guid
        self._show_extras(show)
        for person in _children(c, "podcast:person"):
            self._person(person)
        return show

    def _site_url(self) -> str:
        if self.site_url:
            return self.site_url
        link = _text(self.channel, "link")
        if link and link.startswith(("http://", "https://")):
            self.report.guesses.append(f"site_url: the feed's <link> ({link}); pass --site-url with the new "
                                       f"site's address")
            return link
        self.problems.append(Problem("the feed", None, "site_url", "has no <link>; run again with --site-url "
                                                                   "https://where.the.site.will.be/"))
        return NOWHERE

    def _show_image(self) -> str:
        url = _attr(self.channel, "itunes:image", "href")
        image = _child(self.channel, "image")
        url = url or (_text(image, "url") if image is not None else None)
        if url:
            return self._absolute(url)
        for item in self.channel.iterfind("item"):
            fallback = _attr(item, "itunes:image", "href")
            if fallback:
                self.report.guesses.append("image: the feed has no cover; used the first episode's image")
                return self._absolute(fallback)
        self.problems.append(Problem("the feed", None, "image", "has no cover image; add one to the old feed or "
                                                                "create episodes/_show.yml's image: after import"))
        return ""

    def _podcast_guid(self) -> str | None:
        value = _text(self.channel, "podcast:guid")
        if value:
            return value
        old_url = self_url(self.channel) or self.location.url
        if old_url:
            self.report.guesses.append(f"podcast_guid: computed from the old feed URL ({old_url}), as the Podcast "
                                       f"Index does, so the show keeps its identity")
            return podcast_guid_for(old_url)
        self.report.guesses.append("podcast_guid: the feed has none and its URL is unknown; import from the URL "
                                   "to keep the show's identity")
        return None

    def _show_extras(self, show: dict[str, Any]) -> None:
        c = self.channel
        locked = _text(c, "podcast:locked")
        if locked and locked.lower() in ("yes", "no"):
            show["locked"] = locked.lower() == "yes"
        if _explicit(_text(c, "itunes:block")):
            show["block"] = True
        if _explicit(_text(c, "itunes:complete")):
            show["complete"] = True
        funding = [{"url": self._absolute(f.get("href") or f.get("url") or ""),
                    "text": _one_line(text_of(f)) or "Support the show"}
                   for f in _children(c, "podcast:funding") if f.get("url")]
        if funding:
            show["funding"] = funding
        dropped = sorted({etree.QName(e).localname for e in _children(c, "podcast:trailer")
                          + _children(c, "podcast:podroll") + _children(c, "podcast:value")})
        if dropped:
            self.report.dropped.append("channel podcast:" + ", podcast:".join(dropped))

    # -- people -----------------------------------------------------------------------------------------------
    def _person(self, element: etree._Element) -> dict[str, str] | None:
        name = _one_line(text_of(element))
        if not name:
            return None
        role = (element.get("role") or "host").strip().lower()
        if role not in PERSON_ROLES:
            self.report.guesses.append(f"{name}: role '{role}' is not a Podcasting 2.0 role; used guest")
            role = "guest"
        key = (name, element.get("href"))
        pid = self.person_ids.get(key)
        if pid is None:
            base = person_id(name)
            pid, n = base, 2
            while pid in self.people:
                pid, n = f"{base}-{n}", n + 1
            self.person_ids[key] = pid
            entry: dict[str, Any] = {"name": name[:255], "role": role}
            if element.get("img"):
                entry["image"] = self._absolute(element.get("img", ""))
            if element.get("href"):
                entry["links"] = [{"title": "Website", "url": self._absolute(element.get("href", ""))}]
            self.people[pid] = entry
        return {"id": pid, "role": role}

    # -- episodes ---------------------------------------------------------------------------------------------
    def _episode(self, item: etree._Element, index: int, seen_guids: set[str],
                 used_numbers: set[tuple[int | None, int]]) -> tuple[dict[str, Any], str] | None:
        title = _one_line(_text(item, "title") or _text(item, "itunes:title") or "")
        name = f"'{title}'" if title else f"item {index}"
        enclosures = item.findall("enclosure")
        url = (enclosures[0].get("url") or "").strip() if enclosures else ""
        if not url:
            self.report.dropped.append(f"{name}: no audio (enclosure), so it is not an episode")
            return None
        if len(enclosures) > 1:
            self.report.dropped.append(f"{name}: {len(enclosures) - 1} extra enclosure(s); kept the first, as "
                                       f"apps do")
        if not title:
            title = f"Episode {index}"
            self.report.guesses.append(f"item {index}: no title; used '{title}'")
        guid = _text(item, "guid")
        if not guid:
            guid = url
            self.report.guesses.append(f"{name}: no GUID; used its enclosure URL, which apps identified it by")
        if guid in seen_guids:
            self.report.dropped.append(f"{name}: the same GUID as an earlier item ({guid}); apps show only one")
            return None
        seen_guids.add(guid)
        data: dict[str, Any] = {"title": title[:255], "guid": guid, "date": self._date(item, name)}
        raw_number = _text(item, "itunes:episode") or _text(item, "podcast:episode")
        number = _int(raw_number)
        if raw_number and number is None:
            self.report.guesses.append(f"{name}: episode number '{raw_number}' is not 1 or more; left it out")
        season = _int(_text(item, "itunes:season") or _text(item, "podcast:season"))
        if number is not None:
            if (season, number) in used_numbers:
                self.report.guesses.append(f"{name}: number {number} repeats an earlier episode's; left it out")
            else:
                used_numbers.add((season, number))
                data["number"] = number
        if season is not None:
            data["season"] = season
        kind = (_text(item, "itunes:episodeType") or "full").lower()
        data["type"] = kind if kind in EPISODE_TYPES else "full"
        summary, notes = self._notes(item)
        if summary:
            data["summary"] = summary
        data["audio"] = self._audio(enclosures[0], item, name)
        explicit = _explicit(_text(item, "itunes:explicit"))
        if explicit is not None:
            data["explicit"] = explicit
        image = _attr(item, "itunes:image", "href")
        if image:
            data["image"] = self._absolute(image)
        credits = [c for c in (self._person(p) for p in _children(item, "podcast:person")) if c]
        if credits:
            data["people"] = [c["id"] if self.people[c["id"]]["role"] == c["role"] else c for c in credits]
        chapters = self._chapters(item, name, data["audio"].get("duration"))
        if chapters:
            data["chapters"] = chapters
        transcripts = self._transcripts(item)
        if transcripts:
            data["transcripts"] = transcripts
        return data, notes

    def _date(self, item: etree._Element, name: str) -> str:
        raw = _text(item, "pubDate") or _text(item, "dc:date") or ""
        moment = _parse_date(raw)
        if moment is None:
            fallback = _parse_date(_text(self.channel, "lastBuildDate") or _text(self.channel, "pubDate") or "")
            moment = fallback or datetime(1970, 1, 1, tzinfo=UTC)
            self.report.guesses.append(f"{name}: unreadable date '{raw}'; used {moment:%Y-%m-%d}, fix it in "
                                       f"its YAML")
        return moment.isoformat()

    def _audio(self, enclosure: etree._Element, item: etree._Element, name: str) -> dict[str, Any]:
        raw = (enclosure.get("url") or "").strip()
        url = self._absolute(raw)
        if url != raw:
            self.report.guesses.append(f"{name}: relative enclosure URL '{raw}' made absolute: {url}")
        audio: dict[str, Any] = {"url": url}
        length = _int(enclosure.get("length"))
        if length:
            audio["bytes"] = length
        else:
            self.report.todo.append(f"{name}: the feed gives no enclosure length; run podsite measure with the "
                                    f"file (--audio PATH)")
        mime = (enclosure.get("type") or "").strip().lower()
        if not mime.startswith(("audio/", "video/")):
            suffix = Path(urllib.parse.urlsplit(url).path).suffix.lower()
            mime = AUDIO_TYPES.get(suffix, "audio/mpeg")
            self.report.guesses.append(f"{name}: enclosure type missing or wrong; used {mime}")
        audio["type"] = mime
        raw_duration = _text(item, "itunes:duration")
        seconds = _duration(raw_duration)
        if seconds is not None:
            audio["duration"] = format_duration(round(seconds))
        else:
            self.report.todo.append(f"{name}: no readable itunes:duration ({raw_duration!r}); run podsite "
                                    f"measure with the file (--audio PATH)")
        return audio

    def _notes(self, item: etree._Element) -> tuple[str, str]:
        """(summary, write-up markdown): show notes HTML becomes markdown; the summary is plain text."""
        html = _text(item, "content:encoded") or _text(item, "description") or _text(item, "itunes:summary") or ""
        base = _text(item, "link") or self.base
        markdown = _markdown(html, base) if html else ""
        subtitle = _text(item, "itunes:subtitle")
        plain = _plain(_text(item, "description") or html)
        summary = _one_line(subtitle) if subtitle and len(subtitle) < len(plain or "x" * 9999) else plain
        first = summary.split("\n\n")[0].strip() if summary else ""
        return _shorten(first, SUMMARY_CHARS), markdown

    def _chapters(self, item: etree._Element, name: str, duration: str | None) -> list[dict[str, Any]]:
        found: list[tuple[float, str, str | None]] = []
        for block in _children(item, "psc:chapters"):
            for chapter in _children(block, "psc:chapter"):
                start = _duration(chapter.get("start"))
                if start is not None:
                    found.append((start, _one_line(chapter.get("title") or "") or "Chapter", chapter.get("href")))
        link = _child(item, "podcast:chapters")
        if not found and link is not None and link.get("url"):
            found = self._json_chapters(link.get("url", ""), name)
        return _clean_chapters(found, parse_duration(duration) if duration else None, name, self.report)

    def _json_chapters(self, url: str, name: str) -> list[tuple[float, str, str | None]]:
        try:
            data = json.loads(self._read_linked(url))
            chapters = data["chapters"] if isinstance(data, dict) else []
            return [(float(c["startTime"]), _one_line(str(c.get("title") or "")) or "Chapter", c.get("url"))
                    for c in chapters if isinstance(c, dict) and "startTime" in c]
        except (PodsiteError, ValueError, KeyError, TypeError) as err:
            reason = err.problems[0].message if isinstance(err, PodsiteError) else "not a JSON chapters file"
            self.report.dropped.append(f"{name}: chapters at {url} ({reason})")
            return []

    def _read_linked(self, url: str) -> bytes:
        """A file the feed links to: beside a saved feed when the link is relative, else over the network."""
        if "://" not in url and self.location.folder is not None:
            path = (self.location.folder / urllib.parse.unquote(url.split("?")[0])).resolve()
            if path.is_relative_to(self.location.folder.resolve()) and path.is_file():
                return read_file(path, url)
        absolute = self._absolute(url)
        if self.location.url is None:
            raise PodsiteError([Problem(url, None, "", "not fetched: the feed was imported from a file; import "
                                                       "from its URL to fetch linked files")])
        return fetch_url(absolute, url, agent=AGENT)

    def _transcripts(self, item: etree._Element) -> list[dict[str, str]]:
        found = []
        for element in _children(item, "podcast:transcript"):
            url = (element.get("url") or "").strip()
            if not url:
                continue
            entry = {"url": self._absolute(url), "language": (element.get("language") or self.language).strip()}
            if element.get("type"):
                entry["type"] = element.get("type", "").strip()
            found.append(entry)
        return found

    # -- names and links --------------------------------------------------------------------------------------
    def _stem(self, data: dict[str, Any], restarts: bool, taken: set[str]) -> str:
        slug = slugify(data["title"]) or "episode"
        number, season = data.get("number"), data.get("season")
        if number is not None:
            stem = f"s{season or 0}e{number:02d}-{slug}" if restarts else f"{number:03d}-{slug}"
        else:
            stem = slug if data["type"] == "full" or slug.startswith(data["type"]) else f"{data['type']}-{slug}"
        candidate, n = stem, 2
        while candidate in taken:
            candidate, n = f"{stem}-{n}", n + 1
        taken.add(candidate)
        return candidate

    def _absolute(self, url: str) -> str:
        url = url.strip()
        if not url or urllib.parse.urlsplit(url).scheme in ("http", "https") or not self.base:
            return url
        return urllib.parse.urljoin(self.base, url)


# -- small conversions -------------------------------------------------------------------------------------------

def _int(value: str | None) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None


def _explicit(value: str | None) -> bool | None:
    word = (value or "").strip().lower()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def _duration(value: str | None) -> float | None:
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


def _parse_date(raw: str) -> datetime | None:
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


def _language(value: str | None, guesses: list[str]) -> str:
    code = (value or "").strip().replace("_", "-")
    if LANGUAGE_CODE.match(code):
        return code
    guesses.append(f"language: '{value or ''}' is not a language code; used en")
    return "en"


def _categories(channel: etree._Element, guesses: list[str]) -> list[str] | str:
    found: list[str] = []
    for element in _children(channel, "itunes:category"):
        name = (element.get("text") or "").strip()
        sub = _child(element, "itunes:category")
        sub_name = (sub.get("text") or "").strip() if sub is not None else ""
        category = _category(name, sub_name, guesses)
        if category and category not in found:
            found.append(category)
    if not found:
        guesses.append("category: the feed has none from Apple's list; used Society & Culture")
        found = ["Society & Culture"]
    return found[0] if len(found) == 1 else found[:3]


def _category(name: str, sub: str, guesses: list[str]) -> str | None:
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


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _fragment(html: str) -> lxml_html.HtmlElement | None:
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None
    for element in list(root.iter(*DROP_TAGS)):
        element.drop_tree()
    return root


def _plain(html: str) -> str:
    """Text of an HTML fragment, paragraphs kept as blank lines."""
    if "<" not in html:
        return "\n\n".join(_one_line(p) for p in re.split(r"\n\s*\n", html.strip()) if p.strip())
    root = _fragment(html)
    if root is None:
        return _one_line(html)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "ul", "ol", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    return "\n\n".join(_one_line(p) for p in re.split(r"\n\s*\n", text) if p.strip())


def _markdown(html: str, base: str | None) -> str:
    """Show notes as markdown: scripts dropped, relative links made absolute against the old site."""
    from markdownify import markdownify

    if "<" not in html:
        return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", html.strip()) if p.strip()) + "\n"
    root = _fragment(html)
    if root is None:
        return html.strip() + "\n"
    for element in root.iter("a", "img"):
        attr = "href" if element.tag == "a" else "src"
        value = (element.get(attr) or "").strip()
        if value and base and urllib.parse.urlsplit(value).scheme == "" and not value.startswith("#"):
            element.set(attr, urllib.parse.urljoin(base, value))
        if value.lower().startswith(("javascript:", "data:", "vbscript:")):
            del element.attrib[attr]
    markdown = markdownify(etree.tostring(root, encoding="unicode", method="html"), heading_style="ATX",
                           bullets="-", strip=["div", "span"])
    return re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"


def _clean_chapters(found: list[tuple[float, str, str | None]], duration: float | None, name: str,
                    report: ImportReport) -> list[dict[str, Any]]:
    """Chapters as the loader wants them: in order, the first at 0:00, none past the end of the audio."""
    chapters: list[dict[str, Any]] = []
    for start, title, url in sorted(found, key=lambda c: c[0]):
        if chapters and start <= chapters[-1]["_start"]:
            continue
        if duration is not None and start >= duration:
            report.dropped.append(f"{name}: chapter '{title}' starts after the end of the audio")
            continue
        entry: dict[str, Any] = {"_start": start, "start": _start(start), "title": title[:500]}
        if url and url.startswith(("http://", "https://")):
            entry["url"] = url
        chapters.append(entry)
    if chapters and chapters[0]["_start"] > 0:
        report.guesses.append(f"{name}: the first chapter started at {chapters[0]['start']}; moved it to 0:00")
        chapters[0]["start"] = "0:00"
    for entry in chapters:
        del entry["_start"]
    return chapters


def _start(seconds: float) -> str:
    whole = format_duration(seconds)
    fraction = round(seconds - int(seconds), 3)
    return whole if not fraction else whole + f"{fraction:.3f}"[1:].rstrip("0")


# -- writing ---------------------------------------------------------------------------------------------------------

def _check_target(paths: Paths, replace: bool, files: _Files) -> None:
    """Without --replace, refuse to touch a show that is already there: its episodes, or a show or people file
    the import would overwrite."""
    if replace:
        return
    problems = []
    existing = episode_files(paths)
    if existing:
        names = ", ".join(p.name for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        problems.append(Problem(paths.show(paths.episodes_dir), None, "",
                                f"already has {len(existing)} episode(s) ({names}); import into an empty show, "
                                f"or run again with --replace to delete them first"))
    for name in (SHOW_FILE, PEOPLE_FILE) if files.people else (SHOW_FILE,):
        path = paths.episodes_dir / name
        if path.exists():
            problems.append(Problem(paths.show(path), None, "", "already exists and the import would overwrite "
                                                                "it; move it away, or run again with --replace"))
    if problems:
        raise PodsiteError(problems)


def _texts(files: _Files) -> dict[str, str]:
    """Every file to write, by path relative to the episodes folder ('episodes/...') or docs ('docs/...')."""
    texts = {
        f"episodes/{SHOW_FILE}": dump_yaml(files.show, ["The show, imported by `podsite import`. Keep "
                                                        "podcast_guid forever: apps know the show by it."]),
    }
    if files.people:
        texts[f"episodes/{PEOPLE_FILE}"] = dump_yaml(files.people, ["Everyone who appears on the show, by id."])
    for stem, data in files.episodes.items():
        texts[f"episodes/{stem}.yml"] = dump_yaml(data, ["Imported by `podsite import`. The guid and audio url "
                                                         "are what apps know this episode by: never change them."])
    for stem, markdown in files.writeups.items():
        texts[f"docs/{stem}.md"] = markdown
    return texts


def _stage(files: _Files, paths: Paths, report: ImportReport) -> dict[str, str]:
    """Write everything to a scratch repository and read it back with the loader before touching the show."""
    texts = _texts(files)
    with tempfile.TemporaryDirectory(prefix="podsite-import-") as tmp:
        scratch = Paths.at(tmp)
        for name, text in texts.items():
            target = scratch.episodes_dir / name[9:] if name.startswith("episodes/") else (
                scratch.docs_dir / "episodes" / name[5:])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            load_catalog(scratch)
        except PodsiteError as err:
            blocking = [p for p in err.problems if not _measure_later(p, files)]
            if blocking:
                raise PodsiteError(blocking) from None
    for stem in sorted(files.measure_todo):
        report.todo.append(f"podsite measure {paths.show(paths.episodes_dir / (stem + '.yml'))} --audio PATH")
    return texts


def _measure_later(problem: Problem, files: _Files) -> bool:
    stem = Path(str(problem.file)).stem
    return stem in files.measure_todo and problem.field in ("audio.bytes", "audio.duration", "audio")


def _install(texts: dict[str, str], files: _Files, paths: Paths, replace: bool, config_file: Path,
             title: str) -> None:
    if replace:
        for path in episode_files(paths):
            writeup = paths.writeup(path.stem)
            path.unlink()
            writeup.unlink(missing_ok=True)
    for name, text in texts.items():
        target = paths.episodes_dir / name[9:] if name.startswith("episodes/") else (
            paths.docs_dir / "episodes" / name[5:])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if replace and f"episodes/{PEOPLE_FILE}" not in texts:
        (paths.episodes_dir / PEOPLE_FILE).unlink(missing_ok=True)
    _site_config(config_file, paths, title)


def _site_config(config_file: Path, paths: Paths, title: str) -> None:
    """mkdocs.yml's site_name must be the show's title: set it (one line), or write a minimal mkdocs.yml."""
    line = dump_yaml({"site_name": title}).strip()
    if not config_file.is_file():
        config = {"site_name": title, "theme": {"name": "material", "font": False},
                  "nav": [{"Home": "index.md"}, {"Episodes": "episodes/index.md"}, {"People": "people/index.md"}],
                  "plugins": ["search", "tags", "podsite"],
                  "markdown_extensions": ["admonition", "attr_list", "md_in_html"]}
        config_file.write_text(dump_yaml(config, ["The site. Show metadata lives in episodes/_show.yml."]),
                               encoding="utf-8")
        return
    text = config_file.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^site_name:.*$", lambda _: line, text, count=1)
    if not count:
        text = line + "\n" + text
    text = re.sub(r"(?m)^site_url:.*\n", "", text)  # the site's address lives in _show.yml
    config_file.write_text(text, encoding="utf-8")


__all__ = ["ImportReport", "import_feed"]
