import math
import subprocess
import sys
import threading
from pathlib import Path

from budrus.workers import fork_map, map_items

ROOT = Path(__file__).resolve().parents[2]


def test_results_keep_the_order_of_the_items_across_processes():
    items = list(range(40, 0, -1))
    assert map_items(math.factorial, items, jobs=2, min_items_per_worker=3) == [math.factorial(n) for n in items]


def test_shared_data_reaches_every_worker_without_being_sent():
    shared = {"offset": 7}
    assert fork_map(lambda s, n: n + s["offset"], shared, list(range(200)), jobs=2) == [n + 7 for n in range(200)]


def test_few_items_or_one_job_run_in_this_process():
    seen = []
    assert map_items(seen.append, [1, 2], jobs=2, min_items_per_worker=3) == [None, None]
    assert map_items(seen.append, list(range(20)), jobs=1, min_items_per_worker=3) == [None] * 20
    assert len(seen) == 22  # appended here: nothing ran in another process


def test_no_items_give_no_results():
    assert map_items(math.factorial, [], jobs=4) == []


def test_with_other_threads_running_the_work_stays_in_this_process():
    seen, results = [], []
    thread = threading.Thread(target=lambda: results.append(
        map_items(seen.append, list(range(12)), jobs=2, min_items_per_worker=3)))
    thread.start()
    thread.join()
    assert results == [[None] * 12] and len(seen) == 12



WORKER_EXIT_CODES = """
from multiprocessing.pool import Pool
from budrus.workers import map_items

exit_codes = []
terminate = Pool.terminate

def record_then_terminate(pool):
    exit_codes.extend(process.exitcode for process in pool._pool)
    terminate(pool)

Pool.terminate = record_then_terminate
assert map_items(abs, list(range(-6, 0)), jobs=2, min_items_per_worker=3) == [6, 5, 4, 3, 2, 1]
print(exit_codes)
"""


def test_workers_end_on_their_own_before_the_pool_is_closed():
    """A worker still starting up loses a SIGTERM; the pool must never need one to end.

    Run in a fresh interpreter: a test process may have threads of its own (a browser
    driver), and with other threads running the work would not be forked at all."""
    result = subprocess.run([sys.executable, "-c", WORKER_EXIT_CODES], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[0, 0]"
