"""Per-item work of one build spread over worker processes started small.

Workers are started by multiprocessing's fork server, a small process of its own, never
as copies of the build's process: by the time there is work for them, the build holds
the whole Site, and a forked copy of it would count in full in the memory a build takes.
A worker gets only what it needs, pickled: the function, one shared value (once per
worker) and chunks of items; results come back pickled. The build's own process takes
chunks of the work as well, so `jobs` processes work but only `jobs - 1` are started.
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

_task: tuple[Callable[[Any, Any], Any], Any] | None = None   # in a worker: (function, shared)


def shared_imap(function: Callable[[Any, Any], Any], shared: Any, items: Sequence, jobs: int,
                min_items_per_worker: int = MIN_ITEMS_PER_WORKER) -> Iterator:
    """(function(shared, item) for item in items), in order as they come, a chunk at a time,
    across up to `jobs` processes: this one and workers started small.

    `function` must be a module-level function and `shared` and the items picklable; each
    worker receives `shared` once. A worker is started for every `min_items_per_worker`
    items at most: lower it for expensive items (share cards)."""
    workers = _workers_for(len(items), jobs, min_items_per_worker)
    if workers <= 1:
        yield from (function(shared, item) for item in items)
        return
    chunks = _chunks(items, workers)
    with _small_pool(workers - 1, function, shared) as pool:
        yield from _share_chunks(pool, function, shared, chunks, queued_per_worker=2 * (workers - 1))
        # Let the workers finish on their own: the SIGTERM that leaving the `with` sends
        # is lost by a worker still starting up, and the pool would then wait for it forever.
        pool.close()
        pool.join()


def imap_items(function: Callable[[Any], Any], items: Sequence, jobs: int,
               min_items_per_worker: int = MIN_ITEMS_PER_WORKER) -> Iterator:
    """(function(item) for item in items), in order, across processes like `shared_imap`."""
    return shared_imap(_call, function, items, jobs, min_items_per_worker)


def _call(function: Callable[[Any], Any], item: Any) -> Any:
    return function(item)


class BackgroundWork:
    """function(shared, item) for every item, done by workers while this process does
    something else; `finish` has this process take the items no worker has begun and
    returns all results in the order of the items.

    For work whose results are small (the workers store what they make themselves):
    results are held until `finish`."""

    def __init__(self, function: Callable[[Any, Any], Any], shared: Any, items: Sequence, jobs: int,
                 min_items_per_worker: int = MIN_ITEMS_PER_WORKER) -> None:
        self._function, self._shared = function, shared
        workers = _workers_for(len(items), jobs, min_items_per_worker)
        self._chunks = collections.deque(enumerate(_chunks(items, max(1, workers))))
        self._results: dict[int, list] = {}
        self._lock = threading.Lock()
        self._error: BaseException | None = None
        self._pool = self._feeder = None
        if workers > 1:
            self._pool = _small_pool(workers - 1, function, shared)
            self._feeder = threading.Thread(target=self._feed, args=(2 * (workers - 1),), daemon=True)
            self._feeder.start()

    @property
    def in_background(self) -> bool:
        """Whether workers were started; without them every item is done in `finish`."""
        return self._pool is not None

    def _next_chunk(self) -> tuple[int, Sequence] | None:
        with self._lock:
            return self._chunks.popleft() if self._chunks else None

    def _feed(self, queued: int) -> None:
        # Keeps a few chunks queued per worker, not all: the rest stay for `finish` to take.
        pending: collections.deque = collections.deque()
        try:
            while True:
                while len(pending) < queued and (chunk := self._next_chunk()) is not None:
                    pending.append((chunk[0], self._pool.apply_async(_run_chunk, (chunk[1],))))
                if not pending:
                    return
                index, result = pending.popleft()
                self._results[index] = result.get()
        except BaseException as exc:   # noqa: BLE001 - handed to `finish`, which raises it
            self._error = exc
            with self._lock:
                self._chunks.clear()

    def finish(self) -> list:
        """Every result, in the order of the items; an error of a worker is raised here."""
        try:
            while (chunk := self._next_chunk()) is not None:
                self._results[chunk[0]] = [self._function(self._shared, item) for item in chunk[1]]
            if self._feeder is not None:
                self._feeder.join()
            if self._error is not None:
                raise self._error
            return [result for index in sorted(self._results) for result in self._results[index]]
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers (after `finish`, they have nothing left to do)."""
        if self._pool is not None:
            with self._lock:
                self._chunks.clear()
            if self._feeder is not None:
                self._feeder.join()
            self._pool.close()
            self._pool.join()
            self._pool = None


def _workers_for(count: int, jobs: int, min_items_per_worker: int) -> int:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return 1
    return min(jobs, count // max(1, min_items_per_worker))


def _chunks(items: Sequence, workers: int) -> list[Sequence]:
    size = max(1, min(MAX_CHUNK, -(-len(items) // (workers * CHUNKS_PER_WORKER))))
    return [items[start:start + size] for start in range(0, len(items), size)]


def _small_pool(processes: int, function: Callable, shared: Any):
    """A pool of workers forked from the fork server, each given (function, shared) once."""
    context = multiprocessing.get_context("forkserver")
    # The server imports nothing: it does not get this process's sys.path, and could load
    # another copy of Budrus than this one. Each worker imports what it needs itself.
    context.set_forkserver_preload([])
    return context.Pool(processes, initializer=_receive_task, initargs=(function, shared))


def _receive_task(function: Callable, shared: Any) -> None:
    global _task
    _task = (function, shared)


def _share_chunks(pool, function: Callable, shared: Any, chunks: list, queued_per_worker: int) -> Iterator:
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
            pending.append([function(shared, item) for item in chunks[given]])
            given += 1


def _run_chunk(items: Sequence) -> list:
    function, shared = _task
    return [function(shared, item) for item in items]


def give_back_free_memory() -> None:
    """Return the heap's free pages to the system: after a stage that made and dropped
    much (loading the site), glibc keeps them otherwise (glibc only)."""
    trim = _libc_function("malloc_trim")
    if trim is not None:
        trim(0)


M_MMAP_THRESHOLD = -3   # mallopt's parameter, from glibc's malloc.h
LARGE_BLOCK = 128 * 1024


def keep_large_blocks_apart() -> None:
    """Give every large block (a page's HTML, a card, a cache entry) memory of its own,
    returned to the system when it is freed. glibc otherwise raises that threshold each
    time such a block is freed and carves later ones out of the heap, whose freed pages
    it keeps: a build of thousands of pages then holds a heap grown by tens of megabytes
    of nothing (glibc only)."""
    mallopt = _libc_function("mallopt")
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)


@functools.lru_cache(maxsize=4)
def _libc_function(name: str):
    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):   # not glibc
        return None
