"""Where each generated page lives on the site, mirroring MkDocs' own URL rules.

The feed needs absolute episode links without running MkDocs, so the rule is written here once; the plugin
checks at build time that MkDocs agrees (see `mkdocs_plugin.PodsitePlugin.on_files`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote

from .model import Episode

# The address of nothing (RFC 6761 reserves .invalid): what a stand-in show or asset is published at while the
# real one has a problem, so it can never reach a listener.
NOWHERE = "https://invalid.invalid/"
FEED_FILE = "feed.xml"
EPISODES_INDEX = "episodes/index.md"
PEOPLE_INDEX = "people/index.md"
TAGS_PAGE = "tags.md"
HOME_PAGE = "index.md"


@dataclass(frozen=True)
class SiteUrls:
    site_url: str  # absolute, ends with "/"
    directory_urls: bool = True

    @staticmethod
    def episode_page(episode: Episode) -> str:
        """The episode's page source: its slug is the public URL segment."""
        return f"episodes/{episode.slug}.md"

    @staticmethod
    def person_page(person_id: str) -> str:
        return f"people/{person_id}.md"

    @staticmethod
    def chapters_file(episode: Episode) -> str:
        return f"episodes/{episode.slug}.chapters.json"

    @staticmethod
    def transcript_page(episode: Episode) -> str:
        """The source of an episode's transcript page: its own page keeps the episode page light."""
        return f"episodes/{episode.slug}/transcript.md"

    def page_url(self, src_uri: str) -> str:
        """The site-relative URL MkDocs gives a markdown page at `src_uri`."""
        stem, _ = posixpath.splitext(src_uri)
        folder, name = posixpath.split(stem)
        if name in ("index", "README"):
            return f"{folder}/" if folder else ""
        if self.directory_urls:
            return f"{stem}/"
        return f"{stem}.html"

    def absolute(self, site_path: str) -> str:
        return self.site_url + quote(site_path)

    def episode_url(self, episode: Episode) -> str:
        return self.absolute(self.page_url(self.episode_page(episode)))
