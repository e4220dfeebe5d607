"""Issue 6, escaping everywhere: one hostile string in every metadata field a host can write (show, episode,
chapters, tags, people, links) is shown literally on every page and stays valid in the feed. Nothing from YAML
becomes markup: no script runs, no attribute is injected. (Write-ups are the host's own trusted markdown.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from lxml import etree, html

from helpers import build_show, copy_show

HOSTILE = """A "quoted" 'x' <script>alert(1)</script> <img src=x onerror=alert(2)> ]]> &amp; & <b>bold</b>"""
# The show's description and an episode's summary become the feed's <description>, which many apps render as
# HTML: a build refuses anything active in them (test_hostile_files), so they carry the inert half.
INERT = """A "quoted" 'x' ]]> &amp; & <b>bold</b>"""


def rewrite(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copy_show("minimal", tmp_path_factory.mktemp("hostile"))
    title = f"Show {HOSTILE}"

    def show(data):
        data.update(title=title, description=f"About {INERT}", author=f"Author {HOSTILE}",
                    copyright=f"© {HOSTILE}")
        data["owner"]["name"] = f"Owner {HOSTILE}"

    def first(data):
        data.update(title=f"Episode {HOSTILE}", summary=f"Summary {INERT}", tags=[f"tag {HOSTILE}", "plain"])
        data["chapters"][0]["title"] = f"Chapter {HOSTILE}"

    def people(data):
        data["hana"].update(name=f"Hana {HOSTILE}", bio=f"Bio {HOSTILE}")
        data["gus"]["links"][0]["title"] = f"Link {HOSTILE}"

    rewrite(repo / "episodes/_show.yml", show)
    rewrite(repo / "episodes/001-first.yml", first)
    rewrite(repo / "episodes/_people.yml", people)
    rewrite(repo / "mkdocs.yml", lambda data: data.update(site_name=title))
    return build_show(repo)


def pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        yield path, html.parse(str(path)).getroot()


def test_no_page_runs_or_renders_markup_from_yaml(site):
    checked = 0
    for path, root in pages(site):
        runnable = [s for s in root.iter("script") if s.get("type") in (None, "text/javascript", "module")]
        assert not [s for s in runnable if "alert(" in (s.text or "")], path
        for data in root.xpath("//script[@type='application/ld+json']"):  # data, not code: must stay whole JSON
            assert "alert(1)" not in data.text or "\\u003cscript" in data.text, path
        assert not root.xpath("//*[@onerror]"), path
        assert not root.xpath("//img[@src='x']"), path
        assert not [b for b in root.iter("b") if (b.text or "") == "bold"], path
        checked += 1
    assert checked > 5


def visible(root) -> str:
    return " ".join(" ".join(root.xpath("//body//text()[not(ancestor::script)]")).split())


@pytest.mark.parametrize(("page_path", "label"), [
    ("episodes/001-first/index.html", "Episode"),
    ("episodes/001-first/index.html", "Chapter"),
    ("episodes/001-first/index.html", "Hana"),
    ("people/hana/index.html", "Bio"),
    ("people/gus/index.html", "Link"),
    ("episodes/index.html", "Summary"),
    ("tags/index.html", "tag"),
])
def test_yaml_text_is_shown_literally(site, page_path, label):
    root = html.parse(str(site / page_path)).getroot()
    text = INERT if label == "Summary" else HOSTILE
    assert " ".join(f"{label} {text}".split()) in visible(root)


def test_page_titles_and_meta_tags_keep_the_text(site):
    root = html.parse(str(site / "episodes/001-first/index.html")).getroot()
    assert root.findtext(".//title") == f"Episode {HOSTILE} - Show {HOSTILE}"
    assert root.xpath("//header//a[contains(@class, 'md-logo')]/@title") == [f"Show {HOSTILE}"]
    assert " ".join(f"Show {HOSTILE}".split()) in visible(html.parse(str(site / "404.html")).getroot())


def test_feed_is_valid_xml_with_the_text_exactly(site):
    feed = etree.parse(str(site / "feed.xml"), etree.XMLParser(resolve_entities=False))
    channel = feed.getroot().find("channel")
    assert channel.findtext("title") == f"Show {HOSTILE}"
    assert channel.findtext("description") == f"About {INERT}"
    titles = feed.xpath("//item/title/text()")
    assert f"Episode {HOSTILE}" in titles
    [chapters_url] = feed.xpath("//item[title=$t]/*[local-name()='chapters']/@url", t=f"Episode {HOSTILE}")
    chapters = json.loads((site / chapters_url.removeprefix("https://minimal.example.com/")).read_text("utf-8"))
    assert chapters["chapters"][0]["title"] == f"Chapter {HOSTILE}"
