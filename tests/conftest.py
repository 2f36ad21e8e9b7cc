"""Fixtures shared by every test folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from serving import start_serve
from support import NOW, copy_fixture, run_cli


@pytest.fixture
def basic_site(tmp_path: Path) -> Path:
    """A copy of the small valid bilingual fixture site."""
    return copy_fixture("basic", tmp_path / "site")


@pytest.fixture(scope="module")
def last_good_output(tmp_path_factory) -> Path:
    """The basic site built once; a test copies this output before a build that must fail."""
    root = tmp_path_factory.mktemp("last-good")
    site = copy_fixture("basic", root / "site")
    assert run_cli("build", "--source", site, "--out", root / "public", "--now", NOW).code == 0
    return root / "public"


@pytest.fixture
def served(basic_site):
    """`budrus serve` running on a copy of the basic site; stopped even when a test fails."""
    server = start_serve(basic_site)
    try:
        yield server
    finally:
        server.stop()
