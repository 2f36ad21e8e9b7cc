"""Pure functions mapped over many items, across processes when that pays off."""

from __future__ import annotations

import multiprocessing
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
    # forkserver: workers start from a clean process, not a copy of a threaded server.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    chunk = max(1, len(items) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(function, items, chunksize=chunk))
