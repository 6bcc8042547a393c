"""Qt test fixtures: the real routing API (SQLite), a logged-in workstation window."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    """UI tests drive the window; the server's storage is covered by tests/api on both backends."""
    return str(request.param)


@pytest.fixture
def workstation_dirs(tmp_path: Path) -> Path:
    base = tmp_path / "workstation"
    base.mkdir()
    return base


@pytest.fixture(autouse=True)
def _ops(qapp: object) -> Iterator[None]:
    from operator_app.ui import operations

    operations.install()
    yield
