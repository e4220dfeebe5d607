"""The one model of a show: plain frozen dataclasses, no I/O, no MkDocs.

The loader (`podsite.load`) is the only code that builds these from YAML; the feed, the site plugin and the
CLI only read them. Everything here is already validated and normalized: durations are whole seconds, dates
are time-zone aware, URLs are absolute, local paths are inside the repository.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Literal, get_args

EpisodeType = Literal["full", "trailer", "bonus"]
ShowType = Literal["episodic", "serial"]
EPISODE_TYPES: tuple[EpisodeType, ...] = get_args(EpisodeType)
SHOW_TYPES: tuple[ShowType, ...] = get_args(ShowType)
# Podcasting 2.0 roles that make a person one of the show's voices rather than a guest.
HOST_ROLES = frozenset({"host", "co-host", "guest host"})


@dataclass(frozen=True)
class Asset:
    """A file listeners download: published at `url`; `local` is set when the repository holds it.

    `site_path` is where a site build must publish a local file that lives outside `docs/` (files inside
    `docs/` are published by MkDocs itself, so it is None for them and for remote files).
    """

    url: str
    local: Path | None = None
    site_path: str | None = None


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Category:
    """An Apple Podcasts category, optionally with one subcategory."""

    name: str
    subcategory: str | None = None


@dataclass(frozen=True)
class Owner:
    name: str
    email: str


@dataclass(frozen=True)
class Notify:
    """`notify:` in _show.yml: the services told after each deploy that the feed changed (both off unless set)."""

    websub: str | None = None  # a WebSub hub: the feed names it (atom:link rel="hub"), and it is pinged
    podping: str | None = None  # the Podping HTTP API (https://podping.cloud/ for `podping: true`)


StorageKeys = Literal["slug", "hash"]
STORAGE_KEYS: tuple[StorageKeys, ...] = ("slug", "hash")


@dataclass(frozen=True)
class Storage:
    """`storage:` in _show.yml: the S3-compatible bucket `podsite upload` puts recordings in. No credentials:
    those come from the environment or the AWS config, never from the repository."""

    bucket: str
    public_url: str  # where listeners fetch the objects; ends with "/"
    endpoint: str | None = None  # the S3 API of R2, B2, Spaces, ...; None for AWS S3
    region: str | None = None
    prefix: str = ""  # put before every key; empty or ends with "/"
    keys: StorageKeys = "slug"  # objects named by the episode's slug, or by a hash of their bytes


@dataclass(frozen=True)
class SubscribeLink:
    """Where listeners follow the show: `platform` is a key such as `apple` or `spotify`."""

    platform: str
    label: str
    url: str


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str = "guest"  # the role this person usually has on the show
    bio: str = ""  # markdown
    image: Asset | None = None
    links: tuple[Link, ...] = ()

    @property
    def is_host(self) -> bool:
        """One of the show's own voices by their usual role (see HOST_ROLES)."""
        return self.role in HOST_ROLES


@dataclass(frozen=True)
class Credit:
    """A person's part in one episode (Podcasting 2.0 role, e.g. `host`, `guest`)."""

    person: Person
    role: str

    @property
    def is_host(self) -> bool:
        return self.role in HOST_ROLES


@dataclass(frozen=True)
class Chapter:
    start: float  # seconds from the start of the audio
    title: str
    url: str | None = None
    image: Asset | None = None


@dataclass(frozen=True)
class Cue:
    """One timed line of a transcript."""

    start: float  # seconds
    end: float | None  # seconds; None when the format gave no end
    text: str  # plain text
    speaker: str | None = None


@dataclass(frozen=True)
class Transcript:
    asset: Asset
    mime_type: str  # text/vtt, application/x-subrip, application/json, text/html, text/plain
    language: str
    # Read once by the loader from a local file in a format podsite reads (WebVTT, SRT, JSON); else empty.
    cues: tuple[Cue, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Funding:
    """`podcast:funding`: where listeners can support the show or an episode."""

    url: str
    text: str


@dataclass(frozen=True)
class Location:
    """`podcast:location`: what place the show or episode is about (`rel` subject) or made in (creator)."""

    name: str
    geo: str | None = None  # "geo:latitude,longitude"
    osm: str | None = None  # OpenStreetMap id like R113314
    rel: str | None = None  # subject or creator


@dataclass(frozen=True)
class License:
    name: str  # an SPDX identifier like cc-by-4.0, or the license's own name
    url: str | None = None


@dataclass(frozen=True)
class Txt:
    """`podcast:txt`: free text for machines, e.g. a directory's ownership check (`purpose: verify`)."""

    text: str
    purpose: str | None = None


@dataclass(frozen=True)
class RemotePodcast:
    """A show the host recommends (`podcast:podroll`): its `podcast:guid`, and its feed when known."""

    guid: str
    feed_url: str | None = None


@dataclass(frozen=True)
class UpdateFrequency:
    text: str  # what listeners read, like "Every other Tuesday"
    rrule: str | None = None  # RFC 5545 rule like FREQ=WEEKLY;INTERVAL=2
    dtstart: datetime | None = None


@dataclass(frozen=True)
class Soundbite:
    """A short clip apps can play as a preview (`podcast:soundbite`)."""

    start: float  # seconds
    duration: float  # seconds
    title: str | None = None


@dataclass(frozen=True)
class AlternateAudio:
    """Another encoding of the same episode (`podcast:alternateEnclosure`), e.g. Opus or AAC."""

    asset: Asset
    bytes: int
    mime_type: str
    title: str | None = None
    bitrate: int | None = None  # bits per second


@dataclass(frozen=True)
class Audio:
    asset: Asset
    bytes: int
    mime_type: str
    duration: int  # whole seconds
    # Enclosure URLs this episode was published under before (`audio.moved_from`): the host acknowledges the
    # move, so `podsite check --against` accepts the new URL.
    moved_from: tuple[str, ...] = ()
    # A draft or scheduled episode may not have its audio yet: then this says what is missing (the loader's own
    # sentence), the other fields are stand-ins, and nothing of it is published until it is due.
    pending: str = ""


@dataclass(frozen=True)
class Writeup:
    """The markdown post `docs/episodes/<stem>.md` that goes with an episode."""

    path: Path
    markdown: str  # the body, front matter removed
    meta: dict[str, object] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Episode:
    stem: str  # the YAML file name without `.yml`; names the write-up too
    slug: str  # the public URL segment: a contract with listeners
    source: Path
    title: str
    guid: str
    date: datetime  # time-zone aware
    audio: Audio
    type: EpisodeType = "full"
    number: int | None = None
    season: int | None = None
    summary: str = ""
    image: Asset | None = None
    explicit: bool | None = None  # None: the show's setting applies
    credits: tuple[Credit, ...] = ()
    tags: tuple[str, ...] = ()
    chapters: tuple[Chapter, ...] = ()
    transcripts: tuple[Transcript, ...] = ()
    draft: bool = False
    writeup: Writeup | None = None
    block: bool = False  # itunes:block: keep this episode out of Apple Podcasts
    soundbites: tuple[Soundbite, ...] = ()
    alternate_audio: tuple[AlternateAudio, ...] = ()
    locations: tuple[Location, ...] = ()
    funding: tuple[Funding, ...] = ()
    # Slugs the episode's page was published under before (`old_slugs:`): each gets a page that redirects here.
    old_slugs: tuple[str, ...] = ()
    # The episode's language where the host gave one (`language:`); pages mark it where it differs from the show's.
    language: str | None = None
    # The line of each YAML key (`audio`, `audio.bytes`, `chapters[2].start`, ...) so `podsite check` can point
    # at it; not part of the episode's identity.
    lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False, repr=False)
    # A digest of everything the loader built this episode from (its YAML, the files it names, its write-up):
    # the same fingerprint means the same episode, so renderers can key caches on it without comparing
    # transcripts cue by cue. Empty when the episode was not made by the loader.
    fingerprint: str = field(default="", compare=False, repr=False)

    @property
    def hosts(self) -> tuple[Credit, ...]:
        return tuple(c for c in self.credits if c.is_host)

    @property
    def guests(self) -> tuple[Credit, ...]:
        return tuple(c for c in self.credits if not c.is_host)

    @property
    def assets(self) -> Iterator[Asset]:
        return (asset for _, asset in self.named_assets)

    @property
    def named_assets(self) -> Iterator[tuple[str, Asset]]:
        """Every file the episode names, with the field that names it (`transcripts[2].file`): its audio (and
        other encodings), art, transcripts, chapter art. Local files are named by `file:` or `image:`."""
        yield _asset_field("audio", self.audio.asset), self.audio.asset
        for index, alternate in enumerate(self.alternate_audio, 1):
            yield _asset_field(f"alternate_audio[{index}]", alternate.asset), alternate.asset
        if self.image:
            yield "image", self.image
        for index, transcript in enumerate(self.transcripts, 1):
            yield _asset_field(f"transcripts[{index}]", transcript.asset), transcript.asset
        for index, chapter in enumerate(self.chapters, 1):
            if chapter.image:
                yield f"chapters[{index}].image", chapter.image

    def is_published(self, now: datetime) -> bool:
        """Drafts and episodes dated in the future are in neither the site nor the feed."""
        return not self.draft and self.date <= now


@dataclass(frozen=True)
class Show:
    title: str
    description: str
    site_url: str  # ends with "/"
    feed_url: str
    language: str
    categories: tuple[Category, ...]
    explicit: bool
    author: str
    owner: Owner
    image: Asset
    source: Path
    type: ShowType = "episodic"
    copyright: str | None = None
    podcast_guid: str | None = None
    subscribe: tuple[SubscribeLink, ...] = ()
    timezone: str = "UTC"  # IANA name; a bare `date:` means midnight here
    image_alt: str | None = None  # the cover described in words, for podcast:image
    new_feed_url: str | None = None  # itunes:new-feed-url: set only when the feed has moved
    # The feed this show moved from (podsite import writes it): its podcast_guid was carried over from there.
    previous_feed_url: str | None = None
    notify: Notify | None = None  # who `podsite notify` tells that the feed changed
    storage: Storage | None = None  # where `podsite upload` puts recordings
    block: bool = False  # itunes:block: keep the show out of Apple Podcasts
    complete: bool = False  # itunes:complete: the show has ended, no more episodes
    locked: bool | None = None  # podcast:locked: yes forbids other hosts importing the feed
    funding: tuple[Funding, ...] = ()
    medium: str | None = None  # podcast:medium: podcast, music, audiobook, ...
    license: License | None = None
    locations: tuple[Location, ...] = ()
    txt: tuple[Txt, ...] = ()
    podroll: tuple[RemotePodcast, ...] = ()
    update_frequency: UpdateFrequency | None = None
    # Build settings that shape the feed (one home: _show.yml). Analytics prefixes are applied in order to
    # enclosure URLs only; item_limit keeps the newest N items (trailers always stay).
    analytics_prefixes: tuple[str, ...] = ()
    item_limit: int | None = None
    # GUIDs of published episodes the host took down on purpose (`removed:`); `podsite check --against` accepts
    # their absence, and nothing else.
    removed: tuple[str, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False, repr=False)


@dataclass(frozen=True)
class Catalog:
    """Everything a build needs, validated. `episodes` are the published ones, newest first."""

    root: Path
    docs_dir: Path
    show: Show
    people: dict[str, Person]
    episodes: tuple[Episode, ...]
    unpublished: tuple[Episode, ...] = ()  # drafts and scheduled episodes, shown only by `mkdocs serve`

    def episodes_with(self, person_id: str) -> tuple[Episode, ...]:
        return self._episodes_by_person.get(person_id, ())

    @cached_property
    def _episodes_by_person(self) -> dict[str, tuple[Episode, ...]]:
        """Built once: scanning every episode per person made people pages quadratic in a big archive."""
        found: dict[str, list[Episode]] = {}
        for episode in self.episodes:
            for person_id in dict.fromkeys(c.person.id for c in episode.credits):
                found.setdefault(person_id, []).append(episode)
        return {person_id: tuple(episodes) for person_id, episodes in found.items()}

    @property
    def hosts(self) -> tuple[Person, ...]:
        """The show's own voices: everyone in the people registry whose usual role is a host's."""
        return tuple(person for person in self.people.values() if person.is_host)

    @property
    def latest(self) -> Episode | None:
        return self.episodes[0] if self.episodes else None

    @property
    def published_files(self) -> dict[str, Asset]:
        """Every repository file the published show names (cover art, portraits, each episode's audio,
        transcripts and art), each once, by where it is on the site (see published_path)."""
        found: dict[str, Asset] = {}
        for asset in _assets_of(self):
            where = published_path(asset, self.docs_dir)
            if where is not None:
                found.setdefault(where, asset)
        return dict(sorted(found.items()))

    @property
    def local_assets(self) -> tuple[Asset, ...]:
        """Files from the repository outside docs/ that a site build must publish itself, each once."""
        return tuple(asset for asset in self.published_files.values() if asset.site_path is not None)


def _asset_field(entry: str, asset: Asset) -> str:
    return f"{entry}.file" if asset.local is not None else f"{entry}.url"


def published_path(asset: Asset, docs_dir: Path) -> str | None:
    """Where a repository file is on the built site, relative to its root: a file in docs/ where MkDocs puts it,
    any other at its path in the repository (see load/assets.py). None for a web address."""
    if asset.local is None:
        return None
    return asset.site_path or asset.local.absolute().relative_to(docs_dir).as_posix()


def _assets_of(catalog: Catalog):
    yield catalog.show.image
    for person in catalog.people.values():
        if person.image:
            yield person.image
    for episode in catalog.episodes:
        yield from episode.assets
