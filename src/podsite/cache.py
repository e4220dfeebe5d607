"""`.cache/podsite/`: files that only save time. A missing, damaged or unwritable one costs a rebuild, never
a failure."""

from __future__ import annotations

from pathlib import Path

from .files import write_atomically

CACHE_DIR = ".cache/podsite"  # beside mkdocs.yml, like Material's own plugin caches


def write_cache_file(path: Path, data: bytes) -> None:
    """Write a file in the cache so a reader never sees half of one. Best effort: a cache that cannot be written
    only costs time on the next run."""
    try:
        write_atomically(path, data, mode=0o600)
    except OSError:
        return
