"""Search that stays light at any archive size: Pagefind indexes the built pages into a chunked static index.

Material's search plugin puts every page's words into one `search_index.json` that each visitor downloads on
the first page load: 6.6 MB for 300 episodes with hour-long transcripts. Pagefind (`pagefind[bin]`, its Rust
binary driven through its Python API) reads the built HTML after the build and writes `pagefind/`: a small
entry file, a word index split into chunks, and one fragment per page. `assets/search.js` loads none of it
until the listener types in the search box, and then only the chunks that query needs.

What is indexed is chosen on the pages themselves: a page's `<article>` gets `data-pagefind-body` (pages
without it stay out: redirects, listings of other pages, pages whose front matter says `search: exclude`),
filters (season, person, tag) are `<meta data-pagefind-filter>` tags in the head (templates/podsite/head.html),
and each transcript cue's seek link carries the anchor `id="t=12:34"` that a hit in a transcript lands on.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

SEARCH_DIR = "pagefind"  # the index's folder in the site; search.js loads pagefind/pagefind.js from there
PAGE_BODY = "data-pagefind-body"
_ARTICLE = '<article class="md-content__inner md-typeset"'  # Material's page content (base.html)
# Inside an indexed page, not words a listener searches for: times on seek links (a cue's anchor is still
# recorded), the player and download links, heading permalinks, subscribe buttons.
EXCLUDE = (".podsite-seek", ".podsite-player", ".podsite-download", ".podsite-transcript-files",
           ".podsite-subscribe-links", ".headerlink", ".md-source-file")
# Pagefind writes ready-made search interfaces beside its index; podsite has its own (search.js), so these
# ~400 KB of files would be published for nobody.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexError(Exception):
    """Pagefind could not index the site (the plugin turns it into a PluginError)."""


def mark_searchable(html: str) -> str | None:
    """The page's HTML with its content marked for the index, or None when it has no Material article."""
    if _ARTICLE not in html:
        return None
    return html.replace(_ARTICLE, f"{_ARTICLE} {PAGE_BODY}", 1)


def build_index(site_dir: Path) -> int:
    """Index every page in `site_dir` marked by `mark_searchable()` into `site_dir/pagefind/` (replacing what a
    previous build left there) and return how many pages it holds."""
    output = site_dir / SEARCH_DIR
    shutil.rmtree(output, ignore_errors=True)  # `--dirty` and `mkdocs serve` write over the previous site
    try:
        pages = asyncio.run(_index(site_dir, output))
    except Exception as err:  # the service reports its own failures as exceptions of several kinds
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {err}") from err
    for name in _UNUSED:
        (output / name).unlink(missing_ok=True)
    return pages


async def _index(site_dir: Path, output: Path) -> int:
    from pagefind.index import PagefindIndex  # starts a binary: imported only by a build that indexes

    async with PagefindIndex(config={"exclude_selectors": list(EXCLUDE), "output_path": str(output)}) as index:
        result = await index.add_directory(str(site_dir))
    return int(result["page_count"])
