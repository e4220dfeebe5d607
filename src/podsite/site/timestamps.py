"""Times in show notes (`12:34`, `1:02:03`) become links that seek the episode's player."""

from __future__ import annotations

import html
import re

from ..i18n import Language, language
from ..timefmt import format_duration

# `12:34` or `1:02:03` in show notes (also `12&#58;34`, how `text()` writes a colon), not part of a longer number.
_TIMESTAMP = re.compile(r"(?<![\w:;.])(?:(\d{1,2})(?::|&#58;))?(\d{1,3})(?::|&#58;)([0-5]\d)(?![\w:&]|\.\d)")
# Inside these, text stays as it is: links cannot nest, code is literal, headings carry their own anchors.
_NO_LINKS = frozenset({"a", "code", "pre", "script", "style", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6",
                       "button", "textarea", "time"})
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")
NOTES_START, NOTES_END = "<!-- podsite:notes -->", "<!-- /podsite:notes -->"


def seconds_of(stamp: str) -> int | None:
    """Seconds of `m:ss`, `mm:ss` or `h:mm:ss`; None when it is not a time (like `1:75`)."""
    match = _TIMESTAMP.fullmatch(stamp)
    if not match:
        return None
    hours, minutes, secs = match.groups()
    if hours is not None and (len(minutes) != 2 or int(minutes) > 59):
        return None
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)


def link_timestamps(fragment: str, duration: float, lang: Language | None = None) -> str:
    """Turn the times in rendered show notes into links that seek the player (only times inside the audio). The
    time stays as the host wrote it; its title is in the site's language."""
    play_from = (lang or language()).gettext("Play from {time}")
    out: list[str] = []
    skip: list[str] = []  # open tags whose text keeps its times as they are
    for part in _TAG.split(fragment):
        if part.startswith("<"):
            tag = _TAG_NAME.match(part)
            if tag and tag.group(2).lower() in _NO_LINKS and not part.endswith("/>"):
                if tag.group(1):
                    if skip:
                        skip.pop()
                else:
                    skip.append(tag.group(2).lower())
            out.append(part)
        elif skip or (":" not in part and "&#58;" not in part):  # most text has no time in it: skip the regex
            out.append(part)
        else:
            out.append(_TIMESTAMP.sub(lambda m: _seek_link(m.group(0), duration, play_from), part))
    return "".join(out)


def _seek_link(stamp: str, duration: float, play_from: str) -> str:
    seconds = seconds_of(stamp)
    if seconds is None or seconds > duration:
        return stamp
    shown = html.unescape(stamp)
    title = html.escape(play_from.format(time=shown))
    return f'<a class="podsite-seek" href="#t={format_duration(seconds)}" title="{title}">{shown}</a>'
