"""`podsite init`: a new show, in an empty folder or in a fresh copy of this template (whose sample show it
replaces). Either way the result passes `podsite check` with no episode yet, and nothing of the sample is left.

Everything is written only once it has been validated by the loader, in a scratch copy: a wrong category or
address stops init with the loader's own line, and the folder is left as it was.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PodsiteError, Problem
from ..identity import podcast_guid_for
from ..layout import PEOPLE_FILE, SHOW_FILE, Paths, episode_files
from ..load.artwork import ARTWORK_MIN, PLACEHOLDER_KEY, PLACEHOLDER_VALUE
from ..load.catalog import load_catalog
from ..load.yamlio import YamlProblem, read_yaml
from ..model import Catalog
from .scaffold import person_id

# The template's sample show (Between Candles): its id, and its episodes' GUIDs. A show whose _show.yml has
# this id is the sample, which init may replace; any other episode in it is the host's own, which it never touches.
SAMPLE_PODCAST_GUID = "d386fbdd-ff0e-53a2-9c86-666b4423f318"
SAMPLE_EPISODE_GUIDS = frozenset({"e3daa881-66f7-4545-9527-691d429ae2c2"})
COVER = "docs/assets/cover.png"
ASK = ("title", "site_url", "owner_name", "owner_email", "category", "language")
QUESTIONS = {
    "title": "The show's name",
    "site_url": "Where the site will be published (like https://you.github.io/show/)",
    "owner_name": "The owner's name (shown as the host)",
    "owner_email": "The owner's e-mail (Apple and Spotify verify ownership through it)",
    "category": "An Apple Podcasts category (like Technology, or Society & Culture / Documentary)",
    "language": "The show's language code (like en, de, fr-CA)",
}


@dataclass
class ShowFacts:
    title: str
    site_url: str
    owner_name: str
    owner_email: str
    category: str
    language: str = "en"
    description: str = ""


@dataclass
class InitResult:
    replaced_sample: bool
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)


def gather(values: dict[str, str | None], ask: Callable[[str], str] | None) -> ShowFacts:
    """The show's facts from the command line, asking (when `ask` is given: a terminal) for what is missing."""
    missing = [key for key in ASK if not (values.get(key) or "").strip() and key != "language"]
    if missing and ask is None:
        flags = ", ".join("--" + key.replace("_", "-") for key in missing)
        raise PodsiteError([Problem("podsite init", None, "", f"give {flags} (or run it in a terminal to be "
                                                              f"asked)")])
    for key in missing:
        assert ask is not None
        values[key] = ask(QUESTIONS[key])
    return ShowFacts(**{key: " ".join(str(value).split()) for key, value in values.items()
                        if value is not None and key in ShowFacts.__dataclass_fields__})


def init_show(root: Path, facts: ShowFacts) -> InitResult:
    """Create the show in `root`, or replace the template's sample show there. Raises PodsiteError, with nothing
    written, for a folder that holds another show or for facts the loader refuses."""
    paths = Paths.at(root)
    sample = _sample_in(paths)
    result = InitResult(replaced_sample=sample is not None)
    files = _new_files(paths, facts, keep_config=sample is not None)
    if sample is None:
        taken = [name for name in files if (root / name).exists()]
        if taken:
            raise PodsiteError([Problem(name, None, "", "already exists; podsite init starts a show in an empty "
                                                        "folder or in a fresh copy of the template")
                                for name in taken])
    _validate(paths, files)
    if sample is not None:
        result.removed = _remove_sample(paths, sample)
    for name, content in files.items():
        _write(root / name, content)
        result.written.append(name)
    result.todo = [f"replace {COVER} (a placeholder) with your show's cover: square JPEG or PNG, 1400-3000 px",
                   "edit description: in episodes/_show.yml, and docs/index.md and docs/about.md",
                   'start the first episode: podsite new "Its title" --audio docs/media/FILE.mp3',
                   "preview with `mkdocs serve`, run `podsite check`, then commit and push"]
    return result


# -- what is there now ----------------------------------------------------------------------------------------

def _sample_in(paths: Paths) -> Catalog | None:
    """The template's sample show, loaded, when `paths` holds it; None for an empty folder. Raises PodsiteError
    for a folder with a show of its own."""
    show_file = paths.episodes_dir / SHOW_FILE
    if not show_file.is_file():
        stray = episode_files(paths)
        if stray:
            raise PodsiteError([Problem(paths.show(stray[0]), None, "", "an episode file without episodes/_show.yml; "
                                        "podsite init starts a show in an empty folder or a fresh template")])
        return None
    try:
        data = read_yaml(show_file)
    except YamlProblem as err:
        raise PodsiteError([Problem(paths.show(show_file), err.line, err.field, err.message)]) from None
    if not isinstance(data, dict) or data.get("podcast_guid") != SAMPLE_PODCAST_GUID:
        title = data.get("title") if isinstance(data, dict) else None
        raise PodsiteError([Problem(paths.show(show_file), None, "", f"already describes a show ({title!r}); "
                                    f"podsite init only starts a new one or replaces the template's sample")])
    catalog = load_catalog(paths, cache=False)
    own = [e for e in catalog.episodes + catalog.unpublished if e.guid not in SAMPLE_EPISODE_GUIDS]
    if own:
        raise PodsiteError([Problem(paths.show(e.source), None, "", "is an episode of your own, not the sample's; "
                                    "podsite init never touches a show that has episodes") for e in own])
    return catalog


def _remove_sample(paths: Paths, sample: Catalog) -> list[str]:
    """The sample's episodes and every file they name, their write-ups, and the portraits of its people."""
    doomed: set[Path] = set()
    for episode in sample.episodes + sample.unpublished:
        doomed.add(episode.source)
        if episode.writeup is not None:
            doomed.add(episode.writeup.path)
        doomed.update(asset.local for asset in episode.assets if asset.local is not None)
    doomed.update(p.image.local for p in sample.people.values() if p.image and p.image.local is not None)
    removed = []
    for path in sorted(doomed):
        if path.is_file() and path.absolute().is_relative_to(paths.root):
            path.unlink()
            removed.append(paths.show(path))
    return removed


# -- what init writes -------------------------------------------------------------------------------------------

def _new_files(paths: Paths, facts: ShowFacts, *, keep_config: bool) -> dict[str, str | bytes]:
    """Every file of the new show by its path in the repository. In the template, mkdocs.yml keeps its theme
    and settings and gets the new name; in an empty folder it is written whole."""
    site_url = facts.site_url.rstrip("/") + "/"
    description = facts.description or f"{facts.title}: a podcast by {facts.owner_name}."
    host = person_id(facts.owner_name)
    files: dict[str, str | bytes] = {
        "episodes/" + SHOW_FILE: _show_yaml(facts, site_url, description),
        "episodes/" + PEOPLE_FILE: (f"# Everyone who appears on the show, by id. Episodes list people by these ids.\n"
                                    f"{host}:\n  name: {_quoted(facts.owner_name)}\n  role: host\n"),
        "docs/index.md": f"---\ntitle: {_quoted(facts.title)}\n---\n\n# {facts.title}\n\n{description}\n",
        "docs/about.md": f"# About the show\n\n{description}\n\nHosted by {facts.owner_name}.\n",
        COVER: placeholder_cover(facts.title),
        "mkdocs.yml": _mkdocs_yaml(paths, facts.title, keep=keep_config),
    }
    if not keep_config and not (paths.root / ".gitignore").exists():
        files[".gitignore"] = "/site/\n/.site.podsite-staging-*/\n.cache/\n"
    return files


def _quoted(text: str) -> str:
    """A YAML scalar that reads back as `text` whatever it holds (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _show_yaml(facts: ShowFacts, site_url: str, description: str) -> str:
    feed_url = site_url + "feed.xml"
    return f"""\
# The show: the one home of every fact about the podcast as a whole (the README's format reference lists every
# field). mkdocs.yml's site_name must equal `title`; site_url comes from here.
title: {_quoted(facts.title)}
description: {_quoted(description)}
site_url: {_quoted(site_url)}
# The show's Podcasting 2.0 id, from its feed's address: stored once, kept if the feed ever moves.
podcast_guid: {podcast_guid_for(feed_url)}
locked: true        # podcast:locked: other platforms may not import this feed without the owner
language: {_quoted(facts.language)}
category: {_quoted(facts.category)}   # Apple's list; up to three as a YAML list
explicit: false
author: {_quoted(facts.owner_name)}
owner:
  name: {_quoted(facts.owner_name)}
  email: {_quoted(facts.owner_email)}   # Apple and Spotify verify ownership through this address
image: {COVER}   # a placeholder: replace it with square JPEG/PNG art, 1400-3000 px
type: episodic
# timezone: Europe/Berlin   # a bare `date: 2025-05-01` means midnight here (default UTC)
# subscribe:                # buttons on every page, once the show is listed in each app
#   apple: https://podcasts.apple.com/podcast/your-show/id1234567890
#   spotify: https://open.spotify.com/show/your-show-id
"""


def _mkdocs_yaml(paths: Paths, title: str, *, keep: bool) -> str:
    if keep:
        from .yamledit import open_for_edit

        config = paths.root / "mkdocs.yml"
        doc = open_for_edit(config, paths.show(config))
        doc.data["site_name"] = title
        for key in ("repo_url", "edit_uri"):  # the sample's repository, not the host's
            doc.data.pop(key, None)
        return doc.text(lambda key: key in ("site_name", "repo_url", "edit_uri"))
    return f"""\
# The site. The show's facts (title, address, cover, owner, ...) live in episodes/_show.yml; site_name must
# match its title, and site_url comes from there.
site_name: {_quoted(title)}

theme:
  name: material
  font: false          # system fonts: no request to Google Fonts
  features:
    - navigation.instant
    - navigation.instant.progress
    - navigation.tabs

nav:
  - Home: index.md
  - Episodes: episodes/index.md
  - People: people/index.md
  - Tags: tags.md
  - About: about.md

plugins:
  - tags
  - podsite

markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
"""


def placeholder_cover(title: str) -> bytes:
    """A square PNG with the show's name, marked as a placeholder (check warns until it is replaced)."""
    from PIL import Image, ImageDraw, ImageFont
    from PIL.PngImagePlugin import PngInfo

    size = ARTWORK_MIN
    image = Image.new("RGB", (size, size), (74, 52, 38))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=120)
    words, lines = title.split(), [""]
    for word in words:  # wrap to the width, a word at a time
        candidate = f"{lines[-1]} {word}".strip()
        if draw.textlength(candidate, font=font) > size * 0.8 and lines[-1]:
            lines.append(word)
        else:
            lines[-1] = candidate
    text = "\n".join(lines[:6])
    draw.multiline_text((size / 2, size / 2), text, font=font, fill=(255, 236, 200), anchor="mm", align="center",
                        spacing=24)
    info = PngInfo()
    info.add_text(PLACEHOLDER_KEY, PLACEHOLDER_VALUE)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, optimize=True)
    return out.getvalue()


def _validate(paths: Paths, files: dict[str, str | bytes]) -> None:
    """Load the new show from a scratch folder with the real loader: its problems, named as the host will see
    the files, stop init before anything in the repository changes."""
    with tempfile.TemporaryDirectory(prefix="podsite-init-") as scratch:
        root = Path(scratch)
        for name, content in files.items():
            _write(root / name, content)
        load_catalog(Paths.at(root), cache=False)


def _write(target: Path, content: str | bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
