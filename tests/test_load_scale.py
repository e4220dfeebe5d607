"""Issue 6, scale: a show with 5,000 episodes builds (site and feed) with `mkdocs build --strict`, and the build
process peaks under 2 GB of memory. The show is generated here, from the `minimal` fixture's show and people
files, and built once."""

from __future__ import annotations

import json
import sys

import pytest
from lxml import etree

from helpers import copy_show, generate_episodes, run

EPISODES = 5_000
MEMORY_LIMIT = 2 * 1024**3

# Runs the build as its child, so its peak memory (ru_maxrss, KiB on Linux) is the build's alone.
MEASURE = """
import json, resource, subprocess, sys
result = subprocess.run(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"returncode": result.returncode, "peak": peak}))
"""



@pytest.mark.slow  # about a minute: local runs skip it unless --runslow; CI always runs it
def test_a_5000_episode_show_builds_within_2_gb(tmp_path):
    repo = copy_show("minimal", tmp_path)
    generate_episodes(repo, EPISODES)
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
