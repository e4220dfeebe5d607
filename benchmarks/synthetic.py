"""Synthetic shows for the benchmark: real YAML and markdown files, shaped like a long-running podcast.

Each episode has remote audio (url, bytes, duration: no audio files needed), a host and one or two guests,
tags, six chapters, and a write-up of about 1,200 words with headings, links (to people pages and to the web),
emphasis, lists and timestamps. Everything is generated from a seeded RNG, so a size always gives the same
show.

With `transcript_words`, each episode also has a WebVTT transcript of that many words (9,000 is an hour of
speech), in cues of about 15 words, 6 seconds each; one cue holds a word no other page has,
`unique_word(number)`, for measuring a search.

`write_baseline` writes the same pages as plain markdown (the podsite plugin's own page markdown, dumped) with
an mkdocs.yml without the plugin: what plain MkDocs + Material costs for the same site.
"""

from __future__ import annotations

import json
import posixpath
import random
import shutil
import uuid
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COVER = REPO / "tests" / "fixtures" / "media" / "cover.png"
SITE_URL = "https://bench.example.org/"
TITLE = "The Long Archive"

_TEXT = (
    "the a of and to in that is it for on with as was this but be at by not are from have they you or one had "
    "we an what all were when there can more if about up out so people said some time them into only other "
    "new could these two may then first any like over such our even most after also did many before must "
    "through back years where much your way well down should because each just those how too little state good "
    "very make world still own see men work long get here between both life being under never day same another "
    "know while last might us great old year off come since against go came right used take three listening "
    "recovery burnout session client therapist trauma practice supervision boundaries grief courage habit "
    "morning coffee garden story memory patience silence evening kitchen window letter river mountain season"
)
WORDS = _TEXT.split()
TOPICS = ("burnout", "grief", "sleep", "boundaries", "supervision", "courage", "habits", "memory", "silence",
          "letters", "gardens", "rivers", "mornings", "patience", "kitchens", "mountains", "seasons", "windows")
TAGS = (*TOPICS, "interview", "solo", "live", "listener questions", "research", "book talk")

MKDOCS_YML = """\
site_name: {title}
theme:
  name: material
  font: false
  features:
    - navigation.instant
    - navigation.tabs
{extra}nav:
  - Home: index.md
  - Episodes: episodes/index.md
  - People: people/index.md
  - Tags: tags.md
plugins:
{search}  - tags
{plugin}markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - toc:
      permalink: true
"""

SHOW_YML = f"""\
title: {TITLE}
description: A synthetic show for podsite's benchmark, with a long archive of long write-ups.
site_url: {SITE_URL}
language: en
category: Health & Fitness / Mental Health
explicit: false
author: Benchmark Hosts
owner:
  name: Alex Host
  email: hello@bench.example.org
image: docs/assets/cover.png
type: episodic
timezone: UTC
podcast_guid: f68b9410-8339-5052-901e-07af14715e2f
"""


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int, links: list[str]) -> str:
    parts, count = [], 0
    while count < words:
        n = rng.randint(8, 18)
        parts.append(sentence(rng, n))
        count += n
    if rng.random() < 0.5:
        parts.insert(1, f"*{sentence(rng, 3)[:-1]}*")
    if rng.random() < 0.3:
        parts.insert(2, f"**{sentence(rng, 2)[:-1]}**")
    if links and rng.random() < 0.6:
        parts.insert(rng.randint(0, len(parts)), rng.choice(links))
    return " ".join(parts)


def timestamp(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def writeup(rng: random.Random, guests: list[tuple[str, str]], chapters: list[tuple[int, str]]) -> str:
    """About 1,200 words: an intro, six sections (one per chapter), timestamps and further reading."""
    people_links = [f"[{name}](../people/{pid}.md)" for pid, name in guests]
    web_links = [f"[{rng.choice(TOPICS)} notes](https://example.org/{rng.choice(TOPICS)}/{rng.randint(1, 999)})"
                 for _ in range(4)]
    out = [paragraph(rng, 110, people_links), ""]
    for _start, title in chapters:
        out += [f"## {title}", "", paragraph(rng, 90, web_links), "", paragraph(rng, 80, people_links), ""]
    out += ["## Timestamps", ""]
    out += [f"- **{timestamp(start)}** {title}" for start, title in chapters]
    out += ["", "## Further reading", ""]
    out += [f"- {link}" for link in web_links]
    out += ["", "> " + sentence(rng, 20), ""]
    return "\n".join(out)


def unique_word(number: int) -> str:
    """A word spoken only in episode `number`'s transcript."""
    return "quodlibet" + "".join("abcdefghij"[int(digit)] for digit in str(number))


def transcript(rng: random.Random, number: int, words: int) -> str:
    """WebVTT of about `words` words: cues of 15 words, 6 seconds each, speakers taking turns."""
    cues, count, start = ["WEBVTT", ""], 0, 0
    special = rng.randrange(max(1, words // 15))
    while count < words:
        text = " ".join(rng.choice(WORDS) for _ in range(15))
        if len(cues) // 3 == special:
            text += f" {unique_word(number)}"
        who = ("Alex Host", "Guest")[len(cues) // 3 % 2]
        cues += [f"{timestamp(start)}.000 --> {timestamp(start + 6)}.000", f"<v {who}>{text[0].upper()}{text[1:]}.",
                 ""]
        count, start = count + 15, start + 6
    return "\n".join(cues)


def write_show(root: Path, episodes: int, seed: int = 7, *, transcript_words: int = 0,
               material_search: bool = False) -> Path:
    """A complete show repository with `episodes` published episodes under `root`; returns root. With
    `material_search`, its mkdocs.yml keeps Material's search plugin (podsite's search then stands aside), as
    every show did before podsite had its own."""
    if root.exists():
        shutil.rmtree(root)
    rng = random.Random(seed)
    (root / "episodes").mkdir(parents=True)
    (root / "docs" / "episodes").mkdir(parents=True)
    (root / "docs" / "assets").mkdir(parents=True)
    shutil.copy(COVER, root / "docs" / "assets" / "cover.png")
    plugin = "  - podsite:\n      episodes_dir: episodes\n"
    search = "  - search\n" if material_search else ""
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(title=TITLE, extra="", plugin=plugin, search=search),
                                     encoding="utf-8")
    (root / "episodes" / "_show.yml").write_text(SHOW_YML, encoding="utf-8")
    (root / "docs" / "index.md").write_text(f"# {TITLE}\n\nA long archive of conversations.\n", encoding="utf-8")

    # Most guests appear once or twice, as on a real interview show.
    guest_count = max(4, episodes * 2 // 3)
    people = ["alex:\n  name: Alex Host\n  role: host\n  bio: Alex hosts the show.\n"
              "  links:\n    - title: Alex's site\n      url: https://alex.example.org/\n",
              "sam:\n  name: Sam Cohost\n  role: co-host\n  bio: Sam co-hosts the show.\n"]
    guests = [(f"guest-{i:05d}", f"Guest {i} {rng.choice(WORDS).title()}") for i in range(guest_count)]
    people += [f"{pid}:\n  name: {name}\n  role: guest\n  bio: {sentence(rng, 25)}\n" for pid, name in guests]
    (root / "episodes" / "_people.yml").write_text("\n".join(people), encoding="utf-8")

    first = date(2005, 1, 3)
    for i in range(1, episodes + 1):
        topic = rng.choice(TOPICS)
        stem = f"{i:05d}-{topic}-{rng.choice(TOPICS)}"
        on = [guests[rng.randrange(guest_count)] for _ in range(rng.choice((1, 1, 2)))]
        on = list(dict.fromkeys(on))
        duration = max(rng.randint(1800, 5400), transcript_words * 6 // 15 + 60)
        starts = sorted((rng.randint(60, duration - 60), sentence(rng, 4)[:-1]) for _ in range(5))
        chapters = [(0, "Welcome"), *starts]
        chapters = list(dict((start, (start, title)) for start, title in chapters).values())
        people_yaml = "  - id: alex\n    role: host\n" + "".join(f"  - id: {pid}\n    role: guest\n" for pid, _ in on)
        chapter_yaml = "".join(f'  - start: "{timestamp(s)}"\n    title: "{t}"\n' for s, t in chapters)
        tags = sorted({rng.choice(TAGS) for _ in range(3)})
        (root / "episodes" / f"{stem}.yml").write_text(
            f'title: "{topic.title()}: {sentence(rng, 5)[:-1]}"\n'
            f"guid: {uuid.UUID(int=rng.getrandbits(128), version=4)}\n"
            f"date: {first + timedelta(days=i)}\n"
            f"number: {i}\nseason: {1 + (i - 1) // 100}\n"
            f"summary: >-\n  {sentence(rng, 30)} {sentence(rng, 20)}\n"
            f"audio:\n  url: https://cdn.example.org/audio/{stem}.mp3\n"
            f"  bytes: {duration * 16_000}\n  duration: {timestamp(duration)}\n"
            f"people:\n{people_yaml}tags: [{', '.join(tags)}]\nchapters:\n{chapter_yaml}"
            + (f"transcripts:\n  - file: episodes/{stem}.vtt\n    language: en\n" if transcript_words else ""),
            encoding="utf-8")
        if transcript_words:
            (root / "episodes" / f"{stem}.vtt").write_text(transcript(rng, i, transcript_words), encoding="utf-8")
        (root / "docs" / "episodes" / f"{stem}.md").write_text(writeup(rng, on, chapters), encoding="utf-8")
    return root


def write_baseline(show: Path, root: Path) -> Path:
    """The same pages as plain markdown, for plain MkDocs + Material: no podsite plugin, flat navigation,
    episode and people pages out of it. Same theme, templates, CSS and markdown extensions."""
    from mkdocs.config import load_config

    from podsite.layout import Paths
    from podsite.load.catalog import load_catalog
    from podsite.site.pages import Pages
    from podsite.site.plugin import PACKAGE_DIR
    from podsite.urls import HOME_PAGE, PEOPLE_INDEX, TAGS_PAGE, SiteUrls

    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    shutil.copytree(show / "docs" / "assets", docs / "assets")
    catalog = load_catalog(Paths(show, show / "docs", show / "episodes"))
    pages = Pages(catalog, SiteUrls(catalog.show.site_url, True))

    def put(src: str, markdown: str) -> None:
        path = docs / src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")

    for episode in catalog.episodes:
        put(SiteUrls.episode_page(episode), pages.episode(episode))
        if (transcript := pages.transcript(episode)) is not None:
            put(SiteUrls.transcript_page(episode), transcript)
    for person in catalog.people.values():
        for src, body in pages.person_pages(person).items():
            put(src, body)
    for src, markdown in pages.episodes_index_pages().items():
        put(src, markdown)
    put(PEOPLE_INDEX, pages.people_index())
    put(TAGS_PAGE, pages.tags())
    home = (show / "docs" / "index.md").read_text(encoding="utf-8")
    put(HOME_PAGE, home.rstrip() + "\n\n" + pages.home_extras())
    # The CSS and JS the plugin adds to every page (assets/podsite/X is the package's assets/X).
    config = load_config(str(show / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    css = [str(path) for path in config.extra_css]
    js = [str(getattr(script, "path", script)) for script in config.extra_javascript]
    for src in css + js:
        put(src, (PACKAGE_DIR / "assets" / posixpath.basename(src)).read_text(encoding="utf-8"))
    extra = (f"  custom_dir: {PACKAGE_DIR / 'templates'}\nsite_url: {SITE_URL}\n"
             f"extra_css: {json.dumps(css)}\nextra_javascript: {json.dumps(js)}\n"
             "not_in_nav: |\n  /episodes/*.md\n  /episodes/*/*.md\n  /people/*.md\n")
    # Plain MkDocs + Material has Material's search, its default.
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(title=TITLE, extra=extra, plugin="", search="  - search\n"),
                                     encoding="utf-8")
    return root
