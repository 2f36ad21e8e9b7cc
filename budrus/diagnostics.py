"""Diagnostics: every problem found in a run, with its file and line."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is and what it is."""

    path: str
    line: int
    severity: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Diagnostics:
    """Collects every diagnostic of a run so that all are reported together."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, message: str) -> None:
        self.items.append(Diagnostic(path, line, ERROR, message))

    def warning(self, path: str, line: int, message: str) -> None:
        self.items.append(Diagnostic(path, line, WARNING, message))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == WARNING]

    def has_errors(self) -> bool:
        return any(d.severity == ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in a stable order (file, line), duplicates dropped."""
        return sorted(set(self.items), key=lambda d: (d.path, d.line, d.severity, d.message))


class BuildFailed(Exception):
    """Content errors stop the run (exit code 1)."""

    exit_code = 1

    def __init__(self, diagnostics: Diagnostics):
        super().__init__(f"{len(diagnostics.errors)} error(s)")
        self.diagnostics = diagnostics


class ConfigFailed(BuildFailed):
    """The config or the command line is wrong (exit code 2)."""

    exit_code = 2


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' hint, or '' when nothing is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""
