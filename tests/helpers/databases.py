"""Per-test databases: a seeded SQLite file copied per test, or a PostgreSQL database
cloned from a seeded template (CREATE DATABASE … TEMPLATE)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg

PG_ADMIN = os.environ.get("EKC_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def pg_available() -> str | None:
    """None if PostgreSQL answers, else the reason it does not."""
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return f"PostgreSQL at {PG_ADMIN} does not answer ({type(exc).__name__}: {exc})"
    return None


def pg_url(name: str) -> str:
    base = PG_ADMIN.rsplit("/", 1)[0]
    return f"{base}/{name}"


def run_routing_api(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "routing_api", *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


class SeededTemplate:
    """One demo-seeded database per test session; cheap fresh copies for each test."""

    def __init__(self, backend: str, workdir: Path) -> None:
        self.backend = backend
        self.workdir = workdir
        self.tag = uuid.uuid4().hex[:8]
        self.template = ""
        self.created: list[str] = []

    def build(self) -> None:
        if self.backend == "sqlite":
            path = self.workdir / "template.sqlite3"
            run_routing_api("seed", "--demo", "--database", f"sqlite:///{path}")
            self.template = str(path)
        else:
            self.template = f"ekc_tpl_{self.tag}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.template}"')
            run_routing_api("seed", "--demo", "--database", pg_url(self.template))

    def fresh(self) -> str:
        """A new database URL holding the seeded data."""
        name = f"t_{uuid.uuid4().hex[:10]}"
        if self.backend == "sqlite":
            target = self.workdir / f"{name}.sqlite3"
            shutil.copyfile(self.template, target)
            return f"sqlite:///{target}"
        db = f"ekc_{self.tag}_{name}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db}" TEMPLATE "{self.template}"')
        self.created.append(db)
        return pg_url(db)

    def drop(self, url: str) -> None:
        if self.backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(url.split(":///", 1)[1] + suffix).unlink(missing_ok=True)
            return
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.created:
            self.created.remove(name)

    def close(self) -> None:
        if self.backend == "postgresql":
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                for name in [*self.created, self.template]:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
