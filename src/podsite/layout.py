"""Where a show keeps its files, and the rule that every path a host writes stays inside the repository."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import display_path

SHOW_FILE = "_show.yml"
PEOPLE_FILE = "_people.yml"
# Recordings waiting for `podsite upload` (storage: in _show.yml); git ignores the folder, so they never land
# in the repository: the build reads them only until the episode points at its uploaded copy.
RECORDINGS_DIR = "recordings"
# Names of pages podsite generates beside episodes and people: episodes/index.md, episodes/page/2.md, ...
RESERVED_SLUGS = frozenset({"index", "readme", "page"})
RAW_HTML_CHOICES = ("allow", "forbid")  # the plugin's raw_html option
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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

    @property
    def writeups_dir(self) -> Path:
        """Where the episodes' write-ups are: `docs/episodes/`, beside the pages podsite generates there."""
        return self.docs_dir / "episodes"

    def writeup(self, stem: str) -> Path:
        """The write-up of the episode in `episodes/<stem>.yml`."""
        return self.writeups_dir / f"{stem}.md"


@dataclass(frozen=True)
class SiteSettings:
    """What the commands take from mkdocs.yml: where the show's files are, the URL style, whether write-ups may
    carry active HTML (the plugin's `raw_html` option: allow, or forbid for shows that take write-ups by pull
    request), and the site's name and address as mkdocs.yml gives them."""

    paths: Paths
    directory_urls: bool = True
    raw_html: str = "allow"
    # What mkdocs.yml itself says of the show, which must agree with _show.yml (None: not set, or not known).
    site_name: str | None = None
    site_url: str | None = None
    # `theme.language` as mkdocs.yml sets it (None: left to the theme); podsite's own words follow it (i18n.py).
    theme_language: str | None = None


def episode_entries(paths: Paths) -> list[Path]:
    """Every `*.yml`/`*.yaml` name in the episodes folder except `_`-prefixed ones, whatever it is: the loader
    says what is wrong with one that is not a file it may read (see `file_problem`)."""
    if not paths.episodes_dir.is_dir():
        return []
    return sorted(path for path in paths.episodes_dir.iterdir()
                  if path.suffix in (".yml", ".yaml") and not path.name.startswith("_"))


def episode_files(paths: Paths) -> list[Path]:
    """The episode files podsite can read: the entries that are regular files."""
    return [path for path in episode_entries(paths) if is_file(path)]


def file_problem(root: Path, path: Path) -> str | None:
    """Why `path` is not one of the host's own files that podsite may read, or None: a link to nothing, a
    folder or a pipe where a file should be, or a link to a file outside the repository."""
    if path.is_symlink() and not path.exists():
        return "is a link to a file that does not exist; fix the link or remove it"
    if not is_file(path):
        return "is not a file (a folder or a pipe); remove it, or rename it so podsite does not read it"
    if relative_to_repo(root, os.path.relpath(path, root)) is None:
        return "is a link to a file outside the repository, which podsite does not publish; copy the file in"
    return None


def relative_to_repo(root: Path, raw: str) -> Path | None:
    """The file a YAML path names, or None when it would leave the repository (absolute, `..`, symlink)."""
    if not raw or raw.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", raw):
        return None
    candidate = root / raw
    try:
        inside = candidate.resolve().is_relative_to(root.resolve())
    except (OSError, ValueError, RuntimeError):  # a name too long, a symlink loop: nothing a build can read
        return None
    # Normalized, so `docs/../media/a.mp3` is published (and linked) as `media/a.mp3`, one URL per file.
    return Path(os.path.normpath(candidate)) if inside else None


def is_file(path: Path) -> bool:
    """Path.is_file() that answers False instead of raising for names the OS refuses (too long, ...)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def writeup_stub(stem: str) -> str:
    """What `podsite new` writes as an episode's write-up; `podsite check` refuses to publish it unchanged."""
    # Only the stem (letters, digits, single hyphens) goes inside the comment: a title could hold `-->`, which
    # would end the comment early and publish the rest of it.
    return (f"<!-- The write-up of episodes/{stem}.yml: what listeners read on the episode page\n"
            f"     and in their podcast app. Write it in markdown below, then delete this comment. -->\n")
