"""The markdown of every page podsite adds to a site: episodes, people, the episodes index, the home page.

Pages are markdown, not templates, so MkDocs checks their `.md` links in `--strict` builds, search indexes
them, and any theme can show them. Structured parts (player, meta line) are raw HTML blocks built here.

Escaping: every string from YAML goes through `text()` (HTML-escaped, markdown syntax neutralized) or
`attr()` (HTML attribute); only write-up markdown, which is the host's own content, is passed through.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable

import yaml

from .apple import SUBSCRIBE_PLATFORMS
from .fields import format_duration
from .model import Catalog, Episode, Person
from .urls import EPISODES_INDEX, FEED_FILE, HOME_PAGE, PEOPLE_INDEX, TAGS_PAGE, SiteUrls

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~:])")
EPISODE_TEMPLATE = "podsite/episode.html"


def text(value: str) -> str:
    """A YAML string shown literally inside markdown: no HTML, no accidental emphasis or links."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(value, quote=False))


def attr(value: str) -> str:
    return html.escape(value, quote=True)


def front_matter(meta: dict[str, object]) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def relative_url(target: str, page_url: str) -> str:
    """A link from the page at site URL `page_url` to the site path `target`, as MkDocs writes them."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    rel = posixpath.relpath("/" + target, "/" + base)
    return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel


def md_link(target_src: str, from_src: str) -> str:
    """A relative `.md` link between two page sources (MkDocs resolves and checks it)."""
    return posixpath.relpath(target_src, posixpath.dirname(from_src) or ".")


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000  # type: ignore[assignment]
    raise AssertionError("unreachable")


def long_date(episode: Episode) -> str:
    return f"{episode.date:%B} {episode.date.day}, {episode.date.year}"


class Pages:
    """Builds page markdown for one catalog. `urls` decides where pages and files live on the site."""

    def __init__(self, catalog: Catalog, urls: SiteUrls):
        self.catalog = catalog
        self.urls = urls

    # -- helpers -----------------------------------------------------------------------------------------
    def href(self, absolute_url: str, from_src: str) -> str:
        """A link usable in raw HTML on the page `from_src`: relative when the URL is on this site."""
        if absolute_url.startswith(self.urls.site_url):
            target = absolute_url[len(self.urls.site_url):]
            return attr(relative_url(target, self.urls.page_url(from_src)))
        return attr(absolute_url)

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

    # -- episode pages -------------------------------------------------------------------------------------
    def episode(self, episode: Episode, *, draft: bool = False) -> str:
        src = SiteUrls.episode_page(episode)
        meta: dict[str, object] = {"title": episode.title, "template": EPISODE_TEMPLATE}
        if episode.summary:
            meta["description"] = episode.summary
        if episode.tags:
            meta["tags"] = list(episode.tags)
        if episode.writeup:
            meta = {**{k: v for k, v in episode.writeup.meta.items() if k not in meta}, **meta}
        out = [front_matter(meta), f"# {text(episode.title)}\n\n"]
        if draft:
            out.append('!!! warning "Draft"\n    Not published: this page is shown only by `mkdocs serve`.\n\n')
        out.append(f'<p class="podsite-meta">{self.episode_meta(episode)}</p>\n\n')
        out.append(self.player(episode, src))
        if episode.credits:
            out.append(self.credits_line(episode, src) + "\n\n")
        out.append(self.body(episode))
        out.append(self.chapters(episode))
        out.append(self.neighbours(episode, src))
        return "".join(out)

    def player(self, episode: Episode, src: str) -> str:
        audio = episode.audio
        url = self.href(audio.asset.url, src)
        label = audio.mime_type.split("/")[-1].removeprefix("x-").replace("mpeg", "MP3").upper()
        return (
            f'<div class="podsite-player" data-duration="{audio.duration}">\n'
            f'<audio controls preload="none" src="{url}" aria-label="Play {attr(episode.title)}">'
            f'<a href="{url}">Download the episode</a></audio>\n'
            f'<p class="podsite-download"><a href="{url}" download>Download {label} '
            f"({human_size(audio.bytes)})</a></p>\n</div>\n\n"
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
                title = f'<a href="{attr(chapter.url)}">{title}</a>'
            rows.append(f'<li data-start="{chapter.start:g}"><a class="podsite-seek" href="#t={start}">'
                        f"{start}</a> {title}</li>\n")
        rows.append("</ol>\n\n")
        return "".join(rows)

    def neighbours(self, episode: Episode, src: str) -> str:
        """Links to the previous (older) and next (newer) published episodes."""
        episodes = self.catalog.episodes
        if episode not in episodes:
            return ""
        index = episodes.index(episode)
        links = []
        if index + 1 < len(episodes):
            older = episodes[index + 1]
            links.append(f"Previous: [{text(older.title)}]({md_link(SiteUrls.episode_page(older), src)})")
        if index > 0:
            newer = episodes[index - 1]
            links.append(f"Next: [{text(newer.title)}]({md_link(SiteUrls.episode_page(newer), src)})")
        return ("---\n\n" + " · ".join(links) + "\n") if links else ""

    # -- listings ------------------------------------------------------------------------------------------
    def episode_list(self, episodes: Iterable[Episode], src: str, heading: str = "###") -> str:
        out = []
        for episode in episodes:
            link = md_link(SiteUrls.episode_page(episode), src)
            out.append(f"{heading} [{text(episode.title)}]({link})\n\n"
                       f'<p class="podsite-meta">{self.episode_meta(episode)}</p>\n\n')
            if episode.summary:
                out.append(text(episode.summary.split("\n\n")[0]) + "\n\n")
        return "".join(out)

    def episodes_index(self) -> str:
        episodes = self.catalog.episodes
        out = [front_matter({"title": "Episodes"}), "# Episodes\n\n"]
        if not episodes:
            return "".join(out) + "No episodes yet.\n"
        seasons = sorted({e.season for e in episodes if e.season is not None}, reverse=True)
        if len(seasons) > 1:
            for season in seasons:
                out.append(f"## Season {season}\n\n")
                out.append(self.episode_list((e for e in episodes if e.season == season), EPISODES_INDEX))
            others = [e for e in episodes if e.season is None]
            if others:
                out.append("## Other episodes\n\n" + self.episode_list(others, EPISODES_INDEX))
        else:
            out.append(self.episode_list(episodes, EPISODES_INDEX, heading="##"))
        return "".join(out)

    # -- people --------------------------------------------------------------------------------------------
    def person(self, person: Person) -> str:
        src = SiteUrls.person_page(person.id)
        out = [front_matter({"title": person.name}), f"# {text(person.name)}\n\n"]
        if person.image:
            out.append(f'<p><img class="podsite-portrait" src="{self.href(person.image.url, src)}" '
                       f'alt="{attr(person.name)}" width="200" height="200"></p>\n\n')
        if person.bio:
            out.append(html.escape(person.bio, quote=False) + "\n\n")
        if person.links:
            out.append("".join(f"- [{text(link.title)}](<{link.url}>)\n" for link in person.links) + "\n")
        episodes = self.catalog.episodes_with(person.id)
        if episodes:
            out.append("## Episodes\n\n" + self.episode_list(episodes, src))
        return "".join(out)

    def people_index(self) -> str:
        out = [front_matter({"title": "People"}), "# People\n\n"]
        for person in sorted(self.catalog.people.values(), key=lambda p: (p.role not in ("host", "co-host"),
                                                                          p.name.lower())):
            count = len(self.catalog.episodes_with(person.id))
            link = md_link(SiteUrls.person_page(person.id), PEOPLE_INDEX)
            out.append(f"- [{text(person.name)}]({link}): {text(person.role)}, "
                       f"{count} episode{'s' if count != 1 else ''}\n")
        return "".join(out)

    # -- home and tags ---------------------------------------------------------------------------------------
    def home_intro(self) -> str:
        show = self.catalog.show
        return (f'<p><img class="podsite-cover" src="{self.href(show.image.url, HOME_PAGE)}" '
                f'alt="Cover art of {attr(show.title)}" width="300" height="300"></p>\n\n'
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
        return front_matter({"title": show.title}) + f"# {text(show.title)}\n\n" + self.home_intro()

    def subscribe(self, src: str) -> str:
        show = self.catalog.show
        buttons = [f'<a class="md-button podsite-subscribe" data-platform="{attr(link.platform)}" '
                   f'href="{attr(link.url)}">{html.escape(SUBSCRIBE_PLATFORMS[link.platform])}</a>'
                   for link in show.subscribe]
        feed_href = self.href(show.feed_url, src) if show.feed_url.startswith(self.urls.site_url) else (
            attr(show.feed_url))
        buttons.append(f'<a class="md-button podsite-subscribe" data-platform="rss" href="{feed_href}" '
                       f'type="application/rss+xml">RSS feed</a>')
        return "## Subscribe\n\n" + '<p class="podsite-subscribe-links">' + "\n".join(buttons) + "</p>\n"

    @staticmethod
    def tags() -> str:
        return front_matter({"title": "Tags"}) + "# Tags\n\n<!-- material/tags -->\n"


__all__ = ["FEED_FILE", "TAGS_PAGE", "Pages", "relative_url", "text"]
