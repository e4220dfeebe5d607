"""`_show.yml`: the show's title, feed, owner, category, cover and subscribe links."""

from __future__ import annotations

import difflib
import re
import urllib.parse
import uuid
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import Problem
from ..identity import podcast_guid_for
from ..layout import SHOW_FILE, Paths
from ..model import SHOW_TYPES, STORAGE_KEYS, Asset, Category, Notify, Owner, Show, Storage, SubscribeLink
from ..urls import NOWHERE
from ..vocab import APPLE_CATEGORIES, LANGUAGE_CODE, SUBSCRIBE_PLATFORMS
from .assets import Assets
from .extras import (
    key_lines,
    read_analytics_prefixes,
    read_funding,
    read_license,
    read_locations,
    read_medium,
    read_podroll,
    read_removed,
    read_txt,
    read_update_frequency,
)
from .fields import Fields
from .yamlio import LinedMap

SHOW_FIELDS = ("title", "description", "site_url", "feed_url", "language", "category", "explicit", "author",
               "owner", "image", "type", "copyright", "podcast_guid", "timezone", "subscribe",
               # feed extras (issue 3): Apple and Podcasting 2.0 tags, and the build settings of the feed
               "image_alt", "new_feed_url", "previous_feed_url", "block", "complete", "locked", "funding", "medium",
               "license", "location", "txt", "podroll", "update_frequency", "analytics_prefix", "item_limit",
               # issue 15: who `podsite notify` tells after a deploy
               "notify",
               # issue 16: the bucket `podsite upload` puts recordings in
               "storage",
               # continuity (issue 5): published episodes the host removed on purpose
               "removed")


def load_show(paths: Paths, data: LinedMap, problems: list[Problem]) -> Show | None:
    f = Fields(data, paths.show(paths.episodes_dir / SHOW_FILE), problems)
    f.reject_unknown(SHOW_FIELDS)
    count = len(problems)
    site_url = _site_url(f)
    feed_url = f.url("feed_url") or site_url + "feed.xml"
    assets = Assets(paths, site_url)
    owner = f.mapping("owner", required=True, what="the owner's name and email")
    show = Show(
        title=f.text("title", required=True, what="the show's name", max_len=255) or "",
        description=f.text("description", required=True, what="a paragraph about the show", multiline=True,
                           max_len=4000) or "",
        site_url=site_url,
        feed_url=feed_url,
        language=read_language(f, required=True) or "en",
        categories=_categories(f),
        explicit=bool(f.boolean("explicit", required=True)),
        author=f.text("author", required=True, what="who makes the show", max_len=255) or "",
        owner=Owner(
            name=(owner.text("name", required=True, what="the owner's name") if owner else None) or "",
            email=(owner.email("email", required=True) if owner else None) or "",
        ),
        image=assets.cover(f, "image", required=True) or Asset(site_url),
        source=paths.episodes_dir / SHOW_FILE,
        type=f.choice("type", SHOW_TYPES) or "episodic",
        copyright=f.text("copyright", max_len=500),
        podcast_guid=_podcast_guid(f, feed_url),
        subscribe=_subscribe(f),
        timezone=_timezone(f),
        image_alt=f.text("image_alt", max_len=500),
        new_feed_url=f.url("new_feed_url"),
        previous_feed_url=f.url("previous_feed_url"),
        notify=_notify(f),
        storage=_storage(f),
        block=bool(f.boolean("block")),
        complete=bool(f.boolean("complete")),
        locked=f.boolean("locked"),
        funding=read_funding(f),
        medium=read_medium(f),
        license=read_license(f),
        locations=read_locations(f),
        txt=read_txt(f),
        podroll=read_podroll(f),
        update_frequency=read_update_frequency(f),
        analytics_prefixes=read_analytics_prefixes(f),
        item_limit=f.integer("item_limit", what="how many of the newest episodes the feed lists"),
        removed=read_removed(f),
        lines=key_lines(f.data),
    )
    if owner:
        owner.reject_unknown(("name", "email"))
    return show if len(problems) == count else None


def read_language(f: Fields, *, required: bool = False) -> str | None:
    """`language:`, a BCP 47 tag: the show's (required), or an episode's where it differs from the show's."""
    value = f.text("language", required=required, what="a language code like en or en-GB")
    if value is not None and not LANGUAGE_CODE.match(value):
        f.problem("language", f"'{value}' is not a language code; write one like en, en-GB or de")
    return value


def _site_url(f: Fields) -> str:
    """The address every page and file URL is built on: ends with "/", and holds no query or fragment, which
    would swallow every path appended to it."""
    site_url = f.url("site_url", required=True, what="the site's address, like https://example.com/")
    if site_url is None:
        return NOWHERE
    parts = urllib.parse.urlsplit(site_url)
    if parts.query or parts.fragment or "?" in site_url or "#" in site_url:
        bare = urllib.parse.urlunsplit(parts._replace(query="", fragment="")).rstrip("/") + "/"
        f.problem("site_url", f"'{site_url}' has a query or fragment; a site address is scheme, host and path "
                              f"only, like {bare}")
        return NOWHERE
    return site_url.rstrip("/") + "/"


PODPING_API = "https://podping.cloud/"  # Podping's public HTTP gateway (podping: true)


def _notify(f: Fields) -> Notify | None:
    """`notify: {websub: HUB, podping: true}`: off unless set."""
    n = f.mapping("notify", what="a mapping with websub: and podping:")
    if n is None:
        return None
    n.reject_unknown(("websub", "podping"))
    podping = None
    if n.has("podping"):
        value = n.data["podping"]
        podping = (PODPING_API if n.boolean("podping") else None) if isinstance(value, bool) else n.url("podping")
    return Notify(websub=n.url("websub"), podping=podping)


# S3's bucket naming rules (R2, B2 and the others follow them): 3-63 lowercase letters, digits, dots, hyphens.
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_KEY_PREFIX = re.compile(r"[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?")
_SECRETS = ("access_key", "access_key_id", "secret", "secret_key", "secret_access_key", "aws_access_key_id",
            "aws_secret_access_key", "token", "session_token", "password")


def _storage(f: Fields) -> Storage | None:
    """`storage: {bucket:, public_url:, endpoint:, region:, prefix:, keys:}`; credentials are refused by name."""
    s = f.mapping("storage", what="a mapping with bucket:, public_url: and (for R2, B2, ...) endpoint:")
    if s is None:
        return None
    for key in list(s.data):
        if str(key).lower() in _SECRETS:
            s.problem(str(key), "credentials never go in the repository; remove this line, revoke the key if it "
                                "was ever committed or pushed, and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                                "in your environment (or use an AWS profile)")
    s.reject_unknown(("bucket", "public_url", "endpoint", "region", "prefix", "keys", *(k for k in s.data
                                                                                      if str(k).lower() in _SECRETS)))
    bucket = s.text("bucket", required=True, what="the bucket's name") or ""
    if bucket and not _BUCKET.fullmatch(bucket):
        s.problem("bucket", f"'{bucket}' is not a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens")
    public_url = s.url("public_url", required=True, what="the address listeners download the bucket's files "
                                                          "from, like https://media.example.com/") or ""
    if "?" in public_url or "#" in public_url:  # every object's name is appended to it
        s.problem("public_url", f"'{public_url}' has a query or fragment; give scheme, host and path only")
    prefix = s.text("prefix") or ""
    if (prefix and not _KEY_PREFIX.fullmatch(prefix.strip("/"))) or ".." in prefix.split("/"):
        s.problem("prefix", f"'{prefix}' is not a key prefix; use letters, digits, '.', '_', '-' and '/', "
                            f"like audio/")
    return Storage(bucket=bucket, public_url=public_url.rstrip("/") + "/", endpoint=s.url("endpoint"),
                   region=s.text("region", max_len=64), prefix=prefix.strip("/") + "/" if prefix.strip("/") else "",
                   keys=s.choice("keys", STORAGE_KEYS) or "slug")


def _categories(f: Fields) -> tuple[Category, ...]:
    """`category: Health & Fitness / Mental Health`, or a list of those (Apple reads up to three)."""
    found: list[Category] = []
    repeated: set[Category] = set()
    entries = f.items("category")
    if not entries:
        f.problem("category", "missing; add an Apple Podcasts category like 'Society & Culture'")
    for line, value, label in entries:
        if not isinstance(value, str):
            f.problem(label, "must be a category name like 'Health & Fitness / Mental Health'", line)
            continue
        name, _, sub = (part.strip() for part in value.partition("/"))
        if name not in APPLE_CATEGORIES:
            hint = difflib.get_close_matches(name, list(APPLE_CATEGORIES), n=1)
            fix = f"did you mean '{hint[0]}'?" if hint else "use a category from Apple's list (see README)"
            f.problem(label, f"'{name}' is not an Apple Podcasts category; {fix}", line)
        elif sub and sub not in APPLE_CATEGORIES[name]:
            f.problem(label, f"'{sub}' is not a subcategory of '{name}'; use one of: "
                             f"{', '.join(APPLE_CATEGORIES[name]) or '(none)'}", line)
        elif Category(name, sub or None) in found:
            if Category(name, sub or None) not in repeated:  # once, however many copies follow
                f.problem(label, f"'{value}' is listed more than once; list each category once", line)
            repeated.add(Category(name, sub or None))
        else:
            found.append(Category(name, sub or None))
    return tuple(found)


def _podcast_guid(f: Fields, feed_url: str) -> str:
    value = f.text("podcast_guid")
    if value is None:
        return podcast_guid_for(feed_url)
    try:
        return str(uuid.UUID(value))
    except ValueError:
        f.problem("podcast_guid", f"'{value}' is not a UUID; remove the line to use the one computed from "
                                  f"feed_url")
        return value


def _timezone(f: Fields) -> str:
    name = f.text("timezone") or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        f.problem("timezone", f"'{name}' is not a time zone; use a name like Europe/Amsterdam or UTC")
    return name


def _subscribe(f: Fields) -> tuple[SubscribeLink, ...]:
    links = f.mapping("subscribe", what="platform: URL lines, like apple: https://podcasts.apple.com/...")
    if links is None:
        return ()
    links.reject_unknown(SUBSCRIBE_PLATFORMS)
    found = []
    for platform, label in SUBSCRIBE_PLATFORMS.items():
        url = links.url(platform)
        if url:
            found.append(SubscribeLink(platform, label, url))
    return tuple(found)

