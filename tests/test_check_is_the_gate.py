"""Issue 15: `podsite check` is the build's gate. Each case below once passed check and then failed (or quietly
misbuilt) `mkdocs build --strict`; each is now built both ways, and check fails whenever the build does, with the
line the build prints. One report: problems of different kinds come together, not one after the other."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import mkdocs_build, run
from podsite.identity import podcast_guid_for

SAMPLE_GUID = "d386fbdd-ff0e-53a2-9c86-666b4423f318"  # the sample show's: a fork that keeps it claims its identity
OWN_GUID = podcast_guid_for("https://minimal.example.com/feed.xml")


def edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def change(repo: Path) -> None:
        text = (repo / path).read_text(encoding="utf-8")
        assert old in text, (path, old)
        (repo / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def write(path: str, text: str) -> Callable[[Path], None]:
    return lambda repo: (repo / path).write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Case:
    id: str
    changes: tuple[Callable[[Path], None], ...]
    errors: tuple[str, ...]  # every ERROR line check prints, in order


STUB = ("<!-- The write-up of episodes/002-remote.yml: what listeners read on the episode page\n"
        "     and in their podcast app. Write it in markdown below, then delete this comment. -->\n")

CASES = [
    Case("site-name-differs", (edit("mkdocs.yml", "site_name: Minimal Show", "site_name: Minimal Shows"),),
         ("episodes/_show.yml:1: title: 'Minimal Show' differs from mkdocs.yml's site_name ('Minimal Shows'); make "
          "them the same",)),
    Case("site-url-differs", (edit("mkdocs.yml", "site_name: Minimal Show",
                                   "site_name: Minimal Show\nsite_url: https://elsewhere.example.com/"),),
         ("episodes/_show.yml:3: site_url: https://minimal.example.com/ differs from mkdocs.yml's site_url "
          "(https://elsewhere.example.com/); remove site_url from mkdocs.yml (it comes from here)",)),
    Case("orphan-write-up", (write("docs/episodes/002-remtoe.md", "Notes.\n"),),
         ("docs/episodes/002-remtoe.md: has no episode file episodes/002-remtoe.yml, so it would be published as a "
          "page of its own; did you mean 002-remote.md (for episodes/002-remote.yml)?",)),
    Case("forked-podcast-guid", (edit("episodes/_show.yml", "language: en", f"podcast_guid: {SAMPLE_GUID}\n"
                                                                           "language: en"),),
         ("episodes/_show.yml:4: podcast_guid: is not this show's: its feed (https://minimal.example.com/feed.xml) "
          f"gives {OWN_GUID}. If the show moved here from another feed, add previous_feed_url: with that feed's "
          f"address; otherwise use podcast_guid: {OWN_GUID}",)),
    Case("placeholder-subscribe-link", (edit("episodes/_show.yml", "overcast: https://overcast.fm/itunes1",
                                             "overcast: https://overcast.fm/itunes0000000000"),),
         ("episodes/_show.yml:14: subscribe.overcast: https://overcast.fm/itunes0000000000 is a placeholder (all "
          "zeros); put your show's own Overcast address, or remove the line",)),
    Case("nothing-written", (edit("episodes/002-remote.yml", "summary: The second episode; its audio lives on a "
                                                             "CDN.\n", ""),
                             write("docs/episodes/002-remote.md", STUB)),
         ("episodes/002-remote.yml: summary: missing; podcast apps show it under the title (the feed repeats the "
          "title instead): write one or two sentences, and the show notes in docs/episodes/002-remote.md",)),
    Case("art-and-yaml-in-one-report", (edit("episodes/_show.yml", "image: media/cover.png", "image: media/tall.png"),
                                        edit("episodes/002-remote.yml", "number: 2", "number: two")),
         ("episodes/_show.yml:11: image: media/tall.png is 1400x1500 pixels; artwork must be square",
          "episodes/002-remote.yml:4: number: must be a whole number, not 'two'")),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_check_fails_whenever_the_build_does_with_the_same_lines(show_copy, case: Case) -> None:
    repo: Path = show_copy("minimal")
    from PIL import Image

    Image.new("RGB", (1400, 1500), "white").save(repo / "media/tall.png")
    assert run([sys.executable, "-m", "podsite.cli", "check"], cwd=repo).returncode == 0  # the good show
    for change in case.changes:
        change(repo)
    checked = run([sys.executable, "-m", "podsite.cli", "check"], cwd=repo)
    built = mkdocs_build(repo)
    assert checked.returncode == 1 and built.returncode == 1, (checked.output, built.output)
    errors = [line.removeprefix("ERROR ") for line in checked.output.splitlines()
              if line.startswith("ERROR ") or (line.startswith("episodes/") or line.startswith("docs/"))]
    assert errors == list(case.errors), checked.output
    for line in case.errors:
        assert line in built.output, built.output
    assert not (repo / "site").exists()


def test_the_cases_cover_every_kind_of_gate() -> None:
    assert len({c.id for c in CASES}) == len(CASES)
