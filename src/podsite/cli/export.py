"""`podsite export DIR`: the whole show as plain markdown with front matter, for any static site generator.

Each episode and person becomes one `.md` file whose front matter holds every fact of the model (GUID,
enclosure, chapters, transcripts, people, draft state, the page's URL) and whose body is the write-up. The feed,
the chapters files and the host's own pages come along, so moving to Hugo, Jekyll, Eleventy or Zensical loses
nothing, and the `url:` of each page keeps every public address the same.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..cache import CACHE_DIR
from ..errors import PodsiteError, Problem, display_path
from ..feed.chapters import chapters_json
from ..feed.notes import read_notes
from ..feed.writer import render_feed
from ..model import Catalog, Episode, Person
from ..urls import FEED_FILE, SiteUrls


def export_site(catalog: Catalog, urls: SiteUrls, directory: Path, *, force: bool = False) -> int:
    """Write the show into `directory`; returns how many files were written. A file already there is never
    overwritten without `force` (`podsite export docs` would otherwise replace the host's own write-ups), and
    then nothing is written."""
    files: dict[str, str | bytes] = {}
    for episode in catalog.episodes + catalog.unpublished:
        files[SiteUrls.episode_page(episode)] = _page(_episode_meta(episode, catalog, urls), _body(episode))
        if episode.chapters:
            files[SiteUrls.chapters_file(episode)] = chapters_json(episode)
    for person in catalog.people.values():
        files[SiteUrls.person_page(person.id)] = _page(_person_meta(person, catalog, urls), person.bio)
    files[FEED_FILE] = render_feed(catalog, urls, read_notes(catalog.root / CACHE_DIR))
    stems = {e.stem for e in catalog.episodes + catalog.unpublished}
    for page in sorted(catalog.docs_dir.rglob("*")) if catalog.docs_dir.is_dir() else []:
        relative = page.relative_to(catalog.docs_dir).as_posix()
        if not page.is_file() or (relative.startswith("episodes/") and page.stem in stems):
            continue  # write-ups are already in the episode pages
        # The host's own pages, and the files published with the site (media, images) at their site paths.
        files.setdefault(f"pages/{relative}" if page.suffix == ".md" else f"static/{relative}", page.read_bytes())
    targets = [directory / name for name in files]
    targets += [directory / "static" / str(asset.site_path) for asset in catalog.local_assets]
    taken = [target for target in targets if target.exists() or target.is_symlink()]
    if taken and not force:
        shown = display_path(taken[0], catalog.root)
        more = f" and {len(taken) - 1} other file(s)" if len(taken) > 1 else ""
        raise PodsiteError([Problem(shown, None, "", f"already exists{more}; export into a new folder, or pass "
                                                     f"--force to overwrite what is there")])
    for name, content in files.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for asset in catalog.local_assets:  # audio, images and transcripts from outside docs/
        assert asset.local is not None and asset.site_path is not None
        target = directory / "static" / asset.site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(asset.local, target)
    return len(files) + len(catalog.local_assets)


def _page(meta: dict[str, Any], body: str) -> str:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n\n{body.strip()}\n" if body.strip() else f"---\n{front}---\n"


def _episode_meta(episode: Episode, catalog: Catalog, urls: SiteUrls) -> dict[str, Any]:
    audio = episode.audio
    meta: dict[str, Any] = {
        "title": episode.title,
        "date": _iso(episode.date),
        "url": _site_path(urls, SiteUrls.episode_page(episode)),
        "slug": episode.slug,
        "guid": episode.guid,
        "draft": episode.draft,  # a future `date` keeps a scheduled episode unpublished in other generators too
        "episode_type": episode.type,
    }
    _set(meta, "number", episode.number)
    _set(meta, "season", episode.season)
    _set(meta, "summary", episode.summary or None)
    _set(meta, "language", episode.language)
    _set(meta, "explicit", episode.explicit)
    meta["audio"] = {"url": audio.asset.url, "bytes": audio.bytes, "type": audio.mime_type,
                     "duration": audio.duration}
    _set(meta, "image", episode.image.url if episode.image else None)
    _set(meta, "people", [{"id": c.person.id, "name": c.person.name, "role": c.role} for c in episode.credits])
    _set(meta, "tags", list(episode.tags))
    _set(meta, "chapters", [{k: v for k, v in (("start", c.start), ("title", c.title), ("url", c.url),
                                               ("image", c.image.url if c.image else None)) if v is not None}
                            for c in episode.chapters])
    if episode.chapters:
        meta["chapters_url"] = urls.absolute(SiteUrls.chapters_file(episode))
    _set(meta, "transcripts", [{"url": t.asset.url, "type": t.mime_type, "language": t.language}
                               for t in episode.transcripts])
    if episode.writeup is not None:
        meta.update({k: v for k, v in episode.writeup.meta.items() if k not in meta})
    return meta


def _person_meta(person: Person, catalog: Catalog, urls: SiteUrls) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": person.name, "url": _site_path(urls, SiteUrls.person_page(person.id)),
                            "id": person.id, "role": person.role}
    _set(meta, "image", person.image.url if person.image else None)
    _set(meta, "links", [{"title": link.title, "url": link.url} for link in person.links])
    _set(meta, "episodes", [e.slug for e in catalog.episodes_with(person.id)])
    return meta


def _site_path(urls: SiteUrls, page: str) -> str:
    """The page's address on the site, from the root of the host: a site at https://x.com/show/ serves
    episodes/a.md at /show/episodes/a/, and the exported page must keep that address."""
    return urlsplit(urls.site_url).path + urls.page_url(page)


def _body(episode: Episode) -> str:
    if episode.writeup is not None:
        return episode.writeup.markdown
    return episode.summary


def _set(meta: dict[str, Any], key: str, value: Any) -> None:
    if value not in (None, [], ""):
        meta[key] = value


def _iso(moment: datetime) -> str:
    return moment.isoformat()
