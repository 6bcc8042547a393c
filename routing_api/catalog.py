"""The lists the server owns and hands out in both languages: categories, dispositions, reasons."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ekc_resources import load_json

CHANNELS = ("voice", "chat", "email", "web_form", "callback", "outbound")
#: channels routing pushes to one operator; the rest wait to be pulled
PUSH_CHANNELS = frozenset({"voice", "chat"})
VOICE_LIKE = frozenset({"voice", "callback", "outbound"})
PRIORITIES = {"critical": 0, "high": 1, "normal": 2}
AGENCIES = ("СФР", "Минтруд", "МСЭ", "Роструд", "ОСЗН", "Госуслуги")
WORK_MODES = ("standard", "night", "weekend", "emergency")
ROLES = ("operator", "supervisor", "gateway", "admin")
OPERATOR_STATES = ("ready", "not_ready", "break", "offline", "in_contact", "wrap_up")
SETTABLE_STATES = ("ready", "not_ready", "break", "offline")


@dataclass(frozen=True)
class Catalog:
    """Categories, traffic kinds, dispositions, reason codes and regions from resources/."""

    categories: dict[str, dict[str, Any]]
    kinds: dict[str, dict[str, Any]]
    dispositions: dict[str, dict[str, Any]]
    reason_codes: dict[str, dict[str, Any]]
    regions: tuple[str, ...]

    def urgent(self, category: str) -> bool:
        return bool(self.categories.get(category, {}).get("urgent"))

    def reason(self, code: str, kind: str) -> dict[str, Any] | None:
        entry = self.reason_codes.get(code)
        return entry if entry is not None and entry["kind"] == kind else None


@cache
def catalog() -> Catalog:
    cats = load_json("categories.json")
    return Catalog(
        categories={c["code"]: c for c in cats["categories"]},
        kinds={k["code"]: k for k in cats["kinds"]},
        dispositions={d["code"]: d for d in load_json("dispositions.json")["dispositions"]},
        reason_codes={r["code"]: r for r in load_json("reason_codes.json")["reason_codes"]},
        regions=tuple(r["name_ru"] for r in load_json("regions.json")["regions"]),
    )
