"""The `podsite` command: what hosts run. Every user mistake is one line per problem and a non-zero exit."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..cache import CACHE_DIR
from ..errors import PodsiteError
from ..feed.notes import read_notes, save_notes
from ..feed.writer import STYLESHEET_FILE, render_feed, stylesheet
from ..files import write_atomically
from ..i18n import choose_language, language
from ..layout import PEOPLE_FILE, RECORDINGS_DIR, Paths, SiteSettings
from ..load.catalog import load_catalog
from ..model import EPISODE_TYPES, Catalog
from ..processes import processes_for
from ..urls import FEED_FILE, SiteUrls
from .siteconfig import plain_site_settings


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except PodsiteError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"podsite: {len(err.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    except SiteConfigError as err:
        print(f"podsite: {err}", file=sys.stderr)
        return 1
    except OSError as err:  # a place the host named that cannot be written: a directory, a file, no permission
        where = err.filename2 or err.filename  # a rename's target, not its temporary source
        print(f"podsite: cannot write {where}: {err.strerror}" if where else f"podsite: {err}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="podsite", description="Podcast site and feed from a repository.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path,
                        help="the site's mkdocs.yml (default: %(default)s)")
    commands = parser.add_subparsers(dest="command", required=True)
    feed = commands.add_parser("feed", parents=[common], help="write the podcast feed without building the site")
    feed.add_argument("-o", "--output", type=Path, default=None,
                      help=f"where to write it (default: site/{FEED_FILE} beside mkdocs.yml)")
    check_cmd = commands.add_parser("check", parents=[common],
                                    help="validate the episodes and the feed; exit 1 on any error")
    check_cmd.add_argument("--against", metavar="FEED", default=None,
                           help="the published feed (file or URL, or 'live' for the show's feed_url): fail if a "
                                "published GUID or enclosure changed or an episode vanished")
    init = commands.add_parser("init", parents=[common],
                               help="start a new show here (an empty folder, or the template, whose sample show it "
                                    "replaces)")
    for flag, text in (("--title", "the show's name"), ("--site-url", "where the site will be published"),
                       ("--owner-name", "the owner's name (the host)"), ("--owner-email", "the owner's e-mail"),
                       ("--category", "an Apple Podcasts category"), ("--language", "a language code (default en)"),
                       ("--description", "a paragraph about the show")):
        init.add_argument(flag, help=text)
    commands.add_parser("notify", parents=[common], help="after a deploy: ping WebSub and Podping (as set under "
                                                         "notify: in _show.yml) so apps fetch the new feed now")
    new = commands.add_parser("new", parents=[common], help="start a new episode: YAML with a fresh GUID, and a "
                                                            "write-up stub")
    new.add_argument("title")
    new.add_argument("--guest", action="append", default=[], help="a guest's id or name (repeatable)")
    new.add_argument("--date", help="publication date, like 2024-06-12 (default: today)")
    new.add_argument("--season", type=int)
    new.add_argument("--number", type=int, help="episode number (default: the next one)")
    new.add_argument("--type", choices=EPISODE_TYPES, default="full")
    new.add_argument("--audio", help="the recording (a file in the repository, measured now) or its URL")
    new.add_argument("--draft", action="store_true", help="keep it off the site and feed until you remove draft:")
    new.add_argument("--summary", help="one or two sentences for podcast apps and the episode list")
    measure = commands.add_parser("measure", parents=[common],
                                  help="write exact bytes, duration, type (and chapters) from the audio file")
    measure.add_argument("episodes", nargs="*", help="episode YAML files (default: every episode with "
                                                     "audio.file), or the URL of published audio")
    measure.add_argument("--audio", type=Path, help="measure this file (e.g. the recording of an episode "
                                                    "published on a CDN)")
    measure.add_argument("--force", action="store_true", help="overwrite values that disagree with the file")
    upload = commands.add_parser("upload", parents=[common],
                                 help="put recordings in the show's bucket (storage: in _show.yml) and point "
                                      "the episodes' audio at them")
    upload.add_argument("episodes", nargs="*", type=Path, help="episode YAML files (default: every episode with "
                                                               "audio.file)")
    upload.add_argument("--replace", action="store_true",
                        help="overwrite an object that holds other bytes (apps may keep the old file)")
    upload.add_argument("--dry-run", action="store_true", help="say what would be uploaded and written; send "
                                                               "and write nothing")
    importer = commands.add_parser("import", parents=[common], help="turn an existing podcast feed into "
                                                                     "episodes/*.yml and write-ups")
    importer.add_argument("feed", metavar="FEED", help="the feed's URL or a saved copy")
    importer.add_argument("--site-url", help="where the new site will be published (default: the feed's "
                                             "<link>)")
    importer.add_argument("--owner-email", help="the owner's e-mail, when the feed has none")
    importer.add_argument("--replace", action="store_true",
                          help="delete the episodes already in episodes/ (e.g. the sample show) first, and "
                               "overwrite _show.yml and _people.yml")
    export = commands.add_parser("export", parents=[common],
                                 help="write every episode and person as plain markdown with front matter")
    export.add_argument("directory", type=Path)
    export.add_argument("--force", action="store_true", help="overwrite files already in DIRECTORY")
    return parser


class SiteConfigError(Exception):
    """mkdocs.yml is missing or unusable."""


def _settings(config_file: Path) -> SiteSettings:
    """Where the show's files are and whether pages get directory URLs, read from mkdocs.yml the way a site
    build reads it, without loading (or validating) the show. The one place the CLI asks MkDocs."""
    if not config_file.is_file():
        raise SiteConfigError(f"{config_file} not found; run podsite in the show's repository or pass -f")
    settings = plain_site_settings(config_file)  # a third of a feed's time saved when MkDocs is not needed
    if settings is not None:
        return settings
    from mkdocs.exceptions import ConfigurationError, PluginError

    from ..site.plugin import site_settings

    try:
        return site_settings(config_file)
    except (ConfigurationError, PluginError) as err:
        raise SiteConfigError(f"{config_file}: {err}") from None


def _paths(config_file: Path) -> Paths:
    return _settings(config_file).paths


def _check(args: argparse.Namespace) -> int:
    """The lint (podsite.check): loader problems, then Apple's and the namespace's rules, then the feed; with
    --against, the continuity guard on the same loaded show."""
    from ..lint import lint
    from .check import print_report

    try:
        site = load_site(args.config_file)
    except PodsiteError as err:
        return print_report(err.problems)
    then = "" if args.against is None else f"the continuity guard against {args.against}"
    status = print_report(lint(site.catalog, site.urls, site.settings), site.catalog, then=then)
    if status or args.against is None:
        return status
    return check_against(site, args.against)


def check_against(site: Site, against: str) -> int:
    """The continuity guard: the feed we would publish keeps every published GUID and enclosure."""
    from .continuity import LIVE, NotPublishedYet, check_continuity, parse_feed, read_published

    catalog = site.catalog
    source = catalog.show.feed_url if against == LIVE else against
    try:
        published = parse_feed(read_published(source, live=against == LIVE), source)
    except NotPublishedYet:
        print(f"podsite: nothing is published at {source} yet; no continuity to keep.")
        return 0
    feed = render_feed(catalog, site.urls, read_notes(catalog.root / CACHE_DIR))
    report = check_continuity(published, feed, catalog, site.paths)
    for note in report.notes:
        print(f"podsite: note: {note}")
    if report.problems:
        for problem in report.problems:
            print(problem, file=sys.stderr)
        print(f"podsite: {len(report.problems)} change(s) would break the published feed {source}; nothing "
              f"was published.", file=sys.stderr)
        return 1
    if report.checked == 0:  # said, not silently passed: an empty live feed is worth a look
        print(f"podsite: {source} lists no episodes, so there is nothing to keep; if podcast apps show episodes "
              f"for your show, check that this is the address they subscribe to.")
    else:
        print(f"podsite: all {report.checked} episode(s) of {source} keep their GUID and audio URL.")
    return 0


def _init(args: argparse.Namespace) -> int:
    from .init import ASK, gather, init_show

    values = {key: getattr(args, key) for key in (*ASK, "description")}
    values["language"] = values["language"] or "en"
    ask = (lambda question: input(f"{question}: ")) if sys.stdin.isatty() else None
    root = args.config_file.parent.absolute()
    made = init_show(root, gather(values, ask))
    what = "replaced the template's sample show" if made.replaced_sample else "created a new show"
    print(f"podsite: {what} in {root}")
    for name in made.removed:
        print(f"podsite: removed {name}")
    for name in made.written:
        print(f"podsite: wrote {name}")
    print("Next:")
    for step in made.todo:
        print(f"  - {step}")
    return 0


def _notify(args: argparse.Namespace) -> int:
    from .notify import pings, send

    show = load_site(args.config_file).catalog.show
    planned = pings(show)
    if not planned:
        print("podsite: nothing to notify (notify: in episodes/_show.yml names no service)")
        return 0
    failed = 0
    for ping in planned:
        why = send(ping)
        if why is None:
            print(f"podsite: told {ping.describe()} that {show.feed_url} changed")
        else:
            failed += 1
            print(f"podsite: {why}", file=sys.stderr)
    return 1 if failed else 0


def _new(args: argparse.Namespace) -> int:
    from .scaffold import new_episode

    paths = _paths(args.config_file)
    made = new_episode(paths, args.title, guests=args.guest, when=args.date, season=args.season,
                       episode_type=args.type, number=args.number, audio=args.audio, draft=args.draft,
                       summary=args.summary)
    what = ", ".join(filter(None, [f"episode {made.number}" if made.number else args.type,
                                   f"season {made.season}" if made.season else ""]))
    if made.copied is not None:
        print(f"podsite: copied {made.copied[0]} to {paths.show(made.copied[1])}")
    print(f"podsite: created {paths.show(made.yaml_path)} ({what})")
    print(f"podsite: created {paths.show(made.writeup_path)} (the write-up)")
    for person in made.added_people:
        print(f"podsite: added {person} to {paths.show(paths.episodes_dir / PEOPLE_FILE)}")
    print("Next:")
    for step in [*made.todo, "preview with `mkdocs serve`, run `podsite check`, then commit and push to publish"]:
        print(f"  - {step}")
    return 0


def _measure(args: argparse.Namespace) -> int:
    from .measure import measure_episodes

    if any(a.startswith(("http://", "https://")) for a in args.episodes):
        return _measure_urls(args.episodes)
    paths = _paths(args.config_file)
    results = measure_episodes(paths, [Path(a) for a in args.episodes], args.audio, force=args.force)
    if not results:
        print("podsite: no episode has a local audio file to measure; name one: podsite measure episodes/NNN.yml "
              "--audio PATH")
    for result in results:
        if result.written:
            print(f"podsite: {result.shown}: wrote " + ", ".join(f"{k} {v}" for k, v in result.written.items()))
        else:
            print(f"podsite: {result.shown}: already matches the audio file")
        for note in result.notes:
            print(f"podsite: {result.shown}: {note}")
    return 0


def _measure_urls(urls: list[str]) -> int:
    """`podsite measure URL`: the facts of published audio, printed as the YAML an episode's audio: takes."""
    from ..timefmt import format_duration
    from .remote import measure_url

    for url in urls:
        remote = measure_url(url)
        found = remote.measurement
        print(f"# {url}: read {remote.fetched:,} of {found.bytes:,} bytes")
        print(f"audio:\n  url: {url}\n  bytes: {found.bytes}\n  type: {found.mime_type}\n"
              f"  duration: {format_duration(round(found.duration))}")
    return 0


def _upload(args: argparse.Namespace) -> int:
    from ..timefmt import format_duration
    from .upload import Bucket, Failed, Progress, plan_uploads, storage_of, upload_one

    site = load_site(args.config_file)
    storage = storage_of(site)
    planned, notes = plan_uploads(site, args.episodes)
    for note in notes:
        print(f"podsite: {note}")
    if not planned:
        if not notes:
            print(f"podsite: no episode has a local recording to upload (audio.file:); new ones can wait in "
                  f"{RECORDINGS_DIR}/, which git ignores")
        return 0
    if args.dry_run:
        for plan in planned:
            found = plan.recording.measurement
            print(f"podsite: would upload {site.paths.show(plan.recording.path)} ({found.bytes:,} bytes) to "
                  f"{storage.bucket}/{plan.key}, then write in {plan.shown}: audio: url: {plan.url}, bytes: "
                  f"{found.bytes}, type: {found.mime_type}, duration: {format_duration(round(found.duration))}"
                  + (f", moved_from: {plan.moved_from}" if plan.moved_from else ""))
        print("podsite: dry run; nothing was sent or written (the bucket was not asked what it holds).")
        return 0
    bucket = Bucket(storage, site.paths.show(site.catalog.show.source))
    bucket.check_access()
    failed = 0
    for plan in planned:
        try:
            done = upload_one(bucket, plan, replace=args.replace, progress=Progress())
        except Failed as failure:
            failed += 1
            print(failure.problem, file=sys.stderr)
            continue
        except OSError as err:  # the recording moved or vanished since it was measured
            failed += 1
            print(f"{plan.shown}: audio.file: cannot read {err.filename or plan.recording.path} ({err.strerror}); "
                  f"the YAML is unchanged", file=sys.stderr)
            continue
        except KeyboardInterrupt:
            print(f"\npodsite: interrupted; {plan.shown} is unchanged. Run podsite upload again: what is already "
                  f"in the bucket is not sent twice.", file=sys.stderr)
            return 130
        sent = f"sent {done.sent / 1e6:,.1f} MB" if done.sent else "sent nothing"
        resumed = f", resumed after {done.resumed_from / 1e6:,.1f} MB already stored" if done.resumed_from else ""
        print(f"podsite: {plan.shown}: audio is now {plan.url} ({plan.recording.size:,} bytes; {sent}{resumed})")
        for note in done.notes:
            print(f"podsite: {plan.shown}: {note}")
        if plan.moved_from:
            print(f"podsite: {plan.shown}: the published enclosure was {plan.moved_from}; moved_from: records the "
                  f"move, and apps keep the episode (its GUID is unchanged)")
        local = site.paths.show(plan.recording.path)
        if local.startswith(RECORDINGS_DIR + "/"):
            print(f"podsite: {plan.shown}: the build no longer needs {local}; keep it as your copy, or delete it")
        else:
            print(f"podsite: {plan.shown}: the build no longer needs {local}; remove it from the repository "
                  f"(git rm), or keep recordings in {RECORDINGS_DIR}/, which git ignores")
    if failed:
        print(f"podsite: {failed} of {len(planned)} episode(s) not uploaded; their YAML is unchanged.", file=sys.stderr)
        return 1
    print("Next: podsite check, then commit the episode files.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from .importer import import_feed

    config_file = args.config_file.absolute()
    try:
        paths = _paths(config_file)
    except SiteConfigError:  # no mkdocs.yml yet (the import writes one), or one MkDocs cannot use: default folders
        paths = Paths.at(config_file.parent)
    report = import_feed(args.feed, paths, config_file=config_file, site_url=args.site_url,
                         owner_email=args.owner_email, replace=args.replace)
    print(f"podsite: imported {report.episodes} episode(s) of '{report.title}' into {paths.root}")
    for line in report.guesses:
        print(f"  guessed: {line}")
    for line in report.dropped:
        print(f"  not kept: {line}")
    for line in report.todo:
        print(f"  to do: {line}")
    print("Next: podsite check, then podsite check --against " + args.feed + ", then mkdocs build --strict")
    return 0


def _export(args: argparse.Namespace) -> int:
    from .export import export_site

    site = load_site(args.config_file)
    written = export_site(site.catalog, site.urls, args.directory, force=args.force)
    print(f"podsite: wrote {written} files to {args.directory}")
    return 0


@dataclass(frozen=True)
class Site:
    """A show as a site build of its mkdocs.yml sees it: folders, the loaded catalog, the URL rules."""

    settings: SiteSettings
    catalog: Catalog
    urls: SiteUrls

    @property
    def paths(self) -> Paths:
        return self.settings.paths


def load_site(config_file: Path) -> Site:
    """Read mkdocs.yml once and load the show it names."""
    settings = _settings(config_file)
    catalog = load_catalog(settings.paths)
    return Site(settings, catalog, SiteUrls(catalog.show.site_url, settings.directory_urls))


def write_feed(config_file: Path, output: Path | None) -> int:
    site = load_site(config_file)
    output = output or config_file.parent / "site" / FEED_FILE
    cache = site.catalog.root / CACHE_DIR
    notes = read_notes(cache)
    notes.render_ahead(site.catalog.episodes, site.urls, processes_for(None))
    write_atomically(output, render_feed(site.catalog, site.urls, notes))
    save_notes(cache, notes)
    # The feed names it, relative; its labels in the site's language, as a site build writes it.
    lang = language(choose_language(site.settings.theme_language, site.catalog.show.language))
    write_atomically(output.parent / STYLESHEET_FILE, stylesheet(lang))
    print(f"podsite: wrote {output} ({len(site.catalog.episodes)} episodes)")
    return 0


_COMMANDS = {
    "feed": lambda args: write_feed(args.config_file, args.output),
    "check": _check,
    "init": _init,
    "notify": _notify,
    "new": _new,
    "measure": _measure,
    "upload": _upload,
    "import": _import,
    "export": _export,
}
