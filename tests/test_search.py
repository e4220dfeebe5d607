"""podsite's search (site/search.py): real builds of the `listener` fixture show, indexed by the real Pagefind
binary, read back as pagefind.js reads the index (helpers.search_records). What a listener does with it in
Chromium is tests/browser/test_browser_search.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from helpers import build_show, copy_show, mkdocs_build, search_records
from podsite.site.search import PAGE_BODY, Indexing

TRANSCRIPT = "/episodes/001-pilot/transcript/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_show(copy_show("listener", tmp_path_factory.mktemp("search")))


def test_a_transcript_word_is_indexed_with_the_anchor_of_its_cue(site):
    record = search_records(site)[TRANSCRIPT]
    words = record["content"].split()
    where = next(i for i, word in enumerate(words) if word.startswith("quokka"))
    cues = [a for a in record["anchors"] if a["id"].startswith("t=")]
    assert [a["id"] for a in cues] == ["t=0:00", "t=0:02", "t=0:04"]
    # The anchor before the word is the cue that says it, and the page has that anchor on its seek link.
    landing = [a for a in cues if a["location"] <= where][-1]
    assert landing["id"] == "t=0:02"
    cue = html.parse(str(site / TRANSCRIPT.strip("/") / "index.html")).getroot().get_element_by_id("t=0:02")
    assert "quokka" in cue.getparent().text_content() and cue.get("href") == "#t=0:02"
    # Times on seek links and the player's download link are not words to find.
    assert "0:02" not in record["content"] and "Download" not in record["content"]


def test_episode_and_transcript_pages_can_be_narrowed_by_season_person_and_tag(site):
    records = search_records(site)
    expected = {"season": ["Season 1"], "person": ["Ana Host", 'Bo "The <Guest>" & Co'], "tag": ["pilot"]}
    assert records["/episodes/001-pilot/"]["filters"] == expected
    assert records[TRANSCRIPT]["filters"] == expected
    assert records["/episodes/003-bare/"]["filters"] == {"season": ["Season 2"]}
    assert records["/people/ana/"]["filters"] == {}


def test_pages_that_list_other_pages_are_left_out_and_the_rest_are_in(site):
    urls = set(search_records(site))
    assert {"/", "/people/ana/", "/episodes/001-pilot/", TRANSCRIPT, "/episodes/003-bare/"} <= urls
    assert not urls & {"/episodes/", "/tags/", "/people/"}
    # Every page has the search box, which loads the index only when the listener types.
    root = html.parse(str(site / "index.html")).getroot()
    assert root.xpath("//div[@role='search']//input[@id='podsite-search-input']/@placeholder") == ["Search"]
    assert root.xpath("//script[contains(@src, 'assets/podsite/search.js')]/@defer")
    assert not root.xpath("//script[contains(@src, 'pagefind')]")
    # Pagefind's ready-made interfaces are not published: podsite has its own.
    assert sorted(p.name for p in (site / "pagefind").glob("pagefind*.js")) == ["pagefind-worker.js", "pagefind.js"]


@pytest.mark.parametrize(("plugins", "box"), [
    ("  - search\n  - tags\n  - podsite\n", "material"),
    ("  - tags\n  - podsite:\n      search: false\n", None),
], ids=["Material's search kept", "search off"])
def test_without_podsite_search_there_is_no_index_and_no_box(tmp_path, plugins: str, box: str | None):
    repo = copy_show("listener", tmp_path)
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - tags\n  - podsite\n", plugins),
                      encoding="utf-8")
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.output
    site = repo / "site"
    assert not (site / "pagefind").exists() and not (site / "assets/podsite/search.js").exists()
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "podsite-search" not in page and "data-pagefind" not in page
    assert ((site / "search/search_index.json").exists(), "md-search" in page) == (bool(box), bool(box))
    assert ("remove `- search`" in result.output) == bool(box)


def test_mkdocs_serve_indexes_each_rebuild(tmp_path):
    """`mkdocs serve` (in this process, as serve.py builds) has search too, and a rebuild after an edit finds the
    new words. The index is written beside the preview, which reloads without waiting for it."""
    repo = copy_show("listener", tmp_path)
    site = tmp_path / "served"
    plugins = MkDocsConfig.plugins.plugin_cache
    plugins.clear()

    def serve_build() -> None:
        config = load_config(str(repo / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url="http://127.0.0.1:8000/")
        plugin = config.plugins["podsite"]
        assert plugin.indexing is not None  # under way in the background
        plugin.wait_for_search()

    serve_build()
    assert "quokka" in search_records(site)[TRANSCRIPT]["content"]
    writeup = repo / "docs/episodes/001-pilot.md"
    writeup.write_text(writeup.read_text(encoding="utf-8") + "\nA wombat walked in.\n", encoding="utf-8")
    serve_build()
    plugins.clear()
    assert "wombat" in search_records(site)["/episodes/001-pilot/"]["content"]


def test_a_rebuild_under_serve_stops_the_index_being_written_instead_of_waiting_for_it(tmp_path):
    """Saving twice in a row under `mkdocs serve`: the second rebuild replaces the pages Pagefind is reading, and
    indexes them itself, so the first index is stopped (a host waits for neither)."""
    site = tmp_path / "site"
    for n in range(400):
        page = site / f"p{n}" / "index.html"
        page.parent.mkdir(parents=True)
        words = " ".join(f"word{n}x{i}" for i in range(300))
        page.write_text(f'<html><body><article {PAGE_BODY}><p>{words}</p></article></body></html>', encoding="utf-8")
    errors: list[Exception] = []
    running = Indexing(site, on_error=errors.append)
    running.stop()
    assert (running.outcome, errors) == ("stopped", [])
    finished = Indexing(site, on_error=errors.append)
    finished.wait()
    assert (finished.outcome, errors) == ("indexed", [])
    assert len(search_records(site)) == 400
