"""Time one command as a subprocess: wall time and peak memory, children included."""
from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Run:
    """One finished run of a command."""

    seconds: float
    exit_code: int
    max_rss_mb: float  # the largest single process of the tree (kernel's ru_maxrss)
    tree_rss_mb: float  # the largest sum over all processes of the tree, sampled
    stderr_tail: str


def run_command(command: list[str], cwd: Path, env: dict | None = None,
                timeout: float = 3600) -> Run:
    """Run `command`, waiting with os.wait4 so the kernel reports its peak RSS."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=stderr)
        sampler = TreeSampler(process.pid)
        sampler.start()
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        timer.cancel()
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)  # so Popen never waits again
        stderr.seek(0)
        tail = stderr.read().decode("utf-8", errors="replace")[-2000:]
    max_rss = usage.ru_maxrss / 1024  # Linux reports kilobytes
    return Run(seconds, process.returncode, max_rss, max(sampler.peak_mb, max_rss), tail)


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants from /proc."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root = root
        self.peak_mb = 0.0
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(SAMPLE_SECONDS):
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.root))

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def tree_rss_mb(root: int) -> float:
    """The resident memory of `root` and its descendants, in megabytes."""
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
    return sum(rss.get(pid, 0) for pid in members) * PAGE_SIZE_KB / 1024


def count_pages(folder: Path) -> int:
    """HTML files in an output folder: the pages a reader can open."""
    return sum(1 for path in folder.rglob("*.html") if path.is_file())
