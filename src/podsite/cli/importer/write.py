"""Writing an imported show: staged in a scratch folder, read back by the loader, and moved into place only
when it loads."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from ...errors import PodsiteError, Problem
from ...layout import PEOPLE_FILE, SHOW_FILE, Paths, episode_files
from ...load.catalog import load_catalog
from ..yamledit import dump_yaml
from .convert import ImportedFiles
from .report import ImportReport


def check_target(paths: Paths, replace: bool, files: ImportedFiles) -> None:
    """Without --replace, refuse to touch a show that is already there: its episodes, or a show or people file
    the import would overwrite."""
    if replace:
        return
    problems = []
    existing = episode_files(paths)
    if existing:
        names = ", ".join(p.name for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        problems.append(Problem(paths.show(paths.episodes_dir), None, "",
                                f"already has {len(existing)} episode(s) ({names}); import into an empty show, "
                                f"or run again with --replace to delete them first"))
    for name in (SHOW_FILE, PEOPLE_FILE) if files.people else (SHOW_FILE,):
        path = paths.episodes_dir / name
        if path.exists():
            problems.append(Problem(paths.show(path), None, "", "already exists and the import would overwrite "
                                                                "it; move it away, or run again with --replace"))
    if problems:
        raise PodsiteError(problems)


def yaml_texts(files: ImportedFiles) -> dict[str, str]:
    """Every file to write, by path relative to the episodes folder ('episodes/...') or docs ('docs/...')."""
    texts = {
        f"episodes/{SHOW_FILE}": dump_yaml(files.show, ["The show, imported by `podsite import`. Keep "
                                                        "podcast_guid forever: apps know the show by it."]),
    }
    if files.people:
        texts[f"episodes/{PEOPLE_FILE}"] = dump_yaml(files.people, ["Everyone who appears on the show, by id."])
    for stem, data in files.episodes.items():
        texts[f"episodes/{stem}.yml"] = dump_yaml(data, ["Imported by `podsite import`. The guid and audio url "
                                                         "are what apps know this episode by: never change them."])
    for stem, markdown in files.writeups.items():
        texts[f"docs/{stem}.md"] = markdown
    return texts


def stage(files: ImportedFiles, paths: Paths, report: ImportReport) -> dict[str, str]:
    """Write everything to a scratch repository and read it back with the loader before touching the show."""
    texts = yaml_texts(files)
    with tempfile.TemporaryDirectory(prefix="podsite-import-") as tmp:
        scratch = Paths.at(tmp)
        for name, text in texts.items():
            target = scratch.episodes_dir / name[9:] if name.startswith("episodes/") else (
                scratch.docs_dir / "episodes" / name[5:])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        try:
            load_catalog(scratch)
        except PodsiteError as err:
            blocking = [p for p in err.problems if not measure_later(p, files)]
            if blocking:
                raise PodsiteError(blocking) from None
    for stem in sorted(files.measure_todo):
        report.todo.append(f"podsite measure {paths.show(paths.episodes_dir / (stem + '.yml'))} --audio PATH")
    return texts


def measure_later(problem: Problem, files: ImportedFiles) -> bool:
    stem = Path(str(problem.file)).stem
    return stem in files.measure_todo and problem.field in ("audio.bytes", "audio.duration", "audio")


def install(texts: dict[str, str], files: ImportedFiles, paths: Paths, replace: bool, config_file: Path,
             title: str) -> None:
    if replace:
        for path in episode_files(paths):
            writeup = paths.writeup(path.stem)
            path.unlink()
            writeup.unlink(missing_ok=True)
    for name, text in texts.items():
        target = paths.episodes_dir / name[9:] if name.startswith("episodes/") else (
            paths.docs_dir / "episodes" / name[5:])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if replace and f"episodes/{PEOPLE_FILE}" not in texts:
        (paths.episodes_dir / PEOPLE_FILE).unlink(missing_ok=True)
    write_site_config(config_file, paths, title)


def write_site_config(config_file: Path, paths: Paths, title: str) -> None:
    """mkdocs.yml's site_name must be the show's title: set it (one line), or write a minimal mkdocs.yml."""
    line = dump_yaml({"site_name": title}).strip()
    if not config_file.is_file():
        config = {"site_name": title, "theme": {"name": "material", "font": False},
                  "nav": [{"Home": "index.md"}, {"Episodes": "episodes/index.md"}, {"People": "people/index.md"}],
                  "plugins": ["tags", "podsite"],
                  "markdown_extensions": ["admonition", "attr_list", "md_in_html"]}
        config_file.write_text(dump_yaml(config, ["The site. Show metadata lives in episodes/_show.yml."]),
                               encoding="utf-8")
        return
    text = config_file.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^site_name:.*$", lambda _: line, text, count=1)
    if not count:
        text = line + "\n" + text
    text = re.sub(r"(?m)^site_url:.*\n", "", text)  # the site's address lives in _show.yml
    config_file.write_text(text, encoding="utf-8")
