"""Search that stays light at any archive size: Pagefind indexes the built pages into a chunked static index.

Material's search plugin puts every page's words into one `search_index.json` that each visitor downloads on
the first page load: 6.6 MB for 300 episodes with hour-long transcripts. Pagefind (`pagefind[bin]`, its Rust
binary, run once per build) reads the built HTML after the build and writes `pagefind/`: a small
entry file, a word index split into chunks, and one fragment per page. `assets/search.js` loads none of it
until the listener types in the search box, and then only the chunks that query needs.

What is indexed is chosen on the pages themselves: a page's `<article>` gets `data-pagefind-body` (pages
without it stay out: redirects, listings of other pages, pages whose front matter says `search: exclude`),
filters (season, person, tag) are `<meta data-pagefind-filter>` tags in the head (templates/podsite/head.html),
and each transcript cue's seek link carries the anchor `id="t=12:34"` that a hit in a transcript lands on.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


class IndexingStopped(SearchIndexError):
    """The Pagefind run was stopped from outside (`Indexing.stop`): a newer build will index the site."""


def build_index(site_dir: Path, *, started: Callable[[subprocess.Popen[str]], None] | None = None) -> int:
    """Index every page in `site_dir` marked by `mark_searchable()` into `site_dir/pagefind/` (replacing what a
    previous build left there) and return how many pages it holds. `started` is given the Pagefind process."""
    from pagefind_bin import get_executable  # the binary in the pagefind-bin wheel

    output = site_dir / SEARCH_DIR
    shutil.rmtree(output, ignore_errors=True)  # `--dirty` and `mkdocs serve` write over the previous site
    # The command line, not Pagefind's Python API: its service answers before every file is on disk (a build
    # of 300 transcripts once read an empty pagefind-entry.json), and a finished process has written them all.
    command = [str(get_executable()), "--site", str(site_dir), "--output-path", str(output),
               "--exclude-selectors", ", ".join(EXCLUDE), "--silent"]
    try:
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
            if started is not None:
                started(process)
            out, err = process.communicate(timeout=3600)
    except (OSError, subprocess.SubprocessError) as problem:
        raise SearchIndexError(f"Pagefind could not run: {problem}") from problem
    if process.returncode < 0:
        raise IndexingStopped(f"Pagefind was stopped (signal {-process.returncode})")
    if process.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {(err or out).strip()}")
    for name in _UNUSED:
        (output / name).unlink(missing_ok=True)
    return _sort_filters(output)


class Indexing:
    """`mkdocs serve`: the index written in the background, so the preview reloads without waiting for it
    (20 s for 1,000 hours of transcripts). The next rebuild stops it (its pages are about to be replaced, and
    it indexes them itself) instead of waiting for it: a host who saves twice waits for neither index."""

    def __init__(self, site_dir: Path, on_error: Callable[[SearchIndexError], None]) -> None:
        self._process: subprocess.Popen[str] | None = None
        self._stopping = False
        self.outcome = "running"  # then "indexed", "stopped" or "failed"
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, args=(site_dir, on_error), daemon=True)
        self._thread.start()

    def _run(self, site_dir: Path, on_error: Callable[[SearchIndexError], None]) -> None:
        try:
            build_index(site_dir, started=self._started)
            self.outcome = "indexed"
        except IndexingStopped:
            self.outcome = "stopped"
        except SearchIndexError as err:
            self.outcome = "failed"
            on_error(err)

    def _started(self, process: subprocess.Popen[str]) -> None:
        with self._lock:
            self._process = process
            if self._stopping:
                process.terminate()

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()
        self._thread.join()

    def wait(self) -> None:
        self._thread.join()


# -- the same site gives the same index ------------------------------------------------------------------------
# Pagefind writes each filter's values, and the list of filters, in the order of a Rust hash map, which changes
# from run to run: two builds of one show would differ in `pagefind/filter/` and the files naming it. Here they
# are rewritten sorted, under names made from their content. The files are gzip of a signature and CBOR; the
# index's other files (words, fragments) come out the same every time already.
_SIGNATURE = b"pagefind_dcd"
_FILTERS = 3  # in a language's pf_meta: [version, pages, index chunks, [[filter, file], ...], sorts, meta keys]


def _sort_filters(output: Path) -> int:
    """Rewrites the filter files sorted; returns how many pages the index holds."""
    entry_file = output / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        meta_file = output / f"pagefind.{about['hash']}.pf_meta"
        meta = _read(meta_file)
        if meta is None or not isinstance(meta, list) or len(meta) <= _FILTERS:
            continue  # not the layout this code knows: left as Pagefind wrote it (search works the same)
        files = [(name, output / "filter" / f"{digest}.pf_filter") for name, digest in sorted(meta[_FILTERS])]
        contents = [_read(path) for _, path in files]
        if any(values is None for values in contents):
            continue  # all or nothing: the index stays as Pagefind wrote it
        filters = []
        for (name, path), values in zip(files, contents, strict=True):
            values[1].sort(key=lambda value: value[0])  # [filter, [[value, [page, ...]], ...]]
            path.unlink()
            filters.append([name, _write(output / "filter", language, values, ".pf_filter", 7)])
        meta[_FILTERS] = filters
        meta_file.unlink()
        about["hash"] = _write(output, language, meta, ".pf_meta", 10, prefix="pagefind.")
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return sum(int(about["page_count"]) for about in entry["languages"].values())


def _read(path: Path) -> Any:
    """A Pagefind data file's content, or None when this code does not read it back to the same bytes."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        return None
    try:
        value, end = _cbor_decode(data, len(_SIGNATURE))
    except (ValueError, IndexError):
        return None
    return value if end == len(data) and _cbor(value) == data[len(_SIGNATURE):] else None


def _write(folder: Path, language: str, value: Any, suffix: str, digits: int, prefix: str = "") -> str:
    payload = _SIGNATURE + _cbor(value)
    name = f"{language}_{hashlib.sha256(payload).hexdigest()[:digits]}"
    (folder / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(payload, mtime=0))
    return name


def _cbor_decode(data: bytes, at: int) -> tuple[Any, int]:
    """The CBOR item at `at` (the kinds Pagefind writes: integers, strings, arrays, maps) and where it ends."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        size = info
    elif info <= 27:
        width = 1 << (info - 24)
        size, at = int.from_bytes(data[at:at + width], "big"), at + width
    else:
        raise ValueError("not a definite-length item")
    if major == 0:
        return size, at
    if major == 1:
        return -1 - size, at
    if major in (2, 3):
        raw = data[at:at + size]
        return (raw if major == 2 else raw.decode("utf-8")), at + size
    if major in (4, 5):
        items = []
        for _ in range(size * (major - 3)):
            item, at = _cbor_decode(data, at)
            items.append(item)
        return (items if major == 4 else dict(zip(items[::2], items[1::2], strict=True))), at
    raise ValueError(f"CBOR major type {major}")


def _cbor(value: Any) -> bytes:
    """`value` in CBOR's shortest form, as Pagefind writes it."""
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(map(_cbor, value))
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_cbor(k) + _cbor(v) for k, v in value.items())
    raise ValueError(f"cannot write {type(value).__name__} as CBOR")


def _head(major: int, size: int) -> bytes:
    if size < 24:
        return bytes([major << 5 | size])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if size < 1 << (8 * width):
            return bytes([major << 5 | info]) + size.to_bytes(width, "big")
    raise ValueError("integer too large for CBOR")
