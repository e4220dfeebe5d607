"""The continuity guard: `podsite check --against FEED` catches every break of a published feed, and accepts
only the changes the YAML acknowledges."""

from __future__ import annotations

import http.server
import sys
import threading
from pathlib import Path

import pytest
from lxml import etree, html

from helpers import build_show, run

FIRST = "7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0001"
SECOND = "7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0002"
SECOND_URL = "https://cdn.example.com/minimal/002.mp3"


def podsite(repo: Path, *args: str):
    return run([sys.executable, "-m", "podsite.cli", *args], cwd=repo)


@pytest.fixture
def published(show_copy):
    """A copy of the minimal show and the feed it has published (written before the test changes anything)."""
    repo = show_copy("minimal")
    result = podsite(repo, "feed", "-o", "published.xml")
    assert result.returncode == 0, result.output
    return repo


def edit(repo: Path, name: str, old: str, new: str) -> None:
    path = repo / "episodes" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def guard(repo: Path, against: str = "published.xml"):
    return podsite(repo, "check", "--against", against)


def test_an_unchanged_show_passes(published):
    result = guard(published)
    assert result.returncode == 0, result.output
    assert "all 2 episode(s) of published.xml keep their GUID and audio URL" in result.stdout


def test_a_published_feed_with_no_episodes_is_said_not_passed_silently(published):
    feed = published / "published.xml"
    root = etree.fromstring(feed.read_bytes())
    for item in root.iter("item"):
        item.getparent().remove(item)
    feed.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    result = guard(published)
    assert result.returncode == 0, result.output
    assert "published.xml lists no episodes, so there is nothing to keep" in result.stdout
    assert "all 0 episode(s)" not in result.stdout


def test_a_changed_guid_fails_and_names_the_old_one(published):
    edit(published, "001-first.yml", FIRST, "a-brand-new-guid")
    result = guard(published)
    assert result.returncode == 1
    assert f"episodes/001-first.yml:2: guid: was {FIRST} in the published feed" in result.stderr
    assert f"set guid: {FIRST}" in result.stderr
    assert "nothing was published" in result.stderr


def test_a_changed_guid_cannot_hide_behind_an_acknowledged_removal(published):
    edit(published, "001-first.yml", FIRST, "a-brand-new-guid")
    (published / "episodes/_show.yml").write_text((published / "episodes/_show.yml").read_text()
                                                   + f"removed:\n  - {FIRST}\n")
    result = guard(published)
    assert result.returncode == 1
    assert "episodes/001-first.yml:2: guid: was" in result.stderr


def test_a_vanished_episode_fails_until_its_removal_is_acknowledged(published):
    (published / "episodes/002-remote.yml").unlink()
    result = guard(published)
    assert result.returncode == 1
    assert f"episodes/_show.yml: removed: 'Second Episode (on a CDN)' (guid {SECOND}) is in the published feed " \
           f"but no episode file has it" in result.stderr
    (published / "episodes/_show.yml").write_text((published / "episodes/_show.yml").read_text()
                                                   + f"removed:\n  - guid: {SECOND}\n    note: the guest asked\n")
    result = guard(published)
    assert result.returncode == 0, result.output


def test_a_changed_enclosure_fails_until_the_move_is_acknowledged(published):
    edit(published, "002-remote.yml", SECOND_URL, "https://new-cdn.example.com/002.mp3")
    result = guard(published)
    assert result.returncode == 1
    assert f"episodes/002-remote.yml:9: audio.url: the published feed has the audio at {SECOND_URL}" \
        in result.stderr
    edit(published, "002-remote.yml", "  bytes:", f"  moved_from: {SECOND_URL}\n  bytes:")
    assert guard(published).returncode == 0


def test_a_new_site_url_moves_local_enclosures_and_fails(published):
    edit(published, "_show.yml", "https://minimal.example.com/", "https://elsewhere.example.com/")
    result = guard(published)
    assert result.returncode == 1
    assert "episodes/001-first.yml" in result.stderr
    assert "https://minimal.example.com/media/tone-6s.mp3" in result.stderr
    assert "podcast_guid" in result.stderr  # the computed show GUID moved with the feed URL, too


def test_an_analytics_prefix_is_the_same_audio(published):
    (published / "episodes/_show.yml").write_text((published / "episodes/_show.yml").read_text()
                                                   + "analytics_prefix: https://op3.dev/e/\n")
    result = guard(published)
    assert result.returncode == 0, result.output
    assert "different analytics prefix" in result.stdout


@pytest.mark.parametrize(("change", "message"), [
    (("draft: true\n",), "is published but is now a draft"),
    (("date: 2024-02-14", "date: 2099-02-14"), "is published but is now scheduled for 2099-02-14"),
])
def test_a_published_episode_cannot_go_back_to_draft_or_schedule(published, change, message):
    path = published / "episodes/002-remote.yml"
    if len(change) == 1:
        path.write_text(path.read_text() + change[0])
    else:
        edit(published, "002-remote.yml", *change)
    result = guard(published)
    assert result.returncode == 1
    assert "episodes/002-remote.yml" in result.stderr and message in result.stderr


def test_item_limit_lets_old_episodes_leave_the_feed(published):
    (published / "episodes/_show.yml").write_text((published / "episodes/_show.yml").read_text()
                                                   + "item_limit: 1\n")
    result = guard(published)
    assert result.returncode == 0, result.output


def test_new_episodes_are_welcome(published):
    edit(published, "004-scheduled.yml", "2099-01-01", "2024-03-01")
    assert guard(published).returncode == 0


def test_a_feed_that_is_not_a_feed_is_reported(published):
    (published / "broken.xml").write_text("<html><body>Not found</body></html>")
    result = guard(published, "broken.xml")
    assert result.returncode == 1
    assert "broken.xml: is not an RSS feed" in result.stderr and "Traceback" not in result.output
    missing = guard(published, "nowhere.xml")
    assert missing.returncode == 1 and "nowhere.xml: not found" in missing.stderr


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def server(tmp_path):
    """A local web server (loopback only) serving tmp_path/www, like a published site."""
    root = tmp_path / "www"
    root.mkdir()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            lambda *a: _Quiet(*a, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def test_the_published_feed_is_fetched_from_its_url(show_copy, server):
    www, base = server
    repo = show_copy("minimal")
    edit(repo, "_show.yml", "site_url: https://minimal.example.com/",
         f"site_url: https://minimal.example.com/\nfeed_url: {base}feed.xml")
    first = guard(repo, "live")
    assert first.returncode == 0, first.output
    assert f"nothing is published at {base}feed.xml yet" in first.stdout  # the first deploy
    assert podsite(repo, "feed", "-o", str(www / "feed.xml")).returncode == 0
    assert guard(repo, "live").returncode == 0
    edit(repo, "001-first.yml", FIRST, "a-brand-new-guid")
    result = guard(repo, f"{base}feed.xml")
    assert result.returncode == 1 and "guid: was" in result.stderr
    gone = guard(repo, f"{base}gone.xml")  # an explicit URL must exist: a typo must not pass silently
    assert gone.returncode == 1 and "HTTP 404" in gone.stderr


def test_check_against_reads_mkdocs_yml_and_the_show_once(published, monkeypatch, capsys):
    import podsite.cli.commands
    import podsite.site.plugin

    calls = {"plain_site_settings": 0, "site_settings": 0, "load_catalog": 0}

    def counted(module, name):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        monkeypatch.setattr(module, name, wrapper)

    counted(podsite.site.plugin, "site_settings")  # the real functions run; only the calls are counted
    counted(podsite.cli.commands, "plain_site_settings")
    counted(podsite.cli.commands, "load_catalog")
    monkeypatch.chdir(published)
    assert podsite.cli.commands.main(["check", "--against", "published.xml"]) == 0
    assert "keep their GUID and audio URL" in capsys.readouterr().out
    # mkdocs.yml is read once: quickly, as it is plain, so MkDocs is not asked at all (test_siteconfig.py).
    assert calls == {"plain_site_settings": 1, "site_settings": 0, "load_catalog": 1}


def test_a_changed_slug_fails_until_the_old_address_redirects(published):
    """The page address is part of what was published: a new slug without `old_slugs:` is reported; with it, the
    build leaves a page at the old address that sends visitors (and search engines) to the new one."""
    edit(published, "002-remote.yml", "title: Second Episode (on a CDN)", "slug: second-episode\n"
                                                                         "title: Second Episode (on a CDN)")
    result = guard(published)
    assert result.returncode == 1
    assert ("episodes/002-remote.yml:1: slug: the published feed links its page at "
            "https://minimal.example.com/episodes/002-remote/, the new feed at "
            "https://minimal.example.com/episodes/second-episode/; links people shared would break. Keep the old "
            "slug, or add `old_slugs: [002-remote]` so the old address redirects") in result.stderr

    edit(published, "002-remote.yml", "slug: second-episode\n", "slug: second-episode\nold_slugs: [002-remote]\n")
    result = guard(published)
    assert result.returncode == 0, result.output
    site = build_show(published)
    page = html.parse(str(site / "episodes/002-remote/index.html")).getroot()
    assert page.xpath("//meta[@http-equiv='refresh']/@content") == ["0; url=../second-episode/"]
    assert page.xpath("//link[@rel='canonical']/@href") == ["https://minimal.example.com/episodes/second-episode/"]
    assert (site / "episodes/second-episode/index.html").is_file()


def test_an_old_slug_may_not_be_a_page_that_exists(published):
    edit(published, "002-remote.yml", "title: Second", "old_slugs: [001-first]\ntitle: Second")
    result = podsite(published, "check")
    assert result.returncode == 1
    assert ("episodes/002-remote.yml:1: old_slugs[1]: '001-first' is used by episodes/001-first.yml; an old slug "
            "must be free, so that it can redirect here") in result.output


def test_the_file_check_does_not_say_all_is_well_before_the_guard_fails(published):
    edit(published, "002-remote.yml", "guid: 7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f0002",
         "guid: 7b0c8a51-1d8e-4a55-9d1e-0d5b1c1f9999")
    result = guard(published)
    assert result.returncode == 1
    verdict = [line for line in result.stdout.splitlines() if line.startswith("podsite check:")]
    assert verdict == ["podsite check: 2 published episode(s), 2 draft or scheduled; 0 error(s), 1 warning(s) in the "
                       "files; the continuity guard against published.xml next."]
