"""The only code that reads the show's YAML: `load_catalog()` turns a repository into a validated Catalog.

Every problem in every file is collected and raised together as one PodsiteError, before anything is built,
so a host fixes all their mistakes in one pass and a broken input never half-writes a site or a feed.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from ..cache import CACHE_DIR
from ..errors import PodsiteError, Problem
from ..layout import (
    PEOPLE_FILE,
    RESERVED_SLUGS,
    SHOW_FILE,
    SLUG,
    Paths,
    episode_entries,
    file_problem,
    relative_to_repo,
)
from ..model import Asset, Catalog, Episode, Owner, Person, Show, published_path
from ..urls import NOWHERE, SiteUrls
from .assets import Assets
from .cache import EpisodeCache, Reads, episode_fingerprint
from .episode import load_episode
from .people import load_people
from .show import load_show
from .writeup import read_writeup
from .yamlio import LinedMap, YamlProblem, parse_yaml, read_yaml_bytes, yaml_text


def load_catalog(paths: Paths, *, now: datetime | None = None, cache: bool = True) -> Catalog:
    """Read and validate the whole show. Raises PodsiteError listing every problem found.

    With `cache`, episodes that validated cleanly before and have not changed come from `.cache/podsite/`
    (see loadcache.py); the result is the same either way."""
    now = now or datetime.now(UTC)
    problems: list[Problem] = []
    show_data = _read(paths, paths.episodes_dir / SHOW_FILE, problems, required=True)
    show = load_show(paths, show_data, problems) if show_data is not None else None
    people_data = _read(paths, paths.episodes_dir / PEOPLE_FILE, problems, required=False)
    people = load_people(paths, people_data, show, problems) if people_data is not None else {}

    # Episodes are checked even when the show file has problems (against a stand-in), so one run lists all.
    against = show or _stand_in_show(paths)
    store = EpisodeCache(paths.root / CACHE_DIR if cache else None, _episode_context(paths, against, people))
    episodes = [episode for path in episode_entries(paths)
                if (episode := _episode(paths, path, against, people, store, problems, now)) is not None]
    _check_unique(paths, episodes, problems)
    _check_old_slugs(paths, episodes, problems)
    _check_outputs(paths, episodes, problems)
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
             problems: list[Problem], now: datetime) -> Episode | None:
    """One episode: from the cache when nothing it was validated from has changed, else read and validated."""
    raw = _read_bytes(paths, path, problems)
    if raw is None:
        return None
    key = store.key(raw)
    cached = store.get(path, key, people)
    if cached is not None and _held_in_repository(paths, path, cached[0], show.site_url):
        stored, files = cached
        count = len(problems)
        writeup = read_writeup(paths, path.stem, problems)
        if len(problems) > count:
            return None  # as validating would: an episode with a problem is not kept
        return replace(stored, writeup=writeup, fingerprint=episode_fingerprint(path, key, files, writeup))
    data = _parse(paths, path, raw, problems)
    if data is None:
        return None
    count, reads = len(problems), Reads()
    episode = load_episode(paths, path, data, show, people, problems, reads, now)
    if episode is None or len(problems) > count:
        return episode
    if not episode.audio.pending:  # audio still to come is fine only until the episode is due: never kept
        store.put(path, key, reads, episode)
    return replace(episode, fingerprint=episode_fingerprint(path, key, reads.files, episode.writeup))


def _held_in_repository(paths: Paths, path: Path, episode: Episode, site_url: str) -> bool:
    """What a cached episode must still satisfy, however the cache file came to be: it is this file's
    episode, its slug is an address inside the site, and every local file it names is inside the repository
    and, when the site publishes it, published where the loader would put it."""
    if episode.source != path or not SLUG.match(episode.slug) or episode.slug in RESERVED_SLUGS:
        return False
    assets = Assets(paths, site_url)
    for asset in episode.assets:
        if asset.local is None:
            continue
        local = relative_to_repo(paths.root, os.path.relpath(asset.local, paths.root))
        if local is None or asset.site_path not in (None, assets.local(local).site_path):
            return False
    return True


def _stand_in_show(paths: Paths) -> Show:
    """What episodes are validated against when `_show.yml` itself is broken: never published."""
    nowhere = NOWHERE
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
    why = file_problem(paths.root, path)
    if why is not None:
        problems.append(Problem(paths.show(path), None, "", why))
        return None
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


def _check_unique(paths: Paths, episodes: list[Episode], problems: list[Problem]) -> None:
    """GUIDs, slugs, (season, number) pairs and audio URLs identify episodes (apps match on the enclosure URL
    too): two episodes may never share one. Reported on the later file."""
    for what, field, key in (("guid", "guid", lambda e: e.guid), ("slug", "slug", lambda e: e.slug),
                             ("number", "number", lambda e: (e.season, e.number) if e.number is not None else None),
                             ("audio URL", "audio", lambda e: e.audio.asset.url)):
        seen: dict[object, list[Episode]] = defaultdict(list)
        for episode in episodes:
            value = key(episode)
            if value is not None:
                seen[value].append(episode)
        for group in seen.values():
            group.sort(key=lambda e: e.source)
            for later in group[1:]:
                fix = {"guid": "run `podsite new` for a fresh one", "audio": "give each its own recording"}.get(
                    field, "change one of them")
                problems.append(Problem(paths.show(later.source), later.lines.get(field), field,
                                        f"the same {what} as {paths.show(group[0].source)}; every episode needs "
                                        f"its own, so {fix}"))


def _check_old_slugs(paths: Paths, episodes: list[Episode], problems: list[Problem]) -> None:
    """An old address redirects to one episode, and never hides a page that exists now."""
    current = {episode.slug: episode for episode in episodes}
    claimed: dict[str, Episode] = {}
    for episode in episodes:
        for index, old in enumerate(episode.old_slugs, 1):
            field = f"old_slugs[{index}]"
            owner = current.get(old) or claimed.get(old)
            if owner is not None:
                whose = "this episode's slug now" if owner is episode else f"used by {paths.show(owner.source)}"
                problems.append(Problem(paths.show(episode.source), episode.lines.get(field), field,
                                        f"'{old}' is {whose}; an old slug must be free, so that it can redirect "
                                        f"here"))
            claimed.setdefault(old, episode)


def _check_outputs(paths: Paths, episodes: list[Episode], problems: list[Problem]) -> None:
    """Every path on the site has one source. A file an episode names may not be published where podsite writes
    an episode's chapters or transcript page, and no file in docs/ may sit there to be silently replaced."""
    generated: dict[str, tuple[Episode, str]] = {}
    for episode in episodes:
        if episode.chapters:
            generated[SiteUrls.chapters_file(episode)] = (episode, "chapters")
        if any(transcript.cues for transcript in episode.transcripts):
            generated[SiteUrls.transcript_page(episode)] = (episode, "transcript page")
    named: set[str] = set()
    for episode in episodes:
        for field, asset in episode.named_assets:
            where = published_path(asset, paths.docs_dir)
            if where is None or where not in generated:
                continue
            named.add(where)
            owner, what = generated[where]
            assert asset.local is not None
            problems.append(Problem(paths.show(episode.source), episode.lines.get(field), field,
                                    f"{paths.show(asset.local)} would be published at {where}, where podsite "
                                    f"writes the {what} of {paths.show(owner.source)}; rename the file"))
    for where, (owner, what) in generated.items():
        if where not in named and (paths.docs_dir / where).exists():
            problems.append(Problem(paths.show(paths.docs_dir / where), None, "",
                                    f"is where podsite writes the {what} of {paths.show(owner.source)}; rename "
                                    f"or remove it"))
