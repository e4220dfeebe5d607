"""Raw HTML in write-ups: the host's own pages publish it, `podsite check` names active HTML (scripts, event
handlers, javascript: links) with its file and line, and `raw_html: forbid` makes it an error in check and build."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from helpers import build_show, mkdocs_build, run
from podsite.cli.siteconfig import plain_site_settings
from podsite.site.plugin import site_settings

WRITEUP = "docs/episodes/001-first.md"


def check(repo: Path):
    return run([sys.executable, "-m", "podsite.cli", "check"], cwd=repo)


def add_to_writeup(repo: Path, text: str) -> None:
    with (repo / WRITEUP).open("a", encoding="utf-8") as writeup:
        writeup.write(text)


def set_raw_html(repo: Path, value: str) -> Path:
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("  - podsite\n", f"  - podsite:\n      raw_html: {value}\n")
    config.write_text(text, encoding="utf-8")
    return config


@pytest.mark.parametrize(("html", "what"), [
    ('<script src="https://x.example/a.js"></script>', "a <script> element"),
    ('<img src="a.png" alt="" onerror="steal()">', "an onerror attribute"),
    ('<a href="JavaScript:alert(1)">tap</a>', "a javascript: address"),
    ('<iframe src="https://x.example/"></iframe>', "a <iframe> element"),
    ("[tap](JAVASCRIPT:alert(1))", "a javascript: address"),  # markdown's own link, no HTML written
])
def test_check_names_active_html_in_a_write_up_with_its_line(show_copy, html: str, what: str) -> None:
    repo = show_copy("minimal")
    line = (repo / WRITEUP).read_text(encoding="utf-8").count("\n") + 2
    add_to_writeup(repo, f"\n{html}\n")
    result = check(repo)
    assert result.returncode == 0, result.output  # a warning: write-ups are the host's own pages
    assert f"WARNING {WRITEUP}:{line}: {what} runs in visitors' browsers on the site" in result.stdout, result.stdout


def test_a_script_address_spelled_with_an_entity_is_found(show_copy) -> None:
    """Browsers decode `&#115;` in an href: the cheap test that skips rendering plain write-ups must not skip it."""
    repo = show_copy("minimal")
    add_to_writeup(repo, "\n[tap](java&#115;cript:alert(1))\n")
    result = check(repo)
    assert f"WARNING {WRITEUP}" in result.stdout and "a javascript: address runs" in result.stdout, result.stdout


def test_harmless_html_in_a_write_up_is_not_reported(show_copy) -> None:
    repo = show_copy("minimal")
    add_to_writeup(repo, '\n<div class="note" markdown>A <br> <a href="https://example.com/">link</a> and '
                         '<img src="https://example.com/a.png" alt="a"></div>\n\nJavaScript: the language.\n')
    result = check(repo)
    assert result.returncode == 0 and WRITEUP not in result.stdout, result.stdout


def test_raw_html_forbid_is_an_error_in_check_and_stops_the_build(show_copy) -> None:
    repo = show_copy("minimal")
    set_raw_html(repo, "forbid")
    site = build_show(repo)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()}
    add_to_writeup(repo, '\n<p onclick="steal()">Hello</p>\n')
    result = check(repo)
    assert result.returncode == 1
    assert "ERROR docs/episodes/001-first.md:" in result.stdout and "(raw_html: forbid)" in result.stdout
    build = mkdocs_build(repo)
    assert build.returncode == 1 and "docs/episodes/001-first.md:" in build.output
    assert "an onclick attribute: this show forbids active HTML in write-ups" in build.output
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("value", ["forbid", "allow"])
def test_the_quick_mkdocs_yml_reader_reads_raw_html_as_mkdocs_does(show_copy, value: str) -> None:
    repo = show_copy("minimal")
    config = set_raw_html(repo, value)
    quick = plain_site_settings(config)
    assert quick is not None and quick.raw_html == value
    assert quick == site_settings(config)


def test_an_unknown_raw_html_value_is_left_to_mkdocs_to_refuse(show_copy) -> None:
    repo = show_copy("minimal")
    config = set_raw_html(repo, "sometimes")
    assert plain_site_settings(config) is None
    result = check(repo)
    assert result.returncode != 0 and "raw_html" in result.output and "Traceback" not in result.output
