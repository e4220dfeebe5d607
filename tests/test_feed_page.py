"""Issue 3: the feed in a site build, and the friendly feed page: feed.xsl is published next to feed.xml, the feed
names it, and a browser that opens feed.xml shows the show, its episodes and how to subscribe."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lxml import etree, html

from feedkit import STRICT, catalog, edit, feed_bytes, show
from helpers import build_show, copy_show, run
from podsite.feed.writer import STYLESHEET_FILE, stylesheet

XSLT = etree.XSLT(etree.fromstring(stylesheet()))  # libxslt: the same XSLT 1.0 engine Chromium uses


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_show(copy_show("everything", tmp_path_factory.mktemp("page")))


def page_of(feed: bytes) -> html.HtmlElement:
    return html.fromstring(str(XSLT(etree.fromstring(feed, STRICT).getroottree())))


# -- the site build publishes what the feed names ------------------------------------------------------------

def test_site_feed_is_the_rendered_feed_and_the_stylesheet_sits_beside_it(site):
    assert (site / "feed.xml").read_bytes() == feed_bytes(site.parent)
    assert (site / STYLESHEET_FILE).read_bytes() == stylesheet()
    assert b'<?xml-stylesheet type="text/xsl" href="feed.xsl"?>' in (site / "feed.xml").read_bytes()


def test_two_builds_of_the_same_commit_give_the_same_feed_bytes(site, tmp_path):
    again = build_show(copy_show("everything", tmp_path))
    for name in ("feed.xml", STYLESHEET_FILE, "episodes/001-everything.chapters.json"):
        assert (again / name).read_bytes() == (site / name).read_bytes(), name


def test_podsite_feed_writes_the_same_feed_and_its_stylesheet(site, tmp_path):
    output = tmp_path / "out" / "feed.xml"
    result = run([sys.executable, "-m", "podsite.cli", "feed", "-o", str(output)], cwd=site.parent)
    assert result.returncode == 0, result.output
    assert output.read_bytes() == (site / "feed.xml").read_bytes()
    assert (output.parent / STYLESHEET_FILE).read_bytes() == stylesheet()


# -- what a person sees ----------------------------------------------------------------------------------------

def test_feed_page_shows_the_show_its_episodes_and_how_to_subscribe(site):
    page = page_of((site / "feed.xml").read_bytes())
    cat = catalog(site.parent)
    assert page.get("lang") == "en-GB"
    assert page.findtext(".//title") == "Everything & More (podcast feed)"
    assert page.get_element_by_id("show-title").text_content() == "Everything & More"
    assert page.get_element_by_id("show-description").text_content() == cat.show.description
    assert page.xpath("//header/img/@src") == [cat.show.image.url]
    assert page.xpath("//header/img/@alt") == ["A paper boat on a blue sea"]
    assert page.get_element_by_id("feed-url").get("value") == "https://everything.example.com/feed.xml"
    apps = dict(zip(page.xpath("//ul[@class='apps']//a/@data-app"), page.xpath("//ul[@class='apps']//a/@href"),
                    strict=True))
    assert apps["apple"] == "podcast://everything.example.com/feed.xml"
    assert apps["antennapod"] == "https://antennapod.org/deeplink/subscribe?url=https://everything.example.com/feed.xml"
    episodes = page.xpath("//article[@class='episode']")
    assert [e.xpath("string(h3)") for e in episodes] == [e.title for e in cat.episodes]
    assert [e.xpath("string(.//span[@class='duration'])") for e in episodes] == ["10:00", "1:02:03", "0:06", "0:45"]
    assert [e.xpath("string(.//span[@class='date'])") for e in episodes] == [
        "06 Feb 2024", "30 Jan 2024", "16 Jan 2024", "02 Jan 2024"]
    assert "Season 1 · Episode 2" in episodes[1].xpath("string(.//p[@class='meta'])")
    assert [e.xpath("string(.//audio/@src)") for e in episodes] == [
        e.xpath("string(enclosure/@url)") for e in etree.fromstring((site / "feed.xml").read_bytes()).iter("item")]


def test_feed_page_shows_markup_in_titles_as_text(tmp_path):
    repo = show("minimal", tmp_path)
    edit(repo / "episodes/002-remote.yml", "title: Second Episode (on a CDN)",
         "title: \"<script>alert('x')</script> & <b>bold</b>\"")
    page = page_of(feed_bytes(repo))
    assert page.xpath("//script") == []
    assert page.xpath("string(//article[1]/h3)") == "<script>alert('x')</script> & <b>bold</b>"
