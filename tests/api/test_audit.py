"""The audit log: hash-chained and append-only; a record edited or removed in the database is
found by the chain check at that record; concurrent appends through two server processes on
one database still make one linear chain."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from routing_api.audit import record_hash
from routing_api.db.engine import Database
from routing_api.db.schema import audit_log
from tests.api.conftest import in_progress
from tests.api.verification_steps import registry_citizen, verify
from tests.helpers.api import Client, RoutingServer


def _db(api: RoutingServer) -> Database:
    return Database(api.database_url, pool_size=1)


def _verified_contact(api: RoutingServer, clients: dict[str, Client]) -> int:
    op, gw = clients["op1"], clients["gateway"]
    cid = int(in_progress(op, gw, "voice")["id"])
    verify(op, gw, cid, registry_citizen(api.database_url, 40))
    for _ in range(3):
        op.ok(op.get(f"/contacts/{cid}/citizen"))
    return cid


def test_the_chain_check_reports_an_edited_record_at_that_record(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    sup = clients["sup1"]
    _verified_contact(api, clients)
    intact = sup.ok(sup.get("/audit/verify"))
    assert intact["intact"] is True and intact["first_broken_id"] is None
    total = intact["checked"]
    assert total >= 10 and intact["head_id"] == total
    records = sup.ok(sup.get("/audit", params={"limit": 1000}))["items"]
    assert [r["id"] for r in records] == list(range(1, total + 1))
    assert all(r["prev_hash"] == p["hash"] for p, r in itertools.pairwise(records))

    # someone with database access turns a refusal into a success, or hides a read
    target = next(r for r in records if r["action"] == "pd.read")["id"]
    db = _db(api)
    try:
        with db.write() as conn:
            conn.execute(audit_log.update().where(audit_log.c.id == target).values(result="denied"))
        broken = sup.ok(sup.get("/audit/verify"))
        assert broken["intact"] is False
        assert (broken["first_broken_id"], broken["problem"]) == (target, "hash_mismatch")
        assert broken["checked"] == target - 1

        # even with its own hash recomputed, the next record no longer follows it
        with db.write() as conn:
            row = conn.execute(sa.select(audit_log).where(audit_log.c.id == target)).one()
            conn.execute(
                audit_log.update()
                .where(audit_log.c.id == target)
                .values(hash=record_hash(dict(row._mapping), row.prev_hash))
            )
        rehashed = sup.ok(sup.get("/audit/verify"))
        assert (rehashed["first_broken_id"], rehashed["problem"]) == (
            target + 1,
            "prev_hash_mismatch",
        )

        # a record removed leaves a gap where it was
        with db.write() as conn:
            conn.execute(audit_log.delete().where(audit_log.c.id == 2))
        gap = sup.ok(sup.get("/audit/verify"))
        assert (gap["first_broken_id"], gap["problem"]) == (3, "missing_record")
    finally:
        db.dispose()


def test_audit_pages_and_who_may_read_it(api: RoutingServer, clients: dict[str, Client]) -> None:
    sup = clients["sup1"]
    cid = _verified_contact(api, clients)
    seen: list[dict[str, Any]] = []
    after = 0
    while True:
        page = sup.ok(sup.get("/audit", params={"after_id": after, "limit": 4}))
        seen += page["items"]
        after = page["next_after_id"]
        if not page["has_more"]:
            break
    assert [r["id"] for r in seen] == list(range(1, len(seen) + 1))
    reads = [r for r in seen if r["action"] == "pd.read"]
    assert len(reads) == 3
    assert {(r["actor_role"], r["contact_id"], r["citizen_id"], r["field"]) for r in reads} == {
        ("line1", cid, 40, "citizen")
    }
    for name in ("op1", "l2-sfr-msk", "gateway", "admin"):
        client = clients[name]
        assert client.get("/audit").status_code == 403, name
        assert client.get("/audit/verify").status_code == 403, name
        assert client.get("/alerts").status_code == 403, name


def test_concurrent_appends_through_two_processes_make_one_linear_chain(
    api: RoutingServer, clients: dict[str, Client], tmp_path: Path, server_args: tuple[str, ...]
) -> None:
    cid = _verified_contact(api, clients)
    sup = clients["sup1"]
    before = sup.ok(sup.get("/audit/verify"))["checked"]
    other = RoutingServer(api.database_url, tmp_path / "replica-b.log", *server_args).start()
    threads_per_replica, reads_each = 4, 15
    errors: list[str] = []
    try:
        readers = [
            server.client("sup1") for server in (api, other) for _ in range(threads_per_replica)
        ]

        def read_many(client: Client) -> None:
            for _ in range(reads_each):
                r = client.get(f"/contacts/{cid}/citizen")
                if r.status_code != 200:
                    errors.append(r.text)

        threads = [threading.Thread(target=read_many, args=(c,)) for c in readers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        for client in readers:
            client.close()
    finally:
        other.stop()
    assert not errors, errors[:3]
    report = sup.ok(sup.get("/audit/verify"))
    assert report["intact"] is True, report
    assert report["checked"] == before + len(readers) * reads_each
    db = _db(api)
    try:
        with db.read() as conn:
            ids = list(conn.execute(sa.select(audit_log.c.id).order_by(audit_log.c.id)).scalars())
            prevs = conn.execute(
                sa.select(sa.func.count(sa.distinct(audit_log.c.prev_hash)))
            ).scalar_one()
    finally:
        db.dispose()
    assert ids == list(range(1, len(ids) + 1))
    assert prevs == len(ids)  # no two records follow the same one: the chain never forked
