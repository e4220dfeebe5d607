"""The CLI's quick reading of mkdocs.yml (podsite.siteconfig) gives MkDocs' own answer, or hands over to MkDocs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES, REPO
from podsite.cli.siteconfig import plain_site_settings
from podsite.site.plugin import site_settings

CONFIGS = sorted([REPO / "mkdocs.yml", *FIXTURES.glob("*/mkdocs.yml")])


def repo_with(tmp_path: Path, config: str, folders: tuple[str, ...] = ("docs",)) -> Path:
    for folder in folders:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.parent.name)
def test_every_fixture_reads_as_mkdocs_reads_it(config: Path, tmp_path: Path) -> None:
    copy = tmp_path / "show"
    shutil.copytree(config.parent, copy, ignore=shutil.ignore_patterns("site", ".cache", "node_modules"))
    quick = plain_site_settings(copy / "mkdocs.yml")
    assert quick is not None, "a plain mkdocs.yml must not need MkDocs"
    assert quick == site_settings(copy / "mkdocs.yml")


PLAIN = [
    pytest.param("site_name: S\nplugins:\n  - search\n  - podsite\n", ("docs",), id="defaults"),
    pytest.param("site_name: S\ndocs_dir: pages\nuse_directory_urls: no\nplugins:\n  - podsite:\n"
                 "      episodes_dir: shows/eps\n", ("pages",), id="custom folders, YAML 1.1 no"),
    pytest.param("site_name: S\nplugins:\n  search: {}\n  podsite:\n    search_transcripts: false\n", ("docs",),
                 id="plugins as a mapping"),
    pytest.param("site_name: S\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: "
                 "!!python/name:material.extensions.emoji.twemoji\nplugins:\n  - podsite\n", ("docs",),
                 id="a python tag elsewhere"),
    pytest.param("site_name: S\nrepo_url: !ENV [REPO_URL, 'https://example.com']\nplugins: [podsite]\n",
                 ("docs",), id="an ENV tag elsewhere"),
    pytest.param("site_name: S\ndocs_dir: sub/../docs\nplugins: [podsite]\n", ("docs", "sub"),
                 id="docs_dir with .."),
]


@pytest.mark.parametrize(("config", "folders"), PLAIN)
def test_plain_variants_read_as_mkdocs_reads_them(config: str, folders: tuple[str, ...], tmp_path: Path) -> None:
    path = repo_with(tmp_path, config, folders)
    quick = plain_site_settings(path)
    assert quick is not None
    assert quick == site_settings(path)


HANDED_OVER = [
    pytest.param("site_name: S\ndocs_dir: !ENV [DOCS, docs]\nplugins: [podsite]\n", id="a tag on docs_dir"),
    pytest.param("INHERIT: base.yml\nplugins: [podsite]\n", id="INHERIT"),
    pytest.param("site_name: S\nplugins: [search]\n", id="podsite not enabled"),
    pytest.param("site_name: S\n", id="no plugins: MkDocs' default list"),
    pytest.param("site_name: S\nplugins:\n  - podsite:\n      episodes_dir: !ENV EPISODES\n", id="a tag on an option"),
    pytest.param("site_name: S\nplugins:\n  - podsite:\n      enabled: false\n", id="an option it does not know"),
    pytest.param("site_name: S\ndocs_dir: missing\nplugins: [podsite]\n", id="docs_dir that does not exist"),
    pytest.param("site_name: S\nuse_directory_urls: sometimes\nplugins: [podsite]\n", id="not a boolean"),
    pytest.param("site_name: [unclosed\n", id="broken YAML"),
    pytest.param("site_name: S\ndocs_dir: .\nplugins: [podsite]\n", id="docs_dir holding mkdocs.yml"),
]


@pytest.mark.parametrize("config", HANDED_OVER)
def test_anything_unusual_is_left_to_mkdocs(config: str, tmp_path: Path) -> None:
    assert plain_site_settings(repo_with(tmp_path, config)) is None
