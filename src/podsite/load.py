"""The only code that reads the show's YAML: `load_catalog()` turns a repository into a validated Catalog.

Every problem in every file is collected and raised together as one PodsiteError, before anything is built,
so a host fixes all their mistakes in one pass and a broken input never half-writes a site or a feed.
"""

from __future__ import annotations

import difflib
import os
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .apple import (
    APPLE_CATEGORIES,
    AUDIO_TYPES,
    IMAGE_TYPES,
    MEDIUMS,
    PERSON_ROLES,
    SUBSCRIBE_PLATFORMS,
    TRANSCRIPT_TYPES,
)
from .audio import AudioError, measure_file
from .errors import PodsiteError, Problem, display_path
from .fields import Fields, format_duration, is_file, relative_to_repo
from .loadcache import CACHE_DIR, EpisodeCache, Reads, episode_fingerprint
from .model import (
    AlternateAudio,
    Asset,
    Audio,
    Catalog,
    Category,
    Chapter,
    Credit,
    Cue,
    Episode,
    Funding,
    License,
    Link,
    Location,
    Owner,
    Person,
    RemotePodcast,
    Show,
    Soundbite,
    SubscribeLink,
    Transcript,
    Txt,
    UpdateFrequency,
    Writeup,
)
from .transcripts import load_cues
from .yamlio import LinedList, LinedMap, YamlProblem, parse_yaml, plain, read_yaml_bytes, yaml_text

SHOW_FILE = "_show.yml"
PEOPLE_FILE = "_people.yml"
# Names of pages podsite generates beside episodes and people: episodes/index.md, episodes/page/2.md, ...
RESERVED_SLUGS = frozenset({"index", "readme", "page"})
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

SHOW_FIELDS = ("title", "description", "site_url", "feed_url", "language", "category", "explicit", "author",
               "owner", "image", "type", "copyright", "podcast_guid", "timezone", "subscribe",
               # feed extras (issue 3): Apple and Podcasting 2.0 tags, and the build settings of the feed
               "image_alt", "new_feed_url", "block", "complete", "locked", "funding", "medium", "license",
               "location", "txt", "podroll", "update_frequency", "analytics_prefix", "item_limit",
               # continuity (issue 5): published episodes the host removed on purpose
               "removed")
PERSON_FIELDS = ("name", "role", "bio", "image", "links")
EPISODE_FIELDS = ("title", "guid", "date", "number", "season", "type", "slug", "summary", "audio", "image",
                  "explicit", "people", "tags", "chapters", "transcripts", "draft",
                  "block", "soundbites", "alternate_audio", "location", "funding")
AUDIO_FIELDS = ("file", "url", "bytes", "type", "duration", "moved_from")


@dataclass(frozen=True)
class Paths:
    """Where a show keeps its files. Every path in YAML is relative to `root`, the repository."""

    root: Path
    docs_dir: Path
    episodes_dir: Path

    @classmethod
    def at(cls, root: Path | str, docs_dir: str = "docs", episodes_dir: str = "episodes") -> Paths:
        root = Path(root).absolute()
        return cls(root, root / docs_dir, root / episodes_dir)

    def show(self, path: Path) -> str:
        return display_path(path, self.root)


def load_catalog(paths: Paths, *, now: datetime | None = None, cache: bool = True) -> Catalog:
    """Read and validate the whole show. Raises PodsiteError listing every problem found.

    With `cache`, episodes that validated cleanly before and have not changed come from `.cache/podsite/`
    (see loadcache.py); the result is the same either way."""
    now = now or datetime.now(UTC)
    problems: list[Problem] = []
    show_data = _read(paths, paths.episodes_dir / SHOW_FILE, problems, required=True)
    show = _load_show(paths, show_data, problems) if show_data is not None else None
    people_data = _read(paths, paths.episodes_dir / PEOPLE_FILE, problems, required=False)
    people = _load_people(paths, people_data, show, problems) if people_data is not None else {}

    # Episodes are checked even when the show file has problems (against a stand-in), so one run lists all.
    against = show or _stand_in_show(paths)
    store = EpisodeCache(paths.root / CACHE_DIR if cache else None, _episode_context(paths, against, people))
    episodes = [episode for path in episode_files(paths)
                if (episode := _episode(paths, path, against, people, store, problems)) is not None]
    _check_unique(paths, episodes, problems)
    if show is not None:  # else episodes were checked against a stand-in: keep the cache of the real show
        store.save()
    if problems or show is None:
        raise PodsiteError(_one_per_field(problems))

    episodes.sort(key=lambda e: (e.date, e.number or 0, e.stem), reverse=True)
    published = tuple(e for e in episodes if e.is_published(now))
    unpublished = tuple(e for e in episodes if not e.is_published(now))
    return Catalog(paths.root, paths.docs_dir, show, people, published, unpublished)


def _episode_context(paths: Paths, show: Show, people: dict[str, Person]) -> str:
    """Everything outside its own files that validating an episode reads (see loadcache.py)."""
    registry = sorted((person.id, person.role) for person in people.values())
    return repr((str(paths.root), str(paths.docs_dir), show.site_url, show.timezone, registry))


def _episode(paths: Paths, path: Path, show: Show, people: dict[str, Person], store: EpisodeCache,
             problems: list[Problem]) -> Episode | None:
    """One episode: from the cache when nothing it was validated from has changed, else read and validated."""
    raw = _read_bytes(paths, path, problems)
    if raw is None:
        return None
    key = store.key(raw)
    cached = store.get(path, key, people)
    if cached is not None and _held_in_repository(paths, path, cached[0], show.site_url):
        episode, files = cached
        count = len(problems)
        writeup = _writeup(paths, path.stem, problems)
        if len(problems) > count:
            return None  # as validating would: an episode with a problem is not kept
        return replace(episode, writeup=writeup, fingerprint=episode_fingerprint(path, key, files, writeup))
    data = _parse(paths, path, raw, problems)
    if data is None:
        return None
    count, reads = len(problems), Reads()
    episode = _load_episode(paths, path, data, show, people, problems, reads)
    if episode is None or len(problems) > count:
        return episode
    store.put(path, key, reads, episode)
    return replace(episode, fingerprint=episode_fingerprint(path, key, reads.files, episode.writeup))


def _held_in_repository(paths: Paths, path: Path, episode: Episode, site_url: str) -> bool:
    """What a cached episode must still satisfy, however the cache file came to be: it is this file's
    episode, its slug is an address inside the site, and every local file it names is inside the repository
    and, when the site publishes it, published where the loader would put it."""
    if episode.source != path or not SLUG.match(episode.slug) or episode.slug in RESERVED_SLUGS:
        return False
    assets = _Assets(paths, site_url)
    for asset in episode.assets:
        if asset.local is None:
            continue
        local = relative_to_repo(paths.root, os.path.relpath(asset.local, paths.root))
        if local is None or asset.site_path not in (None, assets.local(local).site_path):
            return False
    return True


def _stand_in_show(paths: Paths) -> Show:
    """What episodes are validated against when `_show.yml` itself is broken: never published."""
    nowhere = "https://invalid.invalid/"
    return Show(title="", description="", site_url=nowhere, feed_url=nowhere + "feed.xml", language="en",
                categories=(), explicit=False, author="", owner=Owner("", ""), image=Asset(nowhere),
                source=paths.episodes_dir / SHOW_FILE)


def _one_per_field(problems: list[Problem]) -> list[Problem]:
    """One mistake, one line: `bytes: -5` is "must be 1 or more", not that and also "missing"."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for problem in problems:
        key = (str(problem.file), problem.field)
        if problem.field and key in seen:
            continue
        seen.add(key)
        kept.append(problem)
    return kept


def episode_files(paths: Paths) -> list[Path]:
    """Episode YAML files: every `*.yml`/`*.yaml` in the episodes folder except `_`-prefixed ones."""
    if not paths.episodes_dir.is_dir():
        return []
    return sorted(p for p in paths.episodes_dir.iterdir()
                  if p.suffix in (".yml", ".yaml") and not p.name.startswith("_") and p.is_file())


def podcast_guid_for(feed_url: str) -> str:
    """The Podcasting 2.0 show GUID: UUIDv5 of the feed URL without its scheme and trailing slashes."""
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


# -- reading -----------------------------------------------------------------------------------------------

def _read(paths: Paths, path: Path, problems: list[Problem], *, required: bool) -> LinedMap | None:
    if not path.is_file():
        if required:
            problems.append(Problem(paths.show(path), None, "", "file not found; create it (see the README's "
                                                                "format reference)"))
        return None
    raw = _read_bytes(paths, path, problems)
    return None if raw is None else _parse(paths, path, raw, problems)


def _read_bytes(paths: Paths, path: Path, problems: list[Problem]) -> bytes | None:
    try:
        return read_yaml_bytes(path)
    except YamlProblem as err:
        problems.append(Problem(paths.show(path), err.line, err.field, err.message))
        return None


def _parse(paths: Paths, path: Path, raw: bytes, problems: list[Problem]) -> LinedMap | None:
    shown = paths.show(path)
    try:
        data = parse_yaml(yaml_text(raw))
    except YamlProblem as err:
        problems.append(Problem(shown, err.line, err.field, err.message))
        return None
    if data is None:
        problems.append(Problem(shown, 1, "", "the file is empty; it needs `field: value` lines"))
        return None
    if not isinstance(data, LinedMap):
        problems.append(Problem(shown, getattr(data, "line", 1), "",
                                "must be a mapping of `field: value` lines, not a list or a single value"))
        return None
    return data


class _Assets:
    """Turns a YAML value into an Asset: a web address as it is, or a repository file with its public URL."""

    def __init__(self, paths: Paths, site_url: str, reads: Reads | None = None):
        self.paths = paths
        self.site_url = site_url
        self.reads = reads  # an episode's: the files its validation looks at, for the episode cache

    def read(self, fields: Fields, key: str, *, required: bool = False, types: dict[str, str] | None = None,
             what: str = "a file path or an https:// URL") -> Asset | None:
        raw = fields.text(key, required=required, what=what, max_len=1000)
        return None if raw is None else self.resolve(fields, key, raw, types=types)

    def resolve(self, fields: Fields, key: str, raw: str, *, types: dict[str, str] | None = None,
                line: int | None = None) -> Asset | None:
        if "://" in raw or raw.lower().startswith(("javascript:", "data:", "file:", "mailto:")):
            url = fields.check_url(key, raw, line)
            return Asset(url) if url else None
        local = relative_to_repo(self.paths.root, raw)
        if local is None:
            fields.problem(key, f"'{raw}' points outside the repository; use a path inside it, relative to "
                                f"the repository root (like docs/media/file.mp3)", line)
            return None
        if self.reads is not None:
            self.reads.note(local)
        if not is_file(local):
            fields.problem(key, f"'{raw}' does not exist; check the path (relative to the repository root)", line)
            return None
        if types is not None and local.suffix.lower() not in types:
            fields.problem(key, f"'{raw}' has an unsupported extension; use one of {', '.join(sorted(types))}",
                           line)
            return None
        return self.local(local)

    def local(self, path: Path) -> Asset:
        """Files in docs/ are published by MkDocs where they are; others at their repository path."""
        if path.absolute().is_relative_to(self.paths.docs_dir):
            published = path.absolute().relative_to(self.paths.docs_dir).as_posix()
            return Asset(self.site_url + quote(published), path, None)
        published = path.absolute().relative_to(self.paths.root).as_posix()
        return Asset(self.site_url + quote(published), path, published)


# -- the show ------------------------------------------------------------------------------------------------

def _load_show(paths: Paths, data: LinedMap, problems: list[Problem]) -> Show | None:
    f = Fields(data, paths.show(paths.episodes_dir / SHOW_FILE), problems)
    f.reject_unknown(SHOW_FIELDS)
    count = len(problems)
    site_url = f.url("site_url", required=True, what="the site's address, like https://example.com/")
    site_url = (site_url.rstrip("/") + "/") if site_url else "https://invalid.invalid/"
    feed_url = f.url("feed_url") or site_url + "feed.xml"
    assets = _Assets(paths, site_url)
    owner = f.mapping("owner", required=True, what="the owner's name and email")
    show = Show(
        title=f.text("title", required=True, what="the show's name", max_len=255) or "",
        description=f.text("description", required=True, what="a paragraph about the show", multiline=True,
                           max_len=4000) or "",
        site_url=site_url,
        feed_url=feed_url,
        language=_language(f),
        categories=_categories(f),
        explicit=bool(f.boolean("explicit", required=True)),
        author=f.text("author", required=True, what="who makes the show", max_len=255) or "",
        owner=Owner(
            name=(owner.text("name", required=True, what="the owner's name") if owner else None) or "",
            email=(owner.email("email", required=True) if owner else None) or "",
        ),
        image=assets.read(f, "image", required=True, types=IMAGE_TYPES) or Asset(site_url),
        source=paths.episodes_dir / SHOW_FILE,
        type=f.choice("type", ("episodic", "serial"), default="episodic"),  # type: ignore[arg-type]
        copyright=f.text("copyright", max_len=500),
        podcast_guid=_podcast_guid(f, feed_url),
        subscribe=_subscribe(f),
        timezone=_timezone(f),
        **_show_extras(f, assets),
    )
    if owner:
        owner.reject_unknown(("name", "email"))
    return show if len(problems) == count else None


def _language(f: Fields) -> str:
    value = f.text("language", required=True, what="a language code like en or en-GB") or "en"
    if not re.match(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$", value):
        f.problem("language", f"'{value}' is not a language code; write one like en, en-GB or de")
    return value


def _categories(f: Fields) -> tuple[Category, ...]:
    """`category: Health & Fitness / Mental Health`, or a list of those (Apple reads up to three)."""
    found: list[Category] = []
    entries = f.items("category")
    if not entries:
        f.problem("category", "missing; add an Apple Podcasts category like 'Society & Culture'")
    for line, value, label in entries:
        if not isinstance(value, str):
            f.problem(label, "must be a category name like 'Health & Fitness / Mental Health'", line)
            continue
        name, _, sub = (part.strip() for part in value.partition("/"))
        if name not in APPLE_CATEGORIES:
            hint = difflib.get_close_matches(name, list(APPLE_CATEGORIES), n=1)
            fix = f"did you mean '{hint[0]}'?" if hint else "use a category from Apple's list (see README)"
            f.problem(label, f"'{name}' is not an Apple Podcasts category; {fix}", line)
        elif sub and sub not in APPLE_CATEGORIES[name]:
            f.problem(label, f"'{sub}' is not a subcategory of '{name}'; use one of: "
                             f"{', '.join(APPLE_CATEGORIES[name]) or '(none)'}", line)
        else:
            found.append(Category(name, sub or None))
    return tuple(found)


def _podcast_guid(f: Fields, feed_url: str) -> str:
    value = f.text("podcast_guid")
    if value is None:
        return podcast_guid_for(feed_url)
    try:
        return str(uuid.UUID(value))
    except ValueError:
        f.problem("podcast_guid", f"'{value}' is not a UUID; remove the line to use the one computed from "
                                  f"feed_url")
        return value


def _timezone(f: Fields) -> str:
    name = f.text("timezone") or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        f.problem("timezone", f"'{name}' is not a time zone; use a name like Europe/Amsterdam or UTC")
    return name


def _subscribe(f: Fields) -> tuple[SubscribeLink, ...]:
    links = f.mapping("subscribe", what="platform: URL lines, like apple: https://podcasts.apple.com/...")
    if links is None:
        return ()
    links.reject_unknown(SUBSCRIBE_PLATFORMS)
    found = []
    for platform, label in SUBSCRIBE_PLATFORMS.items():
        url = links.url(platform)
        if url:
            found.append(SubscribeLink(platform, label, url))
    return tuple(found)


# -- people ------------------------------------------------------------------------------------------------

def _load_people(paths: Paths, data: LinedMap, show: Show | None, problems: list[Problem]) -> dict[str, Person]:
    f = Fields(data, paths.show(paths.episodes_dir / PEOPLE_FILE), problems)
    assets = _Assets(paths, show.site_url if show else "https://invalid.invalid/")
    people: dict[str, Person] = {}
    for person_id in data:
        key = str(person_id)
        if not SLUG.match(key):
            f.problem(key, "a person's id must be lower-case letters, digits and dashes, like amy-l")
            continue
        if key in RESERVED_SLUGS:
            f.problem(key, f"'{key}' is the address of the people index page; choose another id")
            continue
        entry = f.mapping(key, required=True, what="the person's name, role, bio, image and links")
        if entry is None:
            continue
        entry.reject_unknown(PERSON_FIELDS)
        people[key] = Person(
            id=key,
            name=entry.text("name", required=True, what="the person's name", max_len=255) or key,
            role=_role(entry, "role") or "guest",
            bio=entry.text("bio", multiline=True, max_len=20_000) or "",
            image=assets.read(entry, "image", types=IMAGE_TYPES),
            links=_links(entry),
        )
    return people


def _role(f: Fields, key: str) -> str | None:
    value = f.text(key)
    if value is None:
        return None
    if value.lower() not in PERSON_ROLES:
        f.problem(key, f"'{value}' is not a Podcasting 2.0 role; use e.g. host, co-host, guest, producer")
        return None
    return value.lower()


def _links(f: Fields) -> tuple[Link, ...]:
    found = []
    for line, value, label in f.items("links"):
        item = f.sub(value, label, line, "a mapping with title and url")
        if item is None:
            continue
        item.reject_unknown(("title", "url"))
        title, url = item.text("title", required=True, what="the link's text"), item.url("url", required=True)
        if title and url:
            found.append(Link(title, url))
    return tuple(found)


# -- episodes ----------------------------------------------------------------------------------------------

def _load_episode(paths: Paths, path: Path, data: LinedMap, show: Show, people: dict[str, Person],
                  problems: list[Problem], reads: Reads | None = None) -> Episode | None:
    f = Fields(data, paths.show(path), problems)
    f.reject_unknown(EPISODE_FIELDS)
    count = len(problems)
    assets = _Assets(paths, show.site_url, reads)
    zone = ZoneInfo(show.timezone)
    stem = path.stem
    audio = _audio(f, assets)
    episode = Episode(
        stem=stem,
        slug=_slug(f, stem),
        source=path,
        title=f.text("title", required=True, what="the episode's title", max_len=255) or "",
        guid=_guid(f),
        date=f.moment("date", zone, required=True) or datetime.min.replace(tzinfo=UTC),
        audio=audio or Audio(Asset(show.site_url), 1, "audio/mpeg", 0),
        type=f.choice("type", ("full", "trailer", "bonus"), default="full"),  # type: ignore[arg-type]
        number=f.integer("number"),
        season=f.integer("season"),
        summary=f.text("summary", multiline=True, max_len=4000) or "",
        image=assets.read(f, "image", types=IMAGE_TYPES),
        explicit=f.boolean("explicit"),
        credits=_credits(f, people),
        tags=_tags(f),
        chapters=_chapters(f, assets, audio.duration if audio else None),
        transcripts=_transcripts(f, assets),
        draft=bool(f.boolean("draft")),
        writeup=_writeup(paths, stem, problems),
        **_episode_extras(f, assets),
    )
    return episode if len(problems) == count else None


def _slug(f: Fields, stem: str) -> str:
    slug = f.text("slug")
    if slug is not None:
        if not SLUG.match(slug):
            f.problem("slug", f"'{slug}' is not a slug; use lower-case ASCII letters, digits and dashes")
        elif slug in RESERVED_SLUGS:
            f.problem("slug", f"'{slug}' is the address of a page podsite makes; choose another slug")
        return slug
    if not SLUG.match(stem):
        f.problem("slug", f"the file name '{stem}' is not a usable URL; rename the file to lower-case ASCII "
                          f"letters, digits and dashes (like 001-small-wins.yml) or add a slug: field")
    elif stem in RESERVED_SLUGS:
        f.problem("slug", f"the file name '{stem}' is the address of a page podsite makes; rename the file")
    return stem


def _guid(f: Fields) -> str:
    guid = f.text("guid", required=True, what="a GUID (run `podsite new` to get one: "
                                              f"guid: {uuid.uuid4()})", max_len=500)
    return guid or ""


def _audio(f: Fields, assets: _Assets) -> Audio | None:
    a = f.mapping("audio", required=True, what="the audio file (file: or url:, bytes, type, duration)")
    if a is None:
        return None
    a.reject_unknown(AUDIO_FIELDS)
    count = len(f.problems)
    local = assets.read(a, "file", types=AUDIO_TYPES) if a.has("file") else None
    url = a.url("url")
    if local is None and url is None and len(f.problems) == count:
        a.problem("file", "missing; give the audio as file: (a path in the repository) or url: (where it is "
                          "published)")
    size = a.integer("bytes")
    mime = a.text("type")
    duration = a.duration("duration")
    suffix = Path((local.local if local and local.local else None) or url or "").suffix.lower()
    if local is not None and local.local is not None:
        real = local.local.stat().st_size
        if size is not None and size != real:
            a.problem("bytes", f"says {size} but {a.data['file']} is {real} bytes; fix it or run `podsite "
                               f"measure`")
        if real == 0:
            a.problem("file", f"{a.data['file']} is an empty file; replace it with the episode's audio")
            return None
        size = real
        if duration is None:
            duration = _measured_duration(local.local)
            if duration is None and not a.has("duration"):
                a.problem("duration", f"cannot read the length of {a.data['file']} (is it a real audio file?); "
                                      f"add duration: like 42:10")
    if a.has("file") and local is None and url is None:
        return None  # the file: line is already reported; bytes and duration could not be measured from it
    if size is None:
        a.problem("bytes", "missing; add the file size in bytes (podsite measure writes it) so the feed's "
                           "enclosure is exact")
    if mime is None:
        mime = AUDIO_TYPES.get(suffix)
        if mime is None:
            a.problem("type", "missing; add the audio MIME type, like audio/mpeg")
    elif not mime.startswith(("audio/", "video/")):
        a.problem("type", f"'{mime}' is not an audio type; use e.g. audio/mpeg or audio/x-m4a")
    if duration is None:
        a.problem("duration", "missing; add the length like 42:10 or 1:02:03 (podsite measure writes it)")
    if len(f.problems) > count or size is None or mime is None or duration is None:
        return None
    published = Asset(url, local.local if local else None, None) if url else local
    assert published is not None
    return Audio(published, size, mime, round(duration), _moved_from(a))


def _moved_from(a: Fields) -> tuple[str, ...]:
    """`audio.moved_from`: the enclosure URL(s) this episode had before; the host acknowledges the move."""
    found = []
    for line, value, label in a.items("moved_from"):
        url = a.check_url(label, value, line) if isinstance(value, str) else None
        if url is None and not isinstance(value, str):
            a.problem(label, "must be the episode's previous audio URL", line)
        elif url is not None:
            found.append(url)
    return tuple(found)


def _measured_duration(path: Path) -> float | None:
    try:
        return measure_file(path).duration
    except AudioError:
        return None  # the caller reports it: the host writes duration: or fixes the file


def _credits(f: Fields, people: dict[str, Person]) -> tuple[Credit, ...]:
    found = []
    for line, value, label in f.items("people"):
        if isinstance(value, str):
            person_id, role = value, None
        else:
            item = f.sub(value, label, line, "a person id, or a mapping with id and role")
            if item is None:
                continue
            item.reject_unknown(("id", "role"))
            person_id, role = item.text("id", required=True, what="a person id from _people.yml"), _role(item, "role")
        if person_id is None:
            continue
        person = people.get(person_id)
        if person is None:
            hint = difflib.get_close_matches(person_id, list(people), n=1)
            fix = f"did you mean '{hint[0]}'?" if hint else f"add '{person_id}' to episodes/{PEOPLE_FILE}"
            f.problem(label, f"'{person_id}' is not in the people registry; {fix}", line)
            continue
        found.append(Credit(person, role or person.role))
    return tuple(found)


def _tags(f: Fields) -> tuple[str, ...]:
    found: list[str] = []
    tags = f.data.get("tags")
    for index, (line, value, label) in enumerate(f.items("tags")):
        # `tags: [2024, yes]` are the words 2024 and yes, not a number and True.
        written = tags.source_of(index) if isinstance(tags, LinedList) else f.data.source_of("tags")
        text = value if isinstance(value, str) else written
        if text is None or not text.strip() or len(text) > 100 or "\n" in text:
            f.problem(label, "a tag must be a short text on one line, like tags: [interviews, sleep]", line)
        elif text.strip() not in found:
            found.append(text.strip())
    return tuple(found)


def _chapters(f: Fields, assets: _Assets, duration: float | None) -> tuple[Chapter, ...]:
    found: list[Chapter] = []
    entries = f.items("chapters")
    for line, value, label in entries:
        item = f.sub(value, label, line, "a mapping with start and title")
        if item is None:
            continue
        item.reject_unknown(("start", "title", "url", "image"))
        start = item.duration("start", required=True, what="the start time like 12:34")
        title = item.text("title", required=True, what="the chapter's title", max_len=500)
        if start is None or title is None:
            continue
        if found and start <= found[-1].start:
            previous = format_duration(found[-1].start)
            item.problem("start", f"{format_duration(start)} is not after the previous chapter ({previous}); "
                                  f"list chapters in order")
            continue
        if duration is not None and start >= duration:
            end = format_duration(duration)
            item.problem("start", f"{format_duration(start)} is past the end of the audio ({end})")
            continue
        found.append(Chapter(start, title, item.url("url"), assets.read(item, "image", types=IMAGE_TYPES)))
    if found and found[0].start != 0 and len(found) == len(entries):  # else a chapter's own line says why
        f.problem("chapters", "the first chapter must start at 0:00, so every moment belongs to a chapter")
    return tuple(found)



def _transcripts(f: Fields, assets: _Assets) -> tuple[Transcript, ...]:
    found = []
    for line, value, label in f.items("transcripts"):
        item = f.sub(value, label, line, "a mapping with file (or url) and language")
        if item is None:
            continue
        item.reject_unknown(("file", "url", "language", "type"))
        asset = (assets.read(item, "file", types=TRANSCRIPT_TYPES) if item.has("file")
                 else assets.read(item, "url", required=True, what="file: or url: of the transcript"))
        language = item.text("language", required=True, what="the transcript's language, like en")
        mime = item.text("type") or (TRANSCRIPT_TYPES.get(Path(asset.url).suffix.lower()) if asset else None)
        if asset is not None and mime is None:
            item.problem("type", "missing; add the transcript type, like text/vtt")
        if asset and language and mime:
            cues: tuple[Cue, ...] = ()
            if asset.local is not None:  # read once, now: a broken file stops the build before it starts
                cues, problems = load_cues(asset.local, mime, assets.paths.show(asset.local))
                f.problems.extend(problems)
            found.append(Transcript(asset, mime, language, cues))
    return tuple(found)


_WRITEUP_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _writeup(paths: Paths, stem: str, problems: list[Problem]) -> Writeup | None:
    path = paths.docs_dir / "episodes" / f"{stem}.md"
    if not path.is_file():
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        problems.append(Problem(paths.show(path), raw[: err.start].count(b"\n") + 1, "",
                                "not valid UTF-8 text; save the file as UTF-8"))
        return None
    control = _WRITEUP_CONTROL.search(text)
    if control:  # XML cannot carry these, so the show notes in the feed could not be written
        problems.append(Problem(paths.show(path), text[: control.start()].count("\n") + 1, "",
                                f"contains the invisible control character U+{ord(control.group()):04X}; "
                                f"remove it"))
        return None
    meta: dict[str, object] = {}
    match = re.match(r"^---[ \t]*\n(.*?\n)?---[ \t]*\n", text, re.S)
    if match:
        try:
            parsed = parse_yaml(match.group(1) or "")
        except YamlProblem as err:
            problems.append(Problem(paths.show(path), (err.line or 0) + 1, "front matter." + err.field
                                    if err.field else "front matter", err.message))
            return None
        if parsed is not None and not isinstance(parsed, dict):
            problems.append(Problem(paths.show(path), 2, "front matter", "must be `field: value` lines"))
            return None
        meta = plain(parsed or {})
        text = text[match.end():]
    return Writeup(path, text, meta)


def _check_unique(paths: Paths, episodes: list[Episode], problems: list[Problem]) -> None:
    """GUIDs, slugs and (season, number) pairs identify episodes: two episodes may never share one."""
    for what, key in (("guid", lambda e: e.guid), ("slug", lambda e: e.slug),
                      ("number", lambda e: (e.season, e.number) if e.number is not None else None)):
        seen: dict[object, list[Episode]] = defaultdict(list)
        for episode in episodes:
            value = key(episode)
            if value is not None:
                seen[value].append(episode)
        for group in seen.values():
            for later in group[1:]:
                line = later.lines.get(what)
                fix = "run `podsite new` for a fresh one" if what == "guid" else "change one of them"
                problems.append(Problem(paths.show(later.source), line, what,
                                        f"the same {what} as {paths.show(group[0].source)}; every episode needs "
                                        f"its own, so {fix}"))


# -- feed extras: Apple and Podcasting 2.0 tags, and the feed's build settings (issue 3) --------------------

_GEO = re.compile(r"^geo:-?\d{1,3}(\.\d+)?,-?\d{1,3}(\.\d+)?(,-?\d+(\.\d+)?)?(;u=\d+(\.\d+)?)?$")
_OSM = re.compile(r"^[NWR]\d+(#\d+)?$")


def key_lines(data: object, prefix: str = "") -> dict[str, int]:
    """The line of every key, nested ones as `audio.bytes` or `chapters[2].start`, for `podsite check`."""
    found: dict[str, int] = {}
    if isinstance(data, LinedMap):
        for key, value in data.items():
            name = f"{prefix}{key}"
            found[name] = data.line_of(key)
            found.update(key_lines(value, name + "."))
    elif isinstance(data, LinedList):
        for index, value in enumerate(data):
            name = f"{prefix.rstrip('.')}[{index + 1}]"
            found[name] = data.line_of(index)
            found.update(key_lines(value, name + "."))
    return found


def _show_extras(f: Fields, assets: _Assets) -> dict[str, object]:
    return {
        "image_alt": f.text("image_alt", max_len=500),
        "new_feed_url": f.url("new_feed_url"),
        "block": bool(f.boolean("block")),
        "complete": bool(f.boolean("complete")),
        "locked": f.boolean("locked"),
        "funding": _funding(f),
        "medium": _medium(f),
        "license": _license(f),
        "locations": _locations(f),
        "txt": _txt(f),
        "podroll": _podroll(f),
        "update_frequency": _update_frequency(f),
        "analytics_prefixes": _analytics_prefixes(f),
        "item_limit": f.integer("item_limit", what="how many of the newest episodes the feed lists"),
        "removed": _removed(f),
        "lines": key_lines(f.data),
    }


def _episode_extras(f: Fields, assets: _Assets) -> dict[str, object]:
    return {
        "block": bool(f.boolean("block")),
        "soundbites": _soundbites(f),
        "alternate_audio": _alternate_audio(f, assets),
        "locations": _locations(f),
        "funding": _funding(f),
        "lines": key_lines(f.data),
    }


def _entries(f: Fields, key: str, text_key: str, allowed: tuple[str, ...], what: str):
    """The entries of a field that takes a text, a mapping, or a list of either: (Fields or None, text)."""
    for line, value, label in f.items(key):
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            if text:
                yield None, text
            else:
                f.problem(label, f"is empty; write {what}", line)
            continue
        item = f.sub(value, label, line, what)
        if item is None:
            continue
        item.reject_unknown(allowed)
        text = item.text(text_key, required=True, what=f"the {text_key}", multiline=text_key == "text")
        if text is not None:
            yield item, text


def _funding(f: Fields) -> tuple[Funding, ...]:
    found = []
    for line, value, label in f.items("funding"):
        item = f.sub(value, label, line, "a mapping with url and text, like url: https://... text: Support us")
        if item is None:
            continue
        item.reject_unknown(("url", "text"))
        url = item.url("url", required=True)
        text = item.text("text", required=True, what="what the link asks for, like Support the show")
        if url and text:
            found.append(Funding(url, text))
    return tuple(found)


def _medium(f: Fields) -> str | None:
    value = f.text("medium")
    if value is None:
        return None
    for medium in MEDIUMS:
        if value.lower() == medium.lower():
            return medium
    f.problem("medium", f"'{value}' is not a Podcasting 2.0 medium; use one of: {', '.join(MEDIUMS)}")
    return None


def _license(f: Fields) -> License | None:
    for item, name in _entries(f, "license", "name", ("name", "url"), "an SPDX id like cc-by-4.0, or name and url"):
        return License(name, item.url("url") if item else None)
    return None


def _locations(f: Fields) -> tuple[Location, ...]:
    found = []
    for item, name in _entries(f, "location", "name", ("name", "geo", "osm", "rel"),
                               "a place name, or a mapping with name, geo, osm and rel"):
        if item is None:
            found.append(Location(name))
            continue
        geo, osm = item.text("geo"), item.text("osm")
        if geo is not None and not _GEO.match(geo):
            item.problem("geo", f"'{geo}' is not a geo URI; write it like geo:30.2672,-97.7431")
        if osm is not None and not _OSM.match(osm):
            item.problem("osm", f"'{osm}' is not an OpenStreetMap id; write it like R113314 (N, W or R, then "
                                f"the number)")
        found.append(Location(name, geo, osm, item.choice("rel", ("subject", "creator"))))
    return tuple(found)


def _txt(f: Fields) -> tuple[Txt, ...]:
    found = []
    for item, text in _entries(f, "txt", "text", ("text", "purpose"), "a text, or a mapping with text and purpose"):
        found.append(Txt(text, item.text("purpose") if item else None))
    return tuple(found)


def _podroll(f: Fields) -> tuple[RemotePodcast, ...]:
    found = []
    for line, value, label in f.items("podroll"):
        item = f.sub(value, label, line, "a mapping with the recommended show's guid (its podcast:guid) and url")
        if item is None:
            continue
        item.reject_unknown(("guid", "url"))
        guid = item.text("guid", required=True, what="the recommended show's podcast:guid")
        if guid is None:
            continue
        try:
            guid = str(uuid.UUID(guid))
        except ValueError:
            item.problem("guid", f"'{guid}' is not a podcast:guid (a UUID); find it on podcastindex.org")
            continue
        found.append(RemotePodcast(guid, item.url("url")))
    return tuple(found)


def _update_frequency(f: Fields) -> UpdateFrequency | None:
    for item, text in _entries(f, "update_frequency", "text", ("text", "rrule", "dtstart"),
                               "a text like Weekly, or a mapping with text, rrule and dtstart"):
        if item is None:
            return UpdateFrequency(text)
        rrule = item.text("rrule")
        if rrule is not None and not re.match(r"^FREQ=(YEARLY|MONTHLY|WEEKLY|DAILY|HOURLY)(;[A-Z]+=[^;\s]+)*$",
                                              rrule):
            item.problem("rrule", f"'{rrule}' is not an iCalendar rule; write it like FREQ=WEEKLY or "
                                  f"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")
            rrule = None
        return UpdateFrequency(text, rrule, item.moment("dtstart", ZoneInfo("UTC")))
    return None


def _removed(f: Fields) -> tuple[str, ...]:
    """`removed:` GUIDs (or mappings with guid and a note) of published episodes taken down on purpose."""
    return tuple(guid for item, guid in _entries(f, "removed", "guid", ("guid", "title", "note"),
                                                 "the GUID of an episode taken down on purpose"))


def _analytics_prefixes(f: Fields) -> tuple[str, ...]:
    found = []
    for line, value, label in f.items("analytics_prefix"):
        url = f.check_url(label, value, line) if isinstance(value, str) else None
        if url is None:
            if not isinstance(value, str):
                f.problem(label, "must be a prefix URL like https://op3.dev/e/", line)
            continue
        if not url.startswith("https://"):
            f.problem(label, f"'{url}' must be an https:// address; apps refuse plain http redirects", line)
            continue
        found.append(url if url.endswith("/") else url + "/")
    return tuple(found)


def _soundbites(f: Fields) -> tuple[Soundbite, ...]:
    found = []
    for line, value, label in f.items("soundbites"):
        item = f.sub(value, label, line, "a mapping with start, duration and an optional title")
        if item is None:
            continue
        item.reject_unknown(("start", "duration", "title"))
        start = item.duration("start", required=True, what="where the clip starts, like 12:34")
        length = item.duration("duration", required=True, what="the clip's length in seconds, like 45")
        if length is not None and length <= 0:
            item.problem("duration", "must be more than 0 seconds")
            continue
        if start is not None and length is not None:
            found.append(Soundbite(start, length, item.text("title", max_len=500)))
    return tuple(found)


def _alternate_audio(f: Fields, assets: _Assets) -> tuple[AlternateAudio, ...]:
    found = []
    for line, value, label in f.items("alternate_audio"):
        item = f.sub(value, label, line, "a mapping with file (or url, bytes and type), title and bitrate")
        if item is None:
            continue
        item.reject_unknown(("file", "url", "bytes", "type", "title", "bitrate"))
        count = len(f.problems)
        asset = (assets.read(item, "file", types=AUDIO_TYPES) if item.has("file")
                 else assets.read(item, "url", required=True, what="file: or url: of the other audio file"))
        size = item.integer("bytes")
        if asset is not None and asset.local is not None:
            real = asset.local.stat().st_size
            if size is not None and size != real:
                item.problem("bytes", f"says {size} but the file is {real} bytes; fix it or remove the line")
            size = real
        elif asset is not None and size is None:
            item.problem("bytes", "missing; add the file size in bytes")
        mime = item.text("type") or (AUDIO_TYPES.get(Path(asset.url).suffix.lower()) if asset else None)
        if asset is not None and mime is None:
            item.problem("type", "missing; add the MIME type, like audio/opus")
        title = item.text("title", max_len=500)
        bitrate = item.integer("bitrate", what="the bitrate in bits per second, like 96000")
        if asset is not None and size is not None and mime is not None and len(f.problems) == count:
            found.append(AlternateAudio(asset, size, mime, title, bitrate))
    return tuple(found)
