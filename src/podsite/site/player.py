"""What the player (assets/player.js) and the search box (assets/search.js) say, in the site's language. The
scripts are the one list of their messages: each is a `tr("...")` call there, which Babel's JavaScript extractor
finds, here and in the catalog's tests. The page hands the translations to the scripts in its head
(templates/podsite/head.html), so they make no request of their own."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.extract import extract

from ..i18n import Language

PLAYER_SOURCE = Path(__file__).parent / "assets" / "player.js"
SCRIPT_SOURCES = (PLAYER_SOURCE, Path(__file__).parent / "assets" / "search.js")
# Babel writes numbers in Latin digits unless told otherwise (CLDR gives Arabic those too), so the player's Intl
# is told the same (a Unicode locale extension), to write its numbers as the pages do.
NUMBERS = "-u-nu-latn"


@cache
def player_messages() -> tuple[str, ...]:
    """Every message of the player and the search box, in the order the scripts first use them."""
    found = []
    for script in SCRIPT_SOURCES:
        with script.open("rb") as source:
            found += [message for _, message, _, _ in extract("javascript", source, keywords={"tr": None})]
    return tuple(dict.fromkeys(str(message) for message in found))


def player_words(lang: Language) -> dict[str, object]:
    """The JSON the page gives the player: its locale (for Intl) and its messages that differ from English."""
    messages = {message: lang.gettext(message) for message in player_messages()}
    return {"locale": lang.tag + NUMBERS, "messages": {k: v for k, v in messages.items() if v != k}}
