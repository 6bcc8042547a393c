"""Alembic migrations applied at start, from the migrations shipped inside the package."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from routing_api.db.engine import Database

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
#: serialises replicas starting at once on PostgreSQL
MIGRATION_LOCK_KEY = 0x45_4B_43_02


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def upgrade(db: Database) -> None:
    """Bring the schema to the latest revision (idempotent, safe for parallel starts)."""
    cfg = alembic_config(db)
    with db.engine.connect() as conn:
        if not db.is_sqlite:
            conn.execute(sa.select(sa.func.pg_advisory_lock(MIGRATION_LOCK_KEY)))
            conn.commit()
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
        finally:
            if not db.is_sqlite:
                conn.execute(sa.select(sa.func.pg_advisory_unlock(MIGRATION_LOCK_KEY)))
                conn.commit()


def heads() -> list[str]:
    """The migration history's heads (a single one, or the history has forked)."""
    return list(ScriptDirectory.from_config(alembic_config(Database("sqlite://"))).get_heads())


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
