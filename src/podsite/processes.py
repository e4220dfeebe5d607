"""Work spread over the machine's cores: Markdown rendering, the part of a fresh build that grows with the
archive and needs nothing but its input (site/rendered.py, feed/notes.py).

Workers are forked, so they start with the parent's memory (the loaded show, MkDocs' files and config) and
only their results travel back. Fork copies no other thread, so callers use a pool only where there is none
that matters: `mkdocs build` and the CLI, never `mkdocs serve`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

log = logging.getLogger("mkdocs.plugins.podsite")
# Below this many items, starting the workers costs about what they save.
POOL_MIN_ITEMS = 64


def processes_for(setting: int | None) -> int:
    """The processes to use: the setting, or every core this process may run on."""
    if setting is not None:
        return max(1, setting)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def in_processes(work: Callable[[Item], Result], items: Iterable[Item], processes: int) -> Iterator[Result]:
    """`work` applied to the items in `processes` forked workers, results in order. `work` must be a module-level
    function; what it needs besides its item it finds in the memory the workers were forked with. Where
    processes cannot be forked (not Linux), and after a worker dies (the kernel's out-of-memory killer, a
    crash in an extension), it stops yielding: the caller does the rest itself."""
    if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
        return
    todo = list(items)
    chunk = max(1, min(16, len(todo) // (processes * 4)))
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(processes, mp_context=context, initializer=_quiet) as pool:
            yield from pool.map(work, todo, chunksize=chunk)
    except BrokenProcessPool:
        log.info("podsite: a worker process ended early; this process does the rest of its work")


def _quiet() -> None:
    """A worker's log lines would repeat what the parent says: work whose run logs anything is done again by the
    parent (see site/rendered.py), where its lines are shown, and counted by --strict, once."""
    for logger in (logging.getLogger(), logging.getLogger("mkdocs")):
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(logging.NullHandler())
