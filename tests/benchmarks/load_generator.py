"""The load generator of bench_load.py, run by it as a process of its own (not a benchmark).

One asyncio loop, one httpx.AsyncClient: N simulated operators (routing_api/simulation/
operators.py) each following GET /events for the whole run, and a gateway that posts a backlog
and then Poisson arrivals and answers as the chat citizen. It measures from the outside: accept
round trips, every event frame's delivery lag (its server `at` to its arrival here), statuses
and dropped streams. It prints `measure-start` / `measure-end` lines (bench_load.py samples the
servers' CPU between them) and writes its figures as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import resource
import sys
import time
from array import array
from collections import Counter, OrderedDict
from collections.abc import Coroutine, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from routing_api.demo.citizens import generate_citizens  # noqa: E402
from routing_api.simulation import texts  # noqa: E402
from routing_api.simulation.operators import (  # noqa: E402
    ApiSession,
    Frame,
    OperatorOptions,
    SimulatedOperator,
)
from routing_api.simulation.traffic import Traffic  # noqa: E402

#: only pushed channels reach operators by offer; their shares as in the traffic simulator
PUSHED_CHANNELS = {"voice": 0.55, "chat": 0.30}
#: expected lost races: an accept answered 409 (the offer timed out or was taken back), a
#: citizen's chat message answered 409 (the operator closed the chat as the citizen wrote)
LOST_RACES = frozenset({("accept", 409), ("citizen message", 409)})


class Measure:
    """The observer: what the operators and the gateway did and received, in the window."""

    def __init__(self) -> None:
        self.on = False
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.accept_s = array("d")
        self.lags_s = array("d")
        #: when each accept answered / each frame arrived (monotonic), for the steady split
        self.accept_at = array("d")
        self.lags_at = array("d")
        self.deliveries = 0
        self.drops: Counter[str] = Counter()
        self._at: OrderedDict[int, float] = OrderedDict()
        self.missing_at = 0

    def request(self, name: str, status: int, seconds: float) -> None:
        if not self.on:
            return
        self.statuses[(name, status)] += 1
        if name == "accept" and status == 200:
            self.accept_s.append(seconds)
            self.accept_at.append(time.monotonic())

    def frames(self, user_id: int, frames: Sequence[Frame], received: float) -> None:
        if not self.on:
            return
        cache = self._at
        now = time.monotonic()
        for frame in frames:
            at = cache.get(frame.id)
            if at is None:
                at = event_time(frame.data)
                if at is None:
                    self.missing_at += 1
                    continue
                cache[frame.id] = at
                if len(cache) > 50_000:
                    cache.popitem(last=False)
            self.lags_s.append(received - at)
            self.lags_at.append(now)
        self.deliveries += len(frames)

    def dropped(self, user_id: int, why: str) -> None:
        if self.on:
            self.drops[why] += 1

    def count(self, name: str, status: int) -> int:
        return self.statuses[(name, status)]

    def errors(self) -> dict[str, int]:
        """Every non-2xx answer (lost races aside) and every dropped stream, by kind."""
        out: dict[str, int] = {}
        for (name, status), n in sorted(self.statuses.items()):
            if not 200 <= status < 300 and (name, status) not in LOST_RACES:
                out[f"{name} {status or 'no answer'}"] = n
        for why, n in self.drops.items():
            out[f"stream dropped ({why})"] = n
        return out


#: the steady figures start this long after the backlog is posted (s)
STEADY_AFTER_BACKLOG_S = 60.0
#: httpx clients the requests are spread over (the first is the gateway's)
POOLS = 16
#: the generator's loop probe: a sleep this long, and how late it wakes
PROBE_S = 0.1


def event_time(data: bytes) -> float | None:
    """The server's `at` (epoch seconds) of an event's data, found without parsing all of it."""
    start = data.rfind(b'"at":"')
    if start < 0:
        return None
    start += 6
    end = data.find(b'"', start)
    try:
        return datetime.fromisoformat(data[start:end].decode()).timestamp()
    except ValueError:
        return None


def percentile_ms(
    values: array[float], q: float, at: array[float] | None = None, since: float = 0.0
) -> float | None:
    """The q-th percentile in ms; with `at` (when each value came), of those from `since` on."""
    data = np.frombuffer(values, dtype=np.float64)
    if at is not None:
        data = data[np.frombuffer(at, dtype=np.float64) >= since]
    if not data.size:
        return None
    return float(np.percentile(data, q) * 1000.0)


def raise_file_limit() -> int:
    """As many open sockets as the hard limit allows (each stream is one)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        wanted = hard if hard != resource.RLIM_INFINITY else 65536
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def say(line: str) -> None:
    print(line, flush=True)


class Generator:
    """Everything the generator runs; `run()` returns the figures."""

    def __init__(self, ns: argparse.Namespace) -> None:
        self.ns = ns
        self.servers: list[str] = ns.servers.split(",")
        self.rng = random.Random(ns.seed)
        self.measure = Measure()
        self.traffic = Traffic(self.rng, generate_citizens(2000), PUSHED_CHANNELS)
        self.created: Counter[str] = Counter()
        self.ended = 0
        self.in_system: list[int] = []
        #: how late the loop woke from each probe sleep (s), in the window
        self.loop_late_s = array("d")
        #: monotonic time from which the run counts as steady (see `run`)
        self.steady_from = float("inf")
        self._tasks: set[asyncio.Task[Any]] = set()
        self._turn = 0
        # Requests go through POOLS clients, operators spread over them. One client for all
        # kept up to a thousand connections in one httpcore pool, which scans every one of
        # them for each request it places and each it finishes: that scan was most of this
        # process's CPU (py-spy), a generator-side delay in every latency it measured.
        per_pool = (ns.operators + 400) // POOLS + 1
        limits = httpx.Limits(max_connections=per_pool, max_keepalive_connections=per_pool)
        self.pools = [
            httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(60.0)) for _ in range(POOLS)
        ]
        self.http = self.pools[0]
        self.gateways = [
            ApiSession(self.http, url, ns.gateway, ns.gateway_password, observer=self.measure)
            for url in self.servers
        ]
        self.operators: list[SimulatedOperator] = []

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def gateway(self) -> ApiSession:
        """The gateway's requests go round the replicas, as a load balancer would send them."""
        self._turn += 1
        return self.gateways[self._turn % len(self.gateways)]

    async def run(self) -> dict[str, Any]:
        ns = self.ns
        try:
            setup_began = time.monotonic()
            await self._setup()
            setup_s = time.monotonic() - setup_began
            self.measure.on = True
            began = time.time()
            say(f"measure-start {began:.3f}")
            watcher = self.spawn(self._watch(time.monotonic()))
            probe = self.spawn(self._probe_loop())
            backlog_s = await self._backlog(ns.backlog)
            # the steady part: after the backlog's burst (800 offers and accepts at once) and
            # a minute for the queue it left to settle
            self.steady_from = time.monotonic() + STEADY_AFTER_BACKLOG_S
            await self._arrivals(ns.rate, ns.minutes * 60.0)
            ended = time.time()
            say(f"measure-end {ended:.3f}")
            self.measure.on = False
            watcher.cancel()
            probe.cancel()
        finally:
            await self._stop()
        return self._figures(ended - began, setup_s, backlog_s)

    async def _setup(self) -> None:
        ns = self.ns
        for gw in self.gateways:
            await gw.login()
        listing = await self.http.get(self.servers[0] + "/api/v1/dispositions")
        codes = tuple(d["code"] for d in listing.json()["items"])
        options = OperatorOptions(
            talk_s={"voice": ns.voice_talk, "chat": ns.chat_talk},
            wrap_s=ns.wrap,
            dispositions=codes or ("consultation_given",),
            keepalive_s=ns.keepalive,
        )
        self.operators = [
            SimulatedOperator(
                self.pools[1 + i % (POOLS - 1)],
                self.servers[i % len(self.servers)],
                f"{ns.prefix}{i + 1:04d}",
                ns.password,
                options=options,
                observer=self.measure,
                rng=random.Random(self.rng.getrandbits(32)),
                citizen=self._citizen_replies,
            )
            for i in range(ns.operators)
        ]
        limit = asyncio.Semaphore(8)

        async def login(op: SimulatedOperator) -> None:
            async with limit:
                await op.login()

        began = time.monotonic()
        await asyncio.gather(*(login(op) for op in self.operators))
        say(f"logged in {len(self.operators)} operators in {time.monotonic() - began:.1f} s")
        for op in self.operators:
            op.spawn(op.follow())
        await asyncio.wait_for(
            asyncio.gather(*(op.connected.wait() for op in self.operators)), timeout=120
        )
        limit = asyncio.Semaphore(32)

        async def ready(op: SimulatedOperator) -> None:
            async with limit:
                await op.ready()

        await asyncio.gather(*(ready(op) for op in self.operators))
        say(f"{len(self.operators)} operators follow /events and are ready")

    async def _create(self) -> None:
        arrival = self.traffic.next()
        response = await self.gateway().call("create", "POST", "/contacts", arrival.body)
        if response is not None and response.status_code == 201:
            self.created[arrival.channel] += 1

    async def _backlog(self, count: int) -> float:
        """`count` contacts posted at once (32 requests in flight): the queue at the start."""
        began = time.monotonic()
        limit = asyncio.Semaphore(32)

        async def one() -> None:
            async with limit:
                await self._create()

        await asyncio.gather(*(one() for _ in range(count)))
        took = time.monotonic() - began
        say(f"backlog of {count} contacts posted in {took:.1f} s")
        return took

    async def _arrivals(self, rate: float, duration: float) -> None:
        """Poisson arrivals at `rate` per second for `duration` seconds (no drift)."""
        start = time.monotonic()
        due = start
        while True:
            due += self.rng.expovariate(rate)
            if due - start >= duration:
                break
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            self.spawn(self._create())
        await asyncio.sleep(max(0.0, start + duration - time.monotonic()))

    async def _citizen_replies(self, operator: SimulatedOperator, contact_id: int) -> None:
        """The chat citizen reads the operator's message and answers a few seconds later."""
        await asyncio.sleep(self.rng.uniform(2.0, 6.0))
        if contact_id not in operator.active:
            return  # the operator has ended the chat meanwhile
        text = self.rng.choice(texts.FOLLOW_UPS + texts.THANKS).format(na="", a="", sya="ся")
        await self.gateway().call(
            "citizen message", "POST", f"/contacts/{contact_id}/messages", {"text": text}
        )

    async def _watch(self, began: float) -> None:
        """Contacts in the system (created and not yet ended) every second; a line every 10 s."""
        tick = 0
        while True:
            await asyncio.sleep(1.0)
            tick += 1
            ended = self.measure.count("end", 200)
            created = self.created.total()
            self.in_system.append(created - ended)
            if tick % 10 == 0:
                m = self.measure
                say(
                    f"[{time.monotonic() - began:5.0f} s] created {created} · accepted "
                    f"{m.count('accept', 200)} · ended {ended} · in system {created - ended}"
                    f" · deliveries {m.deliveries} · errors {m.errors() or 0}"
                )

    async def _probe_loop(self) -> None:
        """How late this loop wakes from a 100-ms sleep: the generator's own delay, part of
        every figure it measures. Seconds here mean the generator, not the server, is the
        limit, and the latencies it reports are upper bounds."""
        while True:
            began = time.monotonic()
            await asyncio.sleep(PROBE_S)
            self.loop_late_s.append(time.monotonic() - began - PROBE_S)

    async def _stop(self) -> None:
        for op in self.operators:
            op.stopping = True
        await asyncio.gather(*(op.stop() for op in self.operators), return_exceptions=True)
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for pool in self.pools:
            await pool.aclose()

    def _figures(self, window_s: float, setup_s: float, backlog_s: float) -> dict[str, Any]:
        m = self.measure
        return {
            "window_s": round(window_s, 1),
            "setup_s": round(setup_s, 1),
            "backlog_s": round(backlog_s, 1),
            "operators": len(self.operators),
            "created": self.created.total(),
            "created_by_channel": dict(self.created),
            "accepts": m.count("accept", 200),
            "lost_races": sum(m.count(*race) for race in LOST_RACES),
            "ended": m.count("end", 200),
            "wrapped_up": m.count("wrap-up", 200),
            "messages": m.count("message", 201) + m.count("citizen message", 201),
            "accept_p50_ms": percentile_ms(m.accept_s, 50),
            "accept_p99_ms": percentile_ms(m.accept_s, 99),
            "accept_max_ms": percentile_ms(m.accept_s, 100),
            "steady_accept_p50_ms": percentile_ms(m.accept_s, 50, m.accept_at, self.steady_from),
            "steady_accept_p99_ms": percentile_ms(m.accept_s, 99, m.accept_at, self.steady_from),
            "steady_lag_p99_ms": percentile_ms(m.lags_s, 99, m.lags_at, self.steady_from),
            "deliveries": m.deliveries,
            "lag_p50_ms": percentile_ms(m.lags_s, 50),
            "lag_p99_ms": percentile_ms(m.lags_s, 99),
            "lag_max_ms": percentile_ms(m.lags_s, 100),
            "frames_without_at": m.missing_at,
            "generator_late_p50_ms": percentile_ms(self.loop_late_s, 50),
            "generator_late_p99_ms": percentile_ms(self.loop_late_s, 99),
            "generator_late_max_ms": percentile_ms(self.loop_late_s, 100),
            "errors": sum(m.errors().values()),
            "error_kinds": m.errors(),
            "in_system_avg": round(sum(self.in_system) / len(self.in_system), 1)
            if self.in_system
            else 0,
            "in_system_max": max(self.in_system, default=0),
            "requests": {f"{n} {s}": c for (n, s), c in sorted(m.statuses.items())},
        }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--servers", required=True, help="comma-separated base URLs (replicas)")
    p.add_argument("--operators", type=int, required=True)
    p.add_argument("--prefix", required=True, help="operator usernames: PREFIX0001, …")
    p.add_argument("--password", required=True)
    p.add_argument("--gateway", default="gateway")
    p.add_argument("--gateway-password", default="demo")
    p.add_argument("--minutes", type=float, required=True)
    p.add_argument("--rate", type=float, required=True)
    p.add_argument("--backlog", type=int, required=True)
    p.add_argument("--voice-talk", type=float, required=True)
    p.add_argument("--chat-talk", type=float, required=True)
    p.add_argument("--wrap", type=float, required=True)
    p.add_argument("--keepalive", type=float, default=15.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, required=True, help="write the figures here (JSON)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and len(sys.argv) == 1:
        print("load_generator.py is run by bench_load.py (see its --help); nothing to do alone.")
        return 0
    ns = parser().parse_args(argv)
    raise_file_limit()
    figures = asyncio.run(Generator(ns).run())
    ns.out.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
