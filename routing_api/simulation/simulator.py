"""The traffic simulator: Poisson arrivals through the gateway and citizens reacting to events."""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import sys
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

import httpx

from routing_api.demo.citizens import Citizen, generate_citizens
from routing_api.simulation.citizen import ChatCitizen, requested_items
from routing_api.simulation.gateway import Event, Gateway, GatewayError, Result
from routing_api.simulation.operators import OperatorOptions, SimulatedOperator
from routing_api.simulation.traffic import CHANNEL_WEIGHTS, Arrival, Traffic

#: as many citizens as the demo seed puts in the registry
CITIZENS = 2000
WAITING = frozenset({"queued", "escalated", "transferred", "offered"})
ACTIVE = frozenset({"in_progress", "on_hold"})
FINISHED = frozenset({"wrap_up", "closed", "abandoned", "redirected", "callback_scheduled"})


@dataclass
class Options:
    """How the simulator runs; `speed` divides every citizen delay and patience."""

    server: str = "http://127.0.0.1:8700"
    rate: float = 6.0
    username: str = "gateway"
    password: str = "demo"
    seed: int | None = None
    speed: float = 1.0
    summary_every: float = 30.0
    startup_wait: float = 5.0
    channel_weights: Mapping[str, float] = field(default_factory=lambda: dict(CHANNEL_WEIGHTS))
    reply_delay: tuple[float, float] = (1.0, 6.0)
    #: a chat citizen writes again if nobody answers this long after the handover (s)
    nudge_after: float = 90.0
    #: the citizen hangs up / closes the chat if the conversation lasts longer (s)
    max_talk: float = 1800.0
    #: simulated first-line operators played too (accounts `{operator_prefix}0001`…)
    operators: int = 0
    operator_prefix: str = "sim"
    operator_password: str = "demo"
    #: the share of closed contacts the citizen rates (CSAT, 1–5)
    rating_share: float = 0.35


@dataclass
class Stats:
    """Counters for the summary line; never any personal data."""

    created: Counter[str] = field(default_factory=Counter)
    resumed: int = 0
    accepted: int = 0
    abandoned: int = 0
    left: int = 0
    messages: int = 0
    rated: int = 0
    errors: int = 0

    def line(self, elapsed: float, waiting: int) -> str:
        """One line: what happened so far."""
        by_channel = ", ".join(f"{ch} {n}" for ch, n in sorted(self.created.items()))
        minutes, seconds = divmod(int(elapsed), 60)
        return (
            f"[simulate {minutes:02d}:{seconds:02d}] created {self.created.total()}"
            f" ({by_channel or 'none'}; resumed {self.resumed}) · accepted {self.accepted}"
            f" · abandoned {self.abandoned} · left {self.left} · citizen messages {self.messages}"
            f" · rated {self.rated}"
            f" · waiting {waiting} · errors {self.errors}"
        )


@dataclass
class Live:
    """A voice or chat contact of this run that the simulator still plays the citizen for."""

    id: int
    number: str
    arrival: Arrival
    state: str
    accepted: bool = False
    chat: ChatCitizen | None = None
    unanswered: list[str] = field(default_factory=list)
    operator_spoke: bool = False
    tasks: set[asyncio.Task[None]] = field(default_factory=set)
    replying: asyncio.Task[None] | None = None


class Simulator:
    """Realistic traffic through the gateway API; `run()` blocks until stopped or done."""

    def __init__(self, options: Options, out: TextIO | None = None) -> None:
        self.options = options
        self.out = out or sys.stdout
        self.rng = random.Random(options.seed)
        self.citizens: Sequence[Citizen] = generate_citizens(CITIZENS)
        self.traffic = Traffic(self.rng, self.citizens, options.channel_weights)
        self.stats = Stats()
        #: every contact this run created: id → channel (for tests and the summary)
        self.created: dict[int, Arrival] = {}
        self.live: dict[int, Live] = {}
        self._early: OrderedDict[int, str] = OrderedDict()
        self._errors_seen: set[str] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._stop_requested = threading.Event()
        self.gateway: Gateway | None = None
        self.operators: list[SimulatedOperator] = []
        self._operator_http: httpx.AsyncClient | None = None
        self.started = threading.Event()
        self._last_line = ""

    # ---- running and stopping -------------------------------------------------------------

    def run(self, duration: float = 0.0) -> int:
        """Run for `duration` seconds (0 = until stop()); 0 when done, 2 if it cannot start."""
        return asyncio.run(self._main(duration))

    def stop(self) -> None:
        """Ask a running simulator to finish (from any thread or a signal handler)."""
        self._stop_requested.set()
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)

    async def _main(self, duration: float) -> int:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        if self._stop_requested.is_set():
            self._stop.set()
        gateway = self.gateway = Gateway(
            self.options.server, self.options.username, self.options.password
        )
        try:
            await gateway.wait_ready(self.options.startup_wait)
            await gateway.login()
        except GatewayError as exc:
            print(f"routing-api simulate: {exc}", file=sys.stderr)
            await gateway.aclose()
            return 2
        began = time.monotonic()
        try:
            await self._play(gateway, duration)
        finally:
            await self._shutdown(gateway)
            self._print(self.stats.line(time.monotonic() - began, self._waiting()))
        return 0

    async def _play(self, gateway: Gateway, duration: float) -> None:
        assert self._stop is not None
        self.spawn(gateway.follow(self._on_event))
        self.spawn(gateway.keep_fresh())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(gateway.connected.wait(), timeout=10.0)
        self._print(
            f"Simulating {self.options.rate:g} contacts/min through {gateway.server}"
            + (f" for {duration:g} s." if duration > 0 else "; Ctrl+C to stop.")
        )
        if self.options.operators:
            await self._start_operators()
        self.started.set()
        self.spawn(self._arrivals())
        self.spawn(self._summaries())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=duration if duration > 0 else None)

    async def _start_operators(self) -> None:
        """Log in the simulated operators, follow their streams and make them ready."""
        scale = 1.0 / max(self.options.speed, 1e-6)
        options = OperatorOptions(
            talk_s={"voice": 150.0 * scale, "chat": 200.0 * scale},
            wrap_s=10.0 * scale,
            dispositions=("consultation_given", "status_provided", "form_help"),
        )
        self._operator_http = httpx.AsyncClient(timeout=30.0)
        self.operators = [
            SimulatedOperator(
                self._operator_http,
                self.options.server,
                f"{self.options.operator_prefix}{i + 1:04d}",
                self.options.operator_password,
                options=options,
                rng=random.Random(self.rng.getrandbits(32)),
            )
            for i in range(self.options.operators)
        ]
        limit = asyncio.Semaphore(4)

        async def start(op: SimulatedOperator) -> None:
            async with limit:
                try:
                    await op.login()
                except httpx.HTTPError as exc:
                    self._error(
                        f"operator {op.username} cannot log in ({exc}); seed them with "
                        "`routing-api seed --demo --operators N`"
                    )
                    return
            op.spawn(op.follow())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(op.connected.wait(), timeout=10.0)
            await op.ready()

        await asyncio.gather(*(start(op) for op in self.operators))
        self._print(f"{len(self.operators)} simulated operators at work.")

    async def _rate(self, contact_id: int) -> None:
        """A citizen rates a closed contact now and then: mostly well, sometimes not."""
        await asyncio.sleep(self._scaled(self.rng.uniform(5.0, 30.0)))
        score = self.rng.choices((5, 4, 3, 2, 1), weights=(45, 30, 12, 6, 7))[0]
        result = await self._post(f"/contacts/{contact_id}/rating", {"score": score})
        if result is not None and result.status == 201:
            self.stats.rated += 1

    async def _shutdown(self, gateway: Gateway) -> None:
        for op in self.operators:
            await op.stop()
        if self._operator_http is not None:
            await self._operator_http.aclose()
        for live in list(self.live.values()):
            self._cancel(live)
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await gateway.aclose()

    def spawn(
        self, coro: Coroutine[Any, Any, None], live: Live | None = None
    ) -> asyncio.Task[None]:
        """Start a task the simulator cancels when it stops."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if live is not None:
            live.tasks.add(task)
            task.add_done_callback(live.tasks.discard)
        return task

    def _print(self, line: str) -> None:
        if line != self._last_line:
            print(line, file=self.out, flush=True)
            self._last_line = line

    def _waiting(self) -> int:
        return sum(1 for live in self.live.values() if live.state in WAITING)

    async def _summaries(self) -> None:
        began = time.monotonic()
        while True:
            await asyncio.sleep(self.options.summary_every)
            self._print(self.stats.line(time.monotonic() - began, self._waiting()))

    def _scaled(self, seconds: float) -> float:
        return seconds / max(self.options.speed, 1e-6)

    # ---- arrivals ---------------------------------------------------------------------------

    async def _arrivals(self) -> None:
        rate = self.options.rate
        if rate <= 0:
            return
        while True:
            await asyncio.sleep(self.rng.expovariate(rate / 60.0))
            self.spawn(self._create(self.traffic.next()))

    async def _create(self, arrival: Arrival) -> None:
        result = await self._post("/contacts", arrival.body)
        if result is None or result.status != 201:
            return
        contact_id, number = int(result.data["id"]), str(result.data["number"])
        self.created[contact_id] = arrival
        self.traffic.remember(number, arrival)
        self.stats.created[arrival.channel] += 1
        self.stats.resumed += "resumes" in arrival.body
        if arrival.channel not in ("voice", "chat"):
            return
        live = Live(contact_id, number, arrival, str(result.data["state"]))
        if arrival.channel == "chat":
            live.chat = ChatCitizen(arrival.citizen, arrival.question, random.Random(arrival.seed))
        self.live[contact_id] = live
        self.spawn(self._patience(live, arrival.patience_s), live)
        early = self._early.pop(contact_id, None)
        if early is not None:
            self._state(live, early)

    async def _post(self, path: str, body: Any = None) -> Result | None:
        """POST through the gateway; errors are counted (and described once), never raised."""
        assert self.gateway is not None
        try:
            result = await self.gateway.post(path, body)
        except GatewayError as exc:
            self._error(str(exc))
            return None
        if result.status >= 400 and not (result.status == 409 and path.endswith("/abandon")):
            self._error(f"POST {re.sub(r'/[0-9]+', '/{id}', path)} → {result.status} {result.code}")
        return result

    def _error(self, what: str) -> None:
        self.stats.errors += 1
        if what not in self._errors_seen and len(self._errors_seen) < 50:
            self._errors_seen.add(what)
            print(f"routing-api simulate: {what}", file=sys.stderr, flush=True)

    # ---- events -----------------------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        contact_id, state = event.data.get("id"), event.data.get("state")
        if not isinstance(contact_id, int) or not isinstance(state, str):
            return
        closed = event.type == "contact.closed" and contact_id in self.created
        if closed and self.rng.random() < self.options.rating_share:
            self.spawn(self._rate(contact_id))
        live = self.live.get(contact_id)
        if live is None:
            if contact_id not in self.created:  # its POST may not have returned yet
                self._early[contact_id] = state
                while len(self._early) > 1000:
                    self._early.popitem(last=False)
            return
        if event.type == "contact.message":
            message = event.data.get("message") or {}
            if live.chat is not None and message.get("from") == "operator":
                self._operator_wrote(live, str(message.get("text", "")))
        self._state(live, state)

    def _state(self, live: Live, state: str) -> None:
        before, live.state = live.state, state
        if state in FINISHED:
            self._cancel(live)
            self.live.pop(live.id, None)
        elif state in ACTIVE and not live.accepted:
            live.accepted = True
            self.stats.accepted += 1
            self._cancel(live, keep_replies=True)
            self.spawn(self._talk(live), live)
        elif state in WAITING and before in ACTIVE:
            # transferred or escalated: the citizen waits again, a little more patiently
            live.accepted = False
            self._cancel(live)
            self.spawn(self._patience(live, 2 * live.arrival.patience_s), live)

    def _cancel(self, live: Live, *, keep_replies: bool = False) -> None:
        current = asyncio.current_task()
        for task in list(live.tasks):
            if task is not current and not (keep_replies and task is live.replying):
                task.cancel()

    # ---- citizens ---------------------------------------------------------------------------

    async def _patience(self, live: Live, patience: float) -> None:
        await asyncio.sleep(self._scaled(patience))
        if live.state in WAITING:
            result = await self._post(f"/contacts/{live.id}/abandon")
            if result is not None and result.status == 200:
                self.stats.abandoned += 1
                self._state(live, str(result.data.get("state", "abandoned")))

    async def _talk(self, live: Live) -> None:
        """While a contact is live: a chat citizen nudges a silent operator; long talks end."""
        if live.chat is not None:
            await asyncio.sleep(self._scaled(self.options.nudge_after))
            silent = not live.operator_spoke and live.state in ACTIVE
            if silent and await self._say(live, live.chat.nudge()):
                self.stats.messages += 1
        await asyncio.sleep(self._scaled(self.options.max_talk))
        if live.state in ACTIVE:
            await self._leave(live)

    def _operator_wrote(self, live: Live, text: str) -> None:
        live.operator_spoke = True
        live.unanswered.append(text)
        if live.replying is None or live.replying.done():
            live.replying = self.spawn(self._reply(live), live)

    async def _reply(self, live: Live) -> None:
        """Read what the operator wrote, think and type, then answer (or leave)."""
        assert live.chat is not None
        low, high = self.options.reply_delay
        while live.unanswered:
            await asyncio.sleep(self._scaled(self.rng.uniform(low, high)))
            if live.state not in ACTIVE:
                return
            text, live.unanswered = " ".join(live.unanswered), []
            if "code" in requested_items(text):
                await self._read_sms(live.chat)
            reply = live.chat.reply(text)
            if reply.leave:
                await self._leave(live)
                return
            if reply.text and await self._say(live, reply.text):
                self.stats.messages += 1

    async def _read_sms(self, chat: ChatCitizen) -> None:
        """The citizen looks at its phone: the simulated SMS gateway's inbox (mounted only on a
        demo or test server, never in production)."""
        assert self.gateway is not None
        try:
            result = await self.gateway.post("/test/sms/inbox", {"phone": chat.citizen.phone})
        except GatewayError:
            return  # no inbox to read: the citizen makes a code up
        if result.status == 200 and isinstance(result.data, dict):
            texts_ = [str(m.get("text", "")) for m in result.data.get("items", [])]
            chat.received_codes = [c for t in texts_ for c in re.findall(r"\b\d{6}\b", t)]

    async def _say(self, live: Live, text: str) -> bool:
        result = await self._post(f"/contacts/{live.id}/messages", {"text": text})
        return result is not None and result.status == 201

    async def _leave(self, live: Live) -> None:
        result = await self._post(f"/contacts/{live.id}/abandon")
        if result is not None and result.status == 200:
            self.stats.left += 1
