"""Races: many clients taking the same contacts, accept against an offer timeout, accept against
a transfer — never two owners, never a 500."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from routing_api.auth import hash_password
from routing_api.db.engine import Database
from routing_api.db.schema import users
from tests.api.conftest import offered_to
from tests.helpers.api import Client, RoutingServer

RACERS = 50
CONTACTS = 100
OK = {200, 201}
EXPECTED_LOSSES = {403, 409, 422}


@pytest.fixture
def racers(database_url: str) -> list[str]:
    """Fifty first-line operator accounts in the test's own database (before the server starts)."""
    db = Database(database_url)
    names = [f"racer{i:02d}" for i in range(RACERS)]
    digest = hash_password("race-pass")  # one argon2 hash for all: they are throwaway accounts
    with db.write() as conn:
        conn.execute(
            users.insert(),
            [
                {
                    "username": n,
                    "password_hash": digest,
                    "full_name": n,
                    "role": "operator",
                    "line": 1,
                    "languages": ["ru"],
                    "chat_concurrency": 3,
                    "created_at": time.time(),
                }
                for n in names
            ],
        )
    db.dispose()
    return names


@pytest.mark.slow
def test_fifty_clients_take_the_same_hundred_contacts(
    racers: list[str], api: RoutingServer, clients: dict[str, Client]
) -> None:
    gw = clients["gateway"]
    ids = [gw.new_contact("email", subject=f"№{i}", body="вопрос")["id"] for i in range(CONTACTS)]
    statuses: Counter[int] = Counter()
    wins: Counter[int] = Counter()
    lock = threading.Lock()

    def race(name: str) -> None:
        client = api.client(name, "race-pass", timeout=180)  # 50 at once on 2 cores
        client.ready()
        try:
            # everybody goes for the same contacts in the same order, pass after pass, until
            # every contact is taken (one may hold one e-mail at a time)
            for _ in range(20):
                for contact_id in ids:
                    if contact_id in wins:
                        continue
                    r = client.post(f"/contacts/{contact_id}/accept")
                    with lock:
                        statuses[r.status_code] += 1
                        if r.status_code == 200:
                            wins[contact_id] += 1
                    if r.status_code == 200:
                        client.ok(client.post(f"/contacts/{contact_id}/end"))
                        client.ok(
                            client.post(
                                f"/contacts/{contact_id}/wrap-up",
                                json={"disposition": "consultation_given", "resolved": True},
                            )
                        )
                        client.ready()  # skip after-contact work: straight back into the race
                if len(wins) == len(ids):
                    return
        finally:
            client.close()

    with ThreadPoolExecutor(RACERS) as pool:
        list(pool.map(race, racers))
    assert set(statuses) <= OK | EXPECTED_LOSSES, statuses
    assert all(n == 1 for n in wins.values()), "a contact was taken twice"
    assert sorted(wins) == sorted(ids), "a contact was never taken"
    sup = clients["sup1"]
    for contact_id in ids[::10]:
        history = sup.contact(contact_id)["history"]
        assert [h["kind"] for h in history].count("accepted") == 1
    assert "Traceback" not in api.log_text()


@pytest.mark.slow
def test_accept_racing_the_offer_timeout(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    outcomes: Counter[str] = Counter()
    for _ in range(12):
        contact = offered_to(op, gw, "voice")
        api.advance(19.9)
        results: dict[str, int] = {}
        barrier = threading.Barrier(2)

        def accept(
            contact_id: int = contact["id"],
            barrier: threading.Barrier = barrier,
            results: dict[str, int] = results,
        ) -> None:
            barrier.wait()
            results["accept"] = op.post(f"/contacts/{contact_id}/accept").status_code

        def expire(barrier: threading.Barrier = barrier) -> None:
            barrier.wait()
            api.advance(0.2)

        threads = [threading.Thread(target=accept), threading.Thread(target=expire)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        state = op.contact(contact["id"])
        me = op.ok(op.get("/operators/me/state"))
        if results["accept"] == 200:
            outcomes["accepted"] += 1
            assert state["owner_id"] == op.id and state["state"] == "in_progress"
            assert me["state"] == "in_contact"
            assert "offer_timeout" not in [h["kind"] for h in state["history"]]
            op.ok(op.post(f"/contacts/{contact['id']}/end"))
            op.ok(
                op.post(
                    f"/contacts/{contact['id']}/wrap-up",
                    json={"disposition": "consultation_given", "resolved": True},
                )
            )
        else:
            outcomes["timed out"] += 1
            assert results["accept"] == 409, results
            assert state["owner_id"] is None and state["state"] in ("queued", "offered")
            assert (me["state"], me["reason"]) == ("not_ready", "missed")
            gw.ok(gw.post(f"/contacts/{contact['id']}/abandon"))
        op.ready()
    assert sum(outcomes.values()) == 12
    assert "Traceback" not in api.log_text()


@pytest.mark.slow
def test_accept_racing_a_transfer(api: RoutingServer, clients: dict[str, Client]) -> None:
    op1, op2, gw = clients["op1"], clients["op2"], clients["gateway"]
    op2.ready()
    seen: Counter[tuple[int, int]] = Counter()
    for _ in range(12):
        mail = gw.new_contact("email", subject="s", body="b")
        op1.ready()
        op1.ok(op1.post(f"/contacts/{mail['id']}/accept"))
        barrier = threading.Barrier(2)
        codes: dict[str, int] = {}

        def transfer(
            contact_id: int = mail["id"],
            barrier: threading.Barrier = barrier,
            codes: dict[str, int] = codes,
        ) -> None:
            barrier.wait()
            r = op1.post(f"/contacts/{contact_id}/transfer", json={"queue": "line1"})
            codes["transfer"] = r.status_code

        def take(
            contact_id: int = mail["id"],
            barrier: threading.Barrier = barrier,
            codes: dict[str, int] = codes,
        ) -> None:
            barrier.wait()
            codes["take"] = op2.post(f"/contacts/{contact_id}/accept").status_code

        threads = [threading.Thread(target=transfer), threading.Thread(target=take)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        seen[(codes["transfer"], codes["take"])] += 1
        state = op1.contact(mail["id"])
        assert codes["transfer"] == 200
        if codes["take"] == 200:
            assert state["owner_id"] == op2.id
            op2.ok(op2.post(f"/contacts/{mail['id']}/end"))
            op2.ok(
                op2.post(
                    f"/contacts/{mail['id']}/wrap-up",
                    json={"disposition": "consultation_given", "resolved": True},
                )
            )
            op2.ready()
        else:
            assert codes["take"] == 409 and state["owner_id"] is None
            assert state["state"] == "transferred"
            op2.ok(op2.post(f"/contacts/{mail['id']}/accept"))
            op2.ok(op2.post(f"/contacts/{mail['id']}/end"))
            op2.ok(
                op2.post(
                    f"/contacts/{mail['id']}/wrap-up",
                    json={"disposition": "consultation_given", "resolved": True},
                )
            )
            op2.ready()
        accepted = [
            h["actor"] for h in op1.contact(mail["id"])["history"] if h["kind"] == "accepted"
        ]
        assert accepted == ["op1", "op2"]
    assert "Traceback" not in api.log_text()
