"""Identity verification of the citizen in front of the operator (DESIGN §4), Qt-free.

The server is authoritative: every step goes to it and its answer (the verification's state)
is what the panel shows. What the citizen said and what the server showed of them lives here,
in memory, for the contact only: `forget` drops it at wrap-up, `forget_all` at logout and
when the workstation locks. Nothing of it is written to disk or to the log.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from operator_app.sync.calls import WorkstationCalls
from operator_app.sync.errors import ConflictError, NotFoundError

log = logging.getLogger("services")

#: the five steps, as the server names them
STEPS = ("basic", "document", "check", "code", "consent")
#: field name → the reveal code the server takes
REVEALABLE = ("snils", "passport", "phone", "inn", "email", "address")


def _parse(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


@dataclass
class Countdown:
    """A deadline on the server's clock, counted down on ours (the clocks may differ)."""

    seconds_at_reply: float
    received: float = field(default_factory=time.monotonic)

    def left(self) -> float:
        return max(0.0, self.seconds_at_reply - (time.monotonic() - self.received))

    @classmethod
    def until(cls, deadline: Any, server_now: Any) -> Countdown | None:
        end, now = _parse(deadline), _parse(server_now)
        if end is None or now is None:
            return None
        return cls((end - now).total_seconds())


@dataclass
class VerificationState:
    """One contact's verification as the server last answered, and what it showed."""

    contact_id: int
    view: dict[str, Any] = field(default_factory=dict)
    #: the verified citizen's fields as this user may see them (masked)
    citizen: dict[str, Any] | None = None
    #: a second-line specialist's view: the citizen's payments and applications to its agency
    payments: list[dict[str, Any]] | None = None
    applications: list[dict[str, Any]] | None = None
    #: fields the operator revealed deliberately (each reveal audited on the server)
    revealed: dict[str, str] = field(default_factory=dict)
    code_expires: Countdown | None = None
    resend_in: Countdown | None = None

    @property
    def state(self) -> str:
        return str(self.view.get("state") or "none")

    @property
    def verified(self) -> bool:
        return self.state == "verified"

    def step_status(self) -> list[tuple[str, str]]:
        """(step, status) for the five steps: done | current | failed | pending."""
        shown = {s["name"]: s["status"] for s in self.view.get("steps") or []}
        return [(name, str(shown.get(name, "pending"))) for name in STEPS]

    def _take(self, view: dict[str, Any]) -> None:
        self.view = view
        code = view.get("code") or {}
        self.code_expires = Countdown.until(code.get("expires_at"), view.get("now"))
        self.resend_in = Countdown.until(code.get("resend_at"), view.get("now"))


class VerificationDesk:
    """The verification steps of the contacts the operator works on."""

    def __init__(self, client: WorkstationCalls) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._states: dict[int, VerificationState] = {}
        #: a second-line specialist also sees payments and applications (DESIGN §4); the first
        #: line never asks (the server would refuse, and record the refusal)
        self.second_line = False

    def get(self, contact_id: int) -> VerificationState | None:
        with self._lock:
            return self._states.get(contact_id)

    def _state(self, contact_id: int) -> VerificationState:
        with self._lock:
            return self._states.setdefault(contact_id, VerificationState(contact_id))

    def _answer(self, contact_id: int, view: dict[str, Any]) -> VerificationState:
        state = self._state(contact_id)
        with self._lock:
            state._take(view)
        return state

    # --- steps (each a round trip: call from a background operation) ------------------------
    def load(self, contact_id: int) -> VerificationState:
        """The verification running on the contact, if any (after a restart, a reopened tab)."""
        try:
            return self._answer(contact_id, self._client.verification(contact_id))
        except NotFoundError:
            return self._state(contact_id)  # none started yet

    def start(self, contact_id: int) -> VerificationState:
        try:
            view = self._client.verification_start(contact_id)
        except ConflictError as error:
            if error.code != "already_verified":
                raise
            view = self._client.verification(contact_id)
        return self._answer(contact_id, view)

    def basic(self, contact_id: int, fields: dict[str, Any]) -> VerificationState:
        return self._answer(contact_id, self._client.verification_basic(contact_id, fields))

    def document(self, contact_id: int, document: dict[str, Any]) -> VerificationState:
        return self._answer(contact_id, self._client.verification_document(contact_id, document))

    def send_code(self, contact_id: int) -> VerificationState:
        return self._answer(contact_id, self._client.verification_send_code(contact_id))

    def check_code(self, contact_id: int, code: str) -> VerificationState:
        return self._answer(contact_id, self._client.verification_check_code(contact_id, code))

    def consent(self, contact_id: int, given: bool) -> VerificationState:
        state = self._answer(contact_id, self._client.verification_consent(contact_id, given))
        if state.verified:
            self.load_citizen(contact_id)
        return state

    def load_citizen(self, contact_id: int) -> VerificationState:
        """What this user may see of the verified citizen (masked; the read is audited)."""
        citizen = self._client.citizen(contact_id)
        payments = applications = None
        if self.second_line:
            payments = list(self._client.citizen_payments(contact_id).get("items") or [])
            applications = list(self._client.citizen_applications(contact_id).get("items") or [])
        state = self._state(contact_id)
        with self._lock:
            state.citizen = citizen
            state.payments, state.applications = payments, applications
        return state

    def reveal(self, contact_id: int, name: str) -> str:
        """One masked field in the clear, deliberately (audited on the server)."""
        if name not in REVEALABLE:
            raise ValueError(name)
        answer = self._client.reveal(contact_id, name)
        value = str(answer.get("value") or "")
        state = self._state(contact_id)
        with self._lock:
            state.revealed[name] = value
        return value

    # --- forgetting ------------------------------------------------------------------------
    def forget(self, contact_id: int) -> None:
        """Drop what the contact's verification holds (wrap-up, the tab closed)."""
        with self._lock:
            self._states.pop(contact_id, None)

    def forget_all(self) -> None:
        """Drop every contact's (logout, lock)."""
        with self._lock:
            self._states.clear()

    def held(self) -> int:
        """How many contacts' verifications are held (for tests of forgetting)."""
        with self._lock:
            return len(self._states)
