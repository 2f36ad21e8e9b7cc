"""Test helpers: fixture sites copied into temporary folders, the CLI run in-process."""
from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
NOW = "2026-11-29T12:00"


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if ": error: " in line or ": warning: " in line]


def run_cli(*argv: str) -> CliResult:
    """Run `budrus ARGV` in this process and capture what it prints."""
    from budrus.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exit_:  # argparse
            code = exit_.code if isinstance(exit_.code, int) else 2
    return CliResult(code, out.getvalue(), err.getvalue())


def copy_fixture(name: str, target: Path) -> Path:
    """A fresh copy of tests/fixtures/NAME in `target`."""
    shutil.copytree(FIXTURES / name, target, symlinks=True, ignore=shutil.ignore_patterns(".cache", "public"))
    return target


def tree_digest(root: Path) -> dict[str, str]:
    """Every file below `root` with the hash of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build_fixture(name: str, root: Path) -> Path:
    """Build tests/fixtures/NAME (copied into `root`) for NOW; returns the output folder."""
    site = copy_fixture(name, root / "site")
    result = run_cli("build", "--source", site, "--out", root / "public", "--now", NOW,
                     "--cache-dir", root / "cache")
    assert result.code == 0, result.err
    return root / "public"
