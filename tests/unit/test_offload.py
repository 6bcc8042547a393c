"""The KPI pass moves to a worker process once heavy, with the same figures as in-process."""

from __future__ import annotations

import time
from pathlib import Path

from routing_api.db import migrate
from routing_api.db.engine import Database
from routing_api.offload import OFFLOAD_AFTER_S, KpiPass
from routing_api.seed import seed_demo


def test_a_heavy_pass_moves_to_a_worker_process_and_gives_the_same_figures(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite:///{tmp_path / 'kpi.sqlite3'}")
    migrate.upgrade(db)
    seed_demo(db)
    now = time.time()
    kpi = KpiPass(db)
    try:
        here = kpi.compute(now)
        kpi.took(OFFLOAD_AFTER_S / 2)
        assert not kpi.offloaded  # a light pass stays in the process
        kpi.took(OFFLOAD_AFTER_S * 2)
        there = kpi.compute(now)
        assert kpi.offloaded
        assert there == here
        assert set(there["windows"]) == {"today", "60m", "15m"}
    finally:
        kpi.close()
        db.dispose()


def test_an_in_memory_database_is_never_offloaded() -> None:
    db = Database("sqlite://")
    migrate.upgrade(db)
    kpi = KpiPass(db)
    kpi.took(10.0)
    figures = kpi.compute(time.time())
    assert not kpi.offloaded and figures["now"]["waiting"] == 0
    db.dispose()
