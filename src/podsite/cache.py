"""`.cache/podsite/`: files that only save time. A missing, damaged or unwritable one costs a rebuild, never
a failure."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_DIR = ".cache/podsite"  # beside mkdocs.yml, like Material's own plugin caches


def write_cache_file(path: Path, data: bytes) -> None:
    """Write a file in the cache by temporary file and rename, so a reader never sees half of one. Best
    effort: a cache that cannot be written only costs time on the next run."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
