"""Shared test helpers: fixture shows copied to a temporary folder and built for real through the CLI.

Each fixture show under tests/fixtures/<name>/ is a complete repository (mkdocs.yml, episodes/, docs/). The
media in tests/fixtures/media/ (real short MP3/M4A files and images) is copied in as <repo>/media/, so a
fixture refers to it as `media/tone-6s.mp3` without keeping a copy of its own.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
MEDIA = FIXTURES / "media"
REPO = TESTS.parent
# CI explores the same examples on every run, so a submission lands or fails on its own code, not on the
# draw; local runs keep exploring new inputs (and keep failures in .hypothesis/ to replay them).
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own browser download cannot work on these machines
# Flags that work on these machines (design.md §6); autoplay lets `#t=` links start playing on load.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--autoplay-policy=no-user-gesture-required"]


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


@pytest.fixture
def show_copy(tmp_path: Path):
    """Call with a fixture name to get a private, writable copy of that show."""
    return lambda name: copy_show(name, tmp_path)


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `minimal` fixture show, built once per test session (read-only for tests)."""
    return build_show(copy_show("minimal", tmp_path_factory.mktemp("minimal")))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own sample show (Between Candles), built once per test session."""
    return build_show(copy_show("sample", tmp_path_factory.mktemp("sample")))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole session: Playwright's sync API allows one running instance per thread."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()
