"""Fixtures shared by every test folder."""
from __future__ import annotations

from pathlib import Path

import pytest

from serving import start_serve
from support import copy_fixture


@pytest.fixture
def basic_site(tmp_path: Path) -> Path:
    """A copy of the small valid bilingual fixture site."""
    return copy_fixture("basic", tmp_path / "site")


@pytest.fixture
def served(basic_site):
    """`budrus serve` running on a copy of the basic site; stopped even when a test fails."""
    server = start_serve(basic_site)
    try:
        yield server
    finally:
        server.stop()
