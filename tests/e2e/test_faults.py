"""Faults while writing: a build killed with SIGKILL at several moments of writing leaves
the previous output byte-identical, and the next build succeeds; an output folder that
cannot be made gives a clear error and exit code 2."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import NOW, copy_fixture, run_cli, tree_digest

REPO = Path(__file__).parents[2]
STATIC_FILES = 300   # enough bytes that writing takes long enough to be caught in the act


def add_static_files(site: Path, seed: bytes) -> None:
    """Many static files that differ between builds, so the writer must write each one."""
    folder = site / "static" / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(STATIC_FILES):
        (folder / f"file-{number:03}.bin").write_bytes(seed * 16_384 + number.to_bytes(2, "big"))


def staging_of(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.new-*"))


def new_files(staging: Path, since_ns: int) -> int:
    """Static files the running build has written into its staging folder so far.

    Counted by time, because a staging folder may start as a copy of an older output (the
    spare tree kept in the cache), full of files that are not this build's."""
    try:
        return sum(1 for entry in os.scandir(staging / "downloads") if entry.stat().st_mtime_ns >= since_ns)
    except OSError:   # not made yet, or swapped in meanwhile
        return 0


def kill_when(process: subprocess.Popen, out: Path, written: int, since_ns: int) -> bool:
    """SIGKILL the build once it has written `written` new files; False if it finished first."""
    while process.poll() is None:
        staging = staging_of(out)
        if staging and new_files(staging[0], since_ns) >= written:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.001)
    return False


def start_build(site: Path, out: Path, cache: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(REPO / "build.py"), "build", "--source", str(site),
                             "--out", str(out), "--now", NOW, "--jobs", "1", *(["--no-cache"] if cache == "no-cache" else [])],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def built_in_full(site: Path, folder: Path) -> dict[str, str]:
    assert run_cli("build", "--source", site, "--out", folder, "--now", NOW, "--no-cache").code == 0
    return tree_digest(folder)


@pytest.mark.parametrize("cache, written", [
    ("no-cache", 1), ("no-cache", STATIC_FILES // 2), ("no-cache", STATIC_FILES - 20),
    ("cache", STATIC_FILES // 2),   # the staging folder starts from the spare tree in the cache
])
def test_a_build_killed_while_writing_leaves_the_last_output_and_the_next_build_succeeds(tmp_path, cache, written):
    site = copy_fixture("basic", tmp_path / "site")
    out = tmp_path / "public"
    add_static_files(site, b"old.")
    assert run_cli("build", "--source", site, "--out", out, "--now", NOW).code == 0
    assert run_cli("build", "--source", site, "--out", out, "--now", NOW).code == 0   # leaves a spare tree
    before = tree_digest(out)

    killed_while_writing = False
    for attempt in range(5):
        add_static_files(site, f"new{attempt}.".encode())
        since_ns = time.time_ns()
        killed = kill_when(start_build(site, out, cache), out, written, since_ns)
        after = tree_digest(out)
        if killed and after == before:
            killed_while_writing = True
            break
        # The build finished, or was killed just after its swap (the poller lost the CPU
        # between looking and killing): then the output must be the whole new site.
        assert after == built_in_full(site, tmp_path / f"full-{attempt}"), "a killed build left a mixed output"
        before = after
    assert killed_while_writing, "the build always finished before it could be killed"

    result = run_cli("build", "--source", site, "--out", out, "--now", NOW)
    assert result.code == 0, result.err
    assert not staging_of(out) and not list(tmp_path.glob(".public.old-*"))
    assert tree_digest(out) == built_in_full(site, tmp_path / "fresh")


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path):
    site = copy_fixture("basic", tmp_path / "site")
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file where a folder should be\n")
    result = run_cli("build", "--source", site, "--out", blocker / "out", "--now", NOW)
    assert result.code == 2
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert result.lines == [f"--out: error: cannot write the output folder {blocker / 'out'}: "
                            f"{blocker} is a file, not a folder"]
    assert blocker.read_text() == "a file where a folder should be\n"


def test_an_output_path_that_is_a_file_is_a_clear_error_and_the_file_is_kept(tmp_path):
    site = copy_fixture("basic", tmp_path / "site")
    target = tmp_path / "public"
    target.write_text("not a folder\n")
    result = run_cli("build", "--source", site, "--out", target, "--now", NOW)
    assert result.code == 2 and "internal error" not in result.err
    assert result.lines == [f"--out: error: cannot write the output folder {target}: {target} is a file, not a folder"]
    assert target.read_text() == "not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "site"]
