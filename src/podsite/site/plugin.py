"""The MkDocs adapter: the only module that imports mkdocs. It loads the catalog once per build and adds the
generated pages, the feed, the chapters files and the episodes' local media to the site.

Wire it in mkdocs.yml (podsite brings its own search: Material's `search` plugin is not needed):

    plugins:
      - tags
      - podsite:
          episodes_dir: episodes
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import warnings
from collections.abc import Callable, Mapping
from datetime import UTC
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

import jinja2
import markupsafe
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta
from mkdocs.utils.templates import TemplateContext

from ..cache import CACHE_DIR
from ..errors import PodsiteError
from ..feed.chapters import chapters_json
from ..feed.notes import ShowNotes, read_notes, sanitize_transcript, save_notes
from ..feed.writer import STYLESHEET_FILE, render_feed, stylesheet
from ..i18n import Language, choose_language, language
from ..layout import RAW_HTML_CHOICES, Paths, SiteSettings
from ..lint import lint
from ..load.catalog import load_catalog
from ..model import Catalog, Episode, published_path
from ..processes import POOL_MIN_ITEMS, processes_for
from ..urls import EPISODES_INDEX, FEED_FILE, HOME_PAGE, PEOPLE_INDEX, TAGS_PAGE, SiteUrls
from .artwork import Thumbnail, thumbnail
from .atomic import StagedSite, strict_would_abort
from .markup import json_for_html
from .pages import Pages, Permalink, redirect_page
from .player import player_words
from .rendered import RenderedPages
from .search import Indexing, SearchIndexError, build_index, mark_searchable
from .timestamps import NOTES_END, NOTES_START, link_timestamps

PACKAGE_DIR = Path(__file__).parent
CSS_FILE = "assets/podsite/podsite.css"
PLAYER_JS = "assets/podsite/player.js"
SEARCH_JS = "assets/podsite/search.js"
log = logging.getLogger("mkdocs.plugins.podsite")


class PodsiteConfig(base.Config):
    episodes_dir = c.Type(str, default="episodes")
    drafts_in_serve = c.Type(bool, default=True)
    # The search box in the header, over a Pagefind index of the built pages (search.py): a listener downloads
    # only the pieces a query needs, so transcripts are searchable at any archive size. `false`: no search.
    # A show that keeps Material's `search` plugin in mkdocs.yml keeps Material's search instead.
    search = c.Type(bool, default=True)
    # `false` keeps transcript pages out of search (they are still published).
    search_transcripts = c.Type(bool, default=True)
    # Material's repository link (shown when mkdocs.yml sets repo_url) asks the GitHub/GitLab API for the stars
    # and forks count from every visitor's browser: a third-party request on every page. `false` shows the link
    # alone; `true` uses Material's own link with the counts.
    repo_stats = c.Type(bool, default=False)
    # Write-ups are the host's own pages, so their raw HTML is published as written (`podsite check` warns on
    # scripts, event handlers and javascript: links). `forbid` makes those an error, at build time too: for
    # shows that take write-ups by pull request.
    raw_html = c.Choice(RAW_HTML_CHOICES, default="allow")
    # Processes that render pages' Markdown on a build with many to render (a fresh clone, or after changing
    # the Markdown extensions); unset: one per core. Unchanged pages come from .cache/podsite/ (rendered.py).
    processes = c.Optional(c.Type(int))


class PodsitePlugin(BasePlugin[PodsiteConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        self.command = ""
        self.staged: StagedSite | None = None  # `mkdocs build`: the new site's folder until it replaces site_dir
        self.built_pages: dict[str, str] = {}  # src_uri -> hash of the markdown last built (serve --dirty)
        self.building_pages: dict[str, str] = {}
        self.catalog: Catalog | None = None
        self.urls: SiteUrls | None = None
        self.paths: Paths | None = None
        self.episode_pages: dict[str, Episode] = {}
        self.transcript_pages: dict[str, Episode] = {}
        self.html_pages: set[str] = set()  # pages.py wrote their body as HTML: never run through Markdown
        self.search = False  # podsite's search is on for this build (see _search_wanted)
        self.searchable = 0  # pages marked for the search index in this build
        self.listing_pages: set[str] = set()  # pages listing other pages: left out of search
        self.indexing: Indexing | None = None  # `mkdocs serve`: the search index being written
        self.feed_xml = b""
        self.notes: ShowNotes | None = None  # rendered show notes, kept across `mkdocs serve` rebuilds
        self.rendered: RenderedPages | None = None  # rendered pages, kept the same way
        self.memo = PageMemo()
        self.pages: Pages | None = None  # made in on_files; the page hooks use the same one
        self.lang: Language = language()  # podsite's own words on the site (see i18n.py)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.command = command
        self.dirty = dirty

    # -- a build replaces the last good site only with a complete one (see atomic.py) ----------------------
    @event_priority(100)  # before any other plugin can note where site_dir is
    def _stage_site(self, config: MkDocsConfig) -> MkDocsConfig:
        """`mkdocs build` and `gh-deploy` write into a fresh folder beside site_dir (a --dirty build updates the
        site in place, as MkDocs does; `mkdocs serve` has its own temporary folder)."""
        if self.command in ("build", "gh-deploy") and not self.dirty:
            self.staged = StagedSite(config.site_dir)
            config.site_dir = str(self.staged.begin())
        return config

    @event_priority(-100)  # after every other plugin's on_post_build: MkDocs counts strict warnings next
    def _publish_site(self, *, config: MkDocsConfig) -> None:
        if self.staged is None or strict_would_abort(config.strict):
            return  # MkDocs is about to abort; on_build_error removes the folder
        self.staged.publish()
        config.site_dir = str(self.staged.target)  # where gh-deploy and later readers find the new site
        self.staged = None

    def on_build_error(self, *, error: Exception) -> None:
        self._discard_staged()

    def on_shutdown(self) -> None:
        self._discard_staged()  # a build interrupted (Ctrl-C) before it could publish
        self.stop_search()

    def _discard_staged(self) -> None:
        if self.staged is not None:
            self.staged.discard()
            self.staged = None

    # -- configuration: load and validate everything before anything is written ---------------------------
    def _load_show(self, config: MkDocsConfig) -> MkDocsConfig:
        self.paths = paths_for(config, self.config)  # settings_of() below reads them the same way
        try:
            self.catalog = load_catalog(self.paths)
            self.urls = SiteUrls(self.catalog.show.site_url, config.use_directory_urls)
            # Rendered now, before anything is written, so a feed that cannot be written stops the build first.
            cache = self.catalog.root / CACHE_DIR
            self.notes = self.notes or read_notes(cache)
            processes, minimum = self._pool()
            self.notes.render_ahead(self.catalog.episodes, self.urls, processes, minimum=minimum)
            self.feed_xml = render_feed(self.catalog, self.urls, self.notes)
            save_notes(cache, self.notes)
            self._enforce_rules(self.catalog, self.urls, settings_of(config, self.config, serving=self.serving))
        except PodsiteError as err:
            # The build writes into a folder of its own (atomic.py): the last good site is still there, untouched.
            raise PluginError(f"podsite found {len(err.problems)} problem(s) in the show; nothing was built "
                              f"(the previous site is left as it was):\n{err}") from None
        show = self.catalog.show
        if not self.serving:  # `mkdocs serve` keeps its own local address
            config.site_url = show.site_url
        self._choose_language(config)
        # MkDocs' templates do not autoescape, and Material prints site_name raw in <title> and the header: a
        # show called "Tips & <Tricks>" would be markup. As Markup, it prints escaped, and `| e` leaves it be.
        config.site_name = markupsafe.escape(show.title)
        # Material's <meta name="description"> for every page without one of its own (escaped, as above).
        config.site_description = config.site_description or markupsafe.escape(" ".join(show.description.split()))
        # After a host's custom_dir, before Material's. no-repo-stats/ holds only partials/source.html.
        templates = PACKAGE_DIR / "templates"
        folders = [templates] if self.config.repo_stats else [templates / "no-repo-stats", templates]
        at = 1 if config.theme.custom_dir else 0
        config.theme.dirs[at:at] = [str(folder) for folder in folders]
        config.extra_css.append(CSS_FILE)
        # Deferred: it runs once the page is parsed, so it never holds back the first paint on a slow phone.
        player = c.ExtraScriptValue(PLAYER_JS)
        player.defer = True
        config.extra_javascript.append(player)
        self.search = self._search_wanted(config)
        if self.search:
            search = c.ExtraScriptValue(SEARCH_JS)
            search.defer = True
            config.extra_javascript.append(search)
        return config

    def _choose_language(self, config: MkDocsConfig) -> None:
        """podsite speaks `theme.language`, else the show's `language`, else English. A theme left to its default
        language follows the show's, so Material's own words (and its `dir`) match podsite's."""
        assert self.catalog is not None
        chosen = theme_language(config)
        self.lang = language(choose_language(chosen, self.catalog.show.language))
        if chosen is None and "language" in config.theme:
            config.theme["language"] = self.lang.tag

    def _search_wanted(self, config: MkDocsConfig) -> bool:
        """podsite's search, unless the show turned it off or still has Material's (two search boxes, and
        Material's index is downloaded on every first visit: the log says how to switch)."""
        if not self.config.search:
            return False
        if "material/search" in config.plugins or "search" in config.plugins:
            log.info("podsite: Material's search plugin is enabled, so podsite's search stands aside. Every "
                     "visitor downloads Material's whole index on a first visit; remove `- search` from the "
                     "plugins in mkdocs.yml for podsite's search, which loads only what a query needs")
            return False
        return True

    def _enforce_rules(self, catalog: Catalog, urls: SiteUrls, settings: SiteSettings) -> None:
        """What `podsite check` calls an error never reaches listeners: a build judges what it publishes by the
        same rules (podsite.lint), on the feed it is about to publish. `mkdocs serve` shows them and goes on, so
        a host can preview while fixing; warnings are check's to list."""
        problems = lint(catalog, urls, settings, feed=self.feed_xml, unpublished=False)
        errors = [problem for problem in problems if problem.severity == "ERROR"]
        if errors and not self.serving:
            raise PodsiteError(errors)
        for problem in errors:
            log.warning("podsite: %s", problem)
        if len(problems) > len(errors):
            log.info("podsite: `podsite check` has %d warning(s) about this show", len(problems) - len(errors))

    # -- files: every generated page and file ---------------------------------------------------------------
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.catalog is not None and self.urls is not None and self.paths is not None
        thumbnails = self._thumbnails()
        pages = self.pages = Pages(self.catalog, self.urls, search_transcripts=self.config.search_transcripts,
                                   thumbnails={url: self.urls.absolute(t.site_path) for url, t in thumbnails.items()},
                                   lang=self.lang, permalink=permalink(config))

        def add(src_uri: str, content: str | bytes, *, in_nav: bool = True) -> File:
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, src_uri, content=content, inclusion=inclusion)
            files.append(file)
            # Pages in the nav are always built: MkDocs titles the nav from pages it read in this build, so a
            # skipped one would show as "None" (and Material's tags would lose their links).
            if self.dirty and isinstance(content, str) and not (in_nav and src_uri.endswith(".md")):
                self._skip_if_unchanged(file, content)
            return file

        self.transcript_pages = {}
        self.html_pages = set()
        self._remove_writeups(files)
        self._withhold_unpublished_files(files)
        for copy in {t.site_path: t for t in thumbnails.values()}.values():
            add(copy.site_path, copy.data)
        memo = self.memo.start(self.serving, (self.catalog.show, self.catalog.people, self.urls,
                                              self.config.search_transcripts, pages.thumbnails, self.lang.code))
        # By identity: `in` on the tuple compares whole dataclasses, quadratic for a 5,000-episode show.
        published = {id(e): index for index, e in enumerate(self.catalog.episodes)}
        for episode in self._episodes_to_build():
            draft = id(episode) not in published
            # An episode page shows its neighbours' titles: it changes when they do.
            key = ((episode.fingerprint, draft, *self._neighbours(published.get(id(episode))))
                   if episode.fingerprint else None)
            src_uri = SiteUrls.episode_page(episode)
            file = add(src_uri, memo.get(src_uri, key, partial(pages.episode, episode, draft=draft)), in_nav=False)
            file.edit_uri = self._edit_uri(episode, config)
            self.episode_pages[file.src_uri] = episode
            self._check_url(file)
            if episode.chapters:
                chapters = SiteUrls.chapters_file(episode)
                add(chapters, memo.get(chapters, episode.fingerprint or None, partial(chapters_json, episode)))
            # From the cues the loader read; no file I/O here.
            transcript = memo.get(SiteUrls.transcript_page(episode), episode.fingerprint or None,
                                  partial(pages.transcript, episode))
            if transcript is not None:
                add(SiteUrls.transcript_page(episode), transcript, in_nav=False)
                self.transcript_pages[SiteUrls.transcript_page(episode)] = episode
                self.html_pages.add(SiteUrls.transcript_page(episode))
            for old_slug in episode.old_slugs:
                add(*redirect_page(episode, old_slug, self.urls, self.lang))
        self.listing_pages = {EPISODES_INDEX, PEOPLE_INDEX, TAGS_PAGE}
        for person in self.catalog.people.values():
            fingerprints = tuple(e.fingerprint for e in self.catalog.episodes_with(person.id))
            person_pages = memo.get(SiteUrls.person_page(person.id), fingerprints if all(fingerprints) else None,
                                    partial(pages.person_pages, person))
            for number, (src_uri, body) in enumerate(person_pages.items()):
                add(src_uri, body, in_nav=False)
                self.html_pages.add(src_uri)
                if number:  # later pages only list episodes, which search finds on their own pages
                    self.listing_pages.add(src_uri)
        if files.get_file_from_path(EPISODES_INDEX) is None:  # else the host wrote their own index
            for number, (src_uri, markdown) in enumerate(pages.episodes_index_pages().items()):
                add(src_uri, markdown, in_nav=number == 0)  # later pages: linked from the first, not in nav
                self.listing_pages.add(src_uri)
                self.html_pages.add(src_uri)
        for src_uri, make in ((PEOPLE_INDEX, pages.people_index), (TAGS_PAGE, pages.tags), (HOME_PAGE, pages.home)):
            if files.get_file_from_path(src_uri) is None:
                add(src_uri, make())
                if src_uri == PEOPLE_INDEX:
                    self.html_pages.add(src_uri)
        add(FEED_FILE, self.feed_xml)
        add(STYLESHEET_FILE, stylesheet(self.lang))  # the feed's page in a browser
        add(CSS_FILE, (PACKAGE_DIR / "assets" / "podsite.css").read_text(encoding="utf-8"))
        add(PLAYER_JS, (PACKAGE_DIR / "assets" / "player.js").read_text(encoding="utf-8"))
        if self.search:
            add(SEARCH_JS, (PACKAGE_DIR / "assets" / "search.js").read_text(encoding="utf-8"))
        self._add_local_assets(files, config)
        self._clean_html_transcripts(files, config)
        return files

    def _thumbnails(self) -> dict[str, Thumbnail]:
        """Small copies of the repository's cover art and portraits for pages, by the original's URL."""
        assert self.catalog is not None
        images = [self.catalog.show.image, *(e.image for e in self._episodes_to_build() if e.image),
                  *(p.image for p in self.catalog.people.values() if p.image)]
        found: dict[str, Thumbnail] = {}
        for image in images:
            if image.url not in found and (copy := thumbnail(image, self.catalog.root / CACHE_DIR / "art")):
                found[image.url] = copy
        return found

    def _neighbours(self, index: int | None) -> tuple[str, str]:
        """The fingerprints of the older and newer published episodes around position `index`."""
        assert self.catalog is not None
        episodes = self.catalog.episodes
        if index is None:
            return "", ""
        older = episodes[index + 1].fingerprint if index + 1 < len(episodes) else ""
        newer = episodes[index - 1].fingerprint if index > 0 else ""
        return older, newer

    def _remove_writeups(self, files: Files) -> None:
        """A write-up is merged into its episode's generated page and is never a page of its own: else the notes
        of a draft or scheduled episode would be published, and those of a renamed slug twice."""
        assert self.catalog is not None and self.paths is not None
        for episode in self.catalog.episodes + self.catalog.unpublished:
            if episode.writeup is not None:
                src_uri = episode.writeup.path.absolute().relative_to(self.paths.docs_dir).as_posix()
                writeup = files.get_file_from_path(src_uri)
                if writeup is not None:
                    files.remove(writeup)

    def _withhold_unpublished_files(self, files: Files) -> None:
        """The files a draft or scheduled episode names in docs/ (its audio, transcript, art) stay off the site
        until it is due, unless something published names them too: else they would sit at guessable URLs."""
        assert self.catalog is not None
        built = {id(episode) for episode in self._episodes_to_build()}
        public = self.catalog.published_files
        for episode in self.catalog.unpublished:
            if id(episode) in built:
                continue
            for asset in episode.assets:
                where = published_path(asset, self.catalog.docs_dir)
                if where is not None and where not in public and (found := files.get_file_from_path(where)):
                    files.remove(found)

    def _skip_if_unchanged(self, file: File, content: str) -> None:
        """`mkdocs serve --dirty` rebuilds only the pages whose source changed, but takes every generated file
        as changed: tell it which of ours are the same as in the last build, so that saving one episode
        rebuilds that episode's pages, not the archive (benchmarks/: seconds instead of minutes)."""
        digest = hashlib.sha256(content.encode()).hexdigest()
        self.building_pages[file.src_uri] = digest
        if self.built_pages.get(file.src_uri) == digest and os.path.isfile(file.abs_dest_path):
            file.is_modified = lambda: False  # type: ignore[method-assign]

    def _remember_built_pages(self, *, config: MkDocsConfig) -> None:
        self.built_pages, self.building_pages = self.building_pages, {}

    on_config = CombinedEvent(_stage_site, _load_show)

    def _episodes_to_build(self) -> tuple[Episode, ...]:
        assert self.catalog is not None
        if self.serving and self.config.drafts_in_serve:
            return self.catalog.episodes + self.catalog.unpublished
        return self.catalog.episodes

    def _edit_uri(self, episode: Episode, config: MkDocsConfig) -> str | None:
        """The edit button opens the write-up, or the YAML when there is none (relative to docs/)."""
        if not config.edit_uri:
            return None
        source = episode.writeup.path if episode.writeup else episode.source
        docs = Path(config.docs_dir)
        return Path(source).relative_to(docs).as_posix() if source.is_relative_to(docs) else (
            "../" + Path(source).relative_to(docs.parent).as_posix())

    def _check_url(self, file: File) -> None:
        assert self.urls is not None
        if file.url != self.urls.page_url(file.src_uri):
            raise PluginError(f"podsite and MkDocs disagree on the URL of {file.src_uri} ({file.url} vs "
                              f"{self.urls.page_url(file.src_uri)}); please report this")

    def _add_local_assets(self, files: Files, config: MkDocsConfig) -> None:
        """Every file the published show names is on the site, or its feed and page links would 404: one outside
        docs/ is added; one in docs/ that MkDocs would leave out (a dot-folder, exclude_docs, draft_docs) is
        published anyway, because an episode links to it."""
        assert self.catalog is not None and self.paths is not None
        for where, asset in self.catalog.published_files.items():
            assert asset.local is not None
            existing = files.get_file_from_path(where)
            if asset.site_path is None:
                if existing is not None and not existing.inclusion.is_included():
                    existing.inclusion = InclusionLevel.INCLUDED
                continue
            if existing is not None:
                raise PluginError(f"{self.paths.show(asset.local)}: is published at {where}, where a file in "
                                  f"docs/ already is; move or rename one of them")
            files.append(File.generated(config, where, abs_src_path=str(asset.local.absolute()),
                                        inclusion=InclusionLevel.INCLUDED))

    def _clean_html_transcripts(self, files: Files, config: MkDocsConfig) -> None:
        """An HTML transcript is text for listeners, never a page that runs scripts on the show's site: it is
        published through the feed's HTML policy (feed/notes.py). The loader does not read HTML transcripts, so
        each is read here, once per build."""
        assert self.catalog is not None
        for episode in self._episodes_to_build():
            for transcript in episode.transcripts:
                local = transcript.asset.local
                src_uri = published_path(transcript.asset, self.catalog.docs_dir)
                if transcript.mime_type != "text/html" or local is None or src_uri is None:
                    continue
                published = files.get_file_from_path(src_uri)
                if published is None:
                    continue
                files.remove(published)
                text = local.read_bytes().decode("utf-8", errors="replace")
                files.append(File.generated(config, src_uri, content=sanitize_transcript(text),
                                            inclusion=InclusionLevel.INCLUDED))

    # -- pages ------------------------------------------------------------------------------------------------
    def _publish_html_as_is(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """A transcript or listing page's body is HTML that pages.py wrote: it is published as it is.
        Python-Markdown would parse every tag of it, twice (its raw-HTML stash and md_in_html): 35 ms for an hour
        of speech, most of the build of an archive with transcripts. Other pages' renders are kept (rendered.py)."""
        if page.file.src_uri in self.html_pages:
            page.render = partial(_render_html_body, page)  # type: ignore[method-assign]
        elif self.rendered is not None and type(page).render is Page.render and "render" not in vars(page):
            page.render = partial(self.rendered.render, page)  # type: ignore[method-assign]
        return page

    def _date_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Reproducible builds: MkDocs dates every page (sitemap lastmod, the sitemap.xml.gz header) with the
        day of the build unless SOURCE_DATE_EPOCH is set. Without it, date pages from the content instead: an
        episode page by its episode, every other page by the newest episode."""
        assert self.catalog is not None
        if "SOURCE_DATE_EPOCH" in os.environ or self.catalog.latest is None:
            return page
        episode = self.episode_pages.get(page.file.src_uri) or self.catalog.latest
        page.update_date = episode.date.astimezone(UTC).strftime("%Y-%m-%d")
        return page

    on_pre_page = CombinedEvent(_publish_html_as_is, _date_page)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The home page as a podcast's: its title, then cover art, description and subscribe buttons, the
        host's own text, the latest episode and the recent ones; no sidebar or table of contents beside it."""
        if page.file.src_uri != HOME_PAGE:
            return markdown
        assert self.pages is not None
        page.meta.setdefault("hide", ["navigation", "toc"])
        title, rest = _split_title(markdown)
        return title + self.pages.home_hero() + rest.strip() + "\n\n" + self.pages.home_extras()

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Times in an episode's show notes become links that seek its player. An episode in another language
        than the site's has its title and notes marked with its `lang`, for screen readers and search engines."""
        episode = self.episode_pages.get(page.file.src_uri)
        if episode is None or NOTES_START not in html:
            return html
        before, rest = html.split(NOTES_START, 1)
        notes, after = rest.split(NOTES_END, 1) if NOTES_END in rest else (rest, "")
        notes = link_timestamps(notes, episode.audio.duration, self.lang)
        assert self.pages is not None
        marks = self.pages.lang_attr(episode)
        if marks:
            before = _H1.sub(lambda h1: h1[0] + marks, before, count=1)
            notes = f'<div class="podsite-notes"{marks}>{notes}</div>'
        return before + notes + after

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
                        ) -> TemplateContext:
        assert self.pages is not None
        # Feed discovery, JSON-LD and sharing tags for the templates (see templates/podsite/head.html). MkDocs'
        # TemplateContext names only its own keys; a plugin's are added the same way Material's plugins do.
        head = self.pages.head(page.file.src_uri, self.episode_pages.get(page.file.src_uri))
        head["i18n"] = self.player_words
        episode = self.episode_pages.get(page.file.src_uri) or self.transcript_pages.get(page.file.src_uri)
        if self.search and episode is not None:
            head["filters"] = self.pages.search_filters(episode)
        cast(dict[str, Any], context)["podsite"] = head
        return context

    @property
    def player_words(self) -> str:
        """What the player says, and how it writes numbers, in the site's language: JSON for the page's head, so
        the player needs no request of its own (see player.js)."""
        return json_for_html(player_words(self.lang))

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """The header's search box (templates/partials/header.html) is on every page, 404 included. MkDocs makes
        a new Jinja environment for each build, which compiles Material's templates again (0.2 s): the compiled
        code is kept in .cache/podsite/jinja/, where Jinja checks it against each template's source."""
        assert self.catalog is not None
        env.globals["podsite_search"] = self.search
        env.bytecode_cache = env.bytecode_cache or _bytecode_cache(self.catalog.root / CACHE_DIR / "jinja")
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Every other plugin has set up the Markdown by now, and no page is rendered yet. On a build with many
        pages to render, they are rendered in a pool of processes first, then taken from it one by one as MkDocs
        builds them (rendered.py)."""
        assert self.catalog is not None
        self.rendered = self.rendered or RenderedPages.read(self.catalog.root / CACHE_DIR)
        self.rendered.start(config)
        processes, minimum = self._pool()
        if processes < 2:
            return nav
        pages = {file.src_uri: meta.get_data(file.content_string)[0] for file in files.documentation_pages()
                 if file.src_uri not in self.html_pages and file.src_uri != HOME_PAGE}
        self.rendered.render_ahead(pages, config, files, processes, minimum=minimum)
        return nav

    def _pool(self) -> tuple[int, int]:
        """(processes, the least work to start them for): a pool of one per core for a build with enough to render,
        or as mkdocs.yml's `processes` says; none under `mkdocs serve`, whose threads a fork would copy half-way."""
        if self.serving:
            return 1, 0
        return processes_for(self.config.processes), POOL_MIN_ITEMS if self.config.processes is None else 2

    def _keep_rendered(self, *, config: MkDocsConfig) -> None:
        assert self.catalog is not None
        if self.rendered is not None:
            pooled = len(self.rendered.ahead)
            pool = f" ({pooled} in {self.rendered.processes} processes)" if pooled else ""
            log.info("podsite: Markdown rendered for %d page(s)%s; %d unchanged, taken from %s/",
                     self.rendered.rendered, pool, self.rendered.kept, CACHE_DIR)
            self.rendered.save(self.catalog.root / CACHE_DIR)

    # -- search: the built pages, indexed by Pagefind (search.py) -------------------------------------------
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Marks the page's content for the search index, unless it is a listing of other pages (their own
        pages are found instead) or its front matter says `search: exclude: true`."""
        if not self.search or page.file.src_uri in self.listing_pages or _excluded(page.meta):
            return output
        marked = mark_searchable(output)
        if marked is None:
            return output  # not Material's page layout: nothing to index in it
        self.searchable += 1
        return marked

    @event_priority(-90)  # after other plugins' on_post_build, before the new site is published (-100)
    def _index_search(self, *, config: MkDocsConfig) -> None:
        searchable, self.searchable = self.searchable, 0
        if not self.search or not searchable or strict_would_abort(config.strict):
            return  # (with no page marked, Pagefind would index every page whole)
        site = Path(config.site_dir)
        if self.serving:
            # The preview reloads now and its search follows when Pagefind is done (20 s for 1,000 hours of
            # transcripts): a host who saved one write-up waits for that page, not for the index.
            self.indexing = Indexing(site, on_error=_report_search_error)
            return
        try:
            build_index(site)
        except SearchIndexError as err:
            raise PluginError(f"podsite: search: {err}") from None

    def wait_for_search(self) -> None:
        """Until the index `mkdocs serve` is writing is complete."""
        if self.indexing is not None:
            self.indexing.wait()
            self.indexing = None

    def stop_search(self) -> None:
        if self.indexing is not None:
            self.indexing.stop()
            self.indexing = None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """A rebuild replaces the pages the index being written reads: that index is stopped, not waited for."""
        self.stop_search()

    on_post_build = CombinedEvent(_remember_built_pages, _keep_rendered, _index_search, _publish_site)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Live reload: the episodes folder, and any other folder outside docs/ holding transcripts or
        chapter art (MkDocs already watches docs/ and mkdocs.yml)."""
        assert self.paths is not None and self.catalog is not None
        server.watch(str(self.paths.episodes_dir))
        for folder in sorted(_asset_folders(self.catalog.episodes + self.catalog.unpublished, self.paths)):
            server.watch(str(folder))
        return server


_H1 = re.compile(r"<h1\b")


def theme_language(config: MkDocsConfig) -> str | None:
    """`theme.language` as mkdocs.yml sets it; None when it is left to the theme's default. MkDocs keeps what the
    file said in `user_configs` (deprecated in 1.6, the last 1.x release, so it stays)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        given = list(getattr(config, "user_configs", ()))
    for patch in reversed(given):
        theme = patch.get("theme")
        if isinstance(theme, dict) and isinstance(theme.get("language"), str):
            return str(theme["language"])
    return None


Made = TypeVar("Made")  # what a page maker returns: markdown, or None for no page


class PageMemo:
    """Generated page markdown kept from one `mkdocs serve` rebuild to the next: saving one episode regenerates
    that episode's pages (and its neighbours'), not the whole archive. Each page is kept under a key of what it
    is made from (episode fingerprints, see Episode.fingerprint); anything show-wide that changes (the show,
    the people registry, the site's URLs, the plugin's options) empties the memo. `mkdocs build` runs once, so
    it never keeps anything."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[object, object]] = {}
        self.show_wide: object = None
        self.keeping = False

    def start(self, serving: bool, show_wide: object) -> PageMemo:
        self.keeping = serving
        if not serving or show_wide != self.show_wide:
            self.pages = {}
        self.show_wide = show_wide if serving else None
        return self

    def get(self, src_uri: str, key: object | None, make: Callable[[], Made]) -> Made:
        """The page `make()` returns, or the one it returned last time for the same key. No key: no memo."""
        if not self.keeping or key is None:
            return make()
        kept = self.pages.get(src_uri)
        if kept is not None and kept[0] == key:
            return cast(Made, kept[1])
        markdown = make()
        self.pages[src_uri] = (key, markdown)
        return markdown


_ID = re.compile(r'\sid="([^"]+)"')
_H2 = re.compile(r'<h2 id="(?P<id>[^"]+)">(?P<title>.*?)(?:<a class="[^"]*" href="#(?P=id)"[^>]*>[^<]*</a>)?</h2>')


def _render_html_body(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Page.render for a page whose body is already HTML: what MkDocs' render sets, without Markdown. Its
    table of contents is its second-level headings that have an id (Pages.heading)."""
    assert page.markdown is not None
    page.content = page.markdown
    page.toc = get_toc([{"level": 2, "id": found["id"], "name": found["title"], "children": []}
                        for found in _H2.finditer(page.markdown)])
    page.present_anchor_ids = set(_ID.findall(page.markdown))  # what other pages' `#anchor` links may name


def permalink(config: MkDocsConfig) -> Permalink | None:
    """The heading links the `toc` extension adds with mkdocs.yml's `toc: {permalink: ...}`, if it does."""
    options = config.mdx_configs.get("toc") or {}
    link = options.get("permalink") if "toc" in config.markdown_extensions else None
    if not link:
        return None
    text = "&para;" if link is True else html.escape(str(link), quote=False)
    return Permalink(text, str(options.get("permalink_class", "headerlink")),
                     str(options.get("permalink_title", "Permanent link")))


def _bytecode_cache(folder: Path) -> jinja2.BytecodeCache | None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a cache that cannot be written only costs time
    return jinja2.FileSystemBytecodeCache(str(folder))


def _report_search_error(err: SearchIndexError) -> None:
    log.warning("podsite: search: %s", err)  # the preview goes on; its search is what it was


def _excluded(meta: Mapping[str, Any]) -> bool:
    """Front matter `search: {exclude: true}`, the way Material's search plugin reads it."""
    search = meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def _asset_folders(episodes: tuple[Episode, ...], paths: Paths) -> set[Path]:
    folders = set()
    for episode in episodes:
        for asset in [t.asset for t in episode.transcripts] + [ch.image for ch in episode.chapters if ch.image]:
            folder = asset.local.parent.absolute() if asset.local else None
            if folder and not folder.is_relative_to(paths.docs_dir) and not folder.is_relative_to(
                    paths.episodes_dir):
                folders.add(folder)
    return folders


def paths_for(config: MkDocsConfig, plugin_config: PodsiteConfig) -> Paths:
    root = Path(config.config_file_path).parent.absolute()
    docs = Path(config.docs_dir).absolute()
    return Paths(root, docs, root / plugin_config.episodes_dir)


def site_settings(config_file: Path) -> SiteSettings:
    """What the feed needs from mkdocs.yml (folders, URL style), read the way MkDocs reads it: `!ENV` tags and
    all. Lets `build_feed.py` use the exact settings of a site build without running one."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    plugin = config.plugins.get("podsite")
    if not isinstance(plugin, PodsitePlugin):
        raise PluginError(f"{config_file} does not enable the podsite plugin; add `- podsite` under plugins:")
    return settings_of(config, plugin.config)


def settings_of(config: MkDocsConfig, plugin_config: PodsiteConfig, *, serving: bool = False) -> SiteSettings:
    """`mkdocs serve` sets site_url to its own local address: it is not the host's to compare."""
    return SiteSettings(paths_for(config, plugin_config), bool(config.use_directory_urls), plugin_config.raw_html,
                        str(config.site_name), None if serving else (config.site_url or None),
                        theme_language(config))


def _split_title(markdown: str) -> tuple[str, str]:
    """(the page's leading `# Title` line, the rest): the home page's hero goes right under its title."""
    match = re.match(r"\s*(#[^#\n][^\n]*\n+)", markdown)
    return (match.group(1), markdown[match.end():]) if match else ("", markdown)
