"""The operator workstation's responsiveness: the real window against the real routing API.

Run: python tests/benchmarks/bench_workstation.py [--quick] [--contacts 800] [--rate 50]
     [--calls 30] [--starts 5] [--size 30000] [--what-if-fixed-columns]

The routing API runs as a child process on 127.0.0.1 over a copy of bench_kb_sync.py's seeded
database (30,000 cards, built once). The workstation in this process is the real application
holder (WorkstationApp: login dialog, MainWindow, the event stream, the expert-system sync),
logged in as op1 through its dialog; timings are hooked from outside (a wrapped event handler,
bus and Qt-thread subscribers, a wrapped pane method, an event filter). It prints:

1. the longest main-thread stall (a 5 ms heartbeat QTimer, every gap between ticks) while the
   `gateway` account posts 800 contacts at 50/s (from a child process of its own) and op1's
   window receives them over the event stream, with op1 on a break so they stay in its queue;
2. the longest main-thread stall while the whole expert system syncs again in the settled
   window (as bench_typing.py's sync phase: local copy reset, Op(ws.sync_kb) as the app runs
   it); the first sync at login is printed too, from the moment the window opened;
3. screen-pop latency over 30 calls: from the sync layer's receipt of the `contact.offered`
   event to the first paint of the conversation pane's details with that call's IVR data; the
   offer is accepted by the F9 action as soon as the queue pane shows it (an instant
   operator), so the figure holds the accept round trip and none of a person's reaction;
4. cold start: process start to the login dialog's first paint, `python -c` running
   operator_app.cli.main (the `operator-app` entry point) with --server and a --basedir, its
   LoginDialog's showEvent/paintEvent stamped; the first start warms the caches and is not
   counted; the median of 5 further starts. The children use the platform's keyring backend
   (it is only looked up before login, nothing is read or written); this process's
   workstation uses the null keyring.

Targets: stalls < 50 ms, screen pop p95 < 100 ms, cold start median < 2 s. The machine is
shared (2 cores; a test suite may run beside): an idle heartbeat measures its noise first,
and while the heartbeat is late the main thread's Python stack is sampled (bench_typing's
StallTracer; BENCH_TRACE_THREADS=1 samples the other threads too).
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

#: the environment the cold-start children get (the user's keyring choice, if any, kept)
CHILD_ENV = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the workstation in this process logs in: its tokens stay in memory, never in a real keyring
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from bench_kb_sync import template  # type: ignore[import-not-found]  # noqa: E402
from bench_typing import Heartbeat, StallTracer, percentile  # type: ignore[import-not-found]  # noqa: E402
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer  # noqa: E402
from PySide6.QtGui import QAction, QKeySequence  # noqa: E402
from PySide6.QtWidgets import QApplication, QHeaderView, QWidget  # noqa: E402

from operator_app.domain.changes import (  # noqa: E402
    Change,
    ConnectionChanged,
    KbChanged,
    OperatorStateChanged,
    QueueChanged,
)
from operator_app.paths import Paths  # noqa: E402
from operator_app.services.conversation import Conversation  # noqa: E402
from operator_app.ui import operations  # noqa: E402
from operator_app.ui.app import WorkstationApp  # noqa: E402
from operator_app.ui.main_window import MainWindow  # noqa: E402
from operator_app.ui.operations import Op  # noqa: E402
from operator_app.ui.panes.conversation import ConversationTab  # noqa: E402
from tests.helpers.api import API, RoutingServer  # noqa: E402

STALL_TARGET_MS = 50.0
POP_TARGET_MS = 100.0
COLD_TARGET_S = 2.0
POLL_MS = 20  # how often a phase checks whether it is done (a QTimer on the main thread)
#: other threads' stacks that only wait (left out of BENCH_TRACE_THREADS's report)
IDLE_FRAMES = ("threading.py:", "thread.py:", "sync.py:128 read", "selectors.py:")

# Run by the cold-start child with `python -c`: the app's own entry point, with the login
# dialog's first show and first paint stamped on the system-wide monotonic clock (the parent
# reads the same clock just before it starts the process); the app quits after the paint.
COLD_START = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from operator_app.ui.login import LoginDialog
from operator_app import cli

stamps = {}

def stamp(name):
    if name not in stamps:
        stamps[name] = time.monotonic()
        print(name, repr(stamps[name]), flush=True)

def show_event(self, event):
    QDialog.showEvent(self, event)
    stamp("shown")

def paint_event(self, event):
    QDialog.paintEvent(self, event)
    if "painted" not in stamps:
        stamp("painted")
        QTimer.singleShot(0, QApplication.quit)

LoginDialog.showEvent = show_event
LoginDialog.paintEvent = paint_event
sys.exit(cli.main(sys.argv[1:]))
"""


# --- small things -------------------------------------------------------------------------
class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, raised outside the Qt loop so every `finally` runs."""


class StopSignal:
    """SIGINT/SIGTERM quit the running Qt loop (Python's handler runs between Qt events, which
    the poll timer guarantees), then `check()` raises outside it."""

    def __init__(self) -> None:
        self.requested = False
        self.loop: QEventLoop | None = None

    def install(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.requested = True
        if self.loop is not None and self.loop.isRunning():
            self.loop.quit()
            return
        raise Interrupted(signal.Signals(signum).name)

    def check(self) -> None:
        if self.requested:
            raise Interrupted("interrupted")


STOP = StopSignal()


def ms(seconds: float) -> float:
    return seconds * 1000.0


def pct(values: list[float], share: float) -> float:
    return float(percentile(values, share))


def spread(values: list[float]) -> str:
    """Median, p95 and max of millisecond figures."""
    if not values:
        return "no samples"
    return (
        f"median {statistics.median(values):.0f} ms, p95 {pct(values, 0.95):.0f} ms, "
        f"max {max(values):.0f} ms (n={len(values)})"
    )


def run_until(done: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Run the Qt event loop until `done()` (checked every POLL_MS) or fail after timeout_s."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(POLL_MS)
    failed: list[BaseException] = []

    def check() -> None:
        try:
            finished = done()
        except Exception as exc:  # raised after the loop: from a slot it would only be printed
            failed.append(exc)
            finished = True
        if finished or time.monotonic() > deadline:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    STOP.loop = loop
    try:
        if not done():
            loop.exec()
    finally:
        STOP.loop = None
        timer.stop()
    STOP.check()
    if failed:
        raise failed[0]
    if not done():
        raise TimeoutError(f"{what}: not done within {timeout_s:.0f} s")


@dataclass
class Stalls:
    """Heartbeat gaps of one phase (ms) and where the main thread was while it was late."""

    gaps: list[float]
    seconds: float
    where: list[tuple[str, int]]
    #: with BENCH_TRACE_THREADS=1 (bench_typing's tracer), the other threads meanwhile
    elsewhere: list[tuple[str, int]] = field(default_factory=list)

    @property
    def longest(self) -> float:
        return max(self.gaps) if self.gaps else float("nan")

    @property
    def p99(self) -> float:
        return pct(self.gaps, 0.99) if self.gaps else float("nan")

    def line(self) -> str:
        over = sum(1 for g in self.gaps if g > STALL_TARGET_MS)
        return (
            f"longest stall {self.longest:.1f} ms, p99 gap {self.p99:.1f} ms, "
            f"gaps > {STALL_TARGET_MS:.0f} ms: {over} ({len(self.gaps)} ticks, "
            f"{self.seconds:.1f} s)"
        )

    def print_where(self) -> None:
        for where, count in self.where:
            print(f"    late main thread at ({count} samples of 2 ms): {where}")
        for where, count in self.elsewhere:
            print(f"    meanwhile another thread at ({count}): {where}")


class Watch:
    """bench_typing's 5 ms heartbeat and stall tracer over one phase."""

    def __init__(self) -> None:
        self.beat: Any = Heartbeat()
        self.tracer: Any = StallTracer(self.beat)
        self.started = 0.0
        self.running = False

    def begin(self) -> None:
        self.started = time.perf_counter()
        self.beat.start()
        self.tracer.start()
        self.running = True

    def finish(self) -> Stalls:
        if self.running:
            self.beat.stop()
            self.tracer.stop()
            self.running = False
        gaps = [float(g) for g in self.beat.gaps]
        where = [(str(w), int(n)) for w, n in self.tracer.top()]
        busy = [(str(w), int(n)) for w, n in self.tracer.other_samples.most_common()]
        elsewhere = [(w, n) for w, n in busy if not w.startswith(IDLE_FRAMES)][:6]
        return Stalls(gaps, time.perf_counter() - self.started, where, elsewhere)


def measured(
    start: Callable[[], None], done: Callable[[], bool], timeout_s: float, what: str
) -> Stalls:
    """`start()` then run the loop until `done()`, under the heartbeat."""
    watch = Watch()
    watch.begin()
    try:
        start()
        run_until(done, timeout_s, what)
    finally:
        stalls = watch.finish()
    return stalls


class PaintStamp(QObject):
    """Stamps the first paint of one widget, then calls back once."""

    def __init__(self, widget: QWidget, painted: Callable[[float], None]) -> None:
        super().__init__(widget)
        self._painted = painted
        self._done = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            self._painted(time.perf_counter())
            watched.removeEventFilter(self)
        return False


# --- the workstation, observed from outside --------------------------------------------------
@dataclass
class Pop:
    """One call's screen pop, stamped on time.perf_counter() (one clock for all threads)."""

    contact_id: int
    menu: str  # the IVR menu path as the pane shows it (HTML-escaped)
    received: float = 0.0  # the sync layer got contact.offered (event-stream thread)
    offer_shown: float = 0.0  # the queue pane holds the offer (Qt thread); F9 pressed
    accept_sent: float = 0.0  # ws.accept began (operation pool)
    accept_reply: float = 0.0  # the server's reply with the whole detail
    filled: float = 0.0  # the conversation pane's tab holds the IVR data (Qt thread)
    painted: float = 0.0  # the details label's first paint
    done: threading.Event = field(default_factory=threading.Event)


class Desk:
    """op1's workstation: the real WorkstationApp logged in through its dialog, with probes."""

    def __init__(
        self, app: QApplication, url: str, base: Path, *, fixed_columns: bool = False
    ) -> None:
        self.fixed_columns = fixed_columns
        self.holder = WorkstationApp(app, Paths.standard(base), url, "ru")
        self.holder.start()  # a server is given: the login dialog opens at once
        ws = self.holder.workstation
        assert ws is not None
        self.ws = ws
        self.window: MainWindow | None = None
        self._lock = threading.Lock()
        self.published = 0  # changes the services published (any thread)
        self.delivered = 0  # changes that reached the Qt thread
        self.last_event_at = 0.0
        self.received: dict[int, float] = {}  # contact id -> its first event's receipt
        self.in_queue: dict[int, float] = {}  # contact id -> first QueueChanged on the Qt thread
        self.kb_changes: list[KbChanged] = []
        self.state = ""
        self.online = False
        self.pops: dict[int, Pop] = {}
        self.offered_at: dict[int, float] = {}  # contact.offered to op1, at the sync layer
        self.offer_seen: dict[int, float] = {}  # the offer in the queue pane (Qt thread)
        self._accepted: set[int] = set()
        self._f9: QAction | None = None
        # the stream is started at login (ws.start() in open_main): wrap its handler before
        original = ws._on_event

        def on_event(event_id: int, type_: str, data: dict[str, Any]) -> None:
            now = time.perf_counter()
            contact = data.get("contact")
            if type_.startswith("contact.") and isinstance(contact, dict):
                cid = int(contact["id"])
                with self._lock:
                    self.last_event_at = now
                    self.received.setdefault(cid, now)
                    if type_ == "contact.offered" and contact.get("offered_to") == ws.user["id"]:
                        self.offered_at.setdefault(cid, now)
            original(event_id, type_, data)

        ws._on_event = on_event  # type: ignore[method-assign]
        ws.bus.subscribe(self._published)
        self.holder.bridge.changed.connect(self._delivered)

    def _published(self, _change: Change) -> None:
        with self._lock:
            self.published += 1

    def _delivered(self, change: Change) -> None:
        self.delivered += 1
        if isinstance(change, KbChanged):
            self.kb_changes.append(change)
        elif isinstance(change, OperatorStateChanged):
            self.state = change.state
        elif isinstance(change, ConnectionChanged):
            self.online = change.state == "online"

    def drained(self) -> bool:
        """Every change published so far has reached the Qt thread."""
        with self._lock:
            return self.delivered >= self.published

    # --- login -----------------------------------------------------------------------------
    def login(self, username: str, opened: Callable[[], None]) -> None:
        """Log in through the dialog; `opened()` runs right after the main window opened."""
        dialog = self.holder.login
        assert dialog is not None

        def after_open_main() -> None:  # connected after WorkstationApp.open_main: runs next
            self._attach()
            opened()

        dialog.accepted.connect(after_open_main)
        dialog.username.setCurrentText(username)
        dialog.password.setText("demo")
        dialog.ok_button.click()

    def _attach(self) -> None:
        window = self.holder.window
        assert window is not None
        self.window = window
        window.resize(1366, 768)
        if self.fixed_columns:  # what-if: the queue's columns sized once, not per change
            window.queue.table.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.Interactive
            )
        # after the panes' own slots (connected in MainWindow.__init__): the panes are updated
        self.holder.bridge.changed.connect(self._after_panes)
        self._f9 = next(
            a for a in window.findChildren(QAction) if a.shortcut() == QKeySequence("F9")
        )
        # the screen pop: MainWindow._opened calls self.conversation.open(…) on the Qt thread
        pane = window.conversation
        open_tab = pane.open

        def opened(conversation: Conversation, draft: str = "") -> None:
            open_tab(conversation, draft)
            pop = self.pops.get(conversation.id)
            tab = pane.tab(conversation.id)
            if pop is None or pop.filled or tab is None or pop.menu not in tab.details.text():
                return
            pop.filled = time.perf_counter()

            def painted(at: float) -> None:
                pop.painted = at
                pop.done.set()

            PaintStamp(tab.details, painted)

        pane.open = opened  # type: ignore[method-assign]
        accept = self.ws.accept

        def timed_accept(contact_id: int) -> Conversation:
            pop = self.pops.get(contact_id)
            if pop is not None:
                pop.accept_sent = time.perf_counter()
            try:
                return accept(contact_id)
            finally:
                if pop is not None:
                    pop.accept_reply = time.perf_counter()

        self.ws.accept = timed_accept  # type: ignore[method-assign]

    def _after_panes(self, change: Change) -> None:
        if not isinstance(change, QueueChanged) or self.window is None:
            return
        now = time.perf_counter()
        for contact in change.upserted:
            self.in_queue.setdefault(contact.id, now)
        offered = self.window.queue.model.offered()
        if offered is not None:
            self.offer_seen.setdefault(offered.id, now)
        self.accept_offer()

    def accept_offer(self) -> None:
        """An instant operator: F9 as soon as the queue pane shows a call we are timing (also
        run when the driver has just learnt the call's id, if its offer came first)."""
        assert self.window is not None and self._f9 is not None
        offered = self.window.queue.model.offered()
        if offered is None or offered.id in self._accepted or offered.id not in self.pops:
            return
        self._accepted.add(offered.id)
        pop = self.pops[offered.id]
        pop.offer_shown = self.offer_seen.get(offered.id, time.perf_counter())
        self._f9.trigger()

    def close(self) -> None:
        window = self.holder.window
        if window is not None:
            # a draft still waiting to be saved would be saved after the session closed
            for tab in window.findChildren(ConversationTab):
                tab._draft_timer.stop()
            window.wrapup._draft_timer.stop()
            window.close()
        self.holder.shutdown()


# --- the children -------------------------------------------------------------------------
@contextmanager
def routing_server(size: int, work: Path) -> Iterator[RoutingServer]:
    """`routing-api serve --virtual-clock` over a copy of the seeded `size`-card database; it
    also ends if this process dies without cleaning up (--exit-with-parent)."""
    db_file = work / "routing.sqlite3"
    shutil.copyfile(template(size), db_file)
    server = RoutingServer(
        f"sqlite:///{db_file}",
        work / "routing-api.log",
        "--offer-timeout",
        "60",
        "--redirect-after",
        "0",
        "--exit-with-parent",
        str(os.getpid()),
    )
    try:
        server.start(timeout=60)
        yield server
    finally:
        server.stop()


def login_token(http: httpx.Client, username: str) -> None:
    reply = http.post("/auth/login", json={"username": username, "password": "demo"})
    reply.raise_for_status()
    http.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"


def traffic_bodies(count: int, seed: int, channels: dict[str, float] | None = None) -> list[Any]:
    """Realistic POST /contacts bodies from the traffic simulator's generator."""
    from routing_api.demo.citizens import generate_citizens
    from routing_api.simulation.traffic import CHANNEL_WEIGHTS, Traffic

    traffic = Traffic(random.Random(seed), generate_citizens(2000), channels or CHANNEL_WEIGHTS)
    return [traffic.next().body for _ in range(count)]


def post_contacts(url: str, count: int, rate: float, seed: int) -> int:
    """The gateway's side of phase 1, run as a child process: after `ready`, wait for `go` on
    stdin, post `count` contacts at `rate` per second (paced on a schedule, four requests in
    flight at most), then print one JSON line with the ids and timings."""
    bodies = traffic_bodies(count, seed)
    with httpx.Client(base_url=url + API, timeout=30) as http, ThreadPoolExecutor(4) as pool:
        login_token(http, "gateway")
        print("ready", flush=True)
        if sys.stdin.readline().strip() != "go":
            return 1  # the benchmark went away

        def post(body: dict[str, Any]) -> tuple[int, float, int | None]:
            started = time.perf_counter()
            reply = http.post("/contacts", json=body)
            took = time.perf_counter() - started
            cid = int(reply.json()["id"]) if reply.status_code == 201 else None
            return reply.status_code, took, cid

        started = time.perf_counter()
        futures: list[Future[tuple[int, float, int | None]]] = []
        for i, body in enumerate(bodies):
            pause = started + i / rate - time.perf_counter()
            if pause > 0:
                time.sleep(pause)  # the schedule: a load generator, not a test
            futures.append(pool.submit(post, body))
        results = [f.result() for f in futures]
        seconds = time.perf_counter() - started
    took = [r[1] for r in results]
    print(
        json.dumps(
            {
                "ids": [r[2] for r in results if r[2] is not None],
                "errors": sorted({r[0] for r in results if r[2] is None}),
                "seconds": seconds,
                "post_ms_median": ms(statistics.median(took)),
                "post_ms_max": ms(max(took)),
            }
        ),
        flush=True,
    )
    return 0


@dataclass
class ColdStart:
    shown: float  # s from process start to the dialog's showEvent
    painted: float  # s to its first paint
    app_says: float | None  # the app's own log line (from after its imports to show())


def cold_start(url: str, base: Path, timeout_s: float = 60.0) -> ColdStart:
    """One start of the workstation as a child process, to its login dialog on screen."""
    command = [sys.executable, "-c", COLD_START, "--server", url, "--basedir", str(base)]
    started = time.monotonic()
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=CHILD_ENV,
        cwd=ROOT,
    )
    try:
        out, err = proc.communicate(timeout=timeout_s)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stamps = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    if "painted" not in stamps:
        raise RuntimeError(
            f"the login dialog was not painted (exit {proc.returncode}): {err[-2000:]}"
        )
    log = base / "logs" / "workstation.log"
    said = re.findall(r"window shown ([0-9.]+) s after start", log.read_text("utf-8"))
    return ColdStart(
        float(stamps["shown"]) - started,
        float(stamps["painted"]) - started,
        float(said[-1]) if said else None,
    )


def import_breakdown(url: str, base: Path, top: int = 6) -> tuple[list[Any], list[Any]]:
    """One start under `-X importtime`: the slowest top-level imports (cumulative ms) and the
    modules whose own bodies took longest (self ms)."""
    command = [sys.executable, "-X", "importtime", "-c", COLD_START, "--server", url]
    command += ["--basedir", str(base)]
    done = subprocess.run(
        command, capture_output=True, text=True, env=CHILD_ENV, cwd=ROOT, timeout=120
    )
    outer, own = [], []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S.*)$", line)
        if match:
            name = match.group(4)
            own.append((name, int(match.group(1)) / 1000))
            if not match.group(3):  # no indentation: imported at top level
                outer.append((name, int(match.group(2)) / 1000))
    return sorted(outer, key=lambda r: -r[1])[:top], sorted(own, key=lambda r: -r[1])[:top]


def python_floor(runs: int = 3) -> float:
    """The interpreter's own start (python -c pass), median s."""
    took = []
    for _ in range(runs):
        started = time.monotonic()
        subprocess.run([sys.executable, "-c", "pass"], check=True, env=CHILD_ENV)
        took.append(time.monotonic() - started)
    return statistics.median(took)


# --- the phases ---------------------------------------------------------------------------
def phase_cold_start(url: str, work: Path, starts: int) -> tuple[list[ColdStart], ColdStart]:
    base = work / "cold-start"
    first = cold_start(url, base)
    runs = [cold_start(url, base) for _ in range(starts)]
    painted = [r.painted for r in runs]
    print(
        f"cold start (process start -> login dialog painted), {starts} starts after a warm-up "
        f"start ({first.painted:.2f} s): median {statistics.median(painted):.2f} s, "
        f"min {min(painted):.2f} s, max {max(painted):.2f} s; showEvent at median "
        f"{statistics.median(r.shown for r in runs):.2f} s"
    )
    said = [r.app_says for r in runs if r.app_says is not None]
    if said:
        print(
            f"  the app's own log ('window shown … after start', from after its first imports "
            f"to show()): median {statistics.median(said):.2f} s"
        )
    print(f"  python -c pass: {python_floor():.2f} s")
    outer, own = import_breakdown(url, base)
    for what, rows in (("top-level imports, cumulative", outer), ("module bodies, self", own)):
        slow = ", ".join(f"{name} {took:.0f} ms" for name, took in rows)
        print(f"  slowest {what} (one -X importtime start): {slow}")
    return runs, first


def phase_login(desk: Desk, size: int) -> Stalls:
    """Log op1 in; measure from the window opening until its first KB sync is done."""
    watch = Watch()
    desk.login("op1", watch.begin)
    try:
        run_until(lambda: desk.window is not None, 60, "login")
        run_until(lambda: any(c.total == size for c in desk.kb_changes), 300, "the first KB sync")
    finally:
        stalls = watch.finish()
    run_until(lambda: desk.online, 30, "the event stream")
    return stalls


def phase_idle(seconds: float) -> Stalls:
    until = time.monotonic() + seconds
    return measured(lambda: None, lambda: time.monotonic() > until, seconds + 10, "idle")


def phase_screen_pops(desk: Desk, url: str, calls: int) -> tuple[list[Pop], Stalls]:
    """`calls` calls one after another, each offered to op1, accepted, ended and wrapped up."""
    ws = desk.ws
    bodies = traffic_bodies(calls, seed=7, channels={"voice": 1.0})
    failure: list[BaseException] = []
    order: list[Pop] = []

    def drive() -> None:
        try:
            with httpx.Client(base_url=url + API, timeout=30) as gateway:
                login_token(gateway, "gateway")
                for body in bodies:
                    ws.set_state("ready")
                    menu = html.escape(" › ".join(str(x) for x in body["ivr"]["menu_path"]))
                    reply = gateway.post("/contacts", json=body)
                    reply.raise_for_status()
                    cid = int(reply.json()["id"])
                    pop = Pop(cid, menu)
                    desk.pops[cid] = pop
                    order.append(pop)
                    # the offer may have reached the queue pane before its id reached us
                    operations.on_ui_thread(desk.accept_offer)
                    if not pop.done.wait(30):
                        raise TimeoutError(f"call {cid}: no screen pop within 30 s")
                    with desk._lock:
                        pop.received = desk.offered_at[cid]
                    ws.end(cid)
                    ws.wrap_up(cid, "consultation_given", True, "")
                ws.set_state("break")
        except BaseException as exc:
            failure.append(exc)

    driver = threading.Thread(target=drive, name="bench-calls", daemon=True)
    stalls = measured(driver.start, lambda: not driver.is_alive(), 60 + calls * 30, "calls")
    driver.join()
    if failure:
        raise failure[0]
    return order, stalls


def phase_stream(desk: Desk, url: str, count: int, rate: float) -> tuple[Stalls, dict[str, Any]]:
    """The gateway posts `count` contacts at `rate`/s (a child process) to op1 on a break."""
    ws = desk.ws
    if desk.state != "break":
        Op(lambda: ws.set_state("break")).run()
        run_until(lambda: desk.state == "break", 30, "op1 on a break")
    poster = subprocess.Popen(
        [sys.executable, __file__, "--post-contacts", url, str(count), str(rate)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    result: dict[str, Any] = {}
    try:
        assert poster.stdin is not None and poster.stdout is not None
        if poster.stdout.readline().strip() != "ready":
            raise RuntimeError("the contact poster did not start")
        quiet = {"since": 0.0}

        def go() -> None:
            assert poster.stdin is not None
            poster.stdin.write("go\n")
            poster.stdin.flush()

        def done() -> bool:
            if poster.poll() is None:
                return False
            if poster.returncode != 0:
                raise RuntimeError(f"the contact poster failed (exit {poster.returncode})")
            if not result:
                assert poster.stdout is not None
                result.update(json.loads(poster.stdout.read().strip().splitlines()[-1]))
            now = time.perf_counter()
            with desk._lock:
                got_all = all(cid in desk.received for cid in result["ids"])
                silent = now - desk.last_event_at > 2.0
            if not (desk.drained() and (got_all or silent)):
                quiet["since"] = 0.0
                return False
            quiet["since"] = quiet["since"] or now
            return now - quiet["since"] > 0.1  # drained for a few polls in a row

        stalls = measured(go, done, count / rate + 120, "the contact stream")
    finally:
        if poster.poll() is None:
            poster.kill()
        poster.wait()
    ids = result.get("ids", [])
    lags = [ms(desk.in_queue[c] - desk.received[c]) for c in ids if c in desk.in_queue]
    assert desk.window is not None
    result.update(
        received=sum(1 for c in ids if c in desk.received),
        rows=desk.window.queue.model.rowCount(),
        lags=lags,
    )
    return stalls, result


def phase_resync(desk: Desk, size: int) -> Stalls:
    """The whole expert system again, in the settled window, as bench_typing's sync phase."""
    ws = desk.ws
    seen = len(desk.kb_changes)
    ws.kb.reset()  # the next sync pulls the whole expert system again
    ws.cursors.set("kb.changes.etag", "")
    failure: list[BaseException] = []

    def start() -> None:
        Op(ws.sync_kb).failure(failure.append).run()  # as WorkstationApp.open_main runs it

    def done() -> bool:
        return bool(failure) or any(c.total == size for c in desk.kb_changes[seen:])

    stalls = measured(start, done, 300, "the KB re-sync")
    if failure:
        raise failure[0]
    assert ws.engine is not None and len(ws.engine) == size, "the index is not complete"
    return stalls


# --- the report ---------------------------------------------------------------------------
def verdict(value: float, target: float) -> str:
    return "met" if value < target else "NOT MET"


def table(rows: list[tuple[str, str, str, str]]) -> None:
    heads = ("figure", "measured", "target", "")
    widths = [max(len(r[i]) for r in [heads, *rows]) for i in range(4)]
    line = "  ".join("-" * w for w in widths)
    print()
    print("  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (fewer of each)")
    parser.add_argument("--contacts", type=int, help="contacts streamed (800; quick 200)")
    parser.add_argument("--rate", type=float, default=50.0, help="contacts per second")
    parser.add_argument("--calls", type=int, help="screen pops measured (30; quick 10)")
    parser.add_argument("--starts", type=int, help="cold starts counted (5; quick 3)")
    parser.add_argument("--idle", type=float, help="seconds of idle heartbeat (10; quick 3)")
    parser.add_argument("--size", type=int, default=30_000, help="expert-system cards")
    parser.add_argument(
        "--what-if-fixed-columns",
        action="store_true",
        help="what-if: set the queue table's header from ResizeToContents to Interactive (from "
        "outside, after login) to measure what that change would buy",
    )
    parser.add_argument(
        "--post-contacts", nargs=3, metavar=("URL", "N", "RATE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.post_contacts:
        url, n, rate = args.post_contacts
        return post_contacts(url, int(n), float(rate), seed=11)
    contacts = args.contacts or (200 if args.quick else 800)
    calls = args.calls or (10 if args.quick else 30)
    starts = args.starts or (3 if args.quick else 5)
    idle = args.idle if args.idle is not None else (3.0 if args.quick else 10.0)

    STOP.install()
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-workstation-") as tmp:
        work = Path(tmp)
        try:
            with routing_server(args.size, work) as server:
                print(f"routing API {server.url} (SQLite, {args.size} cards, virtual clock)")
                if args.what_if_fixed_columns:
                    print("what-if: the queue table's header set to Interactive (not the app's)")
                # 4. before this process has a QApplication: nothing else runs here meanwhile
                runs, _ = phase_cold_start(server.url, work, starts)
                cold = statistics.median(r.painted for r in runs)
                app = QApplication(sys.argv[:1])
                app.setApplicationName("bench-workstation")
                operations.install()
                desk = Desk(app, server.url, work / "op1", fixed_columns=args.what_if_fixed_columns)
                try:
                    rows += run_window_phases(
                        desk, server.url, args.size, contacts, args.rate, calls, idle
                    )
                finally:
                    desk.close()
                rows.append(
                    (
                        f"4. cold start to login dialog painted, median of {starts}",
                        f"{cold:.2f} s",
                        f"< {COLD_TARGET_S:.0f} s",
                        verdict(cold, COLD_TARGET_S),
                    )
                )
        except Interrupted:
            print("\ninterrupted: children stopped", file=sys.stderr)
            return 130
    table(rows)
    print(
        "\nThe machine is shared (2 cores; other jobs may run): compare the stalls with the "
        "idle heartbeat above."
    )
    return 0


def run_window_phases(
    desk: Desk, url: str, size: int, contacts: int, rate: float, calls: int, idle: float
) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    login = phase_login(desk, size)
    print(
        f"login, from the window opening to its first KB sync of {size} cards done: {login.line()}"
    )
    login.print_where()
    noise = phase_idle(idle)
    print(f"idle window, {idle:.0f} s (the machine's own noise): {noise.line()}")
    noise.print_where()

    pops, pop_stalls = phase_screen_pops(desk, url, calls)
    total = [ms(p.painted - p.received) for p in pops]
    print(f"screen pop, {calls} calls, offer received -> IVR data painted: {spread(total)}")
    for name, values in (
        (
            "offer received (stream thread) -> offer in the queue pane, F9",
            [ms(p.offer_shown - p.received) for p in pops],
        ),
        (
            "F9 -> accept request sent (operation pool)",
            [ms(p.accept_sent - p.offer_shown) for p in pops],
        ),
        (
            "accept round trip (POST accept, whole detail)",
            [ms(p.accept_reply - p.accept_sent) for p in pops],
        ),
        (
            "reply -> conversation tab filled (Qt thread)",
            [ms(p.filled - p.accept_reply) for p in pops],
        ),
        ("filled -> details painted", [ms(p.painted - p.filled) for p in pops]),
    ):
        print(f"  {name}: {spread(values)}")
    print(f"  main thread meanwhile: {pop_stalls.line()}")
    pop_stalls.print_where()

    stream, got = phase_stream(desk, url, contacts, rate)
    print(
        f"contact stream: {len(got['ids'])} contacts posted in {got['seconds']:.1f} s "
        f"({len(got['ids']) / got['seconds']:.0f}/s; POST median {got['post_ms_median']:.0f} ms, "
        f"max {got['post_ms_max']:.0f} ms; errors {got['errors'] or 'none'}), "
        f"{got['received']} seen by the sync layer, {got['rows']} rows in the queue pane"
    )
    print(f"  main thread: {stream.line()}")
    print(
        "  event received (stream thread) -> row in the queue model (Qt thread): "
        + spread(got["lags"])
    )
    stream.print_where()

    resync = phase_resync(desk, size)
    print(f"full KB re-sync of {size} cards in the settled window: {resync.line()}")
    resync.print_where()

    p95 = pct(total, 0.95)
    rows += [
        (
            f"1. longest stall, {len(got['ids'])} contacts at {rate:.0f}/s (p99 gap)",
            f"{stream.longest:.1f} ms ({stream.p99:.1f})",
            f"< {STALL_TARGET_MS:.0f} ms",
            verdict(stream.longest, STALL_TARGET_MS),
        ),
        (
            f"2. longest stall, full KB sync of {size} cards (p99 gap)",
            f"{resync.longest:.1f} ms ({resync.p99:.1f})",
            f"< {STALL_TARGET_MS:.0f} ms",
            verdict(resync.longest, STALL_TARGET_MS),
        ),
        (
            "   (info) longest stall, first KB sync at login (p99 gap)",
            f"{login.longest:.1f} ms ({login.p99:.1f})",
            "—",
            "",
        ),
        (
            f"3. screen pop p95, {calls} calls (p50 / max)",
            f"{p95:.0f} ms ({statistics.median(total):.0f} / {max(total):.0f})",
            f"< {POP_TARGET_MS:.0f} ms",
            verdict(p95, POP_TARGET_MS),
        ),
        (
            "   (info) longest gap of an idle window (p99 gap)",
            f"{noise.longest:.1f} ms ({noise.p99:.1f})",
            "—",
            "",
        ),
    ]
    return rows


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
