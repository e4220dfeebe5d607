"""Pages rendered once: each page's Markdown is converted when its text (or what the conversion depends on)
changes, not on every build. The result is kept in `.cache/podsite/pages.json` and, under `mkdocs serve`, in
memory from one rebuild to the next. On a build with many pages to render, they are rendered in a pool of
processes first (`processes`, see plugin.py).

The render is MkDocs' own (`Page.render`): the page's HTML, its table of contents, its title, the anchors
other pages may link to and the anchors its links name. Besides the page's Markdown, it depends on:

- the Markdown extensions, their options, their code, and the code and files their options name; the
  versions of Python and of the libraries they draw on (`_conversion_key`);
- MkDocs' link settings, and the URL of every file the page's links looked up. Those look-ups are recorded
  and checked again before a kept render is used, so a page whose link target moved or vanished is rendered
  again, and MkDocs warns about it again;
- the page's own source path, URL and inclusion, and the log's levels (which warnings a render can give, and
  MkDocs notes the anchors a page links to only above DEBUG).

A render that logged anything (a broken link, an extension's warning) is never kept: it is rendered, and
warns, on every build, as it would without this module. An extension that reads other files than the page
(snippets, includes) turns the keeping off, since its output can change while the page's text does not.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import inspect
import json
import logging
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from ..cache import read_cache_object, write_cache_file
from ..processes import POOL_MIN_ITEMS, in_processes

CACHE_FILE = "pages.json"
# Extensions whose output depends on files other than the page: pages are never kept while one is on.
READS_OTHER_FILES = frozenset({"pymdownx.snippets", "pymdownx.b64", "markdown_include.include", "mdx_include",
                               "markdown_exec"})
_FORMAT = 1  # of a kept entry; part of every key, so entries of an older layout are never read
_OWN_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()  # how entries are kept and restored

Entry = dict[str, Any]  # a kept render, as JSON: see _record and _restore
log = logging.getLogger("mkdocs.plugins.podsite")


class RenderedPages:
    """Rendered pages by a key of everything their render depends on. A plugin keeps one for as long as it lives
    (across `mkdocs serve` rebuilds); `read` and `save` keep it between builds."""

    def __init__(self, stored: Mapping[str, Entry] | None = None) -> None:
        self.stored = dict(stored or {})  # as read from the cache file: what `save` compares against
        self.entries = dict(self.stored)
        self.used: set[str] = set()
        self.conversion: str | None = None  # this build's _conversion_key; None: keep nothing
        self.kept = self.rendered = 0  # pages of this build taken from the cache, and rendered
        self.ahead: set[str] = set()  # keys of the pages this build rendered in its pool
        self.processes = 1  # of the pool that rendered them
        self._settings: object = None  # what _conversion_key read, to notice a plugin changing it mid-build
        self._why_not = ""  # why nothing is kept, as last said in the log

    @classmethod
    def read(cls, folder: Path) -> RenderedPages:
        """Seeded from `folder/pages.json`; a missing or damaged file only means rendering again."""
        stored = read_cache_object(folder / CACHE_FILE)
        return cls({key: entry for key, entry in stored.items() if isinstance(key, str) and _well_formed(entry)})

    def save(self, folder: Path) -> None:
        """Keep the renders this build used; the others are dropped, so the file follows the site."""
        keep = {key: self.entries[key] for key in sorted(self.used) if key in self.entries}
        self.used = set()
        self.entries = dict(keep)  # under `mkdocs serve`, what earlier versions of a page rendered to goes
        if keep != self.stored:
            write_cache_file(folder / CACHE_FILE, json.dumps(keep, ensure_ascii=False, sort_keys=True).encode())
            self.stored = keep

    def start(self, config: MkDocsConfig) -> None:
        """At the start of each build: what every page's render depends on besides its own text."""
        self.kept = self.rendered = 0
        self.ahead, self.processes = set(), 1
        self._check(config)

    def _check(self, config: MkDocsConfig) -> None:
        """The conversion key, made again when a plugin has changed the Markdown settings since it was made."""
        settings = (list(config.markdown_extensions), repr(config.mdx_configs))
        if settings == self._settings:
            return
        self._settings = settings
        try:
            self.conversion, why_not = _conversion_key(config), ""
        except _NotKept as err:
            self.conversion, why_not = None, str(err)
        if why_not and why_not != self._why_not:
            log.info("podsite: every page's Markdown is rendered on every build: %s", why_not)
        self._why_not = why_not

    def key(self, file: File, text: str) -> str | None:
        if self.conversion is None:
            return None
        place = json.dumps([self.conversion, file.src_uri, file.url, file.inclusion.is_excluded()])
        return hashlib.sha256(f"{place}\0{text}".encode()).hexdigest()

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """In place of `page.render(config, files)`: the kept render when it still holds, else MkDocs' own."""
        assert page.markdown is not None
        self._check(config)
        key = self.key(page.file, page.markdown)
        entry = self.entries.get(key) if key is not None else None
        if entry is not None and _links_unchanged(entry, files):
            _restore(page, entry, files)
            if key in self.ahead:
                self.rendered += 1
            else:
                self.kept += 1
        else:
            entry = render_and_record(page, config, files)
            self.rendered += 1
            if key is not None and entry is not None:
                self.entries[key] = entry
        if key is not None and key in self.entries:
            self.used.add(key)

    def render_ahead(self, pages: Mapping[str, str], config: MkDocsConfig, files: Files, processes: int, *,
                     minimum: int = POOL_MIN_ITEMS) -> int:
        """Render, in `processes` processes, the pages (src_uri -> Markdown) that are not kept yet, when there are
        at least `minimum`, so that `render` finds them; returns how many were rendered. Pages whose Markdown
        another plugin changes later are rendered again then, so the site is the same with or without this."""
        keys = {src_uri: self.key(file, text) for src_uri, text in pages.items()
                if (file := files.get_file_from_path(src_uri)) is not None}
        todo = [src_uri for src_uri, key in keys.items() if key is not None and key not in self.entries]
        if processes < 2 or len(todo) < max(2, minimum):
            return 0
        global _WORK
        _WORK = (config, files, pages)  # handed to the workers by fork, not pickled
        try:
            for src_uri, entry in in_processes(_render_in_worker, todo, processes):
                key = keys[src_uri]
                if entry is not None and key is not None:
                    self.entries[key] = entry
                    self.ahead.add(key)
        finally:
            _WORK = None
        self.processes = processes
        return len(self.ahead)


def render_and_record(page: Page, config: MkDocsConfig, files: Files) -> Entry | None:
    """MkDocs' render of the page, and what it depended on; None when the render may not be kept."""
    lookups = _RecordedFiles(files)
    logged = _LogCapture()
    logged.start()
    try:
        Page.render(page, config, lookups)  # type: ignore[arg-type]  # the look-ups a render makes, recorded
    finally:
        logged.stop()
    if logged.records or lookups.other_use:
        return None
    return _record(page, lookups.seen)


# -- what a render depends on ------------------------------------------------------------------------------
class _NotKept(Exception):
    """Why this show's pages cannot be kept: they are rendered on every build (the log says why, once)."""


# Libraries that change what Markdown extensions write though no extension names them: Pygments (highlighted
# code), Material (its emoji and icons). Python's own version is in the key too (html.parser).
_LIBRARIES = ("Pygments", "mkdocs-material", "pymdown-extensions", "Markdown", "mkdocs")
# Extension options that name files (Material's custom_icons) have their files' content in the key; a folder
# this large is more likely the whole repository than a folder of icons.
_MOST_FILES = 2000


def _conversion_key(config: MkDocsConfig) -> str:
    """A digest of the Markdown conversion: the extensions, their options (and the code and files these name),
    their code, MkDocs' link settings, and what the log shows. Raises _NotKept when pages cannot be kept."""
    names = config.markdown_extensions
    if not all(isinstance(name, str) for name in names):
        raise _NotKept("a plugin added a Markdown extension whose options podsite cannot read")
    if reads := READS_OTHER_FILES & set(names):
        raise _NotKept(f"{sorted(reads)[0]} reads other files into pages")
    root = Path(config.config_file_path or ".").parent
    try:
        described = json.dumps({
            "format": _FORMAT,
            "extensions": names,
            "options": config.mdx_configs,
            "files": _files_named(config.mdx_configs, root),
            "code": [_code_of(name) for name in names] + [_code_of("markdown"), _OWN_CODE],
            "libraries": [_version(library) for library in _LIBRARIES] + [sys.version],
            "links": {name: str(value) for name, value in config.validation.links.items()},
            "directory_urls": bool(config.use_directory_urls),
            # What the log shows decides which warnings a render can give (none under -q), and MkDocs notes the
            # anchors a page links to only above DEBUG.
            "log": [logging.getLogger(name).getEffectiveLevel() for name in ("mkdocs.structure.pages", "")],
        }, sort_keys=True, default=_named)
    except TypeError as err:
        raise _NotKept(str(err)) from None
    return hashlib.sha256(described.encode()).hexdigest()


def _named(value: object) -> str:
    """A function or class in an extension's options (`!!python/name:` in mkdocs.yml): its name and its code."""
    name = getattr(value, "__qualname__", None)
    if not callable(value) or not isinstance(name, str) or "<locals>" in name or inspect.ismethod(value):
        raise TypeError(f"the Markdown options hold {value!r}, which has no lasting name")
    module = str(getattr(value, "__module__", ""))
    return f"{module}.{name} {_code_of(module)}"


def _files_named(options: object, root: Path) -> list[str]:
    """Digests of the files and folders an option names by a path relative to mkdocs.yml."""
    found = []
    for value in _strings_in(options):
        path = root / value
        if "\n" in value or len(value) > 255 or value in ("", ".") or "://" in value or not path.exists():
            continue
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        if len(files) > _MOST_FILES:
            raise _NotKept(f"a Markdown option names {value}, a folder of more than {_MOST_FILES} files")
        digest = hashlib.sha256()
        for file in files:
            digest.update(f"{file.relative_to(path) if path.is_dir() else ''}\0".encode() + file.read_bytes())
        found.append(f"{value} {digest.hexdigest()}")
    return found


def _strings_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings_in(item)


def _version(distribution: str) -> str:
    try:
        return f"{distribution} {importlib.metadata.version(distribution)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{distribution} (none)"


_CODE: dict[str, str] = {}


def _code_of(name: str) -> str:
    """A digest of the code of the package an extension comes from (all of it: an extension may use any module
    of its package), so upgrading or editing it renders every page again."""
    module = name.split(":", 1)[0]
    spec = _find_spec(module) or _find_spec(f"markdown.extensions.{module}")
    if spec is None or not spec.origin:
        return f"{module} (not found)"  # Markdown will say so when it loads the extension
    top = spec.name.split(".", 1)[0]
    if top not in _CODE:
        found = _find_spec(top)
        folders = list(found.submodule_search_locations or []) if found is not None else []
        digest = hashlib.sha256()
        for source in sorted(p for folder in folders for p in Path(folder).rglob("*.py")) or [Path(spec.origin)]:
            digest.update(source.read_bytes())
        _CODE[top] = digest.hexdigest()
    return _CODE[top]


def _find_spec(module: str) -> Any:
    try:
        return importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None


class _RecordedFiles:
    """The site's files as MkDocs' link checks see them, noting each look-up and what it found. Any other use
    (by a newer MkDocs) is noted too, and that render is not kept."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self.seen: dict[str, list[Any] | None] = {}
        self.other_use = False

    def get_file_from_path(self, path: str) -> File | None:
        found = self._files.get_file_from_path(path)
        self.seen[path] = _as_seen(found)
        return found

    def __getattr__(self, name: str) -> Any:
        self.other_use = True
        return getattr(self._files, name)


def _as_seen(file: File | None) -> list[Any] | None:
    return None if file is None else [file.url, file.inclusion.is_excluded()]


def _links_unchanged(entry: Entry, files: Files) -> bool:
    return all(_as_seen(files.get_file_from_path(path)) == seen for path, seen in entry["lookups"].items())


class _LogCapture(logging.Handler):
    """Every record logged while a page renders, from MkDocs' loggers or any other."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG + 1)  # DEBUG lines change nothing a listener or strict mode sees
        self.records: list[logging.LogRecord] = []
        self.loggers = [logging.getLogger(), logging.getLogger("mkdocs")]  # MkDocs' own does not propagate

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def start(self) -> None:
        for logger in self.loggers:
            logger.addHandler(self)

    def stop(self) -> None:
        for logger in self.loggers:
            logger.removeHandler(self)


# -- a render, kept as JSON ----------------------------------------------------------------------------------
def _record(page: Page, lookups: dict[str, list[Any] | None]) -> Entry:
    anchors = page.links_to_anchors
    return {
        "content": page.content,
        "toc": [_token(link) for link in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if anchors is None else {file.src_uri: links for file, links in anchors.items()},
        "lookups": lookups,
    }


def _restore(page: Page, entry: Entry, files: Files) -> None:
    page.content = entry["content"]
    page.toc = get_toc(entry["toc"])
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    if entry["links"] is not None:
        # Every file named here was looked up by the render and is still there (_links_unchanged).
        page.links_to_anchors = {files.get_file_from_path(path): dict(links)  # type: ignore[misc]
                                 for path, links in entry["links"].items()}


def _token(link: AnchorLink) -> dict[str, Any]:
    """A table-of-contents entry as the `toc` extension's token that `get_toc` makes it from."""
    return {"name": link.title, "id": link.id, "level": link.level, "children": [_token(c) for c in link.children]}


def _well_formed(entry: object) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("content"), str) and isinstance(entry.get("toc"), list)
            and isinstance(entry.get("anchors"), list) and isinstance(entry.get("lookups"), dict)
            and (entry.get("links") is None or isinstance(entry.get("links"), dict))
            and (entry.get("title") is None or isinstance(entry.get("title"), str)))


# -- the pool ------------------------------------------------------------------------------------------------
_WORK: tuple[MkDocsConfig, Files, Mapping[str, str]] | None = None  # set in the parent just before the fork


def _render_in_worker(src_uri: str) -> tuple[str, Entry | None]:
    """A page rendered in a worker; None when it cannot be (the parent renders it, and reports what went wrong
    the way MkDocs does, naming the page)."""
    assert _WORK is not None
    config, files, pages = _WORK
    file = files.get_file_from_path(src_uri)
    assert file is not None
    page = Page(None, file, config)  # this process's copy of the file; the parent's is untouched
    page.markdown = pages[src_uri]
    try:
        return src_uri, render_and_record(page, config, files)
    except Exception:
        return src_uri, None
