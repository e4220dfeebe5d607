"""Issue 6, scale: a show with 5,000 episodes builds (site and feed) with `mkdocs build --strict`, and the build
process peaks under 2 GB of memory. The show is generated here, from the `minimal` fixture's show and people
files, and built once."""

from __future__ import annotations

import json
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from lxml import etree

from helpers import copy_show, run

EPISODES = 5_000
MEMORY_LIMIT = 2 * 1024**3

# Runs the build as its child, so its peak memory (ru_maxrss, KiB on Linux) is the build's alone.
MEASURE = """
import json, resource, subprocess, sys
result = subprocess.run(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"returncode": result.returncode, "peak": peak}))
"""


def generate(repo: Path, count: int) -> None:
    """`count` episodes on a CDN (no audio to measure), every tenth with chapters and a write-up."""
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


@pytest.mark.slow  # about a minute: local runs skip it unless --runslow; CI always runs it
def test_a_5000_episode_show_builds_within_2_gb(tmp_path):
    repo = copy_show("minimal", tmp_path)
    generate(repo, EPISODES)
    measured = run([sys.executable, "-c", MEASURE, sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
                   cwd=repo)
    report = json.loads(measured.stdout.strip().splitlines()[-1])
    assert report["returncode"] == 0, measured.stderr[-3000:]
    assert report["peak"] < MEMORY_LIMIT, f"peak memory {report['peak'] / 1024**2:.0f} MiB"

    site = repo / "site"
    feed = etree.parse(str(site / "feed.xml"), etree.XMLParser(huge_tree=True))
    assert feed.xpath("count(//item)") == EPISODES
    assert feed.xpath("string(//item[1]/title)") == f'Episode {EPISODES}: a title with "quotes" & <angle brackets>'
    last = f"{EPISODES:04d}-episode-{EPISODES}"
    assert (site / "episodes" / last / "index.html").is_file()
    assert (site / "episodes/0001-episode-1/index.html").is_file()
