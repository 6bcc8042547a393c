"""Simulated first-line operators: log in, follow /events, take offers, chat, end, wrap up.

Each `SimulatedOperator` behaves like a person at the workstation: ready, accepts every offer
made to it, greets a chat citizen and answers once or twice, ends after a handling time, spends
a moment in wrap-up, gives a disposition and is ready again (also after the server set it
not ready: a missed offer, a dropped stream). Many share one `httpx.AsyncClient`.

What they do is reported to an `Observer` (every request with its status and round trip,
every event frame as received, every dropped stream), so the load benchmark measures from the
outside and a live board can count; the operators themselves measure nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from routing_api.simulation.sse_stream import RawFrame, StreamRefused, follow_events
from routing_api.simulation.traffic import lognormal

API = "/api/v1"
GREETINGS = (
    "Здравствуйте! Меня зовут {name}, я оператор ЕКЦ. Чем могу помочь?",
    "Добрый день! Оператор ЕКЦ {name}. Сейчас посмотрю ваш вопрос.",
)
ANSWERS = (
    "Подать заявление можно на Госуслугах или в клиентской службе СФР.",
    "Срок рассмотрения — до 10 рабочих дней, ответ придёт в личный кабинет.",
    "Понимаю. Уточните, пожалуйста, в каком регионе вы проживаете?",
    "Документы можно загрузить на портале, визит не нужен.",
)
#: an access token is refreshed after this share of its lifetime
REFRESH_AT = 0.8
#: the frames an operator acts on; every other frame is only handed to the observer
OWN_TYPES = frozenset({b"contact.offered", b"operator.state"})


@dataclass(frozen=True)
class Frame:
    """One event as it came off the stream (the data left as bytes: parsing is the reader's)."""

    id: int
    type: str
    data: bytes


class Observer(Protocol):
    """Hears what simulated operators (and whatever else shares it) do and receive."""

    def request(self, name: str, status: int, seconds: float) -> None:
        """A request got an answer (`name` such as "accept"; status 0 = no answer at all)."""

    def frames(self, user_id: int, frames: Sequence[Frame], received: float) -> None:
        """Event frames one follower received at `received` (epoch seconds)."""

    def dropped(self, user_id: int, why: str) -> None:
        """An event stream ended or failed while it should have stayed open."""


class NullObserver:
    """Counts nothing."""

    def request(self, name: str, status: int, seconds: float) -> None:
        pass

    def frames(self, user_id: int, frames: Sequence[Frame], received: float) -> None:
        pass

    def dropped(self, user_id: int, why: str) -> None:
        pass


@dataclass(frozen=True)
class OperatorOptions:
    """How long things take; every duration is a mean in seconds (lognormal draws)."""

    #: accept → end, by channel
    talk_s: dict[str, float] = field(default_factory=lambda: {"voice": 60.0, "chat": 100.0})
    #: end → disposition (after-contact work the operator does by hand)
    wrap_s: float = 5.0
    #: how long before the operator writes in a chat (each message)
    typing_s: tuple[float, float] = (2.0, 6.0)
    #: operator messages per chat
    messages: tuple[int, int] = (1, 2)
    #: how soon the operator notices the server made it not ready, and is ready again
    back_to_ready_s: float = 1.0
    #: wrap-up results to pick from (codes from GET /dispositions)
    dispositions: tuple[str, ...] = ("consultation_given",)
    #: seconds between SSE keep-alives the server sends (the stream's read timeout is 3×)
    keepalive_s: float = 15.0


Citizen = Callable[["SimulatedOperator", int], Awaitable[None]]


class ApiSession:
    """One logged-in account on one server: timed requests, tokens refreshed on 401."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        server: str,
        username: str,
        password: str,
        *,
        observer: Observer | None = None,
    ) -> None:
        self.http = http
        self.server = server.rstrip("/")
        self.username = username
        self._password = password
        self.observer: Observer = observer or NullObserver()
        self.user_id = 0
        self.full_name = username
        self._access = ""
        self._refresh = ""
        self._refresh_at = float("inf")
        self._auth_lock = asyncio.Lock()

    async def login(self) -> None:
        """Open a session (raises httpx.HTTPStatusError when refused)."""
        body = {"username": self.username, "password": self._password}
        response = await self._timed("login", "POST", "/auth/login", body)
        response.raise_for_status()
        data = response.json()
        self._take_tokens(data)
        self.user_id = int(data["user"]["id"])
        self.full_name = str(data["user"].get("full_name") or self.username)

    async def _reauthenticate(self, stale: str) -> None:
        """Refresh the tokens (or log in again) unless another task already did."""
        async with self._auth_lock:
            if self._access != stale:
                return
            response = await self.http.post(
                self.server + API + "/auth/refresh", json={"refresh_token": self._refresh}
            )
            if response.status_code == 200:
                self._take_tokens(response.json())
            else:
                await self.login()

    def _take_tokens(self, data: dict[str, Any]) -> None:
        self._access, self._refresh = data["access_token"], data["refresh_token"]
        # refreshed ahead of expiry, as the workstation does: a request never meets a 401
        # for a token that merely aged (at 600 operators that was a burst of 401s every
        # 15 minutes, each a failed request and a retry)
        lifetime = float(data.get("expires_in") or 900)
        self._refresh_at = time.monotonic() + lifetime * REFRESH_AT

    async def _fresh_token(self) -> None:
        if self._access and time.monotonic() >= self._refresh_at:
            await self._reauthenticate(self._access)

    async def _timed(
        self, name: str, method: str, path: str, body: Any = None, *, key: str | None = None
    ) -> httpx.Response:
        """One request, reported to the observer."""
        if name != "login":
            await self._fresh_token()
        headers = {"Authorization": f"Bearer {self._access}"} if self._access else {}
        if key is not None:
            headers["Idempotency-Key"] = key
        started = time.perf_counter()
        try:
            response = await self.http.request(
                method, self.server + API + path, json=body, headers=headers
            )
        except httpx.TransportError:
            self.observer.request(name, 0, time.perf_counter() - started)
            raise
        self.observer.request(name, response.status_code, time.perf_counter() - started)
        return response

    async def call(
        self, name: str, method: str, path: str, body: Any = None, *, attempts: int = 3
    ) -> httpx.Response | None:
        """A mutation with an Idempotency-Key, retried with the same key after a transport
        error, a 5xx or an expired token; the final response, or None if none came."""
        key = uuid.uuid4().hex
        for attempt in range(attempts):
            token = self._access
            try:
                response = await self._timed(name, method, path, body, key=key)
            except httpx.TransportError:
                await asyncio.sleep(0.5 * (attempt + 1))
                continue
            if response.status_code == 401:
                await self._reauthenticate(token)
                continue
            if response.status_code >= 500 or response.status_code == 429:
                await asyncio.sleep(0.5 * (attempt + 1))
                continue
            return response
        return None


class SimulatedOperator(ApiSession):
    """One first-line operator account driven like a person at the workstation."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        server: str,
        username: str,
        password: str,
        *,
        options: OperatorOptions | None = None,
        observer: Observer | None = None,
        rng: random.Random | None = None,
        citizen: Citizen | None = None,
    ) -> None:
        super().__init__(http, server, username, password, observer=observer)
        self.options = options or OperatorOptions()
        self.rng = rng or random.Random()
        #: called after each chat message the operator sends (the citizen's side may answer)
        self.citizen = citizen
        self.last_event_id: int | None = None
        self.connected = asyncio.Event()
        self.stopping = False
        #: contacts this operator is talking in now
        self.active: set[int] = set()
        self._handling: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.accepted = 0
        self.finished = 0

    async def ready(self) -> None:
        await self.call("ready", "PUT", "/operators/me/state", {"state": "ready"})

    # ---- the event stream --------------------------------------------------------------------

    async def follow(self) -> None:
        """Follow GET /events until cancelled, resuming with Last-Event-ID after a drop."""
        while not self.stopping:
            why = "closed by the server"
            try:
                await self._stream()
            except asyncio.CancelledError:
                raise
            except (httpx.HTTPError, StreamRefused, OSError, TimeoutError, EOFError) as exc:
                why = f"{type(exc).__name__}: {exc}"
            self.connected.clear()
            if self.stopping:
                return
            self.observer.dropped(self.user_id, why)
            await asyncio.sleep(0.5 + self.rng.random())

    async def _stream(self) -> None:
        await self._fresh_token()
        token = self._access
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = str(self.last_event_id)
        try:
            await follow_events(
                self.server + API + "/events",
                headers,
                self._received,
                read_timeout=3 * self.options.keepalive_s,
            )
        except StreamRefused as refused:
            if refused.status != 401:
                raise
            await self._reauthenticate(token)

    def _received(self, raw: list[RawFrame], received: float) -> None:
        frames: list[Frame] = []
        for event_id, event, data in raw:
            if event == b"hello":
                if self.last_event_id is None:
                    with contextlib.suppress(ValueError, KeyError):
                        self.last_event_id = int(json.loads(data)["cursor"])
                self.connected.set()
                continue
            if not event_id.isdigit():
                continue
            frame = Frame(int(event_id), event.decode(), data)
            if self.last_event_id is not None and frame.id <= self.last_event_id:
                continue
            self.last_event_id = frame.id
            frames.append(frame)
            if event in OWN_TYPES:
                self._act_on(frame)
        if frames:
            self.observer.frames(self.user_id, frames, received)

    def _act_on(self, frame: Frame) -> None:
        if frame.type == "contact.offered":
            mine = b'"offered_to":%d,' % self.user_id
            if mine not in frame.data:
                return
            data = json.loads(frame.data)
            if data.get("offered_to") == self.user_id and data["id"] not in self._handling:
                self._handling.add(data["id"])
                self.spawn(self._handle(int(data["id"])))
        elif frame.type == "operator.state":
            data = json.loads(frame.data)
            if data.get("user_id") == self.user_id and data.get("state") == "not_ready":
                # the server set it (missed offer, dropped stream): the operator comes back
                self.spawn(self._back_to_ready())

    def spawn(self, coro: Awaitable[None]) -> asyncio.Task[None]:
        """A task the operator cancels when it stops."""
        task: asyncio.Task[None] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def stop(self) -> None:
        """Cancel everything this operator is doing."""
        self.stopping = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # ---- the work ----------------------------------------------------------------------------

    async def _back_to_ready(self) -> None:
        await asyncio.sleep(self.options.back_to_ready_s)
        if not self.active:
            await self.ready()

    async def _handle(self, contact_id: int) -> None:
        """Accept, talk (chat: write and read), end, wrap up, ready again."""
        try:
            response = await self.call("accept", "POST", f"/contacts/{contact_id}/accept")
            if response is None or response.status_code != 200:
                return  # a lost race (the offer timed out or the citizen left) or an error
            self.accepted += 1
            channel = str(response.json().get("channel", "voice"))
            self.active.add(contact_id)
            began = time.monotonic()
            opts = self.options
            talk = lognormal(self.rng, opts.talk_s.get(channel, opts.talk_s["voice"]), 0.5)
            if channel == "chat":
                for i in range(self.rng.randint(*opts.messages)):
                    await asyncio.sleep(self.rng.uniform(*opts.typing_s))
                    text = (
                        self.rng.choice(GREETINGS).format(name=self.full_name.split()[0])
                        if i == 0
                        else self.rng.choice(ANSWERS)
                    )
                    sent = await self.call(
                        "message", "POST", f"/contacts/{contact_id}/messages", {"text": text}
                    )
                    if sent is None or sent.status_code != 201:
                        break
                    if self.citizen is not None:
                        self.spawn(self.citizen(self, contact_id))
            await asyncio.sleep(max(0.0, talk - (time.monotonic() - began)))
            ended = await self.call("end", "POST", f"/contacts/{contact_id}/end")
            self.active.discard(contact_id)
            if ended is None or ended.status_code != 200:
                return
            await asyncio.sleep(lognormal(self.rng, opts.wrap_s, 0.5))
            disposition = self.rng.choice(opts.dispositions)
            body = {"disposition": disposition, "resolved": self.rng.random() < 0.8}
            await self.call("wrap-up", "POST", f"/contacts/{contact_id}/wrap-up", body)
            self.finished += 1
            if not self.active:
                await self.ready()
        finally:
            self.active.discard(contact_id)
            self._handling.discard(contact_id)
