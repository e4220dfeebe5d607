"""The podcast RSS feed, written with feedgen from the one Catalog.

feedgen writes the plain RSS 2.0 elements; every `itunes:`, `podcast:` and `psc:` element goes through our own
extension (feed_ext), one small method per tag, each written only when its data is set. feedgen 1.0 pitfalls
are routed around here, each guarded by a test (tests/test_feed_pitfalls.py):
- `itunes:explicit` only takes yes/no/clean: we write true/false ourselves;
- `itunes:image` drops .jpeg and query-string URLs without an error: we write it ourselves;
- `enclosure()` without a length writes `length="None"`: the loader guarantees a positive length;
- the last `link()` call becomes `<link>`: `rel="self"` first, `rel="alternate"` last;
- `lastBuildDate` defaults to the clock: we always set it from the content or SOURCE_DATE_EPOCH;
- `itunes_episode(0)` vanishes silently: numbers are validated to be >= 1 by the loader, and written by us;
- categories are checked against Apple's 2019 list by the loader, not feedgen's older one, and written by us.

Policies: an item's `<guid isPermaLink="false">` is the `guid:` written in its YAML, never derived
from a URL, slug, title, number or audio location. Analytics prefixes change the enclosure URL and nothing else.
The optional item limit keeps the newest items and always the trailers.
"""

from __future__ import annotations

import html
import os
import re
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from ..i18n import Language, language
from ..model import (
    AlternateAudio,
    Catalog,
    Credit,
    Episode,
    Funding,
    Location,
    Person,
    Show,
    Soundbite,
    Transcript,
)
from ..timefmt import decimal_seconds, npt
from ..urls import SiteUrls
from .ext import PodsiteEntryExtension, PodsiteExtension, Tag
from .notes import ShowNotes

GENERATOR = "podsite"
STYLESHEET_FILE = "feed.xsl"  # published next to feed.xml, so the relative href works wherever the feed is
TIMED_TRANSCRIPTS = frozenset({"text/vtt", "application/x-subrip"})


def stylesheet(lang: Language | None = None) -> bytes:
    """The XSL stylesheet the feed names, to publish beside it as STYLESHEET_FILE, with its labels (the
    `label-*` variables, whose English text is the message id) and its direction in the site's language."""
    lang = lang or language()
    source = (Path(__file__).parent / STYLESHEET_FILE).read_text(encoding="utf-8")

    def translate(label: re.Match[str]) -> str:
        return label[1] + xml_escape(lang.gettext(stylesheet_text(label[2]))) + label[3]

    source = _STYLESHEET_LABEL.sub(translate, source)
    return source.replace(_STYLESHEET_DIR, f'<xsl:variable name="dir">{lang.direction}</xsl:variable>').encode()


_STYLESHEET_LABEL = re.compile(r'(<xsl:variable name="label-[a-z-]+">)(.*?)(</xsl:variable>)', re.S)
_STYLESHEET_DIR = '<xsl:variable name="dir">ltr</xsl:variable>'


def stylesheet_labels() -> list[str]:
    """The stylesheet's messages for the catalog, as `stylesheet()` looks them up."""
    source = (Path(__file__).parent / STYLESHEET_FILE).read_text(encoding="utf-8")
    return [stylesheet_text(found[2]) for found in _STYLESHEET_LABEL.finditer(source)]


def stylesheet_text(xml: str) -> str:
    return html.unescape(xml)


def render_feed(catalog: Catalog, urls: SiteUrls, notes: ShowNotes | None = None) -> bytes:
    """The feed as UTF-8 bytes. Same catalog, same bytes: nothing here reads the clock, and nothing is written.
    `notes` renders the show notes; pass one that lives across builds (and `read_notes`/`save_notes` it) so
    each write-up is rendered once."""
    return _FeedWriter(catalog, urls, notes or ShowNotes()).write()


def build_date(catalog: Catalog) -> datetime:
    """`lastBuildDate`: SOURCE_DATE_EPOCH when the build sets it, else the newest episode's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    if catalog.latest is not None:
        return catalog.latest.date
    return datetime.fromtimestamp(0, UTC)


def feed_episodes(catalog: Catalog) -> tuple[Episode, ...]:
    """The episodes the feed lists, newest first: all, or the newest `item_limit` plus every trailer (apps
    show the trailer as the show's preview, so a limit must never push it out)."""
    limit = catalog.show.item_limit
    if limit is None or len(catalog.episodes) <= limit:
        return catalog.episodes
    newest = catalog.episodes[:limit]
    return tuple(e for e in catalog.episodes if e in newest or e.type == "trailer")


def enclosure_url(show: Show, url: str) -> str:
    """The audio URL with the show's analytics prefixes, in order (OP3, Podtrac, Blubrry, ... chained): each
    prefix is followed by the rest without its scheme, as these services expect."""
    if not show.analytics_prefixes:
        return url
    first, *rest = show.analytics_prefixes
    return first + "".join(_without_scheme(part) for part in (*rest, url))


def _without_scheme(url: str) -> str:
    return re.sub(r"^https?://", "", url)


def _flag(value: bool) -> str:
    return "true" if value else "false"


class _FeedWriter:
    def __init__(self, catalog: Catalog, urls: SiteUrls, notes: ShowNotes):
        self.catalog = catalog
        self.notes = notes
        self.show = catalog.show
        self.urls = urls
        self.fg = FeedGenerator()
        self.fg.register_extension("podsite", PodsiteExtension, PodsiteEntryExtension)

    def write(self) -> bytes:
        self._channel()
        for episode in feed_episodes(self.catalog):
            self._item(episode)
        feed = self.fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
        return _with_stylesheet(feed)

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
        for tag in self._channel_tags():
            fg.podsite.add(tag)

    def _channel_tags(self):
        show = self.show
        yield Tag("itunes:author", show.author)
        yield Tag("itunes:owner", children=[Tag("itunes:name", show.owner.name),
                                             Tag("itunes:email", show.owner.email)])
        yield Tag("itunes:image", attrs={"href": show.image.url})
        for category in show.categories:
            sub = [Tag("itunes:category", attrs={"text": category.subcategory})] if category.subcategory else []
            yield Tag("itunes:category", attrs={"text": category.name}, children=sub)
        yield Tag("itunes:explicit", _flag(show.explicit))
        yield Tag("itunes:type", show.type)
        if show.new_feed_url:
            yield Tag("itunes:new-feed-url", show.new_feed_url)
        if show.notify and show.notify.websub:  # WebSub: where apps subscribe for instant updates
            yield Tag("atom:link", attrs={"rel": "hub", "href": show.notify.websub})
        if show.block:
            yield Tag("itunes:block", "Yes")
        if show.complete:
            yield Tag("itunes:complete", "Yes")
        if show.podcast_guid:
            yield Tag("podcast:guid", show.podcast_guid)
        if show.locked is not None:
            yield Tag("podcast:locked", "yes" if show.locked else "no", {"owner": show.owner.email})
        if show.medium:
            yield Tag("podcast:medium", show.medium)
        yield from (_funding(f) for f in show.funding)
        if show.license:
            yield Tag("podcast:license", show.license.name, {"url": show.license.url} if show.license.url else {})
        yield from (_location(place) for place in show.locations)
        yield from (Tag("podcast:txt", t.text, {"purpose": t.purpose} if t.purpose else {}) for t in show.txt)
        if show.podroll:
            yield Tag("podcast:podroll", children=[self._remote_item(r.guid, r.feed_url) for r in show.podroll])
        if show.update_frequency:
            yield self._update_frequency()
        # The show's own voices; guests are credited per episode.
        yield from (_person(person, person.role) for person in self.catalog.hosts)
        yield from (self._trailer(e) for e in self.catalog.episodes if e.type == "trailer")
        yield _image(show.image.url, show.image_alt or show.title)

    @staticmethod
    def _remote_item(guid: str, feed_url: str | None) -> Tag:
        return Tag("podcast:remoteItem", attrs={"feedGuid": guid, **({"feedUrl": feed_url} if feed_url else {})})

    def _update_frequency(self) -> Tag:
        frequency = self.show.update_frequency
        assert frequency is not None
        attrs = {"complete": "true"} if self.show.complete else {}
        if frequency.rrule:
            attrs["rrule"] = frequency.rrule
        if frequency.dtstart:
            attrs["dtstart"] = frequency.dtstart.isoformat()
        return Tag("podcast:updateFrequency", frequency.text, attrs)

    def _trailer(self, episode: Episode) -> Tag:
        """`podcast:trailer`: the show's preview, taken from the episode marked `type: trailer`."""
        audio = episode.audio
        attrs = {"pubdate": format_datetime(episode.date), "url": audio.asset.url, "length": str(audio.bytes),
                 "type": audio.mime_type}
        if episode.season is not None:
            attrs["season"] = str(episode.season)
        return Tag("podcast:trailer", episode.title, attrs)

    # -- items -------------------------------------------------------------------------------------------
    def _item(self, episode: Episode) -> None:
        entry: FeedEntry = self.fg.add_entry(order="append")
        entry.title(episode.title)
        entry.link(href=self.urls.episode_url(episode))
        entry.guid(episode.guid, permalink=False)
        entry.pubDate(episode.date)
        entry.description(episode.summary or episode.title)
        notes = self.notes.html(episode, self.urls)
        if notes:
            entry.content(notes, type="CDATA" if "]]>" not in notes else None)
        audio = episode.audio
        entry.enclosure(enclosure_url(self.show, audio.asset.url), str(audio.bytes), audio.mime_type)
        for tag in self._item_tags(episode):
            entry.podsite.add(tag)

    def _item_tags(self, episode: Episode):
        yield Tag("itunes:title", episode.title)
        yield Tag("itunes:duration", str(episode.audio.duration))
        yield Tag("itunes:episodeType", episode.type)
        if episode.number is not None:
            yield Tag("itunes:episode", str(episode.number))
        if episode.season is not None:
            yield Tag("itunes:season", str(episode.season))
        if episode.image:
            yield Tag("itunes:image", attrs={"href": episode.image.url})
        if episode.explicit is not None:
            yield Tag("itunes:explicit", _flag(episode.explicit))
        if episode.block:
            yield Tag("itunes:block", "Yes")
        if episode.season is not None:
            yield Tag("podcast:season", str(episode.season))
        if episode.number is not None:
            yield Tag("podcast:episode", str(episode.number))
        yield from (_transcript(t) for t in episode.transcripts)
        if episode.chapters:
            yield Tag("podcast:chapters", attrs={"url": self.urls.absolute(SiteUrls.chapters_file(episode)),
                                                 "type": "application/json+chapters"})
            yield _simple_chapters(episode)
        yield from (_person(c.person, c.role) for c in self._item_people(episode))
        yield from (_soundbite(s) for s in episode.soundbites)
        yield from (_alternate_enclosure(a) for a in episode.alternate_audio)
        yield from (_location(place) for place in episode.locations)
        yield from (_funding(f) for f in episode.funding)
        if episode.image:
            yield _image(episode.image.url, episode.title)

    def _item_people(self, episode: Episode) -> tuple[Credit, ...]:
        """Item-level `podcast:person` tags replace the channel's for that item (the namespace's rule), so an
        episode that credits only its guests restates the show's hosts first."""
        if not episode.credits or episode.hosts:
            return episode.credits
        hosts = tuple(Credit(person, person.role) for person in self.catalog.hosts)
        return hosts + episode.credits


# -- one function per tag that both levels use ----------------------------------------------------------------

def _person(person: Person, role: str) -> Tag:
    attrs = {"role": role}
    if person.image:
        attrs["img"] = person.image.url
    if person.links:
        attrs["href"] = person.links[0].url
    return Tag("podcast:person", person.name, attrs)


def _funding(funding: Funding) -> Tag:
    return Tag("podcast:funding", funding.text, {"url": funding.url})


def _location(place: Location) -> Tag:
    attrs = {key: value for key, value in (("rel", place.rel), ("geo", place.geo), ("osm", place.osm)) if value}
    return Tag("podcast:location", place.name, attrs)


def _image(url: str, alt: str) -> Tag:
    """`podcast:image` for the square artwork (the check makes sure it is square)."""
    return Tag("podcast:image", attrs={"href": url, "alt": alt, "aspect-ratio": "1/1", "purpose": "artwork"})


def _transcript(transcript: Transcript) -> Tag:
    attrs = {"url": transcript.asset.url, "type": transcript.mime_type, "language": transcript.language}
    if transcript.mime_type in TIMED_TRANSCRIPTS:
        attrs["rel"] = "captions"  # timed formats: apps may show them as captions
    return Tag("podcast:transcript", attrs=attrs)


def _soundbite(soundbite: Soundbite) -> Tag:
    attrs = {"startTime": decimal_seconds(soundbite.start), "duration": decimal_seconds(soundbite.duration)}
    return Tag("podcast:soundbite", soundbite.title, attrs)


def _alternate_enclosure(audio: AlternateAudio) -> Tag:
    attrs = {"type": audio.mime_type, "length": str(audio.bytes)}
    if audio.bitrate:
        attrs["bitrate"] = str(audio.bitrate)
    if audio.title:
        attrs["title"] = audio.title
    return Tag("podcast:alternateEnclosure", attrs=attrs, children=[Tag("podcast:source",
                                                                        attrs={"uri": audio.asset.url})])


def _simple_chapters(episode: Episode) -> Tag:
    """Podlove Simple Chapters, inline: feedparser and podcastparser read these, not JSON chapters."""
    chapters = Tag("psc:chapters", attrs={"version": "1.2"})
    for chapter in episode.chapters:
        attrs = {"start": npt(chapter.start), "title": chapter.title}
        if chapter.url:
            attrs["href"] = chapter.url
        if chapter.image:
            attrs["image"] = chapter.image.url
        chapters.children.append(Tag("psc:chapter", attrs=attrs))
    return chapters


def _with_stylesheet(feed: bytes) -> bytes:
    """Add `<?xml-stylesheet?>` after the XML declaration, so a browser shows the friendly feed page."""
    declaration, newline, rest = feed.partition(b"\n")
    assert declaration.startswith(b"<?xml"), declaration
    instruction = f'<?xml-stylesheet type="text/xsl" href="{STYLESHEET_FILE}"?>'.encode()
    return declaration + newline + instruction + newline + rest
