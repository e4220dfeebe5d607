"""`podsite export DIR`: every page as plain markdown with front matter, losing nothing."""

from __future__ import annotations

import sys
from urllib.parse import urljoin

import yaml
from lxml import etree

from helpers import run
from podsite.layout import Paths
from podsite.load.catalog import load_catalog


def front_matter(path):
    text = path.read_text()
    assert text.startswith("---\n")
    head, _, body = text[4:].partition("\n---\n")
    return yaml.safe_load(head), body.strip()


def test_export_writes_every_episode_and_person_with_all_their_facts(show_copy, tmp_path):
    repo = show_copy("minimal")
    out = tmp_path / "export"
    result = run([sys.executable, "-m", "podsite.cli", "export", str(out)], cwd=repo)
    assert result.returncode == 0, result.output
    catalog = load_catalog(Paths.at(repo))
    for episode in catalog.episodes + catalog.unpublished:
        meta, body = front_matter(out / "episodes" / f"{episode.slug}.md")
        assert meta["guid"] == episode.guid and meta["title"] == episode.title
        assert meta["audio"] == {"url": episode.audio.asset.url, "bytes": episode.audio.bytes,
                                 "type": episode.audio.mime_type, "duration": episode.audio.duration}
        assert meta["url"] == f"/episodes/{episode.slug}/"  # public addresses stay the same
        assert meta["draft"] is episode.draft
    first, body = front_matter(out / "episodes/001-first.md")
    assert first["number"] == 1 and first["season"] == 1 and first["tags"] == ["testing", "first"]
    assert [c["title"] for c in first["chapters"]] == ["Intro", "The middle"]
    assert [(p["id"], p["role"]) for p in first["people"]] == [("hana", "host"), ("gus", "guest")]
    assert body.startswith("The write-up of the first episode.")
    scheduled, _ = front_matter(out / "episodes/004-scheduled.md")
    assert scheduled["date"].startswith("2099-")  # scheduled stays scheduled in any generator
    hana, bio = front_matter(out / "people/hana.md")
    assert hana["role"] == "host" and bio == "Hana hosts the minimal show."
    assert (out / "feed.xml").read_bytes().startswith(b"<?xml")
    assert (out / "static/media/tone-6s.mp3").read_bytes() == (repo / "media/tone-6s.mp3").read_bytes()
    assert (out / "episodes/001-first.chapters.json").is_file()


def test_a_place_that_cannot_be_written_is_one_line_not_a_traceback(show_copy):
    repo = show_copy("minimal")
    (repo / "afile").write_text("not a folder")
    export = run([sys.executable, "-m", "podsite.cli", "export", "afile"], cwd=repo)
    assert export.returncode == 1 and "Traceback" not in export.output
    assert export.stderr.startswith("podsite: cannot write afile") and len(export.stderr.splitlines()) == 1
    feed = run([sys.executable, "-m", "podsite.cli", "feed", "-o", "docs"], cwd=repo)
    assert feed.returncode == 1 and "Traceback" not in feed.output
    assert feed.stderr == "podsite: cannot write docs: Is a directory\n"
    assert not list(repo.glob(".docs.*.tmp"))  # the half-written feed is gone


def test_export_keeps_the_sites_subpath_in_every_page_url(show_copy, tmp_path):
    repo = show_copy("minimal")
    show = repo / "episodes/_show.yml"
    show.write_text(show.read_text().replace("site_url: https://minimal.example.com/",
                                             "site_url: https://minimal.example.com/show/"))
    out = tmp_path / "export"
    result = run([sys.executable, "-m", "podsite.cli", "export", str(out)], cwd=repo)
    assert result.returncode == 0, result.output
    first, _ = front_matter(out / "episodes/001-first.md")
    assert first["url"] == "/show/episodes/001-first/"
    links = etree.parse(str(out / "feed.xml")).xpath("//item[guid=$g]/link/text()", g=first["guid"])
    assert links == [urljoin("https://minimal.example.com/", first["url"])]  # the page the feed links to
    hana, _ = front_matter(out / "people/hana.md")
    assert hana["url"] == "/show/people/hana/"


def test_export_never_overwrites_a_file_unless_forced(show_copy):
    repo = show_copy("minimal")
    writeup = repo / "docs/episodes/001-first.md"
    before = writeup.read_bytes()
    into_docs = run([sys.executable, "-m", "podsite.cli", "export", "docs"], cwd=repo)
    assert into_docs.returncode == 1 and "Traceback" not in into_docs.output
    assert into_docs.stderr.splitlines()[0].startswith("docs/episodes/")
    assert "already exists" in into_docs.stderr and "--force" in into_docs.stderr
    assert writeup.read_bytes() == before and not (repo / "docs/feed.xml").exists()  # nothing was written
    assert run([sys.executable, "-m", "podsite.cli", "export", "out"], cwd=repo).returncode == 0
    again = run([sys.executable, "-m", "podsite.cli", "export", "out"], cwd=repo)
    assert again.returncode == 1 and "already exists" in again.stderr
    forced = run([sys.executable, "-m", "podsite.cli", "export", "out", "--force"], cwd=repo)
    assert forced.returncode == 0, forced.output
