"""One episode's YAML: title, GUID, date, audio, people, chapters, transcripts."""

from __future__ import annotations

import difflib
import uuid
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from ..errors import Problem
from ..layout import PEOPLE_FILE, RESERVED_SLUGS, SLUG, Paths
from ..model import EPISODE_TYPES, Asset, Audio, Chapter, Credit, Cue, Episode, Person, Show, Transcript
from ..timefmt import format_duration
from ..vocab import AUDIO_TYPES, IMAGE_TYPES, TRANSCRIPT_TYPES
from .assets import Assets
from .audio import AudioError, measure_file
from .cache import Reads
from .extras import key_lines, read_alternate_audio, read_funding, read_locations, read_soundbites
from .fields import Fields
from .people import read_role
from .show import read_language
from .transcripts import load_cues
from .writeup import read_writeup
from .yamlio import LinedList, LinedMap

EPISODE_FIELDS = ("title", "guid", "date", "number", "season", "type", "slug", "summary", "audio", "image",
                  "explicit", "people", "tags", "chapters", "transcripts", "draft",
                  "block", "soundbites", "alternate_audio", "location", "funding", "old_slugs", "language")


MAX_AUDIO_BYTES = 10**12  # a terabyte: a larger "bytes:" is a typo, not a recording
CUE_SLACK = 5  # seconds a transcript's last line may start after the audio's stated end (rounding, silence)
AUDIO_FIELDS = ("file", "url", "bytes", "type", "duration", "moved_from")


def load_episode(paths: Paths, path: Path, data: LinedMap, show: Show, people: dict[str, Person],
                  problems: list[Problem], reads: Reads | None = None, now: datetime | None = None
                  ) -> Episode | None:
    """One episode, validated. With `now`, a draft or an episode dated after it may lack its audio (see
    Audio.pending); the caller must not keep such an episode beyond this run, since it falls due."""
    f = Fields(data, paths.show(path), problems)
    f.reject_unknown(EPISODE_FIELDS)
    count = len(problems)
    assets = Assets(paths, show.site_url, reads)
    zone = ZoneInfo(show.timezone)
    stem = path.stem
    date = f.moment("date", zone, required=True) or datetime.min.replace(tzinfo=UTC)
    draft = bool(f.boolean("draft"))
    not_due = now is not None and (draft or date > now)
    audio = _audio(f, assets) if not not_due else _audio_if_ready(f, assets, show.site_url, stem)
    episode = Episode(
        stem=stem,
        slug=_slug(f, stem),
        source=path,
        title=f.text("title", required=True, what="the episode's title", max_len=255) or "",
        guid=_guid(f),
        date=date,
        audio=audio or Audio(Asset(show.site_url), 1, "audio/mpeg", 0),
        type=f.choice("type", EPISODE_TYPES) or "full",
        number=f.integer("number"),
        season=f.integer("season"),
        summary=f.text("summary", multiline=True, max_len=4000) or "",
        image=assets.cover(f, "image"),
        explicit=f.boolean("explicit"),
        credits=_credits(f, people),
        tags=_tags(f),
        chapters=_chapters(f, assets, audio.duration if audio else None),
        transcripts=_transcripts(f, assets, audio.duration if audio else None),
        draft=draft,
        writeup=read_writeup(paths, stem, problems),
        block=bool(f.boolean("block")),
        soundbites=read_soundbites(f),
        alternate_audio=read_alternate_audio(f, assets),
        locations=read_locations(f),
        funding=read_funding(f),
        old_slugs=_old_slugs(f),
        language=read_language(f),
        lines=key_lines(f.data),
    )
    return episode if len(problems) == count else None


def _slug(f: Fields, stem: str) -> str:
    slug = f.text("slug")
    if slug is not None:
        if not SLUG.match(slug):
            f.problem("slug", f"'{slug}' is not a slug; use lower-case ASCII letters, digits and dashes")
        elif slug in RESERVED_SLUGS:
            f.problem("slug", f"'{slug}' is the address of a page podsite makes; choose another slug")
        return slug
    if not SLUG.match(stem):
        f.problem("slug", f"the file name '{stem}' is not a usable URL; rename the file to lower-case ASCII "
                          f"letters, digits and dashes (like 001-small-wins.yml) or add a slug: field")
    elif stem in RESERVED_SLUGS:
        f.problem("slug", f"the file name '{stem}' is the address of a page podsite makes; rename the file")
    return stem


def _old_slugs(f: Fields) -> tuple[str, ...]:
    """`old_slugs:`: where the page was before its slug changed; the site keeps those addresses working."""
    found = []
    for line, value, label in f.items("old_slugs"):
        if not isinstance(value, str) or not SLUG.match(value):
            f.problem(label, f"{value!r} is not a slug; write the old address's last part, like 001-small-wins",
                      line)
        elif value in RESERVED_SLUGS:
            f.problem(label, f"'{value}' is the address of a page podsite makes", line)
        else:
            found.append(value)
    return tuple(found)


def _guid(f: Fields) -> str:
    guid = f.text("guid", required=True, what="a GUID (run `podsite new` to get one: "
                                              f"guid: {uuid.uuid4()})", max_len=500)
    return guid or ""


def _audio(f: Fields, assets: Assets) -> Audio | None:
    a = f.mapping("audio", required=True, what="the audio file (file: or url:, bytes, type, duration)")
    if a is None:
        return None
    a.reject_unknown(AUDIO_FIELDS)
    count = len(f.problems)
    local = assets.read(a, "file", types=AUDIO_TYPES) if a.has("file") else None
    url = a.url("url")
    if local is None and url is None and len(f.problems) == count:
        a.problem("file", "missing; give the audio as file: (a path in the repository) or url: (where it is "
                          "published)")
    size = a.integer("bytes", maximum=MAX_AUDIO_BYTES)
    mime = a.text("type")
    duration = a.duration("duration")
    suffix = Path((local.local if local and local.local else None) or url or "").suffix.lower()
    if local is not None and local.local is not None:
        real = local.local.stat().st_size
        if size is not None and size != real:
            a.problem("bytes", f"says {size} but {a.data['file']} is {real} bytes; fix it or run `podsite "
                               f"measure`")
        if real == 0:
            a.problem("file", f"{a.data['file']} is an empty file; replace it with the episode's audio")
            return None
        size = real
        if duration is None:
            duration = _measured_duration(local.local)
            if duration is None and not a.has("duration"):
                a.problem("duration", f"cannot read the length of {a.data['file']} (is it a real audio file?); "
                                      f"add duration: like 42:10")
    if a.has("file") and local is None and url is None:
        return None  # the file: line is already reported; bytes and duration could not be measured from it
    if size is None:
        a.problem("bytes", "missing; add the file size in bytes (podsite measure writes it) so the feed's "
                           "enclosure is exact")
    if mime is None:
        mime = AUDIO_TYPES.get(suffix)
        if mime is None:
            a.problem("type", "missing; add the audio MIME type, like audio/mpeg")
    elif not mime.startswith(("audio/", "video/")):
        a.problem("type", f"'{mime}' is not an audio type; use e.g. audio/mpeg or audio/x-m4a")
    if duration is None:
        a.problem("duration", "missing; add the length like 42:10 or 1:02:03 (podsite measure writes it)")
    if len(f.problems) > count or size is None or mime is None or duration is None:
        return None
    published = Asset(url, local.local if local else None, None) if url else local
    assert published is not None
    return Audio(published, size, mime, round(duration), _moved_from(a))


def _audio_if_ready(f: Fields, assets: Assets, site_url: str, stem: str) -> Audio:
    """A draft's or scheduled episode's audio: validated as any other when it is complete; when it is not (no
    file yet, not measured), a stand-in that says why, and no problem, since the episode is not published."""
    scratch = Fields(f.data, f.file, [], f.prefix)
    audio = _audio(scratch, assets)
    if audio is not None and not scratch.problems:
        return audio
    first = scratch.problems[0] if scratch.problems else None
    why = f"{first.field}: {first.message}" if first else "audio: incomplete"
    return Audio(Asset(f"{site_url}episodes/{stem}/audio-pending"), 1, "audio/mpeg", 0, pending=why)


def _moved_from(a: Fields) -> tuple[str, ...]:
    """`audio.moved_from`: the enclosure URL(s) this episode had before; the host acknowledges the move."""
    found = []
    for line, value, label in a.items("moved_from"):
        url = a.check_url(label, value, line) if isinstance(value, str) else None
        if url is None and not isinstance(value, str):
            a.problem(label, "must be the episode's previous audio URL", line)
        elif url is not None:
            found.append(url)
    return tuple(found)


def _measured_duration(path: Path) -> float | None:
    try:
        return measure_file(path).duration
    except AudioError:
        return None  # the caller reports it: the host writes duration: or fixes the file


def _credits(f: Fields, people: dict[str, Person]) -> tuple[Credit, ...]:
    found = []
    for line, value, label in f.items("people"):
        person_id: str | None
        if isinstance(value, str):
            person_id, role = value, None
        else:
            item = f.sub(value, label, line, "a person id, or a mapping with id and role")
            if item is None:
                continue
            item.reject_unknown(("id", "role"))
            person_id = item.text("id", required=True, what="a person id from _people.yml")
            role = read_role(item, "role")
        if person_id is None:
            continue
        person = people.get(person_id)
        if person is None:
            hint = difflib.get_close_matches(person_id, list(people), n=1)
            fix = f"did you mean '{hint[0]}'?" if hint else f"add '{person_id}' to episodes/{PEOPLE_FILE}"
            f.problem(label, f"'{person_id}' is not in the people registry; {fix}", line)
            continue
        found.append(Credit(person, role or person.role))
    return tuple(found)


def _tags(f: Fields) -> tuple[str, ...]:
    found: list[str] = []
    tags = f.data.get("tags")
    for index, (line, value, label) in enumerate(f.items("tags")):
        # `tags: [2024, yes]` are the words 2024 and yes, not a number and True.
        written = tags.source_of(index) if isinstance(tags, LinedList) else f.data.source_of("tags")
        text = value if isinstance(value, str) else written
        if text is None or not text.strip() or len(text) > 100 or "\n" in text:
            f.problem(label, "a tag must be a short text on one line, like tags: [interviews, sleep]", line)
        elif text.strip() not in found:
            found.append(text.strip())
    return tuple(found)


def _chapters(f: Fields, assets: Assets, duration: float | None) -> tuple[Chapter, ...]:
    found: list[Chapter] = []
    entries = f.items("chapters")
    for line, value, label in entries:
        item = f.sub(value, label, line, "a mapping with start and title")
        if item is None:
            continue
        item.reject_unknown(("start", "title", "url", "image"))
        start = item.duration("start", required=True, what="the start time like 12:34")
        title = item.text("title", required=True, what="the chapter's title", max_len=500)
        if start is None or title is None:
            continue
        if found and start <= found[-1].start:
            previous = format_duration(found[-1].start)
            item.problem("start", f"{format_duration(start)} is not after the previous chapter ({previous}); "
                                  f"list chapters in order")
            continue
        if duration is not None and start >= duration:
            end = format_duration(duration)
            item.problem("start", f"{format_duration(start)} is past the end of the audio ({end})")
            continue
        found.append(Chapter(start, title, item.url("url"), assets.read(item, "image", types=IMAGE_TYPES)))
    if found and found[0].start != 0 and len(found) == len(entries):  # else a chapter's own line says why
        f.problem("chapters", "the first chapter must start at 0:00, so every moment belongs to a chapter")
    return tuple(found)


def _transcripts(f: Fields, assets: Assets, duration: float | None) -> tuple[Transcript, ...]:
    found = []
    for line, value, label in f.items("transcripts"):
        item = f.sub(value, label, line, "a mapping with file (or url) and language")
        if item is None:
            continue
        item.reject_unknown(("file", "url", "language", "type"))
        asset = (assets.read(item, "file", types=TRANSCRIPT_TYPES) if item.has("file")
                 else assets.read(item, "url", required=True, what="file: or url: of the transcript"))
        language = item.text("language", required=True, what="the transcript's language, like en")
        mime = item.text("type") or (TRANSCRIPT_TYPES.get(Path(asset.url).suffix.lower()) if asset else None)
        if asset is not None and mime is None:
            item.problem("type", "missing; add the transcript type, like text/vtt")
        if asset and language and mime:
            cues: tuple[Cue, ...] = ()
            if asset.local is not None:  # read once, now: a broken file stops the build before it starts
                cues, problems = load_cues(asset.local, mime, assets.paths.show(asset.local))
                f.problems.extend(problems)
                if cues and duration and (last := max(cue.start for cue in cues)) > duration + CUE_SLACK:
                    when = format_duration(last) if last < 100 * 3600 else f"{last:.3g} seconds"
                    item.problem("file", f"{assets.paths.show(asset.local)} has a line at {when}, after the audio "
                                         f"ends ({format_duration(duration)}); fix its times")
                    continue
            found.append(Transcript(asset, mime, language, cues))
    return tuple(found)

