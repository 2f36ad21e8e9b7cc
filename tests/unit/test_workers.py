import math
import subprocess
import sys
import threading
from pathlib import Path

from budrus.workers import fork_map, imap_items

ROOT = Path(__file__).resolve().parents[2]


def test_results_keep_the_order_of_the_items_across_processes():
    items = list(range(40, 0, -1))
    assert list(imap_items(math.factorial, items, jobs=2, min_items_per_worker=3)) == [math.factorial(n) for n in items]


def test_shared_data_reaches_every_worker_without_being_sent():
    shared = {"offset": 7}
    assert fork_map(lambda s, n: n + s["offset"], shared, list(range(200)), jobs=2) == [n + 7 for n in range(200)]


def test_few_items_or_one_job_run_in_this_process():
    seen = []
    assert list(imap_items(seen.append, [1, 2], jobs=2, min_items_per_worker=3)) == [None, None]
    assert list(imap_items(seen.append, list(range(20)), jobs=1, min_items_per_worker=3)) == [None] * 20
    assert len(seen) == 22  # appended here: nothing ran in another process


def test_no_items_give_no_results():
    assert list(imap_items(math.factorial, [], jobs=4)) == []


def test_with_other_threads_running_the_work_stays_in_this_process():
    seen, results = [], []
    thread = threading.Thread(target=lambda: results.append(
        list(imap_items(seen.append, list(range(12)), jobs=2, min_items_per_worker=3))))
    thread.start()
    thread.join()
    assert results == [[None] * 12] and len(seen) == 12


def run_in_a_fresh_interpreter(script: str) -> str:
    """What `script` prints, run where no other thread is running: a test process may have
    threads of its own (a browser driver), and then the work would not be forked at all."""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_workers_end_on_their_own_before_the_pool_is_closed():
    """A worker still starting up loses a SIGTERM; the pool must never need one to end."""
    assert run_in_a_fresh_interpreter("""
from multiprocessing.pool import Pool
from budrus.workers import imap_items

exit_codes = []
terminate = Pool.terminate

def record_then_terminate(pool):
    exit_codes.extend(process.exitcode for process in pool._pool)
    terminate(pool)

Pool.terminate = record_then_terminate
assert list(imap_items(abs, list(range(-6, 0)), jobs=3, min_items_per_worker=2)) == [6, 5, 4, 3, 2, 1]
print(exit_codes)
""") == "[0, 0]"


def test_this_process_shares_the_work_so_one_worker_fewer_is_forked():
    assert run_in_a_fresh_interpreter("""
import os
import time
from budrus.workers import imap_items

def pid_after_a_while(item):
    time.sleep(0.02)
    return os.getpid()

pids = list(imap_items(pid_after_a_while, list(range(48)), jobs=2, min_items_per_worker=3))
print(os.getpid() in pids, len(set(pids)))
""") == "True 2"


def test_results_come_in_order_while_the_work_is_shared():
    from budrus.workers import fork_imap

    results = fork_imap(lambda shared, n: n * shared, 3, list(range(500)), jobs=3, min_items_per_worker=1)
    assert list(results) == [n * 3 for n in range(500)]


def test_an_error_in_a_worker_reaches_the_caller():
    import pytest

    def fail_on_seven(item):
        if item == 7:
            raise ValueError("seven")
        return item

    with pytest.raises(ValueError, match="seven"):
        list(imap_items(fail_on_seven, list(range(40)), jobs=2, min_items_per_worker=1))
