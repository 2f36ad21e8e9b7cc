"""Time one command: wall time, CPU time and peak memory, all descendants included.

The runner starts this file as a fresh process wrapping the command
(`python bench/measure.py COMMAND...`). The wrapper makes itself the subreaper of its
descendants, so that worker processes which outlive their parent (a multiprocessing
forkserver's, say) are still reaped here and counted in RUSAGE_CHILDREN. It prints one
JSON line with the figures; the command's own output goes to stderr or nowhere.
"""
from __future__ import annotations

import ctypes
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
SAMPLE_SECONDS = 0.05
PR_SET_CHILD_SUBREAPER = 36
ORPHAN_GRACE_SECONDS = 10  # how long to wait for descendants still running after the command


@dataclass(frozen=True)
class Run:
    """One finished run of a command."""

    seconds: float  # wall time of the command itself
    cpu_seconds: float  # user + system time of the command and all its descendants
    exit_code: int
    max_rss_mb: float  # the largest single process of the tree (kernel's ru_maxrss)
    tree_rss_mb: float  # the largest sum over all processes of the tree, sampled
    stderr_tail: str


def run_command(command: list[str], cwd: Path, timeout: float = 3600) -> Run:
    """Run `command` under the measuring wrapper and read its figures back."""
    with tempfile.TemporaryFile() as stderr:
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *command],
                              cwd=cwd, stdout=subprocess.PIPE, stderr=stderr, timeout=timeout)
        stderr.seek(0)
        tail = stderr.read().decode("utf-8", errors="replace")[-2000:]
    if done.returncode != 0 or not done.stdout.strip():
        return Run(0.0, 0.0, done.returncode or 1, 0.0, 0.0, tail)
    figures = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return Run(stderr_tail=tail, **figures)


def measure(command: list[str]) -> dict:
    """Run `command` as a child of this process and return its figures."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    sampler = TreeSampler(os.getpid())
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    sampler.start()
    _, status = os.waitpid(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # so Popen never waits again
    reap_orphans()
    sampler.stop()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    max_rss = usage.ru_maxrss / 1024  # Linux reports kilobytes
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "exit_code": child.returncode, "max_rss_mb": max_rss,
            "tree_rss_mb": max(sampler.peak_mb, max_rss)}


def reap_orphans() -> None:
    """Wait a little for descendants that outlived the command, so their usage counts."""
    deadline = time.monotonic() + ORPHAN_GRACE_SECONDS
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # none left
            return
        if pid == 0:
            time.sleep(0.01)


class TreeSampler(threading.Thread):
    """Samples the summed RSS of all descendants of a process from /proc."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root = root
        self.peak_mb = 0.0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(SAMPLE_SECONDS):
            self.peak_mb = max(self.peak_mb, descendants_rss_mb(self.root))

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def descendants_rss_mb(root: int) -> float:
    """The resident memory of the descendants of `root` (not `root` itself), in megabytes."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21])  # field 24 of stat, counted after the command name
    members = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in members and pid not in members:
                members.add(pid)
                grew = True
    members.discard(root)
    return sum(rss.get(pid, 0) for pid in members) * PAGE_SIZE_KB / 1024


def count_pages(folder: Path) -> int:
    """HTML files in an output folder: the pages a reader can open."""
    return sum(1 for path in folder.rglob("*.html") if path.is_file())


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: measure.py COMMAND [ARGS...]")
    print(json.dumps(measure(sys.argv[1:])))
