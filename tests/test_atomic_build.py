"""`mkdocs build` never leaves half a site: the previous site stays exactly as it was until the new one is
complete and has passed `--strict`, and then the two are swapped in one step (src/podsite/site/atomic.py)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import build_show, copy_show, generate_episodes, mkdocs_build

STAGING_GLOB = ".site.podsite-staging-*"


def manifest(site: Path) -> dict[str, tuple[str, int]]:
    """Every file of a site: its content hash and modification time (a rewrite with equal bytes shows too)."""
    return {path.relative_to(site).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
            for path in sorted(site.rglob("*")) if path.is_file()}


def contents(site: Path) -> dict[str, str]:
    return {name: digest for name, (digest, _) in manifest(site).items()}


def test_a_late_strict_failure_leaves_the_previous_site_exactly_as_it_was(tmp_path: Path) -> None:
    repo = copy_show("minimal", tmp_path)
    site = build_show(repo)
    before = manifest(site)
    # A broken link is only counted by --strict after every plugin's on_post_build: the latest failure there is.
    with (repo / "docs/episodes/001-first.md").open("a", encoding="utf-8") as writeup:
        writeup.write("\n[More](nowhere.md)\n")
    result = mkdocs_build(repo)
    assert result.returncode == 1 and "Aborted with 1 warnings in strict mode" in result.output, result.output
    assert manifest(site) == before
    assert not list(repo.glob(STAGING_GLOB))


def test_a_good_build_replaces_the_whole_site_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    repo = copy_show("minimal", tmp_path)
    site = build_show(repo)
    (site / "left-over.html").write_text("from an older build", encoding="utf-8")
    (repo / ".site.podsite-staging-killed").mkdir()  # what a build killed outright leaves behind
    (repo / ".site.podsite-staging-killed" / "index.html").write_text("half", encoding="utf-8")
    (repo / "episodes/002-remote.yml").write_text(
        (repo / "episodes/002-remote.yml").read_text(encoding="utf-8").replace("title: ", "title: Renamed, ", 1),
        encoding="utf-8")
    build_show(repo)
    assert not (site / "left-over.html").exists()
    assert "Renamed, " in (site / "feed.xml").read_text(encoding="utf-8")
    assert not list(repo.glob(STAGING_GLOB))


def test_a_site_dir_that_is_a_symlink_keeps_its_link(tmp_path: Path) -> None:
    repo = copy_show("minimal", tmp_path)
    public = tmp_path / "public"
    public.mkdir()
    (repo / "site").symlink_to(public)
    build_show(repo)
    assert (repo / "site").is_symlink() and (public / "feed.xml").is_file()
    before = contents(public)
    build_show(repo)
    assert (repo / "site").is_symlink() and contents(public) == before
    assert not list(tmp_path.glob(".public.podsite-staging-*"))


def test_a_dirty_build_and_a_first_build_write_where_mkdocs_would(tmp_path: Path) -> None:
    repo = copy_show("minimal", tmp_path)
    result = mkdocs_build(repo)  # no site/ yet: the finished folder is renamed into place
    assert result.returncode == 0, result.output
    assert (repo / "site/feed.xml").is_file()
    dirty = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty"], cwd=repo, capture_output=True,
                           text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert dirty.returncode == 0, dirty.stderr
    assert (repo / "site/feed.xml").is_file() and not list(repo.glob(STAGING_GLOB))


@pytest.mark.slow  # about two minutes: seven builds of a 1,000-episode show
def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one(tmp_path: Path) -> None:
    repo = copy_show("minimal", tmp_path)
    generate_episodes(repo, 1_000)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}  # same bytes every build
    build = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    started = time.monotonic()
    subprocess.run(build, cwd=repo, env=env, check=True, capture_output=True)
    duration = time.monotonic() - started
    old = contents(repo / "site")

    generate_episodes(repo, 1_001)  # the same 1,000 episodes and one more
    seen = []
    for fraction in (0.05, 0.3, 0.6, 0.85, 0.97):
        process = subprocess.Popen(build, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen.append((fraction, contents(repo / "site")))
    subprocess.run(build, cwd=repo, env=env, check=True, capture_output=True)
    new = contents(repo / "site")

    assert new != old and "episodes/1001-episode-1001/index.html" in new
    for fraction, found in seen:
        assert found in (old, new), f"killed at {fraction:.0%} of a build: a mix of the old site and the new one"
    assert not list(repo.glob(STAGING_GLOB))  # the completed build removed what the killed ones left
