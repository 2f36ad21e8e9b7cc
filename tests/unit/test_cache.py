import os

import pytest

from budrus.cache import PRUNED_STAMP, ContentCache, cache_key, prune


def test_cache_key_is_a_stable_hex_digest():
    key = cache_key("card-v1", "Title", b"\x00font", 1200)
    assert key == cache_key("card-v1", "Title", b"\x00font", 1200)
    assert len(key) == 64 and int(key, 16) >= 0


def test_cache_key_keeps_part_boundaries_and_types_apart():
    keys = {
        cache_key("ab", "c"),
        cache_key("a", "bc"),
        cache_key("abc"),
        cache_key(1),
        cache_key("1"),
        cache_key(b"1"),
        cache_key(True),
        cache_key(None),
        cache_key(("a", "b")),
        cache_key("a", "b"),
    }
    assert len(keys) == 10


def test_cache_key_changes_with_the_version_part():
    assert cache_key("renderer-1", "Title") != cache_key("renderer-2", "Title")


def test_cache_key_refuses_values_without_a_defined_encoding():
    with pytest.raises(TypeError):
        cache_key(1.5)
    with pytest.raises(TypeError):
        cache_key({"a": 1})


def test_a_stored_value_is_read_back(tmp_path):
    cache = ContentCache(tmp_path, "cards")
    key = cache_key("x")
    assert cache.get(key) is None
    cache.put(key, b"\x89PNG data")
    assert cache.get(key) == b"\x89PNG data"
    assert (cache.stats.misses, cache.stats.hits, cache.stats.writes) == (1, 1, 1)


def test_an_empty_value_is_a_hit_not_a_miss(tmp_path):
    cache = ContentCache(tmp_path, "html")
    cache.put(cache_key("empty"), b"")
    assert cache.get(cache_key("empty")) == b""


def test_entries_live_under_the_namespace(tmp_path):
    key = cache_key("x")
    ContentCache(tmp_path, "cards").put(key, b"card")
    assert ContentCache(tmp_path, "html").get(key) is None
    assert ContentCache(tmp_path, "cards").path_for(key).is_relative_to(tmp_path / "cards")


def test_a_truncated_entry_is_deleted_and_treated_as_a_miss(tmp_path):
    cache = ContentCache(tmp_path, "cards")
    key = cache_key("x")
    cache.put(key, b"0123456789" * 10)
    path = cache.path_for(key)
    path.write_bytes(path.read_bytes()[:-5])
    assert cache.get(key) is None
    assert not path.exists()
    assert cache.stats.corrupt == 1


def test_a_flipped_byte_is_detected_by_the_checksum(tmp_path):
    cache = ContentCache(tmp_path, "cards")
    key = cache_key("x")
    cache.put(key, b"0123456789" * 10)
    path = cache.path_for(key)
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 0xFF
    path.write_bytes(bytes(raw))
    assert cache.get(key) is None
    assert not path.exists()


def test_a_file_that_is_not_an_entry_is_a_miss(tmp_path):
    cache = ContentCache(tmp_path, "cards")
    key = cache_key("x")
    cache.path_for(key).parent.mkdir(parents=True)
    cache.path_for(key).write_bytes(b"")
    assert cache.get(key) is None


def test_put_replaces_an_entry_and_leaves_no_temporary_files(tmp_path):
    cache = ContentCache(tmp_path, "cards")
    key = cache_key("x")
    cache.put(key, b"old")
    cache.put(key, b"new")
    assert cache.get(key) == b"new"
    assert os.listdir(cache.path_for(key).parent) == [cache.path_for(key).name]


def test_a_disabled_cache_stores_nothing_and_always_misses(tmp_path):
    cache = ContentCache(None, "cards")
    cache.put(cache_key("x"), b"data")
    assert cache.get(cache_key("x")) is None
    assert not cache.enabled
    assert list(tmp_path.iterdir()) == []


def test_keys_that_are_not_hex_digests_are_refused(tmp_path):
    cache = ContentCache(tmp_path, "cards")
    with pytest.raises(ValueError):
        cache.get("../../etc/passwd")
    with pytest.raises(ValueError):
        ContentCache(tmp_path, "../up")


def test_a_cache_folder_that_cannot_be_made_is_a_problem_not_a_crash(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    cache = ContentCache(blocker, "cards")
    cache.put(cache_key("x"), b"data")
    assert cache.get(cache_key("x")) is None
    assert "cannot write the cache" in cache.problem and "not-a-folder" in cache.problem
    cache.put(cache_key("y"), b"data")  # gives up after the first problem
    assert cache.stats.writes == 0


def test_an_unreadable_entry_is_a_miss_with_a_problem(tmp_path):
    cache = ContentCache(tmp_path, "cards")
    key = cache_key("x")
    cache.path_for(key).mkdir(parents=True)  # a folder where the entry file should be
    assert cache.get(key) is None
    assert "cannot read the cache" in cache.problem


def test_a_recent_memo_keeps_what_the_last_build_used_and_forgets_the_rest():
    from budrus.cache import RecentMemo
    memo = RecentMemo()
    memo.put("used", 1)
    memo.put("unused", 2)
    memo.advance()
    assert memo.get("used") == 1      # used again in this build: kept for the next
    memo.advance()
    assert memo.get("used") == 1 and memo.get("unused") is None
    memo.advance()
    memo.advance()
    assert memo.get("used") is None and len(memo) == 0


# -- pruning ------------------------------------------------------------------------------

DAY = 24 * 3600


def _age(path, days):
    when = os.stat(path).st_mtime - days * DAY
    os.utime(path, (when, when))


def _stored(cache, name):
    key = cache_key(name)
    cache.put(key, name.encode())
    return key, cache.path_for(key)


def test_prune_removes_entries_unused_for_a_month_and_keeps_the_rest(tmp_path):
    cache = ContentCache(tmp_path, "markdown")
    _, old = _stored(cache, "old")
    _, recent = _stored(cache, "recent")
    _age(old, 31)
    _age(recent, 29)
    assert prune(tmp_path) == 1
    assert not old.exists() and recent.exists()


def test_a_used_entry_is_marked_so_that_pruning_keeps_it(tmp_path):
    cache = ContentCache(tmp_path, "pages")
    key, path = _stored(cache, "used")
    _age(path, 40)
    assert cache.get(key) == b"used"
    assert prune(tmp_path) == 0
    assert cache.get(key) == b"used"


def test_a_read_only_cache_changes_no_time_stamp(tmp_path):
    key, path = _stored(ContentCache(tmp_path, "pages"), "checked")
    _age(path, 40)
    before = os.stat(path).st_mtime
    assert ContentCache(tmp_path, "pages", read_only=True).get(key) == b"checked"
    assert os.stat(path).st_mtime == before


def test_prune_runs_at_most_once_a_day(tmp_path):
    cache = ContentCache(tmp_path, "cards")
    _, first = _stored(cache, "first")
    _age(first, 31)
    assert prune(tmp_path) == 1
    _, second = _stored(cache, "second")
    _age(second, 31)
    assert prune(tmp_path) == 0 and second.exists()
    stamp = tmp_path / PRUNED_STAMP
    _age(stamp, 1.01)
    assert prune(tmp_path) == 1 and not second.exists()


def test_prune_removes_old_spare_output_trees_and_unfinished_writes(tmp_path):
    spare = tmp_path / "output" / ("a" * 16)
    (spare / "en").mkdir(parents=True)
    (spare / "en" / "index.html").write_text("old site")
    _age(spare, 31)
    kept = tmp_path / "output" / ("b" * 16)
    kept.mkdir()
    fan_out = tmp_path / "qr" / "ab"
    fan_out.mkdir(parents=True)
    unfinished = fan_out / ".tmp-xyz"
    unfinished.write_bytes(b"half")
    _age(unfinished, 31)
    assert prune(tmp_path) == 2
    assert not spare.exists() and kept.exists()
    assert not fan_out.exists()   # left empty, so removed


def test_prune_leaves_alone_what_it_does_not_know(tmp_path):
    strangers = [tmp_path / "notes.txt", tmp_path / "markdown" / "README", tmp_path / "markdown" / "ab" / "x.txt",
                 tmp_path / "Upper" / "ab" / ("c" * 62)]
    for path in strangers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("mine")
        _age(path, 400)
    assert prune(tmp_path) == 0
    assert all(path.exists() for path in strangers)


def test_prune_of_a_missing_or_unwritable_folder_is_quiet(tmp_path):
    assert prune(tmp_path / "absent") == 0
    assert not (tmp_path / "absent").exists()


def test_a_leftover_temporary_file_of_the_same_name_is_stepped_around(tmp_path, monkeypatch):
    import itertools

    from budrus import cache as cache_module

    cache = ContentCache(tmp_path, "cards")
    key = cache_key("x")
    folder = cache.path_for(key).parent
    folder.mkdir(parents=True)
    (folder / f".tmp-{os.getpid()}-7").write_bytes(b"left by a process that had this id")
    monkeypatch.setattr(cache_module, "_TEMPORARY_NUMBERS", itertools.count(7))
    cache.put(key, b"value")
    assert cache.get(key) == b"value" and cache.problem is None
    assert sorted(os.listdir(folder)) == sorted([f".tmp-{os.getpid()}-7", cache.path_for(key).name])


def test_a_cache_folder_removed_during_a_build_is_made_again(tmp_path):
    import shutil

    cache = ContentCache(tmp_path, "cards")
    first, second = cache_key("a"), cache_key("b")
    cache.put(first, b"one")
    shutil.rmtree(tmp_path / "cards")
    cache.put(first, b"two")
    cache.put(second, b"three")
    assert (cache.get(first), cache.get(second), cache.problem) == (b"two", b"three", None)
    assert oct(cache.path_for(first).stat().st_mode & 0o777) == "0o600"
