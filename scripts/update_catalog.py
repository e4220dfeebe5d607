#!/usr/bin/env python3
"""Update podsite's message catalog after changing a message in the code (see README, "Languages").

Writes src/podsite/locale/podsite.pot (every message, from podsite.site.messages) and brings each language's
src/podsite/locale/<code>/LC_MESSAGES/podsite.po up to date with it: new messages are added untranslated,
changed ones are marked fuzzy (shown in English until a translator checks them), removed ones are dropped.

Usage: ``PYTHONPATH=src python3 scripts/update_catalog.py``
"""

from __future__ import annotations

from babel.messages.pofile import read_po, write_po

from podsite.i18n import LOCALE_DIR, catalog_path, shipped_languages
from podsite.site.messages import template


def main() -> None:
    pot = template()
    with (LOCALE_DIR / "podsite.pot").open("wb") as out:
        write_po(out, pot, width=120, include_lineno=False)
    for code in shipped_languages()[1:]:
        path = catalog_path(code)
        with path.open("rb") as source:
            catalog = read_po(source, locale=code)
        catalog.update(pot, no_fuzzy_matching=True)
        with path.open("wb") as out:
            write_po(out, catalog, width=120, include_lineno=False, ignore_obsolete=True)
        print(f"{path}: {len(catalog)} messages")


if __name__ == "__main__":
    main()
