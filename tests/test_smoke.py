"""The two fixture builds the rest of the suite relies on work at all."""

from lxml import etree


def test_minimal_show_builds_with_feed_and_pages(minimal_site):
    assert (minimal_site / "episodes/001-first/index.html").is_file()
    assert (minimal_site / "episodes/002-remote/index.html").is_file()
    feed = etree.parse(str(minimal_site / "feed.xml"))
    assert feed.xpath("count(//item)") == 2


def test_sample_show_builds(sample_site):
    assert (sample_site / "episodes/001-small-wins/index.html").is_file()
