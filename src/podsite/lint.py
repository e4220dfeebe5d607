"""The rules of a publishable show: what `podsite check` reports and what every site build enforces.

The loader already refuses what makes a build impossible. On top of that, this checks what directories and apps
ask of a feed (Apple's rules, the Podcasting 2.0 namespace's value rules), what only the files themselves can
tell (artwork pixels, the real audio format and length), and then builds the feed in memory, parses it strictly
and checks the result the way an app would read it.

Every finding is a Problem: ERROR (fix before publishing) or WARNING (apps will cope, listeners may not),
with the file, the line, the field and a sentence a host understands. Exit 0 only with no errors.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import cast

from lxml import etree

from .cache import CACHE_DIR
from .errors import Problem, Severity, display_path
from .feed.ext import FEED_NAMESPACES as NS
from .feed.notes import active_html, read_notes, writeup_html_problem
from .feed.parser import rss_parser
from .feed.writer import render_feed
from .identity import podcast_guid_for
from .layout import Paths, SiteSettings, writeup_stub
from .load.artwork import artwork_warnings, read_artwork
from .load.audio import AudioError, measure_file
from .load.transcripts import is_readable
from .model import Asset, Catalog, Episode, Show, Transcript, Writeup
from .urls import FEED_FILE, SiteUrls
from .vocab import AUDIO_TYPES

APPLE_TEXT_BYTES = 4000  # Apple's limit for the show's and each episode's description
NAMESPACE_TEXT = 128  # the Podcasting 2.0 namespace: longer values "may be truncated by aggregators"
SOUNDBITE_MIN, SOUNDBITE_MAX = 15, 120  # seconds, the namespace's recommendation
# A transcript whose text is larger than this is worth a second look: an hour of speech is about 9,000 words,
# 50 KB. Its page is that big, and with Material's search plugin (a show that keeps it) the index every visitor
# downloads grows by about 0.9 bytes per byte of text (issue 14 measured an 87 MB index for a 100 MB transcript).
TRANSCRIPT_TEXT_BYTES = 1_000_000
SPEECH_BYTES_PER_HOUR = 50_000
# GitHub's limits: a file in a push (hard, and the warning) and a published Pages site.
MAX_REPOSITORY_FILE, LARGE_REPOSITORY_FILE, MAX_PAGES_SITE = 100_000_000, 50_000_000, 1_000_000_000
DURATION_SLACK = 2  # seconds of disagreement between the YAML and the measured audio still called equal
# Templates' subscribe links hold all-zero ids (id0000000000, itunes0000000000, 00000000-0000-...): never a real
# show's (id1000000000 is).
_PLACEHOLDER_ID = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]*0{8,}(?![0-9A-Za-z])")
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>")
_NUMBERED_TITLE = re.compile(r"^\s*(episode|ep\.?|#|s\d+\s*e)\s*\d+\b", re.I)


def lint(catalog: Catalog, urls: SiteUrls, settings: SiteSettings | None = None, *, feed: bytes | None = None,
         unpublished: bool = True) -> list[Problem]:
    """Every finding for a show that loaded, sorted by file and line. `settings` are mkdocs.yml's: its site_name
    and site_url must agree with the show's, and with the plugin's `raw_html: forbid`, active HTML in a
    write-up is an error rather than a warning. `feed` is the feed as rendered, when
    the caller has it (a site build); else it is rendered here. `unpublished`: drafts and scheduled episodes
    too (`podsite check`: better to hear about a mistake before the episode goes live; a build judges only
    what it publishes)."""
    settings = settings or SiteSettings(Paths(catalog.root, catalog.docs_dir, catalog.root / "episodes"))
    return _Lint(catalog, urls, settings, feed, unpublished).run()


class _Lint:
    def __init__(self, catalog: Catalog, urls: SiteUrls, settings: SiteSettings, feed: bytes | None,
                 unpublished: bool):
        self.catalog = catalog
        self.settings = settings
        self.raw_html = settings.raw_html
        self.feed = feed
        self.unpublished = unpublished
        self.show = catalog.show
        self.urls = urls
        self.problems: list[Problem] = []
        self.by_guid = {e.guid: e for e in self.all_episodes}
        self.published = {id(e) for e in catalog.episodes}

    @property
    def all_episodes(self) -> tuple[Episode, ...]:
        return self.catalog.episodes + (self.catalog.unpublished if self.unpublished else ())

    def run(self) -> list[Problem]:
        self._site_rules()
        self._show_rules()
        self._orphan_writeups()
        for episode in self.all_episodes:
            self._episode_rules(episode)
        self._published_sizes()
        self._feed_rules()
        return sorted(self.problems, key=lambda p: (str(p.file) != self._where(self.show.source),
                                                    str(p.file), p.line or 0))

    # -- reporting ---------------------------------------------------------------------------------------
    def _where(self, path: Path) -> str:
        return display_path(path, self.catalog.root)

    def _add(self, severity: Severity, source: Show | Episode, field: str, message: str) -> None:
        line = source.lines.get(field) or source.lines.get(field.split(".")[0].split("[")[0])
        self.problems.append(Problem(self._where(source.source), line, field, message, severity))

    def error(self, source: Show | Episode, field: str, message: str) -> None:
        self._add("ERROR", source, field, message)

    def warn(self, source: Show | Episode, field: str, message: str) -> None:
        self._add("WARNING", source, field, message)

    # -- mkdocs.yml and the files beside the episodes ---------------------------------------------------------
    def _site_rules(self) -> None:
        """Each fact has one home: where mkdocs.yml repeats one, it must agree with _show.yml."""
        show, settings = self.show, self.settings
        if settings.site_name is not None and settings.site_name != show.title:
            self.error(show, "title", f"{show.title!r} differs from mkdocs.yml's site_name ({settings.site_name!r}); "
                                      f"make them the same")
        if settings.site_url and settings.site_url.rstrip("/") + "/" != show.site_url:
            self.error(show, "site_url", f"{show.site_url} differs from mkdocs.yml's site_url "
                                         f"({settings.site_url}); remove site_url from mkdocs.yml (it comes from "
                                         f"here)")

    def _orphan_writeups(self) -> None:
        """A write-up without its episode file would be published as a page of its own, with no player."""
        paths = self.settings.paths
        folder = paths.writeups_dir
        stems = {e.stem for e in self.catalog.episodes + self.catalog.unpublished}
        for writeup in sorted(folder.glob("*.md")) if folder.is_dir() else ():
            if writeup.stem in stems or writeup.name in ("index.md", "README.md"):
                continue
            close = difflib.get_close_matches(writeup.stem, sorted(stems), n=1)
            fix = (f"did you mean {close[0]}.md (for {paths.show(paths.episodes_dir / close[0])}.yml)?" if close
                   else "give it an episode file of the same name, or move it out of this folder")
            self.problems.append(Problem(self._where(writeup), None, "", f"has no episode file "
                                         f"{paths.show(paths.episodes_dir / writeup.stem)}.yml, so it would be "
                                         f"published as a page of its own; {fix}"))

    def _published_sizes(self) -> None:
        """GitHub refuses a file over 100 MB in a push (and warns over 50 MB), and publishes a Pages site of at
        most 1 GB: an archive of real recordings outgrows the repository long before the show ends."""
        total = 0
        for asset in self.catalog.published_files.values():
            assert asset.local is not None
            size = asset.local.stat().st_size
            total += size
            where = self._where(asset.local)
            fix = ("put the recording in object storage (R2, S3, B2) with `podsite upload`, which points the "
                   "episode's audio at it (see README, Where to keep audio)")
            if size > MAX_REPOSITORY_FILE:
                self.problems.append(Problem(where, None, "", f"is {size / 1e6:,.0f} MB; GitHub refuses files "
                                             f"over 100 MB, so it cannot be committed or published: {fix}"))
            elif size > LARGE_REPOSITORY_FILE:
                self.problems.append(Problem(where, None, "", f"is {size / 1e6:,.0f} MB; GitHub warns above 50 MB "
                                             f"and refuses 100 MB: {fix}", "WARNING"))
        if total > MAX_PAGES_SITE:
            self.problems.append(Problem("the site", None, "", f"would publish {total / 1e9:.2f} GB of media; "
                                         f"GitHub Pages publishes at most 1 GB: move the audio to object storage "
                                         f"with `podsite upload` (see README, Where to keep audio)"))

    # -- the show ----------------------------------------------------------------------------------------
    def _show_rules(self) -> None:
        show = self.show
        derived = podcast_guid_for(show.feed_url)
        if "podcast_guid" not in show.lines:
            self.warn(show, "podcast_guid", f"not stored, so it would change if the feed moved; add this line "
                                            f"to keep it forever: podcast_guid: {derived}")
        elif show.podcast_guid != derived and not show.previous_feed_url:
            # A fork of another show keeps that show's id: two shows would claim one identity in the Podcast Index.
            self.error(show, "podcast_guid", f"is not this show's: its feed ({show.feed_url}) gives {derived}. If "
                                             f"the show moved here from another feed, add previous_feed_url: with "
                                             f"that feed's address; otherwise use podcast_guid: {derived}")
        for link in show.subscribe:
            if _PLACEHOLDER_ID.search(link.url):
                self.error(show, f"subscribe.{link.platform}", f"{link.url} is a placeholder (all zeros); put your "
                                                               f"show's own {link.label} address, or remove the line")
        self._text_rules(show, "description", show.description)
        self._artwork(show, "image", show.image)
        if show.new_feed_url and show.new_feed_url == show.feed_url:
            self.error(show, "new_feed_url", "is the feed's own address; set it only to the new address when "
                                             "the feed moves")
        if show.locked and not show.owner.email:
            self.error(show, "locked", "needs owner.email: directories check it before moving a locked feed")
        for index, funding in enumerate(show.funding, 1):
            self._short(show, f"funding[{index}].text", funding.text)
        if show.license:
            self._short(show, "license", show.license.name)
        for index, place in enumerate(show.locations, 1):
            self._short(show, f"location[{index}]", place.name)
        for index, txt in enumerate(show.txt, 1):
            if len(txt.text) > 4000:
                self.error(show, f"txt[{index}]", f"is {len(txt.text):,} characters; the namespace allows 4,000")
        if show.update_frequency:
            self._short(show, "update_frequency", show.update_frequency.text)
        if show.type == "serial":
            for episode in self.all_episodes:
                if episode.type == "full" and episode.number is None:
                    self.error(episode, "number", "missing; this is a serial show (type: serial in _show.yml), "
                                                  "and Apple lists serial episodes by their number")

    # -- each episode ------------------------------------------------------------------------------------
    def _episode_rules(self, episode: Episode) -> None:
        self._text_rules(episode, "summary", episode.summary)
        if id(episode) in self.published:
            self._published_text(episode)
        if episode.writeup is not None:
            self._writeup_html(episode.writeup)
        if episode.number is not None and _NUMBERED_TITLE.match(episode.title):
            self.warn(episode, "title", "starts with the episode number; Apple shows number: by itself, so "
                                        "leave it out of the title")
        if episode.image:
            self._artwork(episode, "image", episode.image)
        if episode.audio.pending:  # only unpublished episodes load without their audio
            self.warn(episode, "audio", f"not ready ({episode.audio.pending}); fine while the episode is a draft "
                                        f"or scheduled, needed before it is published")
        else:
            self._audio(episode)
            self._soundbites(episode)
        for index, alternate in enumerate(episode.alternate_audio, 1):
            if alternate.title and len(alternate.title) > 32:
                self.warn(episode, f"alternate_audio[{index}].title", "is longer than 32 characters; apps show "
                                                                      "it in a small menu")
        for index, transcript in enumerate(episode.transcripts, 1):
            self._plain_transcript(episode, f"transcripts[{index}]", transcript.asset, transcript.mime_type)
            self._transcript_size(episode, f"transcripts[{index}]", transcript)
        for index, funding in enumerate(episode.funding, 1):
            self._short(episode, f"funding[{index}].text", funding.text)
        for index, place in enumerate(episode.locations, 1):
            self._short(episode, f"location[{index}]", place.name)
        if episode.type == "trailer":
            self._short(episode, "title", episode.title, what="a trailer's title (podcast:trailer)")

    def _published_text(self, episode: Episode) -> None:
        """What a listener reads about a published episode: an empty summary makes the feed repeat the title,
        and the scaffold's stub publishes no notes. Either is worth a word; both mean nothing was written."""
        writeup = episode.writeup
        stub = writeup is not None and writeup.markdown.strip() == writeup_stub(episode.stem).strip()
        if not episode.summary.strip():
            self._add("ERROR" if stub else "WARNING", episode, "summary", "missing; podcast apps show it under the "
                      "title (the feed repeats the title instead): write one or two sentences" +
                      (f", and the show notes in {self._where(writeup.path)}" if stub and writeup else ""))
        elif stub and writeup is not None:
            self.problems.append(Problem(self._where(writeup.path), 1, "", "is still the stub `podsite new` "
                                         "wrote; write the show notes, or delete the file", "WARNING"))

    def _audio(self, episode: Episode) -> None:
        """The enclosure against the real file, where the repository has it: format and length."""
        audio = episode.audio
        suffix = Path(audio.asset.local or audio.asset.url.split("?")[0]).suffix.lower()
        expected = AUDIO_TYPES.get(suffix)
        local = audio.asset.local
        if local is None:
            if expected and audio.mime_type != expected:
                self.warn(episode, "audio.type", f"is {audio.mime_type} but a {suffix} file is {expected}; "
                                                 f"apps may refuse to play it")
            return
        try:
            measured = measure_file(local)
        except AudioError:
            self.error(episode, "audio", f"{self._where(local)} is not an audio file podsite can read; export it "
                                         f"again as MP3 or M4A")
            return
        real_types = measured.content_types
        if real_types and audio.mime_type not in real_types:
            self.error(episode, "audio.type", f"says {audio.mime_type} but {self._where(local)} is "
                                              f"{real_types[0]}; remove the type: line or fix it")
        if abs(measured.duration - audio.duration) > DURATION_SLACK:
            self.warn(episode, "audio.duration", f"says {audio.duration} s but {self._where(local)} plays "
                                                 f"{round(measured.duration)} s; run `podsite measure` or fix it")

    def _soundbites(self, episode: Episode) -> None:
        for index, bite in enumerate(episode.soundbites, 1):
            field = f"soundbites[{index}]"
            if bite.start + bite.duration > episode.audio.duration + DURATION_SLACK:
                self.error(episode, field, f"runs past the end of the audio ({episode.audio.duration} s)")
            elif not SOUNDBITE_MIN <= bite.duration <= SOUNDBITE_MAX:
                self.warn(episode, f"{field}.duration", f"is {bite.duration:g} s; apps expect a soundbite of "
                                                        f"{SOUNDBITE_MIN} to {SOUNDBITE_MAX} seconds")
            if bite.title:
                self._short(episode, f"{field}.title", bite.title)

    def _plain_transcript(self, episode: Episode, field: str, asset: Asset, mime: str) -> None:
        """The loader reads WebVTT, SRT and JSON transcripts (transcripts.py) and refuses broken ones before
        this runs; HTML and plain text it only links to, so their encoding is checked here."""
        if asset.local is None or is_readable(mime):
            return
        try:
            asset.local.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            self.error(episode, field, f"{self._where(asset.local)} is not UTF-8 text; save it as UTF-8")

    def _transcript_size(self, episode: Episode, field: str, transcript: Transcript) -> None:
        """One runaway file (a whole season pasted in, a log) makes a transcript page of megabytes that a
        listener's phone has to load, and slows every build."""
        size = sum(len(cue.text.encode("utf-8")) + 1 for cue in transcript.cues)
        if size > TRANSCRIPT_TEXT_BYTES and transcript.asset.local is not None:
            self.warn(episode, field, f"{self._where(transcript.asset.local)} holds {size / 1_000_000:.1f} MB of "
                                      f"text, about {size / SPEECH_BYTES_PER_HOUR:.0f} hours of speech, all on one "
                                      f"page of the site. Check that it is this episode's transcript")

    # -- shared rules ------------------------------------------------------------------------------------
    def _text_rules(self, source: Show | Episode, field: str, text: str) -> None:
        size = len(text.encode("utf-8"))
        if size > APPLE_TEXT_BYTES:
            self.error(source, field, f"is {size:,} bytes; Apple accepts {APPLE_TEXT_BYTES:,}: shorten it (the "
                                      f"full notes belong in the write-up)")
        # Plain text, but many apps render a feed's <description> as HTML: what would run there is refused.
        if found := active_html(text):
            self.error(source, field, f"contains {found}, which apps that show descriptions as HTML would run; "
                                      f"it is plain text, so remove it (formatted notes belong in the write-up)")
        elif _HTML_TAG.search(text):
            self.warn(source, field, "contains HTML tags; it is plain text, so apps would show the tags. Put "
                                     "formatted notes in the write-up instead")

    def _short(self, source: Show | Episode, field: str, text: str, what: str = "it") -> None:
        if len(text) > NAMESPACE_TEXT:
            self.warn(source, field, f"is {len(text)} characters; podcast apps may cut {what} after "
                                     f"{NAMESPACE_TEXT}")

    def _writeup_html(self, writeup: Writeup) -> None:
        """Write-ups are the host's own pages, published as written; the feed keeps only its allow-list."""
        problem = writeup_html_problem(writeup, self._where(writeup.path), forbid=self.raw_html == "forbid")
        if problem is not None:
            self.problems.append(problem)

    def _artwork(self, source: Show | Episode, field: str, asset: Asset) -> None:
        """What apps cope with in cover art; what they refuse, the loader has refused (load/artwork.py)."""
        if asset.local is None:
            return  # published elsewhere: nothing local to look at
        where = self._where(asset.local)
        for message in artwork_warnings(read_artwork(asset.local), where):
            self.warn(source, field, f"{where} {message}")

    # -- the feed, as apps will read it --------------------------------------------------------------------
    def _feed_rules(self) -> None:
        # Notes kept by the last build are read (never written): checking leaves the repository as it was.
        feed = self.feed or render_feed(self.catalog, self.urls, read_notes(self.catalog.root / CACHE_DIR))
        try:
            root = etree.fromstring(feed, rss_parser())
        except etree.XMLSyntaxError as err:
            self._feed_problem(f"the feed podsite wrote does not parse ({err}); please report this")
            return
        channel = root.find("channel")
        if root.tag != "rss" or root.get("version") != "2.0" or channel is None:
            self._feed_problem("the feed is not RSS 2.0; please report this")
            return
        for message in _channel_findings(channel):
            self._feed_problem(message)
        guids: set[str] = set()
        for item in channel.iterfind("item"):
            guid = item.findtext("guid") or ""
            episode = self.by_guid.get(guid)
            for field, message in _item_findings(item, guid, guids):
                if episode is not None:
                    self.error(episode, field, message)
                else:
                    self._feed_problem(message)
            guids.add(guid)
        for url in _http_urls(root):
            self._feed_problem(f"{url} is plain http; podcast apps and the Podcasting 2.0 namespace expect "
                               f"https:// addresses", "WARNING")

    def _feed_problem(self, message: str, severity: Severity = "ERROR") -> None:
        self.problems.append(Problem(FEED_FILE, None, "", message, severity))


def _channel_findings(channel: etree._Element) -> Iterator[str]:
    for path, what in (("title", "a title"), ("description", "a description"), ("link", "a link"),
                       ("language", "a language"), ("itunes:author", "itunes:author"),
                       ("itunes:owner/itunes:email", "the owner's e-mail"), ("itunes:image/@href", "artwork"),
                       ("itunes:category/@text", "an Apple category")):
        if not str(channel.xpath(f"string({path})", namespaces=NS)).strip():
            yield f"the channel has no {what}, which Apple requires"
    if channel.xpath("string(itunes:explicit)", namespaces=NS) not in ("true", "false"):
        yield "itunes:explicit must be true or false"


def _item_findings(item: etree._Element, guid: str, seen: set[str]) -> Iterator[tuple[str, str]]:
    """What an app needs from one item: a title, an exact enclosure, a unique GUID, a date it can read.
    Yields (YAML field, message)."""
    title = item.findtext("title") or ""
    if not title.strip():
        yield "title", "the feed item has no title"
    if not guid.strip():
        yield "guid", f"the feed item {title!r} has no guid"
    elif guid in seen:
        yield "guid", f"the guid {guid} is used by two feed items; apps would merge them"
    enclosure = item.find("enclosure")
    if enclosure is None or not enclosure.get("url") or not enclosure.get("type"):
        yield "audio", f"the feed item {title!r} has no complete enclosure (url and type)"
    elif not (enclosure.get("length") or "").isdigit() or int(enclosure.get("length") or 0) <= 0:
        yield "audio.bytes", f"the enclosure length in the feed is {enclosure.get('length')!r}, not a size in bytes"
    try:
        parsedate_to_datetime(item.findtext("pubDate") or "")
    except (TypeError, ValueError):
        yield "date", "the pubDate in the feed is not an RFC 2822 date"
    for tag, field in _WHOLE_NUMBERS:
        value = str(_ITEM_TEXT[tag](item))
        if value and not value.isdigit():
            yield field, f"{tag} in the feed is {value!r}, not a whole number"
    notes = str(_ITEM_TEXT["content:encoded"](item))
    if notes and active_html(notes):
        yield "", "the show notes in the feed still contain scripts or embeds; please report this"


_WHOLE_NUMBERS = (("itunes:duration", "audio.duration"), ("itunes:episode", "number"), ("itunes:season", "season"))
# Compiled once: a 1,000-item feed asks each of these 1,000 times.
_ITEM_TEXT = {tag: etree.XPath(f"string({tag})", namespaces=NS)
              for tag in ("itunes:duration", "itunes:episode", "itunes:season", "content:encoded")}
_PLAIN_HTTP = etree.XPath("//@*[(local-name() = 'url' or local-name() = 'href' or local-name() = 'uri' or "
                          "local-name() = 'img' or local-name() = 'feedUrl') and starts-with(., 'http://')]")


def _http_urls(root: etree._Element) -> list[str]:
    """Plain-http addresses the feed hands to apps (each once, in feed order)."""
    return list(dict.fromkeys(str(value) for value in cast(list[str], _PLAIN_HTTP(root))))
