"""The operator's actions on a contact beyond chat: call controls, transfer, escalation,
consulting the supervisor, and the citizen card's lookups and "resume by number" (no Qt).

Every method may block on the network: the UI runs them in an Op. Mutating calls go through
the outbox with its Idempotency-Key: the request is sent at once when nothing older waits; a
refusal (403/404/409/422) comes back to the operator as the error and leaves nothing queued;
offline, the request stays in the outbox and the method answers `QUEUED`.
"""

from __future__ import annotations

import logging
import threading
from enum import StrEnum
from typing import Any

from operator_app.domain.changes import Connection, ContactChanged, OutboxChanged
from operator_app.domain.contacts import ContactState
from operator_app.services.contact_info import VOICE_LIKE
from operator_app.services.conversation import Conversation
from operator_app.services.workstation import Workstation
from operator_app.sync.errors import ConflictError, SyncError
from operator_app.sync.outbox import FINAL

log = logging.getLogger("services")


class Sent(StrEnum):
    """What became of an action: applied on the server, or waiting in the outbox (offline)."""

    DONE = "done"
    QUEUED = "queued"


class ActionRefused(SyncError):
    """An older queued action was refused while this one waited behind it."""

    default_code = "refused"
    default_ru = "Сервер отклонил действие."
    default_en = "The server refused the action."


class ContactActions:
    """Use cases of the conversation tab, the dialogs and the citizen card."""

    def __init__(self, workstation: Workstation) -> None:
        self.ws = workstation
        self._regions: list[str] | None = None
        self._lock = threading.Lock()

    # --- lists -----------------------------------------------------------------------------
    def agencies(self) -> list[str]:
        """The agencies that own categories (second-line targets), in the list's order."""
        seen: list[str] = []
        for category in self.ws.lists.get("categories", {}).get("categories", []):
            agency = category.get("agency")
            if agency and agency not in seen:
                seen.append(str(agency))
        return seen

    def regions(self) -> list[str]:
        """The regions (fetched once per session)."""
        with self._lock:
            if self._regions is not None:
                return list(self._regions)
        items = [str(r) for r in self.ws.client.regions()["items"]]
        with self._lock:
            self._regions = items
        return list(items)

    def operators(self) -> list[dict[str, Any]]:
        """Colleagues to transfer to: everyone but me, the ready ones first."""
        me = int(self.ws.user["id"])
        items = [o for o in self.ws.client.operators()["items"] if int(o["id"]) != me]
        return sorted(items, key=lambda o: (o.get("state") != "ready", o.get("username") or ""))

    # --- the citizen card ------------------------------------------------------------------
    def detail(self, contact_id: int) -> dict[str, Any]:
        """A contact with its whole history (an earlier contact the card expands)."""
        return self.ws.client.contact(contact_id)

    def same_caller(self, contact_id: int) -> list[dict[str, Any]]:
        """Earlier contacts from the same phone as this one, newest first."""
        items: list[dict[str, Any]] = self.ws.client.find_contacts(same_caller_as=contact_id)[
            "items"
        ]
        return items

    def find_number(self, number: str) -> list[dict[str, Any]]:
        """The contact with the number the citizen quotes (empty when there is none)."""
        items: list[dict[str, Any]] = self.ws.client.find_contacts(number=number.strip())["items"]
        return items

    def link_earlier(self, contact_id: int, number: str) -> Conversation | None:
        """The contact resumes the earlier one `number`; returns the conversation with the
        linked history (None when offline: the link waits in the outbox)."""
        sent, detail = self._send("POST", f"/contacts/{contact_id}/link", {"number": number})
        if sent is Sent.QUEUED or detail is None:
            return None
        conv = Conversation.from_detail(detail)
        with self.ws._lock:
            self.ws.conversations[contact_id] = conv
        self.ws.bus.publish(ContactChanged(conv.contact, "linked"))
        return conv

    # --- call controls ---------------------------------------------------------------------
    def hold(self, contact_id: int, on: bool) -> Sent:
        """Put a call on hold (on=True) or take it back; the tab shows it at once."""
        sent, _ = self._send("POST", f"/contacts/{contact_id}/{'hold' if on else 'resume'}", None)
        self._set_state(
            contact_id,
            ContactState.ON_HOLD if on else ContactState.IN_PROGRESS,
            "held" if on else "resumed",
        )
        return sent

    def consult(self, contact_id: int, text: str) -> Sent:
        """Consult the supervisor: the call goes on hold and the supervisor gets a help
        request (an `operator.help_requested` event and a line in the contact's history).

        There is no conference bridge behind it: the supervisor answers by the team's own
        means; the operator takes the call back with Resume.
        """
        conv = self.ws.conversations.get(contact_id)
        if (
            conv is not None
            and conv.contact.channel in VOICE_LIKE
            and conv.contact.state is ContactState.IN_PROGRESS
        ):
            self.hold(contact_id, True)
        sent, _ = self._send(
            "POST", "/operators/me/help", {"contact_id": contact_id, "text": text.strip()}
        )
        return sent

    def transfer(
        self,
        contact_id: int,
        *,
        operator_id: int | None = None,
        queue: str | None = None,
        agency: str | None = None,
        region: str | None = None,
    ) -> Sent:
        """Hand the contact to a colleague or a queue; it leaves this workstation."""
        body = {"operator_id": operator_id, "queue": queue, "agency": agency, "region": region}
        sent, _ = self._send("POST", f"/contacts/{contact_id}/transfer", body)
        self._hand_over(contact_id, ContactState.TRANSFERRED)
        return sent

    def escalate(
        self,
        contact_id: int,
        *,
        target: str,
        reason: str,
        notes: str = "",
        agency: str | None = None,
        region: str | None = None,
    ) -> Sent:
        """Escalate to the second line (agency, region) or the supervisor, with the reason
        and notes the receiver sees next to the whole history."""
        body = {
            "target": target,
            "agency": agency if target == "line2" else None,
            "region": region if target == "line2" else None,
            "reason": reason.strip(),
            "notes": notes.strip(),
        }
        sent, _ = self._send("POST", f"/contacts/{contact_id}/escalate", body)
        self._hand_over(contact_id, ContactState.ESCALATED)
        return sent

    # --- internals -------------------------------------------------------------------------
    def _set_state(self, contact_id: int, state: ContactState, event: str) -> None:
        with self.ws._lock:
            conv = self.ws.conversations.get(contact_id)
            if conv is None:
                return
            # the server's event (or the reconnect's snapshot) confirms this
            conv.contact = conv.contact.with_state(state)
        self.ws.bus.publish(ContactChanged(conv.contact, event))

    def _hand_over(self, contact_id: int, state: ContactState) -> None:
        """The contact left the operator's hands: its tab closes, its drafts go."""
        with self.ws._lock:
            conv = self.ws.conversations.pop(contact_id, None)
        self.ws.drafts.delete(contact_id)
        if conv is not None:
            self.ws.bus.publish(ContactChanged(conv.contact.with_state(state), "handed_over"))

    def _send(
        self, method: str, path: str, body: dict[str, Any] | None
    ) -> tuple[Sent, dict[str, Any] | None]:
        """Send one action through the outbox; (DONE, reply) or (QUEUED, None)."""
        ws = self.ws
        entry = ws.outbox.add(method, path, body)
        if ws.connection is Connection.OFFLINE:
            # the event stream says the server is gone: the reconnect's drain sends it
            self._publish_counts()
            return Sent.QUEUED, None
        if any(e.id < entry.id for e in ws.outbox.pending()):
            # older actions wait (offline until now): they go first, in order
            ws.drain_outbox()
            failed = next((e for e in ws.outbox.failed() if e.id == entry.id), None)
            if failed is not None:
                ws.outbox.discard(entry.id)
                self._publish_counts()
                raise ActionRefused(failed.last_error or None)
            pending = any(e.id == entry.id for e in ws.outbox.pending())
            return (Sent.QUEUED if pending else Sent.DONE), None
        try:
            reply = ws.client.request(method, path, body, idempotency_key=entry.key)
        except FINAL as exc:
            if isinstance(exc, ConflictError) and exc.code == "idempotency_in_progress":
                ws.outbox.mark_attempt(entry.id, exc.code)
                self._publish_counts()
                return Sent.QUEUED, None
            # the operator is told now (and may correct the input): nothing stays queued
            ws.outbox.discard(entry.id)
            raise
        except SyncError as exc:
            log.info("%s %s kept in the outbox (%s)", method, path, exc.code)
            ws.outbox.mark_attempt(entry.id, f"{exc.code}: {exc.message_ru}")
            self._publish_counts()
            return Sent.QUEUED, None
        ws.outbox.mark_done(entry.id)
        return Sent.DONE, reply if isinstance(reply, dict) else None

    def _publish_counts(self) -> None:
        pending, failed = self.ws.outbox.counts()
        self.ws.bus.publish(OutboxChanged(pending, failed))
