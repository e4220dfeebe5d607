"""`mkdocs build` replaces the last good site only with a complete new one.

MkDocs empties `site_dir` near the start of a build and writes into it as it goes, so a failure found late (a
broken link under `--strict`, counted only after every plugin's `on_post_build`) or a killed build leaves half
a site. Instead the build writes into a fresh folder beside `site_dir`, and the two are swapped in one step
once the build is complete and `--strict` has nothing to count: whoever looks at `site_dir`, at any moment,
sees the old site or the new one, never a mix. A failed build removes its folder; one killed outright leaves
it behind, and the next build removes it.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.utils import CountHandler

STAGING = ".podsite-staging-"  # in a staging folder's name: `.site.podsite-staging-k2j4x/` beside `site/`
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # renameat2(2): swap two paths in one step (Linux 3.15+, most local file systems)


class StagedSite:
    """One build's staging folder for `site_dir`, and the swap that publishes it."""

    def __init__(self, site_dir: str | Path):
        # A site_dir that is a symlink keeps its link: the folder it points to is the one replaced.
        self.target = Path(os.path.realpath(site_dir))
        self.folder: Path | None = None

    def begin(self) -> Path:
        """A fresh, empty folder to build into, beside the target (so the swap is a rename, never a copy)."""
        self.target.parent.mkdir(parents=True, exist_ok=True)
        for stale in self.target.parent.glob(f".{self.target.name}{STAGING}*"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a build that was killed
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.target.name}{STAGING}", dir=self.target.parent))
        return self.folder

    def publish(self) -> None:
        """Put the built folder where the site was, in one step where the file system allows it."""
        assert self.folder is not None
        built, self.folder = self.folder, None
        if not self.target.exists():
            os.rename(built, self.target)
            return
        try:
            if _exchange(built, self.target):
                shutil.rmtree(built, ignore_errors=True)  # now the previous site
            else:
                _replace_in_two_steps(built, self.target)
        except OSError:  # site_dir is a mount point (a container volume): fill it instead, the one way left
            _move_contents(built, self.target)

    def discard(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def strict_would_abort(strict: bool) -> bool:
    """What MkDocs decides right after the last `on_post_build`: a strict build with any warning is aborted.
    The count is MkDocs' own (the handler it adds to its logger for a strict build)."""
    if not strict:
        return False
    return any(isinstance(handler, CountHandler) and handler.get_counts()
               for handler in logging.getLogger("mkdocs").handlers)


def _exchange(a: Path, b: Path) -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0
    if not done and ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        raise OSError(ctypes.get_errno(), f"cannot swap {a} and {b}: {os.strerror(ctypes.get_errno())}")
    return done


def _replace_in_two_steps(built: Path, target: Path) -> None:
    """Where the file system cannot swap: move the old site aside, then the new one in. For the moment between
    the two renames there is no site at all, never a mixed one."""
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING}", dir=target.parent))
    os.rename(target, aside)  # onto the empty folder just made
    os.rename(built, target)
    shutil.rmtree(aside, ignore_errors=True)


def _move_contents(built: Path, target: Path) -> None:
    for entry in target.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in built.iterdir():
        shutil.move(entry, target / entry.name)  # a mount point may be another file system
    built.rmdir()
