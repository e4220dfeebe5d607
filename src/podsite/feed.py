"""The podcast RSS feed, written with feedgen from the one Catalog.

Each element has one small method and is written only when its data is set. feedgen 1.0 pitfalls are routed
around here, each with a test (tests/test_feed_pitfalls.py):
- `itunes:explicit` only takes yes/no/clean: we write true/false ourselves (feed_ext);
- `itunes:image` drops .jpeg and query-string URLs without an error: we write it ourselves (feed_ext);
- `enclosure()` without a length writes `length="None"`: the loader guarantees a positive length;
- the last `link()` call becomes `<link>`: `rel="self"` first, `rel="alternate"` last;
- `lastBuildDate` defaults to the clock: we always set it from the content or SOURCE_DATE_EPOCH;
- `itunes_episode(0)` vanishes silently: numbers are validated to be >= 1 by the loader;
- categories are checked against Apple's 2019 list by the loader, not feedgen's older one.

GUID policy: an item's `<guid isPermaLink="false">` is the `guid:` written in its YAML, never derived from a
URL, slug, title, number or audio location, so moving hosts or renaming never makes apps re-download.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from .feed_ext import PodsiteEntryExtension, PodsiteExtension, Tag
from .model import HOST_ROLES, Catalog, Episode, Person, Transcript
from .notes import episode_notes_html
from .urls import SiteUrls

GENERATOR = "podsite"


def render_feed(catalog: Catalog, urls: SiteUrls) -> bytes:
    """The feed as UTF-8 bytes. Same catalog, same bytes: nothing here reads the clock."""
    return _FeedWriter(catalog, urls).write()


def build_date(catalog: Catalog) -> datetime:
    """`lastBuildDate`: SOURCE_DATE_EPOCH when the build sets it, else the newest episode's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    if catalog.latest is not None:
        return catalog.latest.date
    return datetime.fromtimestamp(0, UTC)


class _FeedWriter:
    def __init__(self, catalog: Catalog, urls: SiteUrls):
        self.catalog = catalog
        self.show = catalog.show
        self.urls = urls
        self.fg = FeedGenerator()
        self.fg.load_extension("podcast")
        self.fg.register_extension("podsite", PodsiteExtension, PodsiteEntryExtension)

    def write(self) -> bytes:
        self._channel()
        for episode in self.catalog.episodes:
            self._item(episode)
        return self.fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)

    # -- channel -----------------------------------------------------------------------------------------
    def _channel(self) -> None:
        show, fg = self.show, self.fg
        fg.title(show.title)
        fg.description(show.description)
        fg.link(href=show.feed_url, rel="self", type="application/rss+xml")
        fg.link(href=show.site_url, rel="alternate")  # the last link() becomes <link>
        fg.language(show.language)
        fg.generator(GENERATOR)
        fg.lastBuildDate(build_date(self.catalog))
        if show.copyright:
            fg.copyright(show.copyright)
        fg.image(url=show.image.url, title=show.title, link=show.site_url)
        fg.podcast.itunes_author(show.author)
        fg.podcast.itunes_owner(name=show.owner.name, email=show.owner.email)
        fg.podcast.itunes_type(show.type)
        for category in show.categories:
            fg.podcast.itunes_category(category.name, category.subcategory)
        ext = fg.podsite
        ext.add(Tag("itunes:image", attrs={"href": show.image.url}))
        ext.add(Tag("itunes:explicit", "true" if show.explicit else "false"))
        if show.podcast_guid:
            ext.add(Tag("podcast:guid", show.podcast_guid))
        for person in self.catalog.people.values():
            if person.role in HOST_ROLES:  # the show's own voices; guests are credited per episode
                ext.add(Tag("podcast:person", person.name, {"role": person.role, **self._person_extras(person)}))

    @staticmethod
    def _person_extras(person: Person) -> dict[str, str]:
        extras = {}
        if person.image:
            extras["img"] = person.image.url
        if person.links:
            extras["href"] = person.links[0].url
        return extras

    # -- items -------------------------------------------------------------------------------------------
    def _item(self, episode: Episode) -> None:
        entry: FeedEntry = self.fg.add_entry(order="append")
        entry.title(episode.title)
        entry.link(href=self.urls.episode_url(episode))
        entry.guid(episode.guid, permalink=False)
        entry.pubDate(episode.date)
        entry.description(episode.summary or episode.title)
        notes = episode_notes_html(episode, self.urls)
        if notes:
            entry.content(notes, type="CDATA" if "]]>" not in notes else None)
        audio = episode.audio
        entry.enclosure(audio.asset.url, str(audio.bytes), audio.mime_type)
        entry.podcast.itunes_duration(audio.duration)
        entry.podcast.itunes_episode_type(episode.type)
        if episode.number is not None:
            entry.podcast.itunes_episode(episode.number)
        if episode.season is not None:
            entry.podcast.itunes_season(episode.season)
        ext = entry.podsite
        if episode.image:
            ext.add(Tag("itunes:image", attrs={"href": episode.image.url}))
        if episode.explicit is not None:
            ext.add(Tag("itunes:explicit", "true" if episode.explicit else "false"))
        if episode.season is not None:
            ext.add(Tag("podcast:season", str(episode.season)))
        if episode.number is not None:
            ext.add(Tag("podcast:episode", str(episode.number)))
        for transcript in episode.transcripts:
            ext.add(self._transcript(transcript))
        if episode.chapters:
            ext.add(Tag("podcast:chapters", attrs={"url": self.urls.absolute(SiteUrls.chapters_file(episode)),
                                                   "type": "application/json+chapters"}))
            ext.add(self._simple_chapters(episode))
        for credit in episode.credits:
            ext.add(Tag("podcast:person", credit.person.name, {"role": credit.role,
                                                               **self._person_extras(credit.person)}))

    @staticmethod
    def _transcript(transcript: Transcript) -> Tag:
        attrs = {"url": transcript.asset.url, "type": transcript.mime_type, "language": transcript.language}
        if transcript.mime_type in ("text/vtt", "application/x-subrip"):
            attrs["rel"] = "captions"  # timed formats: apps may show them as captions
        return Tag("podcast:transcript", attrs=attrs)

    @staticmethod
    def _simple_chapters(episode: Episode) -> Tag:
        """Podlove Simple Chapters, inline: feedparser and podcastparser read these, not JSON chapters."""
        chapters = Tag("psc:chapters", attrs={"version": "1.2"})
        for chapter in episode.chapters:
            attrs = {"start": _npt(chapter.start), "title": chapter.title}
            if chapter.url:
                attrs["href"] = chapter.url
            if chapter.image:
                attrs["image"] = chapter.image.url
            chapters.children.append(Tag("psc:chapter", attrs=attrs))
        return chapters


def _npt(seconds: float) -> str:
    """Normal Play Time as Simple Chapters wants it: HH:MM:SS(.mmm)."""
    whole = int(seconds)
    millis = round((seconds - whole) * 1000)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{text}.{millis:03d}" if millis else text
