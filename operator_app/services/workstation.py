"""The workstation's use cases for one logged-in user, over sync, store and search (no Qt).

Every method here may block on the network or disk: the UI calls them inside an Op. State
changes are published on the ChangeBus as typed `Change`s; the event stream's callbacks run on
its own thread and publish too.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from operator_app.domain.changes import (
    Connection,
    ConnectionChanged,
    ContactChanged,
    KbChanged,
    MessageReceived,
    OperatorStateChanged,
    OutboxChanged,
    QueueChanged,
    WorkModeChanged,
)
from operator_app.domain.contacts import Contact, ContactState, Message, parse_time
from operator_app.paths import Paths
from operator_app.search import SearchEngine, SearchResult
from operator_app.services.bus import ChangeBus
from operator_app.services.conversation import Conversation
from operator_app.services.keys import store_key
from operator_app.services.queue_state import QueueState
from operator_app.store import Cursors, Drafts, KbStore, LocalStore, Outbox
from operator_app.store.crypto import AesGcmCipher
from operator_app.sync.client import ApiClient
from operator_app.sync.errors import NetworkError, SyncError
from operator_app.sync.events import EventStream
from operator_app.sync.kb_sync import KbSync
from operator_app.sync.outbox import OutboxReplayer
from operator_app.sync.tokens import TokenVault

log = logging.getLogger("services")


def operator_state(data: dict[str, Any]) -> OperatorStateChanged:
    """The operator's state as the server sent it (event, PUT reply or GET)."""
    return OperatorStateChanged(
        data["state"],
        data.get("reason"),
        data.get("next_state"),
        data.get("since"),
        data.get("acw_until"),
    )


class Workstation:
    """One operator's session: queue, conversations, state, expert system, outbox, drafts."""

    def __init__(
        self,
        server_url: str,
        paths: Paths,
        bus: ChangeBus,
        client: ApiClient | None = None,
        vault: TokenVault | None = None,
    ) -> None:
        self.server_url = server_url
        self.paths = paths
        self.bus = bus
        self.vault = vault or TokenVault()
        self.client = client or ApiClient(server_url, vault=self.vault)
        self.user: dict[str, Any] = {}
        self.lists: dict[str, Any] = {}
        self.queue: QueueState | None = None
        self.conversations: dict[int, Conversation] = {}
        self.engine: SearchEngine | None = None
        self.store: LocalStore | None = None
        self._stream: EventStream | None = None
        self._last_event: str | None = None
        self._lock = threading.RLock()
        self.connection = Connection.CONNECTING
        #: the region of the contact in front of the operator (set by the UI)
        self.context_region: str | None = None

    # --- session -------------------------------------------------------------------------
    def login(self, username: str, password: str) -> dict[str, Any]:
        self.user = self.client.login(username, password)
        self.queue = QueueState(int(self.user["id"]), str(self.user["role"]), self.user)
        self._open_store(username)
        self.lists = {
            "categories": self.client.categories(),
            "dispositions": self.client.dispositions(),
            "reason_codes": self.client.reason_codes(),
        }
        return self.user

    def _open_store(self, username: str) -> None:
        path: Path = self.paths.user_data(username) / "workstation.sqlite3"
        self.store = LocalStore(path)
        cipher = AesGcmCipher(store_key(self.vault, username))
        self.kb_store = LocalStore(self.paths.kb_file)
        self.kb = KbStore(self.kb_store)
        self.cursors = Cursors(self.kb_store)
        self.outbox = Outbox(self.store, cipher)
        self.drafts = Drafts(self.store, cipher)
        self.replayer = OutboxReplayer(self.client, self.outbox)

    def start(self) -> None:
        """Follow the event stream (reconciling after every connect)."""
        self._stream = EventStream(
            self.client,
            on_event=self._on_event,
            on_connection=self._on_connection,
            on_resumed=self._reconcile,
            last_event_id=lambda: self._last_event,
        )
        self._stream.start()

    def close(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream = None
        if self.store is not None:
            self.store.close()
            self.kb_store.close()
            self.store = None
        self.client.close()

    def logout(self) -> None:
        try:
            self.client.logout()
        finally:
            self.close()

    # --- events --------------------------------------------------------------------------
    def _on_connection(self, state: Connection, detail: str) -> None:
        self.connection = state
        self.bus.publish(ConnectionChanged(state, detail))

    def _reconcile(self) -> None:
        """After a (re)connect: REST snapshots replace what events may have missed."""
        try:
            snapshot = self.client.queue()
            assert self.queue is not None
            with self._lock:
                change = self.queue.reset(snapshot["items"], int(snapshot["cursor"]))
            self.bus.publish(change)
            state = self.client.state()
            self.bus.publish(operator_state(state))
            for contact_id in list(self.conversations):
                self._refresh_conversation(contact_id)
            self.drain_outbox()
        except SyncError as exc:
            log.warning("reconciliation failed: %s", exc.message_en)

    def _refresh_conversation(self, contact_id: int) -> None:
        detail = self.client.contact(contact_id)
        conv = Conversation.from_detail(detail)
        with self._lock:
            self.conversations[contact_id] = conv
        self.bus.publish(ContactChanged(conv.contact, "refreshed"))

    def _on_event(self, event_id: int, type_: str, data: dict[str, Any]) -> None:
        self._last_event = str(event_id)
        if type_.startswith("contact."):
            self._on_contact_event(event_id, type_, data)
        elif type_ == "operator.state":
            self.bus.publish(operator_state(data))
        elif type_ == "work_mode.changed":
            self.bus.publish(WorkModeChanged(data["mode"]))
        elif type_ == "kb.changed":
            threading.Thread(target=self._quiet(self.sync_kb), daemon=True).start()

    def _on_contact_event(self, event_id: int, type_: str, data: dict[str, Any]) -> None:
        assert self.queue is not None
        with self._lock:
            change = self.queue.apply(event_id, type_, data)
        if change is not None:
            self.bus.publish(change)
        contact = Contact.from_wire(data["contact"])
        me = int(self.user["id"])
        if type_ == "contact.offered" and contact.offered_to == me:
            self.bus.publish(ContactChanged(contact, "offered"))
        conv = self.conversations.get(contact.id)
        if conv is None:
            return
        if type_ == "contact.message":
            msg = data["message"]
            message = Message(msg["from"], msg["text"], parse_time(msg.get("at")))
            conv.messages.append(message)
            self.bus.publish(MessageReceived(contact.id, message))
        conv.contact = contact
        self.bus.publish(ContactChanged(contact, type_.removeprefix("contact.")))

    @staticmethod
    def _quiet(fn: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                fn()
            except SyncError as exc:
                log.warning("background sync failed: %s", exc.message_en)

        return run

    # --- the operator's actions ------------------------------------------------------------
    def set_state(self, state: str, reason: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.client.set_state(state, reason)
        self.bus.publish(operator_state(result))
        return result

    def accept(self, contact_id: int) -> Conversation:
        """Accept an offer or take a contact; the screen pop gets the whole detail."""
        detail = self.client.accept(contact_id)
        conv = Conversation.from_detail(detail)
        with self._lock:
            self.conversations[contact_id] = conv
        self.bus.publish(ContactChanged(conv.contact, "accepted"))
        return conv

    def decline(self, contact_id: int, reason: str) -> None:
        self.client.decline(contact_id, reason)

    def send_message(self, contact_id: int, text: str) -> None:
        self._queue_action("POST", f"/contacts/{contact_id}/messages", {"text": text})

    def end(self, contact_id: int) -> None:
        self._queue_action("POST", f"/contacts/{contact_id}/end", None)

    def wrap_up(self, contact_id: int, disposition: str, resolved: bool, notes: str) -> None:
        """Close the contact; offline, the wrap-up waits in the outbox and the tab closes."""
        self._queue_action(
            "POST",
            f"/contacts/{contact_id}/wrap-up",
            {"disposition": disposition, "resolved": resolved, "notes": notes},
        )
        with self._lock:
            conv = self.conversations.pop(contact_id, None)
        self.drafts.delete(contact_id)
        if conv is not None:
            self.bus.publish(ContactChanged(conv.contact.with_state(ContactState.CLOSED), "closed"))

    def _queue_action(self, method: str, path: str, body: dict[str, Any] | None) -> None:
        """Actions that must not be lost go through the outbox (with their Idempotency-Key)."""
        self.outbox.add(method, path, body)
        self.drain_outbox()

    def drain_outbox(self) -> None:
        with contextlib.suppress(NetworkError):  # offline: entries wait for the next drain
            self.replayer.drain()
        pending, failed = self.outbox.counts()
        self.bus.publish(OutboxChanged(pending, failed))

    def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = self.client.stats()
        return result

    # --- drafts ----------------------------------------------------------------------------
    def save_draft(self, contact_id: int, field: str, text: str) -> None:
        self.drafts.save(contact_id, field, text)

    def draft(self, contact_id: int) -> dict[str, str]:
        return self.drafts.load(contact_id)

    # --- expert system ---------------------------------------------------------------------
    def sync_kb(self, progress: Callable[[int, int | None], None] | None = None) -> list[str]:
        """Pull the expert system's changes and bring the search index up to date."""
        changed = KbSync(self.client, self.kb, self.cursors).sync(progress)
        with self._lock:
            if self.engine is None:
                self.engine = SearchEngine.from_articles(list(self.kb.articles()))
            else:
                for article_id in changed:
                    article = self.kb.get(article_id)
                    if article is None:
                        self.engine.delete(article_id)
                    else:
                        self.engine.upsert(article)
        self.bus.publish(KbChanged(tuple(changed), self.kb.count()))
        return changed

    def load_local_kb(self) -> int:
        """Build the search index from the local copy (works offline)."""
        with self._lock:
            self.engine = SearchEngine.from_articles(list(self.kb.articles()))
            return len(self.engine)

    def search_text(self, query: str) -> SearchResult | None:
        """Search with the region of the contact being worked on (regional cards first)."""
        return self.search(query, region=self.context_region)

    def search(self, query: str, region: str | None = None, limit: int = 20) -> SearchResult | None:
        engine = self.engine
        if engine is None or not query.strip():
            return None
        return engine.search(query, region=region, limit=limit)

    def article(self, article_id: str) -> dict[str, Any] | None:
        return self.kb.get(article_id)

    def queue_items(self) -> list[Contact]:
        return self.queue.items() if self.queue is not None else []

    def refresh_queue(self) -> QueueChanged:
        assert self.queue is not None
        snapshot = self.client.queue()
        with self._lock:
            change = self.queue.reset(snapshot["items"], int(snapshot["cursor"]))
        self.bus.publish(change)
        return change
