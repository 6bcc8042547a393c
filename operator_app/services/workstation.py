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
from datetime import datetime
from pathlib import Path
from typing import Any

from operator_app import pacing
from operator_app.domain.changes import (
    Connection,
    ConnectionChanged,
    ContactChanged,
    KbChanged,
    KbSyncProgress,
    MessageReceived,
    OperatorStateChanged,
    OutboxChanged,
    QueueChanged,
    QueueSummaryChanged,
    ServerEvent,
    WorkModeChanged,
)
from operator_app.domain.contacts import (
    ACTIVE,
    Contact,
    ContactState,
    Message,
    QueueSummary,
    parse_time,
)
from operator_app.paths import Paths
from operator_app.search import SearchEngine, SearchResult, heap
from operator_app.search.engine import RESULT_LIMIT
from operator_app.services.bus import ChangeBus
from operator_app.services.conversation import Conversation
from operator_app.services.kb_content import KbContent, SearchStatsSender, recent_badges
from operator_app.services.keys import store_key
from operator_app.services.queue_state import QueueState
from operator_app.services.verification import VerificationDesk
from operator_app.store import Cursors, Drafts, KbStore, LocalStore, Outbox
from operator_app.store.crypto import AesGcmCipher
from operator_app.sync.client import ApiClient
from operator_app.sync.errors import NetworkError, SyncError
from operator_app.sync.events import EventStream
from operator_app.sync.kb_sync import KbSync
from operator_app.sync.outbox import OutboxReplayer
from operator_app.sync.tokens import TokenVault

#: events passed on as they are (ServerEvent): the supervisor's notices to operators, the
#: board's news for monitor mode, expert-system proposals
SERVER_EVENTS = frozenset(
    {
        "kb.proposal",
        "team.message",
        "contact.whisper",
        "contact.rated",
        "operator.forced_state",
        "operator.logged_out",
        "operator.help_requested",
        "kpi.changed",
    }
)
#: the not-ready reason of a locked workstation (resources/reason_codes.json)
LOCK_REASON = "locked"
log = logging.getLogger("services")
#: more changes than this (or a quarter of the index) rebuild the index instead of a delta
REBUILD_AT = 2000
#: a first sync indexes the stored pages in chunks of this many changes (bulk build per chunk)
INDEX_CHUNK = 5000


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
        #: the first line's waiting calls and chats (a first-line operator's; None otherwise)
        self.queue_summary: QueueSummary | None = None
        self.conversations: dict[int, Conversation] = {}
        self.engine: SearchEngine | None = None
        self.store: LocalStore | None = None
        self._stream: EventStream | None = None
        self._last_event: str | None = None
        self._lock = threading.RLock()
        self._kb_lock = threading.Lock()  # one KB sync at a time
        self._kb_wanted = threading.Event()  # a KB sync was asked for (kb.changed events)
        self._kb_worker: threading.Thread | None = None
        self.connection = Connection.CONNECTING
        self._closing = False
        #: zero-result and low-confidence queries, sent every minute and at logout
        self.search_stats = SearchStatsSender(self.client)
        self.kb_content = KbContent(self.client, {})
        #: the region of the contact in front of the operator (set by the UI)
        self.context_region: str | None = None
        #: identity verification of the contacts worked on (what citizens said: memory only)
        self.verification = VerificationDesk(self.client)

    # --- session -------------------------------------------------------------------------
    def login(self, username: str, password: str) -> dict[str, Any]:
        self.user = self.client.login(username, password)
        self.queue = QueueState(int(self.user["id"]), str(self.user["role"]), self.user)
        self.kb_content = KbContent(self.client, self.user)
        self.verification.second_line = self.user.get("line") == 2
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
            on_snapshot=self._on_snapshot,
        )
        self._stream.start()
        self.search_stats.start()

    def close(self) -> None:
        self._closing = True
        self.verification.forget_all()
        # at quit, the last minute of statistics goes out only if the server is there
        self.search_stats.stop(send=self.client.logged_in and self.connection == Connection.ONLINE)
        if self._stream is not None:
            self._stream.stop()
            self._stream = None
        if self.store is not None:
            self.store.close()
            self.kb_store.close()
            self.store = None
        self.client.close()

    def logout(self) -> None:
        self.search_stats.stop()  # while the session still works
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
            if isinstance(snapshot.get("summary"), dict):
                self._on_snapshot("queue.summary", snapshot["summary"])
            state = self.client.state()
            self.bus.publish(operator_state(state))
            for contact_id in list(self.conversations):
                self._refresh_conversation(contact_id)
            # what this operator was working on before a restart or a crash opens again
            for item in snapshot.get("mine") or ():
                if int(item["id"]) not in self.conversations:
                    self._refresh_conversation(int(item["id"]), "restored")
            self.drain_outbox()
        except SyncError as exc:
            log.warning("reconciliation failed: %s", exc.message_en)

    def _refresh_conversation(self, contact_id: int, event: str = "refreshed") -> None:
        detail = self.client.contact(contact_id)
        conv = Conversation.from_detail(detail)
        with self._lock:
            self.conversations[contact_id] = conv
        self.bus.publish(ContactChanged(conv.contact, event))

    def _on_snapshot(self, type_: str, data: dict[str, Any]) -> None:
        if type_ != "queue.summary":
            return
        try:
            summary = QueueSummary.from_wire(data)
        except (KeyError, TypeError, ValueError):
            log.warning("unreadable queue summary ignored")
            return
        self.queue_summary = summary
        self.bus.publish(QueueSummaryChanged(summary))

    def _on_event(self, event_id: int, type_: str, data: dict[str, Any]) -> None:
        self._last_event = str(event_id)
        if type_.startswith("contact."):
            self._on_contact_event(event_id, type_, data)
        elif type_ == "operator.state":
            if data.get("user_id") in (None, self.user.get("id")):
                self.bus.publish(operator_state(data))
            else:  # a supervisor follows every operator's state: the board's, not its own
                self.bus.publish(ServerEvent(type_, data, event_id))
        elif type_ == "operator.line_assigned":
            # the line routing serves this user on changed: the queue view follows
            self.user["line"] = data.get("line")
            self.bus.publish(ServerEvent(type_, data, event_id))
            self._reconcile()
        elif type_ == "work_mode.changed":
            self.bus.publish(WorkModeChanged(data["mode"]))
        elif type_ in SERVER_EVENTS or type_.startswith("alert."):
            self.bus.publish(ServerEvent(type_, data, event_id))
        elif type_ == "kb.changed":
            self.request_kb_sync()

    def _on_contact_event(self, event_id: int, type_: str, data: dict[str, Any]) -> None:
        if type_ in SERVER_EVENTS:  # not about the contact's state: no contact summary
            self.bus.publish(ServerEvent(type_, data, event_id))
            return
        assert self.queue is not None
        with self._lock:
            change = self.queue.apply(event_id, type_, data)
        if change is not None:
            self.bus.publish(change)
        summary = data["contact"]
        if self.user.get("role") == "supervisor":
            # monitor mode keeps each operator's contacts in hand from these (the board)
            news = {
                "id": data.get("id"),
                "state": data.get("state"),
                "number": summary.get("number"),
                "channel": summary.get("channel"),
                "owner_id": summary.get("owner_id"),
            }
            if type_ == "contact.message":  # a live chat the supervisor may be following
                news["message"] = data.get("message")
            self.bus.publish(ServerEvent(type_, news, event_id))
        contact = Contact.from_wire(summary)
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
    def unlock(self, password: str) -> None:
        """Check the operator's password with the server (AuthError when wrong)."""
        self.client.check_password(str(self.user["username"]), password)

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
        """End the talk; offline, the end waits in the outbox and wrap-up may begin at once."""
        self.outbox.add("POST", f"/contacts/{contact_id}/end", None)
        with self._lock:
            conv = self.conversations.get(contact_id)
            if conv is not None and conv.contact.state in ACTIVE:
                # the server's contact.ended (or the reconnect's snapshot) confirms this
                conv.contact = conv.contact.with_state(ContactState.WRAP_UP)
            else:
                conv = None
        if conv is not None:
            self.bus.publish(ContactChanged(conv.contact, "ended"))
        self._send_queued()

    def wrap_up(self, contact_id: int, disposition: str, resolved: bool, notes: str) -> None:
        """Close the contact; offline, the wrap-up waits in the outbox and the tab closes."""
        self.outbox.add(
            "POST",
            f"/contacts/{contact_id}/wrap-up",
            {"disposition": disposition, "resolved": resolved, "notes": notes},
        )
        with self._lock:
            conv = self.conversations.pop(contact_id, None)
        self.verification.forget(contact_id)
        self.drafts.delete(contact_id)
        if conv is not None:
            self.bus.publish(ContactChanged(conv.contact.with_state(ContactState.CLOSED), "closed"))
        self._send_queued()

    def _queue_action(self, method: str, path: str, body: dict[str, Any] | None) -> None:
        """Actions that must not be lost go through the outbox (with their Idempotency-Key)."""
        self.outbox.add(method, path, body)
        self._send_queued()

    def _send_queued(self) -> None:
        """Send the outbox now, unless the event stream already says the server is gone:
        then the entries wait for the reconnect's drain, and the action returns at once
        instead of spending the retry policy's seconds on a server that is not there."""
        if self.connection is Connection.OFFLINE:
            pending, failed = self.outbox.counts()
            self.bus.publish(OutboxChanged(pending, failed))
            return
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
        """Pull the expert system's changes and bring the search index up to date.

        Progress goes out on the bus as `KbSyncProgress` (the status bar's progress bar).
        Searches go on meanwhile: a large change set (a first sync) builds a new index beside
        the old one and swaps it in; a delta goes into the live index card by card.
        """

        def report(done: int, total: int | None) -> None:
            self.bus.publish(KbSyncProgress(done, total))
            if progress is not None:
                progress(done, total)

        with self._kb_lock, pacing.paced():
            try:
                # A first sync (empty local copy) indexes page by page into a new engine while
                # the next page downloads; later syncs update the live index afterwards.
                fresh = SearchEngine() if self.kb.count() == 0 else None
                pending: list[dict[str, Any]] = []

                def index_pages(items: list[dict[str, Any]]) -> None:
                    pending.extend(items)
                    if fresh is not None and len(pending) >= INDEX_CHUNK:
                        self._index_page(fresh, pending)
                        pending.clear()

                sync = KbSync(self.client, self.kb, self.cursors)
                changed = sync.sync(report, None if fresh is None else index_pages)
                if fresh is not None and pending:
                    self._index_page(fresh, pending)
                if fresh is not None and self.kb.count() == len(fresh):
                    heap.settle()
                    with self._lock:
                        old, self.engine = self.engine, fresh
                    if old is not None:
                        # freed in one piece, the old index would hold the GIL for 100+ ms
                        heap.release_gradually(old.bulk_containers(), owner=old)
                        del old
                else:
                    self._index_changes(changed)
            finally:
                self.bus.publish(KbSyncProgress(finished=True))
        self.bus.publish(KbChanged(tuple(changed), self.kb.count()))
        return changed

    @staticmethod
    def _index_page(engine: SearchEngine, items: list[dict[str, Any]]) -> None:
        """Put stored feed pages into an index being built (a first sync)."""
        engine.upsert_many(
            {**item["article"], "id": item["id"]} for item in items if item["op"] != "deleted"
        )
        for item in items:
            if item["op"] == "deleted":
                engine.delete(str(item["id"]))

    def _index_changes(self, changed: list[str]) -> None:
        engine = self.engine
        if engine is None or len(changed) > max(REBUILD_AT, len(engine) // 4):
            self.load_local_kb()
            return
        if not changed:
            return
        upserts, deletes = [], []
        for article_id in changed:
            article = self.kb.get(article_id)
            if article is None:
                deletes.append(article_id)
            else:
                upserts.append(article)
        engine.apply_delta(upserts, deletes)
        engine.compact_if_needed()
        heap.settle()

    def request_kb_sync(self) -> None:
        """Sync the KB soon on a background thread; requests made meanwhile coalesce into one
        more sync (a burst of kb.changed events costs one or two syncs, not one each)."""
        self._kb_wanted.set()
        with self._lock:
            if self._kb_worker is not None and self._kb_worker.is_alive():
                return
            self._kb_worker = threading.Thread(target=self._kb_sync_loop, daemon=True)
            self._kb_worker.start()

    def _kb_sync_loop(self) -> None:
        while self._kb_wanted.is_set():
            self._kb_wanted.clear()
            try:
                self._quiet(self.sync_kb)()
            except Exception:
                if not self._closing:
                    raise
                # closing: the store went away under a sync; the next start resumes it
                log.info("expert system sync stopped at close")
                return
            with self._lock:
                if not self._kb_wanted.is_set():
                    self._kb_worker = None
                    return

    def load_local_kb(self) -> int:
        """Build the search index from the local copy (works offline) and swap it in."""
        engine = SearchEngine.from_articles(list(self.kb.articles()))
        heap.settle()  # the new index leaves the collector's generations (short GC pauses)
        with self._lock:
            self.engine = engine
        # the window shows the local copy (count, filters, marks) before any sync, even offline
        self.bus.publish(KbChanged((), len(engine)))
        return len(engine)

    def search_text(
        self,
        query: str,
        *,
        agency: str | None = None,
        category: str | None = None,
        line: int | None = None,
    ) -> SearchResult | None:
        """Search with the region of the contact being worked on (regional cards first) and
        the pane's filters.

        The one search path of the window; `operator-app kb search` ranks with the same
        engine call and limit (tests/search/test_cli_determinism.py proves it).
        """
        result = self.search(
            query, region=self.context_region, agency=agency, category=category, line=line
        )
        if agency is None and category is None and line is None:
            # a filtered query that finds nothing says nothing about the expert system
            self.search_stats.observe(query, result)
        return result

    def search(
        self,
        query: str,
        region: str | None = None,
        limit: int = RESULT_LIMIT,
        *,
        agency: str | None = None,
        category: str | None = None,
        line: int | None = None,
    ) -> SearchResult | None:
        engine = self.engine
        if engine is None or not query.strip():
            return None
        return engine.search(
            query, region=region, agency=agency, category=category, line=line, limit=limit
        )

    def kb_facets(self) -> dict[str, list[str]]:
        """What the search filters offer (agencies, categories of the local copy)."""
        engine = self.engine
        return engine.facets() if engine is not None else {"agency": [], "category": []}

    def recent_kb_changes(self) -> dict[str, datetime]:
        """Cards whose version changed in the last days (marked in search results)."""
        return recent_badges(self.kb)

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
        if isinstance(snapshot.get("summary"), dict):
            self._on_snapshot("queue.summary", snapshot["summary"])
        return change
