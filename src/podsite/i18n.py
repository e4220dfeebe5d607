"""podsite's own words in the show's language: one gettext catalog (domain `podsite`) for the pages, the player
and the feed's stylesheet, read through Babel, and dates, durations and numbers as the language writes them.

The message ids are the English texts, so English needs no catalog, and a message a language lacks (missing,
empty or fuzzy in its `.po`) is shown in English, never as an id. A language is one file,
`locale/<code>/LC_MESSAGES/podsite.po`, compiled when it is first used: adding one needs no other change.
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "podsite"
SOURCE_LANGUAGE = "en"  # the message ids' language


def N_(message: str) -> str:
    """Marks a message for the catalog where it is written down, to be translated later (by `Language.gettext`)."""
    return message


def catalog_path(code: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def shipped_languages(locale_dir: Path = LOCALE_DIR) -> tuple[str, ...]:
    """Every language podsite speaks: English and each one with a catalog."""
    found = {path.parent.parent.name for path in locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return (SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE}))


def match_language(tag: str | None, locale_dir: Path = LOCALE_DIR) -> str | None:
    """The shipped language for a BCP 47 tag (`pt-BR` -> `pt_BR` if shipped, else `pt`), or None."""
    if not tag:
        return None
    parts = tag.replace("_", "-").split("-")
    shipped = shipped_languages(locale_dir)
    for candidate in ("_".join([parts[0].lower(), *parts[1:]]), parts[0].lower()):
        if candidate in shipped:
            return candidate
    return None


def choose_language(theme_language: str | None, show_language: str | None) -> str:
    """The site's language: mkdocs.yml's `theme.language`, else the show's `language`, else English, whichever
    podsite first has a catalog for."""
    return match_language(theme_language) or match_language(show_language) or SOURCE_LANGUAGE


def same_language(tag: str, other: str) -> bool:
    """en-GB and en are one language to a reader; en and es are not."""
    return tag.replace("_", "-").split("-")[0].lower() == other.replace("_", "-").split("-")[0].lower()


def direction_of(tag: str) -> str:
    """`rtl` for a language written right to left (Arabic, Hebrew, Persian, Urdu...), else `ltr`, by CLDR."""
    try:
        return "rtl" if Locale.parse(tag.replace("-", "_")).character_order == "right-to-left" else "ltr"
    except (ValueError, TypeError, UnknownLocaleError):
        return "ltr"  # a tag CLDR does not know: most scripts run left to right


@dataclass(frozen=True)
class Language:
    """One language's messages and formats. Build it with `language(code)`."""

    code: str  # the catalog's name: de, pt_BR
    locale: Locale
    translations: gettext.NullTranslations

    @property
    def tag(self) -> str:
        """The BCP 47 tag for `lang` attributes and the browser's Intl: pt-BR."""
        return self.code.replace("_", "-")

    @property
    def rtl(self) -> bool:
        return self.locale.character_order == "right-to-left"

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form for `count` by the language's plural rules (Arabic has six); `{count}` in it is formatted."""
        return self.translations.ngettext(singular, plural, count).format(count=self.number(count))

    def list_of(self, items: Sequence[str]) -> str:
        """Names in a row: "Ana, Bo and Cy", "Ana, Bo et Cy"."""
        return format_list(list(items), locale=self.locale)

    def whole(self, value: int) -> str:
        """A number that names something (season 12, episode 1234, page 3): never grouped."""
        return _whole(value, self.code, "0")

    def number(self, value: float) -> str:
        """A count or a number (1,234 in English, 1.234 in German); a page writes thousands of them."""
        if isinstance(value, int):
            return _whole(value, self.code, None)
        return format_decimal(value, locale=self.locale)

    def date(self, day: date) -> str:
        """The long date: June 12, 2024; 12 juin 2024; 12. Juni 2024."""
        return format_date(day, "long", locale=self.locale)

    def duration(self, seconds: float) -> str:
        """A clock duration, 1:02:03 or 42:10 (CLDR's h:mm:ss pattern, the same in every shipped language), in
        the language's digits."""
        hours, rest = divmod(int(seconds), 3600)
        minutes, secs = divmod(rest, 60)
        code = self.code
        if hours:
            return f"{_whole(hours, code, '0')}:{_whole(minutes, code, '00')}:{_whole(secs, code, '00')}"
        return f"{_whole(minutes, code, '0')}:{_whole(secs, code, '00')}"

    def size(self, size: float) -> str:
        """A file size as people read it: 812 bytes, 24.4 KB (24,4 ko in French)."""
        if size < 1000:
            return self.ngettext("{count} byte", "{count} bytes", int(size))
        for unit in _SIZE_UNITS:
            size /= 1000
            if size < 1000 or unit is _SIZE_UNITS[-1]:
                break
        return self.gettext(unit).format(number=format_decimal(size, format="0.0", locale=self.locale))


_SIZE_UNITS = (N_("{number} KB"), N_("{number} MB"), N_("{number} GB"))


@cache
def _whole(value: int, code: str, pattern: str | None) -> str:
    """A whole number in the language's digits, by a CLDR pattern (None: the language's own, with grouping).
    Cached: Babel takes about 50 µs a number, and a transcript page writes one or two for every line."""
    return format_decimal(value, format=pattern, locale=code)


@cache
def language(code: str = SOURCE_LANGUAGE, locale_dir: Path = LOCALE_DIR) -> Language:
    """The language `code` (a shipped one: see `match_language`), its catalog compiled from the `.po` file.
    Fuzzy and empty translations are left out, so those messages are in English."""
    translations: gettext.NullTranslations = gettext.NullTranslations()
    path = catalog_path(code, locale_dir)
    if code != SOURCE_LANGUAGE and path.is_file():
        with path.open("rb") as po:
            catalog = read_po(po, locale=code, domain=DOMAIN)
        compiled = BytesIO()
        write_mo(compiled, catalog, use_fuzzy=False)
        compiled.seek(0)
        translations = Translations(compiled, domain=DOMAIN)
    return Language(code, Locale.parse(code), translations)
