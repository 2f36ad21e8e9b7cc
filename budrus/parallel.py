"""Pure functions mapped over many items, across processes when that pays off."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 6


def parallel_map(function: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> list[Result]:
    """[function(item) for item in items], in order; in up to `jobs` processes when worth it.

    `function` must be a module-level function so that workers can import it."""
    if jobs <= 1 or len(items) < PARALLEL_THRESHOLD:
        return [function(item) for item in items]
    workers = min(jobs, len(items))
    chunk = max(1, len(items) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_start_method()) as pool:
        return list(pool.map(function, items, chunksize=chunk))


def _start_method():
    """fork from a single-threaded process: quick, and the caller needs no __main__ guard.
    With other threads running (the dev server), a fork could copy a lock some thread
    holds, so workers then start from a clean forkserver (or spawn) process instead."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
