"""Per-item work of one build spread over forked worker processes.

The Site and the template environment are built once in the parent; forked workers
inherit them instead of receiving a pickled copy, and only item indices go to them and
results come back. The parent takes chunks of the work as well, so `jobs` processes work
but only `jobs - 1` are forked (each one's memory counts in full). Forking is used only when it is safe: no other thread is running
(a threaded dev server does its rebuilds in-process, where only changed pages render).
"""
from __future__ import annotations

import collections
import ctypes
import functools
import multiprocessing
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

# Below this many items the work is done in-process: starting workers costs more.
MIN_ITEMS_PER_WORKER = 48
CHUNKS_PER_WORKER = 4
# Results come back a chunk at a time: a bound on what is held before it is written away.
MAX_CHUNK = 128

_task: tuple[Callable[[Any, Any], Any], Any] | None = None


def fork_map(function: Callable[[Any, Any], Any], shared: Any, items: Sequence, jobs: int,
             min_items_per_worker: int = MIN_ITEMS_PER_WORKER) -> list:
    """[function(shared, item) for item in items], in order, across up to `jobs` processes.

    A worker is started for every `min_items_per_worker` items at most: lower it for
    expensive items (share cards), so that a handful of them is already spread out."""
    return list(fork_imap(function, shared, items, jobs, min_items_per_worker))


def fork_imap(function: Callable[[Any, Any], Any], shared: Any, items: Sequence, jobs: int,
              min_items_per_worker: int = MIN_ITEMS_PER_WORKER) -> Iterator:
    """Like fork_map, but yields the results in order as they come, a chunk at a time, so
    that the caller can write each one away instead of holding them all.

    This process works on chunks too, so `jobs` processes share the work but only
    `jobs - 1` are forked: each forked worker starts as a copy of everything this process
    has built so far, and adds that to the memory the build holds."""
    workers = min(jobs, len(items) // min_items_per_worker)
    if workers <= 1 or not can_fork():
        yield from (function(shared, item) for item in items)
        return
    global _task
    _task = (function, shared)
    try:
        size = min(MAX_CHUNK, -(-len(items) // (workers * CHUNKS_PER_WORKER)))
        chunks = [items[start:start + size] for start in range(0, len(items), size)]
        _give_back_free_memory()
        with multiprocessing.get_context("fork").Pool(workers - 1) as pool:
            yield from _share_chunks(pool, chunks, queued_per_worker=2 * (workers - 1))
            # Let the workers finish on their own: the SIGTERM that leaving the `with` sends
            # is lost by a worker still starting up (fork clears pending signals in the
            # child), and the pool would then wait for it forever.
            pool.close()
            pool.join()
    finally:
        _task = None


def _share_chunks(pool, chunks: list, queued_per_worker: int) -> Iterator:
    """The results of the chunks in order: the pool's workers are kept busy with a few
    chunks each, and this process works through the next chunk whenever the oldest
    chunk given out is not done yet."""
    pending: collections.deque = collections.deque()   # in chunk order: AsyncResult or list
    given = 0
    while given < len(chunks) or pending:
        while given < len(chunks) and sum(not isinstance(p, list) for p in pending) < queued_per_worker:
            pending.append(pool.apply_async(_run_chunk, (chunks[given],)))
            given += 1
        head = pending[0]
        if isinstance(head, list) or head.ready() or given == len(chunks):
            pending.popleft()
            yield from head if isinstance(head, list) else head.get()
        else:
            pending.append(_run_chunk(chunks[given]))
            given += 1


def _give_back_free_memory() -> None:
    """Return the heap's free pages to the system before forking: a worker starts with a
    copy of this process's memory, garbage of earlier stages included (glibc only)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):   # not glibc
        return None


def can_fork() -> bool:
    """Forking copies only the calling thread; with others running, a lock may be held forever."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _run_chunk(items: Sequence) -> list:
    function, shared = _task
    return [function(shared, item) for item in items]


def imap_items(function: Callable[[Any], Any], items: Sequence, jobs: int,
               min_items_per_worker: int = MIN_ITEMS_PER_WORKER) -> Iterator:
    """(function(item) for item in items), in order, across processes like `fork_imap`."""
    return fork_imap(_call, function, items, jobs, min_items_per_worker)


def _call(function: Callable[[Any], Any], item: Any) -> Any:
    return function(item)
