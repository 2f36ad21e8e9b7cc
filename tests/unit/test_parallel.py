import math

from budrus.parallel import PARALLEL_THRESHOLD, parallel_map


def test_results_keep_the_order_of_the_items_across_processes():
    items = list(range(40, 0, -1))
    assert parallel_map(math.factorial, items, jobs=2) == [math.factorial(n) for n in items]


def test_few_items_or_one_job_run_in_this_process():
    seen = []
    assert parallel_map(seen.append, [1, 2], jobs=2) == [None, None]  # a closure could not be sent
    assert parallel_map(seen.append, list(range(PARALLEL_THRESHOLD * 2)), jobs=1)
    assert len(seen) == 2 + PARALLEL_THRESHOLD * 2


def test_no_items_give_no_results():
    assert parallel_map(math.factorial, [], jobs=4) == []


def test_workers_also_start_when_other_threads_are_running():
    import threading

    results = []
    thread = threading.Thread(target=lambda: results.append(parallel_map(math.factorial, list(range(12)), jobs=2)))
    thread.start()
    thread.join()
    assert results == [[math.factorial(n) for n in range(12)]]
