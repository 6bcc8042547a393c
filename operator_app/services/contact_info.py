"""What a contact's detail says, read for the screens: IVR data, the letter or form, who
handed it over and why, earlier contacts' outcomes (plain functions over the wire format)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from operator_app.domain.contacts import parse_time

VOICE_LIKE = frozenset({"voice", "callback", "outbound"})
TASK_CHANNELS = frozenset({"callback", "outbound"})
WRITTEN = frozenset({"chat", "email", "web_form"})


@dataclass(frozen=True)
class Handover:
    """The latest escalation or transfer of a contact: who, why, with which notes."""

    kind: str  # escalated | transferred
    by: str | None
    at: datetime | None
    reason: str
    notes: str
    target: str | None
    agency: str | None
    region: str | None


def handover(detail: dict[str, Any]) -> Handover | None:
    """The last escalation / transfer in the contact's history (what the receiver must see)."""
    for entry in reversed(detail.get("history") or []):
        if entry.get("kind") not in ("escalated", "transferred"):
            continue
        data = entry.get("data") or {}
        return Handover(
            kind=str(entry["kind"]),
            by=data.get("from_username") or entry.get("actor"),
            at=parse_time(entry.get("at")),
            reason=str(data.get("reason") or ""),
            notes=str(data.get("notes") or ""),
            target=data.get("target") or data.get("queue"),
            agency=data.get("agency"),
            region=data.get("region"),
        )
    return None


def talk_started(detail: dict[str, Any]) -> datetime | None:
    """When the call was answered (the talk timer's zero)."""
    return parse_time(detail.get("answered_at"))


def reply_channel(detail: dict[str, Any]) -> str:
    """How the citizen wants the answer: email | sms | phone | portal (a letter: e-mail)."""
    asked = detail.get("reply_channel")
    if asked:
        return str(asked)
    return "email" if detail.get("channel") == "email" else "portal"


def wants_call_back(detail: dict[str, Any]) -> bool:
    """The citizen asked to be called back: the wrap-up makes a callback task."""
    return detail.get("reply_channel") == "phone"


def notes_of(history: list[dict[str, Any]]) -> list[str]:
    """The operators' notes in a history: wrap-up notes and escalation notes, in order."""
    found = []
    for entry in history:
        data = entry.get("data") or {}
        if entry.get("kind") in ("wrapped_up", "escalated") and data.get("notes"):
            found.append(str(data["notes"]))
    return found


def outcome(summary: dict[str, Any]) -> tuple[str | None, bool | None]:
    """(disposition code, resolved) of a contact summary; (None, None) while still open."""
    return summary.get("disposition"), summary.get("resolved")


def earlier_rows(
    detail: dict[str, Any], same_caller: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], str]]:
    """The citizen's earlier contacts for the card, newest first, each once: the linked
    chain (`previous`, marked 'linked') and the other contacts from the same phone."""
    rows: list[tuple[dict[str, Any], str]] = []
    seen = {detail.get("id")}
    for item in detail.get("previous") or []:
        rows.append((item, "linked"))
        seen.add(item.get("id"))
    for item in same_caller:
        if item.get("id") not in seen:
            rows.append((item, "same_caller"))
            seen.add(item.get("id"))
    return rows
