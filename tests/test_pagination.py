"""The episodes index is paginated: a long archive is many short index pages, each linked both ways, all built
by a real `mkdocs build --strict` (which checks every `.md` link between them)."""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import html

from helpers import REPO, mkdocs_build
from podsite.site.pages import EPISODES_PER_PAGE

sys.path.insert(0, str(REPO / "benchmarks"))
import synthetic

EPISODES = 2 * EPISODES_PER_PAGE + 10  # three index pages, seasons of 100 episodes across them


def test_long_archive_index_is_paginated_and_every_episode_is_listed_once(tmp_path: Path):
    repo = synthetic.write_show(tmp_path / "show", EPISODES)
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.output
    site = repo / "site" / "episodes"
    pages = [site / "index.html", site / "page" / "2" / "index.html", site / "page" / "3" / "index.html"]
    assert not (site / "page" / "4").exists()

    listed: list[str] = []
    for number, page in enumerate(pages, 1):
        tree = html.parse(str(page)).getroot()
        content = tree.xpath("//article")[0]
        titles = [a.text_content() for a in content.xpath(".//h2/a[not(@class='headerlink')] | "
                                                          ".//h3/a[not(@class='headerlink')]")]
        listed += titles
        assert len(titles) == (EPISODES_PER_PAGE if number < 3 else 10)
        pager = content.xpath(".//p[contains(., 'episodes')][a[contains(., 'Newer') or contains(., 'Older')]]")[-1]
        links = {a.text_content(): a.get("href") for a in pager.xpath("a")}
        assert ("Newer episodes" in links) == (number > 1)
        assert ("Older episodes" in links) == (number < 3)
        if number == 2:
            assert links["Newer episodes"] == "../../" and links["Older episodes"] == "../3/"
    assert len(listed) == len(set(listed)) == EPISODES
    newest = (repo / "episodes").glob(f"{EPISODES:05d}-*.yml")
    assert next(newest).read_text(encoding="utf-8").split('"')[1] in listed[0]

    # Season jump links point at the page where each season's newest episodes are: episodes 110-101 (season 2)
    # and 100-61 (season 1) are on the first page.
    second = html.parse(str(pages[1])).getroot()
    jumps = {a.text_content(): a.get("href") for a in second.xpath("//p[starts-with(., 'Seasons:')]/a")}
    assert jumps == {"Season 2": "../../#season-2", "Season 1": "../../#season-1"}
    first = html.parse(str(pages[0])).getroot()
    assert first.xpath("//h2[@id='season-2']") and first.xpath("//h2[@id='season-1']")
    assert second.xpath("//h2[@id='season-1']") and not second.xpath("//h2[@id='season-2']")
