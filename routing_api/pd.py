"""Personal data as each role may see it (DESIGN §4): the one place contacts are presented."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from routing_api.timefmt import iso

#: roles that see identification fields in queues, lists and summaries: the channel itself
FULL_PD_ROLES = frozenset({"gateway"})
#: roles that see them in one contact's detail: also the supervisor, for monitoring, each such
#: read audited (api/contact_routes.get_contact); everyone else through /citizen and /reveal
DETAIL_PD_ROLES = frozenset({"supervisor", "gateway"})
#: IVR / web-form fields that hold identification data
_PD_FIELDS = {"snils", "passport", "inn", "phone", "email", "birth_date", "address"}


def mask_phone(phone: str | None) -> str | None:
    """+79161234545 → '+7 *** ***-**-45'."""
    if not phone:
        return None
    digits = re.sub(r"\D", "", phone)
    return f"+7 *** ***-**-{digits[-2:]}" if len(digits) >= 2 else "+7 *** ***-**-**"


def mask_email(email: str | None) -> str | None:
    """ivanov@mail.ru → 'i***@mail.ru'."""
    if not email or "@" not in email:
        return None if not email else "***"
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_value(field: str, value: Any) -> Any:
    """Hide all but the last two characters of an identification field."""
    if value is None:
        return None
    if field == "phone":
        return mask_phone(str(value))
    if field == "email":
        return mask_email(str(value))
    text = str(value)
    tail = re.sub(r"\W", "", text)[-2:]
    return f"***{tail}" if field in {"snils", "passport", "inn"} else "***"


def mask_fields(data: Mapping[Any, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {k: (mask_value(k, v) if k in _PD_FIELDS else v) for k, v in data.items()}


def contact_summary(
    row: Mapping[Any, Any], *, full_pd: bool = False, now: float | None = None
) -> dict[str, Any]:
    """What a queue row, an event or a list shows about a contact.

    `overdue` (a task past its due time) is judged at `now`, the server's clock when the
    summary is made; the routing API announces the moment a waiting task turns overdue with a
    `contact.overdue` event, so clients need not trust their own clock.
    """
    phone = row["caller_phone"]
    due_at = row["due_at"]
    return {
        "id": row["id"],
        "number": row["number"],
        "state": row["state"],
        "channel": row["channel"],
        "kind": row["kind"],
        "category": row["category"],
        "topic": row["topic"],
        "priority": row["priority"],
        "agency": row["agency"],
        "region": row["region"],
        "language": row["language"],
        "queue": row["queue"],
        "target_agency": row["target_agency"],
        "target_region": row["target_region"],
        "owner_id": row["owner_id"],
        "target_user_id": row["target_user_id"],
        "offered_to": row["offered_to"],
        "offer_expires_at": iso(row["offer_expires_at"]),
        "created_at": iso(row["created_at"]),
        "queued_at": iso(row["queued_at"]),
        "answered_at": iso(row["answered_at"]),
        "ended_at": iso(row["ended_at"]),
        "closed_at": iso(row["closed_at"]),
        "due_at": iso(due_at),
        "overdue": due_at is not None and now is not None and due_at <= now,
        "disposition": row["disposition"],
        "resolved": row["resolved"],
        "subject": row["subject"],
        "caller": {
            "name": row["caller_name"],
            "phone_masked": mask_phone(phone),
            **({"phone": phone, "email": row["caller_email"]} if full_pd else {}),
        },
    }


def contact_detail(row: Mapping[Any, Any], *, full_pd: bool) -> dict[str, Any]:
    """The whole contact as its reader may see it (history is added by the caller)."""
    detail = contact_summary(row, full_pd=full_pd)
    detail["ivr"] = row["ivr"] if full_pd else mask_fields(row["ivr"])
    detail["form"] = row["form"] if full_pd else mask_fields(row["form"])
    detail["body"] = row["body"]
    detail["reply_channel"] = row["reply_channel"]
    detail["caller"]["email_masked"] = mask_email(row["caller_email"])
    return detail
