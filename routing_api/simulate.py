"""`routing-api simulate`: realistic citizen traffic through the gateway API (see simulation/)."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from routing_api.simulation import Options, Simulator

__all__ = ["Options", "Simulator", "options_from", "run_simulation"]


def options_from(ns: argparse.Namespace) -> Options:
    """Simulator options from the parsed command line (`speed` is a hidden test/demo knob)."""
    return Options(
        server=ns.server,
        rate=max(0.0, float(ns.rate)),
        username=ns.username,
        password=ns.password,
        seed=ns.seed,
        speed=float(getattr(ns, "speed", None) or 1.0),
        operators=max(0, int(getattr(ns, "operators", 0) or 0)),
    )


@contextmanager
def _stop_on_signals(simulator: Simulator) -> Iterator[None]:
    """SIGINT and SIGTERM stop the simulator cleanly (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(_signum: int, _frame: FrameType | None) -> None:
        simulator.stop()

    previous: dict[signal.Signals, Any] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def run_simulation(ns: argparse.Namespace) -> int:
    """Run until --duration or a signal; 0 when done, 2 if the server or login fails."""
    for noisy in ("httpx", "httpcore"):  # one summary line, not a log line per request
        logging.getLogger(noisy).setLevel(logging.WARNING)
    simulator = Simulator(options_from(ns))
    with _stop_on_signals(simulator):
        return simulator.run(max(0.0, float(ns.duration)))
