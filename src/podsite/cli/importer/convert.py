"""A feed's channel and items turned into the show's YAML data: `_show.yml`, `_people.yml`, one file per
episode and its write-up, keeping every GUID, enclosure, date and number as published."""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from ...errors import PodsiteError, Problem
from ...identity import podcast_guid_for
from ...model import EPISODE_TYPES, SHOW_TYPES
from ...timefmt import format_duration, parse_duration
from ...urls import NOWHERE
from ...vocab import AUDIO_TYPES, PERSON_ROLES
from ..feedread import Location, base_url, fetch_url, read_file, self_url, text_of
from ..scaffold import person_id, slugify
from .report import ImportReport
from .rss import child, child_attr, child_text, children
from .values import (
    categories_of,
    clean_chapters,
    duration_seconds,
    explicit_flag,
    language_code,
    markdown_of,
    one_line,
    parse_date,
    plain_text,
    positive_int,
    shorten,
)

AGENT = "podsite import"  # the User-Agent the old host sees


SUMMARY_CHARS = 600


@dataclass
class ImportedFiles:
    show: dict[str, Any]
    people: dict[str, Any]
    episodes: dict[str, dict[str, Any]]  # stem -> YAML data
    writeups: dict[str, str]  # stem -> markdown
    show_title: str
    measure_todo: set[str] = field(default_factory=set)  # stems whose bytes or duration the feed lacks


class Importer:
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
        self.serial = False
        self.base = base_url(channel, location.url)

    def run(self) -> ImportedFiles:
        show = self._show()
        episodes: dict[str, dict[str, Any]] = {}
        writeups: dict[str, str] = {}
        measure: set[str] = set()
        seen_guids: set[str] = set()
        taken: set[str] = set()
        items = [item for item in self.channel if isinstance(item.tag, str) and etree.QName(item).localname == "item"]
        numbered = [(positive_int(child_text(i, "itunes:season") or child_text(i, "podcast:season")),
                     positive_int(child_text(i, "itunes:episode") or child_text(i, "podcast:episode"))) for i in items]
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
        return ImportedFiles(show, self.people, episodes, writeups, show["title"], measure)

    # -- the show ---------------------------------------------------------------------------------------------
    def _show(self) -> dict[str, Any]:
        c, guess = self.channel, self.report.guesses
        raw_title = (child_text(c, "title") or "").strip()
        title = one_line(raw_title)
        if title != raw_title:
            guess.append(f"title: spaces and line breaks collapsed: '{title}'")
        if not title:
            title = "My Podcast"
            guess.append(f"title: the feed has none; used '{title}'")
        show: dict[str, Any] = {"title": title[:255]}
        description = plain_text(child_text(c, "description") or child_text(c, "itunes:summary") or "")
        if not description:
            description = title
            guess.append("description: the feed has none; used the title")
        if len(description) > 4000:
            description = shorten(description, 4000)
            guess.append("description: longer than Apple's 4000 characters; shortened")
        show["description"] = description
        show["site_url"] = self._site_url()
        self.language = language_code(child_text(c, "language"), guess)
        show["language"] = self.language
        show["category"] = categories_of(c, guess)
        raw_explicit = child_text(c, "itunes:explicit")
        show["explicit"] = explicit_flag(raw_explicit)
        if show["explicit"] is None:
            show["explicit"] = False
            guess.append("explicit: the feed does not say; set to false")
        elif not _plain_flag(raw_explicit):
            guess.append(f"explicit: the feed says '{raw_explicit}'; imported as {str(show['explicit']).lower()}")
        owner = child(c, "itunes:owner")
        owner_name = one_line(child_text(owner, "itunes:name") or "") if owner is not None else ""
        email = (child_text(owner, "itunes:email") if owner is not None else None) or self.owner_email
        editor = child_text(c, "managingEditor") or ""
        if not email and "@" in editor:
            email = editor.split()[0]
            guess.append(f"owner.email: the feed has no itunes:owner; took managingEditor ({email})")
        if not email:
            self.problems.append(Problem("the feed", None, "owner.email",
                                         "the feed has no owner e-mail (itunes:owner), and Apple and Spotify "
                                         "verify ownership through it; run again with --owner-email you@example.com"))
        author = one_line(child_text(c, "itunes:author") or "") or owner_name or title
        show["author"] = author[:255]
        show["owner"] = {"name": owner_name or author, "email": email or ""}
        show["image"] = self._show_image()
        kind = (child_text(c, "itunes:type") or "").lower()
        if kind in SHOW_TYPES:
            show["type"] = kind
        self.serial = kind == "serial"
        if child_text(c, "copyright"):
            show["copyright"] = one_line(child_text(c, "copyright") or "")
        podcast_guid = self._podcast_guid()
        if podcast_guid:
            show["podcast_guid"] = podcast_guid
            # The show's identity comes from the old feed: say which, so check knows it was carried over.
            old_url = self_url(c) or self.location.url
            if old_url:
                show["previous_feed_url"] = old_url
            else:
                self.report.todo.append("add previous_feed_url: (the old feed's address, which this file does not "
                                        "state) to episodes/_show.yml, so podsite check knows podcast_guid came "
                                        "with the show")
        self._show_extras(show)
        for person in children(c, "podcast:person"):
            self._person(person)
        return show

    def _site_url(self) -> str:
        if self.site_url:
            return self.site_url
        link = child_text(self.channel, "link")
        if link and link.startswith(("http://", "https://")):
            bare = link.split("#", 1)[0].split("?", 1)[0]
            if bare != link:  # a query string would swallow every page path appended to the site's address
                bare = bare.rstrip("/") + "/"
                self.report.guesses.append(f"site_url: the feed's <link> ({link}) without its query string: "
                                           f"{bare}; pass --site-url with the new site's address")
                return bare
            self.report.guesses.append(f"site_url: the feed's <link> ({link}); pass --site-url with the new "
                                       f"site's address")
            return link
        self.problems.append(Problem("the feed", None, "site_url", "has no <link>; run again with --site-url "
                                                                   "https://where.the.site.will.be/"))
        return NOWHERE

    def _show_image(self) -> str:
        url = child_attr(self.channel, "itunes:image", "href")
        image = child(self.channel, "image")
        url = url or (child_text(image, "url") if image is not None else None)
        if url:
            return self._absolute(url)
        for item in self.channel.iterfind("item"):
            fallback = child_attr(item, "itunes:image", "href")
            if fallback:
                self.report.guesses.append("image: the feed has no cover; used the first episode's image")
                return self._absolute(fallback)
        self.problems.append(Problem("the feed", None, "image", "has no cover image; add one to the old feed or "
                                                                "create episodes/_show.yml's image: after import"))
        return ""

    def _podcast_guid(self) -> str | None:
        value = child_text(self.channel, "podcast:guid")
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
        locked = child_text(c, "podcast:locked")
        if locked and locked.lower() in ("yes", "no"):
            show["locked"] = locked.lower() == "yes"
        if explicit_flag(child_text(c, "itunes:block")):
            show["block"] = True
        if explicit_flag(child_text(c, "itunes:complete")):
            show["complete"] = True
        funding = [{"url": self._absolute(f.get("href") or f.get("url") or ""),
                    "text": one_line(text_of(f)) or "Support the show"}
                   for f in children(c, "podcast:funding") if f.get("url")]
        if funding:
            show["funding"] = funding
        dropped = sorted({etree.QName(e).localname for e in children(c, "podcast:trailer")
                          + children(c, "podcast:podroll") + children(c, "podcast:value")})
        if dropped:
            self.report.dropped.append("channel podcast:" + ", podcast:".join(dropped))

    # -- people -----------------------------------------------------------------------------------------------
    def _person(self, element: etree._Element) -> dict[str, str] | None:
        name = one_line(text_of(element))
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
        raw_title = (child_text(item, "title") or child_text(item, "itunes:title") or "").strip()
        title = one_line(raw_title)
        name = f"'{title}'" if title else f"item {index}"
        if title != raw_title:
            self.report.guesses.append(f"{name}: spaces and line breaks in the title collapsed")
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
        guid = child_text(item, "guid")
        if not guid:
            guid = url
            self.report.guesses.append(f"{name}: no GUID; used its enclosure URL, which apps identified it by")
        if guid in seen_guids:
            self.report.dropped.append(f"{name}: the same GUID as an earlier item ({guid}); apps show only one")
            return None
        seen_guids.add(guid)
        data: dict[str, Any] = {"title": title[:255], "guid": guid, "date": self._date(item, name)}
        raw_number = child_text(item, "itunes:episode") or child_text(item, "podcast:episode")
        number = positive_int(raw_number)
        if raw_number and number is None:
            self.report.guesses.append(f"{name}: episode number '{raw_number}' is not 1 or more; left it out")
        season = positive_int(child_text(item, "itunes:season") or child_text(item, "podcast:season"))
        if number is not None:
            if (season, number) in used_numbers:
                self.report.guesses.append(f"{name}: number {number} repeats an earlier episode's; left it out")
            else:
                used_numbers.add((season, number))
                data["number"] = number
        if season is not None:
            data["season"] = season
        kind = (child_text(item, "itunes:episodeType") or "full").lower()
        data["type"] = kind if kind in EPISODE_TYPES else "full"
        if self.serial and data["type"] == "full" and "number" not in data:
            data["type"] = "bonus"
            self.report.guesses.append(f"{name}: a full episode without a number in a serial show; imported as "
                                       f"type: bonus (Apple needs a number on every full episode of a serial "
                                       f"show); give it a number: to make it full again")
        summary, notes = self._notes(item)
        if summary:
            data["summary"] = summary
        data["audio"] = self._audio(enclosures[0], item, name)
        raw_explicit = child_text(item, "itunes:explicit")
        explicit = explicit_flag(raw_explicit)
        if explicit is not None:
            data["explicit"] = explicit
            if not _plain_flag(raw_explicit):
                self.report.guesses.append(f"{name}: explicit '{raw_explicit}' imported as {str(explicit).lower()}")
        image = child_attr(item, "itunes:image", "href")
        if image:
            data["image"] = self._absolute(image)
        credits = [c for c in (self._person(p) for p in children(item, "podcast:person")) if c]
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
        raw = child_text(item, "pubDate") or child_text(item, "dc:date") or ""
        moment = parse_date(raw)
        if moment is None:
            channel_date = child_text(self.channel, "lastBuildDate") or child_text(self.channel, "pubDate")
            fallback = parse_date(channel_date or "")
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
        length = positive_int(enclosure.get("length"))
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
        raw_duration = child_text(item, "itunes:duration")
        seconds = duration_seconds(raw_duration)
        if seconds is not None:
            audio["duration"] = format_duration(round(seconds))
        else:
            self.report.todo.append(f"{name}: no readable itunes:duration ({raw_duration!r}); run podsite "
                                    f"measure with the file (--audio PATH)")
        return audio

    def _notes(self, item: etree._Element) -> tuple[str, str]:
        """(summary, write-up markdown): show notes HTML becomes markdown; the summary is plain text."""
        html = (child_text(item, "content:encoded") or child_text(item, "description")
                or child_text(item, "itunes:summary") or "")
        base = child_text(item, "link") or self.base
        markdown = markdown_of(html, base) if html else ""
        subtitle = child_text(item, "itunes:subtitle")
        plain = plain_text(child_text(item, "description") or html)
        subtitle = plain_text(subtitle) if subtitle else None  # plain text by the spec; some hosts put HTML in
        summary = one_line(subtitle) if subtitle and len(subtitle) < len(plain or "x" * 9999) else plain
        first = summary.split("\n\n")[0].strip() if summary else ""
        return shorten(first, SUMMARY_CHARS), markdown

    def _chapters(self, item: etree._Element, name: str, duration: str | None) -> list[dict[str, Any]]:
        found: list[tuple[float, str, str | None]] = []
        for block in children(item, "psc:chapters"):
            for chapter in children(block, "psc:chapter"):
                start = duration_seconds(chapter.get("start"))
                if start is not None:
                    found.append((start, one_line(chapter.get("title") or "") or "Chapter", chapter.get("href")))
        link = child(item, "podcast:chapters")
        if not found and link is not None and link.get("url"):
            found = self._json_chapters(link.get("url", ""), name)
        return clean_chapters(found, parse_duration(duration) if duration else None, name, self.report)

    def _json_chapters(self, url: str, name: str) -> list[tuple[float, str, str | None]]:
        try:
            data = json.loads(self._read_linked(url))
            chapters = data["chapters"] if isinstance(data, dict) else []
            return [(float(c["startTime"]), one_line(str(c.get("title") or "")) or "Chapter", c.get("url"))
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
        for element in children(item, "podcast:transcript"):
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


def _plain_flag(word: str | None) -> bool:
    """true/false or yes/no, which podsite writes back the same; anything else ("clean", "explicit") is a reading
    the host should hear about."""
    return (word or "").strip().lower() in ("true", "false", "yes", "no")
