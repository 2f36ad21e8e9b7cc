"""Each folder in fixtures/invalid/ is laid over the valid basic site; its expected.txt
holds the exit code and the exact diagnostics. A failed build must leave the previous
output byte-identical."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import FIXTURES, NOW, copy_fixture, run_cli, tree_digest

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def read_expected(case: str) -> tuple[int, list[str]]:
    lines = (FIXTURES / "invalid" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    code = int(lines[0].removeprefix("exit: "))
    return code, [line for line in lines[1:] if line.strip()]


def overlay(case: str, site: Path) -> None:
    source = FIXTURES / "invalid" / case
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.name != "expected.txt":
            target = site / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


@pytest.mark.parametrize("case", CASES)
def test_invalid_site_reports_exact_diagnostics_and_keeps_last_good_output(case, tmp_path, last_good_output):
    site = copy_fixture("basic", tmp_path / "site")
    out = tmp_path / "public"
    shutil.copytree(last_good_output, out)
    before = tree_digest(out)

    overlay(case, site)
    expected_code, expected_lines = read_expected(case)
    result = run_cli("build", "--source", site, "--out", out, "--now", NOW, "--no-cache")

    assert result.code == expected_code, result.err
    assert result.lines == expected_lines
    assert "Traceback" not in result.err and "internal error" not in result.err
    if expected_code != 0:
        assert tree_digest(out) == before


@pytest.mark.parametrize("case", CASES)
def test_check_reports_what_build_reports(case, tmp_path):
    site = copy_fixture("basic", tmp_path / "site")
    overlay(case, site)
    expected_code, expected_lines = read_expected(case)
    result = run_cli("check", "--source", site, "--now", NOW)
    assert (result.code, result.lines) == (expected_code, expected_lines)
    assert not (site / "public").exists()
