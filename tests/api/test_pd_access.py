"""The personal-data access matrix: every PD endpoint × role × verification state ×
agency/region, over HTTP; exactly the cells the matrix allows succeed, every call is audited."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import sqlalchemy as sa

from routing_api.db.engine import Database
from routing_api.db.schema import contacts
from tests.api.conftest import in_progress
from tests.api.verification_steps import basic, path, registry_citizen, sms_codes, snils, verify
from tests.helpers.api import Client, RoutingServer

#: the endpoints under test, each one request
ENDPOINTS: dict[str, Callable[[Client, int], httpx.Response]] = {
    "citizen": lambda c, cid: c.get(f"/contacts/{cid}/citizen"),
    "payments": lambda c, cid: c.get(f"/contacts/{cid}/citizen/payments"),
    "applications": lambda c, cid: c.get(f"/contacts/{cid}/citizen/applications"),
    "reveal_snils": lambda c, cid: c.post(f"/contacts/{cid}/reveal", json={"field": "snils"}),
    "reveal_address": lambda c, cid: c.post(
        f"/contacts/{cid}/reveal", json={"field": "address", "reason": "citizen_request"}
    ),
}
ALL = frozenset(ENDPOINTS)
IDENTIFICATION = frozenset({"citizen", "reveal_snils"})
#: role labels: "owner" is whoever handles the contact; the rest are demo accounts
ROLES = ("owner", "op2", "l2-sfr-msk", "l2-mse-msk", "l2-rostrud", "sup1", "gateway", "admin")

#: scenario → {role: endpoints allowed}; every cell not listed must be 403
MATRIX: dict[str, dict[str, frozenset[str]]] = {
    # first-line contacts (owner: a first-line operator)
    "line1, not verified": {},
    "line1, verification under way (code step)": {},
    "line1, verification refused": {},
    "line1, verified by the owner": {"owner": IDENTIFICATION, "sup1": IDENTIFICATION},
    "line1, verified, call ended (wrap-up)": {"sup1": IDENTIFICATION},
    # escalated to СФР Москва (owner: l2-sfr-msk, so both columns are that one account; op2
    # verified it on the first line)
    "line2, not verified": {},
    "line2, verified, own agency and region": {
        "owner": ALL,
        "l2-sfr-msk": ALL,
        "sup1": IDENTIFICATION,
    },
    "line2, verified, another agency": {"sup1": IDENTIFICATION},
    "line2, verified, another region": {"sup1": IDENTIFICATION},
}


class Probe:
    """Runs every cell of a scenario and collects what was allowed."""

    def __init__(self, clients: dict[str, Client], sup: Client) -> None:
        self.clients = clients
        self.sup = sup
        self.results: dict[str, set[tuple[str, str]]] = {}
        self.calls = 0
        self.bodies: list[str] = []

    def run(self, scenario: str, contact_id: int, owner: Client) -> None:
        allowed: set[tuple[str, str]] = set()
        for role in ROLES:
            client = owner if role == "owner" else self.clients[role]
            for name, call in ENDPOINTS.items():
                r = call(client, contact_id)
                self.calls += 1
                if r.status_code == 200:
                    allowed.add((role, name))
                    self.bodies.append(r.text)
                else:
                    assert r.status_code == 403, (scenario, role, name, r.text)
                    assert r.json()["code"].startswith("pd_") or r.json()["code"] == "forbidden"
                    assert r.json()["message_ru"]
        self.results[scenario] = allowed


def expected(scenario: str) -> set[tuple[str, str]]:
    return {(role, name) for role, names in MATRIX[scenario].items() for name in names}


def _set_contact(database_url: str, contact_id: int, **values: Any) -> None:
    """Move a contact's second-line target under the specialist (as a re-routing would)."""
    db = Database(database_url, pool_size=1)
    try:
        with db.write() as conn:
            conn.execute(contacts.update().where(contacts.c.id == contact_id).values(**values))
    finally:
        db.dispose()


def _escalate(op: Client, l2: Client, contact_id: int) -> None:
    l2.ready()
    op.ok(
        op.post(
            f"/contacts/{contact_id}/escalate",
            json={"target": "line2", "agency": "СФР", "region": "Москва", "reason": "выплаты"},
        )
    )
    assert l2.contact(contact_id)["offered_to"] == l2.id
    l2.ok(l2.post(f"/contacts/{contact_id}/accept"))


def _audit_count(sup: Client) -> int:
    return int(sup.ok(sup.get("/audit/verify"))["checked"])


def test_access_matrix(api: RoutingServer, clients: dict[str, Client]) -> None:
    gw, sup, l2 = clients["gateway"], clients["sup1"], clients["l2-sfr-msk"]
    for name in ROLES[1:]:
        clients[name]  # log every role in now (logins are not audited)
    probe = Probe(clients, sup)
    audited_before = _audit_count(sup)

    # first line
    op1, op3, op4, op5 = clients["op1"], clients["op3"], clients["op4"], clients["op5"]
    unverified = in_progress(op3, gw, "voice")["id"]
    probe.run("line1, not verified", unverified, op3)

    underway = in_progress(op5, gw, "voice")["id"]
    under_citizen = registry_citizen(api.database_url, 21)
    op5.ok(op5.post(path(underway)), 201)
    op5.ok(op5.post(path(underway, "basic"), json=basic(under_citizen)))
    assert op5.ok(op5.post(path(underway, "document"), json=snils(under_citizen)))["state"] == (
        "code"
    )
    op5.ok(op5.post(path(underway, "code/send")))
    probe.run("line1, verification under way (code step)", underway, op5)

    refused = in_progress(op4, gw, "voice")["id"]
    wrong = registry_citizen(api.database_url, 22)
    op4.ok(op4.post(path(refused)), 201)
    op4.ok(op4.post(path(refused, "basic"), json=basic(wrong, last_name="Эрнестов")))
    assert op4.ok(op4.post(path(refused, "document"), json=snils(wrong)))["state"] == "refused"
    probe.run("line1, verification refused", refused, op4)

    citizen = registry_citizen(api.database_url, 20)
    verified = in_progress(op1, gw, "voice")["id"]
    verify(op1, gw, verified, citizen)
    probe.run("line1, verified by the owner", verified, op1)
    op1.ok(op1.post(f"/contacts/{verified}/end"))
    probe.run("line1, verified, call ended (wrap-up)", verified, op1)

    # second line: escalated by op2 to СФР Москва, taken by l2-sfr-msk
    op2 = clients["op2"]
    plain = in_progress(op2, gw, "voice")["id"]
    _escalate(op2, l2, plain)
    probe.run("line2, not verified", plain, l2)
    l2.ok(l2.post(f"/contacts/{plain}/end"))
    op1.ok(op1.put("/operators/me/state", json={"state": "break"}))  # no more calls for op1
    api.advance(31)  # after-contact work ends for op2 and l2-sfr-msk

    second = registry_citizen(api.database_url, 23)
    escalated = in_progress(op2, gw, "voice")["id"]
    verify(op2, gw, escalated, second)
    _escalate(op2, l2, escalated)
    probe.run("line2, verified, own agency and region", escalated, l2)
    _set_contact(api.database_url, escalated, target_agency="МСЭ")
    probe.run("line2, verified, another agency", escalated, l2)
    _set_contact(
        api.database_url, escalated, target_agency="СФР", target_region="Республика Татарстан"
    )
    probe.run("line2, verified, another region", escalated, l2)

    mismatched = {
        scenario: {
            "unexpectedly allowed": sorted(got - expected(scenario)),
            "unexpectedly refused": sorted(expected(scenario) - got),
        }
        for scenario, got in probe.results.items()
        if got != expected(scenario)
    }
    assert not mismatched, json.dumps(mismatched, ensure_ascii=False, indent=1)
    assert set(probe.results) == set(MATRIX)
    assert probe.calls == len(MATRIX) * len(ROLES) * len(ENDPOINTS)

    # every one of those calls, allowed or not, left exactly one audit record
    verification_records = sum(
        1
        for r in sup.ok(sup.get("/audit", params={"after_id": audited_before, "limit": 1000}))[
            "items"
        ]
        if r["action"].startswith("verification.")
    )
    assert _audit_count(sup) - audited_before == probe.calls + verification_records
    # an operator asking for the data of a contact nobody verified alerted the supervisor
    alerts = sup.ok(sup.get("/alerts", params={"limit": 1000}))["items"]
    unverified_reads = {(a["user_id"], a["contact_id"]) for a in alerts if a["kind"] == (
        "pd_read_unverified"
    )}  # fmt: skip
    assert (op3.id, unverified) in unverified_reads and (l2.id, plain) in unverified_reads
    assert (sup.id, unverified) not in unverified_reads


def test_what_each_allowed_view_holds(api: RoutingServer, clients: dict[str, Client]) -> None:
    """Masked until revealed; the first line sees identification only; the second line its
    agency's payments and applications; the clear value only through an audited reveal."""
    gw, sup, op2, l2 = clients["gateway"], clients["sup1"], clients["op2"], clients["l2-sfr-msk"]
    citizen = registry_citizen(api.database_url, 30)
    cid = in_progress(op2, gw, "voice")["id"]
    verify(op2, gw, cid, citizen)
    first = op2.ok(op2.get(f"/contacts/{cid}/citizen"))
    assert first["view"] == "identification" and first["citizen_id"] == 30
    fields = first["fields"]
    assert fields["last_name"] == citizen["last_name"]
    assert fields["snils"] == f"***-***-*** {citizen['snils'][-2:]}"
    assert fields["phone"] == f"+7 *** ***-**-{citizen['phone'][-2:]}"
    assert fields["passport"].endswith(citizen["passport_number"][-3:])
    assert "address" not in fields and "inn" not in fields
    assert citizen["snils"] not in json.dumps(first)

    _escalate(op2, l2, cid)
    card = l2.ok(l2.get(f"/contacts/{cid}/citizen"))
    assert card["view"] == "card" and card["fields"]["address"] == "***"
    assert card["fields"]["inn"].endswith(citizen["inn"][-2:]) and "*" in card["fields"]["inn"]
    assert set(card["masked"]) == {"snils", "passport", "phone", "inn", "email", "address"}
    payments = l2.ok(l2.get(f"/contacts/{cid}/citizen/payments"))
    applications = l2.ok(l2.get(f"/contacts/{cid}/citizen/applications"))
    assert payments["agency"] == "СФР" and applications["agency"] == "СФР"
    assert {p["agency"] for p in payments["items"]} <= {"СФР"}
    assert all({"kind", "amount_rub", "paid_on", "status"} <= set(p) for p in payments["items"])
    for field, value in (
        ("snils", citizen["snils"]),
        ("passport", f"{citizen['passport_series']} {citizen['passport_number']}"),
        ("address", citizen["address"]),
    ):
        shown = l2.ok(l2.post(f"/contacts/{cid}/reveal", json={"field": field}))
        assert shown == {"contact_id": cid, "citizen_id": 30, "field": field, "value": value}
    # reveal takes the field in the body only, and refuses what is not a maskable field
    assert l2.post(f"/contacts/{cid}/reveal", json={"field": "payments"}).status_code == 422
    records = sup.ok(sup.get("/audit", params={"contact_id": cid, "limit": 1000}))["items"]
    reveals = [(r["actor_id"], r["field"], r["result"]) for r in records if r["action"] == (
        "pd.reveal"
    )]  # fmt: skip
    assert reveals == [(l2.id, f, "ok") for f in ("snils", "passport", "address")]
    log_and_audit = api.log_text() + json.dumps(records, ensure_ascii=False)
    for secret in (citizen["snils"], citizen["passport_number"], citizen["phone"][2:]):
        assert secret not in log_and_audit
    assert citizen["address"] not in log_and_audit


def test_verification_state_is_not_personal_data_yet_still_owner_and_supervisor_only(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    citizen = registry_citizen(api.database_url, 31)
    cid = in_progress(op, gw, "voice")["id"]
    op.ok(op.post(path(cid)), 201)
    op.ok(op.post(path(cid, "basic"), json=basic(citizen)))
    op.ok(op.post(path(cid, "document"), json=snils(citizen)))
    op.ok(op.post(path(cid, "code/send")))
    code = sms_codes(gw, citizen["phone"])[-1]
    statuses = {
        name: clients[name].get(path(cid)).status_code
        for name in ("op1", "op2", "l2-sfr-msk", "sup1", "gateway", "admin")
    }
    assert statuses == {
        "op1": 200,
        "op2": 403,
        "l2-sfr-msk": 403,
        "sup1": 200,
        "gateway": 403,
        "admin": 403,
    }
    state = op.ok(op.get(path(cid)))
    text = json.dumps(state, ensure_ascii=False)
    for secret in (citizen["snils"], citizen["phone"], citizen["birth_date"], code):
        assert secret not in text
    # nor does the stated data stay on the server once the registry has checked it
    db = Database(api.database_url, pool_size=1)
    try:
        with db.read() as conn:
            stored = conn.execute(sa.text("SELECT claims, code_hash FROM verifications")).all()
    finally:
        db.dispose()
    assert [row.claims for row in stored] == [None]
    assert stored[0].code_hash and code not in stored[0].code_hash
