"""The channel gateway's side of the wire: login and refresh, retried POSTs, the event stream."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

API = "/api/v1"
#: refresh this long before the access token expires (or at half its life, if shorter)
REFRESH_MARGIN_S = 60.0

Sleep = Callable[[float], Awaitable[None]]


class GatewayError(Exception):
    """A request that could not be completed, even after retries."""


class LoginFailed(GatewayError):
    """The server refused the gateway's credentials."""


class Unreachable(GatewayError):
    """The server did not answer."""


@dataclass(frozen=True)
class Result:
    """A final answer: its status and JSON body (an error body for 4xx)."""

    status: int
    data: Any

    @property
    def code(self) -> str | None:
        """The API error code of an error answer."""
        return self.data.get("code") if isinstance(self.data, dict) else None


@dataclass(frozen=True)
class Event:
    """One event from GET /events."""

    id: int
    type: str
    data: dict[str, Any]


@dataclass
class Backoff:
    """Exponential delays with jitter, capped."""

    base: float = 0.5
    cap: float = 10.0
    #: give up on a request after this long (an idempotency lease of a request the server
    #: lost mid-way lasts 60 s) or this many attempts
    give_up_after: float = 90.0
    attempts: int = 50
    jitter: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, retry_after: float = 0.0) -> float:
        """The wait before retry number `attempt` (0-based), never below Retry-After."""
        wait = min(self.cap, self.base * 2.0**attempt) * (0.75 + self.jitter.random() / 2)
        return max(wait, retry_after)


def retry_after(response: httpx.Response) -> float:
    """The Retry-After header in seconds (0 if absent or a date)."""
    try:
        return max(0.0, float(response.headers.get("Retry-After", "0")))
    except ValueError:
        return 0.0


def _retryable(response: httpx.Response, body: Any) -> bool:
    if response.status_code >= 500 or response.status_code == 429:
        return True
    code = body.get("code") if isinstance(body, dict) else None
    return response.status_code == 409 and code == "idempotency_in_progress"


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


async def _frames(lines: AsyncIterator[str]) -> AsyncIterator[dict[str, str]]:
    """SSE frames as {field: value}; comments (keep-alives) are skipped."""
    frame: dict[str, str] = {}
    async for line in lines:
        if not line:
            if frame:
                yield frame
            frame = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(":")
            frame[name] = value[1:] if value.startswith(" ") else value


class Gateway:
    """A logged-in gateway account talking to the routing API."""

    def __init__(
        self,
        server: str,
        username: str,
        password: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        backoff: Backoff | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.server = server.rstrip("/")
        self._username = username
        self._password = password
        self._http = httpx.AsyncClient(
            base_url=self.server + API, timeout=httpx.Timeout(15.0), transport=transport
        )
        self.backoff = backoff or Backoff()
        self._sleep = sleep
        self._access = ""
        self._refresh = ""
        self._expires_at = 0.0
        self._auth_lock = asyncio.Lock()
        self.last_event_id: int | None = None
        self.connected = asyncio.Event()
        self.reconnects = 0

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def wait_ready(self, timeout: float) -> None:
        """Wait until the server answers GET /ready; Unreachable after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                response = await self._http.get(self.server + "/ready", timeout=3.0)
                if response.status_code == 200:
                    return
                problem = f"answered {response.status_code} to GET /ready"
            except httpx.TransportError as exc:
                problem = f"does not answer ({type(exc).__name__})"
            if time.monotonic() >= deadline:
                raise Unreachable(f"the routing API at {self.server} {problem}")
            await self._sleep(0.25)

    async def login(self) -> None:
        """Open a session with the username and password (LoginFailed / Unreachable)."""
        body = {"username": self._username, "password": self._password}
        try:
            response = await self._http.post("/auth/login", json=body)
        except httpx.TransportError as exc:
            raise Unreachable(f"the routing API at {self.server} does not answer") from exc
        if response.status_code != 200:
            data = _json(response)
            message = data.get("message_en") if isinstance(data, dict) else None
            raise LoginFailed(
                f"login as {self._username!r} failed: "
                f"HTTP {response.status_code} {message or response.reason_phrase}"
            )
        self._take_tokens(response.json())

    def _take_tokens(self, body: dict[str, Any]) -> None:
        self._access = str(body["access_token"])
        self._refresh = str(body["refresh_token"])
        ttl = float(body.get("expires_in", 900))
        self._expires_at = time.monotonic() + ttl - min(REFRESH_MARGIN_S, ttl / 2)

    def _headers(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    async def reauthenticate(self, stale: str) -> None:
        """Refresh (or log in again) unless another task already replaced `stale`."""
        async with self._auth_lock:
            if self._access != stale:
                return
            with contextlib.suppress(httpx.TransportError):
                response = await self._http.post(
                    "/auth/refresh", json={"refresh_token": self._refresh}
                )
                if response.status_code == 200:
                    self._take_tokens(response.json())
                    return
            await self.login()

    async def keep_fresh(self) -> None:
        """Refresh the tokens shortly before they expire, for as long as the task runs."""
        while True:
            await self._sleep(max(1.0, self._expires_at - time.monotonic()))
            if time.monotonic() >= self._expires_at:
                try:
                    await self.reauthenticate(self._access)
                except GatewayError:
                    await self._sleep(5.0)  # the next request's 401 will try again

    async def post(self, path: str, body: Any = None) -> Result:
        """POST with an Idempotency-Key, retried with the same key until a final answer."""
        key = uuid.uuid4().hex
        last = "no attempt"
        deadline = time.monotonic() + self.backoff.give_up_after
        for attempt in range(self.backoff.attempts):
            if attempt and time.monotonic() > deadline:
                break
            token = self._access
            headers = {**self._headers(token), "Idempotency-Key": key}
            try:
                response = await self._http.post(path, json=body, headers=headers)
            except httpx.TransportError as exc:
                last = type(exc).__name__
                await self._sleep(self.backoff.delay(attempt))
                continue
            data = _json(response)
            if response.status_code == 401:
                last = "401"
                await self.reauthenticate(token)
                continue
            if not _retryable(response, data):
                return Result(response.status_code, data)
            last = f"{response.status_code}"
            await self._sleep(self.backoff.delay(attempt, retry_after(response)))
        raise GatewayError(f"POST {path} gave up after {attempt + 1} attempts ({last})")

    async def follow(self, handle: Callable[[Event], None]) -> None:
        """Follow GET /events for as long as the task runs, resuming after every drop."""
        attempt = 0
        while True:
            token = self._access
            try:
                if await self._stream(token, handle):
                    attempt = 0
            except (httpx.TransportError, httpx.StreamError):
                pass
            self.connected.clear()
            self.reconnects += 1
            await self._sleep(min(15.0, self.backoff.delay(attempt)))
            attempt += 1

    async def _stream(self, token: str, handle: Callable[[Event], None]) -> bool:
        """One connection to the stream; True if it got as far as the hello."""
        headers = {**self._headers(token), "Accept": "text/event-stream"}
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = str(self.last_event_id)
        timeout = httpx.Timeout(15.0, read=45.0)  # the server sends keep-alives every 15 s
        async with self._http.stream("GET", "/events", headers=headers, timeout=timeout) as r:
            if r.status_code == 401:
                await self.reauthenticate(token)
                return False
            if r.status_code != 200:
                return False
            greeted = False
            async for frame in _frames(r.aiter_lines()):
                if frame.get("event") == "hello":
                    greeted = True
                    self._hello(frame.get("data", "{}"))
                elif "id" in frame and frame.get("id", "").isdigit():
                    self._deliver(frame, handle)
            return greeted

    def _hello(self, data: str) -> None:
        if self.last_event_id is None:
            with contextlib.suppress(ValueError, TypeError, KeyError):
                self.last_event_id = int(json.loads(data)["cursor"])
        self.connected.set()

    def _deliver(self, frame: dict[str, str], handle: Callable[[Event], None]) -> None:
        event_id = int(frame["id"])
        if self.last_event_id is not None and event_id <= self.last_event_id:
            return
        self.last_event_id = event_id
        try:
            data = json.loads(frame.get("data", "{}"))
        except ValueError:
            return
        if isinstance(data, dict):
            handle(Event(event_id, frame.get("event", "message"), data))
