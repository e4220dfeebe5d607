"""Feed: the podcast RSS feed, rendered from a Catalog. Imports the core, never the loader."""

from .writer import STYLESHEET_FILE, render_feed, stylesheet

__all__ = ["STYLESHEET_FILE", "render_feed", "stylesheet"]
