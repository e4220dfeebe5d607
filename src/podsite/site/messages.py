"""Every message of podsite's catalog, found where it is written: `_()`, `gettext()`, `ngettext()` and `N_()`
calls in the Python source, `tr()` calls in the player, and the `label-*` variables of the feed's stylesheet.
`scripts/update_catalog.py` writes them to the template (locale/podsite.pot) and each language's `.po`; the
tests fail when a shipped language lacks one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract

from ..feed.writer import stylesheet_labels
from ..i18n import DOMAIN
from .player import PLAYER_SOURCE, player_messages

PACKAGE = Path(__file__).parent.parent
PYTHON_KEYWORDS: dict[str, tuple[int, ...] | None] = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def template() -> Catalog:
    """The catalog's template: every message id (a plural as a (singular, plural) pair) with where it is used."""
    # A fixed date, so the template changes only when a message does.
    catalog = Catalog(domain=DOMAIN, project="podsite", copyright_holder="podsite contributors", fuzzy=False,
                      creation_date=datetime(2026, 11, 27, tzinfo=UTC))
    for path in sorted(PACKAGE.rglob("*.py")):
        with path.open("rb") as source:
            for line, message, _, _ in extract("python", source, keywords=PYTHON_KEYWORDS):
                catalog.add(message, locations=[(path.relative_to(PACKAGE).as_posix(), line)],
                            flags=_flags(message))
    scripts = PLAYER_SOURCE.parent.relative_to(PACKAGE).as_posix()  # player.js and search.js
    for message in player_messages():
        catalog.add(message, locations=[(scripts, 0)], flags=_flags(message))
    for message in stylesheet_labels():
        catalog.add(message, locations=[("feed/feed.xsl", 0)], flags=_flags(message))
    return catalog


def _flags(message: str | tuple[str, ...]) -> list[str]:
    """`python-brace-format` where a message has `{name}` placeholders, so translators (and tools) keep them."""
    texts = (message,) if isinstance(message, str) else message
    return ["python-brace-format"] if any("{" in text for text in texts) else []
