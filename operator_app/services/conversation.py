"""A contact being worked on: its detail, transcript and what the operator may do now."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from operator_app.domain.contacts import Contact, ContactState, Message, parse_time


@dataclass
class Conversation:
    """One open contact in the conversation pane (a tab)."""

    contact: Contact
    detail: dict[str, Any]
    messages: list[Message] = field(default_factory=list)

    @classmethod
    def from_detail(cls, detail: dict[str, Any]) -> Conversation:
        messages = [
            Message(
                h["data"].get("from", "citizen"), h["data"].get("text", ""), parse_time(h["at"])
            )
            for h in detail.get("history", [])
            if h["kind"] == "message" and h.get("data")
        ]
        return cls(Contact.from_wire(detail), detail, messages)

    @property
    def id(self) -> int:
        return self.contact.id

    @property
    def written(self) -> bool:
        """Chat, e-mail and web forms take typed replies; calls do not."""
        return self.contact.channel in ("chat", "email", "web_form")

    @property
    def live(self) -> bool:
        return self.contact.state in (ContactState.IN_PROGRESS, ContactState.ON_HOLD)

    @property
    def wrapping_up(self) -> bool:
        return self.contact.state is ContactState.WRAP_UP

    @property
    def bot_history(self) -> list[Message]:
        return [m for m in self.messages if m.sender == "bot"]
