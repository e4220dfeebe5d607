"""Drafts and scheduled episodes: absent from the site and the feed; `mkdocs serve` shows them, marked as
drafts, and live-reloads when episodes or transcripts change."""

from __future__ import annotations

import json
import re
import shutil

from lxml import etree
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from helpers import build_show, search_records

DRAFT = "7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0003"
SCHEDULED = "7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0004"


def test_drafts_and_future_episodes_are_absent_from_site_and_feed(minimal_site):
    feed = etree.parse(str(minimal_site / "feed.xml"))
    guids = feed.xpath("//item/guid/text()")
    assert DRAFT not in guids and SCHEDULED not in guids and len(guids) == 2
    assert not (minimal_site / "episodes/003-draft").exists()
    assert not (minimal_site / "episodes/004-scheduled").exists()
    pages = "".join(p.read_text() for p in minimal_site.rglob("*.html"))
    assert "A Draft" not in pages and "Scheduled for the future" not in pages
    index = json.dumps(search_records(minimal_site))
    assert "A Draft" not in index and "Scheduled for the future" not in index and "Minimal Show" in index


def serve_config(repo):
    """The config `mkdocs serve` builds with: the same plugins, told the command is `serve`."""
    config = load_config(str(repo / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    return config


def test_serve_shows_drafts_and_scheduled_episodes_marked_as_drafts(show_copy):
    repo = show_copy("minimal")
    draft = repo / "episodes/003-draft.yml"  # its recording is not there yet: the preview says so
    draft.write_text(re.sub(r"audio:\n(  .*\n)+", "audio:\n  file: docs/media/003.mp3\n",
                            draft.read_text(encoding="utf-8")), encoding="utf-8")
    build(serve_config(repo))
    site = repo / "site"
    for slug, title in (("003-draft", "A Draft"), ("004-scheduled", "Scheduled for the future")):
        page = (site / "episodes" / slug / "index.html").read_text()
        assert title in page
        marker = re.search(r'<div class="admonition warning podsite-draft"><p class="admonition-title">Draft</p>'
                           r"<p>Not published", page)
        assert marker, "the draft marker must be an element, even without the admonition extension"
    page = (site / "episodes/003-draft/index.html").read_text()
    assert "<audio" not in page.split('class="md-content"')[1]
    assert ('<p class="podsite-pending">No audio yet: audio.file: &#x27;docs/media/003.mp3&#x27; does not exist; '
            "check the path") in page
    published = (site / "episodes/001-first/index.html").read_text()
    assert "Not published" not in published
    # Even while previewing, the feed is what listeners would get.
    guids = etree.parse(str(site / "feed.xml")).xpath("//item/guid/text()")
    assert DRAFT not in guids and SCHEDULED not in guids


def test_serve_live_reloads_episodes_and_transcripts(show_copy):
    repo = show_copy("minimal")
    (repo / "transcripts").mkdir()
    shutil.copy(repo / "media/tone-6s.mp3", repo / "media/tone.mp3")
    (repo / "transcripts/003.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n")
    path = repo / "episodes/003-draft.yml"
    path.write_text(path.read_text() + "transcripts:\n  - file: transcripts/003.vtt\n    language: en\n")
    config = serve_config(repo)
    build(config)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(repo / "site"))
    try:
        config.plugins.on_serve(server, config=config, builder=lambda: None)
        watched = set(server._watched_paths)
    finally:
        server.server_close()
    assert str(repo / "episodes") in watched
    assert str(repo / "transcripts") in watched  # a draft's transcript outside docs/ and episodes/


def test_nothing_of_a_draft_is_published_until_it_is_due(show_copy):
    """A draft names its audio, transcript and art in docs/: none of it is on the site (at a guessable URL)
    until the episode is published, and a scheduled episode without its audio yet blocks nothing."""
    repo = show_copy("minimal")
    media = repo / "docs/media"
    media.mkdir(parents=True)
    shutil.copy(repo / "media/tone-6s.mp3", media / "003-draft.mp3")
    (media / "003-draft.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nSecret words.\n", encoding="utf-8")
    draft = repo / "episodes/003-draft.yml"
    draft.write_text(re.sub(r"audio:\n(  .*\n)+", "audio:\n  file: docs/media/003-draft.mp3\n",
                            draft.read_text(encoding="utf-8"))
                     + "transcripts:\n  - {file: docs/media/003-draft.vtt, language: en}\n", encoding="utf-8")
    scheduled = repo / "episodes/004-scheduled.yml"
    scheduled.write_text(re.sub(r"audio:\n(  .*\n)+", "audio:\n  file: docs/media/004-not-recorded-yet.mp3\n",
                                scheduled.read_text(encoding="utf-8")), encoding="utf-8")
    site = build_show(repo)
    assert not (site / "media/003-draft.mp3").exists() and not (site / "media/003-draft.vtt").exists()
    assert b"Secret words" not in b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())

    draft.write_text(draft.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    site = build_show(repo)
    assert (site / "media/003-draft.mp3").read_bytes() == (media / "003-draft.mp3").read_bytes()
    assert (site / "media/003-draft.vtt").is_file()
