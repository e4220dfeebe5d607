"""`_people.yml`: everyone who appears on the show, by id."""

from __future__ import annotations

from ..errors import Problem
from ..layout import PEOPLE_FILE, RESERVED_SLUGS, SLUG, Paths
from ..model import Link, Person, Show
from ..urls import NOWHERE
from ..vocab import IMAGE_TYPES, PERSON_ROLES
from .assets import Assets
from .fields import Fields
from .yamlio import LinedMap

PERSON_FIELDS = ("name", "role", "bio", "image", "links")


def load_people(paths: Paths, data: LinedMap, show: Show | None, problems: list[Problem]) -> dict[str, Person]:
    f = Fields(data, paths.show(paths.episodes_dir / PEOPLE_FILE), problems)
    assets = Assets(paths, show.site_url if show else NOWHERE)
    people: dict[str, Person] = {}
    for person_id in data:
        key = str(person_id)
        if not SLUG.match(key):
            f.problem(key, "a person's id must be lower-case letters, digits and dashes, like amy-l")
            continue
        if key in RESERVED_SLUGS:
            f.problem(key, f"'{key}' is the address of the people index page; choose another id")
            continue
        entry = f.mapping(key, required=True, what="the person's name, role, bio, image and links")
        if entry is None:
            continue
        entry.reject_unknown(PERSON_FIELDS)
        people[key] = Person(
            id=key,
            name=entry.text("name", required=True, what="the person's name", max_len=255) or key,
            role=read_role(entry, "role") or "guest",
            bio=entry.text("bio", multiline=True, max_len=20_000) or "",
            image=assets.read(entry, "image", types=IMAGE_TYPES),
            links=_links(entry),
        )
    return people


def read_role(f: Fields, key: str) -> str | None:
    value = f.text(key)
    if value is None:
        return None
    if value.lower() not in PERSON_ROLES:
        f.problem(key, f"'{value}' is not a Podcasting 2.0 role; use e.g. host, co-host, guest, producer")
        return None
    return value.lower()


def _links(f: Fields) -> tuple[Link, ...]:
    found = []
    for line, value, label in f.items("links"):
        item = f.sub(value, label, line, "a mapping with title and url")
        if item is None:
            continue
        item.reject_unknown(("title", "url"))
        title, url = item.text("title", required=True, what="the link's text"), item.url("url", required=True)
        if title and url:
            found.append(Link(title, url))
    return tuple(found)
