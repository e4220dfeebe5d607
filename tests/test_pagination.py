"""The episodes index, and the page of someone on many episodes (a host), are paginated: a long archive is many
short pages, each linked both ways, all built by a real `mkdocs build --strict`."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lxml import html

from helpers import REPO, mkdocs_build, search_records
from podsite.site.pages import EPISODES_PER_PAGE

sys.path.insert(0, str(REPO / "benchmarks"))
import synthetic

EPISODES = 2 * EPISODES_PER_PAGE + 10  # three index pages, seasons of 100 episodes across them


@pytest.fixture(scope="module")
def long_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = synthetic.write_show(tmp_path_factory.mktemp("long") / "show", EPISODES)
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.output
    return repo


def test_long_archive_index_is_paginated_and_every_episode_is_listed_once(long_archive: Path):
    repo = long_archive
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


def test_a_host_on_every_episode_has_pages_of_them_and_search_finds_the_host_not_the_list(long_archive: Path):
    site = long_archive / "site"
    pages = [site / "people/alex/index.html", site / "people/alex/page/2/index.html",
             site / "people/alex/page/3/index.html"]
    assert not (site / "people/alex/page/4").exists()
    listed: list[str] = []
    for number, page in enumerate(pages, 1):
        content = html.parse(str(page)).getroot().xpath("//article")[0]
        titles = [a.text_content() for a in content.xpath(".//h2/a[not(@class='headerlink')] | .//h3/a")]
        assert len(titles) == (EPISODES_PER_PAGE if number < 3 else 10)
        listed += titles
        heading = content.xpath(".//h1")[0].text_content()
        assert heading == ("Alex Host" if number == 1 else f"Alex Host, page {number} of 3")
        links = {a.text_content(): a.get("href") for a in content.xpath(".//p[a[contains(., 'episodes')]]/a")}
        if number == 2:
            assert links["Newer episodes"] == "../../" and links["Older episodes"] == "../3/"
    assert len(listed) == len(set(listed)) == EPISODES

    records = search_records(site)
    host = records["/people/alex/"]["content"]
    assert "Alex hosts the show." in host
    summary = (long_archive / "episodes").glob("00001-*.yml")
    first_words = next(summary).read_text(encoding="utf-8").split("summary: >-\n  ", 1)[1].split(".")[0]
    assert first_words not in host  # found on its episode's page instead
    assert "/people/alex/page/2/" not in records
