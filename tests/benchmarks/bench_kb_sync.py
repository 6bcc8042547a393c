"""Expert-system sync at real scale, against the real routing API (SQLite), with the real
workstation classes (services.Workstation over sync.KbSync, store.KbStore, search.SearchEngine).

Run: python tests/benchmarks/bench_kb_sync.py [--size 30000] [--delta 100] [--rounds 5]
Prints: the first sync of the whole expert system into the local cache and index, with its
phases (download, store, index) and the progress updates the status bar got; a delta of 100
changes; a published change reaching a connected workstation through the event stream and a
delta sync (approved in the review workflow when the server has it); and that an unchanged
feed answers 304 Not Modified. Targets (issue 7): < 15 s, < 1 s, < 60 s, 304.

The seeded 30,000-card database is built once (`routing-api seed --demo --kb-size N`, about a
minute) and kept as a template under the system's temp directory; every run works on a copy.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from operator_app.domain.changes import Change, KbChanged, KbSyncProgress  # noqa: E402
from operator_app.paths import Paths  # noqa: E402
from operator_app.services.bus import ChangeBus  # noqa: E402
from operator_app.services.workstation import Workstation  # noqa: E402
from operator_app.sync.kb_sync import KbSync  # noqa: E402
from routing_api import kb  # noqa: E402
from routing_api.db.engine import Database  # noqa: E402
from routing_api.seed import grow_kb, seed_demo  # noqa: E402
from tests.helpers.api import API, RoutingServer  # noqa: E402

TEMPLATES = Path(tempfile.gettempdir()) / "ekc-bench"


def template(size: int) -> Path:
    """A demo-seeded SQLite database with `size` cards, built once and reused."""
    path = TEMPLATES / f"routing-kb{size}.sqlite3"
    migrations = ROOT / "routing_api" / "migrations" / "versions"
    newest = max(p.stat().st_mtime for p in migrations.glob("*.py"))
    if path.exists() and path.stat().st_mtime > newest:
        return path
    TEMPLATES.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    print(f"seeding a {size}-card demo database once (about a minute): {path}", flush=True)
    db = Database(f"sqlite:///{partial}")
    try:
        seed_demo(db)
        grow_kb(db, size)
    finally:
        db.dispose()
    partial.replace(path)
    return path


@contextmanager
def routing_api(size: int, workdir: Path) -> Iterator[RoutingServer]:
    """The routing API as a child process over a fresh copy of the seeded database."""
    db_file = workdir / "routing.sqlite3"
    shutil.copyfile(template(size), db_file)
    server = RoutingServer(f"sqlite:///{db_file}", workdir / "routing-api.log")
    server.start(timeout=60)
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Phases:
    """Time spent in each phase of a sync, measured around the real classes' methods."""

    download: float = 0.0
    store: float = 0.0
    index: float = 0.0
    pages: int = 0
    progress: list[tuple[int, int | None]] = field(default_factory=list)

    def reset(self) -> None:
        self.download = self.store = self.index = 0.0
        self.pages = 0
        self.progress.clear()


def instrument(ws: Workstation, phases: Phases) -> None:
    """Time the workstation's own feed requests, store writes and index builds/deltas."""

    def timed(owner: Any, name: str, add: Callable[[float], None]) -> None:
        original = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                add(time.perf_counter() - started)

        setattr(owner, name, wrapper)

    def download(s: float) -> None:
        phases.download += s
        phases.pages += 1

    def store(s: float) -> None:
        phases.store += s

    def index(s: float) -> None:
        phases.index += s

    timed(ws.client, "kb_changes_if_changed", download)
    timed(ws.kb, "apply_changes", store)
    timed(ws, "_index_changes", index)  # a delta, or a rebuild from the local copy
    timed(ws, "_index_page", index)  # a first sync indexes each page as it is stored


def publish_directly(db: Database, ids: list[str], tag: str) -> None:
    """Content changes written as the server writes them (versions, feed, kb.changed events)."""
    with db.write() as conn:
        for article_id in ids:
            current = kb.current(conn, article_id)
            assert current is not None
            article = current["article"]
            kb.upsert(conn, time.time(), {**article, "answer": f"{article['answer']} {tag}"})


def publish_by_review(url: str, article_id: str, tag: str) -> bool:
    """A specialist proposes a correction and a supervisor approves it (the real workflow);
    False when this server has no review workflow."""
    with httpx.Client(base_url=url + API, timeout=30) as http:

        def login(username: str) -> dict[str, str]:
            r = http.post("/auth/login", json={"username": username, "password": "demo"})
            r.raise_for_status()
            return {"Authorization": f"Bearer {r.json()['access_token']}"}

        l2, sup = login("l2-sfr-msk"), login("sup1")
        card = http.get(f"/kb/articles/{article_id}", headers=l2)
        if card.status_code == 404 and "article" not in card.text:
            return False
        card.raise_for_status()
        body = {
            "base_version": card.json()["version"],
            "comment": "Уточнение",
            "answer": card.json()["article"]["answer"] + f" {tag}",
        }
        proposed = http.post(f"/kb/articles/{article_id}/proposals", json=body, headers=l2)
        if proposed.status_code in (404, 405):
            return False
        proposed.raise_for_status()
        approved = http.post(
            f"/kb/proposals/{proposed.json()['id']}/approve",
            json={"comment": "Верно"},
            headers={**sup, "Idempotency-Key": uuid.uuid4().hex},
        )
        approved.raise_for_status()
    return True


def reached(changes: list[tuple[float, tuple[str, ...]]], seen: int, article_id: str) -> bool:
    """Whether a KbChanged after the first `seen` names the article."""
    return any(article_id in ids for _, ids in changes[seen:])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=30_000)
    parser.add_argument("--delta", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5, help="published changes to follow")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-kb-sync-") as tmp:
        work = Path(tmp)
        with routing_api(args.size, work) as server:
            run(server, work, args)


def run(server: RoutingServer, work: Path, args: argparse.Namespace) -> None:
    bus = ChangeBus()
    phases = Phases()
    changed_ids: list[tuple[float, tuple[str, ...]]] = []
    got_change = threading.Condition()

    def on_change(change: Change) -> None:
        if isinstance(change, KbSyncProgress) and not change.finished:
            phases.progress.append((change.done, change.total))
        if isinstance(change, KbChanged):
            with got_change:
                changed_ids.append((time.perf_counter(), change.changed))
                got_change.notify_all()

    bus.subscribe(on_change)
    ws = Workstation(server.url, Paths.standard(work / "workstation"), bus)
    ws.login("op1", "demo")
    instrument(ws, phases)
    db = Database(server.database_url)
    try:
        # 1. the first sync: the whole expert system into the local cache and the index
        started = time.perf_counter()
        first = ws.sync_kb()
        total = time.perf_counter() - started
        assert ws.engine is not None
        print(f"server: {server.url}, expert system of {ws.kb.count()} cards (SQLite)")
        print(
            f"first sync: {len(first)} cards in {total:.2f} s (target < 15 s): "
            f"download {phases.download:.2f} s ({phases.pages} pages; the next page downloads "
            f"while one is stored and indexed), store {phases.store:.2f} s, "
            f"index {phases.index:.2f} s"
        )
        shown = phases.progress
        print(
            f"  progress bar: {len(shown)} updates, "
            f"{shown[0][0]}/{shown[0][1]} first, {shown[-1][0]}/{shown[-1][1]} last"
            if shown
            else "  progress bar: no updates"
        )

        # 2. a delta of N changes
        ids = sorted(ws.engine.index.slot_of)
        step = max(1, len(ids) // args.delta)
        batch = ids[::step][: args.delta]
        publish_directly(db, batch, "(дельта)")
        phases.reset()
        started = time.perf_counter()
        delta = ws.sync_kb()
        took = time.perf_counter() - started
        print(
            f"delta: {len(delta)} changes in {took * 1000:.0f} ms (target < 1 s): "
            f"download {phases.download * 1000:.0f} ms, store {phases.store * 1000:.0f} ms, "
            f"index {phases.index * 1000:.0f} ms"
        )
        assert sorted(delta) == sorted(batch), "the delta is not the published changes"

        # 3. a published change reaching the connected workstation (event + delta sync)
        ws.start()
        deadline = time.monotonic() + 30
        while ws.connection.value != "online" and time.monotonic() < deadline:
            time.sleep(0.05)
        lags: list[float] = []
        how = "review workflow (propose, approve)"
        for n in range(args.rounds):
            article_id = batch[n % len(batch)]
            tag = f"правка-{n}-{time.time_ns()}"
            seen = len(changed_ids)
            started = time.perf_counter()
            if not publish_by_review(server.url, article_id, tag):
                how = "direct write (the server has no review workflow)"
                publish_directly(db, [article_id], tag)
            with got_change:
                arrived = got_change.wait_for(
                    partial(reached, changed_ids, seen, article_id), timeout=60
                )
            lag = time.perf_counter() - started
            engine = ws.engine
            assert arrived and engine is not None, "the change did not arrive"
            article = engine.index.articles([engine.index.slot_of[article_id]])[0]
            assert tag in article["answer"], "the index does not hold the new version"
            lags.append(lag)
        print(
            f"published change -> connected workstation's search index ({how}), "
            f"{len(lags)} rounds: median {statistics.median(lags) * 1000:.0f} ms, "
            f"max {max(lags) * 1000:.0f} ms (target < 60 s)"
        )

        # 4. an unchanged feed answers 304
        sync = KbSync(ws.client, ws.kb, ws.cursors)
        sync.sync()  # the empty page at the cursor, its ETag kept
        started = time.perf_counter()
        unchanged = sync.sync()
        took = time.perf_counter() - started
        cursor = ws.cursors.get("kb.changes") or "0"
        op = server.client("op1")
        try:
            raw = op.get("/kb/changes", params={"since": cursor, "limit": 500})
            again = op.get(
                "/kb/changes",
                params={"since": cursor, "limit": 500},
                headers={"If-None-Match": raw.headers["ETag"]},
            )
        finally:
            op.close()
        print(
            f"unchanged feed: KbSync got {'304 Not Modified' if sync.not_modified else '200'} "
            f"({len(unchanged)} changes, {took * 1000:.1f} ms); raw GET with If-None-Match "
            f"{raw.headers['ETag']}: {again.status_code}, {len(again.content)} bytes"
        )
    finally:
        ws.close()
        db.dispose()


if __name__ == "__main__":
    main()
