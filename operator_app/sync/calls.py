"""The workstation's calls to the routing API, as methods over one `request`."""

from __future__ import annotations

from typing import Any

from operator_app.sync.errors import ProtocolError


class WorkstationCalls:
    """Typed shortcuts for the endpoints an operator or supervisor uses (mixed into ApiClient)."""

    def request(
        self,
        method: str,
        path: str,
        json: Any = None,
        *,
        idempotency_key: str | None = None,
        params: dict[str, str | int] | None = None,
        authenticated: bool = True,
    ) -> Any:
        raise NotImplementedError

    def _get(self, path: str, params: dict[str, str | int] | None = None) -> dict[str, Any]:
        return as_object(self.request("GET", path, params=params))

    def _act(self, contact_id: int, action: str, body: Any, key: str | None) -> dict[str, Any]:
        path = f"/contacts/{int(contact_id)}/{action}"
        return as_object(self.request("POST", path, body, idempotency_key=key))

    # reading
    def queue(self) -> dict[str, Any]:
        """{cursor, items}: what the user may see and take, as of event `cursor`."""
        return self._get("/queue")

    def contact(self, contact_id: int) -> dict[str, Any]:
        """One contact with its whole history and the cursor it reflects."""
        return self._get(f"/contacts/{int(contact_id)}")

    def stats(self) -> dict[str, Any]:
        return self._get("/operators/me/stats")

    def state(self) -> dict[str, Any]:
        return self._get("/operators/me/state")

    def operators(self) -> dict[str, Any]:
        return self._get("/operators")

    def categories(self) -> dict[str, Any]:
        return self._get("/categories")

    def dispositions(self) -> dict[str, Any]:
        return self._get("/dispositions")

    def reason_codes(self) -> dict[str, Any]:
        return self._get("/reason-codes")

    def kb_changes(self, since: str = "0", limit: int = 500) -> dict[str, Any]:
        """One page of the expert system's change feed: {items, next, has_more}."""
        return self._get("/kb/changes", {"since": since, "limit": limit})

    # the operator's actions; each takes an optional Idempotency-Key (the outbox's own)
    def set_state(
        self, state: str, reason: str | None = None, *, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        body = {"state": state, "reason": reason}
        return as_object(
            self.request("PUT", "/operators/me/state", body, idempotency_key=idempotency_key)
        )

    def accept(self, contact_id: int, *, idempotency_key: str | None = None) -> dict[str, Any]:
        return self._act(contact_id, "accept", None, idempotency_key)

    def decline(
        self, contact_id: int, reason: str, *, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        return self._act(contact_id, "decline", {"reason": reason}, idempotency_key)

    def send_message(
        self, contact_id: int, text: str, *, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        return self._act(contact_id, "messages", {"text": text}, idempotency_key)

    def hold(self, contact_id: int, *, idempotency_key: str | None = None) -> dict[str, Any]:
        return self._act(contact_id, "hold", None, idempotency_key)

    def resume(self, contact_id: int, *, idempotency_key: str | None = None) -> dict[str, Any]:
        return self._act(contact_id, "resume", None, idempotency_key)

    def end(self, contact_id: int, *, idempotency_key: str | None = None) -> dict[str, Any]:
        return self._act(contact_id, "end", None, idempotency_key)

    def wrap_up(
        self,
        contact_id: int,
        disposition: str,
        resolved: bool,
        notes: str = "",
        *,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        body = {"disposition": disposition, "resolved": resolved, "notes": notes}
        return self._act(contact_id, "wrap-up", body, idempotency_key)

    def escalate(
        self,
        contact_id: int,
        target: str,
        reason: str,
        *,
        agency: str | None = None,
        region: str | None = None,
        notes: str = "",
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        body = {
            "target": target,
            "agency": agency,
            "region": region,
            "reason": reason,
            "notes": notes,
        }
        return self._act(contact_id, "escalate", body, idempotency_key)

    def transfer(
        self,
        contact_id: int,
        *,
        operator_id: int | None = None,
        queue: str | None = None,
        agency: str | None = None,
        region: str | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        body = {"operator_id": operator_id, "queue": queue, "agency": agency, "region": region}
        return self._act(contact_id, "transfer", body, idempotency_key)


def as_object(value: Any) -> dict[str, Any]:
    """The reply as a JSON object; anything else is a protocol error, not a crash."""
    if not isinstance(value, dict):
        raise ProtocolError()
    return value
