"""The continuity guard: `podsite check --against FEED` compares the feed we would publish with the one that is
published now, and refuses a change that listeners' apps would suffer from.

Apps identify an episode by its GUID: a changed or vanished GUID makes them re-download or lose it. A changed
enclosure URL breaks downloads and statistics. So each published item must still be there with the same GUID
and the same enclosure, unless the YAML says the host meant it:

- `removed:` in `_show.yml` lists GUIDs of episodes taken down on purpose;
- `moved_from:` under an episode's `audio:` names the enclosure URL it had before;
- `item_limit:` in `_show.yml` lets old episodes drop off the end of the feed (they stay in the YAML).

A changed GUID can never be acknowledged: that is the one break this guard exists for.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from lxml import etree

from ..errors import Problem
from ..feed.ext import FEED_NAMESPACES
from ..layout import SHOW_FILE, Paths
from ..model import Catalog, Episode
from .feedread import FeedGone, base_url, is_url, parse_channel, read_feed

LIVE = "live"  # `--against live`: the show's own published feed_url
AGENT = "podsite continuity check"  # the User-Agent the published feed's host sees


@dataclass(frozen=True)
class FeedItem:
    guid: str | None
    enclosure: str | None
    title: str
    date: str
    link: str | None = None  # the episode's page

    @property
    def key(self) -> str | None:
        """What apps identify the item by: its GUID, or its enclosure URL when it has none."""
        return self.guid or self.enclosure


@dataclass(frozen=True)
class PublishedFeed:
    source: str
    podcast_guid: str | None
    items: tuple[FeedItem, ...]


@dataclass(frozen=True)
class Report:
    problems: list[Problem]
    notes: list[str]
    checked: int


class NotPublishedYet(Exception):
    """`--against live` and the show's feed URL answers 404: nothing is published, so nothing can break."""


def read_published(source: str, *, live: bool = False) -> bytes:
    """The bytes of a feed file or URL (see feedread). Raises PodsiteError with a plain message when it cannot
    be read, and NotPublishedYet when `live` and the URL answers 404 or 410."""
    try:
        data, _ = read_feed(source, agent=AGENT)
    except FeedGone:
        if live:
            raise NotPublishedYet(source) from None
        raise
    return data


def parse_feed(data: bytes, source: str) -> PublishedFeed:
    channel, _ = parse_channel(data, source)
    base = base_url(channel, source if is_url(source) else None)
    items = []
    for item in channel.iterfind("item"):
        enclosure = item.find("enclosure")
        url = (enclosure.get("url") or "").strip() if enclosure is not None else ""
        items.append(FeedItem(
            guid=_text(item.find("guid")),
            # apps resolve a relative enclosure against the feed, so that is the URL they download
            enclosure=urllib.parse.urljoin(base, url) if url and base else url or None,
            title=_text(item.find("title")) or "(untitled)",
            date=_text(item.find("pubDate")) or "",
            link=_text(item.find("link")),
        ))
    return PublishedFeed(source, _text(channel.find(f"{{{FEED_NAMESPACES['podcast']}}}guid")), tuple(items))


def check_continuity(published: PublishedFeed, new_feed: bytes, catalog: Catalog, paths: Paths) -> Report:
    """Every way the new feed breaks the published one, as Problems pointing at the YAML to fix."""
    return _Guard(published, parse_feed(new_feed, "the new feed"), catalog, paths).run()


class _Guard:
    def __init__(self, old: PublishedFeed, new: PublishedFeed, catalog: Catalog, paths: Paths):
        self.old, self.new, self.catalog, self.paths = old, new, catalog, paths
        self.show = catalog.show
        self.new_by_key = {item.key: item for item in new.items if item.key}
        self.by_guid = {e.guid: e for e in catalog.episodes + catalog.unpublished}
        self.problems: list[Problem] = []
        self.notes: list[str] = []

    def run(self) -> Report:
        self._podcast_guid()
        old_keys = {item.key for item in self.old.items}
        arrivals = [item for item in self.new.items if item.key not in old_keys]
        seen: set[str] = set()
        for item in self.old.items:
            if item.enclosure is None or item.key is None:
                continue  # no audio: podcast apps skip the item, so it is not an episode to keep
            if item.key in seen:
                self.notes.append(f"'{item.title}' repeats the GUID {item.key} in the published feed; apps show "
                                  f"only the first, so only that one was compared")
                continue
            seen.add(item.key)
            current = self.new_by_key.get(item.key)
            if current is not None:
                self._enclosure(item, current)
                self._page(item, current)
            else:
                self._missing(item, arrivals)
        return Report(self.problems, self.notes, len(seen))

    # -- the show -------------------------------------------------------------------------------------------
    def _podcast_guid(self) -> None:
        old = self.old.podcast_guid
        if old and old != self.show.podcast_guid:
            self._show_problem("podcast_guid", f"the published feed's podcast:guid is {old}, the new one "
                                               f"{self.show.podcast_guid}; apps and the Podcast Index know the "
                                               f"show by it: set podcast_guid: {old}")

    # -- one published item ---------------------------------------------------------------------------------
    def _enclosure(self, old: FeedItem, new: FeedItem) -> None:
        if old.enclosure == new.enclosure or old.enclosure is None:
            return
        episode = self.by_guid.get(new.guid or "")
        if episode is not None and old.enclosure in episode.audio.moved_from:
            return
        if new.enclosure and _same_target(old.enclosure, new.enclosure):
            self.notes.append(f"'{old.title}': enclosure now goes through a different analytics prefix "
                              f"({new.enclosure})")
            return
        where = episode or None
        message = (f"the published feed has the audio at {old.enclosure}, the new feed at {new.enclosure}; "
                   f"downloads and statistics follow the URL. Restore it, or if you moved the file on purpose add "
                   f"`moved_from: {old.enclosure}` under audio:")
        self._episode_problem(where, "audio.url" if where and where.audio.asset.local is None else "audio",
                              message, old)

    def _page(self, old: FeedItem, new: FeedItem) -> None:
        """The episode's page address is shared in posts and show notes: a new slug must leave the old one
        redirecting (`old_slugs:`). Only pages of this site count: a show that moved in from another host had
        its pages there."""
        episode = self.by_guid.get(new.guid or "")
        if episode is None or not old.link or not old.link.startswith(self.show.site_url):
            return
        old_slug, new_slug = _slug_of(old.link), _slug_of(new.link)
        if not old_slug or old_slug == new_slug or old_slug in episode.old_slugs:
            return
        self._episode_problem(episode, "slug", f"the published feed links its page at {old.link}, the new feed at "
                                               f"{new.link}; links people shared would break. Keep the old "
                                               f"slug, or add `old_slugs: [{old_slug}]` so the old address "
                                               f"redirects", old)

    def _missing(self, old: FeedItem, arrivals: list[FeedItem]) -> None:
        renamed = next((new for new in arrivals if _same_episode(old, new)), None)
        if renamed is not None:
            episode = self.by_guid.get(renamed.guid or "")
            self._episode_problem(episode, "guid", f"was {old.key} in the published feed ('{old.title}'); a new "
                                                   f"GUID makes every app download the episode again: set guid: "
                                                   f"{old.key}", renamed)
            return
        if old.key in self.show.removed:
            return
        episode = self.by_guid.get(old.key or "")
        if episode is not None and episode in self.catalog.unpublished:
            state = "a draft" if episode.draft else f"scheduled for {episode.date:%Y-%m-%d}"
            self._episode_problem(episode, "draft" if episode.draft else "date",
                                  f"is published but is now {state}, so it would vanish from apps; publish it "
                                  f"again, or add its guid under removed: in {SHOW_FILE} to take it down", old)
            return
        if episode is not None and self.show.item_limit is not None:
            return  # dropped off the end of the feed by item_limit: the host's explicit setting
        self._show_problem("removed", f"'{old.title}' (guid {old.key}) is in the published feed but no episode "
                                      f"file has it, so it would vanish from apps; restore its YAML, or if you "
                                      f"took it down on purpose add `- {old.key}` under removed:")

    # -- reporting -------------------------------------------------------------------------------------------
    def _episode_problem(self, episode: Episode | None, key: str, message: str, item: FeedItem) -> None:
        if episode is None:
            self.problems.append(Problem(self.old.source, None, "", f"'{item.title}': {message}"))
            return
        line = episode.lines.get(key) or episode.lines.get(key.split(".")[0])
        self.problems.append(Problem(self.paths.show(episode.source), line, key, message))

    def _show_problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.paths.show(self.show.source), self.show.lines.get(key), key, message))


def _slug_of(link: str | None) -> str | None:
    """The last part of an episode page's address: `…/episodes/001-x/` or `…/episodes/001-x.html` gives 001-x."""
    if not link:
        return None
    path = link.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    name = path.rsplit("/", 1)[-1]
    return name.removesuffix(".html") or None


def _same_episode(old: FeedItem, new: FeedItem) -> bool:
    """The same episode under another GUID: same audio, or same title and date."""
    if old.enclosure and new.enclosure and (old.enclosure == new.enclosure or _same_target(old.enclosure,
                                                                                             new.enclosure)):
        return True
    return bool(old.title == new.title and old.date and _same_day(old.date, new.date))


def _same_day(a: str, b: str) -> bool:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(a).date() == parsedate_to_datetime(b).date()
    except (TypeError, ValueError):
        return a == b


def _same_target(a: str, b: str) -> bool:
    """True when both URLs lead to the same file through different analytics prefixes: prefixes are written
    as `https://prefix.example/e/` + host/path of the real file, so the URLs share a `host/path` tail."""
    return bool(_targets(a) & _targets(b))


def _targets(url: str) -> set[str]:
    """Every `host/path` tail of a URL (`a.com/x/b.net/f.mp3` gives itself and `b.net/f.mp3`)."""
    parts = url.split("://", 1)[-1].split("/")
    return {"/".join(parts[i:]) for i in range(len(parts) - 1) if "." in parts[i] and parts[i + 1:] != [""]}


def _text(element: etree._Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None
