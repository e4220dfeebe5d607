"""Rules that used to be written in two places and had drifted apart; each now has one home, and each test
here failed on the old behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from mkdocs.utils.meta import get_data

from podsite.errors import PodsiteError
from podsite.feed.writer import render_feed
from podsite.layout import Paths
from podsite.load.catalog import load_catalog
from podsite.site.pages import Pages
from podsite.urls import SiteUrls


@pytest.fixture
def repo(show_copy) -> Path:
    return show_copy("minimal")


def test_a_guest_host_is_listed_with_the_hosts_on_the_people_page_as_in_the_feed(repo: Path) -> None:
    with (repo / "episodes" / "_people.yml").open("a", encoding="utf-8") as people:
        people.write("abe:\n  name: Abe Sitter\n  role: guest host\n")
    catalog = load_catalog(Paths.at(repo), cache=False)
    index = Pages(catalog, SiteUrls(catalog.show.site_url)).people_index()
    order = [name for name in ("Hana Host", "Abe Sitter", "Gus Guest") if name in index]
    assert sorted(order, key=index.index) == ["Abe Sitter", "Hana Host", "Gus Guest"]
    feed = etree.fromstring(render_feed(catalog, SiteUrls(catalog.show.site_url)))
    channel_people = feed.xpath("/rss/channel/*[local-name()='person']/text()")
    assert sorted(channel_people) == ["Abe Sitter", "Hana Host"]


@pytest.mark.parametrize("control", ["\x85", "\x80", "\x9f", "\x00", "\x7f"])
def test_a_write_up_and_a_yaml_title_refuse_the_same_invisible_controls(repo: Path, control: str) -> None:
    writeup = repo / "docs" / "episodes" / "001-first.md"
    writeup.write_text(f"Intro\n\nA line with a {control} in it\n", encoding="utf-8")
    episode = repo / "episodes" / "002-remote.yml"
    yaml = episode.read_text(encoding="utf-8")
    escaped = f"\\x{ord(control):02x}"
    episode.write_text("\n".join(f'title: "Remote {escaped}"' if line.startswith("title:") else line
                                 for line in yaml.splitlines()) + "\n", encoding="utf-8")
    if control == "\x85":  # NEXT LINE is text in both places
        load_catalog(Paths.at(repo), cache=False)
        return
    with pytest.raises(PodsiteError) as caught:
        load_catalog(Paths.at(repo), cache=False)
    lines = [str(problem) for problem in caught.value.problems]
    code = f"U+{ord(control):04X}"
    assert any(line.startswith("docs/episodes/001-first.md:3:") and code in line for line in lines), lines
    assert any(line.startswith("episodes/002-remote.yml:") and "title" in line for line in lines), lines


FRONT_MATTERS = [
    "---\ntitle: Closed with dots\n...\nBody text.\n",
    "---\ntitle: Closed with dashes\n---\n\n\nBody text.\n",
    "---  \ntitle: Trailing spaces\n---\t\nBody text.\n",
    "Title: MultiMarkdown style\nSummary: two keys\n\nBody text.\n",
    "---\n---\nBody text.\n",  # nothing between the lines: not front matter for MkDocs
    "No front matter at all. Body text.\n",
]


@pytest.mark.parametrize("source", FRONT_MATTERS)
def test_write_up_front_matter_is_read_exactly_as_mkdocs_reads_it(repo: Path, source: str) -> None:
    (repo / "docs" / "episodes" / "001-first.md").write_text(source, encoding="utf-8")
    catalog = load_catalog(Paths.at(repo), cache=False)
    writeup = next(e.writeup for e in catalog.episodes if e.stem == "001-first")
    assert writeup is not None
    body, meta = get_data(source)
    assert (writeup.markdown, writeup.meta) == (body, meta)
    feed = etree.fromstring(render_feed(catalog, SiteUrls(catalog.show.site_url)))
    notes = feed.xpath("//item[guid='7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0001']/*[local-name()='encoded']/text()")
    assert "Body text." in notes[0]
    assert all(value not in notes[0] for value in map(str, meta.values()))  # what MkDocs took as metadata
