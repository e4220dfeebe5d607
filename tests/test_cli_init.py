"""`podsite init` (issue 15): a new show in an empty folder or in a fresh copy of the template, with nothing of
the sample left; it never touches a show of someone's own."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from pathlib import Path

import yaml
from lxml import etree
from PIL import Image

from helpers import MEDIA, REPO, build_show, copy_show, run
from podsite.cli.scaffold import slugify
from podsite.identity import podcast_guid_for
from podsite.layout import Paths
from podsite.load.catalog import load_catalog

FACTS = ["--title", "Night Shift Notes", "--site-url", "https://nightshift.example.net/", "--owner-name",
         "Rosa Road", "--owner-email", "rosa@nightshift.example.net", "--category", "Health & Fitness / Mental Health"]
SAMPLE_WORDS = ("Between Candles", "Candles", "Amy", "Jen", "Therapist Sanctuary", "small-wins")


def podsite(repo: Path, *args: str):
    return run([sys.executable, "-m", "podsite.cli", *args], cwd=repo)


def files_of(repo: Path) -> dict[str, bytes]:
    return {p.relative_to(repo).as_posix(): p.read_bytes() for p in sorted(repo.rglob("*")) if p.is_file()}


def assert_a_new_show(repo: Path) -> None:
    catalog = load_catalog(Paths.at(repo))
    show = catalog.show
    assert (show.title, show.site_url, show.owner.email) == (
        "Night Shift Notes", "https://nightshift.example.net/", "rosa@nightshift.example.net")
    assert show.podcast_guid == podcast_guid_for("https://nightshift.example.net/feed.xml")
    assert show.locked is True and show.subscribe == ()
    assert [(p.id, p.role) for p in catalog.people.values()] == [("rosa-road", "host")]
    assert yaml.safe_load((repo / "mkdocs.yml").read_text())["site_name"] == "Night Shift Notes"
    checked = podsite(repo, "check")
    assert checked.returncode == 0, checked.output
    assert checked.stdout.splitlines()[0] == ("WARNING episodes/_show.yml:16: image: docs/assets/cover.png is the "
                                              "placeholder cover `podsite init` made; replace it with your show's art")
    with Image.open(repo / "docs/assets/cover.png") as cover:
        assert cover.size == (1400, 1400) and cover.format == "PNG"


def test_init_in_an_empty_folder_makes_a_show_that_checks_and_builds(tmp_path: Path) -> None:
    made = podsite(tmp_path, "init", *FACTS)
    assert made.returncode == 0, made.output
    assert "created a new show" in made.stdout and "wrote episodes/_show.yml" in made.stdout
    assert_a_new_show(tmp_path)
    assert (tmp_path / ".gitignore").read_text().splitlines()[0] == "/site/"
    build_show(tmp_path)


def test_init_in_the_template_replaces_the_sample_and_a_first_episode_publishes(tmp_path: Path) -> None:
    repo = copy_show("sample", tmp_path)
    made = podsite(repo, "init", *FACTS)
    assert made.returncode == 0, made.output
    assert "replaced the template's sample show" in made.stdout
    assert "removed docs/media/001-small-wins.mp3" in made.stdout
    assert_a_new_show(repo)
    leftovers = {name: word for name, data in files_of(repo).items() if not name.startswith("build_feed")
                 for word in SAMPLE_WORDS if word.encode() in data or word in name}
    assert leftovers == {}
    config = yaml.safe_load((repo / "mkdocs.yml").read_text())
    assert "repo_url" not in config and config["theme"]["palette"]  # the template's look is kept

    (repo / "docs/media").mkdir(exist_ok=True)
    shutil.copy(MEDIA / "tone-6s.mp3", repo / "docs/media/first.mp3")
    new = podsite(repo, "new", "First night", "--audio", "docs/media/first.mp3", "--summary",
                  "Why the night shift feels longer than it is.")
    assert new.returncode == 0, new.output
    checked = podsite(repo, "check")
    assert checked.returncode == 0, checked.output
    site = build_show(repo)
    feed = etree.parse(str(site / "feed.xml"))
    assert feed.xpath("//item/title/text()") == ["First night"]
    assert feed.xpath("//item/description/text()") == ["Why the night shift feels longer than it is."]


def test_init_never_touches_a_show_with_episodes_of_its_own(tmp_path: Path) -> None:
    repo = copy_show("sample", tmp_path)
    own = repo / "episodes/002-mine.yml"
    own.write_text((repo / "episodes/001-small-wins.yml").read_text().replace(
        "e3daa881-66f7-4545-9527-691d429ae2c2", "0f5d8a37-7f0e-4b55-a3a4-6f1c7e0e0001").replace(
        "number: 1", "number: 2").replace("file: docs/media/001-small-wins.mp3",
                                          "url: https://cdn.example.org/2.mp3\n  bytes: 1000\n  duration: 2:00:00"),
        encoding="utf-8")
    before = files_of(repo)
    refused = podsite(repo, "init", *FACTS)
    assert refused.returncode == 1 and "Traceback" not in refused.output
    assert ("episodes/002-mine.yml: is an episode of your own, not the sample's; podsite init never touches a "
            "show that has episodes") in refused.stderr
    assert files_of(repo) == before


def test_init_refuses_another_show_and_existing_files_and_writes_nothing(tmp_path: Path, show_copy) -> None:
    repo = show_copy("minimal")
    before = files_of(repo)
    refused = podsite(repo, "init", *FACTS)
    assert refused.returncode == 1
    assert "episodes/_show.yml: already describes a show ('Minimal Show')" in refused.stderr
    assert files_of(repo) == before

    folder = tmp_path / "half"
    folder.mkdir()
    (folder / "mkdocs.yml").write_text("site_name: Mine\n")
    refused = podsite(folder, "init", *FACTS)
    assert refused.returncode == 1 and "mkdocs.yml: already exists" in refused.stderr
    assert files_of(folder) == {"mkdocs.yml": b"site_name: Mine\n"}


def test_init_reports_the_loaders_line_for_a_bad_fact_and_asks_for_missing_ones(tmp_path: Path) -> None:
    wrong = [value if value != "Health & Fitness / Mental Health" else "Technolgy" for value in FACTS]
    refused = podsite(tmp_path, "init", *wrong)
    assert refused.returncode == 1
    assert ("episodes/_show.yml:10: category: 'Technolgy' is not an Apple Podcasts category; did you mean "
            "'Technology'?") in refused.stderr
    assert files_of(tmp_path) == {}
    missing = podsite(tmp_path, "init", "--title", "Night Shift Notes")
    assert missing.returncode == 1
    assert "give --site-url, --owner-name, --owner-email, --category (or run it in a terminal" in missing.stderr


def readme_section(title: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def test_the_readme_start_your_own_show_steps_work_as_written(tmp_path: Path) -> None:
    """The commands of "Start your own show", run as a host would paste them, in a fresh copy of the template."""
    section = readme_section("Start your own show")
    commands = [shlex.split(line.strip()) for line in section.splitlines() if line.strip().startswith("podsite ")]
    assert [c[1] for c in commands] == ["init", "new", "check"]
    repo = copy_show("sample", tmp_path)
    audio = next(arg for arg in commands[1] if arg.startswith("docs/media/"))
    (repo / audio).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(MEDIA / "tone-6s.mp3", repo / audio)  # "put the recording in docs/media/"
    for command in commands:
        result = podsite(repo, *command[1:])
        assert result.returncode == 0, (command, result.output)
    build_show(repo)


def test_the_readme_slug_examples_are_what_podsite_new_writes() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    for title, measured in re.findall(r'podsite new "([^"]+)".*\npodsite measure episodes/(\d+-[a-z0-9-]+)\.yml',
                                      text):
        assert measured.split("-", 1)[1] == slugify(title), (title, measured)
    assert re.search(r'podsite new "[^"]+".*\npodsite measure episodes/', text)
