"""`podsite import FEED`: a show moves in from any host and keeps every GUID and enclosure.

Fixture feeds shaped like the major hosts' live in tests/fixtures/import-*/. The five real feeds in
../shared/feeds/ (see its README) are read in place, never copied into the repository.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import podcastparser
import pytest
from lxml import etree

from helpers import FIXTURES, REPO, build_show, run
from podsite.layout import Paths
from podsite.load.catalog import load_catalog
from podsite.timefmt import parse_duration

SHARED_FEEDS = REPO.parent / "shared" / "feeds"
HOSTS = ["simplecast", "acast", "podbean", "powerpress", "megaphone", "odd"]
REAL = ["anchor-griftonomics", "buzzsprout-haskell-interlude", "libsyn-corecursive", "podlove-der-lautsprecher",
        "transistor-on-the-metal"]
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


def podsite(repo: Path, *args: str):
    return run([sys.executable, "-m", "podsite.cli", *args], cwd=repo)


def real_feed(name: str) -> Path:
    path = SHARED_FEEDS / f"{name}.xml"
    if not SHARED_FEEDS.is_dir():
        pytest.skip(f"../shared/feeds is absent (the real feeds are read in place, never copied): {path}")
    return path


def episodes_of(feed: Path) -> dict[str, tuple[str, str]]:
    """guid (or enclosure URL) -> (enclosure URL, length) of each item with audio, first one per GUID."""
    found: dict[str, tuple[str, str]] = {}
    channel = etree.parse(str(feed)).find("channel")
    for item in channel.iterfind("item"):
        enclosure = item.find("enclosure")
        if enclosure is None:
            continue
        url = urljoin(channel.findtext("link").strip(), enclosure.get("url").strip())  # as apps resolve it
        guid = (item.findtext("guid") or "").strip() or url
        found.setdefault(guid, (url, enclosure.get("length")))
    return found


def import_into(tmp_path: Path, feed: Path, *extra: str) -> tuple[Path, str]:
    repo = tmp_path / "show"
    repo.mkdir()
    result = podsite(repo, "import", str(feed), "--site-url", "https://new.example.com/", *extra)
    assert result.returncode == 0, result.output
    return repo, result.stdout


def regenerate(repo: Path) -> Path:
    result = podsite(repo, "feed", "-o", "new.xml")
    assert result.returncode == 0, result.output
    return repo / "new.xml"


def assert_round_trip(old: Path, repo: Path) -> Path:
    """The feed built from the imported files keeps every GUID and enclosure, as every reader sees it."""
    new = regenerate(repo)
    before, after = episodes_of(old), episodes_of(new)
    assert set(after) == set(before)
    for guid, (url, length) in before.items():
        assert after[guid][0] == url, guid  # byte-for-byte the same URL: not decoded, not re-encoded
        if length not in (None, "", "0"):
            assert after[guid][1] == length, guid
    with new.open("rb") as handle:
        listeners = podcastparser.parse(str(new), handle)
    assert {e["guid"] for e in listeners["episodes"]} == set(before)
    assert {e["enclosures"][0]["url"] for e in listeners["episodes"]} == {u for u, _ in before.values()}
    parsed = feedparser.parse(new.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert {e.id for e in parsed.entries} == set(before)
    guard = podsite(repo, "check", "--against", str(old))
    assert guard.returncode == 0, guard.output
    return new


@pytest.mark.parametrize("host", HOSTS)
def test_import_of_a_host_feed_round_trips_guids_and_enclosures(tmp_path, host):
    feed = FIXTURES / f"import-{host}" / "feed.xml"
    extra = ("--owner-email", "owner@odd.example.org") if host == "odd" else ()
    repo, output = import_into(tmp_path, feed, *extra)
    if host == "megaphone":  # length="0" in the feed: the import says to measure the file, and that works
        assert "to do: podsite measure episodes/s3e01-1986-comeback.yml --audio PATH" in output
        media = Path(__file__).parent / "fixtures/media/tone-6s.mp3"
        measured = podsite(repo, "measure", "episodes/s3e01-1986-comeback.yml", "--audio", str(media))
        assert measured.returncode == 1 and "audio.duration: says 45:12 but the file has 0:06" in measured.stderr
        # our stand-in recording is shorter than the real one: the host decides, with --force
        measured = podsite(repo, "measure", "episodes/s3e01-1986-comeback.yml", "--audio", str(media), "--force")
        assert measured.returncode == 0, measured.output
    checked = podsite(repo, "check")
    assert checked.returncode == 0, checked.output
    assert_round_trip(feed, repo)


def test_import_then_strict_build(tmp_path):
    repo, _ = import_into(tmp_path, FIXTURES / "import-powerpress" / "feed.xml")
    site = build_show(repo)
    feed = etree.parse(str(site / "feed.xml"))
    assert feed.xpath("//item/guid/text()") == ["https://smalltown.example.net/?p=412",
                                                "https://smalltown.example.net/?p=398"]
    page = (site / "episodes/024-budget-vote-part-2/index.html").read_text()
    assert "How the council got to" in page and "alert('tracking')" not in page


def test_import_keeps_every_fact(tmp_path):
    repo, _ = import_into(tmp_path, FIXTURES / "import-powerpress" / "feed.xml")
    catalog = load_catalog(Paths.at(repo))
    show = catalog.show
    assert (show.title, show.language, show.author, show.owner.email) == (
        "Small Town Council", "en-US", "Sam Reyes", "sam@smalltown.example.net")
    assert [(c.name, c.subcategory) for c in show.categories] == [("Government", None), ("News", "Politics")]
    assert [(f.url, f.text) for f in show.funding] == [("https://smalltown.example.net/support/", "Support the show")]
    assert catalog.people["sam-reyes"].role == "host"
    newest = catalog.episodes[0]
    assert (newest.title, newest.number, newest.season, newest.type, newest.explicit) == (
        "The Budget Vote – Part 2", 24, 2, "full", False)
    assert newest.date.isoformat() == "2024-01-11T17:00:00+00:00"
    assert (newest.audio.bytes, newest.audio.duration, newest.audio.mime_type) == (30998112, 3875, "audio/mpeg")
    assert newest.image.url == "https://smalltown.example.net/wp-content/uploads/2024/01/ep24.png"
    assert [(t.asset.url, t.mime_type, t.language) for t in newest.transcripts] == [
        ("https://smalltown.example.net/wp-content/uploads/2024/01/stc-024.vtt", "text/vtt", "en")]
    assert [(c.person.name, c.role) for c in newest.credits] == [("Jo Ames", "guest")]
    notes = newest.writeup.markdown
    assert "## Links" in notes and "[The budget (PDF)](https://smalltown.example.net/wp-content/" in notes
    assert "(https://smalltown.example.net/2023/12/14/budget-vote-part-1/)" in notes  # relative link resolved
    assert "alert" not in notes


def test_import_handles_odd_feeds_and_reports_what_it_guessed(tmp_path):
    feed = FIXTURES / "import-odd" / "feed.xml"
    refused = podsite(tmp_path, "import", str(feed))
    assert refused.returncode == 1
    assert "owner.email" in refused.stderr and "--owner-email" in refused.stderr
    assert not (tmp_path / "episodes").exists()  # nothing half-written

    repo, output = import_into(tmp_path, feed, "--owner-email", "owner@odd.example.org")
    for reported in ("'Minutes': no GUID; used its enclosure URL",
                     "relative enclosure URL 'media/ep1.mp3' made absolute",
                     "'Hours': 1 extra enclosure(s); kept the first",
                     "'Repeat': the same GUID as an earlier item (odd-5)",
                     "'A blog post, not an episode': no audio",
                     "category: 'Games & Hobbies' is Apple's old name; used Leisure",
                     "'Seconds': the first chapter started at 0:05; moved it to 0:00",
                     "chapter 'After the end' starts after the end of the audio",
                     "episode number '0' is not 1 or more"):
        assert reported in output, reported
    catalog = load_catalog(Paths.at(repo))
    by_title = {e.title: e for e in catalog.episodes}
    # itunes:duration in every format, as whole seconds
    assert {t: by_title[t].audio.duration for t in ("Seconds", "Minutes", "Hours", "Long minutes", "Words")} == {
        "Seconds": 3044, "Minutes": 3208, "Hours": 3723, "Long minutes": 4512, "Words": 3723}
    assert catalog.show.title == "Odd Feed" and catalog.show.explicit is True
    assert catalog.show.image.url == "https://odd.example.org/art/cover.jpg"
    minutes = by_title["Minutes"]
    assert [(c.start, c.title) for c in minutes.chapters] == [(0, "Hello"), (95.5, "The story")]  # JSON beside
    notes = minutes.writeup.markdown
    assert "[the notes](https://odd.example.org/notes/ep2)" in notes and "javascript" not in notes
    assert "alert" not in notes
    assert [(c.person.id, c.role) for c in by_title["Seconds"].credits] == [("sid-kick", "guest"),
                                                                           ("olive-odd", "host")]
    assert by_title["Long minutes"].audio.mime_type == "audio/x-m4a"


def test_import_refuses_to_mix_with_an_existing_show_unless_replacing(tmp_path):
    from helpers import copy_show

    repo = copy_show("sample", tmp_path)
    feed = FIXTURES / "import-acast" / "feed.xml"
    refused = podsite(repo, "import", str(feed))
    assert refused.returncode == 1 and "--replace" in refused.stderr
    assert (repo / "episodes/001-small-wins.yml").is_file()
    replaced = podsite(repo, "import", str(feed), "--replace", "--site-url", "https://trains.example.com/")
    assert replaced.returncode == 0, replaced.output
    assert not (repo / "episodes/001-small-wins.yml").exists()
    assert not (repo / "docs/episodes/001-small-wins.md").exists()
    assert "site_name: Night Trains\n" in (repo / "mkdocs.yml").read_text()
    assert "theme:" in (repo / "mkdocs.yml").read_text()  # the rest of the host's mkdocs.yml stays
    build_show(repo)
    assert podsite(repo, "check", "--against", str(feed)).returncode == 0



def test_import_refuses_to_overwrite_a_show_or_people_file_unless_replacing(tmp_path):
    from helpers import copy_show

    repo = copy_show("sample", tmp_path)
    for path in (repo / "episodes").glob("[!_]*.yml"):  # no episodes yet, but the host's show and people files
        path.unlink()
    before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
    feed = FIXTURES / "import-powerpress" / "feed.xml"  # it has people, so it would write _people.yml
    refused = podsite(repo, "import", str(feed))
    assert refused.returncode == 1 and "Traceback" not in refused.output
    assert "episodes/_show.yml: already exists and the import would overwrite it" in refused.stderr
    assert "episodes/_people.yml: already exists" in refused.stderr and "--replace" in refused.stderr
    assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == before  # nothing written
    replaced = podsite(repo, "import", str(feed), "--replace", "--site-url", "https://town.example.com/")
    assert replaced.returncode == 0, replaced.output
    assert "Sam Reyes" in (repo / "episodes/_people.yml").read_text()


@pytest.mark.parametrize("name", REAL)
def test_import_of_a_real_feed_round_trips(tmp_path, name):
    feed = real_feed(name)
    repo, _ = import_into(tmp_path, feed, "--owner-email", "owner@example.com")
    checked = podsite(repo, "check")
    assert checked.returncode == 0, checked.output
    new = assert_round_trip(feed, repo)
    old_items = etree.parse(str(feed)).findall("channel/item")
    new_items = {i.findtext("guid"): i for i in etree.parse(str(new)).iterfind("channel/item")}
    for item in old_items:
        twin = new_items[item.findtext("guid").strip()]
        for tag in ("episode", "season", "episodeType"):
            if item.findtext(ITUNES + tag):
                assert twin.findtext(ITUNES + tag) == item.findtext(ITUNES + tag).strip()
        duration = parse_duration(item.findtext(ITUNES + "duration").strip())
        assert int(twin.findtext(ITUNES + "duration")) == round(duration)
        assert twin.findtext("pubDate")[:16] == item.findtext("pubDate").strip()[:16]


def test_real_feeds_keep_their_podcast_guid_and_chapters(tmp_path):
    feed = real_feed("transistor-on-the-metal")
    repo, _ = import_into(tmp_path, feed, "--owner-email", "owner@example.com")
    old = etree.parse(str(feed)).findtext("channel/{https://podcastindex.org/namespace/1.0}guid")
    assert load_catalog(Paths.at(repo)).show.podcast_guid == old.strip()

    podlove = real_feed("podlove-der-lautsprecher")
    (tmp_path / "two").mkdir()
    repo2, _ = import_into(tmp_path / "two", podlove)
    catalog = load_catalog(Paths.at(repo2))
    psc = "{http://podlove.org/simple-chapters}chapter"
    assert sum(len(e.chapters) for e in catalog.episodes) == len(etree.parse(str(podlove)).findall(f".//{psc}"))
    assert {e.audio.mime_type for e in catalog.episodes} == {"audio/mp4"}
    assert catalog.show.language == "de-DE"


def test_import_of_a_serial_show_passes_check_and_lists_every_value_it_changed(tmp_path):
    """A serial show with unnumbered items, HTML in a subtitle, a channel link ending in `?`, an image inside a
    heading and a non-breaking space inside emphasis: the import passes `podsite check`, keeps the notes' words
    and images, and lists each change it made to a value."""
    feed = FIXTURES / "import-serial" / "feed.xml"
    repo = tmp_path / "show"
    repo.mkdir()
    result = podsite(repo, "import", str(feed))
    assert result.returncode == 0, result.output
    output = result.stdout
    for reported in ("site_url: the feed's <link> (https://serial.example.net/show?) without its query string: "
                     "https://serial.example.net/show/",
                     "title: spaces and line breaks collapsed: 'The Long Road'",
                     "'Chapter One: The Gate': spaces and line breaks in the title collapsed",
                     "explicit: the feed says 'clean'; imported as false",
                     "'Chapter One: The Gate': explicit 'clean' imported as false",
                     "'The story so far': a full episode without a number in a serial show; imported as type: bonus "
                     "(Apple needs a number on every full episode of a serial show)"):
        assert reported in output, (reported, output)
    checked = podsite(repo, "check")
    assert checked.returncode == 0, checked.output
    catalog = load_catalog(Paths.at(repo))
    assert catalog.show.site_url == "https://serial.example.net/show/"
    by_title = {e.title: e for e in catalog.episodes}
    gate = by_title["Chapter One: The Gate"]
    assert gate.summary == "Where it all starts & more"
    notes = gate.writeup.markdown
    assert "![The gate](https://serial.example.net/gate.jpg)" in notes
    assert "*1865* is what the sign says" in notes and "**nobody** believes" in notes
    assert by_title["The story so far"].type == "bonus" and by_title["Coming soon"].type == "trailer"
    assert_round_trip(feed, repo)


def test_a_site_url_with_a_query_or_fragment_is_refused(show_copy):
    repo = show_copy("minimal")
    show = repo / "episodes/_show.yml"
    for address in ("https://minimal.example.com/?", "https://minimal.example.com/?a=1", "https://minimal.example.com/#top"):
        show.write_text(show.read_text(encoding="utf-8").replace("site_url: https://minimal.example.com/",
                                                                 f"site_url: {address}"), encoding="utf-8")
        result = podsite(repo, "check")
        assert result.returncode == 1
        assert (f"episodes/_show.yml:3: site_url: '{address}' has a query or fragment; a site address is "
                f"scheme, host and path only, like https://minimal.example.com/") in result.stderr + result.stdout
        show.write_text(show.read_text(encoding="utf-8").replace(f"site_url: {address}",
                                                                 "site_url: https://minimal.example.com/"),
                        encoding="utf-8")
