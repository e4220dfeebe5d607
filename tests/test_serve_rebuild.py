"""`mkdocs serve` rebuilds: the plugin keeps generated pages from one rebuild to the next (PageMemo) and tells
`--dirty` which pages did not change. Whatever a host edits, every page after a rebuild must be exactly what a
fresh build makes; a kept page that should have changed would show the listener a stale site."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

PAGES = ("episodes/*/index.html", "episodes/*/transcript/index.html", "people/*/index.html", "episodes/*.json")
SERVE_URL = "http://127.0.0.1:8000/"
# MkDocs keeps one instance of a plugin that has on_startup for the whole process (that is how `mkdocs serve`
# keeps it across rebuilds): this cache decides which instance a load_config() gets.
PLUGIN_CACHE = MkDocsConfig.plugins.plugin_cache


class Serve:
    """`mkdocs serve` in this process: like serve.py, every rebuild loads mkdocs.yml again into a new config,
    while the plugin instances (and what they keep) live on for the whole session."""

    def __init__(self, repo: Path, site: Path, *, dirty: bool):
        self.repo, self.site, self.dirty = repo, site, dirty
        PLUGIN_CACHE.clear()
        config = self._config()
        self.plugins = dict(PLUGIN_CACHE)
        config.plugins.on_startup(command="serve", dirty=dirty)
        self._build(config)

    def _config(self) -> MkDocsConfig:
        config = load_config(str(self.repo / "mkdocs.yml"), site_dir=str(self.site))
        config.site_url = SERVE_URL
        return config

    def _build(self, config: MkDocsConfig) -> None:
        build(config, serve_url=SERVE_URL, dirty=self.dirty)

    def rebuild(self) -> None:
        PLUGIN_CACHE.clear()
        PLUGIN_CACHE.update(self.plugins)
        self._build(self._config())
        PLUGIN_CACHE.clear()


def pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for pattern in PAGES for p in site.glob(pattern)}


def content(page: bytes | None) -> bytes | None:
    """What a page says (its <article>), without the navigation around it. MkDocs' own --dirty mode titles
    the navigation only from pages it rebuilt ("None" for the others): MkDocs warns about this itself."""
    if page is None or not page.lstrip().startswith(b"<!doctype"):
        return page
    return b"".join(etree.tostring(a) for a in lxml_html.fromstring(page).xpath("//article"))


def fresh_pages(repo: Path, site: Path) -> dict[str, bytes]:
    """What a brand-new `mkdocs serve` session shows: new plugin instances, an empty site folder."""
    Serve(repo, site, dirty=False)
    PLUGIN_CACHE.clear()
    return pages(site)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    ("a write-up", lambda repo: replace_in(repo / "docs/episodes/001-everything.md", "\n", "\nAn edited line.\n")),
    ("an episode's title, shown on its neighbours' and its people's pages",
     lambda repo: replace_in(repo / "episodes/002-remote.yml", 'title: "', 'title: "Retitled ')),
    ("a transcript",
     lambda repo: replace_in(repo / "episodes/001-everything.vtt", "Thanks, Hana.", "Thank you, Hana.")),
    ("a chapter title", lambda repo: replace_in(repo / "episodes/001-everything.yml", "title: Hello & welcome",
                                                "title: Hello again & welcome")),
    ("a person's name, shown on every page crediting them",
     lambda repo: replace_in(repo / "episodes/_people.yml", "name: Gus Guest", "name: Gus The Guest")),
    ("a draft published", lambda repo: replace_in(repo / "episodes/004-draft.yml", "draft: true", "draft: false")),
    # No slug: and no write-up: the file name is the episode's address, shown on its neighbours' pages.
    ("an episode file renamed", lambda repo: (repo / "episodes/003-bonus.yml").rename(repo / "episodes/003-extra.yml")),
]


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve --dirty"])
def test_every_rebuild_matches_a_fresh_build(show_copy, tmp_path: Path, dirty: bool) -> None:
    repo = show_copy("everything")
    served = Serve(repo, tmp_path / "served", dirty=dirty)
    PLUGIN_CACHE.clear()
    assert pages(served.site) == fresh_pages(repo, tmp_path / "fresh-0")
    for number, (what, edit) in enumerate(EDITS, 1):
        before = pages(served.site)
        edit(repo)
        served.rebuild()
        after = pages(served.site)
        assert after != before, f"editing {what} changed nothing"
        fresh = fresh_pages(repo, tmp_path / f"fresh-{number}")
        compare = content if dirty else (lambda page: page)
        # --dirty never deletes: a renamed episode's old page stays until a clean build (MkDocs says so).
        names = fresh.keys() if dirty else fresh.keys() | after.keys()
        stale = sorted(name for name in names if compare(after.get(name)) != compare(fresh.get(name)))
        assert not stale, f"after editing {what}, these pages differ from a fresh build: {stale}"


def test_dirty_rebuild_rewrites_only_the_pages_an_edit_touches(show_copy, tmp_path: Path) -> None:
    repo = show_copy("everything")
    served = Serve(repo, tmp_path / "served", dirty=True)
    PLUGIN_CACHE.clear()
    times = {name: (served.site / name).stat().st_mtime_ns for name in pages(served.site)}
    replace_in(repo / "docs/episodes/001-everything.md", "\n", "\nAn edited line.\n")
    served.rebuild()
    rewritten = sorted(name for name, mtime in times.items() if (served.site / name).stat().st_mtime_ns != mtime)
    assert rewritten == ["episodes/001-everything/index.html"]
