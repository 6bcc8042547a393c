"""The workstation's calls to the routing API, as methods over one `request`."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

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

    def get_if_changed(
        self, path: str, params: dict[str, str | int] | None, etag: str | None
    ) -> tuple[Any, str | None]:
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

    def kb_changes_if_changed(
        self, since: str, limit: int, etag: str | None
    ) -> tuple[dict[str, Any] | None, str | None]:
        """A feed page unless the server answers 304 to `etag` (then None); and its ETag."""
        body, fresh = self.get_if_changed("/kb/changes", {"since": since, "limit": limit}, etag)
        return (None if body is None else as_object(body)), fresh

    # the expert system's content workflow: cards, history, proposals, search statistics
    def kb_article(self, article_id: str) -> dict[str, Any]:
        """A card as it stands on the server: {id, version, updated_at, article}."""
        return self._get(f"/kb/articles/{_segment(article_id)}")

    def kb_history(self, article_id: str) -> dict[str, Any]:
        """{id, items}: every version of a card, newest first, with who changed it and when."""
        return self._get(f"/kb/articles/{_segment(article_id)}/history")

    def kb_propose(
        self,
        article_id: str,
        base_version: int,
        comment: str,
        *,
        title: str | None = None,
        answer: str | None = None,
        keywords: list[str] | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        body = {
            "base_version": int(base_version),
            "title": title,
            "answer": answer,
            "keywords": keywords,
            "comment": comment,
        }
        path = f"/kb/articles/{_segment(article_id)}/proposals"
        return as_object(self.request("POST", path, body, idempotency_key=idempotency_key))

    def kb_proposals(self, status: str | None = None, limit: int = 200) -> dict[str, Any]:
        """{items}: supervisors get every proposal, a specialist its own (oldest first)."""
        params: dict[str, str | int] = {"limit": limit}
        if status is not None:
            params["status"] = status
        return self._get("/kb/proposals", params)

    def kb_proposal(self, proposal_id: int) -> dict[str, Any]:
        return self._get(f"/kb/proposals/{int(proposal_id)}")

    def kb_review(
        self,
        proposal_id: int,
        decision: str,
        comment: str | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        """`decision` is "approve" or "reject" (a reject needs the comment)."""
        if decision not in ("approve", "reject"):
            raise ValueError(decision)
        path = f"/kb/proposals/{int(proposal_id)}/{decision}"
        body = {"comment": comment}
        return as_object(self.request("POST", path, body, idempotency_key=idempotency_key))

    def kb_withdraw(
        self, proposal_id: int, *, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        path = f"/kb/proposals/{int(proposal_id)}/withdraw"
        return as_object(self.request("POST", path, None, idempotency_key=idempotency_key))

    def kb_send_search_stats(
        self, rows: list[dict[str, Any]], *, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        """Add [{query, zero_results, low_confidence}] (at most 500) to today's counters."""
        return as_object(
            self.request(
                "POST", "/kb/search-stats", {"rows": rows}, idempotency_key=idempotency_key
            )
        )

    def kb_search_stats(self, days: int = 7, limit: int = 100) -> dict[str, Any]:
        """Top zero-result and low-confidence queries of the last `days` days (supervisors)."""
        return self._get("/kb/search-stats", {"days": days, "limit": limit})

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

    # channels, citizen card and escalation (issue 5)
    def regions(self) -> dict[str, Any]:
        return self._get("/regions")

    def find_contacts(
        self,
        *,
        number: str | None = None,
        phone: str | None = None,
        same_caller_as: int | None = None,
    ) -> dict[str, Any]:
        """{cursor, items}: earlier contacts by number, phone or the caller of a contact."""
        params: dict[str, str | int] = {}
        if number is not None:
            params["number"] = number
        elif phone is not None:
            params["phone"] = phone
        elif same_caller_as is not None:
            params["same_caller_as"] = int(same_caller_as)
        return self._get("/contacts", params)

    def link_earlier(
        self, contact_id: int, number: str, *, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        """The contact resumes the earlier one with `number`; returns the new detail."""
        return self._act(contact_id, "link", {"number": number}, idempotency_key)

    def request_help(
        self, contact_id: int | None, text: str, *, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        body = {"contact_id": contact_id, "text": text}
        return as_object(
            self.request("POST", "/operators/me/help", body, idempotency_key=idempotency_key)
        )

    # identity verification (DESIGN §4): personal data travels in JSON bodies, never in URLs
    def _verification(self, contact_id: int, step: str = "", body: Any = None) -> dict[str, Any]:
        path = f"/contacts/{int(contact_id)}/verification" + (f"/{step}" if step else "")
        return as_object(self.request("POST", path, body))

    def verification_start(self, contact_id: int) -> dict[str, Any]:
        """Start (or resume) verifying the contact's citizen: the verification's state."""
        return self._verification(contact_id)

    def verification(self, contact_id: int) -> dict[str, Any]:
        return self._get(f"/contacts/{int(contact_id)}/verification")

    def verification_basic(self, contact_id: int, basic: dict[str, Any]) -> dict[str, Any]:
        """Step 1: last_name, first_name, middle_name, birth_date, phone."""
        return self._verification(contact_id, "basic", basic)

    def verification_document(self, contact_id: int, document: dict[str, Any]) -> dict[str, Any]:
        """Step 2 (and the registry check, step 3): kind snils | passport | bank and its fields."""
        return self._verification(contact_id, "document", document)

    def verification_send_code(self, contact_id: int) -> dict[str, Any]:
        return self._verification(contact_id, "code/send")

    def verification_check_code(self, contact_id: int, code: str) -> dict[str, Any]:
        return self._verification(contact_id, "code/check", {"code": code})

    def verification_consent(self, contact_id: int, given: bool) -> dict[str, Any]:
        return self._verification(contact_id, "consent", {"given": bool(given)})

    def citizen(self, contact_id: int) -> dict[str, Any]:
        """The verified citizen as this user may see it (masked; every read is audited)."""
        return self._get(f"/contacts/{int(contact_id)}/citizen")

    def citizen_payments(self, contact_id: int) -> dict[str, Any]:
        """The verified citizen's payments from the reader's agency (second line; audited)."""
        return self._get(f"/contacts/{int(contact_id)}/citizen/payments")

    def citizen_applications(self, contact_id: int) -> dict[str, Any]:
        """The verified citizen's applications to the reader's agency (second line; audited)."""
        return self._get(f"/contacts/{int(contact_id)}/citizen/applications")

    def reveal(self, contact_id: int, field: str, reason: str = "consultation") -> dict[str, Any]:
        """One masked field in the clear, deliberately (audited; never replayed or stored)."""
        path = f"/contacts/{int(contact_id)}/reveal"
        return as_object(self.request("POST", path, {"field": field, "reason": reason}))


def _segment(text: str) -> str:
    """A path segment with anything but unreserved characters escaped."""
    return quote(str(text), safe="")


def as_object(value: Any) -> dict[str, Any]:
    """The reply as a JSON object; anything else is a protocol error, not a crash."""
    if not isinstance(value, dict):
        raise ProtocolError()
    return value
