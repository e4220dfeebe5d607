"""Writing a file so that its readers (a web server, a deploy, the next build) see the old file or the new one,
never half of one, and so that a writer killed halfway leaves nothing behind for long."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to a temporary file beside `path` and rename it into place. The temporary's name holds the
    writer's process id, so the next write removes one that a killed writer left (kill -9 runs no cleanup)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{_prefix(path)}{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_abandoned(path: Path) -> None:
    """Temporary files for `path` whose writer is no longer running (another writer's live one stays)."""
    prefix = _prefix(path)
    for leftover in path.parent.glob(f"{prefix}*.tmp"):
        pid = leftover.name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            leftover.unlink(missing_ok=True)


def _prefix(path: Path) -> str:
    return f".{path.name}."


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: asks only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True
