"""Issue 2, end to end: fixture shows built with `mkdocs build --strict`, their HTML and feed asserted the way
listeners and podcast apps see them."""

from __future__ import annotations

import sys
from pathlib import Path

import feedparser
import podcastparser
from lxml import etree, html

from helpers import build_show, copy_show, mkdocs_build, run

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
MP3 = Path(__file__).parent / "fixtures/media/tone-6s.mp3"


def page(site: Path, path: str) -> html.HtmlElement:
    return html.parse(str(site / path)).getroot()


def feed_tree(site: Path) -> etree._ElementTree:
    return etree.parse(str(site / "feed.xml"), etree.XMLParser(resolve_entities=False))


# -- the site ----------------------------------------------------------------------------------------------

def test_episode_page_has_player_with_download_link(minimal_site):
    doc = page(minimal_site, "episodes/001-first/index.html")
    audio = doc.xpath("//audio")[0]
    assert audio.get("preload") == "none"
    assert audio.get("src") == "../../media/tone-6s.mp3"
    assert (minimal_site / "episodes/001-first" / audio.get("src")).resolve().read_bytes() == MP3.read_bytes()
    download = doc.xpath("//a[@download]")[0]
    assert download.get("href") == audio.get("src")
    assert "24.4 KB" in download.text_content()


def test_remote_audio_plays_from_its_cdn_url(minimal_site):
    doc = page(minimal_site, "episodes/002-remote/index.html")
    assert doc.xpath("//audio/@src") == ["https://cdn.example.com/minimal/002.mp3"]


def test_episode_page_shows_number_season_date_and_duration(minimal_site):
    meta = page(minimal_site, "episodes/002-remote/index.html").xpath("//p[@class='podsite-meta']")[0]
    text = meta.text_content()
    assert "Season 1" in text and "Episode 2" in text
    assert "February 14, 2024" in text
    assert meta.xpath(".//span[@class='podsite-duration']")[0].text == "1:02:03"


def test_episode_page_lists_chapters_with_times(minimal_site):
    items = page(minimal_site, "episodes/001-first/index.html").xpath("//ol[@class='podsite-chapters']/li")
    assert [li.get("data-start") for li in items] == ["0", "3"]
    assert [li.xpath("string(a[1])") for li in items] == ["0:00", "0:03"]
    assert items[1].xpath("a[2]/@href") == ["https://example.com/middle"]
    assert "The middle" in items[1].text_content()


def test_hosts_and_guests_link_to_their_people_pages(minimal_site):
    doc = page(minimal_site, "episodes/001-first/index.html")
    links = {a.text_content(): a.get("href") for a in doc.xpath("//article//a[contains(@href, 'people/')]")}
    assert links["Hana Host"] == "../../people/hana/"
    assert links["Gus"] == "../../people/gus/"  # the write-up's own .md link, resolved by MkDocs
    assert links["Gus Guest"] == "../../people/gus/"


def test_writeup_is_merged_and_summary_used_when_there_is_none(minimal_site):
    first = page(minimal_site, "episodes/001-first/index.html").xpath("string(//article)")
    assert "The write-up of the first episode." in first
    second = page(minimal_site, "episodes/002-remote/index.html").xpath("string(//article)")
    assert "The second episode; its audio lives on a CDN." in second


def test_tags_are_on_the_page_and_in_the_tags_index(minimal_site):
    doc = page(minimal_site, "episodes/001-first/index.html")
    tags = doc.xpath("//a[contains(concat(' ', @class, ' '), ' md-tag ')]")
    assert sorted(t.text_content().strip() for t in tags) == ["first", "testing"]
    tags = page(minimal_site, "tags/index.html").xpath("string(//article)")
    assert "testing" in tags and "First Episode" in tags


def test_person_page_lists_their_episodes(minimal_site):
    doc = page(minimal_site, "people/hana/index.html")
    assert doc.xpath("//h1")[0].text_content().strip().startswith("Hana Host")
    titles = [a.text_content() for a in doc.xpath("//article//h3/a")]
    assert titles == ["Second Episode (on a CDN)", "First Episode"]
    # A small copy for the page (test_pages.py checks the copies); the original stays in media/.
    [portrait] = doc.xpath("//img[@class='podsite-portrait']/@src")
    assert portrait.startswith("../../assets/podsite/art/person-") and portrait.endswith(".webp")
    assert (minimal_site / "media/person.png").is_file()
    gus = page(minimal_site, "people/gus/index.html")
    assert gus.xpath("//article//a[text()='Website']/@href") == ["https://gus.example.com/?a=1&b=2"]


def test_episodes_index_is_newest_first(minimal_site):
    doc = page(minimal_site, "episodes/index.html")
    assert [a.text_content() for a in doc.xpath("//article//h2/a")] == ["Second Episode (on a CDN)",
                                                                        "First Episode"]


def test_home_has_show_latest_episode_and_subscribe_links(minimal_site):
    doc = page(minimal_site, "index.html")
    article = doc.xpath("//article")[0]
    assert "A small show used by podsite's tests." in article.text_content()
    # The latest episode first, with its play button, then the recent ones.
    assert article.xpath(".//h2[text()='Latest episode']/following-sibling::h3[1]/a/text()") == [
        "Second Episode (on a CDN)"]
    assert article.xpath(".//h2[text()='Recent episodes']/following-sibling::h3/a/text()") == ["First Episode"]
    assert len(article.xpath(".//button[contains(@class, 'podsite-listen')]")) == 2
    assert article.xpath(".//div[@class='podsite-hero']/img/@class") == ["podsite-cover"]
    [cover] = article.xpath(".//div[@class='podsite-hero']/img/@src")  # the small copy, not Apple's 1,400 px
    assert cover.startswith("assets/podsite/art/") and cover.endswith(".webp"), cover
    subscribe = {a.get("data-platform"): a.get("href") for a in article.xpath(".//a[@data-platform]")}
    assert subscribe == {"apple": "https://podcasts.apple.com/podcast/id1",
                         "overcast": "https://overcast.fm/itunes1", "rss": "feed.xml"}


def test_every_page_advertises_the_feed(minimal_site):
    """Relative, so a preview host or a local server never fetches anything from the production host (Material
    reads a sitemap beside every alternate link); feed finders resolve it against the page."""
    for path, href in (("index.html", "feed.xml"), ("episodes/001-first/index.html", "../../feed.xml"),
                       ("people/gus/index.html", "../../feed.xml")):
        links = page(minimal_site, path).xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href")
        assert links == [href], path


def test_every_page_has_a_meta_description(minimal_site):
    """The show's description where a page has none of its own (home, indexes, About); an episode's summary."""
    show = " ".join(page(minimal_site, "index.html").xpath("//meta[@name='description']/@content")[0].split())
    assert show.startswith("A small show used by podsite's tests.")
    for path in ("episodes/index.html", "people/index.html", "tags/index.html"):
        assert page(minimal_site, path).xpath("//meta[@name='description']/@content"), path
    episode = page(minimal_site, "episodes/001-first/index.html").xpath("//meta[@name='description']/@content")
    assert episode and episode[0] != show


def test_drafts_and_scheduled_episodes_are_not_built(minimal_site):
    assert not (minimal_site / "episodes/003-draft").exists()
    assert not (minimal_site / "episodes/004-scheduled").exists()
    assert "A Draft" not in (minimal_site / "feed.xml").read_text()


def test_sample_show_episode_page(sample_site):
    doc = page(sample_site, "episodes/001-small-wins/index.html")
    assert doc.xpath("//audio/@src") == ["../../media/001-small-wins.mp3"]
    assert len(doc.xpath("//ol[@class='podsite-chapters']/li")) == 5
    people = doc.xpath("//article//a[contains(@href, 'people/')]/text()")
    assert "Jen" in people and "Amy L." in people
    for path in ("index.html", "episodes/index.html", "people/jen/index.html", "people/amy-l/index.html",
                 "feed.xml", "media/001-small-wins.mp3", "assets/cover.png"):
        assert (sample_site / path).is_file(), path


# -- the feed ------------------------------------------------------------------------------------------------

def test_feed_channel_has_what_apple_requires(minimal_site):
    channel = feed_tree(minimal_site).getroot().find("channel")
    assert channel.findtext("title") == "Minimal Show"
    assert channel.findtext("link") == "https://minimal.example.com/"
    assert channel.findtext("language") == "en"
    assert channel.xpath("itunes:image/@href", namespaces=NS) == ["https://minimal.example.com/media/cover.png"]
    assert channel.xpath("itunes:category/@text", namespaces=NS) == ["Technology"]
    assert channel.xpath("itunes:explicit/text()", namespaces=NS) == ["false"]
    assert channel.xpath("itunes:owner/itunes:email/text()", namespaces=NS) == ["owner@minimal.example.com"]
    assert channel.xpath("atom:link[@rel='self']/@href", namespaces=NS) == ["https://minimal.example.com/feed.xml"]


def test_feed_items_carry_guid_enclosure_and_itunes_fields(minimal_site):
    items = feed_tree(minimal_site).getroot().findall("channel/item")
    assert [i.findtext("title") for i in items] == ["Second Episode (on a CDN)", "First Episode"]
    remote, first = items
    assert remote.find("guid").get("isPermaLink") == "false"
    assert remote.findtext("guid") == "7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0002"
    assert dict(remote.find("enclosure").attrib) == {
        "url": "https://cdn.example.com/minimal/002.mp3", "length": "31415926", "type": "audio/mpeg"}
    assert remote.xpath("itunes:duration/text()", namespaces=NS) == ["3723"]
    assert remote.xpath("itunes:explicit/text()", namespaces=NS) == ["true"]
    assert first.find("enclosure").get("length") == str(MP3.stat().st_size)
    assert first.xpath("itunes:duration/text()", namespaces=NS) == ["6"]
    assert first.xpath("itunes:episode/text()", namespaces=NS) == ["1"]
    assert first.xpath("itunes:season/text()", namespaces=NS) == ["1"]
    assert first.xpath("itunes:episodeType/text()", namespaces=NS) == ["full"]
    assert first.findtext("link") == "https://minimal.example.com/episodes/001-first/"
    assert first.findtext("pubDate") == "Wed, 10 Jan 2024 08:00:00 +0000"
    assert remote.findtext("pubDate") == "Wed, 14 Feb 2024 00:00:00 +0000"  # a bare date: midnight, show's zone


def test_show_notes_in_feed_have_absolute_links(minimal_site):
    first = feed_tree(minimal_site).getroot().findall("channel/item")[1]
    notes = html.fromstring(first.xpath("content:encoded/text()", namespaces=NS)[0])
    hrefs = notes.xpath("//a/@href")
    assert "https://minimal.example.com/people/gus/" in hrefs
    assert "https://minimal.example.com/episodes/" in hrefs
    assert "https://example.com/page?x=1&y=2" in hrefs


def test_feedparser_reads_every_episode(minimal_site):
    parsed = feedparser.parse((minimal_site / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Minimal Show"
    entries = {e.id: e for e in parsed.entries}
    remote = entries["7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0002"]
    assert remote.title == "Second Episode (on a CDN)"
    assert remote.enclosures[0].href == "https://cdn.example.com/minimal/002.mp3"
    assert remote.enclosures[0].length == "31415926"
    assert remote.enclosures[0].type == "audio/mpeg"
    assert remote.itunes_duration == "3723"
    first = entries["7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0001"]
    assert first.enclosures[0].length == str(MP3.stat().st_size)
    assert first.itunes_episode == "1"


def test_podcastparser_reads_every_episode(minimal_site):
    with open(minimal_site / "feed.xml", "rb") as stream:
        parsed = podcastparser.parse("https://minimal.example.com/feed.xml", stream)
    assert parsed["title"] == "Minimal Show"
    episodes = {e["guid"]: e for e in parsed["episodes"]}
    assert set(episodes) == {"7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0001", "7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0002"}
    remote = episodes["7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0002"]
    assert remote["title"] == "Second Episode (on a CDN)"
    assert remote["total_time"] == 3723
    assert remote["enclosures"] == [{"url": "https://cdn.example.com/minimal/002.mp3", "file_size": 31415926,
                                     "mime_type": "audio/mpeg"}]
    first = episodes["7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0001"]
    assert first["total_time"] == 6
    assert first["enclosures"][0]["file_size"] == MP3.stat().st_size
    assert [c["title"] for c in first.get("chapters", [])] == ["Intro", "The middle"]


def test_build_feed_script_matches_site_feed_byte_for_byte(tmp_path):
    repo = copy_show("sample", tmp_path)
    site = build_show(repo)
    result = run([sys.executable, "build_feed.py", "--output", str(tmp_path / "feed.xml")], cwd=repo)
    assert result.returncode == 0, result.output
    assert (tmp_path / "feed.xml").read_bytes() == (site / "feed.xml").read_bytes()


def test_build_feed_default_output_is_site_feed(tmp_path):
    repo = copy_show("minimal", tmp_path)
    result = run([sys.executable, "-m", "podsite.cli", "feed"], cwd=repo)
    assert result.returncode == 0, result.output
    assert etree.parse(str(repo / "site/feed.xml")).xpath("count(//item)") == 2


def test_writeups_of_drafts_scheduled_and_renamed_episodes_are_not_published(tmp_path):
    repo = copy_show("minimal", tmp_path)
    for stem in ("003-draft", "004-scheduled"):
        (repo / f"docs/episodes/{stem}.md").write_text(f"SECRET NOTES OF {stem}\n", encoding="utf-8")
    renamed = repo / "episodes/002-remote.yml"
    renamed.write_text(renamed.read_text(encoding="utf-8") + "slug: second\n", encoding="utf-8")
    (repo / "docs/episodes/002-remote.md").write_text("Notes of the renamed episode.\n", encoding="utf-8")
    site = build_show(repo)
    published = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                          if p.is_file() and p.suffix in (".html", ".xml", ".json"))
    assert "SECRET NOTES" not in published
    assert not (site / "episodes/003-draft").exists() and not (site / "episodes/002-remote").exists()
    assert "Notes of the renamed episode." in (site / "episodes/second/index.html").read_text(encoding="utf-8")


def test_writeup_front_matter_may_nest(tmp_path):
    repo = copy_show("minimal", tmp_path)
    writeup = repo / "docs/episodes/001-first.md"
    writeup.write_text("---\nhide: [toc]\nsearch:\n  boost: 2\n---\n" + writeup.read_text(encoding="utf-8"),
                       encoding="utf-8")
    site = build_show(repo)
    doc = page(site, "episodes/001-first/index.html")
    assert "The write-up of the first episode." in doc.xpath("string(//article)")
    # Material reads the write-up's own front matter: `hide: [toc]` hides the table of contents.
    assert doc.xpath("//*[contains(@class, 'md-sidebar--secondary')]/@hidden") == [""]


def test_a_path_through_dotdot_is_published_at_its_one_true_url(tmp_path):
    repo = copy_show("minimal", tmp_path)
    episode = repo / "episodes/001-first.yml"
    episode.write_text(episode.read_text(encoding="utf-8").replace("file: media/tone-6s.mp3",
                                                                   "file: docs/../media/tone-6s.mp3"))
    site = build_show(repo)
    enclosures = feed_tree(site).xpath("//item/enclosure/@url")
    assert "https://minimal.example.com/media/tone-6s.mp3" in enclosures
    assert (site / "media/tone-6s.mp3").read_bytes() == MP3.read_bytes()


def test_local_alternate_encodings_are_published(tmp_path):
    repo = copy_show("minimal", tmp_path)
    with (repo / "episodes/001-first.yml").open("a", encoding="utf-8") as episode:
        episode.write("alternate_audio:\n  - file: media/tone-6s.m4a\n    title: AAC version\n")
    site = build_show(repo)
    sources = feed_tree(site).xpath("//podcast:alternateEnclosure/podcast:source/@uri", namespaces=NS)
    assert sources == ["https://minimal.example.com/media/tone-6s.m4a"]
    assert (site / "media/tone-6s.m4a").read_bytes() == (MP3.parent / "tone-6s.m4a").read_bytes()


def test_a_bio_is_shown_as_written_never_as_a_link(tmp_path):
    repo = copy_show("minimal", tmp_path)
    people = repo / "episodes/_people.yml"
    people.write_text(people.read_text(encoding="utf-8").replace(
        "bio: Gus is a guest.", "bio: 'Gus is a [guest](javascript:alert(1)) <b>really</b>.'"), encoding="utf-8")
    doc = page(build_show(repo), "people/gus/index.html")
    assert not [href for href in doc.xpath("//@href") if "javascript" in href.lower()]
    assert "Gus is a [guest](javascript:alert(1)) <b>really</b>." in doc.xpath("string(//article)")


def test_mkdocs_yml_and_show_file_disagreeing_is_an_error_naming_the_line(tmp_path):
    repo = copy_show("minimal", tmp_path)
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: Minimal Show", "site_name: Other")
                      + "site_url: https://elsewhere.example.com/\n", encoding="utf-8")
    result = mkdocs_build(repo)
    assert result.returncode == 1
    assert ("episodes/_show.yml:3: site_url: https://minimal.example.com/ differs from mkdocs.yml's site_url "
            "(https://elsewhere.example.com/)") in result.output
    assert "Traceback" not in result.output
    config.write_text(config.read_text(encoding="utf-8").replace("site_url: https://elsewhere.example.com/\n", ""))
    result = mkdocs_build(repo)
    assert "episodes/_show.yml:1: title: 'Minimal Show' differs from mkdocs.yml's site_name ('Other')" in (
        result.output)


def test_show_notes_in_the_feed_carry_no_scripts_or_comments(tmp_path):
    repo = copy_show("minimal", tmp_path)
    writeup = repo / "docs/episodes/001-first.md"
    writeup.write_text("<!-- TODO: write the notes -->\n\nHello <script>alert(1)</script> listeners.\n\n"
                       '<a href="javascript:alert(2)" onclick="x()">a link</a>\n', encoding="utf-8")
    first = feed_tree(build_show(repo)).getroot().findall("channel/item")[1]
    notes = first.xpath("content:encoded/text()", namespaces=NS)[0]
    assert "TODO" not in notes and "<script" not in notes and "alert" not in notes and "onclick" not in notes
    assert "Hello" in notes and "listeners." in notes and "a link" in notes
