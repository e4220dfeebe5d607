"""Issue 12: each page's Markdown is rendered once, not on every build (site/rendered.py). A build that takes
pages from `.cache/podsite/pages.json`, or renders them in a pool of processes, writes the same site, byte for
byte, as a serial build without any cache; and whatever a kept render depended on (the link targets, the
Markdown extensions and their options) renders it again when it changes."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from helpers import copy_show, generate_episodes, run
from podsite.feed.notes import ShowNotes
from podsite.layout import Paths
from podsite.load.catalog import load_catalog
from podsite.urls import SiteUrls
from test_reproducible import assert_identical

LINKING_WRITEUP = """Notes with links to other pages of the site.

## Where to read more {#more}

- [The first episode](0001-episode-1.md), [its chapters](0010-episode-10.md#chapters)
- [About the show](../about.md#who-we-are)

## Another heading
"""


def show(tmp: Path, *, processes: int | None = None, extra_yml: str = "") -> Path:
    """The minimal show with 80 generated episodes, a page about it, and a write-up linking to both."""
    repo = copy_show("minimal", tmp)
    generate_episodes(repo, 80)
    (repo / "docs" / "about.md").write_text("# About\n\n## Who we are\n\nTwo hosts.\n", encoding="utf-8")
    (repo / "docs" / "episodes" / "0020-episode-20.md").write_text(LINKING_WRITEUP, encoding="utf-8")
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - podsite\n", "  - podsite:\n      processes: "
                                                      f"{processes if processes is not None else 'null'}\n")
    config.write_text(text + "markdown_extensions:\n  - attr_list\n  - toc:\n      permalink: true\n" + extra_yml,
                      encoding="utf-8")
    return repo


def build(repo: Path, *, strict: bool = True, quiet: bool = False, env: dict[str, str] | None = None
          ) -> tuple[int, int, str]:
    """`mkdocs build`: (pages rendered, pages taken from the cache, the output)."""
    options = ["--strict"] if strict else []
    result = run([sys.executable, "-m", "mkdocs", "build", "--clean", *options, *(["-q"] if quiet else [])],
                 cwd=repo, env=env)
    if strict:
        assert result.returncode == 0, result.output
    if quiet:
        return -1, -1, result.output
    found = RENDERED.search(result.output)
    assert found, result.output
    return int(found["rendered"]), int(found["kept"]), result.output


RENDERED = re.compile(r"podsite: Markdown rendered for (?P<rendered>\d+) page\(s\)(?: \((?P<pooled>\d+) in "
                      r"(?P<processes>\d+) processes\))?; (?P<kept>\d+) unchanged")


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference: one process, no cache."""
    repo = show(tmp_path_factory.mktemp("serial"), processes=1)
    rendered, kept, _ = build(repo)
    assert kept == 0 and rendered > 80
    return repo


def test_a_pool_of_processes_and_the_cache_write_the_same_site_as_a_serial_build(serial, tmp_path):
    repo = show(tmp_path, processes=2)
    rendered, kept, output = build(repo)  # cold: rendered ahead in two processes, then taken from them
    assert kept == 0
    pool = RENDERED.search(output)
    assert pool and pool["processes"] == "2" and int(pool["pooled"]) == rendered - 1  # all but the home page
    assert_identical(serial / "site", repo / "site")

    pages = len(json.loads((repo / ".cache/podsite/pages.json").read_text(encoding="utf-8")))
    assert pages >= 80
    rendered, kept, _ = build(repo)  # warm: nothing changed
    assert (rendered, kept) == (0, pages)
    assert_identical(serial / "site", repo / "site")


def test_editing_one_writeup_renders_that_page_alone_and_matches_a_fresh_build(serial, tmp_path):
    repo = show(tmp_path)
    build(repo)
    before, _, _ = build(repo)
    writeup = repo / "docs" / "episodes" / "0030-episode-30.md"
    writeup.write_text(writeup.read_text(encoding="utf-8") + "\nA line added *later*.\n", encoding="utf-8")
    rendered, _, _ = build(repo)
    assert rendered == before + 1
    page = (repo / "site" / "episodes" / "0030-episode-30" / "index.html").read_text(encoding="utf-8")
    assert "A line added <em>later</em>." in page

    fresh = copy_show("minimal", tmp_path / "fresh")  # the same show, built once, serially, with no cache
    shutil.rmtree(fresh)
    shutil.copytree(repo, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    config = fresh / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("processes: null", "processes: 1"),
                      encoding="utf-8")
    build(fresh)
    assert_identical(fresh / "site", repo / "site")


def test_a_kept_page_whose_link_target_vanished_is_rendered_again_and_warns(tmp_path):
    repo = show(tmp_path)
    build(repo)
    (repo / "docs" / "about.md").unlink()
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=repo)
    assert result.returncode == 1, result.output
    assert "contains a link '../about.md#who-we-are', but the target 'about.md' is not found" in result.output


def test_a_page_that_warned_is_never_kept_so_it_warns_on_every_build(tmp_path):
    """Once each build, also when the page was first rendered in the pool (whose workers say nothing)."""
    repo = show(tmp_path, processes=2)
    writeup = repo / "docs" / "episodes" / "0040-episode-40.md"
    writeup.write_text("A link to [nowhere](missing.md).\n", encoding="utf-8")
    for _ in range(2):
        _, _, output = build(repo, strict=False)
        assert output.count("contains a link 'missing.md', but the target 'episodes/missing.md' is not found") == 1


def test_a_link_to_an_anchor_is_still_checked_when_its_page_comes_from_the_cache(tmp_path):
    """MkDocs checks links to anchors after every page is rendered, from what each render noted: a kept render
    keeps that note, so a heading removed from the linked page is reported with the cache warm."""
    repo = show(tmp_path, extra_yml="validation:\n  anchors: warn\n")
    build(repo)
    (repo / "docs" / "about.md").write_text("# About\n\nTwo hosts.\n", encoding="utf-8")
    _, kept, output = build(repo, strict=False)
    assert kept > 80
    assert "contains a link '../about.md#who-we-are', but the doc 'about.md' does not contain an anchor " \
           "'#who-we-are'" in output


def test_changing_an_extension_option_renders_every_page_again(serial, tmp_path):
    repo = show(tmp_path)
    build(repo)
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("permalink: true", "permalink: '#'"),
                      encoding="utf-8")
    _, kept, _ = build(repo)
    assert kept == 0
    page = (repo / "site" / "episodes" / "0020-episode-20" / "index.html").read_text(encoding="utf-8")
    assert 'class="headerlink" href="#more" title="Permanent link">#</a>' in page


def test_a_damaged_cache_costs_a_render_not_a_failure(serial, tmp_path):
    repo = show(tmp_path, processes=1)
    build(repo)
    cache = repo / ".cache/podsite/pages.json"
    entries = json.loads(cache.read_text(encoding="utf-8"))
    key = next(iter(entries))
    entries[key] = {"content": 42}  # not a render
    cache.write_text(json.dumps(entries), encoding="utf-8")
    rendered, _, _ = build(repo)
    assert rendered >= 1
    cache.write_text("{ not json", encoding="utf-8")
    rendered, kept, _ = build(repo)
    assert kept == 0
    assert_identical(serial / "site", repo / "site")


def test_an_extension_that_reads_other_files_turns_the_cache_off(tmp_path):
    """pymdownx.snippets pastes other files into a page: its page could change while its text does not."""
    repo = show(tmp_path, extra_yml="  - pymdownx.snippets:\n      base_path: [snippets]\n")
    (repo / "snippets").mkdir()
    (repo / "snippets" / "sponsor.md").write_text("Brought to you by *the first sponsor*.\n", encoding="utf-8")
    (repo / "docs" / "episodes" / "0050-episode-50.md").write_text('Notes.\n\n--8<-- "sponsor.md"\n',
                                                                  encoding="utf-8")
    build(repo)
    (repo / "snippets" / "sponsor.md").write_text("Brought to you by *the second sponsor*.\n", encoding="utf-8")
    _, kept, _ = build(repo)
    assert kept == 0
    page = (repo / "site" / "episodes" / "0050-episode-50" / "index.html").read_text(encoding="utf-8")
    assert "<em>the second sponsor</em>" in page


def test_show_notes_rendered_in_a_pool_are_those_rendered_one_by_one(tmp_path):
    repo = show(tmp_path)
    catalog = load_catalog(Paths.at(repo), cache=False)
    urls = SiteUrls(catalog.show.site_url, True)
    pooled = ShowNotes()
    assert pooled.render_ahead(catalog.episodes, urls, 2, minimum=2) == len(catalog.episodes) == 80
    assert pooled.render_ahead(catalog.episodes, urls, 2, minimum=2) == 0  # all kept now
    serial = ShowNotes()
    for episode in catalog.episodes:
        assert pooled.html(episode, urls) == serial.html(episode, urls) != ""
    assert ShowNotes().render_ahead(catalog.episodes[:60], urls, 2) == 0  # fewer than a pool is worth


def test_a_quiet_build_keeps_no_page_without_its_warning_for_the_next_build(tmp_path):
    """Under -q MkDocs never makes its warnings, so a render kept then would hide them from a later build."""
    repo = show(tmp_path)
    (repo / "docs" / "episodes" / "0040-episode-40.md").write_text("To [nowhere](missing.md).\n", encoding="utf-8")
    build(repo, strict=False, quiet=True)
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=repo)
    assert result.returncode == 1
    assert "contains a link 'missing.md', but the target 'episodes/missing.md' is not found" in result.output


FENCE_OPTIONS = """  - pymdownx.superfences:
      custom_fences:
        - name: shout
          class: shout
          format: !!python/name:fences.shout
"""


def test_editing_the_code_an_option_names_renders_the_pages_again(tmp_path):
    repo = show(tmp_path, extra_yml=FENCE_OPTIONS)
    fences = repo / "fences.py"
    fences.write_text("def shout(source, *args, **kwargs):\n    return '<p>' + source.upper() + '</p>'\n",
                      encoding="utf-8")
    (repo / "docs" / "episodes" / "0050-episode-50.md").write_text("```shout\nhello\n```\n", encoding="utf-8")
    env = {"PYTHONPATH": str(repo)}
    build(repo, env=env)
    fences.write_text(fences.read_text(encoding="utf-8").replace("upper()", "upper() + '!'"), encoding="utf-8")
    _, kept, _ = build(repo, env=env)
    assert kept == 0
    page = (repo / "site" / "episodes" / "0050-episode-50" / "index.html").read_text(encoding="utf-8")
    assert "<p>HELLO!</p>" in page


def test_editing_a_file_an_option_names_renders_the_pages_again(tmp_path):
    """Material's custom icons: the SVG files are read into the pages that use them."""
    repo = show(tmp_path, extra_yml="""  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
      options:
        custom_icons: [overrides/.icons]
""")
    icon = repo / "overrides" / ".icons" / "show" / "logo.svg"
    icon.parent.mkdir(parents=True)
    icon.write_text('<svg viewBox="0 0 24 24"><path d="M1 1h22v22H1z"/></svg>', encoding="utf-8")
    (repo / "docs" / "episodes" / "0050-episode-50.md").write_text("Our logo :show-logo:\n", encoding="utf-8")
    build(repo)
    icon.write_text('<svg viewBox="0 0 24 24"><path d="M2 2h20v20H2z"/></svg>', encoding="utf-8")
    build(repo)
    page = (repo / "site" / "episodes" / "0050-episode-50" / "index.html").read_text(encoding="utf-8")
    assert 'd="M2 2h20v20H2z"' in page


def test_a_worker_that_dies_leaves_its_pages_to_the_build(serial, tmp_path):
    """The out-of-memory killer, or an extension that crashes its process: the build still completes, with the
    same site, rendering in its own process what the pool did not."""
    repo = show(tmp_path, processes=2, extra_yml=FENCE_OPTIONS)
    (repo / "fences.py").write_text(
        "import multiprocessing, os, signal\n\n"
        "def shout(source, *args, **kwargs):\n"
        "    if multiprocessing.parent_process() is not None:  # in a worker only\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    return '<p>' + source.upper() + '</p>'\n", encoding="utf-8")
    (repo / "docs" / "episodes" / "0050-episode-50.md").write_text("```shout\nhello\n```\n", encoding="utf-8")
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=repo, env={"PYTHONPATH": str(repo)})
    assert result.returncode == 0, result.output
    assert "a worker process ended early" in result.output
    page = (repo / "site" / "episodes" / "0050-episode-50" / "index.html").read_text(encoding="utf-8")
    assert "<p>HELLO</p>" in page
