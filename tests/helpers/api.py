"""A running routing API on 127.0.0.1 and thin HTTP clients for tests."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

API = "/api/v1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RoutingServer:
    """`routing-api serve` as a child process on a free loopback port."""

    def __init__(self, database_url: str, log_path: Path, *extra: str) -> None:
        self.database_url = database_url
        self.log_path = log_path
        self.extra = extra
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> RoutingServer:
        self.port = self.port or free_port()
        with self.log_path.open("ab") as log:
            self.proc = self._spawn(log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"routing-api exited: {self.log_path.read_text()[-3000:]}")
            try:
                if httpx.get(self.url + "/ready", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"routing-api did not start: {self.log_path.read_text()[-3000:]}")

    def _spawn(self, log: Any) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "routing_api",
                "serve",
                "--port",
                str(self.port),
                "--database",
                self.database_url,
                "--virtual-clock",
                "--log-level",
                "warning",
                *self.extra,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )

    def stop(self, *, kill: bool = False) -> None:
        if self.proc is None:
            return
        if kill:
            self.proc.kill()
        else:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def client(
        self, username: str | None = None, password: str = "demo", timeout: float = 30.0
    ) -> Client:
        client = Client(self.url, timeout)
        if username:
            client.login(username, password)
        return client

    def advance(self, seconds: float) -> None:
        r = httpx.post(
            self.url + API + "/test/clock/advance", json={"seconds": seconds}, timeout=30
        )
        r.raise_for_status()


#: helper clients not closed yet; tests/conftest.py closes what a test leaves open, so no
#: socket is left for the garbage collector to find (a ResourceWarning in a later test)
OPEN_CLIENTS: set[Client] = set()
#: event readers still connected; closed after each test the same way
OPEN_READERS: set[EventReader] = set()


class Client:
    """One logged-in user talking JSON to the API."""

    def __init__(self, base: str, timeout: float = 30.0) -> None:
        self.base = base
        self.http = httpx.Client(base_url=base + API, timeout=timeout)
        OPEN_CLIENTS.add(self)
        self.user: dict[str, Any] = {}
        self.token = ""

    def login(self, username: str, password: str = "demo") -> dict[str, Any]:
        r = self.http.post("/auth/login", json={"username": username, "password": password})
        r.raise_for_status()
        body = r.json()
        self.token = body["access_token"]
        self.user = body["user"]
        self.http.headers["Authorization"] = f"Bearer {self.token}"
        return body

    @property
    def id(self) -> int:
        return int(self.user["id"])

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.get(path, **kw)

    def post(
        self, path: str, json: Any = None, key: str | None = None, **kw: Any
    ) -> httpx.Response:
        headers = {"Idempotency-Key": key} if key else {}
        return self.http.post(path, json=json, headers=headers, **kw)

    def put(self, path: str, json: Any = None, **kw: Any) -> httpx.Response:
        return self.http.put(path, json=json, **kw)

    def ok(self, response: httpx.Response, status: int | tuple[int, ...] = (200, 201)) -> Any:
        expected = (status,) if isinstance(status, int) else status
        assert response.status_code in expected, f"{response.status_code}: {response.text}"
        return response.json() if response.content else None

    # the few calls nearly every test makes
    def ready(self) -> dict[str, Any]:
        return self.ok(self.put("/operators/me/state", json={"state": "ready"}))

    def new_contact(
        self, channel: str = "chat", category: str = "pensions", **fields: Any
    ) -> dict[str, Any]:
        body = {
            "channel": channel,
            "category": category,
            "caller": {"name": "Иван Петров", "phone": "+79161234545"},
            **fields,
        }
        return self.ok(self.post("/contacts", json=body), 201)

    def contact(self, contact_id: int) -> dict[str, Any]:
        return self.ok(self.get(f"/contacts/{contact_id}"))

    def close(self) -> None:
        OPEN_CLIENTS.discard(self)
        self.http.close()


@dataclass(eq=False)
class EventReader:
    """Follows GET /events over a plain socket in a thread; `cut()` drops it like a network
    failure would (the socket is shut down under the reader), and `start()` resumes it."""

    base: str
    token: str
    last_event_id: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    #: id-less frames other than hello (queue.summary): {"type", "data"}
    snapshots: list[dict[str, Any]] = field(default_factory=list)
    connected: threading.Event = field(default_factory=threading.Event)
    _sock: socket.socket | None = None
    _thread: threading.Thread | None = None

    def start(self) -> EventReader:
        self.connected.clear()
        host, port = self.base.split("//", 1)[1].split(":")
        self._sock = socket.create_connection((host, int(port)), timeout=30)
        self._sock.settimeout(None)
        headers = [
            f"GET {API}/events HTTP/1.1",
            f"Host: {host}:{port}",
            f"Authorization: Bearer {self.token}",
            "Accept: text/event-stream",
        ]
        if self.last_event_id is not None:
            headers.append(f"Last-Event-ID: {self.last_event_id}")
        self._sock.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
        self._thread = threading.Thread(target=self._run, args=(self._sock,), daemon=True)
        self._thread.start()
        OPEN_READERS.add(self)
        assert self.connected.wait(15), "event stream did not open"
        return self

    def _run(self, sock: socket.socket) -> None:
        try:
            for frame in _frames(_lines(_chunks(sock.makefile("rb")))):
                if frame.get("event") == "hello":
                    self.connected.set()
                    continue
                if "id" in frame:
                    self.last_event_id = frame["id"]
                    self.events.append(
                        {
                            "id": int(frame["id"]),
                            "type": frame.get("event"),
                            "data": json.loads(frame["data"]),
                        }
                    )
                elif "event" in frame:
                    self.snapshots.append(
                        {"type": frame["event"], "data": json.loads(frame["data"])}
                    )
        except (OSError, ValueError):
            pass  # the connection was cut

    def cut(self) -> None:
        """Drop the connection abruptly."""
        OPEN_READERS.discard(self)
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.shutdown(socket.SHUT_RDWR)
            self._sock.close()
            self._sock = None
        if self._thread is not None:
            self._thread.join(10)
            assert not self._thread.is_alive()

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            # every event again each round: a predicate may hold only later (an offer may
            # arrive before the test has the contact's id from its POST reply)
            for event in list(self.events):
                if predicate(event):
                    return event
            time.sleep(0.02)
        raise AssertionError(f"no matching event; got {[e['type'] for e in self.events][-20:]}")

    def types(self) -> list[str]:
        return [e["type"] for e in self.events]

    def wait_for_snapshot(
        self, predicate: Any, timeout: float = 10.0, *, since: int = 0
    ) -> dict[str, Any]:
        """The first id-less frame (a `queue.summary`) from the `since`-th on that matches."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for frame in self.snapshots[since:]:
                if predicate(frame["data"]):
                    return frame["data"]
            time.sleep(0.02)
        raise AssertionError(
            f"no matching snapshot; got {[f['data'] for f in self.snapshots][-5:]}"
        )


def _chunks(stream: Any) -> Iterator[bytes]:
    """The body of a chunked HTTP/1.1 response."""
    status = stream.readline()
    if b" 200 " not in status:
        raise ValueError(f"event stream refused: {status!r}")
    while stream.readline() not in (b"\r\n", b""):
        pass
    while True:
        size_line = stream.readline()
        if not size_line:
            return
        size = int(size_line.strip() or b"0", 16)
        if size == 0:
            return
        yield stream.read(size)
        stream.readline()


def _lines(chunks: Iterator[bytes]) -> Iterator[str]:
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line.rstrip(b"\r").decode()


def _frames(lines: Iterator[str]) -> Iterator[dict[str, str]]:
    """SSE frames (field → value) from lines; comments dropped."""
    frame: dict[str, str] = {}
    for line in lines:
        if not line:
            if frame:
                yield frame
            frame = {}
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        frame[name] = value[1:] if value.startswith(" ") else value


def new_key() -> str:
    return uuid.uuid4().hex
