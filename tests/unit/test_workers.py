import math
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from budrus.workers import BackgroundWork, imap_items, shared_imap

ROOT = Path(__file__).resolve().parents[2]


def test_results_keep_the_order_of_the_items_across_processes():
    items = list(range(40, 0, -1))
    assert list(imap_items(math.factorial, items, jobs=2, min_items_per_worker=3)) == [math.factorial(n) for n in items]


def add_offset(shared, n):
    return n + shared["offset"]


def test_shared_data_reaches_every_worker_once():
    shared = {"offset": 7}
    assert list(shared_imap(add_offset, shared, list(range(200)), jobs=2)) == [n + 7 for n in range(200)]


def test_few_items_or_one_job_run_in_this_process():
    seen = []
    assert list(imap_items(seen.append, [1, 2], jobs=2, min_items_per_worker=3)) == [None, None]
    assert list(imap_items(seen.append, list(range(20)), jobs=1, min_items_per_worker=3)) == [None] * 20
    assert len(seen) == 22  # appended here: nothing ran in another process


def test_no_items_give_no_results():
    assert list(imap_items(math.factorial, [], jobs=4)) == []


def test_with_other_threads_running_workers_still_share_the_work():
    """Workers start from the fork server, never as a fork of this process: other threads
    holding locks here cannot hang them."""
    results = []
    thread = threading.Thread(target=lambda: results.append(
        list(imap_items(math.factorial, list(range(12)), jobs=2, min_items_per_worker=3))))
    thread.start()
    thread.join()
    assert results == [[math.factorial(n) for n in range(12)]]


def run_in_a_fresh_interpreter(script: str) -> str:
    """What `script` prints, run in a process of its own (whose memory and process id are
    its own); it imports the functions its workers run from this file."""
    script = f"import sys\nsys.path.insert(0, {str(Path(__file__).parent)!r})\n" + script
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


def test_this_process_shares_the_work_so_one_worker_fewer_is_started():
    assert run_in_a_fresh_interpreter("""
import os
from budrus.workers import imap_items
from test_workers import pid_after_a_while

pids = list(imap_items(pid_after_a_while, list(range(48)), jobs=2, min_items_per_worker=3))
print(os.getpid() in pids, len(set(pids)))
""") == "True 2"


# Functions the workers run: importable by name, as a worker receives them pickled.
def pid_after_a_while(item):
    time.sleep(0.02)
    return os.getpid()


def pid_and_item_after_a_while(shared, item):
    time.sleep(shared)
    return os.getpid(), item


def sentinel_and_memory(item):
    """Whether the worker holds budrus.SENTINEL, and its resident memory in megabytes."""
    import budrus

    time.sleep(0.02)
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return os.getpid(), hasattr(budrus, "SENTINEL"), resident_pages * os.sysconf("SC_PAGE_SIZE") >> 20


def multiply(shared, n):
    return n * shared


def test_results_come_in_order_while_the_work_is_shared():
    results = shared_imap(multiply, 3, list(range(500)), jobs=3, min_items_per_worker=1)
    assert list(results) == [n * 3 for n in range(500)]


def test_an_error_in_a_worker_reaches_the_caller():
    with pytest.raises(ValueError, match="seven"):
        list(shared_imap(fail_on_seven, None, list(range(40)), jobs=2, min_items_per_worker=1))


def test_workers_do_not_inherit_what_this_process_holds():
    """A worker starts small: a large object of this process (the Site, say) is not in it."""
    assert run_in_a_fresh_interpreter("""
import os
import budrus
from budrus.workers import imap_items
from test_workers import sentinel_and_memory

budrus.SENTINEL = bytearray(os.urandom(1 << 20) * 200)   # 200 MB, touched
results = list(imap_items(sentinel_and_memory, list(range(24)), jobs=2, min_items_per_worker=3))
others = {(has, megabytes < 150) for pid, has, megabytes in results if pid != os.getpid()}
print(sorted(others))
""") == "[(False, True)]"


def test_background_work_is_done_while_this_process_does_something_else():
    assert run_in_a_fresh_interpreter("""
import os
import time
from budrus.workers import BackgroundWork
from test_workers import pid_and_item_after_a_while

work = BackgroundWork(pid_and_item_after_a_while, 0.02, list(range(60)), jobs=2, min_items_per_worker=3)
time.sleep(0.5)   # this process is busy elsewhere; the worker goes on
results = work.finish()
print([item for pid, item in results] == list(range(60)), sum(pid != os.getpid() for pid, item in results) >= 20)
""") == "True True"


def fail_on_seven(shared, item):
    if item == 7:
        raise ValueError("seven")
    return item


def test_an_error_in_background_work_reaches_the_caller_at_finish():
    work = BackgroundWork(fail_on_seven, None, list(range(40)), jobs=2, min_items_per_worker=1)
    with pytest.raises(ValueError, match="seven"):
        work.finish()


def test_background_work_with_one_job_is_done_at_finish_in_this_process():
    seen = []
    work = BackgroundWork(lambda shared, item: seen.append(item), None, list(range(10)), jobs=1)
    assert seen == []
    assert work.finish() == [None] * 10 and seen == list(range(10))
