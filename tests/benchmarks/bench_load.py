"""Load benchmark of the routing API: the ЕКЦ's peak on SQLite and on PostgreSQL (1 and 2 replicas).

Run: .venv/bin/python tests/benchmarks/bench_load.py [--backend sqlite|pg1|pg2|all]
     [--operators 600] [--minutes 5] [--rate 10] [--backlog 800] [--json PATH]

For each configuration: a fresh database (a SQLite file in a temp dir, or a new PostgreSQL
database dropped afterwards), migrated and demo-seeded, plus N first-line operator accounts;
`routing-api serve` with the real clock (one process, or two on different ports for "pg2"); and
the load generator (tests/benchmarks/load_generator.py) as a process of its own: N simulated
operators following /events, accepting, chatting and wrapping up, and a gateway posting a
backlog and then Poisson arrivals. This script samples the servers' and the generator's CPU and
memory with psutil between the generator's measure-start and measure-end, then prints a table
(targets beside the figures) and optionally writes it as JSON. It kills everything it started
on exit, Ctrl-C and errors included.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil  # type: ignore[import-untyped]
import psycopg

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from routing_api.auth import hash_password  # noqa: E402
from routing_api.db.engine import Database  # noqa: E402
from routing_api.db.schema import users  # noqa: E402
from routing_api.seed import seed_demo  # noqa: E402

GENERATOR = Path(__file__).with_name("load_generator.py")
PG_ADMIN = os.environ.get("EKC_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "bench-load-pass"
PREFIX = "bench-op-"
TARGETS = {"accept_p99_ms": 50.0, "lag_p99_ms": 200.0, "errors": 0}
#: the design point the default handling times are chosen for: 600 operators, 10 contacts/s
DESIGN_OPERATORS_PER_RATE = 60.0
#: handling times at the design point (s): 10/s × (0.65 × 60 + 0.35 × 100) ≈ 740 contacts in
#: progress; with up to 3 chats at once about 550 of the 600 operators are busy (≈ 90 %),
#: and the 800-contact backlog keeps a queue of about 200 for the first minutes: ≈ 800 in all
VOICE_TALK_S, CHAT_TALK_S, WRAP_S = 60.0, 100.0, 5.0


@dataclass
class Config:
    name: str
    backend: str  # sqlite | postgresql
    replicas: int


CONFIGS = {
    "sqlite": Config("sqlite", "sqlite", 1),
    "pg1": Config("pg1", "postgresql", 1),
    "pg2": Config("pg2", "postgresql", 2),
}


@dataclass
class Started:
    """Every process and database this script made, for the cleanup."""

    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    databases: list[str] = field(default_factory=list)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.terminate()
        deadline = time.monotonic() + 10
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                proc.wait()
        self.procs.clear()
        for name in self.databases:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.databases.clear()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_database(config: Config, workdir: Path, started: Started) -> str:
    if config.backend == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    name = f"ekc_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    started.databases.append(name)
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def prepare(url: str, operators: int) -> None:
    """Migrate, seed the demo reference data (gateway account included), add the operators."""
    db = Database(url)
    try:
        seed_demo(db)
        # one argon2 hash for every benchmark account: hashing 600 passwords would take
        # minutes and measures nothing about the server under load
        digest = hash_password(PASSWORD)
        now = time.time()
        with db.write() as conn:
            conn.execute(
                users.insert(),
                [
                    {
                        "username": f"{PREFIX}{i + 1:04d}",
                        "password_hash": digest,
                        "full_name": f"Оператор {i + 1:04d}",
                        "role": "operator",
                        "line": 1,
                        "categories": None,  # every category: any first-line contact fits
                        "languages": ["ru"],
                        "chat_concurrency": 3,
                        "created_at": now,
                    }
                    for i in range(operators)
                ],
            )
    finally:
        db.dispose()


def start_server(
    url: str, workdir: Path, index: int, ns: argparse.Namespace, started: Started
) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    log = (workdir / f"server-{index}.log").open("ab")
    cmd = [
        sys.executable,
        "-m",
        "routing_api",
        "serve",
        "--port",
        str(port),
        "--database",
        url,
        "--pool-size",
        str(ns.pool_size),
        "--log-level",
        "warning",
        "--exit-with-parent",
        str(os.getpid()),
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "ROUTING_API_ENV": "production"}
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    started.procs.append(proc)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"routing-api serve exited; see {log.name}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(base + "/ready", timeout=2).status_code == 200:
                return base, proc
        time.sleep(0.1)
    raise TimeoutError(f"routing-api serve did not get ready; see {log.name}")


class Sampler:
    """CPU time between two marks and peak RSS of a set of processes (children included)."""

    def __init__(self, pids: list[int]) -> None:
        self.procs = [psutil.Process(pid) for pid in pids]
        self.cpu_start: list[float] = []
        self.cpu_end: list[float] = []
        self.peak_rss = [0] * len(pids)
        self.began = self.ended = 0.0

    @staticmethod
    def _tree(proc: psutil.Process) -> list[psutil.Process]:
        with contextlib.suppress(psutil.Error):
            return [proc, *proc.children(recursive=True)]
        return [proc]

    def _cpu(self) -> list[float]:
        out = []
        for proc in self.procs:
            total = 0.0
            for p in self._tree(proc):
                with contextlib.suppress(psutil.Error):
                    t = p.cpu_times()
                    total += t.user + t.system
            out.append(total)
        return out

    def sample_rss(self) -> None:
        for i, proc in enumerate(self.procs):
            rss = 0
            for p in self._tree(proc):
                with contextlib.suppress(psutil.Error):
                    rss += p.memory_info().rss
            self.peak_rss[i] = max(self.peak_rss[i], rss)

    def start(self) -> None:
        self.began, self.cpu_start = time.monotonic(), self._cpu()

    def stop(self) -> None:
        self.ended, self.cpu_end = time.monotonic(), self._cpu()

    def cpu_percent(self) -> list[float]:
        wall = max(1e-9, self.ended - self.began)
        return [100.0 * (e - s) / wall for s, e in zip(self.cpu_start, self.cpu_end, strict=True)]


def handling_times(ns: argparse.Namespace) -> tuple[float, float, float]:
    """Talk times scaled so operators are as busy as at the design point (600 at 10/s)."""
    if ns.voice_talk is not None:
        return ns.voice_talk, ns.chat_talk, ns.wrap
    scale = (ns.operators / ns.rate) / DESIGN_OPERATORS_PER_RATE
    return VOICE_TALK_S * scale, CHAT_TALK_S * scale, ns.wrap


def run_config(config: Config, ns: argparse.Namespace) -> dict[str, Any]:
    started = Started()
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-load-{config.name}-"))
    try:
        url = make_database(config, workdir, started)
        t0 = time.monotonic()
        prepare(url, ns.operators)
        print(f"[{config.name}] database ready in {time.monotonic() - t0:.1f} s ({workdir})")
        servers = [start_server(url, workdir, i, ns, started) for i in range(config.replicas)]
        voice, chat, wrap = handling_times(ns)
        out = workdir / "generator.json"
        cmd = [
            sys.executable,
            str(GENERATOR),
            "--servers",
            ",".join(base for base, _ in servers),
            "--operators",
            str(ns.operators),
            "--prefix",
            PREFIX,
            "--password",
            PASSWORD,
            "--minutes",
            str(ns.minutes),
            "--rate",
            str(ns.rate),
            "--backlog",
            str(ns.backlog),
            "--voice-talk",
            f"{voice:.1f}",
            "--chat-talk",
            f"{chat:.1f}",
            "--wrap",
            f"{wrap:.1f}",
            "--seed",
            str(ns.seed),
            "--out",
            str(out),
        ]
        print(
            f"[{config.name}] {ns.operators} operators on {config.replicas} replica(s); "
            f"handling: voice {voice:.0f} s, chat {chat:.0f} s (up to 3 at once), wrap-up "
            f"{wrap:.0f} s; backlog {ns.backlog}, then {ns.rate:g}/s for {ns.minutes:g} min"
        )
        gen = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        started.procs.append(gen)
        sampler = Sampler([proc.pid for _, proc in servers] + [gen.pid])
        marks = {"start": threading.Event(), "end": threading.Event()}

        def relay() -> None:
            assert gen.stdout is not None
            for raw in gen.stdout:
                line = raw.decode(errors="replace").rstrip()
                if line.startswith("measure-start"):
                    sampler.start()
                    marks["start"].set()
                elif line.startswith("measure-end"):
                    sampler.stop()
                    marks["end"].set()
                print(f"[{config.name}] {line}", flush=True)

        reader = threading.Thread(target=relay, daemon=True)
        reader.start()
        while gen.poll() is None:
            if marks["start"].is_set() and not marks["end"].is_set():
                sampler.sample_rss()
            time.sleep(1.0)
        reader.join(10)
        if gen.returncode != 0 or not out.exists():
            raise RuntimeError(f"the load generator failed (exit {gen.returncode})")
        figures: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        cpu = sampler.cpu_percent()
        figures.update(
            config=config.name,
            replicas=config.replicas,
            handling_s={"voice": round(voice, 1), "chat": round(chat, 1), "wrap": round(wrap, 1)},
            server_cpu_pct=round(sum(cpu[:-1]), 1),
            server_cpu_pct_each=[round(c, 1) for c in cpu[:-1]],
            server_peak_rss_mb=round(sum(sampler.peak_rss[:-1]) / 2**20, 1),
            generator_cpu_pct=round(cpu[-1], 1),
            generator_peak_rss_mb=round(sampler.peak_rss[-1] / 2**20, 1),
            pool_size=ns.pool_size,
        )
        tracebacks = [
            p.name for p in workdir.glob("server-*.log") if "Traceback" in p.read_text("utf-8")
        ]
        figures["server_tracebacks"] = tracebacks
        return figures
    finally:
        started.stop()
        if not ns.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(rows: list[dict[str, Any]]) -> str:
    columns = [
        ("config", "config", None),
        ("operators", "operators", None),
        ("created", "contacts", None),
        ("accepts", "accepts", None),
        ("accept_p50_ms", "accept p50 ms", None),
        ("accept_p99_ms", "accept p99 ms", "< 50"),
        ("deliveries", "event deliveries", None),
        ("lag_p50_ms", "lag p50 ms", None),
        ("lag_p99_ms", "lag p99 ms", "< 200"),
        ("steady_accept_p99_ms", "steady accept p99", None),
        ("steady_lag_p99_ms", "steady lag p99", None),
        ("errors", "errors", "0"),
        ("lost_races", "409 lost races", None),
        ("in_system_avg", "in system avg", None),
        ("server_cpu_pct", "server CPU %", None),
        ("server_peak_rss_mb", "server RSS MB", None),
        ("generator_cpu_pct", "generator CPU %", None),
        ("generator_late_p99_ms", "generator late p99 ms", None),
    ]
    header = [title for _, title, _ in columns]
    lines = [header, [target or "" for _, _, target in columns]]
    lines[1][0] = "target"
    for row in rows:
        lines.append([fmt(row.get(key)) for key, _, _ in columns])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append(" | ".join(cell.rjust(widths[i]) for i, cell in enumerate(line)))
        if n == 1:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def verdict(row: dict[str, Any]) -> str:
    misses = []
    if row.get("accept_p99_ms") is None or row["accept_p99_ms"] >= TARGETS["accept_p99_ms"]:
        misses.append("accept p99")
    if row.get("lag_p99_ms") is None or row["lag_p99_ms"] >= TARGETS["lag_p99_ms"]:
        misses.append("event lag p99")
    if row.get("errors") != TARGETS["errors"]:
        misses.append("errors")
    return "meets every target" if not misses else "misses: " + ", ".join(misses)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM ends the run like Ctrl-C does: through the cleanup."""

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--backend", choices=[*CONFIGS, "all"], default="all")
    p.add_argument("--operators", type=int, default=600)
    p.add_argument("--minutes", type=float, default=5.0)
    p.add_argument("--rate", type=float, default=10.0, help="arrivals per second")
    p.add_argument("--backlog", type=int, default=800, help="contacts posted at the start")
    p.add_argument(
        "--pool-size",
        type=int,
        default=20,
        help="database connections per server process (routing-api serve --pool-size)",
    )
    p.add_argument("--voice-talk", type=float, help="mean voice talk time, s (default: scaled)")
    p.add_argument("--chat-talk", type=float, help="mean chat time, s (with --voice-talk)")
    p.add_argument("--wrap", type=float, default=WRAP_S, help="mean wrap-up time, s")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", type=Path, help="also write the figures here")
    p.add_argument("--keep", action="store_true", help="keep the temp dir with server logs")
    ns = p.parse_args(argv)
    if (ns.voice_talk is None) != (ns.chat_talk is None):
        p.error("give --voice-talk and --chat-talk together")
    names = list(CONFIGS) if ns.backend == "all" else [ns.backend]
    rows: list[dict[str, Any]] = []
    with terminate_as_interrupt():
        try:
            for name in names:
                rows.append(run_config(CONFIGS[name], ns))
                # each configuration's figures as soon as it is done: a run of all three takes
                # long, and an interrupted one keeps what it measured
                print(table(rows[-1:]), flush=True)
        except KeyboardInterrupt:
            print("interrupted; everything started was stopped", file=sys.stderr)
            if rows:
                print(table(rows))
            return 130
    print()
    print(table(rows))
    for row in rows:
        print(
            f"{row['config']}: {verdict(row)}; window {row['window_s']} s, in system avg "
            f"{row['in_system_avg']} / max {row['in_system_max']}, accept max "
            f"{fmt(row['accept_max_ms'])} ms, lag max {fmt(row['lag_max_ms'])} ms, server CPU "
            f"per replica {row['server_cpu_pct_each']} %, generator RSS "
            f"{row['generator_peak_rss_mb']} MB"
        )
        late = row.get("generator_late_p50_ms")
        if late is not None:
            print(
                f"  the generator's own loop woke late by {fmt(late)} ms (median), "
                f"{fmt(row['generator_late_p99_ms'])} ms (p99), {fmt(row['generator_late_max_ms'])}"
                " ms (max): every latency above includes this"
            )
        print(
            f"  steady (from a minute after the {ns.backlog}-contact backlog was posted): accept "
            f"p50 {fmt(row.get('steady_accept_p50_ms'))} / p99 "
            f"{fmt(row.get('steady_accept_p99_ms'))} ms, lag p99 "
            f"{fmt(row.get('steady_lag_p99_ms'))} ms (the targets above are the whole window's)"
        )
        if row["error_kinds"]:
            print(f"  errors: {row['error_kinds']}")
        if row["server_tracebacks"]:
            print(f"  tracebacks in {row['server_tracebacks']}")
    if ns.json:
        ns.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
