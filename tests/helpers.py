"""Shared test helpers: fixture shows copied to a temporary folder and built for real through the CLI.

Each fixture show under tests/fixtures/<name>/ is a complete repository (mkdocs.yml, episodes/, docs/). The
media in tests/fixtures/media/ (real short MP3/M4A files and images) is copied in as <repo>/media/, so a
fixture refers to it as `media/tone-6s.mp3` without keeping a copy of its own.

A plain module, imported as `from helpers import ...` (pytest puts tests/ on sys.path: tests/ has no
__init__.py, so the default "prepend" import mode inserts it for every test module, tests/browser/ included).
conftest.py keeps only fixtures and hooks.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
MEDIA = FIXTURES / "media"
REPO = TESTS.parent


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command the way a host would, capturing what it prints."""
    # Material prints an end-of-life banner on every build; it is not about the show, so keep it out.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)
    return Run(result.returncode, result.stdout, result.stderr)


def copy_show(name: str, dest: Path) -> Path:
    """A fresh copy of fixture show `name` (or of the sample show when name is "sample") in `dest`."""
    repo = dest / name
    if name == "sample":
        repo.mkdir(parents=True)
        for part in ("docs", "episodes", "mkdocs.yml", "build_feed.py"):
            source = REPO / part
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, repo / part)
    else:
        shutil.copytree(FIXTURES / name, repo)
        shutil.copytree(MEDIA, repo / "media")
    return repo


def mkdocs_build(repo: Path, *, strict: bool = True) -> Run:
    args = [sys.executable, "-m", "mkdocs", "build", "--clean"] + (["--strict"] if strict else [])
    return run(args, cwd=repo)


def build_show(repo: Path) -> Path:
    """Build `repo` with `mkdocs build --strict`; fail the test on any error or warning. Returns site/."""
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.output
    assert not re.search(r"^(WARNING|ERROR)\b", result.output, re.M), result.output
    return repo / "site"


def search_records(site: Path) -> dict[str, dict]:
    """What the site's Pagefind index holds, by page URL: each page's fragment (text, title, filters, anchors),
    read as pagefind.js reads it (gzip, a signature, then JSON)."""
    records = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment
        record = json.loads(data[len(b"pagefind_dcd"):])
        records[record["url"]] = record
    return records


def generate_episodes(repo: Path, count: int) -> None:
    """Replace the episodes of a copied fixture show (`minimal`: its host is `hana`) by `count` generated ones on
    a CDN (no audio to measure), every tenth with chapters and a write-up. Episode n is the same on every call."""
    episodes = repo / "episodes"
    for old in episodes.glob("0*.yml"):
        old.unlink()
    for old in (repo / "docs/episodes").glob("*.md"):
        old.unlink()
    first = date(2005, 1, 3)
    for n in range(1, count + 1):
        stem = f"{n:04d}-episode-{n}"
        chapters = ("chapters:\n  - start: 0\n    title: Opening <b>&amp;</b> welcome\n"
                    "  - start: 10:00\n    title: The main part\n") if n % 10 == 0 else ""
        (episodes / f"{stem}.yml").write_text(
            f"title: 'Episode {n}: a title with \"quotes\" & <angle brackets>'\n"
            f"guid: {uuid.UUID(int=n)}\n"
            f"date: {first + timedelta(days=n)}\n"
            f"number: {n}\n"
            f"summary: Summary of episode {n}, long enough to look like a real one. " + "Words. " * 40 + "\n"
            f"audio:\n  url: https://cdn.example.com/show/{stem}.mp3\n  bytes: {10_000_000 + n}\n"
            f"  type: audio/mpeg\n  duration: {1800 + n}\n"
            f"people: [hana]\ntags: [topic-{n % 25}, year-{(first + timedelta(days=n)).year}]\n{chapters}",
            encoding="utf-8")
        if n % 10 == 0:
            (repo / "docs/episodes" / f"{stem}.md").write_text(
                f"Notes for episode {n}.\n\n## Links\n\n- [A link](https://example.com/{n})\n", encoding="utf-8")


def long_mp3(copies: int) -> bytes:
    """A real MP3, long: the tone's MPEG frames repeated (tags left out), so a reader must find its length from
    the frames and the size, as with many real constant-bitrate files."""
    data = (MEDIA / "tone-6s.mp3").read_bytes()
    start = data.index(b"\xff\xfb") if b"\xff\xfb" in data else data.index(b"\xff\xf3")
    return data[start:] * copies
