"""The three settings the CLI needs from mkdocs.yml, read without MkDocs when the file is plain.

`build_feed.py` and `podsite check` need where the docs and episodes are and whether pages get directory URLs.
Asking MkDocs (`load_config`) imports it, the theme and every plugin: about 0.35 s, a third of a feed build at
1,000 episodes. This reader answers for the common case, a mkdocs.yml without `INHERIT` whose values for those
settings are plain; anything else (a tag like `!ENV` on one of them, an unusual plugin entry, a podsite option
it does not know) returns None, and the caller asks MkDocs. tests/test_siteconfig.py holds it to MkDocs'
answer on every fixture and on the cases it must hand over.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from ..layout import RAW_HTML_CHOICES, Paths, SiteSettings

PLUGIN = "podsite"
# The plugin's options (site.plugin.PodsiteConfig) and their types; episodes_dir and raw_html matter here.
PLUGIN_OPTIONS = {"episodes_dir": str, "drafts_in_serve": bool, "search": bool, "search_transcripts": bool,
                  "repo_stats": bool, "raw_html": str}


class _Tagged:
    """A value written with a YAML tag (`!ENV`, `!!python/name:...`): only MkDocs knows what it means."""


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader that reads any tagged value as `_Tagged` instead of refusing the file (mkdocs.yml
    often names Python functions, like Material's emoji settings). Nothing is ever constructed from a tag."""


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    return _Tagged()


_Loader.add_multi_constructor("!", _tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


def plain_site_settings(config_file: Path) -> SiteSettings | None:
    """The settings as MkDocs would read them from `config_file`, or None when unsure."""
    try:
        config = yaml.load(config_file.read_bytes(), Loader=_Loader)  # a SafeLoader: tags are never constructed
    except (OSError, yaml.YAMLError):
        return None
    if not isinstance(config, dict) or "INHERIT" in config:
        return None
    docs_dir = config.get("docs_dir", "docs")
    directory_urls = config.get("use_directory_urls", True)
    options = _plugin_options(config.get("plugins"))
    if not isinstance(docs_dir, str) or not isinstance(directory_urls, bool) or options is None:
        return None
    site_name, site_url = config.get("site_name"), config.get("site_url")
    if not isinstance(site_name, str) or not isinstance(site_url, str | None):
        return None  # MkDocs says what is wrong with it
    episodes_dir = options.get("episodes_dir", "episodes")
    raw_html = options.get("raw_html", "allow")
    if raw_html not in RAW_HTML_CHOICES:
        return None  # MkDocs says what is wrong with it
    root = Path(os.path.abspath(config_file)).parent
    docs = Path(os.path.abspath(root / docs_dir))  # as MkDocs resolves it: `sub/../docs` is `docs`
    if not docs_dir.strip() or not docs.is_dir() or root.is_relative_to(docs):
        return None  # MkDocs says what is wrong with it
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    if not isinstance(language, str | None):
        return None  # MkDocs (or the theme) says what is wrong with it
    return SiteSettings(Paths(root, docs, root / episodes_dir), directory_urls, raw_html, site_name, site_url or None,
                        language)


def _plugin_options(plugins: Any) -> dict[str, Any] | None:
    """The podsite plugin's options from the `plugins` setting (a list or a mapping), if plainly enabled."""
    entries: list[tuple[Any, Any]] = []
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, str):
                entries.append((item, None))
            elif isinstance(item, dict) and len(item) == 1:
                entries.append(next(iter(item.items())))
            else:
                return None
    else:
        return None
    found = [options for name, options in entries if name == PLUGIN]
    if len(found) != 1:
        return None
    options = found[0] if found[0] is not None else {}
    if not isinstance(options, dict):
        return None
    for key, value in options.items():
        if key not in PLUGIN_OPTIONS or not isinstance(value, PLUGIN_OPTIONS[key]):
            return None
    return options
