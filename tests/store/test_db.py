"""Opening the store: pragmas, migrations, schema versions old and new."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from operator_app.store import MIGRATIONS, SCHEMA_VERSION, LocalStore, Migration, StoreVersionError
from operator_app.store.schema import initial

TABLES = {"meta", "kb_articles", "cursors", "outbox", "drafts"}


def raw_version(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])
    finally:
        conn.close()


def set_raw_version(path: Path, value: str) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [value])
    finally:
        conn.close()


def test_empty_file_is_migrated_to_the_current_schema(db_path: Path) -> None:
    with LocalStore(db_path) as store, store.read() as db:
        assert set(db.table_names()) >= TABLES
        assert store.schema_version == SCHEMA_VERSION
        assert db.journal_mode == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert raw_version(db_path) == "{}.{}".format(*SCHEMA_VERSION)


def test_in_memory_store_has_the_schema() -> None:
    with LocalStore(None) as store, store.read() as db:
        assert set(db.table_names()) >= TABLES


def test_reopening_keeps_data_and_runs_no_migration_twice(db_path: Path) -> None:
    calls: list[str] = []

    def counted(db: Database) -> None:
        calls.append("1.0")
        initial(db)

    migrations: list[Migration] = [((1, 0), counted)]
    with LocalStore(db_path, migrations=migrations) as store, store.write() as db:
        db.execute("INSERT INTO cursors (name, value) VALUES ('x', '1')")
    with LocalStore(db_path, migrations=migrations) as store, store.read() as db:
        assert db.execute("SELECT value FROM cursors WHERE name='x'").fetchone()[0] == "1"
    assert calls == ["1.0"]


def test_later_migrations_apply_in_order_once(db_path: Path) -> None:
    LocalStore(db_path).close()
    order: list[str] = []

    def add_notes(db: Database) -> None:
        order.append("1.1")
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")

    def add_index(db: Database) -> None:
        order.append("1.2")
        db.execute("CREATE INDEX idx_notes_text ON notes (text)")

    migrations = [*MIGRATIONS, ((1, 1), add_notes), ((1, 2), add_index)]
    with LocalStore(db_path, migrations=migrations) as store:
        assert store.schema_version == (1, 2)
    with LocalStore(db_path, migrations=migrations):
        pass
    assert order == ["1.1", "1.2"]
    assert raw_version(db_path) == "1.2"


def test_a_failing_migration_leaves_the_file_as_it_was(db_path: Path) -> None:
    LocalStore(db_path).close()

    def half_done(db: Database) -> None:
        db.execute("CREATE TABLE half (id INTEGER)")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        LocalStore(db_path, migrations=[*MIGRATIONS, ((1, 1), half_done)])
    with LocalStore(db_path) as store, store.read() as db:
        assert "half" not in db.table_names()
        assert store.schema_version == (1, 0)


def test_a_newer_major_is_refused_with_a_clear_message(db_path: Path) -> None:
    LocalStore(db_path).close()
    set_raw_version(db_path, "2.0")
    with pytest.raises(StoreVersionError) as caught:
        LocalStore(db_path)
    err = caught.value
    assert err.message_ru.startswith(
        "База данных рабочего места создана более новой версией программы"
    )
    assert "newer version" in err.message_en
    assert err.found == "2.0"
    assert err.supported == "1.0"
    assert raw_version(db_path) == "2.0"  # untouched


def test_a_newer_minor_opens_and_is_not_downgraded(db_path: Path) -> None:
    LocalStore(db_path).close()
    set_raw_version(db_path, "1.7")
    with LocalStore(db_path) as store:
        assert store.schema_version == (1, 7)
        with store.write() as db:
            db.execute("INSERT INTO cursors (name, value) VALUES ('x', '1')")
    assert raw_version(db_path) == "1.7"


def test_an_unreadable_version_is_refused(db_path: Path) -> None:
    LocalStore(db_path).close()
    set_raw_version(db_path, "garbage")
    with pytest.raises(StoreVersionError, match="not recognised"):
        LocalStore(db_path)


def test_write_rolls_back_on_error(store: LocalStore) -> None:
    with pytest.raises(ValueError), store.write() as db:
        db.execute("INSERT INTO cursors (name, value) VALUES ('x', '1')")
        raise ValueError("abort")
    with store.read() as db:
        assert db.execute("SELECT count(*) FROM cursors").fetchone()[0] == 0
