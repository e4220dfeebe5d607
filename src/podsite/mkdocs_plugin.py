"""Kept so `mkdocs.yml` files and entry points that name `podsite.mkdocs_plugin` keep working."""

from .site.plugin import PodsitePlugin as PodsitePlugin
