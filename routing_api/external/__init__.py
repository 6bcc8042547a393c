"""The outside world the routing API talks to — telephony, the SMS gateway, the citizen
registry — as small interfaces. The simulated implementations live in `simulated.py`, the one
place a real deployment replaces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class Telephony(Protocol):
    """The call platform: what happens to the audio leg when the operator acts on a call."""

    def hold(self, contact_id: int) -> None: ...
    def resume(self, contact_id: int) -> None: ...
    def hang_up(self, contact_id: int) -> None: ...
    def bridge(self, contact_id: int, operator_id: int) -> None: ...


class SmsGateway(Protocol):
    """Sends a text message (one-time codes) to a Russian mobile number."""

    def send(self, phone: str, text: str) -> str:
        """Queue the message; returns the gateway's message id."""
        ...


@dataclass(frozen=True)
class RegistryMatch:
    """The registry's answer to an identity check: matched, or refused with a reason."""

    matched: bool
    citizen_id: int | None = None
    reason_code: str | None = None


class CitizenRegistry(Protocol):
    """The agencies' registry of citizens (identity, payments, applications)."""

    def check_identity(self, claims: dict[str, Any]) -> RegistryMatch: ...
    def citizen(self, citizen_id: int) -> dict[str, Any] | None: ...
    def payments(self, citizen_id: int, agency: str | None = None) -> list[dict[str, Any]]: ...
    def applications(self, citizen_id: int, agency: str | None = None) -> list[dict[str, Any]]: ...


@dataclass
class Externals:
    """The gateways one server process uses."""

    telephony: Telephony
    sms: SmsGateway
    registry: CitizenRegistry
