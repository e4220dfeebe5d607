"""Issue 3: the every-feature feed read by real podcast clients (feedparser, gPodder's podcastparser), with every
field they read equal to the YAML it came from."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import feedparser
import podcastparser
import pytest

from feedkit import LEGACY_PODCAST_NS, catalog, feed_bytes, show
from helpers import build_show
from podsite.feed.writer import enclosure_url
from podsite.model import HOST_ROLES, Catalog, Episode

FEED_URL = "https://everything.example.com/feed.xml"


@pytest.fixture(scope="module")
def everything(tmp_path_factory):
    repo = show("everything", tmp_path_factory.mktemp("clients"))
    return catalog(repo), feed_bytes(repo)


def test_feedparser_reads_the_show_as_written(everything):
    cat, data = everything
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    channel, show_ = parsed.feed, cat.show
    assert channel.title == show_.title
    assert channel.subtitle == show_.description
    assert channel.link == show_.site_url
    assert channel.language == show_.language
    assert channel.image.href == show_.image.url
    assert channel.itunes_type == show_.type
    assert [t.term for t in channel.tags] == ["Leisure", "Hobbies", "History"]
    assert channel.author_detail == {"name": show_.owner.name, "email": show_.owner.email}
    assert channel.podcast_guid == show_.podcast_guid
    assert channel.podcast_funding == {"url": show_.funding[-1].url}  # feedparser keeps the last of a kind
    assert channel.podcast_locked == {"owner": show_.owner.email}
    assert channel.podcast_person == {"role": "co-host"}
    assert channel.podcast_trailer["url"] == cat.episodes[-1].audio.asset.url
    # feedparser maps itunes:explicit true/false to None; apps that use it read the raw text
    assert channel.itunes_explicit is None


def test_feedparser_reads_every_episode_as_written(everything):
    cat, data = everything
    entries = feedparser.parse(data).entries
    assert [e.id for e in entries] == [e.guid for e in cat.episodes]
    for entry, episode in zip(entries, cat.episodes, strict=True):
        assert entry.title == episode.title
        assert entry.itunes_title == episode.title
        assert entry.link.endswith(f"/episodes/{episode.slug}/")
        assert entry.guidislink is False
        assert entry.published_parsed[:6] == episode.date.utctimetuple()[:6]
        assert entry.summary == (episode.summary or episode.title)
        enclosure = [link for link in entry.links if link.rel == "enclosure"]
        assert [(e.href, int(e.length), e.type) for e in enclosure] == [
            (enclosure_url(cat.show, episode.audio.asset.url), episode.audio.bytes, episode.audio.mime_type)]
        assert int(entry.itunes_duration) == episode.audio.duration
        assert entry.itunes_episodetype == episode.type
        assert entry.get("itunes_episode") == (str(episode.number) if episode.number else None)
        assert entry.get("itunes_season") == (str(episode.season) if episode.season else None)
        chapters = entry.get("psc_chapters", {}).get("chapters", [])
        assert [(c.title, c.start_parsed) for c in chapters] == [
            (c.title, timedelta(seconds=c.start)) for c in episode.chapters]
        if episode.transcripts:  # feedparser keeps the last transcript of an item
            assert entry.podcast_transcript["url"] == episode.transcripts[-1].asset.url
        if episode.funding:
            assert entry.podcast_funding == {"url": episode.funding[-1].url}
        people = _people(cat, episode)
        if people:  # and the last person
            assert entry.podcast_person["role"] == people[-1][1]


def test_podcastparser_reads_the_show_as_written(everything):
    cat, data = everything
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(data))
    show_ = cat.show
    assert parsed["title"] == show_.title
    assert parsed["description"] == show_.description
    assert parsed["link"] == show_.site_url
    assert parsed["cover_url"] == show_.image.url
    assert parsed["type"] == show_.type
    assert parsed["explicit"] is show_.explicit
    assert parsed["itunes_author"] == show_.author
    assert parsed["itunes_owner"] == {"name": show_.owner.name, "email": show_.owner.email}
    assert parsed["itunes_categories"] == [["Leisure", "Hobbies"], ["History"]]
    assert parsed["new_url"] == show_.new_feed_url


def test_podcastparser_reads_every_episode_as_written(everything):
    cat, data = everything
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(data))
    by_guid = {e["guid"]: e for e in parsed["episodes"]}  # podcastparser re-sorts by date
    assert set(by_guid) == {e.guid for e in cat.episodes}
    for episode in cat.episodes:
        got = by_guid[episode.guid]
        assert got["title"] == episode.title
        assert got["published"] == int(episode.date.timestamp())
        assert got["total_time"] == episode.audio.duration
        assert got["enclosures"] == [{"url": enclosure_url(cat.show, episode.audio.asset.url),
                                      "file_size": episode.audio.bytes, "mime_type": episode.audio.mime_type}]
        assert got.get("number") == episode.number  # absent when the episode has none
        assert got.get("season") == episode.season
        assert got["type"] == episode.type
        assert got.get("explicit") is episode.explicit  # absent: the show's setting applies
        assert got.get("episode_art_url") == (episode.image.url if episode.image else None)
        assert [(c["title"], c["start"]) for c in got.get("chapters", [])] == [  # whole seconds in podcastparser
            (c.title, int(c.start)) for c in episode.chapters]


def test_podcastparser_reads_people_transcripts_and_funding_under_the_namespace_alias(everything):
    """podcastparser knows the namespace only by its legacy GitHub URI, which the spec declares identical:
    read that way, the people, transcripts, chapters file and funding are exactly the YAML's."""
    cat, data = everything
    parsed = podcastparser.parse(FEED_URL, io.BytesIO(
        data.replace(b"https://podcastindex.org/namespace/1.0", LEGACY_PODCAST_NS)))
    assert parsed["funding_url"] == cat.show.funding[-1].url  # podcastparser keeps the last
    assert parsed["import_prohibited"] is True
    for episode in cat.episodes:
        got = next(e for e in parsed["episodes"] if e["guid"] == episode.guid)
        assert [(p["name"], p["role"]) for p in got.get("persons", [])] == _people(cat, episode)
        assert got.get("transcript_url") == (episode.transcripts[-1].asset.url if episode.transcripts else None)
        assert got.get("chapters_json_url") == (
            f"https://everything.example.com/episodes/{episode.slug}.chapters.json" if episode.chapters else None)


def _people(cat: Catalog, episode: Episode) -> list[tuple[str, str]]:
    """The episode's people from the YAML; the show's hosts first when the episode lists only others."""
    credited = [(c.person.name, c.role) for c in episode.credits]
    if credited and not episode.hosts:
        return [(p.name, p.role) for p in cat.people.values() if p.role in HOST_ROLES] + credited
    return credited


def test_the_chapters_file_the_feed_names_is_published_and_matches_the_yaml(tmp_path):
    repo = show("everything", tmp_path)
    site = build_show(repo)
    episode = next(e for e in catalog(repo).episodes if e.chapters)
    data = json.loads((site / f"episodes/{episode.slug}.chapters.json").read_text(encoding="utf-8"))
    assert data["version"] == "1.2.0"
    assert [(c["startTime"], c["title"], c.get("url"), c.get("img")) for c in data["chapters"]] == [
        (c.start, c.title, c.url, c.image.url if c.image else None) for c in episode.chapters]
