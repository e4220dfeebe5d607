"""What the player (assets/player.js) says, in the site's language. The script is the one list of its messages:
each is a `tr("...")` call there, which Babel's JavaScript extractor finds, here and in the catalog's tests. The
page hands the translations to the script in its head (templates/podsite/head.html), so the player makes no
request of its own."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.extract import extract

from ..i18n import Language

PLAYER_SOURCE = Path(__file__).parent / "assets" / "player.js"
# Babel writes numbers in Latin digits unless told otherwise (CLDR gives Arabic those too), so the player's Intl
# is told the same (a Unicode locale extension), to write its numbers as the pages do.
NUMBERS = "-u-nu-latn"


@cache
def player_messages() -> tuple[str, ...]:
    """Every message of the player, in the order the script first uses it."""
    with PLAYER_SOURCE.open("rb") as source:
        found = [message for _, message, _, _ in extract("javascript", source, keywords={"tr": None})]
    return tuple(dict.fromkeys(str(message) for message in found))


def player_words(lang: Language) -> dict[str, object]:
    """The JSON the page gives the player: its locale (for Intl) and its messages that differ from English."""
    messages = {message: lang.gettext(message) for message in player_messages()}
    return {"locale": lang.tag + NUMBERS, "messages": {k: v for k, v in messages.items() if v != k}}
