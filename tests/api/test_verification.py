"""Identity verification over HTTP: the steps in order, the registry's refusals with what to tell
the citizen, the one-time code on the server's virtual clock, consent, the owner-only rule."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from tests.api.conftest import in_progress
from tests.api.verification_steps import (
    bank,
    basic,
    passport,
    path,
    registry_citizen,
    sms_codes,
    snils,
    verify,
)
from tests.helpers.api import Client, EventReader, RoutingServer


@pytest.fixture
def server_args() -> tuple[str, ...]:
    """INFO logs (access log included): the tests check personal data stays out of them."""
    return ("--redirect-after", "0", "--log-level", "info")


def _at(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def _to_code_step(op: Client, cid: int, citizen: dict[str, Any]) -> dict[str, Any]:
    op.ok(op.post(path(cid)), 201)
    op.ok(op.post(path(cid, "basic"), json=basic(citizen)))
    state = op.ok(op.post(path(cid, "document"), json=snils(citizen)))
    assert state["state"] == "code" and state["result"] == "matched", state
    return dict(state)


def test_happy_path_verifies_the_citizen_and_attaches_the_result(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw, sup = clients["op1"], clients["gateway"], clients["sup1"]
    citizen = registry_citizen(api.database_url, 7)
    stream = EventReader(api.url, op.token).start()
    contact = in_progress(op, gw, "voice")  # pensions: SNILS is the document
    cid = contact["id"]

    started = op.ok(op.post(path(cid)), 201)
    assert started["state"] == "basic" and started["step"] == 1
    assert [s["status"] for s in started["steps"]] == ["current"] + ["pending"] * 4
    assert started["requirements"] == {"snils_required": True, "bank_allowed": False}
    assert op.ok(op.post(path(cid)), 200)["id"] == started["id"]  # starting again: the same one

    after_basic = op.ok(op.post(path(cid, "basic"), json=basic(citizen)))
    assert after_basic["state"] == "document"
    checked = op.ok(op.post(path(cid, "document"), json=snils(citizen)))
    assert checked["state"] == "code" and checked["result"] == "matched"
    assert [s["status"] for s in checked["steps"]] == ["done"] * 3 + ["current", "pending"]
    assert checked["code"]["sent"] is False

    sent = op.ok(op.post(path(cid, "code/send")))
    code = sent["code"]
    assert code["attempts_left"] == 3 and code["sends_left"] == 2
    assert _at(code["expires_at"]) - _at(code["sent_at"]) == 300
    assert _at(code["resend_at"]) - _at(code["sent_at"]) == 60
    assert code["phone_masked"] == f"+7 *** ***-**-{citizen['phone'][-2:]}"
    # the code went to the phone the registry holds, not to the number the call came from
    codes = sms_codes(gw, citizen["phone"])
    assert len(codes) == 1 and sms_codes(gw, "+79161234545") == []
    assert codes[0] not in json.dumps(sent)

    consent_step = op.ok(op.post(path(cid, "code/check"), json={"code": codes[0]}))
    assert consent_step["state"] == "consent" and consent_step["result"] == "ok"
    done = op.ok(op.post(path(cid, "consent"), json={"given": True}))
    assert done["state"] == "verified" and done["consent_at"]
    assert done["verified"] == {"citizen_id": 7, "at": done["consent_at"], "by": op.id}
    assert [s["status"] for s in done["steps"]] == ["done"] * 5

    # attached to the contact: its detail, its history, the supervisor's view of the state
    detail = op.contact(cid)
    assert detail["verification"]["state"] == "verified"
    assert detail["verification"]["operator_id"] == op.id
    assert "verified" in [h["kind"] for h in detail["history"]]
    assert sup.ok(sup.get(path(cid)))["state"] == "verified"
    assert op.post(path(cid)).json()["code"] == "already_verified"

    # events carry the state only: no personal data, no code
    stream.wait_for(
        lambda e: (
            e["type"] == "contact.verification" and e["data"]["verification"]["state"] == "verified"
        )
    )
    states = [
        e["data"]["verification"]["state"]
        for e in stream.events
        if e["type"] == "contact.verification"
    ]
    assert states == ["basic", "document", "code", "code", "consent", "verified"]
    text = json.dumps(stream.events, ensure_ascii=False)
    for secret in (citizen["snils"], citizen["phone"], citizen["birth_date"], codes[0]):
        assert secret not in text
    stream.cut()
    # nor in the server's log
    log = api.log_text()
    for secret in (citizen["snils"], citizen["phone"][2:], citizen["last_name"], codes[0]):
        assert secret not in log


def test_wrong_birth_date_is_refused_with_what_to_tell_the_citizen(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    citizen = registry_citizen(api.database_url, 3)
    cid = in_progress(op, gw, "voice")["id"]
    op.ok(op.post(path(cid)), 201)
    born = datetime.fromisoformat(citizen["birth_date"])
    wrong = born.replace(day=2 if born.day == 1 else 1).strftime("%d.%m.%Y")
    op.ok(op.post(path(cid, "basic"), json=basic(citizen, birth_date=wrong)))
    refused = op.ok(op.post(path(cid, "document"), json=snils(citizen)))
    assert refused["state"] == "refused" and refused["result"] == "refused"
    assert refused["reason"]["code"] == "birth_date_mismatch"
    assert "Дата рождения" in refused["reason"]["say_ru"] and refused["reason"]["say_en"]
    assert citizen["birth_date"] not in json.dumps(refused)  # the registry's value is not told
    assert [s["status"] for s in refused["steps"]][:3] == ["done", "done", "failed"]
    # a refused verification goes no further
    assert op.post(path(cid, "code/send")).json()["code"] == "verification_step_order"
    # other refusals name their item (a third failure on one contact locks it: two more here)
    for changes, document, code in (
        ({"phone": "+79000000000"}, snils(citizen), "not_found"),
        ({}, {"kind": "snils", "snils": "112-233-445 95"}, "snils_mismatch"),
    ):
        op.ok(op.post(path(cid)), 201)
        op.ok(op.post(path(cid, "basic"), json=basic(citizen, **changes)))
        state = op.ok(op.post(path(cid, "document"), json=document))
        assert state["reason"]["code"] == code, (changes, state["reason"])


def test_invalid_input_is_422_with_a_russian_message_per_field(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    citizen = registry_citizen(api.database_url, 2)
    cid = in_progress(op, gw, "voice")["id"]
    op.ok(op.post(path(cid)), 201)

    def problems(step: str, body: dict[str, Any]) -> dict[str, str]:
        r = op.post(path(cid, step), json=body)
        assert r.status_code == 422, r.text
        assert r.json()["message_ru"].startswith("Некорректные данные")
        return {d["field"]: d["problem_ru"] for d in r.json()["details"]}

    bad = problems(
        "basic",
        basic(citizen, phone="+1 202 555 0100", birth_date="31.02.1990", last_name="Ив@нов"),
    )
    assert bad == {
        "last_name": "только буквы, дефис и пробел",
        "birth_date": "такой даты не существует",
        "phone": "укажите российский номер: +7 и десять цифр",
    }
    assert problems("basic", basic(citizen, birth_date="1990/01/01")) == {
        "birth_date": "укажите дату в формате ДД.ММ.ГГГГ"
    }
    op.ok(op.post(path(cid, "basic"), json=basic(citizen)))
    digits = citizen["snils"].replace("-", "").replace(" ", "")
    broken = digits[:9] + f"{(int(digits[9:]) + 1) % 100:02d}"
    checksum = problems("document", {"kind": "snils", "snils": broken})
    assert checksum == {"snils": "контрольное число СНИЛС не сходится — проверьте цифры"}
    assert problems("document", {"kind": "snils", "snils": "123"}) == {
        "snils": "СНИЛС состоит из 11 цифр"
    }
    assert problems("document", {"kind": "snils"}) == {"snils": "укажите СНИЛС"}
    # a pension matter needs the SNILS; bank details only stand in for payment matters
    assert problems("document", passport(citizen)) == {
        "kind": "по вопросам пенсии личность подтверждается СНИЛС"
    }
    assert "kind" in problems("document", bank(citizen))
    # none of it was a step: the verification still waits for the document
    assert op.ok(op.get(path(cid)))["state"] == "document"
    assert broken not in api.log_text()


def test_passport_and_bank_details_verify_where_the_matter_allows(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, op2, gw = clients["op1"], clients["op2"], clients["gateway"]
    citizen = registry_citizen(api.database_url, 4)
    chat = in_progress(op, gw, "chat", category="unified_benefit")
    state = verify(op, gw, chat["id"], citizen, bank(citizen))
    assert state["document_kind"] == "bank" and state["requirements"]["bank_allowed"]
    other = in_progress(op2, gw, "chat", category="gosuslugi_account")
    state = verify(op2, gw, other["id"], citizen, passport(citizen))
    assert state["document_kind"] == "passport"


def test_three_wrong_codes_block_the_verification(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    citizen = registry_citizen(api.database_url, 5)
    cid = in_progress(op, gw, "voice")["id"]
    _to_code_step(op, cid, citizen)
    op.ok(op.post(path(cid, "code/send")))
    real = sms_codes(gw, citizen["phone"])[-1]
    wrong = f"{(int(real) + 1) % 10**6:06d}"
    answers = [op.ok(op.post(path(cid, "code/check"), json={"code": wrong})) for _ in range(3)]
    assert [a["result"] for a in answers] == ["wrong_code", "wrong_code", "blocked"]
    assert [a["code"]["attempts_left"] for a in answers] == [2, 1, 0]
    blocked = answers[-1]
    assert blocked["state"] == "blocked" and blocked["reason"]["code"] == "code_attempts_exhausted"
    # the right code is no use now, a resend is refused and no new verification may start
    assert op.post(path(cid, "code/check"), json={"code": real}).status_code == 409
    assert op.post(path(cid, "code/send")).status_code == 409
    assert op.post(path(cid)).json()["code"] == "verification_blocked"
    assert op.get(f"/contacts/{cid}/citizen").status_code == 403


def test_an_expired_code_is_refused_and_a_resend_restarts_the_five_minutes(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    citizen = registry_citizen(api.database_url, 6)
    cid = in_progress(op, gw, "voice")["id"]
    _to_code_step(op, cid, citizen)
    first = op.ok(op.post(path(cid, "code/send")))
    code = sms_codes(gw, citizen["phone"])[-1]
    api.advance(299)
    assert op.ok(op.get(path(cid)))["code"]["expired"] is False
    api.advance(2)
    expired = op.ok(op.post(path(cid, "code/check"), json={"code": code}))
    assert expired["result"] == "expired" and expired["state"] == "code"
    assert expired["code"]["expired"] is True
    assert expired["code"]["attempts_left"] == 3  # an expired code costs no attempt
    again = op.ok(op.post(path(cid, "code/send")))
    assert _at(again["code"]["expires_at"]) - _at(first["code"]["expires_at"]) == 301
    fresh = sms_codes(gw, citizen["phone"])[-1]
    assert op.ok(op.post(path(cid, "code/check"), json={"code": fresh}))["state"] == "consent"


def test_resend_waits_for_the_cool_down_and_replaces_the_code(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    citizen = registry_citizen(api.database_url, 8)
    cid = in_progress(op, gw, "voice")["id"]
    _to_code_step(op, cid, citizen)
    sent = op.ok(op.post(path(cid, "code/send")))
    old = sms_codes(gw, citizen["phone"])[-1]
    api.advance(30)
    early = op.post(path(cid, "code/send"))
    assert early.status_code == 409 and early.json()["code"] == "code_resend_too_early"
    assert early.headers["Retry-After"] == "30"
    assert early.json()["details"]["resend_at"] == sent["code"]["resend_at"]
    assert op.ok(op.get(path(cid)))["code"]["can_resend"] is False
    api.advance(30)
    assert op.ok(op.get(path(cid)))["code"]["can_resend"] is True
    resent = op.ok(op.post(path(cid, "code/send")))
    assert resent["code"]["sends_left"] == 1
    assert _at(resent["code"]["expires_at"]) - _at(resent["code"]["sent_at"]) == 300
    new = sms_codes(gw, citizen["phone"])[-1]
    if new != old:  # one chance in a million they are the same
        stale = op.ok(op.post(path(cid, "code/check"), json={"code": old}))
        assert stale["result"] == "wrong_code"  # the resent code replaced the first one
    api.advance(60)
    op.ok(op.post(path(cid, "code/send")))
    api.advance(60)
    assert op.post(path(cid, "code/send")).json()["code"] == "code_sends_exhausted"


def test_consent_is_recorded_given_or_refused(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw, sup = clients["op1"], clients["gateway"], clients["sup1"]
    citizen = registry_citizen(api.database_url, 9)
    cid = in_progress(op, gw, "chat")["id"]
    _to_code_step(op, cid, citizen)
    op.ok(op.post(path(cid, "code/send")))
    op.ok(op.post(path(cid, "code/check"), json={"code": sms_codes(gw, citizen["phone"])[-1]}))
    refused = op.ok(op.post(path(cid, "consent"), json={"given": False}))
    assert refused["state"] == "consent_refused" and refused["consent_at"] is None
    assert refused["reason"]["code"] == "consent_refused" and refused["reason"]["say_ru"]
    assert op.get(f"/contacts/{cid}/citizen").status_code == 403
    # the citizen changes their mind: a new verification, consent given this time
    done = verify(op, gw, cid, citizen)
    assert done["consent_at"] is not None
    records = sup.ok(sup.get("/audit", params={"contact_id": cid, "limit": 1000}))["items"]
    consents = [r["result"] for r in records if r["action"] == "verification.consent"]
    assert consents == ["refused", "given"]


def test_steps_cannot_be_skipped(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, gw = clients["op1"], clients["gateway"]
    citizen = registry_citizen(api.database_url, 10)
    cid = in_progress(op, gw, "voice")["id"]
    assert op.post(path(cid, "basic"), json=basic(citizen)).json()["code"] == (
        "verification_not_started"
    )
    op.ok(op.post(path(cid)), 201)
    out_of_order = [
        op.post(path(cid, "document"), json=snils(citizen)),
        op.post(path(cid, "code/send")),
        op.post(path(cid, "code/check"), json={"code": "123456"}),
        op.post(path(cid, "consent"), json={"given": True}),
    ]
    for r in out_of_order:
        assert r.status_code == 409 and r.json()["code"] == "verification_step_order", r.text
        assert r.json()["details"]["state"] == "basic"
        assert "основные данные" in r.json()["message_ru"]
    op.ok(op.post(path(cid, "basic"), json=basic(citizen)))
    assert op.post(path(cid, "consent"), json={"given": True}).status_code == 409
    op.ok(op.post(path(cid, "document"), json=snils(citizen)))
    assert op.post(path(cid, "code/check"), json={"code": "123456"}).json()["code"] == (
        "code_not_sent"
    )
    assert op.post(path(cid, "consent"), json={"given": True}).status_code == 409
    assert op.ok(op.get(path(cid)))["state"] == "code"


def test_only_the_owner_may_verify(api: RoutingServer, clients: dict[str, Client]) -> None:
    op, other, gw, sup = clients["op1"], clients["op2"], clients["gateway"], clients["sup1"]
    citizen = registry_citizen(api.database_url, 11)
    cid = in_progress(op, gw, "voice")["id"]
    for who in (other, sup):
        r = who.post(path(cid))
        assert r.status_code == 403 and r.json()["code"] == "forbidden", r.text
    assert gw.post(path(cid)).status_code == 403
    assert other.get(path(cid)).status_code == 403
    op.ok(op.post(path(cid)), 201)
    r = other.post(path(cid, "basic"), json=basic(citizen))
    assert r.status_code == 403
    assert sup.ok(sup.get(path(cid)))["state"] == "basic"  # monitoring may look
    # the refusals are in the audit log, by whom and of what
    records = sup.ok(sup.get("/audit", params={"contact_id": cid}))["items"]
    denied = [(r["actor_id"], r["action"]) for r in records if r["result"] == "denied"]
    assert denied == [
        (other.id, "verification.start"),
        (sup.id, "verification.start"),
        (other.id, "verification.basic"),
    ]
    # once the call is over, not even the owner goes on
    op.ok(op.post(f"/contacts/{cid}/end"))
    r = op.post(path(cid, "basic"), json=basic(citizen))
    assert r.status_code == 409 and r.json()["code"] == "verification_contact_not_active"


def test_repeated_failures_raise_a_supervisor_alert_and_lock_the_contact(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw, sup = clients["op1"], clients["gateway"], clients["sup1"]
    citizen = registry_citizen(api.database_url, 12)
    watcher = EventReader(api.url, sup.token).start()
    op_stream = EventReader(api.url, op.token).start()
    cid = in_progress(op, gw, "voice")["id"]
    # a wrong first name, a patronymic left out, another wrong first name
    for changes in ({"first_name": "Эрнест"}, {"middle_name": None}, {"first_name": "Эрнесто"}):
        op.ok(op.post(path(cid)), 201)
        op.ok(op.post(path(cid, "basic"), json=basic(citizen, **changes)))
        refused = op.ok(op.post(path(cid, "document"), json=snils(citizen)))
        assert refused["reason"]["code"] == "name_mismatch"
    raised = watcher.wait_for(
        lambda e: (
            e["type"] == "alert.raised"
            and e["data"]["alert"]["kind"] == "verification_failures_contact"
        )
    )
    alert = raised["data"]["alert"]
    assert alert["contact_id"] == cid and alert["user_id"] == op.id
    assert alert["details"]["failures"] == 3 and alert["name_ru"]
    assert citizen["last_name"] not in json.dumps(raised, ensure_ascii=False)
    # three failures by one operator within the window are an alert of their own
    listed = sup.ok(sup.get("/alerts", params={"open": True}))["items"]
    assert {a["kind"] for a in listed} == {
        "verification_failures_contact",
        "verification_failures_operator",
    }
    assert op.post(path(cid)).json()["code"] == "verification_locked"
    assert op.get("/alerts").status_code == 403
    for item in listed:
        acked = sup.ok(sup.post(f"/alerts/{item['id']}/acknowledge"))
        assert acked["acknowledged_by"] == sup.id
    watcher.wait_for(lambda e: e["type"] == "alert.acknowledged")
    assert sup.ok(sup.get("/alerts", params={"open": True}))["items"] == []
    assert "alert.raised" not in op_stream.types()  # operators do not get supervisors' alerts
    watcher.cut()
    op_stream.cut()
