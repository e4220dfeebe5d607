"""Optional feed fields of the show and of episodes: Apple and Podcasting 2.0 tags, and the feed's build settings."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from ..model import AlternateAudio, Funding, License, Location, RemotePodcast, Soundbite, Txt, UpdateFrequency
from ..vocab import AUDIO_TYPES, MEDIUMS
from .assets import Assets
from .fields import Fields
from .yamlio import LinedList, LinedMap

_GEO = re.compile(r"^geo:-?\d{1,3}(\.\d+)?,-?\d{1,3}(\.\d+)?(,-?\d+(\.\d+)?)?(;u=\d+(\.\d+)?)?$")


_OSM = re.compile(r"^[NWR]\d+(#\d+)?$")


def key_lines(data: object, prefix: str = "") -> dict[str, int]:
    """The line of every key, nested ones as `audio.bytes` or `chapters[2].start`, for `podsite check`."""
    found: dict[str, int] = {}
    if isinstance(data, LinedMap):
        for key, value in data.items():
            name = f"{prefix}{key}"
            found[name] = data.line_of(key)
            found.update(key_lines(value, name + "."))
    elif isinstance(data, LinedList):
        for index, value in enumerate(data):
            name = f"{prefix.rstrip('.')}[{index + 1}]"
            found[name] = data.line_of(index)
            found.update(key_lines(value, name + "."))
    return found


def _entries(f: Fields, key: str, text_key: str, allowed: tuple[str, ...], what: str
             ) -> Iterator[tuple[Fields | None, str]]:
    """The entries of a field that takes a text, a mapping, or a list of either: (Fields or None, text)."""
    for line, value, label in f.items(key):
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            if text:
                yield None, text
            else:
                f.problem(label, f"is empty; write {what}", line)
            continue
        item = f.sub(value, label, line, what)
        if item is None:
            continue
        item.reject_unknown(allowed)
        written = item.text(text_key, required=True, what=f"the {text_key}", multiline=text_key == "text")
        if written is not None:
            yield item, written


def read_funding(f: Fields) -> tuple[Funding, ...]:
    found = []
    for line, value, label in f.items("funding"):
        item = f.sub(value, label, line, "a mapping with url and text, like url: https://... text: Support us")
        if item is None:
            continue
        item.reject_unknown(("url", "text"))
        url = item.url("url", required=True)
        text = item.text("text", required=True, what="what the link asks for, like Support the show")
        if url and text:
            found.append(Funding(url, text))
    return tuple(found)


def read_medium(f: Fields) -> str | None:
    value = f.text("medium")
    if value is None:
        return None
    for medium in MEDIUMS:
        if value.lower() == medium.lower():
            return medium
    f.problem("medium", f"'{value}' is not a Podcasting 2.0 medium; use one of: {', '.join(MEDIUMS)}")
    return None


def read_license(f: Fields) -> License | None:
    for item, name in _entries(f, "license", "name", ("name", "url"), "an SPDX id like cc-by-4.0, or name and url"):
        return License(name, item.url("url") if item else None)
    return None


def read_locations(f: Fields) -> tuple[Location, ...]:
    found = []
    for item, name in _entries(f, "location", "name", ("name", "geo", "osm", "rel"),
                               "a place name, or a mapping with name, geo, osm and rel"):
        if item is None:
            found.append(Location(name))
            continue
        geo, osm = item.text("geo"), item.text("osm")
        if geo is not None and not _GEO.match(geo):
            item.problem("geo", f"'{geo}' is not a geo URI; write it like geo:30.2672,-97.7431")
        if osm is not None and not _OSM.match(osm):
            item.problem("osm", f"'{osm}' is not an OpenStreetMap id; write it like R113314 (N, W or R, then "
                                f"the number)")
        found.append(Location(name, geo, osm, item.choice("rel", ("subject", "creator"))))
    return tuple(found)


def read_txt(f: Fields) -> tuple[Txt, ...]:
    found = []
    for item, text in _entries(f, "txt", "text", ("text", "purpose"), "a text, or a mapping with text and purpose"):
        found.append(Txt(text, item.text("purpose") if item else None))
    return tuple(found)


def read_podroll(f: Fields) -> tuple[RemotePodcast, ...]:
    found = []
    for line, value, label in f.items("podroll"):
        item = f.sub(value, label, line, "a mapping with the recommended show's guid (its podcast:guid) and url")
        if item is None:
            continue
        item.reject_unknown(("guid", "url"))
        guid = item.text("guid", required=True, what="the recommended show's podcast:guid")
        if guid is None:
            continue
        try:
            guid = str(uuid.UUID(guid))
        except ValueError:
            item.problem("guid", f"'{guid}' is not a podcast:guid (a UUID); find it on podcastindex.org")
            continue
        found.append(RemotePodcast(guid, item.url("url")))
    return tuple(found)


def read_update_frequency(f: Fields) -> UpdateFrequency | None:
    for item, text in _entries(f, "update_frequency", "text", ("text", "rrule", "dtstart"),
                               "a text like Weekly, or a mapping with text, rrule and dtstart"):
        if item is None:
            return UpdateFrequency(text)
        rrule = item.text("rrule")
        if rrule is not None and not re.match(r"^FREQ=(YEARLY|MONTHLY|WEEKLY|DAILY|HOURLY)(;[A-Z]+=[^;\s]+)*$",
                                              rrule):
            item.problem("rrule", f"'{rrule}' is not an iCalendar rule; write it like FREQ=WEEKLY or "
                                  f"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")
            rrule = None
        return UpdateFrequency(text, rrule, item.moment("dtstart", ZoneInfo("UTC")))
    return None


def read_removed(f: Fields) -> tuple[str, ...]:
    """`removed:` GUIDs (or mappings with guid and a note) of published episodes taken down on purpose."""
    return tuple(guid for item, guid in _entries(f, "removed", "guid", ("guid", "title", "note"),
                                                 "the GUID of an episode taken down on purpose"))


def read_analytics_prefixes(f: Fields) -> tuple[str, ...]:
    found = []
    for line, value, label in f.items("analytics_prefix"):
        url = f.check_url(label, value, line) if isinstance(value, str) else None
        if url is None:
            if not isinstance(value, str):
                f.problem(label, "must be a prefix URL like https://op3.dev/e/", line)
            continue
        if not url.startswith("https://"):
            f.problem(label, f"'{url}' must be an https:// address; apps refuse plain http redirects", line)
            continue
        found.append(url if url.endswith("/") else url + "/")
    return tuple(found)


def read_soundbites(f: Fields) -> tuple[Soundbite, ...]:
    found = []
    for line, value, label in f.items("soundbites"):
        item = f.sub(value, label, line, "a mapping with start, duration and an optional title")
        if item is None:
            continue
        item.reject_unknown(("start", "duration", "title"))
        start = item.duration("start", required=True, what="where the clip starts, like 12:34")
        length = item.duration("duration", required=True, what="the clip's length in seconds, like 45")
        if length is not None and length <= 0:
            item.problem("duration", "must be more than 0 seconds")
            continue
        if start is not None and length is not None:
            found.append(Soundbite(start, length, item.text("title", max_len=500)))
    return tuple(found)


def read_alternate_audio(f: Fields, assets: Assets) -> tuple[AlternateAudio, ...]:
    found = []
    for line, value, label in f.items("alternate_audio"):
        item = f.sub(value, label, line, "a mapping with file (or url, bytes and type), title and bitrate")
        if item is None:
            continue
        item.reject_unknown(("file", "url", "bytes", "type", "title", "bitrate"))
        count = len(f.problems)
        asset = (assets.read(item, "file", types=AUDIO_TYPES) if item.has("file")
                 else assets.read(item, "url", required=True, what="file: or url: of the other audio file"))
        size = item.integer("bytes")
        if asset is not None and asset.local is not None:
            real = asset.local.stat().st_size
            if size is not None and size != real:
                item.problem("bytes", f"says {size} but the file is {real} bytes; fix it or remove the line")
            size = real
        elif asset is not None and size is None:
            item.problem("bytes", "missing; add the file size in bytes")
        mime = item.text("type") or (AUDIO_TYPES.get(Path(asset.url).suffix.lower()) if asset else None)
        if asset is not None and mime is None:
            item.problem("type", "missing; add the MIME type, like audio/opus")
        title = item.text("title", max_len=500)
        bitrate = item.integer("bitrate", what="the bitrate in bits per second, like 96000")
        if asset is not None and size is not None and mime is not None and len(f.problems) == count:
            found.append(AlternateAudio(asset, size, mime, title, bitrate))
    return tuple(found)
