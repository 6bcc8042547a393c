"""The KPI pass in a process of its own once it is heavy, so it stops competing for the GIL.

`kpis.compute` reads the whole day's history every few seconds: milliseconds on a quiet site,
over a second at the ЕКЦ's peak and more as the day goes on. In the API process that time is
taken from the request threads and the event loop (one GIL): every answer and every event
waits longer while it runs, which is where the load benchmark's worst latencies came from.
It is a pure read (a database and a moment in, figures out), so once a pass has cost more
than `OFFLOAD_AFTER_S` the next ones run in one worker process with a database connection of
its own, on another core. A quiet server never starts the worker; an in-memory database
(tests) cannot be shared and never offloads; a worker that dies is replaced, the pass run
here meanwhile.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from routing_api import kpis
from routing_api.db.engine import Database

log = logging.getLogger("api.offload")

#: a pass that took longer than this (s) sends the next ones to the worker process
OFFLOAD_AFTER_S = 0.2

_worker_db: Database | None = None


def _compute_in_worker(url: str, now: float) -> dict[str, Any]:
    """In the worker process: the centre's KPIs, on the worker's own connection."""
    global _worker_db
    if _worker_db is None or _worker_db.url != url:
        _worker_db = Database(url, pool_size=1)
    with _worker_db.read() as conn:
        return kpis.compute(conn, now, kpis.CENTRE)


class KpiPass:
    """Computes the centre's KPIs here or, once they are heavy, in a worker process."""

    def __init__(self, db: Database) -> None:
        self._db = db
        #: another process can open it (not an in-memory SQLite database)
        self._shareable = not db.is_sqlite or db.sqlite_file is not None
        self._pool: ProcessPoolExecutor | None = None
        self._heavy = False
        self._lock = threading.Lock()

    @property
    def offloaded(self) -> bool:
        return self._pool is not None

    def compute(self, now: float) -> dict[str, Any]:
        """The figures at `now` (called from a worker thread: it may block)."""
        if self._heavy and self._shareable:
            pool = self._worker()
            try:
                return pool.submit(_compute_in_worker, self._db.url, now).result()
            except BrokenProcessPool:
                log.warning("the KPI worker process died; computing here and starting another")
                self._drop()
        with self._db.read() as conn:
            return kpis.compute(conn, now, kpis.CENTRE)

    def took(self, seconds: float) -> None:
        """How long the last pass took here; a heavy one moves the next to the worker."""
        if not self._heavy and seconds > OFFLOAD_AFTER_S and self._shareable:
            log.info("the KPI pass took %.0f ms: moving it to a worker process", seconds * 1000)
            self._heavy = True

    def _worker(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: this process has threads (a forked child could inherit a
                # lock held mid-operation), and it is what Windows does anyway
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            return self._pool

    def _drop(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self._drop()
