"""What an authenticated request costs the routing API before it reaches its own work.

Run: .venv/bin/python tests/benchmarks/bench_request_path.py [--backend sqlite|pg1]
     [--requests 2000] [--concurrency 32]

Every request of the load benchmark (an accept, a message, a wrap-up) first passes the
middleware, the session check and FastAPI's dependencies. This starts a real `routing-api
serve` (as bench_load does), logs an operator in and sends GET /api/v1/work-mode, whose own
work is one small read: first one request at a time (the latency of the path), then
`--concurrency` in flight (what the process can answer per second). It prints the median and
p99 latency (ms) and the requests per second of each.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench_load import (  # type: ignore[import-not-found]  # noqa: E402
    CONFIGS,
    PASSWORD,
    PREFIX,
    Started,
    make_database,
    prepare,
    start_server,
)

PATH = "/api/v1/work-mode"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q / 100))]


class Connection:
    """One keep-alive HTTP/1.1 connection, spoken by hand: httpx spent more CPU per request
    than the server did, and on two cores the client's CPU is taken from the server's."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, base: str) -> Connection:
        host, port = base.removeprefix("http://").split(":")
        return cls(*await asyncio.open_connection(host, int(port)))

    async def get(self, path: str, token: str) -> int:
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n\r\n".encode()
        )
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        self.writer.close()


async def measure(base: str, requests: int, concurrency: int) -> tuple[list[float], float]:
    login = httpx.post(
        base + "/api/v1/auth/login", json={"username": f"{PREFIX}0001", "password": PASSWORD}
    )
    login.raise_for_status()
    token = login.json()["access_token"]
    connections = [await Connection.open(base) for _ in range(concurrency)]
    for conn in connections:  # warm up: connections, caches, the first compiled statements
        for _ in range(5):
            assert await conn.get(PATH, token) == 200
    took: list[float] = []
    share = [requests // concurrency + (i < requests % concurrency) for i in range(concurrency)]

    async def run(conn: Connection, count: int) -> None:
        for _ in range(count):
            began = time.perf_counter()
            status = await conn.get(PATH, token)
            took.append(time.perf_counter() - began)
            if status != 200:
                raise RuntimeError(f"GET {PATH} answered {status}")

    began = time.perf_counter()
    try:
        await asyncio.gather(*(run(c, n) for c, n in zip(connections, share, strict=True)))
    finally:
        for conn in connections:
            conn.close()
    return took, time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--backend", choices=["sqlite", "pg1"], default="sqlite")
    p.add_argument("--requests", type=int, default=2000)
    p.add_argument("--concurrency", type=int, default=32, help="connections in flight")
    p.add_argument("--pool-size", type=int, default=20)
    ns = p.parse_args(argv)
    started = Started()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-request-") as tmp:
            url = make_database(CONFIGS[ns.backend], Path(tmp), started)
            prepare(url, 1)
            base, _ = start_server(url, Path(tmp), 0, ns, started)
            print(f"{ns.backend}: GET {PATH}, {ns.requests} requests each way")
            for label, concurrency in (("one at a time", 1), ("in flight", ns.concurrency)):
                took, wall = asyncio.run(measure(base, ns.requests, concurrency))
                print(
                    f"  {label:>13} ({concurrency:>3}): median "
                    f"{1000 * statistics.median(took):6.2f} ms, p99 "
                    f"{1000 * percentile(took, 99):6.2f} ms, {len(took) / wall:7.0f} requests/s"
                )
    finally:
        started.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
