"""Issue 3: identity and size policies. GUIDs come from the YAML only; analytics prefixes change enclosure URLs
and nothing else; the item limit keeps the trailer; the same commit gives the same bytes."""

from __future__ import annotations

import re

from lxml import etree

from feedkit import catalog, edit, feed, feed_bytes, item, show, x
from podsite.feed.writer import enclosure_url
from podsite.identity import podcast_guid_for

GUIDS = ["3f1d2c4b-0003-4a00-8000-000000000003", "https://old-host.example.com/?p=2&ref=feed",
         "3f1d2c4b-0001-4a00-8000-000000000001", "3f1d2c4b-0000-4a00-8000-000000000000"]


def guids(root: etree._Element) -> list[str]:
    return x(root, "/rss/channel/item/guid/text()")


def test_guids_are_exactly_the_yaml_guids(tmp_path):
    root = feed(show("everything", tmp_path))
    assert guids(root) == GUIDS
    assert set(x(root, "//guid/@isPermaLink")) == {"false"}


def test_moving_host_renaming_slug_and_audio_change_no_guid(tmp_path):
    repo = show("everything", tmp_path)
    before = guids(feed(repo))
    edit(repo / "episodes/_show.yml", "site_url: https://everything.example.com/",
         "site_url: https://moved.example.net/show/")
    edit(repo / "episodes/_show.yml", "feed_url: https://everything.example.com/feed.xml",
         "feed_url: https://moved.example.net/show/feed.xml")
    edit(repo / "episodes/002-remote.yml", "title: \"Boats", "slug: boats-and-harbours\ntitle: \"Renamed boats")
    edit(repo / "episodes/002-remote.yml", "cdn.everything.example.com/002.mp3", "other-cdn.example.org/2.mp3")
    edit(repo / "episodes/001-everything.yml", "number: 1 ", "number: 7 ")
    after = feed(repo)
    assert guids(after) == before
    assert x(after, "string(//item[2]/link)") == "https://moved.example.net/show/episodes/boats-and-harbours/"
    # the show's podcast:guid is stored, so moving the feed keeps it too
    assert x(after, "string(/rss/channel/podcast:guid)") == "7452db58-56ac-5372-9bb9-869f60f25e87"


def test_podcast_guid_follows_the_namespace_algorithm():
    assert podcast_guid_for("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert podcast_guid_for("http://podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"


def test_analytics_prefixes_change_the_enclosure_urls_and_nothing_else(tmp_path):
    with_prefix = show("everything", tmp_path)
    without = show("everything", tmp_path / "plain")
    edit(without / "episodes/_show.yml", "analytics_prefix:", "analytics_prefix_removed:")
    edit(without / "episodes/_show.yml", "  - https://op3.dev/e/\n  - https://dts.podtrac.com/redirect.mp3/\n", "")
    edit(without / "episodes/_show.yml", "analytics_prefix_removed:", "")
    a, b = feed(with_prefix), feed(without)
    assert x(a, "//enclosure/@url") == [
        "https://op3.dev/e/dts.podtrac.com/redirect.mp3/" + re.sub("^https://", "", url)
        for url in x(b, "//enclosure/@url")]
    for root in (a, b):
        for enclosure in x(root, "//enclosure"):
            enclosure.set("url", "")
    assert etree.tostring(a) == etree.tostring(b)


def test_one_prefix_gets_its_slash_and_keeps_the_rest_of_the_url(tmp_path):
    repo = show("minimal", tmp_path)
    with open(repo / "episodes/_show.yml", "a", encoding="utf-8") as handle:
        handle.write("analytics_prefix: https://op3.dev/e\n")
    show_ = catalog(repo).show
    assert show_.analytics_prefixes == ("https://op3.dev/e/",)
    assert enclosure_url(show_, "https://cdn.example.com/a.mp3?x=1&y=2") == (
        "https://op3.dev/e/cdn.example.com/a.mp3?x=1&y=2")
    assert x(feed(repo), "//enclosure/@url") == ["https://op3.dev/e/cdn.example.com/minimal/002.mp3",
                                                  "https://op3.dev/e/minimal.example.com/media/tone-6s.mp3"]


def test_item_limit_keeps_the_newest_and_always_the_trailer(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/_show.yml", "item_limit: 50 ", "item_limit: 1  ")
    root = feed(repo)
    assert guids(root) == [GUIDS[0], GUIDS[3]]  # the newest one, and the trailer
    assert x(root, "string(/rss/channel/podcast:trailer/@url)") == "https://cdn.everything.example.com/trailer.mp3"
    edit(repo / "episodes/_show.yml", "item_limit: 1  ", "item_limit: 3  ")
    assert guids(feed(repo)) == GUIDS  # the newest three, then the trailer: everything


def test_drafts_and_scheduled_episodes_are_not_in_the_feed(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/003-bonus.yml", "date: 2024-02-06", "date: 2099-02-06")
    root = feed(repo)
    assert "3f1d2c4b-0004-4a00-8000-000000000004" not in guids(root)  # draft: true
    assert GUIDS[0] not in guids(root)  # scheduled
    assert x(root, "string(/rss/channel/lastBuildDate)") == x(item(root, GUIDS[1]), "string(pubDate)")


def test_rendering_twice_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = show("everything", tmp_path)
    assert feed_bytes(repo) == feed_bytes(repo)
    assert feed_bytes(repo) == feed_bytes(show("everything", tmp_path / "again"))
