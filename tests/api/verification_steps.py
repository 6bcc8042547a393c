"""Helpers for verification tests: registry citizens, the steps' bodies, the SMS inbox."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import sqlalchemy as sa

from routing_api.db.engine import Database
from routing_api.db.schema import citizens
from tests.helpers.api import Client


def registry_citizen(database_url: str, citizen_id: int = 1) -> dict[str, Any]:
    """A synthetic citizen as the demo registry holds it."""
    db = Database(database_url, pool_size=1)
    try:
        with db.read() as conn:
            row = conn.execute(sa.select(citizens).where(citizens.c.id == citizen_id)).one()
            return dict(row._mapping)
    finally:
        db.dispose()


def ru_date(iso_day: str) -> str:
    """2026-01-31 → 31.01.2026, as an operator types it."""
    return date.fromisoformat(iso_day).strftime("%d.%m.%Y")


def basic(citizen: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Step 1 as the citizen says it (phone in the 8-… form, date as ДД.ММ.ГГГГ)."""
    phone = citizen["phone"]
    return {
        "last_name": citizen["last_name"],
        "first_name": citizen["first_name"],
        "middle_name": citizen["middle_name"],
        "birth_date": ru_date(citizen["birth_date"]),
        "phone": f"8 ({phone[2:5]}) {phone[5:8]}-{phone[8:10]}-{phone[10:]}",
        **changes,
    }


def snils(citizen: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "snils", "snils": citizen["snils"]}


def passport(citizen: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "passport",
        "passport_series": citizen["passport_series"],
        "passport_number": citizen["passport_number"],
    }


def bank(citizen: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "bank", "bank": citizen["bank"], "account_last4": citizen["account_last4"]}


def path(contact_id: int, step: str = "") -> str:
    return f"/contacts/{contact_id}/verification" + (f"/{step}" if step else "")


def sms_codes(gw: Client, phone: str) -> list[str]:
    """The one-time codes the simulated phone has received, oldest first."""
    inbox = gw.ok(gw.post("/test/sms/inbox", json={"phone": phone}))["items"]
    return [m for item in inbox for m in re.findall(r"\b\d{6}\b", item["text"])]


def verify(
    op: Client,
    gw: Client,
    contact_id: int,
    citizen: dict[str, Any],
    document: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole happy path; returns the verified state."""
    op.ok(op.post(path(contact_id)), (200, 201))
    op.ok(op.post(path(contact_id, "basic"), json=basic(citizen)))
    checked = op.ok(op.post(path(contact_id, "document"), json=document or snils(citizen)))
    assert checked["state"] == "code", checked
    op.ok(op.post(path(contact_id, "code/send")))
    code = sms_codes(gw, citizen["phone"])[-1]
    op.ok(op.post(path(contact_id, "code/check"), json={"code": code}))
    done = op.ok(op.post(path(contact_id, "consent"), json={"given": True}))
    assert done["state"] == "verified", done
    return dict(done)
