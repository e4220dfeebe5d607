"""Fixtures and hooks for the whole suite. The helpers themselves (run, copy_show, build_show, ...) live in the
plain module helpers.py, which test modules import; this file only wires them into fixtures.

Tests marked `slow` (the 5,000-episode build) are skipped in a local run unless `--runslow` is given; CI (the
`CI` environment variable set) always runs them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from helpers import build_show, copy_show

if TYPE_CHECKING:
    pass

# CI explores the same examples on every run, so a submission lands or fails on its own code, not on the
# draw; local runs keep exploring new inputs (and keep failures in .hypothesis/ to replay them).
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False,
                     help="also run the tests marked slow (CI, with CI set in the environment, always does)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="slow: run with --runslow (CI runs it)")
    for item in items:
        if item.get_closest_marker("slow"):
            item.add_marker(skip)


@pytest.fixture
def show_copy(tmp_path: Path):
    """Call with a fixture name to get a private, writable copy of that show."""
    return lambda name: copy_show(name, tmp_path)


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `minimal` fixture show, built once per test session (read-only for tests)."""
    return build_show(copy_show("minimal", tmp_path_factory.mktemp("minimal")))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own sample show (Between Candles), built once per test session."""
    return build_show(copy_show("sample", tmp_path_factory.mktemp("sample")))

