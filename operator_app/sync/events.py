"""Following GET /events on a daemon thread: ordered delivery, resume, reconnect with backoff."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from collections.abc import Callable
from typing import Any

import httpx

from operator_app.domain.changes import Connection
from operator_app.sync.backoff import Backoff
from operator_app.sync.client import ApiClient
from operator_app.sync.errors import InvalidError, NetworkError, ProtocolError, SyncError
from operator_app.sync.sse import SseEvent, SseParser

log = logging.getLogger("sync")

EventHandler = Callable[[int, str, dict[str, Any]], None]
ConnectionHandler = Callable[[Connection, str], None]
SnapshotHandler = Callable[[str, dict[str, Any]], None]
#: id-less frames that carry a state to replace, not an event to apply in order
SNAPSHOT_TYPES = frozenset({"queue.summary"})

#: drop reasons passed to on_connection (stable codes the UI maps to words)
CLOSED = "stream_closed"
BAD_FRAME = "bad_frame"
TIMEOUT = "timeout"


class EventStream:
    """Delivers the user's events in id order and resumes after any drop without a gap.

    Callbacks run on the stream's own thread: `on_event(id, type, data)` for each event,
    `on_snapshot(type, data)` for each id-less snapshot frame (SNAPSHOT_TYPES),
    `on_connection(state, reason)` on every change of the link, and `on_resumed()` after each
    successful (re)connect so services reconcile with a REST snapshot. An exception from
    `on_resumed` counts as a drop (the reconcile is retried with the next connect).
    """

    def __init__(
        self,
        client: ApiClient,
        on_event: EventHandler,
        on_connection: ConnectionHandler,
        on_resumed: Callable[[], None],
        last_event_id: Callable[[], str | None],
        *,
        keepalive_s: float = 15.0,
        max_delay_s: float = 30.0,
        on_snapshot: SnapshotHandler | None = None,
    ) -> None:
        self._client = client
        self._on_event = on_event
        self._on_snapshot = on_snapshot
        self._on_connection = on_connection
        self._on_resumed = on_resumed
        self._last_event_id = last_event_id
        self.keepalive_s = keepalive_s
        self.max_delay_s = max_delay_s
        #: the server's `retry:` (SSE reconnection time), 2 s until it says otherwise
        self.retry_s = 2.0
        self._last_id: int | None = None
        self._external_id_refused = False
        self._stop = threading.Event()
        self._guard = threading.Lock()
        self._response: httpx.Response | None = None
        self._thread: threading.Thread | None = None
        self._established = False
        #: successful (re)connections so far
        self.connects = 0

    @property
    def last_id(self) -> int | None:
        """The id of the last event delivered."""
        return self._last_id

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> EventStream:
        if self._thread is not None:
            raise RuntimeError("the event stream was started already")
        self._thread = threading.Thread(target=self._run, name="sync-events", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """End the stream promptly: the open connection is cut under the reader, then joined."""
        self._stop.set()
        self._abort()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("event stream thread did not end within %.0f s", timeout)

    def reconnect_now(self) -> None:
        """Drop the current connection (as a network failure would); it resumes by itself."""
        self._abort()

    def _abort(self) -> None:
        with self._guard:
            response = self._response
        if response is not None:
            _cut(response)

    # -- the thread ------------------------------------------------------------------------

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            self._notify(Connection.CONNECTING, "")
            self._established = False
            try:
                self._follow()
                reason = CLOSED
            except SyncError as exc:
                reason = exc.code
            except Exception:  # a bug must not end the stream for good
                log.exception("event stream failed")
                reason = "internal_error"
            if self._stop.is_set():
                break
            failures = 0 if self._established else failures + 1
            self._notify(Connection.OFFLINE, reason)
            delay = Backoff(base=self.retry_s, cap=max(self.retry_s, self.max_delay_s)).delay(
                failures
            )
            log.info("event stream dropped (%s); reconnecting in %.1f s", reason, delay)
            self._stop.wait(delay)
        self._notify(Connection.OFFLINE, "stopped")

    def _follow(self) -> None:
        """One connection, read until it ends or fails."""
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        last = self._resume_from()
        if last is not None:
            headers["Last-Event-ID"] = last
        try:
            response = self._client.open_stream(
                "/events", headers=headers, read_timeout=2 * self.keepalive_s
            )
        except InvalidError as exc:
            if exc.code == "invalid_last_event_id":
                # cannot resume from there: start from now; on_resumed reconciles
                log.warning("the server refused the stream position; starting from now")
                self._last_id, self._external_id_refused = None, True
            raise
        with self._guard:
            self._response = response
        if self._stop.is_set():
            _cut(response)
        try:
            if not response.headers.get("content-type", "").startswith("text/event-stream"):
                raise ProtocolError(code=BAD_FRAME)
            parser = SseParser()
            for chunk in response.iter_bytes():
                for event in parser.feed(chunk):
                    self._handle(event)
                if parser.retry_ms is not None:
                    self.retry_s = max(0.1, parser.retry_ms / 1000)
        except httpx.TimeoutException as exc:
            raise NetworkError(code=TIMEOUT) from exc
        except httpx.HTTPError as exc:
            raise NetworkError() from exc
        finally:
            with self._guard:
                self._response = None
            response.close()

    def _resume_from(self) -> str | None:
        if self._last_id is not None:
            return str(self._last_id)
        if self._external_id_refused:
            return None
        return self._last_event_id()

    def _handle(self, event: SseEvent) -> None:
        """Deliver one frame in order; the hello frame marks the stream (re)established."""
        if event.type == "hello":
            _decode(event.data)
            self.connects += 1
            self._notify(Connection.ONLINE, "")
            self._on_resumed()
            self._established = True
            return
        if not event.has_id:
            # a snapshot (queue.summary): the newest replaces the last, nothing to resume
            if self._on_snapshot is None or event.type not in SNAPSHOT_TYPES:
                log.debug("event without id ignored (%s)", event.type)
                return
            try:
                data = _decode(event.data)
            except ProtocolError:
                # unlike a lost event, a bad snapshot costs nothing the next one won't bring
                log.warning("unreadable %s snapshot ignored", event.type)
                return
            try:
                self._on_snapshot(event.type, data)
            except Exception:
                log.exception("handling the %s snapshot failed", event.type)
            return
        if event.id is None or not event.id.isdigit():
            raise ProtocolError(code=BAD_FRAME)
        event_id, data = int(event.id), _decode(event.data)
        if self._last_id is not None and event_id <= self._last_id:
            log.warning("event %d repeated or out of order; skipped", event_id)
            return
        try:
            self._on_event(event_id, event.type, data)
        except Exception:
            log.exception("handling event %d (%s) failed", event_id, event.type)
        self._last_id = event_id

    def _notify(self, state: Connection, reason: str) -> None:
        try:
            self._on_connection(state, reason)
        except Exception:
            log.exception("connection handler failed")


def _decode(data: str) -> dict[str, Any]:
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise ProtocolError(code=BAD_FRAME) from exc
    if not isinstance(value, dict):
        raise ProtocolError(code=BAD_FRAME)
    return value


def _cut(response: httpx.Response) -> None:
    """Wake a reader blocked on `response` by shutting its socket down (from any thread).

    Closing an fd does not wake a thread blocked reading it on Linux; shutdown does. Without a
    socket (another transport) the response is closed instead.
    """
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    else:
        response.close()
