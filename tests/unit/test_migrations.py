"""The Alembic history: one head, and upgrading to it yields exactly the declared schema."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from routing_api.db import migrate
from routing_api.db.engine import Database
from routing_api.db.schema import metadata
from tests.helpers.databases import PG_ADMIN, pg_available, pg_url

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def alembic_false_positive(db: Database, diff: tuple[Any, ...]) -> bool:
    """Alembic's SQLite default comparison strips quotes with `'(.+)'`, so a column created
    with DEFAULT '' never equals its declared server_default="" although the DDL is right."""
    if not db.is_sqlite or diff[0] != "modify_default":
        return False
    reflected, declared = diff[5], diff[6]
    reflected_sql = str(getattr(reflected, "arg", reflected))
    return reflected_sql in ("''", "('')") and getattr(declared, "arg", None) == ""


def schema_diff(db: Database) -> list[tuple[Any, ...]]:
    """What autogenerate would write to bring the database to `metadata`: nothing, ideally."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        found = compare_metadata(context, metadata)
    # column changes come grouped per column as lists of tuples
    flat = [d for item in found for d in (item if isinstance(item, list) else [item])]
    return [d for d in flat if not alembic_false_positive(db, d)]


def script_head(db: Database) -> str | None:
    """The newest revision, read straight from the shipped scripts."""
    return ScriptDirectory.from_config(migrate.alembic_config(db)).get_current_head()


def test_history_has_a_single_head() -> None:
    heads = migrate.heads()
    assert len(heads) == 1, f"the migration history has forked: heads {heads}"


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    yield db
    db.dispose()


@pytest.fixture
def postgres_db() -> Iterator[Database]:
    reason = pg_available()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true requires PostgreSQL: {reason}")
        pytest.skip(reason)
    name = f"ekc_migr_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    db = Database(pg_url(name))
    try:
        yield db
    finally:
        db.dispose()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize(
    "which", ["sqlite_db", pytest.param("postgres_db", marks=pytest.mark.postgres)]
)
def test_upgrade_of_an_empty_database_matches_the_declared_schema(
    which: str, request: pytest.FixtureRequest
) -> None:
    db: Database = request.getfixturevalue(which)
    head = script_head(db)
    assert head is not None
    assert migrate.current_revision(db) is None
    migrate.upgrade(db)
    assert migrate.current_revision(db) == head
    with db.engine.connect() as conn:
        tables = set(conn.dialect.get_table_names(conn))
    assert set(metadata.tables) <= tables, "some declared tables were not created"
    assert schema_diff(db) == []
    # a second start (every server start upgrades) is a no-op
    migrate.upgrade(db)
    assert migrate.current_revision(db) == head
    assert schema_diff(db) == []
