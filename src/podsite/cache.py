"""`.cache/podsite/`: files that only save time. A missing, damaged or unwritable one costs a rebuild, never
a failure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .files import write_atomically

CACHE_DIR = ".cache/podsite"  # beside mkdocs.yml, like Material's own plugin caches


def write_cache_file(path: Path, data: bytes) -> None:
    """Write a file in the cache so a reader never sees half of one. Best effort: a cache that cannot be written
    only costs time on the next run."""
    try:
        write_atomically(path, data, mode=0o600)
    except OSError:
        return


def read_cache_object(path: Path) -> dict[Any, Any]:
    """The JSON object a cache file holds; empty when the file is missing, damaged or holds something else."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: absurdly nested JSON
        return {}
    return stored if isinstance(stored, dict) else {}
