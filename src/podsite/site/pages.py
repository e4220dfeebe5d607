"""The markdown of every page podsite adds to a site: episodes, people, the episodes index, the home page.

Pages are markdown, not templates, so MkDocs checks their `.md` links in `--strict` builds, search indexes
them, and any theme can show them. Structured parts (player, meta line) are raw HTML blocks built here.

Escaping: every string from YAML goes through `text()` (HTML-escaped, markdown syntax neutralized) or
`attr()` (HTML attribute); only write-up markdown, which is the host's own content, is passed through.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from ..model import Catalog, Cue, Episode, Person, Transcript
from ..timefmt import format_duration, iso_duration
from ..urls import EPISODES_INDEX, HOME_PAGE, PEOPLE_INDEX, SiteUrls
from ..vocab import SUBSCRIBE_PLATFORMS
from .markup import attr, front_matter, human_size, json_for_html, md_link, relative_url, text
from .timestamps import NOTES_END, NOTES_START

EPISODE_TEMPLATE = "podsite/episode.html"
EPISODES_PER_PAGE = 50  # per episodes index page; older episodes are on episodes/page/2.md, 3.md, ...


def episodes_index_page(number: int) -> str:
    """The source of page `number` (from 1) of the episodes index."""
    return EPISODES_INDEX if number == 1 else f"episodes/page/{number}.md"














def long_date(episode: Episode) -> str:
    return f"{episode.date:%B} {episode.date.day}, {episode.date.year}"


def shown_transcript(episode: Episode) -> tuple[Transcript, tuple[Cue, ...]] | None:
    """The transcript the site shows as text: the first one in the repository in a format podsite reads."""
    for transcript in episode.transcripts:
        if transcript.cues:
            return transcript, readable(transcript.cues)
    return None














class Pages:
    """Builds page markdown for one catalog. `urls` decides where pages and files live on the site."""

    def __init__(self, catalog: Catalog, urls: SiteUrls, *, search_transcripts: bool = True,
                 thumbnails: Mapping[str, str] | None = None):
        self.catalog = catalog
        self.urls = urls
        self.search_transcripts = search_transcripts
        # Image URL -> URL of its small copy for pages (see artwork.py); images without one show as they are.
        self.thumbnails = thumbnails or {}
        self._positions: dict[int, int] | None = None  # id(episode) -> its place in catalog.episodes

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

    def episode_meta(self, episode: Episode) -> str:
        parts = []
        if episode.season is not None:
            parts.append(f"Season {episode.season}")
        if episode.number is not None:
            parts.append(f"Episode {episode.number}")
        if episode.type != "full":
            parts.append(episode.type.capitalize())
        parts.append(f'<time datetime="{episode.date.isoformat()}">{long_date(episode)}</time>')
        parts.append(f'<span class="podsite-duration">{format_duration(episode.audio.duration)}</span>')
        return " · ".join(parts)

    def credits_line(self, episode: Episode, src: str) -> str:
        groups: dict[str, list[str]] = {}
        for credit in episode.credits:
            link = f"[{text(credit.person.name)}]({md_link(SiteUrls.person_page(credit.person.id), src)})"
            groups.setdefault(credit.role, []).append(link)
        return " · ".join(f"{text(role.capitalize())}: {', '.join(names)}" for role, names in groups.items())

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
            out.append('<div class="admonition warning podsite-draft"><p class="admonition-title">Draft</p>'
                       "<p>Not published: this page is shown only by <code>mkdocs serve</code>.</p></div>\n\n")
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
            return f'<p class="podsite-pending">No audio yet: {html.escape(audio.pending)}</p>\n\n'
        url = self.href(audio.asset.url, src)
        page = self.href(self.urls.episode_url(episode), src)
        label = audio.mime_type.split("/")[-1].removeprefix("x-").replace("mpeg", "MP3").upper()
        return (
            f'<div class="podsite-player" data-duration="{audio.duration}" data-title="{attr(episode.title)}" '
            f'data-share="{attr(self.urls.episode_url(episode))}">\n'
            f"{self.art(episode, src, 'podsite-art', 96)}"
            f'<audio controls preload="none" src="{url}" aria-label="Play {attr(episode.title)}">'
            f'<a href="{url}">Download the episode</a></audio>\n'
            f'<p class="podsite-download"><a href="{url}" download>Download {label} '
            f"({human_size(audio.bytes)})</a>"
            f'<a class="podsite-page" href="{page}" hidden>{html.escape(episode.title)}</a></p>\n</div>\n\n'
        )

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
        rows = ["## Chapters\n\n", '<ol class="podsite-chapters">\n']
        for chapter in episode.chapters:
            start = format_duration(chapter.start)
            title = html.escape(chapter.title)
            if chapter.url:
                title = f'{title} <a class="podsite-chapter-link" href="{attr(chapter.url)}">(link)</a>'
            rows.append(f'<li data-start="{chapter.start:g}"><a class="podsite-seek" href="#t={start}" '
                        f'aria-label="Play from {start}: {attr(chapter.title)}">{start}</a> {title}</li>\n')
        rows.append("</ol>\n\n")
        return "".join(rows)

    def transcript_files(self, episode: Episode, src: str) -> str:
        links = []
        for transcript in episode.transcripts:
            label = TRANSCRIPT_LABELS.get(transcript.mime_type, transcript.mime_type)
            links.append(f'<a href="{self.href(transcript.asset.url, src)}" download '
                         f'type="{attr(transcript.mime_type)}" hreflang="{attr(transcript.language)}">'
                         f"{html.escape(label)} ({html.escape(transcript.language)})</a>")
        return '<p class="podsite-transcript-files">Download the transcript: ' + " · ".join(links) + "</p>\n\n"

    def transcripts(self, episode: Episode, src: str) -> str:
        """The episode page's transcript section: a link to the transcript page and the files."""
        if not episode.transcripts:
            return ""
        out = ["## Transcript\n\n"]
        if shown_transcript(episode) is not None:
            out.append(f"[Read the transcript]({md_link(SiteUrls.transcript_page(episode), src)}) while you listen: "
                       f"select any line to play from there.\n\n")
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
        title = f"Transcript: {episode.title}"
        meta: dict[str, object] = {"title": attr(title), "description": attr(f"The transcript of {episode.title}"),
                                   "template": EPISODE_TEMPLATE}
        if not self.search_transcripts:
            meta["search"] = {"exclude": True}  # out of podsite's search index (and Material's, if a show uses it)
        out = [front_matter(meta),
               f"<h1>{html.escape(title)}</h1>\n",
               f'<p>Back to <a href="{self.href(self.urls.episode_url(episode), src)}">the episode</a>.</p>\n',
               self.player(episode, src), self.transcript_files(episode, src),
               f'<div class="podsite-transcript" lang="{attr(transcript.language)}">\n']
        speaker = None
        anchored: set[str] = set()
        for cue in cues:
            start = format_duration(cue.start)
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
                       f'href="#t={start}">{start}</a> {who}{html.escape(cue.text)}</p>\n')
        out.append("</div>\n")
        return "".join(out)

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
            links.append(f"Previous: [{text(older.title)}]({md_link(SiteUrls.episode_page(older), src)})")
        if index > 0:
            newer = episodes[index - 1]
            links.append(f"Next: [{text(newer.title)}]({md_link(SiteUrls.episode_page(newer), src)})")
        return ("---\n\n" + " · ".join(links) + "\n") if links else ""

    # -- listings ------------------------------------------------------------------------------------------
    def episode_list(self, episodes: Iterable[Episode], src: str, heading: str = "###",
                     person: Person | None = None) -> str:
        """Episode entries: art, linked title, meta line, the summary's first paragraph (and `person`'s role)."""
        out = []
        for episode in episodes:
            link = md_link(SiteUrls.episode_page(episode), src)
            out.append(f"{self.art(episode, src, 'podsite-thumb', 72)}\n\n"
                       f"{heading} [{text(episode.title)}]({link})\n\n"
                       f'<p class="podsite-meta">{self.episode_meta(episode)}</p>\n\n')
            if person is not None:
                roles = [c.role for c in episode.credits if c.person.id == person.id]
                out.append(f"*{text(', '.join(role.capitalize() for role in roles))}*\n\n")
            if episode.summary:
                out.append(text(episode.summary.split("\n\n")[0]) + "\n\n")
            out.append('<div class="podsite-clear"></div>\n\n')
        return "".join(out)

    def episodes_index_pages(self) -> dict[str, str]:
        """Every page of the episodes index, newest first, EPISODES_PER_PAGE episodes each: one page listing
        a whole archive grows with it and is slow to build and to load on a phone."""
        episodes = self.catalog.episodes
        chunks = [episodes[i:i + EPISODES_PER_PAGE] for i in range(0, len(episodes), EPISODES_PER_PAGE)] or [()]
        first_page: dict[int | None, int] = {}  # season -> the index page its newest episodes are on
        for number, chunk in enumerate(chunks, 1):
            for episode in chunk:
                first_page.setdefault(episode.season, number)
        return {episodes_index_page(number): self._episodes_index_page(chunk, number, len(chunks), first_page)
                for number, chunk in enumerate(chunks, 1)}

    def _episodes_index_page(self, episodes: tuple[Episode, ...], number: int, count: int,
                             first_page: dict[int | None, int]) -> str:
        src = episodes_index_page(number)
        title = "Episodes" if number == 1 else f"Episodes, page {number} of {count}"
        out = [front_matter({"title": title}), f"# {title}\n\n"]
        if not episodes:
            return "".join(out) + "No episodes yet.\n"
        all_seasons = sorted({s for s in first_page if s is not None}, reverse=True)
        if len(all_seasons) > 1:
            jumps = [f"[Season {s}]({self._page_link(first_page[s], src, number)}#season-{s})" for s in all_seasons]
            out.append("Seasons: " + " · ".join(jumps) + "\n\n")
            for season in sorted({e.season for e in episodes if e.season is not None}, reverse=True):
                out.append(f"## Season {season}\n\n")
                out.append(self.episode_list((e for e in episodes if e.season == season), src))
            others = [e for e in episodes if e.season is None]
            if others:
                out.append("## Other episodes\n\n" + self.episode_list(others, src))
        else:
            out.append(self.episode_list(episodes, src, heading="##"))
        if count > 1:
            out.append(self._pager(number, count, src))
        return "".join(out)

    @staticmethod
    def _page_link(target: int, src: str, number: int) -> str:
        return "" if target == number else md_link(episodes_index_page(target), src)

    def _pager(self, number: int, count: int, src: str) -> str:
        """Newer / older links and page numbers (the first, the last and those near this one)."""
        shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
        parts, previous = [], 0
        for page in shown:
            if page > previous + 1:
                parts.append("…")
            parts.append(f"**{page}**" if page == number else f"[{page}]({self._page_link(page, src, number)})")
            previous = page
        if number > 1:
            parts.insert(0, f"[Newer episodes]({self._page_link(number - 1, src, number)})")
        if number < count:
            parts.append(f"[Older episodes]({self._page_link(number + 1, src, number)})")
        return "---\n\n" + " · ".join(parts) + "\n"

    # -- people --------------------------------------------------------------------------------------------
    def roles_of(self, person: Person) -> list[str]:
        roles = [person.role]
        for episode in self.catalog.episodes_with(person.id):
            roles += [c.role for c in episode.credits if c.person.id == person.id and c.role not in roles]
        return roles

    def person(self, person: Person) -> str:
        src = SiteUrls.person_page(person.id)
        out = [front_matter({"title": attr(person.name), "description": attr(person.bio.split("\n\n")[0])}
                            if person.bio else {"title": attr(person.name)}),
               f"# {text(person.name)}\n\n"]
        if person.image:
            portrait = self.thumbnails.get(person.image.url, person.image.url)
            out.append(f'<p><img class="podsite-portrait" src="{self.href(portrait, src)}" '
                       f'alt="Photo of {attr(person.name)}" width="160" height="160"></p>\n\n')
        out.append(f'<p class="podsite-meta">{html.escape(", ".join(r.capitalize() for r in self.roles_of(person)))}'
                   f"</p>\n\n")
        if person.bio:
            # Shown as written: raw HTML or a markdown link in YAML could carry a `javascript:` URL.
            out.append("\n\n".join(text(p) for p in person.bio.split("\n\n")) + "\n\n")
        if person.links:
            out.append("".join(f"- [{text(link.title)}](<{link.url}>)\n" for link in person.links) + "\n")
        out.append('<div class="podsite-clear"></div>\n\n')
        episodes = self.catalog.episodes_with(person.id)
        if episodes:
            out.append("## Episodes\n\n" + self.episode_list(episodes, src, person=person))
        return "".join(out)

    def people_index(self) -> str:
        out = [front_matter({"title": "People"}), "# People\n\n"]
        for person in sorted(self.catalog.people.values(), key=lambda p: (not p.is_host, p.name.lower())):
            count = len(self.catalog.episodes_with(person.id))
            link = md_link(SiteUrls.person_page(person.id), PEOPLE_INDEX)
            out.append(f"- [{text(person.name)}]({link}): {text(person.role)}, "
                       f"{count} episode{'s' if count != 1 else ''}\n")
        return "".join(out)

    # -- home and tags ---------------------------------------------------------------------------------------
    def home_intro(self) -> str:
        show = self.catalog.show
        alt = show.image_alt or f"Cover art of {show.title}"
        return (f'<p><img class="podsite-cover" src="{self.href(show.image.url, HOME_PAGE)}" '
                f'alt="{attr(alt)}" width="300" height="300"></p>\n\n'
                f"{text(show.description)}\n\n")

    def home_extras(self) -> str:
        """What the home page adds after the host's own text: the latest episode and how to subscribe."""
        out = []
        latest = self.catalog.latest
        if latest is not None:
            out.append("## Latest episode\n\n" + self.episode_list([latest], HOME_PAGE))
            out.append(f"[All episodes]({md_link(EPISODES_INDEX, HOME_PAGE)})\n\n")
        out.append(self.subscribe(HOME_PAGE))
        return "".join(out)

    def home(self) -> str:
        show = self.catalog.show
        return front_matter({"title": attr(show.title)}) + f"# {text(show.title)}\n\n" + self.home_intro()

    def subscribe(self, src: str, heading: str = "##") -> str:
        """A button per configured app, the RSS feed, and (with JavaScript) a button copying the feed URL."""
        show = self.catalog.show
        buttons = [f'<a class="md-button podsite-subscribe" data-platform="{attr(link.platform)}" '
                   f'href="{attr(link.url)}">{html.escape(SUBSCRIBE_PLATFORMS[link.platform])}</a>'
                   for link in show.subscribe]
        buttons.append(f'<a class="md-button podsite-subscribe" data-platform="rss" '
                       f'href="{self.href(show.feed_url, src)}" type="application/rss+xml">RSS feed</a>')
        buttons.append(f'<button type="button" class="md-button podsite-copy" data-copy="{attr(show.feed_url)}" '
                       f"hidden>Copy the feed URL</button>")
        return (f"{heading} Subscribe\n\n" + '<p class="podsite-subscribe-links">' + "\n".join(buttons) +
                "</p>\n\n")

    @staticmethod
    def tags() -> str:
        return front_matter({"title": "Tags"}) + "# Tags\n\n<!-- material/tags -->\n"

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
        if episode.number is not None:
            data["episodeNumber"] = episode.number
        if episode.season is not None:
            data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": episode.season}
        people = [{"@type": "Person", "name": c.person.name} for c in episode.credits]
        if people:
            data["actor"] = people
        return json_for_html(data)

    @staticmethod
    def search_filters(episode: Episode) -> list[tuple[str, str]]:
        """(filter, value) pairs that let a listener narrow search results to a season, a person or a tag: on
        the episode's page and on its transcript page (search.py reads them from the page head)."""
        filters = [("season", f"Season {episode.season}")] if episode.season is not None else []
        names = dict.fromkeys(credit.person.name for credit in episode.credits)  # once each, in credits order
        filters += [("person", name) for name in names]
        filters += [("tag", tag) for tag in dict.fromkeys(episode.tags)]
        return filters

    def head(self, episode: Episode | None = None) -> dict[str, object]:
        """What a page puts in `<head>`: feed discovery, JSON-LD and the episode's sharing tags.

        The feed link stays absolute, as feed finders expect. Material fetches `sitemap.xml` next to every
        `<link rel="alternate">`: the same origin when the site is served from its site_url."""
        show = self.catalog.show
        head: dict[str, object] = {"feed_url": show.feed_url, "feed_title": show.title,
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
                     "text/html": "HTML", "text/plain": "Text"}


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


def redirect_page(episode: Episode, old_slug: str, urls: SiteUrls, language: str) -> tuple[str, str]:
    """(site path, HTML) of the page left at an episode's old address: a static redirect, which any host serves
    (MkDocs has no redirects of its own). Relative, so it works on a preview host too; canonical, so search
    engines move the old address's standing to the new one."""
    new_url = urls.page_url(SiteUrls.episode_page(episode))
    old_url = urls.page_url(f"episodes/{old_slug}.md")
    site_path = old_url + "index.html" if old_url.endswith("/") else old_url
    target = relative_url(new_url, old_url)
    title = attr(episode.title)
    return site_path, (
        f'<!doctype html>\n<html lang="{attr(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<link rel="canonical" href="{attr(urls.absolute(new_url))}">\n'
        f'<meta http-equiv="refresh" content="0; url={attr(target)}">\n<meta name="robots" content="noindex">\n'
        f'</head>\n<body>\n<p>This episode has moved: <a href="{attr(target)}">{title}</a>.</p>\n</body>\n</html>\n')
