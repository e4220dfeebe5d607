"""Issue 3: one XPath test per feed tag, each from the every-feature fixture's YAML (tests/fixtures/everything)."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedkit import NS, append, edit, feed, item, show, x

SITE = "https://everything.example.com/"
EVERYTHING = "3f1d2c4b-0001-4a00-8000-000000000001"
REMOTE = "https://old-host.example.com/?p=2&ref=feed"
BONUS = "3f1d2c4b-0003-4a00-8000-000000000003"
TRAILER = "3f1d2c4b-0000-4a00-8000-000000000000"
OP3_PODTRAC = "https://op3.dev/e/dts.podtrac.com/redirect.mp3/"


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return feed(show("everything", tmp_path_factory.mktemp("tags")))


# -- channel --------------------------------------------------------------------------------------------------

CHANNEL = [
    ("title", "string(title)", "Everything & More"),
    ("description", "string(description)",
     "A fixture show that uses every feature: Apple's tags, the Podcasting 2.0 namespace, chapters, "
     "transcripts, soundbites & alternate encodings."),
    ("link", "string(link)", SITE),
    ("language", "string(language)", "en-GB"),
    ("copyright", "string(copyright)", "© 2024 The Everything Crew"),
    ("generator", "string(generator)", "podsite"),
    ("rss image", "string(image/url)", SITE + "media/cover.png"),
    ("itunes:image", "string(itunes:image/@href)", SITE + "media/cover.png"),
    ("itunes:category", "itunes:category/@text", ["Leisure", "History"]),
    ("itunes:category subcategory", "itunes:category[@text='Leisure']/itunes:category/@text", ["Hobbies"]),
    ("itunes:explicit", "string(itunes:explicit)", "false"),
    ("itunes:author", "string(itunes:author)", "The Everything Crew"),
    ("itunes:owner name", "string(itunes:owner/itunes:name)", "Olive Owner"),
    ("itunes:owner email", "string(itunes:owner/itunes:email)", "owner@everything.example.com"),
    ("itunes:type", "string(itunes:type)", "serial"),
    ("itunes:new-feed-url", "string(itunes:new-feed-url)", "https://feeds.everything.example.com/feed.xml"),
    ("itunes:complete", "string(itunes:complete)", "Yes"),
    ("itunes:block absent when false", "count(itunes:block)", 0.0),
    ("atom:link self", "atom:link[@rel='self']/@href", [SITE + "feed.xml"]),
    ("atom:link type", "string(atom:link[@rel='self']/@type)", "application/rss+xml"),
    ("podcast:guid", "string(podcast:guid)", "7452db58-56ac-5372-9bb9-869f60f25e87"),
    ("podcast:locked", "string(podcast:locked)", "yes"),
    ("podcast:locked owner", "string(podcast:locked/@owner)", "owner@everything.example.com"),
    ("podcast:funding url", "podcast:funding/@url",
     ["https://everything.example.com/support?via=feed&tier=1", "https://patrons.example.com/everything"]),
    ("podcast:funding text", "podcast:funding/text()", ["Support the show", "Become a patron"]),
    ("podcast:medium", "string(podcast:medium)", "podcast"),
    ("podcast:license", "string(podcast:license)", "cc-by-4.0"),
    ("podcast:license url", "string(podcast:license/@url)", "https://creativecommons.org/licenses/by/4.0/"),
    ("podcast:location", "string(podcast:location)", "Amsterdam, Netherlands"),
    ("podcast:location geo", "string(podcast:location/@geo)", "geo:52.3676,4.9041"),
    ("podcast:location osm", "string(podcast:location/@osm)", "R271110"),
    ("podcast:location rel", "string(podcast:location/@rel)", "creator"),
    ("podcast:txt", "podcast:txt/text()", ["everything-verify-8c1f2a", "Made with podsite"]),
    ("podcast:txt purpose", "podcast:txt/@purpose", ["verify"]),
    ("podcast:podroll feedGuid", "podcast:podroll/podcast:remoteItem/@feedGuid",
     ["917393e3-1b1e-5cef-ace4-edaa54e1f810"]),
    ("podcast:podroll feedUrl", "podcast:podroll/podcast:remoteItem/@feedUrl",
     ["https://friends.example.com/feed.xml"]),
    ("podcast:updateFrequency", "string(podcast:updateFrequency)", "Every other Tuesday"),
    ("podcast:updateFrequency rrule", "string(podcast:updateFrequency/@rrule)", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ("podcast:updateFrequency dtstart", "string(podcast:updateFrequency/@dtstart)", "2024-01-02T09:00:00+00:00"),
    ("podcast:updateFrequency complete", "string(podcast:updateFrequency/@complete)", "true"),
    ("podcast:person hosts only", "podcast:person/text()", ["Hana Host", "Cody Co-host"]),
    ("podcast:person roles", "podcast:person/@role", ["host", "co-host"]),
    ("podcast:person img", "podcast:person[1]/@img", [SITE + "media/person.png"]),
    ("podcast:person href", "podcast:person[1]/@href", ["https://hana.example.com/"]),
    ("podcast:trailer", "podcast:trailer/text()", ["Coming soon to Everything & More"]),
    ("podcast:trailer url", "string(podcast:trailer/@url)", "https://cdn.everything.example.com/trailer.mp3"),
    ("podcast:trailer length", "string(podcast:trailer/@length)", "720000"),
    ("podcast:trailer type", "string(podcast:trailer/@type)", "audio/mpeg"),
    ("podcast:trailer pubdate", "string(podcast:trailer/@pubdate)", "Tue, 02 Jan 2024 00:00:00 +0100"),
    ("podcast:trailer season", "string(podcast:trailer/@season)", "1"),
    ("podcast:image", "string(podcast:image/@href)", SITE + "media/cover.png"),
    ("podcast:image alt", "string(podcast:image/@alt)", "A paper boat on a blue sea"),
    ("podcast:image aspect", "string(podcast:image/@aspect-ratio)", "1/1"),
    ("lastBuildDate is the newest episode's date", "string(lastBuildDate)", "Tue, 06 Feb 2024 00:00:00 +0100"),
]


@pytest.mark.parametrize(("xpath", "expected"), [c[1:] for c in CHANNEL], ids=[c[0] for c in CHANNEL])
def test_channel_tag(root, xpath, expected):
    assert x(root.find("channel"), xpath) == expected


def test_namespaces_are_exactly_the_documented_uris(root):
    for prefix in ("itunes", "podcast", "psc", "atom", "content"):
        assert root.nsmap[prefix] == NS[prefix]


# -- items ----------------------------------------------------------------------------------------------------

ITEM = [
    ("title", "string(title)", "Everything, all at once"),
    ("link", "string(link)", SITE + "episodes/001-everything/"),
    ("guid", "string(guid)", EVERYTHING),
    ("guid isPermaLink", "string(guid/@isPermaLink)", "false"),
    ("pubDate RFC 2822", "string(pubDate)", "Tue, 16 Jan 2024 09:00:00 +0100"),
    ("description plain", "string(description)",
     "Hana & Gus try every feature at once: chapters, transcripts in two languages, an AAC version & more."),
    ("enclosure url with analytics prefixes", "string(enclosure/@url)",
     OP3_PODTRAC + "everything.example.com/media/tone-6s.mp3"),
    ("enclosure exact bytes", "string(enclosure/@length)",
     str((Path(__file__).parent / "fixtures/media/tone-6s.mp3").stat().st_size)),
    ("enclosure type", "string(enclosure/@type)", "audio/mpeg"),
    ("itunes:duration seconds", "string(itunes:duration)", "6"),
    ("itunes:episode", "string(itunes:episode)", "1"),
    ("itunes:season", "string(itunes:season)", "1"),
    ("itunes:episodeType", "string(itunes:episodeType)", "full"),
    ("itunes:image", "string(itunes:image/@href)", SITE + "media/cover.png"),
    ("itunes:explicit", "string(itunes:explicit)", "false"),
    ("itunes:title", "string(itunes:title)", "Everything, all at once"),
    ("itunes:block absent", "count(itunes:block)", 0.0),
    ("podcast:season", "string(podcast:season)", "1"),
    ("podcast:episode", "string(podcast:episode)", "1"),
    ("podcast:transcript per file and language", "podcast:transcript/@url",
     [SITE + "episodes/001-everything.vtt", SITE + "episodes/001-everything.de.vtt",
      SITE + "episodes/001-everything.srt", SITE + "episodes/001-everything.json"]),
    ("podcast:transcript language", "podcast:transcript/@language", ["en", "de", "en", "en"]),
    ("podcast:transcript type", "podcast:transcript/@type",
     ["text/vtt", "text/vtt", "application/x-subrip", "application/json"]),
    ("podcast:transcript captions for timed formats", "podcast:transcript[@rel='captions']/@type",
     ["text/vtt", "text/vtt", "application/x-subrip"]),
    ("podcast:chapters url", "string(podcast:chapters/@url)", SITE + "episodes/001-everything.chapters.json"),
    ("podcast:chapters type", "string(podcast:chapters/@type)", "application/json+chapters"),
    ("psc:chapters start", "psc:chapters/psc:chapter/@start", ["00:00:00", "00:00:02.500", "00:00:04"]),
    ("psc:chapters title", "psc:chapters/psc:chapter/@title", ["Hello & welcome", "The <middle> part", "Goodbye"]),
    ("psc:chapter href", "psc:chapters/psc:chapter/@href", ["https://example.com/middle?x=1&y=2"]),
    ("psc:chapter image", "psc:chapters/psc:chapter/@image", [SITE + "media/person.png"]),
    ("podcast:person restates hosts", "podcast:person/text()",
     ["Hana Host", "Cody Co-host", "Gus Guest", "Pat Producer"]),
    ("podcast:person roles", "podcast:person/@role", ["host", "co-host", "guest", "producer"]),
    ("podcast:alternateEnclosure type", "string(podcast:alternateEnclosure/@type)", "audio/x-m4a"),
    ("podcast:alternateEnclosure length", "string(podcast:alternateEnclosure/@length)",
     str((Path(__file__).parent / "fixtures/media/tone-6s.m4a").stat().st_size)),
    ("podcast:alternateEnclosure bitrate", "string(podcast:alternateEnclosure/@bitrate)", "32000"),
    ("podcast:alternateEnclosure title", "string(podcast:alternateEnclosure/@title)", "AAC version"),
    ("podcast:alternateEnclosure source", "podcast:alternateEnclosure/podcast:source/@uri",
     [SITE + "media/tone-6s.m4a"]),
    ("podcast:location", "podcast:location/text()", ["Rotterdam, Netherlands"]),
    ("podcast:funding", "podcast:funding/text()", ["Support this episode"]),
    ("podcast:funding url", "podcast:funding/@url", ["https://everything.example.com/support/episode-1"]),
    ("podcast:image", "podcast:image/@href", [SITE + "media/cover.png"]),
]


@pytest.mark.parametrize(("xpath", "expected"), [c[1:] for c in ITEM], ids=[c[0] for c in ITEM])
def test_item_tag(root, xpath, expected):
    assert x(item(root, EVERYTHING), xpath) == expected


REMOTE_ITEM = [
    ("title with emoji and right-to-left text", "string(title)", "Boats ⛵ & harbours: مرحبا بالعالم"),
    ("imported guid kept as written", "string(guid)", REMOTE),
    ("enclosure url keeps its query", "string(enclosure/@url)",
     OP3_PODTRAC + "cdn.everything.example.com/002.mp3?from=feed&x=1"),
    ("enclosure bytes from the YAML", "string(enclosure/@length)", "29876543"),
    ("itunes:duration from 1:02:03", "string(itunes:duration)", "3723"),
    ("itunes:explicit true", "string(itunes:explicit)", "true"),
    ("no itunes:image without an episode image", "count(itunes:image)", 0.0),
    ("podcast:soundbite startTime", "podcast:soundbite/@startTime", ["720.0", "1830.5"]),
    ("podcast:soundbite duration", "podcast:soundbite/@duration", ["45.0", "60.25"]),
    ("podcast:soundbite title", "podcast:soundbite/text()", ["Why boats float"]),
    ("podcast:alternateEnclosure remote", "podcast:alternateEnclosure/podcast:source/@uri",
     ["https://cdn.everything.example.com/002.opus"]),
    ("podcast:alternateEnclosure opus", "string(podcast:alternateEnclosure/@type)", "audio/opus"),
    ("podcast:location attributes", "podcast:location/@*", ["subject", "geo:51.95,4.14", "W4404415"]),
    ("hosts listed by the episode are not repeated", "podcast:person/text()",
     ["Hana Host", "Cody Co-host", "Gus Guest"]),
    ("no chapters, no chapter tags", "count(podcast:chapters | psc:chapters)", 0.0),
]


@pytest.mark.parametrize(("xpath", "expected"), [c[1:] for c in REMOTE_ITEM], ids=[c[0] for c in REMOTE_ITEM])
def test_remote_item_tag(root, xpath, expected):
    assert x(item(root, REMOTE), xpath) == expected


def test_bonus_episode_is_blocked_and_unnumbered(root):
    bonus = item(root, BONUS)
    assert x(bonus, "string(itunes:block)") == "Yes"
    assert x(bonus, "string(itunes:episodeType)") == "bonus"
    assert x(bonus, "count(itunes:episode | podcast:episode)") == 0


def test_trailer_is_an_item_of_type_trailer_too(root):
    assert x(item(root, TRAILER), "string(itunes:episodeType)") == "trailer"


def test_items_are_the_published_episodes_newest_first(root):
    assert x(root, "/rss/channel/item/guid/text()") == [BONUS, REMOTE, EVERYTHING, TRAILER]


def test_show_notes_are_html_with_absolute_links_and_no_scripts(tmp_path):
    # The fixture's write-up is clean (podsite check would warn); a hostile one is made here.
    repo = show("everything", tmp_path)
    append(repo / "docs/episodes/001-everything.md", '\n<script>alert("never in a podcast app")</script>\n'
                                                     '<p onclick="alert(1)">A paragraph with an inline handler '
                                                     'that the feed drops.</p>\n')
    notes = x(item(feed(repo), EVERYTHING), "string(content:encoded)")
    assert '<a href="https://everything.example.com/people/gus/">Gus</a>' in notes
    assert '<a href="https://everything.example.com/">link to the show</a>' in notes
    assert "<script" not in notes and "onclick" not in notes and "alert" not in notes
    assert "A paragraph with an inline handler that the feed drops." in notes


# -- tags that the fixture leaves at their defaults: each appears when its YAML says so -----------------------

def test_show_block_writes_itunes_block(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/_show.yml", "block: false ", "block: true  ")
    assert x(feed(repo), "string(/rss/channel/itunes:block)") == "Yes"


def test_locked_no_and_absent(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/_show.yml", "locked: true ", "locked: false")
    assert x(feed(repo), "string(/rss/channel/podcast:locked)") == "no"
    edit(repo / "episodes/_show.yml", "locked: false", "# locked")
    assert x(feed(repo), "count(/rss/channel/podcast:locked)") == 0


def test_plain_license_and_text_update_frequency(tmp_path):
    repo = show("everything", tmp_path)
    path = repo / "episodes/_show.yml"
    edit(path, "license:                                         # <podcast:license>: an SPDX id, or a name "
               "and its url\n  name: cc-by-4.0\n  url: https://creativecommons.org/licenses/by/4.0/\n",
         "license: cc0-1.0\n")
    edit(path, "update_frequency:                                # <podcast:updateFrequency>: a text, or "
               "text/rrule/dtstart\n  text: Every other Tuesday\n  rrule: FREQ=WEEKLY;INTERVAL=2;BYDAY=TU\n"
               "  dtstart: 2024-01-02T09:00:00Z\n", "update_frequency: Weekly\n")
    root = feed(repo)
    assert x(root, "/rss/channel/podcast:license/@*") == []
    assert x(root, "string(/rss/channel/podcast:license)") == "cc0-1.0"
    assert x(root, "string(/rss/channel/podcast:updateFrequency)") == "Weekly"


def test_minimal_show_writes_no_optional_tag(minimal_repo):
    channel = feed(minimal_repo).find("channel")
    for tag in ("itunes:new-feed-url", "itunes:block", "itunes:complete", "podcast:locked", "podcast:funding",
                "podcast:medium", "podcast:license", "podcast:location", "podcast:txt", "podcast:podroll",
                "podcast:updateFrequency", "podcast:trailer", "//podcast:soundbite",
                "//podcast:alternateEnclosure", "//itunes:block", "copyright"):
        assert x(channel, f"count({tag})") == 0, tag


def test_show_image_alt_defaults_to_the_title(minimal_repo):
    assert x(feed(minimal_repo), "string(/rss/channel/podcast:image/@alt)") == "Minimal Show"


def test_episode_without_people_restates_no_one(tmp_path):
    repo = show("everything", tmp_path)
    edit(repo / "episodes/000-trailer.yml", "people: [hana]\n", "")
    assert x(item(feed(repo), TRAILER), "count(podcast:person)") == 0


def test_episode_explicit_absent_means_the_show_setting(root):
    assert x(item(root, TRAILER), "count(itunes:explicit)") == 0


@pytest.fixture
def minimal_repo(tmp_path):
    return show("minimal", tmp_path)


def test_channel_person_roles_come_from_the_registry(tmp_path):
    repo = show("everything", tmp_path)
    append(repo / "episodes/_people.yml", "gina:\n  name: Gina Guest Host\n  role: guest host\n")
    assert x(feed(repo), "/rss/channel/podcast:person/@role") == ["host", "co-host", "guest host"]
