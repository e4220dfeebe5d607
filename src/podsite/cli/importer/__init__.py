"""`podsite import FEED`: move a show in from any host, keeping everything apps know it by.

Every GUID, enclosure URL and length, date, number, season, type, explicit flag, image, chapters, transcript
link and person is kept exactly; the show keeps its old `podcast:guid`. Where the feed is missing something or
says it in an odd way, the importer decides, and says what it guessed.

Nothing is half-written: the whole show is written to a staging folder first and read back with the loader;
only a show the loader accepts is moved into place (missing enclosure lengths or durations, which only the
audio can tell, are the one exception: they are written and listed as to-dos for `podsite measure`).
"""

from __future__ import annotations

from pathlib import Path

from ...layout import Paths
from ..feedread import parse_channel, read_feed
from .convert import AGENT, Importer
from .report import ImportReport
from .write import check_target, install, stage


def import_feed(source: str, paths: Paths, *, config_file: Path | None = None, site_url: str | None = None,
                owner_email: str | None = None, replace: bool = False) -> ImportReport:
    """Import the feed at `source` (URL or file) into the show folders `paths` (the caller reads them from
    mkdocs.yml); `config_file` gets the show's title as site_name, or is written when missing."""
    config_file = config_file or paths.root / "mkdocs.yml"
    data, location = read_feed(source, agent=AGENT)
    report = ImportReport()
    channel, broken = parse_channel(data, source, recover=True)
    if broken:
        report.guesses.append(f"the feed is not well-formed XML ({broken}); read what could be read")
    files = Importer(channel, location, report, site_url, owner_email).run()
    check_target(paths, replace, files)
    staged = stage(files, paths, report)
    install(staged, files, paths, replace, config_file, files.show_title)
    return report


__all__ = ["ImportReport", "import_feed"]
