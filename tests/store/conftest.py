"""Fixtures for the local store: stores in memory and on disk, a cipher, a settable clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from operator_app.store import AesGcmCipher, LocalStore

ROOT = Path(__file__).resolve().parents[2]
KB_FILE = ROOT / "resources" / "kb" / "articles.jsonl"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(clock: FakeClock) -> Iterator[LocalStore]:
    with LocalStore(None, clock=clock) as s:
        yield s


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workstation.sqlite3"


@pytest.fixture
def file_store(db_path: Path, clock: FakeClock) -> Iterator[LocalStore]:
    with LocalStore(db_path, clock=clock) as s:
        yield s


@pytest.fixture
def cipher() -> AesGcmCipher:
    return AesGcmCipher(AesGcmCipher.generate_key())
