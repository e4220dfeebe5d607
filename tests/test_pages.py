"""The generated pages as a listener (and a search engine) gets them, from a real `mkdocs build --strict` of the
`listener` fixture show: seasons, people, SRT and JSON transcripts, markup in titles, every subscribe button,
and a bare episode with nothing but audio."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from lxml import etree, html

from helpers import build_show, copy_show, search_records
from podsite.site.timestamps import link_timestamps, seconds_of

SITE = "https://listener.example.com/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_show(copy_show("listener", tmp_path_factory.mktemp("listener")))


def page(site: Path, path: str):
    return html.parse(str(site / path)).getroot()


def article(site: Path, path: str):
    return page(site, path).xpath("//article")[0]


def texts(elements) -> list[str]:
    return [" ".join(e.text_content().split()) for e in elements]


# -- the episode page ---------------------------------------------------------------------------------------

def test_player_is_a_native_audio_element_that_loads_nothing_until_played(site):
    player = article(site, "episodes/001-pilot/index.html").xpath(".//div[@class='podsite-player']")[0]
    audio = player.xpath("./audio")[0]
    assert audio.get("preload") == "none" and audio.get("controls") is not None
    assert audio.get("src") == "../../media/tone-6s.mp3"
    assert (site / "media/tone-6s.mp3").is_file()
    assert player.get("data-share") == SITE + "episodes/001-pilot/"
    assert player.get("data-duration") == "6"
    assert texts(player.xpath(".//a[@download]")) == ["Download MP3 (24.4 KB)"]


def test_player_script_and_styles_are_on_every_page_and_local(site):
    for path in ("index.html", "episodes/index.html", "episodes/001-pilot/index.html", "people/bo/index.html"):
        root = page(site, path)
        scripts = root.xpath("//script/@src")
        assert any(s.endswith("assets/podsite/player.js") for s in scripts), path
        player = root.xpath("//script[contains(@src, 'assets/podsite/player.js')]")[0]
        assert player.get("defer") is not None, "the player must not block the first paint"
        assert any(s.endswith("assets/podsite/podsite.css") for s in root.xpath("//link[@rel='stylesheet']/@href"))
        # Privacy: nothing the browser loads by itself comes from another host.
        loaded = scripts + root.xpath("//link[@rel='stylesheet']/@href | //img/@src | //audio/@src")
        assert not [url for url in loaded if re.match(r"^(https?:)?//", url)], path
    # The whole player (bar, chapters, lock screen, sharing, shortcuts, transcripts that follow) as a listener
    # downloads it: compressed, as GitHub Pages and every CDN serve scripts.
    assert len(gzip.compress((site / "assets/podsite/player.js").read_bytes())) < 10 * 1024


def test_credits_link_each_person_with_their_role(site):
    credits = article(site, "episodes/001-pilot/index.html").xpath(".//p[starts-with(., 'Host:')]")[0]
    assert " ".join(credits.text_content().split()) == 'Host: Ana Host · Guest: Bo "The <Guest>" & Co'
    assert credits.xpath(".//a/@href") == ["../../people/ana/", "../../people/bo/"]


def test_timestamps_in_show_notes_become_seek_links_only_in_running_text(site):
    body = article(site, "episodes/001-pilot/index.html")
    notes = body.xpath(".//p[starts-with(., \"The pilot's show notes\")]")[0]
    assert [(a.get("href"), a.text) for a in notes.xpath(".//a")] == [("#t=0:03", "0:03"), ("#t=0:00", "0:00")]
    untouched = body.xpath(".//p[starts-with(., 'Not linked')]")[0]
    assert untouched.xpath(".//a[@class='podsite-seek']") == []
    assert untouched.xpath(".//code")[0].text == "0:04"
    assert body.xpath(".//h2[starts-with(., 'At 0:05')]//a[@class='podsite-seek']") == []


def test_link_timestamps_rules():
    fragment = ('<p>At 1:02:03 and 12:34, not 1:75, 12:345 or 3.12:40; <a href="x">5:00</a> '
                "<code>6:00</code> 2:00&#58;00 <b>7&#58;00</b> 99:00</p>")
    linked = link_timestamps(fragment, duration=3 * 3600)
    assert re.findall(r'href="#t=([^"]+)"', linked) == ["1:02:03", "12:34", "2:00:00", "7:00", "1:39:00"]
    assert link_timestamps("<p>at 59:00</p>", duration=60 * 58) == "<p>at 59:00</p>"  # after the end
    assert (seconds_of("1:02:03"), seconds_of("12:34"), seconds_of("0:05"), seconds_of("1:60:00")) == (
        3723, 754, 5, None)


def test_chapters_seek_and_escape_their_titles(site):
    chapters = article(site, "episodes/001-pilot/index.html").xpath(".//ol[@class='podsite-chapters']/li")
    assert [(li.get("data-start"), li.xpath("./a/@href")[0]) for li in chapters] == [("0", "#t=0:00"),
                                                                                     ("3", "#t=0:03")]
    assert texts(chapters) == ["0:00 Hello", "0:03 The <middle> & end"]


def test_transcript_section_links_the_transcript_page_and_every_file(site):
    body = article(site, "episodes/002-second/index.html")
    assert body.xpath(".//a[.='Read the transcript']/@href") == ["transcript/"]
    files = body.xpath(".//p[@class='podsite-transcript-files']/a")
    assert [(a.get("href"), a.text, a.get("download")) for a in files] == [
        ("../002-second.json", "JSON (en)", ""), ("https://cdn.example.com/002.vtt", "WebVTT (en)", "")]
    assert (site / "episodes/002-second.json").is_file()


def test_transcript_page_shows_cues_with_times_and_speakers(site):
    body = article(site, "episodes/001-pilot/transcript/index.html")
    cues = body.xpath(".//div[@class='podsite-transcript']/p[@class='podsite-cue']")
    assert texts(cues) == ["0:00 Ana Host Welcome to the pilot of the listener show.",
                           "0:02 Bo Thanks, Ana. Here is a zebra & a word only this transcript has: quokka.",
                           "0:04 Goodbye."]  # the speaker is named when it changes
    assert [(c.get("data-start"), c.get("data-end")) for c in cues] == [("0", "2.5"), ("2.5", "4"), ("4", "6")]
    assert [c.xpath("./a/@href")[0] for c in cues] == ["#t=0:00", "#t=0:02", "#t=0:04"]
    # The transcript page has the player too, so listeners read along while it plays.
    assert body.xpath(".//div[@class='podsite-player']/audio/@src") == ["../../../media/tone-6s.mp3"]
    assert body.xpath(".//a[.='the episode']/@href") == ["../"]


def test_json_transcript_words_are_joined_and_markup_stays_text(site):
    root = page(site, "episodes/002-second/transcript/index.html")
    cues = root.xpath("//p[@class='podsite-cue']")
    assert texts(cues) == ["0:00 Ana Host Words come one by one.",
                           "0:02 <script>alert(1)</script> is text here.", "0:03 Nobody said this."]
    assert root.xpath("//article//script") == []


def test_transcripts_are_in_the_search_index_on_their_own_page_only(site):
    records = search_records(site)
    holding = sorted(url for url, record in records.items() if "quokka" in record["content"])
    assert holding == ["/episodes/001-pilot/transcript/"]
    assert not (site / "search/search_index.json").exists()  # Material's index, which every visitor downloaded


def test_a_bare_episode_page_still_has_player_meta_subscribe_and_neighbours(site):
    body = article(site, "episodes/003-bare/index.html")
    assert body.xpath("./h1")[0].text_content().strip() == "A Bare Episode"
    assert "Season 2 · Episode 2" in body.xpath(".//p[@class='podsite-meta']")[0].text_content()
    assert body.xpath(".//div[@class='podsite-player']/audio")
    headings = [h.text_content().strip() for h in body.xpath(".//h2")]
    assert headings == ["Subscribe"]  # no empty Chapters or Transcript sections
    assert not (site / "episodes/003-bare/transcript").exists()
    assert texts(body.xpath(".//p[starts-with(., 'Previous')]")) == ["Previous: Second </script><b>bold</b> & more"]


def test_previous_and_next_links_follow_publication_order(site):
    body = article(site, "episodes/002-second/index.html")
    links = body.xpath(".//p[starts-with(., 'Previous')]/a/@href")
    assert links == ["../001-pilot/", "../003-bare/"]


def test_subscribe_shows_each_configured_app_the_feed_and_a_copy_button(site):
    links = article(site, "episodes/001-pilot/index.html").xpath(".//p[@class='podsite-subscribe-links']")[0]
    buttons = [(a.get("data-platform"), a.text) for a in links.xpath("./a")]
    assert buttons == [("apple", "Apple Podcasts"), ("spotify", "Spotify"), ("overcast", "Overcast"),
                       ("pocketcasts", "Pocket Casts"), ("antennapod", "AntennaPod"), ("castro", "Castro"),
                       ("rss", "RSS feed")]
    copy = links.xpath("./button")[0]
    assert copy.get("data-copy") == SITE + "feed.xml" and copy.get("hidden") is not None  # shown by player.js


def test_only_configured_subscribe_buttons_appear(minimal_site):
    links = html.parse(str(minimal_site / "index.html")).xpath("//p[@class='podsite-subscribe-links']/a")
    assert [a.get("data-platform") for a in links] == ["apple", "overcast", "rss"]


# -- listings and people --------------------------------------------------------------------------------------

def test_episodes_index_groups_by_season_with_art_duration_and_summary(site):
    body = article(site, "episodes/index.html")
    assert texts(body.xpath("./h2")) == ["Season 2", "Season 1"]
    assert texts(body.xpath("./h3")) == ["A Bare Episode", "Second </script><b>bold</b> & more", "The Pilot"]
    art = body.xpath(".//img[@class='podsite-thumb']/@src")
    assert len(art) == 3 and len(set(art)) == 1 and art[0].startswith("../assets/podsite/art/cover-")
    assert all("0:06" in meta for meta in texts(body.xpath(".//p[@class='podsite-meta']")))
    assert "The second episode: a JSON transcript </script> with word-level segments." in texts(body.xpath("./p"))


def test_person_page_has_photo_bio_links_roles_and_episodes(site):
    body = article(site, "people/ana/index.html")
    [portrait] = body.xpath(".//img[@class='podsite-portrait']/@src")
    assert re.fullmatch(r"\.\./\.\./assets/podsite/art/person-[0-9a-f]{16}\.webp", portrait), portrait
    assert body.xpath(".//img[@class='podsite-portrait']/@alt") == ["Photo of Ana Host"]
    assert "Ana hosts the listener show." in texts(body.xpath("./p"))
    assert body.xpath(".//a[.=\"Ana's site\"]/@href") == ["https://ana.example.com/?a=1&b=2"]
    assert texts(body.xpath("./p[@class='podsite-meta']"))[0] == "Host"
    listed = "./div[@class='podsite-person-episodes']"
    assert texts(body.xpath(f"{listed}/h3")) == ["Second </script><b>bold</b> & more", "The Pilot"]
    guest = article(site, "people/bo/index.html")
    assert texts(guest.xpath("./h1")) == ['Bo "The <Guest>" & Co']
    assert guest.xpath(".//b") == []  # the bio's <b> is text
    assert texts(guest.xpath(f"{listed}/h3")) == ["The Pilot"]
    assert "Guest" in texts(guest.xpath(f"{listed}/p/em"))


def test_pages_show_small_copies_of_the_artwork_and_apps_get_the_original(site):
    """A phone shows cover art 72 to 96 pixels wide: pages load a 320-pixel WebP copy, not the 1400-pixel
    original, which the feed and the sharing tags keep (Apple and social sites need it full size)."""
    from PIL import Image

    original = site / "media/cover.png"
    srcs = set()
    for path, css in (("episodes/001-pilot/index.html", "podsite-art"), ("episodes/index.html", "podsite-thumb"),
                      ("people/ana/index.html", "podsite-thumb")):
        found = page(site, path).xpath(f"//img[@class='{css}']/@src")
        assert found, f"no {css} image on {path}"
        srcs.update((site / path).parent.joinpath(src).resolve() for src in found)
    [copy] = srcs  # every episode here uses the show's cover: one copy for all
    assert copy.parent == (site / "assets/podsite/art").resolve()
    with Image.open(copy) as image, Image.open(original) as full:
        assert image.format == "WEBP" and max(image.size) == 320 and image.size[0] == image.size[1]
        assert full.size[0] > 320
    assert copy.stat().st_size * 10 < original.stat().st_size
    meta = head_meta(page(site, "episodes/001-pilot/index.html"))
    assert meta["og:image"] == SITE + "media/cover.png"
    feed = etree.parse(str(site / "feed.xml"))
    assert set(feed.xpath("//*[local-name()='image']/@href")) == {SITE + "media/cover.png"}


def test_artwork_copies_come_from_the_cache_and_unreadable_images_keep_the_original(tmp_path):
    from podsite.model import Asset
    from podsite.site.artwork import thumbnail

    image = tmp_path / "cover.png"
    image.write_bytes((Path(__file__).parent / "fixtures/media/cover.png").read_bytes())
    cache = tmp_path / "cache"
    first = thumbnail(Asset("https://x.example/cover.png", image), cache)
    assert first is not None and len(list(cache.iterdir())) == 1
    next(cache.iterdir()).write_bytes(b"from the cache")
    assert thumbnail(Asset("https://x.example/cover.png", image), cache).data == b"from the cache"
    assert thumbnail(Asset("https://x.example/remote.png"), cache) is None
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    assert thumbnail(Asset("https://x.example/broken.png", broken), cache) is None


def test_tags_page_lists_episodes_by_tag(site):
    tags = article(site, "tags/index.html")
    assert texts(tags.xpath("./h2")) == ["json", "pilot", "words"]
    assert tags.xpath(".//h2[@id='tag:pilot']/following-sibling::ul[1]//a/@href") == ["../episodes/001-pilot/"]
    assert texts(tags.xpath(".//h2[@id='tag:json']/following-sibling::ul[1]//a")) == [
        "Second </script><b>bold</b> & more"]


def test_markup_in_yaml_titles_is_text_on_every_page(site):
    """Themes print page titles as HTML (header, tab title, tags page, footer): they must arrive escaped."""
    for path in site.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert "<b>bold</b>" not in source and "<Guest>" not in source, path
    root = page(site, "episodes/002-second/index.html")
    assert root.xpath("//title")[0].text == "Second </script><b>bold</b> & more - Listener Show"
    assert texts(root.xpath("//header//*[@class='md-ellipsis']"))[-1] == "Second </script><b>bold</b> & more"
    assert head_meta(root)["description"] == ("The second episode: a JSON transcript </script> with word-level "
                                              "segments.")


# -- the page head: discovery, link previews, search engines ------------------------------------------------------

def head_meta(root) -> dict[str, str]:
    return {m.get("property") or m.get("name"): m.get("content") for m in root.xpath("//head/meta[@content]")}


def test_episode_head_has_open_graph_twitter_canonical_and_feed(site):
    root = page(site, "episodes/001-pilot/index.html")
    meta = head_meta(root)
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "The Pilot"
    assert meta["og:url"] == SITE + "episodes/001-pilot/"
    assert meta["og:audio"] == SITE + "media/tone-6s.mp3"
    assert meta["og:audio:type"] == "audio/mpeg"
    assert meta["og:image"] == SITE + "media/cover.png"
    assert meta["twitter:card"] == "summary" and meta["twitter:title"] == "The Pilot"
    assert root.xpath("//link[@rel='canonical']/@href") == [SITE + "episodes/001-pilot/"]
    assert root.xpath("//link[@rel='alternate'][@type='application/rss+xml']/@href") == ["../../feed.xml"]


def test_episode_json_ld_is_a_podcast_episode_with_its_audio(site):
    root = page(site, "episodes/002-second/index.html")
    [script] = root.xpath("//script[@type='application/ld+json']")
    raw = script.text
    assert "</script" not in raw.lower() and "<b>" not in raw  # the title cannot end the script early
    data = json.loads(raw)
    assert data["@type"] == "PodcastEpisode"
    assert data["name"] == "Second </script><b>bold</b> & more"
    size = (site / "media/tone-6s.m4a").stat().st_size
    assert data["associatedMedia"] == {"@type": "MediaObject", "contentUrl": SITE + "media/tone-6s.m4a",
                                       "encodingFormat": "audio/x-m4a", "contentSize": str(size), "duration": "PT6S"}
    assert data["partOfSeries"] == {"@type": "PodcastSeries", "name": "Listener Show", "url": SITE}
    assert data["partOfSeason"]["seasonNumber"] == 2 and data["episodeNumber"] == 1
    assert head_meta(root)["og:title"] == "Second </script><b>bold</b> & more"


def test_other_pages_describe_the_series(site):
    root = page(site, "index.html")
    data = json.loads(root.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["@type"] == "PodcastSeries"
    assert data["webFeed"] == SITE + "feed.xml" and data["url"] == SITE
    assert data["description"] == "A show with <everything> & more for podsite's listener tests."
    meta = head_meta(root)
    assert meta["og:type"] == "website" and meta["og:image"] == SITE + "media/cover.png"


def test_sitemap_lists_episode_transcript_and_people_pages(site):
    sitemap = etree.parse(str(site / "sitemap.xml"))
    locations = set(sitemap.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}))
    assert {SITE + "episodes/001-pilot/", SITE + "episodes/001-pilot/transcript/", SITE + "people/ana/",
            SITE + "episodes/"} <= locations


def test_repository_link_does_not_ask_github_for_stars(sample_site):
    root = page(sample_site, "index.html")
    assert set(root.xpath("//a[@class='md-source']/@href")) == {"https://github.com/example/between-candles"}
    assert root.xpath("//*[@data-md-component='source']") == []  # Material would fetch api.github.com


def test_transcripts_can_be_left_out_of_search(tmp_path):
    repo = copy_show("listener", tmp_path)
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - podsite\n", "  - podsite:\n      search_transcripts: false\n"), encoding="utf-8")
    site = build_show(repo)
    index = " ".join(record["content"] for record in search_records(site).values())
    assert "quokka" not in index and "The Pilot" in index
    assert "quokka" in (site / "episodes/001-pilot/transcript/index.html").read_text(encoding="utf-8")
