"""Run a pure function over many items on every core, with the same result as a plain loop.

Extraction and preview images are independent per article, so a large corpus is split
across processes. Workers are forked, so they share the already-loaded data (gazetteers,
word lists) without pickling it; results come back in input order, which keeps the output
byte-identical to a serial run. Small inputs stay in this process: starting workers costs
more than it saves.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a plain loop is faster than starting processes.
PARALLEL_MIN_ITEMS = 200
# Items sent to a worker at a time: few round trips, yet an even share at the end.
CHUNK_SIZE = 16

_task: Callable | None = None


def _run(item):
    return _task(item)  # type: ignore[misc]


def available_cores() -> int:
    """The cores this process may use (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def iter_parallel(
    task: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int | None = None,
    min_items: int = PARALLEL_MIN_ITEMS,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Result]:
    """Yield `task(item)` for each item in order, computed on `workers` processes when worth it.

    `task` may be any function, closures included: it reaches the workers through the fork,
    not through pickling. Only items and results are pickled. `min_items` is the size below
    which a plain loop is used, `chunk_size` the most items sent to a worker at once (lower
    both when each item is a large piece of work, so that the work is shared evenly). Results
    are handed on as they come, so the caller can write each away before the next arrives.
    """
    global _task
    workers = available_cores() if workers is None else workers
    if workers <= 1 or len(items) < min_items or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(task, items)
        return
    _task = task
    # Objects made so far are left out of garbage collection while workers run: a collection
    # in a forked worker writes to every object it visits, copying the parent's memory page by
    # page, where otherwise the worker only reads it.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        # workers collect garbage as usual, whatever the parent does (a build pauses its collector)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=gc.enable) as pool:
            yield from pool.map(_run, items, chunksize=max(1, min(chunk_size, len(items) // workers)))
    finally:
        gc.unfreeze()
        _task = None


def map_parallel(
    task: Callable[[Item], Result],
    items: Sequence[Item],
    workers: int | None = None,
    min_items: int = PARALLEL_MIN_ITEMS,
) -> list[Result]:
    """Return `[task(item) for item in items]`, computed as `iter_parallel` does."""
    return list(iter_parallel(task, items, workers, min_items))
