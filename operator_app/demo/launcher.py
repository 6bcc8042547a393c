"""Start and stop the embedded demo: `routing-api` as a child process on a free loopback port
with its own data directory, demo seed and the traffic simulator (never inside the UI process)."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

log = logging.getLogger("demo")

#: `EKC_DEMO_LARGE=1` (or `python3 dev.py run --large`): the demo with the expert system at its
#: real size, 30,000 generated cards, seeded once into a demo database of its own
LARGE_ENV = "EKC_DEMO_LARGE"
LARGE_KB = 30_000
#: simulated first-line colleagues: the supervisor's board is alive, and the human operator
#: still gets a fair share of the offers (routing serves the least recently served first)
SIM_OPERATORS = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DemoError(RuntimeError):
    """The demo could not start; the message says why (the server's log is named)."""


class EmbeddedDemo:
    """The demo contact centre: seed once, serve, simulate; `stop()` ends both children."""

    def __init__(
        self,
        data_dir: Path,
        *,
        rate_per_min: float = 8.0,
        speed: float = 1.0,
        large: bool | None = None,
    ) -> None:
        if large is None:
            large = os.environ.get(LARGE_ENV, "").strip() not in ("", "0")
        self.large = large
        # The large demo keeps its own database: the default demo stays small and fast.
        self.data_dir = data_dir.with_name(data_dir.name + "-large") if large else data_dir
        self.rate = rate_per_min
        self.speed = speed
        self.port = 0
        self._server: subprocess.Popen[bytes] | None = None
        self._simulator: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.data_dir / 'routing.sqlite3'}"

    def _command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "routing_api", *args]

    def _env(self) -> dict[str, str]:
        return {**os.environ, "ROUTING_API_DATA_DIR": str(self.data_dir), "PYTHONUNBUFFERED": "1"}

    def start_server(self, timeout: float = 30.0) -> str:
        """Seed (first time only) and start the routing API; returns its URL when ready."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.data_dir / "routing-api.log"
        seed = [
            "seed",
            "--demo",
            "--operators",
            str(SIM_OPERATORS),
            "--database",
            self.database_url,
        ]
        if self.large:
            seed += ["--kb-size", str(LARGE_KB)]  # the first time: about a minute
        seeded = subprocess.run(
            self._command(*seed),
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=600 if self.large else 120,
        )
        if seeded.returncode != 0:
            raise DemoError(f"demo seeding failed: {seeded.stderr.strip()[-500:]}")
        self.port = free_port()
        with log_path.open("ab") as out:
            self._server = subprocess.Popen(
                self._command(
                    "serve",
                    "--port",
                    str(self.port),
                    "--database",
                    self.database_url,
                    "--log-level",
                    "warning",
                    "--exit-with-parent",
                    str(os.getpid()),
                ),
                env=self._env(),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._server.poll() is not None:
                raise DemoError(f"the demo routing API exited; see {log_path}")
            try:
                if httpx.get(self.url + "/ready", timeout=1).status_code == 200:
                    log.info("demo routing API ready on port %d", self.port)
                    return self.url
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise DemoError(f"the demo routing API did not start in {timeout:.0f} s; see {log_path}")

    def start_simulator(self) -> None:
        with (self.data_dir / "simulator.log").open("ab") as out:
            self._simulator = subprocess.Popen(
                self._command(
                    "simulate",
                    "--server",
                    self.url,
                    "--rate",
                    str(self.rate),
                    "--speed",
                    str(self.speed),
                    "--operators",
                    str(SIM_OPERATORS),
                    "--exit-with-parent",
                    str(os.getpid()),
                ),
                env=self._env(),
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def stop(self) -> None:
        for proc in (self._simulator, self._server):
            if proc is None or proc.poll() is not None:
                continue
            proc.terminate()
            try:
                proc.wait(timeout=8)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._simulator = self._server = None
