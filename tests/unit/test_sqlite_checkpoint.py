"""SQLite's write-ahead log is copied back by the server's own task, never by a commit.

By default the commit that takes the log past 1000 pages checkpoints it, writing and fsyncing
megabytes while every writer queues; at the peak the log grew by several thousand pages a
second, so that was several commits a second. These pin who checkpoints and that it works.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import sqlalchemy as sa

from routing_api import server as server_module
from routing_api.config import Settings
from routing_api.db.engine import Database
from routing_api.server import Server


def autocheckpoint(db: Database) -> int:
    with db.read() as conn:
        return int(conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one())


def fill(db: Database, rows: int) -> None:
    """Many small write transactions, each appending its pages to the log."""
    for n in range(rows):
        with db.write() as conn:
            conn.exec_driver_sql("INSERT INTO t (body) VALUES (?)", (f"{n:06d}" + "x" * 3000,))


def table(db: Database) -> None:
    with db.write() as conn:
        conn.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")


def test_commits_leave_the_log_to_checkpoint_and_it_copies_everything(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'a.sqlite3'}", background_checkpoints=True)
    try:
        assert db.background_checkpoints
        assert autocheckpoint(db) == 0
        table(db)
        fill(db, 1500)  # past 1000 pages: a default commit would have checkpointed by now
        wal = tmp_path / "a.sqlite3-wal"
        assert wal.stat().st_size > 1000 * 4096
        busy, frames, copied = db.checkpoint() or (None, 0, 0)
        assert busy == 0 and frames > 1000 and copied == frames
        # copied back: the next writer starts the log over instead of growing it
        fill(db, 10)
        assert (db.checkpoint() or (0, 10**9, 0))[1] < 100
        with db.read() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM t").scalar_one() == 1510
    finally:
        db.dispose()


def test_other_databases_keep_sqlites_own_checkpoints(tmp_path: Path) -> None:
    plain = Database(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    memory = Database("sqlite://", background_checkpoints=True)
    try:
        assert not plain.background_checkpoints and autocheckpoint(plain) == 1000
        assert plain.checkpoint() is None
        assert not memory.background_checkpoints and memory.checkpoint() is None
    finally:
        plain.dispose()
        memory.dispose()


def test_the_server_checkpoints_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "CHECKPOINT_S", 0.05)
    server = Server(Settings(database_url=f"sqlite:///{tmp_path / 'c.sqlite3'}"))
    try:
        assert autocheckpoint(server.db) == 0
        table(server.db)
        fill(server.db, 50)

        async def a_while() -> None:
            task = asyncio.create_task(server.run_checkpoints())
            await asyncio.sleep(0.5)
            task.cancel()

        asyncio.run(a_while())
        stats = server.write_stats
        assert stats.checkpoints >= 2 and stats.checkpoint_pages_max >= 50
        assert "checkpoints × " in stats.report(1.0)
        with server.db.read() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM t")).scalar_one() == 50
        assert (server.db.checkpoint() or (1, 0, 0))[0] == 0
    finally:
        server.kpi_pass.close()
        server.db.dispose()
