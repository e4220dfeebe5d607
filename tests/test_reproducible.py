"""Issue 6: reproducible builds. Two builds of the same commit, in different folders and processes (different
hash seeds), produce byte-identical `site/` and feed; dates in the output come from the content, or from
SOURCE_DATE_EPOCH when it is set, never from the build's clock."""

from __future__ import annotations

import gzip
import struct
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from lxml import etree

from helpers import copy_show, run

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z


def build(repo: Path, **env: str) -> Path:
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=repo, env=env)
    assert result.returncode == 0, result.output
    return repo / "site"


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_identical(first: Path, second: Path) -> None:
    a, b = tree(first), tree(second)
    assert sorted(a) == sorted(b)
    differing = [name for name in a if a[name] != b[name]]
    assert differing == [], f"these files differ between two builds: {differing}"


def lastmods(site: Path) -> dict[str, str]:
    doc = etree.parse(str(site / "sitemap.xml"))
    return {u.findtext("s:loc", namespaces=SITEMAP): u.findtext("s:lastmod", namespaces=SITEMAP)
            for u in doc.getroot().findall("s:url", SITEMAP)}


def gzip_mtime(path: Path) -> int:
    return struct.unpack("<I", path.read_bytes()[4:8])[0]


@pytest.fixture(scope="module")
def sample_copies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two copies of the sample show in different folders, built by different processes."""
    first = copy_show("sample", tmp_path_factory.mktemp("first"))
    second = copy_show("sample", tmp_path_factory.mktemp("second-folder"))
    return first, second


def test_two_builds_of_the_sample_show_are_byte_identical(sample_copies):
    first, second = sample_copies
    site_a = build(first, PYTHONHASHSEED="1")
    site_b = build(second, PYTHONHASHSEED="2")
    assert (site_a / "feed.xml").is_file() and (site_a / "sitemap.xml.gz").is_file()
    assert_identical(site_a, site_b)


def test_without_source_date_epoch_page_dates_come_from_the_episodes(sample_copies):
    first, _ = sample_copies
    site = first / "site"  # built by the test above, or now
    if not site.is_dir():
        build(first)
    dates = lastmods(site)
    today = date.today().isoformat()
    assert today not in dates.values(), "a page is dated by the build's clock"
    feed = etree.parse(str(site / "feed.xml"))
    newest = max(datetime.strptime(d, "%a, %d %b %Y %H:%M:%S %z") for d in feed.xpath("//item/pubDate/text()"))
    home = next(url for url in dates if url.rstrip("/").count("/") == 2)
    assert dates[home] == newest.astimezone(UTC).date().isoformat()
    for item in feed.xpath("//item"):  # each episode page carries its own episode's date
        published = datetime.strptime(item.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z")
        assert dates[item.findtext("link")] == published.astimezone(UTC).date().isoformat()
    assert gzip_mtime(site / "sitemap.xml.gz") == int(datetime.fromisoformat(max(dates.values()))
                                                      .replace(tzinfo=UTC).timestamp())


def test_source_date_epoch_is_honoured_and_builds_stay_identical(show_copy, tmp_path):
    first = show_copy("minimal")
    second = copy_show("minimal", tmp_path / "elsewhere")
    site_a = build(first, SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="3")
    site_b = build(second, SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="4")
    assert_identical(site_a, site_b)
    assert set(lastmods(site_a).values()) == {"2023-11-14"}
    assert gzip_mtime(site_a / "sitemap.xml.gz") == int(datetime(2023, 11, 14, tzinfo=UTC).timestamp())
    assert gzip.decompress((site_a / "sitemap.xml.gz").read_bytes()) == (site_a / "sitemap.xml").read_bytes()
