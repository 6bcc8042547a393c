"""Whose queue a waiting contact is in: the server's skills rule (DESIGN §3.2), mirrored so an
event-driven queue view agrees with GET /queue between reconciliations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from operator_app.domain.contacts import Contact


def serves(user: Mapping[str, Any], contact: Contact) -> bool:
    """Line, agency, region (second line), categories and languages of `user` cover `contact`."""
    role = user.get("role")
    if role == "supervisor":
        return True
    if role != "operator":
        return False
    categories = user.get("categories")
    if categories is not None and contact.category not in categories:
        return False
    if contact.language not in (user.get("languages") or ["ru"]):
        return False
    if contact.queue == "line1":
        return bool(user.get("line") == 1)
    if contact.queue == "line2":
        region = user.get("region")
        return (
            user.get("line") == 2
            and user.get("agency") == contact.target_agency
            and (region is None or contact.target_region is None or region == contact.target_region)
        )
    return False
