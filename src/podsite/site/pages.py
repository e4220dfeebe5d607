"""The pages podsite adds to a site: episodes, people, the episodes index, the home page.

Episode pages are Markdown, around the host's write-up: MkDocs checks their `.md` links in `--strict` builds and
any theme can show them. Structured parts (player, meta line) are raw HTML blocks built here. Listing pages
(the episodes index, people, the people index) are all structure and no prose: they are HTML, published
without Markdown (plugin.py), so a show that adds an episode, which changes every page of the index, does not
run them all through Python-Markdown again (100 ms for a page of 50 episodes, a second for a host on 1,000).

Escaping: every string from YAML goes through `text()` (HTML-escaped, markdown syntax neutralized) in Markdown,
`html.escape()` in HTML, or `attr()` (HTML attribute); only write-up markdown, which is the host's own content,
is passed through.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from ..i18n import N_, Language, direction_of, language, same_language
from ..model import Catalog, Cue, Episode, Person, Transcript
from ..timefmt import format_duration, iso_duration
from ..urls import EPISODES_INDEX, HOME_PAGE, PEOPLE_INDEX, SiteUrls
from ..vocab import SUBSCRIBE_PLATFORMS
from .markup import attr, front_matter, json_for_html, md_link, relative_url, text
from .timestamps import NOTES_END, NOTES_START

EPISODE_TEMPLATE = "podsite/episode.html"
EPISODES_PER_PAGE = 50  # per episodes index page; older episodes are on episodes/page/2.md, 3.md, ...


def episodes_index_page(number: int) -> str:
    """The source of page `number` (from 1) of the episodes index."""
    return EPISODES_INDEX if number == 1 else f"episodes/page/{number}.md"


def person_page(person_id: str, number: int) -> str:
    """The source of page `number` (from 1) of a person's page: the later ones only list more episodes."""
    return SiteUrls.person_page(person_id) if number == 1 else f"people/{person_id}/page/{number}.md"


def _pages_of(episodes: tuple[Episode, ...]) -> list[tuple[Episode, ...]]:
    """Episodes in the chunks of a paginated listing, EPISODES_PER_PAGE each: one page listing a whole archive
    grows with it and is slow to build and to load on a phone."""
    return [episodes[i:i + EPISODES_PER_PAGE] for i in range(0, len(episodes), EPISODES_PER_PAGE)] or [()]














@dataclass(frozen=True)
class Permalink:
    """The link the `toc` Markdown extension adds to each heading (`permalink: true` in mkdocs.yml), which the
    listing pages' headings get too: they are HTML, not Markdown (see the module's docstring)."""

    text: str = "&para;"  # HTML
    css: str = "headerlink"
    title: str = "Permanent link"

    def html(self, anchor: str) -> str:
        title = f' title="{attr(self.title)}"' if self.title else ""
        return f'<a class="{attr(self.css)}" href="#{attr(anchor)}"{title}>{self.text}</a>'


def shown_transcript(episode: Episode) -> tuple[Transcript, tuple[Cue, ...]] | None:
    """The transcript the site shows as text: the first one in the repository in a format podsite reads."""
    for transcript in episode.transcripts:
        if transcript.cues:
            return transcript, readable(transcript.cues)
    return None














class Pages:
    """Builds the pages of one catalog (Markdown, or HTML for listings). `urls` decides where pages and files live
    on the site."""

    def __init__(self, catalog: Catalog, urls: SiteUrls, *, search_transcripts: bool = True,
                 thumbnails: Mapping[str, str] | None = None, lang: Language | None = None,
                 permalink: Permalink | None = None):
        self.catalog = catalog
        self.urls = urls
        # podsite's own words and formats (see i18n.py); what comes from YAML is shown as written.
        self.lang = lang or language()
        self._ = self.lang.gettext
        self.search_transcripts = search_transcripts
        # Image URL -> URL of its small copy for pages (see artwork.py); images without one show as they are.
        self.thumbnails = thumbnails or {}
        self._positions: dict[int, int] | None = None  # id(episode) -> its place in catalog.episodes
        self.permalink = permalink  # the `toc` extension's heading links, copied on listing pages' headings

    # -- helpers -----------------------------------------------------------------------------------------
    def link(self, absolute_url: str, from_src: str) -> str:
        """A link from the page `from_src`: relative when the URL is on this site (so previews work)."""
        if absolute_url.startswith(self.urls.site_url):
            target = absolute_url[len(self.urls.site_url):]
            return relative_url(target, self.urls.page_url(from_src))
        return absolute_url

    def href(self, absolute_url: str, from_src: str) -> str:
        """`link()`, escaped for an HTML attribute."""
        return attr(self.link(absolute_url, from_src))

    def page_href(self, target_src: str, from_src: str) -> str:
        """An href from page `from_src` to page `target_src`, as MkDocs writes the `.md` link between them."""
        return attr(relative_url(self.urls.page_url(target_src), self.urls.page_url(from_src)))

    def heading(self, level: int, title: str, anchor: str | None = None) -> str:
        """A heading of a listing page (HTML, see the module's docstring); with `anchor`, it has that id, is in the
        page's table of contents, and gets the permalink the Markdown headings of the site get."""
        if anchor is None:
            return f"<h{level}>{title}</h{level}>\n\n"
        link = self.permalink.html(anchor) if self.permalink else ""
        return f'<h{level} id="{attr(anchor)}">{title}{link}</h{level}>\n\n'

    def season(self, season: int) -> str:
        return self._("Season {number}").format(number=self.lang.whole(season))

    def role(self, role: str) -> str:
        """A Podcasting 2.0 role as a label (Host, Guest); a role podsite does not know, capitalized."""
        label = ROLE_LABELS.get(role)
        return self._(label) if label else role.capitalize()

    def season_heading(self, season: int) -> str:
        """A season's heading on the episodes index, `#season-N` in any language (the "Seasons:" links)."""
        return self.heading(2, html.escape(self.season(season)), season_anchor(season))

    def lang_attr(self, episode: Episode) -> str:
        """` lang="es"` on what the host wrote for an episode (its title, notes, chapters) when it is in another
        language than the site's: an episode's own `language`, else the show's. With `dir` too where that
        language runs the other way (English notes on an Arabic site)."""
        return self.lang_marks(episode.language or self.catalog.show.language)

    def dir_of(self, tag: str) -> str:
        way = direction_of(tag)
        return f' dir="{way}"' if way != self.lang.direction else ""

    def lang_marks(self, tag: str) -> str:
        """The `lang` (and `dir`) of text in language `tag` on this site; empty when it is the site's language."""
        if same_language(tag, self.lang.tag):
            return ""
        return f' lang="{attr(tag)}"{self.dir_of(tag)}'

    def episode_meta(self, episode: Episode) -> str:
        parts = []
        if episode.season is not None:
            parts.append(self.season(episode.season))
        if episode.number is not None:
            parts.append(self._("Episode {number}").format(number=self.lang.whole(episode.number)))
        if episode.type != "full":
            parts.append(self._(TYPE_LABELS[episode.type]))
        parts.append(f'<time datetime="{episode.date.isoformat()}">{self.lang.date(episode.date)}</time>')
        parts.append(f'<span class="podsite-duration">{self.lang.duration(episode.audio.duration)}</span>')
        return " · ".join(parts)

    def credits_line(self, episode: Episode, src: str) -> str:
        groups: dict[str, list[str]] = {}
        for credit in episode.credits:
            link = f"[{text(credit.person.name)}]({md_link(SiteUrls.person_page(credit.person.id), src)})"
            groups.setdefault(credit.role, []).append(link)
        return " · ".join(self._("{role}: {names}").format(role=text(self.role(role)), names=self.lang.list_of(names))
                          for role, names in groups.items())

    def art(self, episode: Episode, src: str, css: str, size: int) -> str:
        """The episode's cover (or the show's), decorative next to its title: empty alt text."""
        image = episode.image or self.catalog.show.image
        url = self.thumbnails.get(image.url, image.url)
        return (f'<img class="{css}" src="{self.href(url, src)}" alt="" width="{size}" height="{size}" '
                f'loading="lazy">')

    # -- episode pages -------------------------------------------------------------------------------------
    def episode(self, episode: Episode, *, draft: bool = False) -> str:
        src = SiteUrls.episode_page(episode)
        # Themes put front matter into HTML as it is (MkDocs titles are HTML): escape what came from YAML.
        meta: dict[str, object] = {"title": attr(episode.title), "template": EPISODE_TEMPLATE}
        if episode.summary:
            meta["description"] = attr(episode.summary)
        if episode.tags:
            meta["tags"] = [attr(tag) for tag in episode.tags]
        if episode.writeup:
            meta = {**{k: v for k, v in episode.writeup.meta.items() if k not in meta}, **meta}
        out = [front_matter(meta), f"# {text(episode.title)}\n\n"]
        if draft:
            # Raw HTML, not `!!!` admonition syntax: it must show even when a site lacks the admonition extension.
            title, why = self._("Draft"), self._("Not published: this page is shown only by <code>mkdocs serve</code>.")
            out.append(f'<div class="admonition warning podsite-draft"><p class="admonition-title">{title}</p>'
                       f"<p>{why}</p></div>\n\n")
        out.append(f'<p class="podsite-meta">{self.episode_meta(episode)}</p>\n\n')
        out.append(self.player(episode, src))
        if episode.credits:
            out.append(self.credits_line(episode, src) + "\n\n")
        out.append(f"{NOTES_START}\n\n{self.body(episode)}{NOTES_END}\n\n")
        out.append(self.chapters(episode))
        out.append(self.transcripts(episode, src))
        out.append(self.subscribe(src, heading="##"))
        out.append(self.neighbours(episode, src))
        return "".join(out)

    def player(self, episode: Episode, src: str) -> str:
        """The player: a native `<audio>` that works without JavaScript; player.js builds the full controls
        over it. `data-share` is the public page URL that "share at current time" copies."""
        audio = episode.audio
        if audio.pending:  # a draft previewed by `mkdocs serve` before its recording is there
            pending = self._("No audio yet: {reason}").format(reason=html.escape(audio.pending))
            return f'<p class="podsite-pending">{pending}</p>\n\n'
        url = self.href(audio.asset.url, src)
        label = audio.mime_type.split("/")[-1].removeprefix("x-").replace("mpeg", "MP3").upper()
        download = self._("Download {format} ({size})").format(format=label, size=self.lang.size(audio.bytes))
        play = attr(self._("Play {title}").format(title=episode.title))
        episode_file = self._("Download the episode")
        return (
            f'<div class="podsite-player" {self.playable(episode, src)}>\n'
            f"{self.art(episode, src, 'podsite-art', 96)}"
            f'<audio controls preload="none" src="{url}" '
            f'aria-label="{play}"><a href="{url}">{episode_file}</a></audio>\n'
            f'<p class="podsite-download"><a href="{url}" download>{download}</a></p>\n</div>\n\n'
        )

    def playable(self, episode: Episode, src: str) -> str:
        """The data- attributes player.js plays an episode from (the page player, a listing's play button): the
        audio, title, page, art, length and chapters; URLs relative to `src`, so a preview host plays its own
        copies. `data-share` is the public page URL that sharing links to."""
        image = episode.image or self.catalog.show.image
        chapters = json.dumps([[chapter.start, chapter.title] for chapter in episode.chapters], ensure_ascii=False)
        return (f'data-src="{self.href(episode.audio.asset.url, src)}" data-title="{attr(episode.title)}" '
                f'data-page="{self.href(self.urls.episode_url(episode), src)}" '
                f'data-art="{self.href(self.thumbnails.get(image.url, image.url), src)}" '
                f'data-duration="{episode.audio.duration}" data-chapters="{attr(chapters)}" '
                f'data-share="{attr(self.urls.episode_url(episode))}"')

    def listen_button(self, episode: Episode, src: str, *, primary: bool = False) -> str:
        """Play an episode from a listing without leaving the page (player.js); hidden without JavaScript."""
        if episode.audio.pending:
            return ""
        css = "md-button md-button--primary podsite-listen" if primary else "md-button podsite-listen"
        label, play = attr(self._("Play {title}").format(title=episode.title)), html.escape(self._("Play"))
        return (f'<button type="button" class="{css}" hidden aria-pressed="false" aria-label="{label}" '
                f'{self.playable(episode, src)}><svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">'
                f'<path d="M8 5v14l11-7z"/></svg><span>{play}</span></button>')

    def body(self, episode: Episode) -> str:
        if episode.writeup is not None:
            body = episode.writeup.markdown.strip()
            # The page already has the episode's title as its heading; drop a repeated one from the write-up.
            body = re.sub(r"^#\s+.*\n+", "", body, count=1) if body.startswith("# ") else body
            return body + "\n\n"
        if episode.summary:
            return "\n\n".join(text(p) for p in episode.summary.split("\n\n")) + "\n\n"
        return ""

    def chapters(self, episode: Episode) -> str:
        if not episode.chapters:
            return ""
        rows = ["## " + self._("Chapters") + "\n\n", f'<ol class="podsite-chapters"{self.lang_attr(episode)}>\n']
        more = self._("(link)")
        for chapter in episode.chapters:
            start, shown = format_duration(chapter.start), self.lang.duration(chapter.start)
            title = html.escape(chapter.title)
            if chapter.url:
                title = (f'{title} <a class="podsite-chapter-link" href="{attr(chapter.url)}">'
                         f"{more}</a>")
            label = self._("Play from {time}: {title}").format(time=shown, title=chapter.title)
            rows.append(f'<li data-start="{chapter.start:g}"><a class="podsite-seek" href="#t={start}" '
                        f'aria-label="{attr(label)}">{shown}</a> {title}</li>\n')
        rows.append("</ol>\n\n")
        return "".join(rows)

    def transcript_files(self, episode: Episode, src: str) -> str:
        links = []
        for transcript in episode.transcripts:
            label = self._(TRANSCRIPT_LABELS.get(transcript.mime_type, transcript.mime_type))
            links.append(f'<a href="{self.href(transcript.asset.url, src)}" download '
                         f'type="{attr(transcript.mime_type)}" hreflang="{attr(transcript.language)}">'
                         f"{html.escape(label)} ({html.escape(transcript.language)})</a>")
        return ('<p class="podsite-transcript-files">' + self._("Download the transcript:") + " " + " · ".join(links)
                + "</p>\n\n")

    def transcripts(self, episode: Episode, src: str) -> str:
        """The episode page's transcript section: a link to the transcript page and the files."""
        if not episode.transcripts:
            return ""
        out = ["## " + self._("Transcript") + "\n\n"]
        if shown_transcript(episode) is not None:
            read = self._("[Read the transcript]({url}) while you listen: select any line to play from there.")
            out.append(read.format(url=md_link(SiteUrls.transcript_page(episode), src)) + "\n\n")
        out.append(self.transcript_files(episode, src))
        return "".join(out)

    def transcript(self, episode: Episode) -> str | None:
        """The transcript page: the player, then every cue with its time and speaker; a cue seeks the player.

        Front matter, then a body of HTML only (no Markdown): the plugin publishes it as it is, without running
        Python-Markdown over hundreds of cues (HTML_BODY_PAGES)."""
        found = shown_transcript(episode)
        if found is None:
            return None
        transcript, cues = found
        src = SiteUrls.transcript_page(episode)
        title = self._("Transcript: {title}").format(title=episode.title)
        meta: dict[str, object] = {"title": attr(title),
                                   "description": attr(self._("The transcript of {title}").format(title=episode.title)),
                                   "template": EPISODE_TEMPLATE}
        if not self.search_transcripts:
            meta["search"] = {"exclude": True}  # out of podsite's search index (and Material's, if a show uses it)
        back = self._html_link(self._("Back to [the episode]({url})."), self.href(self.urls.episode_url(episode), src))
        out = [front_matter(meta),
               f"<h1>{html.escape(title)}</h1>\n",
               f"<p>{back}</p>\n",
               self.player(episode, src), self.transcript_files(episode, src),
               f'<div class="podsite-transcript" lang="{attr(transcript.language)}"'
               f"{self.dir_of(transcript.language)}>\n"]
        speaker = None
        anchored: set[str] = set()
        for cue in cues:
            start, shown = format_duration(cue.start), self.lang.duration(cue.start)
            end = f' data-end="{cue.end:g}"' if cue.end is not None else ""
            who = ""
            if cue.speaker and cue.speaker != speaker:
                who = f'<span class="podsite-speaker">{html.escape(cue.speaker)}</span> '
            speaker = cue.speaker or speaker
            # The cue's anchor is its own seek link: `#t=12:34` scrolls to the cue and plays from there, and a
            # search hit in the transcript links to it (search.py). One anchor per second: ids are unique.
            anchor = "" if start in anchored else f' id="t={start}"'
            anchored.add(start)
            out.append(f'<p class="podsite-cue" data-start="{cue.start:g}"{end}><a class="podsite-seek"{anchor} '
                       f'href="#t={start}">{shown}</a> {who}{html.escape(cue.text)}</p>\n')
        out.append("</div>\n")
        return "".join(out)

    @staticmethod
    def _html_link(message: str, href: str) -> str:
        """A translated message holding one Markdown link `[words]({url})`, as HTML: the transcript page is HTML
        only, and its messages are shared with the Markdown pages."""
        return re.sub(r"\[([^\]]*)\]\(\{url\}\)", lambda m: f'<a href="{href}">{m.group(1)}</a>', html.escape(message))

    def neighbours(self, episode: Episode, src: str) -> str:
        """Links to the previous (older) and next (newer) published episodes."""
        episodes = self.catalog.episodes
        if self._positions is None:  # once per Pages: `episodes.index()` made a big show's build quadratic
            self._positions = {id(e): i for i, e in enumerate(episodes)}
        index = self._positions.get(id(episode))
        if index is None:
            return ""
        links = []
        if index + 1 < len(episodes):
            older = episodes[index + 1]
            link = f"[{text(older.title)}]({md_link(SiteUrls.episode_page(older), src)})"
            links.append(self._("Previous: {link}").format(link=link))
        if index > 0:
            newer = episodes[index - 1]
            link = f"[{text(newer.title)}]({md_link(SiteUrls.episode_page(newer), src)})"
            links.append(self._("Next: {link}").format(link=link))
        return ("---\n\n" + " · ".join(links) + "\n") if links else ""

    # -- listings ------------------------------------------------------------------------------------------
    def episode_list(self, episodes: Iterable[Episode], src: str, level: int = 3,
                     person: Person | None = None, latest: bool = False) -> str:
        """Episode entries, as HTML: art, linked title, meta line with a play button, the summary's first paragraph
        (and `person`'s role); `latest` shows larger art and the whole summary."""
        out = []
        for episode in episodes:
            link = self.page_href(SiteUrls.episode_page(episode), src)
            art = self.art(episode, src, "podsite-thumb podsite-thumb-large", 160) if latest else \
                self.art(episode, src, "podsite-thumb", 72)
            out.append(f"<p>{art}</p>\n\n"
                       + self.heading(level, f'<a href="{link}">{html.escape(episode.title)}</a>')
                       + f'<p class="podsite-meta">{self.listen_button(episode, src, primary=latest)}'
                       f"{self.episode_meta(episode)}</p>\n\n")
            if person is not None:
                roles = [c.role for c in episode.credits if c.person.id == person.id]
                out.append(f"<p><em>{html.escape(self.lang.list_of([self.role(role) for role in roles]))}</em></p>\n\n")
            if episode.summary:
                paragraphs = episode.summary.split("\n\n") if latest else episode.summary.split("\n\n")[:1]
                own = self.lang_attr(episode)
                out.append("".join(f"<p{own}>{html.escape(p, quote=False)}</p>\n\n" for p in paragraphs))
            out.append('<div class="podsite-clear"></div>\n\n')
        return "".join(out)

    def episodes_index_pages(self) -> dict[str, str]:
        """Every page of the episodes index, newest first, EPISODES_PER_PAGE episodes each: one page listing
        a whole archive grows with it and is slow to build and to load on a phone."""
        chunks = _pages_of(self.catalog.episodes)
        first_page: dict[int | None, int] = {}  # season -> the index page its newest episodes are on
        for number, chunk in enumerate(chunks, 1):
            for episode in chunk:
                first_page.setdefault(episode.season, number)
        return {episodes_index_page(number): self._episodes_index_page(chunk, number, len(chunks), first_page)
                for number, chunk in enumerate(chunks, 1)}

    def _episodes_index_page(self, episodes: tuple[Episode, ...], number: int, count: int,
                             first_page: dict[int | None, int]) -> str:
        src = episodes_index_page(number)
        title = self._("Episodes") if number == 1 else self._("Episodes, page {number} of {count}").format(
            number=self.lang.whole(number), count=self.lang.whole(count))
        out = [front_matter({"title": title}), self.heading(1, html.escape(title))]
        if not episodes:
            nothing = self._("No episodes yet.")
            return "".join(out) + f"<p>{html.escape(nothing)}</p>\n"
        all_seasons = sorted({s for s in first_page if s is not None}, reverse=True)
        if len(all_seasons) > 1:
            jumps = [f'<a href="{self._page_link(episodes_index_page, first_page[s], src, number)}#{season_anchor(s)}">'
                     f"{html.escape(self.season(s))}</a>" for s in all_seasons]
            seasons = self._("Seasons:")
            out.append(f"<p>{html.escape(seasons)} {' · '.join(jumps)}</p>\n\n")
            for season in sorted({e.season for e in episodes if e.season is not None}, reverse=True):
                out.append(self.season_heading(season))
                out.append(self.episode_list((e for e in episodes if e.season == season), src))
            others = [e for e in episodes if e.season is None]
            if others:
                out.append(self.heading(2, html.escape(self._("Other episodes")), "other-episodes")
                           + self.episode_list(others, src))
        else:
            out.append(self.episode_list(episodes, src, level=2))
        if count > 1:
            out.append(self._pager(episodes_index_page, number, count, src))
        return "".join(out)

    def _page_link(self, page_of: Callable[[int], str], target: int, src: str, number: int) -> str:
        """A link from page `number` (at `src`) of a paginated listing to its page `target` (`page_of` gives its
        source); empty to the page itself, so `#anchor` links stay on it."""
        return "" if target == number else self.page_href(page_of(target), src)

    def _pager(self, page_of: Callable[[int], str], number: int, count: int, src: str) -> str:
        """Newer / older links and page numbers (the first, the last and those near this one)."""
        shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
        parts, previous = [], 0
        for page in shown:
            if page > previous + 1:
                parts.append("…")
            shown_page = html.escape(self.lang.whole(page))
            parts.append(f"<strong>{shown_page}</strong>" if page == number
                         else f'<a href="{self._page_link(page_of, page, src, number)}">{shown_page}</a>')
            previous = page
        if number > 1:
            newer = html.escape(self._("Newer episodes"))
            parts.insert(0, f'<a href="{self._page_link(page_of, number - 1, src, number)}">{newer}</a>')
        if number < count:
            older = html.escape(self._("Older episodes"))
            parts.append(f'<a href="{self._page_link(page_of, number + 1, src, number)}">{older}</a>')
        return "<hr>\n<p>" + " · ".join(parts) + "</p>\n"

    # -- people --------------------------------------------------------------------------------------------
    def roles_of(self, person: Person) -> list[str]:
        roles = [person.role]
        for episode in self.catalog.episodes_with(person.id):
            roles += [c.role for c in episode.credits if c.person.id == person.id and c.role not in roles]
        return roles

    def person_pages(self, person: Person) -> dict[str, str]:
        """A person's page, and, for someone on more than EPISODES_PER_PAGE episodes (a host), the pages that go
        on listing them: a host of 1,000 episodes would otherwise have a page of 1.5 MB."""
        chunks = _pages_of(self.catalog.episodes_with(person.id))
        return {person_page(person.id, number): self._person_page(person, chunk, number, len(chunks))
                for number, chunk in enumerate(chunks, 1)}

    def _person_page(self, person: Person, episodes: tuple[Episode, ...], number: int, count: int) -> str:
        src = person_page(person.id, number)
        if number > 1:
            title = self._("{name}, page {number} of {count}").format(
                name=person.name, number=self.lang.whole(number), count=self.lang.whole(count))
            return (front_matter({"title": attr(title)}) + self.heading(1, html.escape(title))
                    + self.episode_list(episodes, src, level=2, person=person)
                    + self._pager(partial(person_page, person.id), number, count, src))
        out = [front_matter({"title": attr(person.name), "description": attr(person.bio.split("\n\n")[0])}
                            if person.bio else {"title": attr(person.name)}),
               self.heading(1, html.escape(person.name))]
        if person.image:
            portrait = self.thumbnails.get(person.image.url, person.image.url)
            photo = self._("Photo of {name}").format(name=person.name)
            out.append(f'<p><img class="podsite-portrait" src="{self.href(portrait, src)}" '
                       f'alt="{attr(photo)}" width="160" height="160"></p>\n\n')
        roles = self.lang.list_of([self.role(role) for role in self.roles_of(person)])
        out.append(f'<p class="podsite-meta">{html.escape(roles)}</p>\n\n')
        if person.bio:
            out.append("".join(f"<p>{html.escape(p.strip(), quote=False)}</p>\n\n"
                               for p in person.bio.split("\n\n") if p.strip()))
        if person.links:
            items = "".join(f'<li><a href="{attr(link.url)}">{html.escape(link.title)}</a></li>\n'
                            for link in person.links)
            out.append(f"<ul>\n{items}</ul>\n\n")
        out.append('<div class="podsite-clear"></div>\n\n')
        if episodes:
            # Found by search as the episodes' own pages: here they would make every word of every summary a hit
            # on their host's page.
            out.append(self.heading(2, html.escape(self._("Episodes")), "episodes")
                       + '<div class="podsite-person-episodes" data-pagefind-ignore>\n\n'
                       + self.episode_list(episodes, src, person=person) + "</div>\n\n")
            if count > 1:
                out.append(self._pager(partial(person_page, person.id), number, count, src))
        return "".join(out)

    def people_index(self) -> str:
        title = self._("People")
        out = [front_matter({"title": title}), self.heading(1, html.escape(title)), "<ul>\n"]
        for person in sorted(self.catalog.people.values(), key=lambda p: (not p.is_host, p.name.lower())):
            count = len(self.catalog.episodes_with(person.id))
            link = self.page_href(SiteUrls.person_page(person.id), PEOPLE_INDEX)
            episodes = self.lang.ngettext("{count} episode", "{count} episodes", count)
            line = self._("{role}, {episodes}").format(role=self.role(person.role), episodes=episodes)
            out.append(f'<li><a href="{link}">{html.escape(person.name)}</a>: {html.escape(line)}</li>\n')
        return "".join(out) + "</ul>\n"

    # -- home and tags ---------------------------------------------------------------------------------------
    RECENT_ON_HOME = 5  # episodes listed under the latest one on the home page

    def home_hero(self) -> str:
        """The top of the home page: cover art beside the show's description and the subscribe buttons."""
        show = self.catalog.show
        alt = show.image_alt or self._("Cover art of {title}").format(title=show.title)
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in show.description.split("\n\n") if p.strip())
        cover = self.thumbnails.get(show.image.url, show.image.url)  # 6 KB, not the 1,400-pixel original for Apple
        return (f'<div class="podsite-hero"><img class="podsite-cover" src="{self.href(cover, HOME_PAGE)}" '
                f'alt="{attr(alt)}" width="300" height="300">\n<div class="podsite-hero-text">{paragraphs}\n'
                f'<p class="podsite-subscribe-links">{self.subscribe_buttons(HOME_PAGE)}</p></div></div>\n\n')

    def home_extras(self) -> str:
        """What the home page adds after the host's own text: the latest episode with its play button, then the
        recent ones, then the way to all of them."""
        episodes = self.catalog.episodes
        if not episodes:
            return ""
        out = ["## " + self._("Latest episode") + "\n\n" + self.episode_list(episodes[:1], HOME_PAGE, latest=True)]
        recent = episodes[1:1 + self.RECENT_ON_HOME]
        if recent:
            out.append("## " + self._("Recent episodes") + "\n\n" + self.episode_list(recent, HOME_PAGE))
        out.append("[" + self._("All episodes") + f"]({md_link(EPISODES_INDEX, HOME_PAGE)})\n\n")  # (Markdown page)
        return "".join(out)

    def home(self) -> str:
        show = self.catalog.show
        return front_matter({"title": attr(show.title)}) + f"# {text(show.title)}\n\n"

    def subscribe_buttons(self, src: str) -> str:
        """A button per configured app, the RSS feed, and (with JavaScript) a button copying the feed URL."""
        show = self.catalog.show
        buttons = [f'<a class="md-button podsite-subscribe" data-platform="{attr(link.platform)}" '
                   f'href="{attr(link.url)}">{html.escape(SUBSCRIBE_PLATFORMS[link.platform])}</a>'
                   for link in show.subscribe]
        rss, copy = self._("RSS feed"), self._("Copy the feed URL")
        buttons.append(f'<a class="md-button podsite-subscribe" data-platform="rss" '
                       f'href="{self.href(show.feed_url, src)}" type="application/rss+xml">{rss}</a>')
        buttons.append(f'<button type="button" class="md-button podsite-copy" data-copy="{attr(show.feed_url)}" '
                       f"hidden>{copy}</button>")
        return "\n".join(buttons)

    def subscribe(self, src: str, heading: str = "##") -> str:
        title = self._("Subscribe")
        return f'{heading} {title}\n\n<p class="podsite-subscribe-links">{self.subscribe_buttons(src)}</p>\n\n'

    def tags(self) -> str:
        title = self._("Tags")
        return front_matter({"title": title}) + f"# {title}\n\n<!-- material/tags -->\n"

    # -- metadata for the page head (search engines, link previews) ------------------------------------------
    def series_data(self) -> dict[str, object]:
        show = self.catalog.show
        data: dict[str, object] = {
            "@type": "PodcastSeries", "name": show.title, "description": show.description,
            "url": show.site_url, "image": show.image.url, "webFeed": show.feed_url, "inLanguage": show.language,
            "author": {"@type": "Organization", "name": show.author},
        }
        if show.copyright:
            data["copyrightNotice"] = show.copyright
        return data

    def structured_data(self, episode: Episode | None = None) -> str:
        """schema.org JSON-LD: the show on every page, a `PodcastEpisode` with its audio on episode pages."""
        series = self.series_data()
        if episode is None:
            return json_for_html({"@context": "https://schema.org", **series})
        audio = episode.audio
        data: dict[str, object] = {
            "@context": "https://schema.org", "@type": "PodcastEpisode", "name": episode.title,
            "url": self.urls.episode_url(episode), "datePublished": episode.date.isoformat(),
            "timeRequired": iso_duration(audio.duration),
            "image": (episode.image or self.catalog.show.image).url,
            "associatedMedia": {"@type": "MediaObject", "contentUrl": audio.asset.url,
                                "encodingFormat": audio.mime_type, "contentSize": str(audio.bytes),
                                "duration": iso_duration(audio.duration)},
            "partOfSeries": {"@type": "PodcastSeries", "name": series["name"], "url": series["url"]},
        }
        if episode.summary:
            data["description"] = episode.summary
        if episode.language:
            data["inLanguage"] = episode.language
        if episode.number is not None:
            data["episodeNumber"] = episode.number
        if episode.season is not None:
            data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": episode.season}
        people = [{"@type": "Person", "name": c.person.name} for c in episode.credits]
        if people:
            data["actor"] = people
        return json_for_html(data)

    def search_filters(self, episode: Episode) -> list[tuple[str, str]]:
        """(filter, value) pairs that let a listener narrow search results to a season, a person or a tag: on
        the episode's page and on its transcript page (search.py reads them from the page head)."""
        filters = [("season", self.season(episode.season))] if episode.season is not None else []
        names = dict.fromkeys(credit.person.name for credit in episode.credits)  # once each, in credits order
        filters += [("person", name) for name in names]
        filters += [("tag", tag) for tag in dict.fromkeys(episode.tags)]
        return filters

    def head(self, src: str, episode: Episode | None = None) -> dict[str, object]:
        """What the page at `src` puts in `<head>`: feed discovery, JSON-LD and the episode's sharing tags.

        The feed link is relative (feed finders resolve it against the page): Material fetches the
        `sitemap.xml` beside every `<link rel="alternate">`, and an absolute link made every preview deploy
        and local server ask the production host for it."""
        show = self.catalog.show
        head: dict[str, object] = {"feed_url": self.link(show.feed_url, src), "feed_title": show.title,
                                   "site_name": show.title,
                                   "image": show.image.url, "jsonld": self.structured_data(episode)}
        if episode is not None:
            head["episode"] = {
                "title": episode.title, "summary": episode.summary, "url": self.urls.episode_url(episode),
                "image": (episode.image or show.image).url, "audio_url": episode.audio.asset.url,
                "audio_type": episode.audio.mime_type, "date": episode.date.isoformat(),
            }
        return head


TRANSCRIPT_LABELS = {"text/vtt": "WebVTT", "application/x-subrip": "SRT", "application/json": "JSON",
                     "text/html": "HTML", "text/plain": N_("Text")}
TYPE_LABELS = {"full": N_("Full"), "trailer": N_("Trailer"), "bonus": N_("Bonus")}
# The Podcasting 2.0 roles (vocab.PERSON_ROLES) as pages name them.
ROLE_LABELS = {
    "host": N_("Host"), "co-host": N_("Co-host"), "guest": N_("Guest"), "guest host": N_("Guest host"),
    "producer": N_("Producer"), "editor": N_("Editor"), "composer": N_("Composer"), "announcer": N_("Announcer"),
    "narrator": N_("Narrator"), "writer": N_("Writer"), "director": N_("Director"),
    "audio engineer": N_("Audio engineer"), "sound designer": N_("Sound designer"),
    "cover art designer": N_("Cover art designer"), "social media manager": N_("Social media manager"),
    "researcher": N_("Researcher"), "translator": N_("Translator"), "booking coordinator": N_("Booking coordinator"),
    "executive producer": N_("Executive producer"), "assistant producer": N_("Assistant producer"),
    "voice actor": N_("Voice actor"), "music contributor": N_("Music contributor"),
}


# A readable cue ends a sentence; shorter pieces (word-level JSON segments) are joined up to this length.
_MERGE_BELOW = 200


def readable(cues: tuple[Cue, ...]) -> tuple[Cue, ...]:
    """Cues for reading: word-by-word pieces of one speaker joined into sentences, long cues kept as they are."""
    merged: list[Cue] = []
    for cue in cues:
        last = merged[-1] if merged else None
        if (last is not None and last.speaker == cue.speaker and len(last.text) < _MERGE_BELOW
                and not re.search(r"[.!?…:;\"”»)]$", last.text)):
            merged[-1] = Cue(last.start, cue.end, f"{last.text} {cue.text}", last.speaker)
        else:
            merged.append(cue)
    return tuple(merged)


def season_anchor(season: int) -> str:
    return f"season-{season}"


def redirect_page(episode: Episode, old_slug: str, urls: SiteUrls, lang: Language) -> tuple[str, str]:
    """(site path, HTML) of the page left at an episode's old address: a static redirect, which any host serves
    (MkDocs has no redirects of its own). Relative, so it works on a preview host too; canonical, so search
    engines move the old address's standing to the new one."""
    new_url = urls.page_url(SiteUrls.episode_page(episode))
    old_url = urls.page_url(f"episodes/{old_slug}.md")
    site_path = old_url + "index.html" if old_url.endswith("/") else old_url
    target = relative_url(new_url, old_url)
    title = attr(episode.title)
    moved = lang.gettext("This episode has moved: {link}.").format(link=f'<a href="{attr(target)}">{title}</a>')
    return site_path, (
        f'<!doctype html>\n<html lang="{attr(lang.tag)}" dir="{lang.direction}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{attr(urls.absolute(new_url))}">\n'
        f'<meta http-equiv="refresh" content="0; url={attr(target)}">\n<meta name="robots" content="noindex">\n'
        f'</head>\n<body>\n<p>{moved}</p>\n</body>\n</html>\n')
