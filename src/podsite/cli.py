"""The `podsite` command: what hosts run. Every user mistake is one line per problem and a non-zero exit."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import PodsiteError
from .feed import STYLESHEET_FILE, render_feed, stylesheet
from .load import load_catalog
from .model import Catalog
from .urls import FEED_FILE, SiteUrls


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="podsite", description="Podcast site and feed from a repository.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path,
                        help="the site's mkdocs.yml (default: %(default)s)")
    commands = parser.add_subparsers(dest="command", required=True)
    feed = commands.add_parser("feed", parents=[common], help="write the podcast feed without building the site")
    feed.add_argument("-o", "--output", type=Path, default=None,
                      help=f"where to write it (default: site/{FEED_FILE} beside mkdocs.yml)")
    commands.add_parser("check", parents=[common], help="validate the episodes and the feed; exit 1 on any error")
    args = parser.parse_args(argv)
    try:
        if args.command == "feed":
            return write_feed(args.config_file, args.output)
        if args.command == "check":
            return check(args.config_file)
    except PodsiteError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"podsite: {len(err.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    except SiteConfigError as err:
        print(f"podsite: {err}", file=sys.stderr)
        return 1
    raise AssertionError(args.command)


class SiteConfigError(Exception):
    """mkdocs.yml is missing or unusable."""


def load_site(config_file: Path) -> tuple[Catalog, SiteUrls]:
    """The catalog and URL rules exactly as a site build of `config_file` sees them."""
    if not config_file.is_file():
        raise SiteConfigError(f"{config_file} not found; run podsite in the show's repository or pass -f")
    from mkdocs.exceptions import ConfigurationError, PluginError

    from .mkdocs_plugin import site_settings

    try:
        paths, directory_urls = site_settings(config_file)
    except (ConfigurationError, PluginError) as err:
        raise SiteConfigError(f"{config_file}: {err}") from None
    catalog = load_catalog(paths)
    return catalog, SiteUrls(catalog.show.site_url, directory_urls)


def write_feed(config_file: Path, output: Path | None) -> int:
    catalog, urls = load_site(config_file)
    output = output or config_file.parent / "site" / FEED_FILE
    write_atomically(output, render_feed(catalog, urls))
    write_atomically(output.parent / STYLESHEET_FILE, stylesheet())  # the feed names it, relative
    print(f"podsite: wrote {output} ({len(catalog.episodes)} episodes)")
    return 0


def check(config_file: Path) -> int:
    """The lint (podsite.check): loader problems, then Apple's and the namespace's rules, then the feed."""
    from .check import lint, print_report

    try:
        catalog, urls = load_site(config_file)
    except PodsiteError as err:
        return print_report(err.problems)
    return print_report(lint(catalog, urls), catalog)


def write_atomically(path: Path, data: bytes) -> None:
    """Readers (and a deploy) see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    sys.exit(main())
