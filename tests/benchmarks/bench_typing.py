"""Search-as-you-type in the real main window over the 30,000-card expert system.

Run: python tests/benchmarks/bench_typing.py [--queries 15] [--no-freeze] [--no-sync-phase]
The real MainWindow (offscreen) of a workstation logged in to the real routing API (the
seeded 30,000-card database of bench_kb_sync.py), its index built by a first sync. Realistic
queries (../shared/kb/queries-dev.jsonl) are typed into the search box at 10 keys/s while a
5 ms heartbeat QTimer records every gap on the main thread. Prints the longest stall, the p99
gap, and the time from the last key to the results on screen (median/p95); then the same
while the workstation runs a full KB sync of the 30,000 cards (download, store, index) in
the background. `--no-freeze` leaves the index in the collector's generations (no
gc.freeze, the state before this change) to measure what freezing buys.
Target (issue 7): longest main-thread stall < 50 ms.
"""

from __future__ import annotations

import argparse
import faulthandler
import gc
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_kb_sync import routing_api  # type: ignore[import-not-found]  # noqa: E402
from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from operator_app.paths import Paths  # noqa: E402
from operator_app.search import heap  # noqa: E402
from operator_app.services.bus import ChangeBus  # noqa: E402
from operator_app.services.workstation import Workstation  # noqa: E402
from operator_app.ui import operations  # noqa: E402
from operator_app.ui.bridge import ChangeBridge  # noqa: E402
from operator_app.ui.main_window import MainWindow  # noqa: E402
from tests.helpers.qt import type_text  # noqa: E402

QUERIES = ROOT.parent / "shared" / "kb" / "queries-dev.jsonl"
HEARTBEAT_MS = 5
KEY_MS = 100  # 10 keys per second
PAUSE_MS = 600  # between queries, after the results are shown


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Heartbeat:
    """Every gap between ticks of a fast timer on the main thread.

    BENCH_DUMP_STALLS=MS (and BENCH_DUMP_FILE, default stderr): whenever the main thread is
    MS late, faulthandler's own watchdog thread, which needs no GIL, writes every thread's
    Python stack: the thread holding the GIL at that moment is the one not waiting."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[float] = []
        self._last = 0.0
        dump_ms = os.environ.get("BENCH_DUMP_STALLS")
        self._dump_after = float(dump_ms) / 1000 if dump_ms else None
        target = os.environ.get("BENCH_DUMP_FILE")
        self._dump_file = open(target, "a", encoding="utf-8") if target else sys.stderr  # noqa: SIM115

    def start(self) -> None:
        self.gaps.clear()
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self._dump_after is not None:
            faulthandler.cancel_dump_traceback_later()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now
        if self._dump_after is not None:
            faulthandler.dump_traceback_later(self._dump_after, file=self._dump_file)


def _stack(frame: Any, depth: int) -> str:
    where: list[str] = []
    while frame is not None and len(where) < depth:
        code = frame.f_code
        where.append(f"{Path(code.co_filename).name}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return " < ".join(where) or "?"


class StallTracer:
    """While the heartbeat is late, samples where the main thread is (its Python stack), so a
    stall can be told apart: our code on the main thread, or the main thread merely waiting
    (for the GIL, or for the CPU on a busy machine)."""

    def __init__(self, heartbeat: Heartbeat, late_ms: float = 25.0) -> None:
        self.heartbeat = heartbeat
        self.late_ms = late_ms
        self.samples: Counter[str] = Counter()
        self.others = bool(os.environ.get("BENCH_TRACE_THREADS"))
        #: BENCH_TRACE=0: no sampling (the sampler itself wakes every 2 ms and takes the GIL,
        #: which delays a main thread waiting for it: an observer effect on the stalls)
        self.enabled = os.environ.get("BENCH_TRACE", "1") != "0"
        self.other_samples: Counter[str] = Counter()
        self._main = threading.main_thread().ident
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        if self.enabled:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            late = (time.perf_counter() - self.heartbeat._last) * 1000
            if late < self.late_ms or not self.heartbeat.timer.isActive():
                continue
            frames = sys._current_frames()
            self.samples[_stack(frames.get(self._main or 0), 7)] += 1
            if self.others:
                me = threading.get_ident()
                for ident, frame in frames.items():
                    if ident not in (me, self._main):
                        self.other_samples[_stack(frame, 4)] += 1

    def top(self, n: int = 4) -> list[tuple[str, int]]:
        return self.samples.most_common(n)


class Typist:
    """Types queries into the search box key by key at 10 keys/s, as an operator would, and
    times each query from its last key to its results on screen."""

    def __init__(
        self,
        window: MainWindow,
        queries: list[str],
        done: Callable[[], None],
        endless: bool = False,
    ) -> None:
        self.window = window
        self.queries = queries
        self.done = done
        self.endless = endless  # go round the queries until told to stop
        self.latencies: list[float] = []
        self.keys = 0
        self.stop_after_current = False
        self._q = 0
        self._i = 0
        self._last_key = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._key)

    def start(self) -> None:
        self._begin_query()

    def _begin_query(self) -> None:
        self.window.search.query.clear()
        self._i = 0
        self._timer.start(KEY_MS)

    def _key(self) -> None:
        text = self.queries[self._q % len(self.queries)]
        type_text(self.window.search.query, text[self._i])
        self.keys += 1
        self._i += 1
        if self._i == len(text):
            self._timer.stop()
            self._last_key = time.perf_counter()
            self._wait_results(text)

    def _wait_results(self, text: str) -> None:
        pane = self.window.search
        if pane.shown_query != text or pane.searching():
            QTimer.singleShot(1, lambda: self._wait_results(text))
            return
        self.latencies.append((time.perf_counter() - self._last_key) * 1000)
        self._q += 1
        if self.stop_after_current or (self._q >= len(self.queries) and not self.endless):
            self.done()
            return
        QTimer.singleShot(PAUSE_MS, self._begin_query)


def run_phase(
    window: MainWindow, queries: list[str], background: threading.Thread | None
) -> tuple[Heartbeat, Typist, float]:
    """Type the queries (or, with background work, until it ends) under the heartbeat."""
    heartbeat = Heartbeat()
    loop = QEventLoop()
    typist = Typist(window, queries, loop.quit, endless=background is not None)
    if background is not None:

        def watch() -> None:
            if background.is_alive():
                QTimer.singleShot(50, watch)
            else:
                typist.stop_after_current = True

        QTimer.singleShot(50, watch)
        background.start()
    started = time.perf_counter()
    heartbeat.start()
    tracer = StallTracer(heartbeat)
    tracer.start()
    typist.start()
    loop.exec()  # the application's own event loop, as in the workstation
    heartbeat.stop()
    tracer.stop()
    for where, count in tracer.top():
        print(f"    late main thread at ({count} samples of 2 ms): {where}")
    for where, count in tracer.other_samples.most_common(8):
        print(f"    meanwhile another thread at ({count}): {where}")
    return heartbeat, typist, time.perf_counter() - started


def report(name: str, heartbeat: Heartbeat, typist: Typist, seconds: float) -> None:
    gaps = heartbeat.gaps
    lat = typist.latencies
    print(
        f"{name}: {typist.keys} keys, {len(lat)} queries in {seconds:.1f} s; "
        f"main thread: longest stall {max(gaps):.1f} ms (target < 50), "
        f"p99 gap {percentile(gaps, 0.99):.1f} ms, gaps > 50 ms: "
        f"{sum(1 for g in gaps if g > 50)}; last key -> results shown: "
        f"median {statistics.median(lat):.0f} ms, p95 {percentile(lat, 0.95):.0f} ms "
        f"(debounce {window_debounce()} ms included)"
    )


def window_debounce() -> int:
    from operator_app.ui.panes.search import DEBOUNCE_MS

    return DEBOUNCE_MS


def full_collection_ms() -> float:
    started = time.perf_counter()
    gc.collect()
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=30_000)
    parser.add_argument("--queries", type=int, default=15, help="how many dev queries to type")
    parser.add_argument("--no-freeze", action="store_true", help="no gc.freeze (before)")
    parser.add_argument("--no-sync-phase", action="store_true")
    parser.add_argument(
        "--switch-interval", type=float, help="sys.setswitchinterval (s; Python's default 0.005)"
    )
    args = parser.parse_args(argv)
    if args.no_freeze:
        heap.settle = lambda: None  # the index stays in the collector's generations
    lines = QUERIES.read_text("utf-8").splitlines()
    queries = [json.loads(line)["query"] for line in lines if line.strip()][: args.queries]

    if args.switch_interval:
        sys.setswitchinterval(args.switch_interval)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("bench-typing")
    operations.install()
    with tempfile.TemporaryDirectory(prefix="bench-typing-") as tmp:
        work = Path(tmp)
        with routing_api(args.size, work) as server:
            bus = ChangeBus()
            ws = Workstation(server.url, Paths.standard(work / "workstation"), bus)
            ws.login("op1", "demo")
            settings = QSettings(str(work / "ws.ini"), QSettings.Format.IniFormat)
            bridge = ChangeBridge(bus)  # held: the bus must outlive nothing it calls
            window = MainWindow(ws, bridge, settings)
            window.resize(1280, 800)
            window.show()
            try:
                started = time.perf_counter()
                ws.sync_kb()
                assert ws.engine is not None
                took = time.perf_counter() - started
                print(
                    f"window over {len(ws.engine)} cards (first sync {took:.1f} s); "
                    f"gc: {'no freeze' if args.no_freeze else f'{heap.frozen()} objects frozen'}, "
                    f"a full collection now takes {full_collection_ms():.0f} ms"
                )
                idle = Heartbeat()  # the machine's own noise: nothing but the heartbeat
                idle.start()
                loop = QEventLoop()
                QTimer.singleShot(10_000, loop.quit)
                loop.exec()
                idle.stop()
                print(
                    f"idle window, 10 s (machine noise: other users share the 2 cores): "
                    f"longest gap {max(idle.gaps):.1f} ms, p99 {percentile(idle.gaps, 0.99):.1f} ms"
                )
                beat, typist, seconds = run_phase(window, queries, None)
                report("typing, index ready", beat, typist, seconds)
                if not args.no_sync_phase:
                    ws.kb.reset()  # the next sync pulls the whole expert system again
                    ws.cursors.set("kb.changes.etag", "")
                    sync = threading.Thread(target=ws.sync_kb, daemon=True)
                    beat, typist, seconds = run_phase(window, queries, sync)
                    sync.join()
                    assert ws.engine is not None and len(ws.engine) == args.size
                    report("typing during a full KB sync", beat, typist, seconds)
                window.grab().save(str(work / "typing.png"))
            finally:
                window.close()
                ws.close()
                operations.shutdown()


if __name__ == "__main__":
    main()
