"""Issue 3: each known feedgen 1.0 pitfall, shown to be real and shown not to reach our feed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from feedgen.feed import FeedGenerator

from feedkit import edit, feed, feed_bytes, item, problems, show, x

EVERYTHING = "3f1d2c4b-0001-4a00-8000-000000000001"


def _feedgen_podcast() -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.title("t")
    fg.link(href="https://example.com/")
    fg.description("d")
    return fg


def test_feedgen_refuses_true_false_explicit_but_our_feed_writes_it(tmp_path):
    with pytest.raises(ValueError):
        _feedgen_podcast().podcast.itunes_explicit("true")
    root = feed(show("everything", tmp_path))
    assert x(root, "string(/rss/channel/itunes:explicit)") == "false"
    assert sorted(set(x(root, "//item/itunes:explicit/text()"))) == ["false", "true"]


@pytest.mark.parametrize("url", ["https://cdn.example.com/cover.jpeg", "https://cdn.example.com/cover.jpg?v=2"])
def test_feedgen_drops_jpeg_and_query_image_urls_but_our_feed_keeps_them(tmp_path, url):
    fg = _feedgen_podcast()
    fg.podcast.itunes_image(url)
    assert b"itunes:image" not in fg.rss_str()  # the pitfall: silently gone
    repo = show("minimal", tmp_path)
    edit(repo / "episodes/_show.yml", "image: media/cover.png", f"image: {url}")
    assert x(feed(repo), "string(/rss/channel/itunes:image/@href)") == url


def test_feedgen_writes_length_none_but_our_enclosures_are_exact(tmp_path):
    fg = _feedgen_podcast()
    entry = fg.add_entry()
    entry.title("e")
    entry.enclosure("https://example.com/a.mp3", None, "audio/mpeg")
    assert b'length="None"' in fg.rss_str()  # the pitfall
    root = feed(show("everything", tmp_path))
    lengths = x(root, "//enclosure/@length")
    assert lengths and all(length.isdigit() and int(length) > 0 for length in lengths)


def test_remote_audio_without_bytes_is_an_error_not_length_none(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/003-bonus.yml", "  bytes: 1234567\n", "")
    found = problems(repo)
    assert [(p.file, p.field) for p in found] == [("episodes/003-bonus.yml", "audio.bytes")]
    assert "bytes" in found[0].message and found[0].severity == "ERROR"


def test_last_link_call_wins_so_self_goes_first(tmp_path):
    root = feed(show("everything", tmp_path))
    assert x(root, "string(/rss/channel/link)") == "https://everything.example.com/"
    assert x(root, "/rss/channel/atom:link/@rel") == ["self"]


def test_feedgen_defaults_last_build_date_to_the_clock_but_ours_comes_from_content(tmp_path, monkeypatch):
    assert abs((_feedgen_podcast().lastBuildDate() - datetime.now(UTC)).total_seconds()) < 60  # the pitfall
    repo = show("everything", tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert x(feed(repo), "string(/rss/channel/lastBuildDate)") == x(feed(repo), "string(//item[1]/pubDate)")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert x(feed(repo), "string(/rss/channel/lastBuildDate)") == "Tue, 14 Nov 2023 22:13:20 +0000"


def test_feedgen_drops_episode_zero_and_our_loader_refuses_it(tmp_path):
    fg = _feedgen_podcast()
    entry = fg.add_entry()
    entry.title("e")
    entry.podcast.itunes_episode(0)
    assert b"itunes:episode" not in fg.rss_str()  # the pitfall
    repo = show("everything", tmp_path)
    edit(repo / "episodes/001-everything.yml", "number: 1 ", "number: 0 ")
    found = problems(repo)
    assert [(p.file, p.field, p.severity) for p in found] == [("episodes/001-everything.yml", "number", "ERROR")]


def test_feedgen_writes_any_category_but_ours_are_apples_2019_list(tmp_path):
    fg = _feedgen_podcast()
    fg.podcast.itunes_category("Games & Hobbies")  # gone from Apple's list since 2019
    assert b'text="Games &amp; Hobbies"' in fg.rss_str()  # the pitfall: no validation at all
    root = feed(show("everything", tmp_path))
    assert x(root, "/rss/channel/itunes:category/@text") == ["Leisure", "History"]  # both new in 2019
    repo = show("minimal", tmp_path / "minimal")
    edit(repo / "episodes/_show.yml", "category: Technology", "category: Games & Hobbies")
    found = problems(repo)
    assert [(p.field, p.severity) for p in found] == [("category", "ERROR")]
    assert "not an Apple Podcasts category" in found[0].message


def test_feed_declares_the_stylesheet_and_stays_well_formed(tmp_path):
    data = feed_bytes(show("everything", tmp_path))
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n"
                           b'<?xml-stylesheet type="text/xsl" href="feed.xsl"?>\n<rss ')
    assert x(item(feed(show("minimal", tmp_path / "m")), "7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0001"),
             "string(guid)") == "7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0001"
