"""One running server: settings, database, clock, event hub, and how requests run as operations."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import alarms, routing, timers
from routing_api.auth import SessionCache, User
from routing_api.clock import Clock, SystemClock, VirtualClock
from routing_api.config import Settings
from routing_api.context import Env
from routing_api.db.engine import EVENTS_MAX_ID, Database
from routing_api.db.schema import idempotency_keys
from routing_api.errors import ApiError
from routing_api.events import ROUTING_INPUTS_CHANGED, EventHub
from routing_api.external import Externals
from routing_api.external.simulated import simulated_externals
from routing_api.offload import KpiPass
from routing_api.queue_summary import Group, Summaries, read_groups

log = logging.getLogger("api")

#: alarms are checked every this many timer ticks (0.5 s each by default)
ALARM_EVERY_TICKS = 4
#: the KPI pass's last 15 minutes serve the alarms' survey while this fresh (s)
RECENT_KPIS_MAX_AGE_S = 15.0
#: how often the write path's figures are logged (when anything was written)
WRITE_REPORT_S = 60.0
#: every connected user's presence (`seen_at`) is written at least this often (s); a user
#: whose stream has just opened is written at the next tick
PRESENCE_REFRESH_S = 5.0
#: a changed first-line queue summary goes out in this many waves, spread over this long (s)
#: (`_announce_summary`), so that the loop answers requests between them; a stream opened
#: meanwhile starts with the newest summary (`first_summary`) and misses nothing
SUMMARY_WAVES = 5
SUMMARY_SPREAD_S = 0.5
#: how often SQLite's write-ahead log is copied into the database (s); at the peak the log
#: grows by 4,800-7,500 pages (20-30 MB) a second, which one checkpoint copies in 15-400 ms
CHECKPOINT_S = 1.0
#: the centre's KPIs are recomputed (and pushed as `kpi.changed` if they moved) this often
KPI_EVERY_TICKS = 10
#: whose segment the pushed KPIs are: the whole centre

Operation = Callable[[Connection, Env], tuple[int, Any]]


class Server:
    """The state one routing-API process holds; request handlers reach it via app.state."""

    def __init__(
        self, settings: Settings, clock: Clock | None = None, externals: Externals | None = None
    ) -> None:
        self.settings = settings
        self.clock: Clock = clock or (
            VirtualClock(running=settings.virtual_clock_running)
            if settings.virtual_clock
            else SystemClock()
        )
        # on SQLite, commits leave the write-ahead log to `run_checkpoints`
        self.db = Database(
            settings.database_url, pool_size=settings.pool_size, background_checkpoints=True
        )
        # the heartbeat lets idle streams send their keep-alive on time
        self.hub = EventHub(
            self.db,
            heartbeat_s=min(1.0, settings.keepalive_s / 3),
            idle_wake_s=settings.keepalive_s / 3,
        )
        self.externals = externals or simulated_externals(self.db)
        #: users with an open event stream in this process (presence)
        self.connected: Counter[int] = Counter()
        #: first-line operators' queue summary, read while any of them follows (see run_summaries)
        self.summaries = Summaries()
        #: the access tokens checked lately (api/deps.py current_user)
        self.sessions = SessionCache(settings.session_cache_s)
        #: the streams following it here, by user (a user may follow from two windows)
        self.summary_users: Counter[int] = Counter()
        #: one first reading at a time (`first_summary`)
        self._summary_read = asyncio.Lock()
        self._ticks = 0
        #: whose presence the last tick wrote, and when the last full refresh was (server time)
        self._present: frozenset[int] = frozenset()
        self._presence_at = float("-inf")
        #: the centre's KPIs: computed here, or in a worker process once they are heavy
        self.kpi_pass = KpiPass(self.db)
        #: the centre's last-15-minutes figures from the last KPI pass, and when (server time)
        self._recent: tuple[float, dict[str, Any]] | None = None
        #: counted by the writers and the timers, logged and reset every WRITE_REPORT_S
        self.write_stats = WriteStats()
        #: the jobs waiting for a batch, and whether one is running (`_lead`); threads
        #: waiting for their jobs (`_submit`) wait on `_batching`
        lock = threading.RLock()
        self._batching = threading.Condition(lock)
        self._queue: list[_Job] = []
        self._leading = False
        #: the thread that runs the batches (`_write_batches`), started with the first job,
        #: and woken on a condition of its own
        self._writer: threading.Thread | None = None
        self._writer_wake = threading.Condition(lock)
        self._stopping = False
        #: where jobs tell the outside world what they committed (`_lead`)
        self._effects_runner: ThreadPoolExecutor | None = None

    def env(self) -> Env:
        return Env(self.settings, self.clock.now().timestamp(), self.externals)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A serialised write transaction; followers are woken after it commits."""
        with self.db.write() as conn:
            yield conn
            appended = conn.info.pop("events_appended", False)
        if appended:
            self.hub.poke()

    def tick(self, *, alarms_now: bool = False) -> None:
        """Run the timers once (background task, and after the virtual clock moves).

        Alarms are checked every few ticks (they read the last 15 minutes' answers, outside
        the write lock), and at once after the virtual clock moves.
        """
        stats = self.write_stats
        with self.write() as conn:
            # the time the pass holds the write lock, not the time it queued for it
            began = time.perf_counter()
            env = self.env()
            timers.tick(conn, env, self._presence_due(env.now))
            self._ticks += 1
            if self._ticks % 120 == 1:
                timers.housekeeping(conn, env)
        stats.timers_s += time.perf_counter() - began
        stats.timers += 1
        if alarms_now or self._ticks % ALARM_EVERY_TICKS == 1:
            began = time.perf_counter()
            # the thresholds read the last 15 minutes: a read transaction, then a short write;
            # the last KPI pass's 15 minutes serve if they are fresh (not after a clock jump)
            recent = None
            if not alarms_now and self._recent is not None:
                computed, figures_15m = self._recent
                if 0.0 <= env.now - computed <= RECENT_KPIS_MAX_AGE_S:
                    recent = figures_15m
            with self.db.read() as conn:
                found = alarms.survey(conn, env.now, recent)
            if found:
                with self.write() as conn:
                    alarms.raise_all(conn, env.now, found)
            stats.survey_s += time.perf_counter() - began
            stats.surveys += 1
        if alarms_now or self._ticks % KPI_EVERY_TICKS == 1:
            began = time.perf_counter()
            # the centre's KPIs read the day's history: in a read transaction of their own,
            # not in the write lock (at 30,000 contacts a day they held every writer up for
            # seconds); then a short write compares the digest and publishes
            figures = self.kpi_pass.compute(env.now)
            self.kpi_pass.took(time.perf_counter() - began)
            self._recent = (env.now, figures["windows"]["15m"]["total"])
            with self.write() as conn:
                alarms.publish_kpis(conn, env, figures)
            stats.kpis_s += time.perf_counter() - began
            stats.kpis += 1

    def _presence_due(self, now: float) -> frozenset[int]:
        """Whose `seen_at` this tick writes: everyone connected every few seconds (well
        inside the presence grace), and in between only streams opened since the last tick.

        Writing all 600 operators' rows twice a second was most of a tick's work at the
        peak, for a grace period of 30 s.
        """
        connected = frozenset(u for u, n in self.connected.items() if n > 0)
        every = min(PRESENCE_REFRESH_S, self.settings.presence_grace_s / 3)
        if not 0.0 <= now - self._presence_at < every:
            self._presence_at = now
            due = connected
        else:
            due = connected - self._present
        self._present = connected
        return due

    async def run_summaries(self) -> None:
        """Read the first line's queue summary every queue_summary_s while a first-line
        operator follows /events here, and wake the streams when it changed."""
        while True:
            await asyncio.sleep(self.settings.queue_summary_s)
            if not self.summary_users.total():
                continue
            try:
                groups = await asyncio.to_thread(self._read_summary)
            except Exception:
                log.exception("reading the queue summary failed")
                continue
            version = self.summaries.version
            self.summaries.update(groups)
            if self.summaries.version != version:
                await self._announce_summary()

    async def _announce_summary(self) -> None:
        """Wake the summary's followers in SUMMARY_WAVES waves over SUMMARY_SPREAD_S.

        Waking all 600 first-line streams at once had the loop write 600 frames in one go,
        every second at the peak, while the answers it was about to send waited; and 600
        workstations then handled their frames in the same instant.
        """
        users = sorted(u for u, n in self.summary_users.items() if n > 0)
        pause = SUMMARY_SPREAD_S / (SUMMARY_WAVES - 1)
        for wave in range(SUMMARY_WAVES):
            if wave:
                await asyncio.sleep(pause)
            self.hub.announce(frozenset(users[wave::SUMMARY_WAVES]))

    async def first_summary(self) -> None:
        """Read the summary if this process has no reading yet (just started), so a newly
        opened stream can start with it; one read however many streams open at once. If it
        fails, the stream starts without (GET /queue has it) and the next reading follows."""
        if not self.summaries.version:
            async with self._summary_read:
                if not self.summaries.version:
                    try:
                        groups = await asyncio.to_thread(self._read_summary)
                    except Exception:
                        log.exception("reading the queue summary failed")
                        return
                    self.summaries.update(groups)

    def _read_summary(self) -> tuple[Group, ...]:
        with self.db.read() as conn:
            return read_groups(conn)

    async def run_checkpoints(self) -> None:
        """Copy SQLite's write-ahead log into the database every CHECKPOINT_S, in a thread
        of its own (see `Database.checkpoint`); nothing to do on PostgreSQL."""
        while self.db.background_checkpoints:
            await asyncio.sleep(CHECKPOINT_S)
            began = time.perf_counter()
            try:
                done = await asyncio.to_thread(self.db.checkpoint)
            except Exception:
                log.exception("the SQLite checkpoint failed")
                continue
            stats = self.write_stats
            stats.checkpoints += 1
            stats.checkpoint_max_s = max(stats.checkpoint_max_s, time.perf_counter() - began)
            if done is not None:
                stats.checkpoint_pages_max = max(stats.checkpoint_pages_max, done[1])

    async def run_timers(self) -> None:
        reported = time.monotonic()
        while True:
            await asyncio.sleep(self.settings.tick_s)
            try:
                await asyncio.to_thread(self.tick)
            except Exception:
                log.exception("timer pass failed")
            if time.monotonic() - reported >= WRITE_REPORT_S:
                stats, self.write_stats = self.write_stats, WriteStats()
                if stats.jobs:
                    log.info("writes: %s", stats.report(time.monotonic() - reported))
                reported = time.monotonic()

    def run(
        self,
        user: User,
        key: str | None,
        fingerprint: str,
        op: Operation,
        outside: Callable[[], None] | None = None,
    ) -> tuple[int, Any]:
        """Run a mutating operation, honouring an Idempotency-Key scoped to the user.

        The stored response is written in the same transaction as the effect, so a crash
        can never leave an effect without its record (or the reverse). `outside` is work
        done between claiming the key and the transaction (a call to an outside gateway).

        Without `outside`, it waits for its job in the batches of `submit` (the routes use
        that coroutine; this is for threads): looking the key up, the effect and its record
        are one write transaction, and writers are serialised, so a repeat either finds the
        finished record or runs after it (one in the same batch is refused as in progress,
        see `_run_job`).
        """
        if outside is None:
            return self._submit(_Job(user.id, key, fingerprint, op))
        if key is None:
            outside()
            env = self.env()
            with self.write() as conn:
                result = self._apply(conn, env, op)
            self._effects(env)
            return result
        with self.write() as conn:
            replay = self._lookup(conn, user.id, key, fingerprint)
            if replay is not None:
                return replay
            self._claim(conn, user.id, key, fingerprint)
        try:
            outside()
            env = self.env()
            with self.write() as conn:
                status, body = self._apply(conn, env, op)
                self._finish(conn, user.id, key, status, body)
            self._effects(env)
            return status, body
        except ApiError as error:
            if error.status >= 500 or error.code == "idempotency_in_progress":
                self._forget(user.id, key)
            else:
                with self.write() as conn:
                    self._finish(conn, user.id, key, error.status, _error_record(error))
            raise
        except BaseException:
            self._forget(user.id, key)
            raise

    def _submit(self, job: _Job) -> tuple[int, Any]:
        """`submit` for a thread (`run` without `outside`): queue the job and wait for it."""
        with self._batching:
            self._enqueue(job)
            while not job.done:
                self._batching.wait()
        if job.effects_sent is not None:
            job.effects_sent.result()
        return job.answer()

    async def submit(
        self, user: User, key: str | None, fingerprint: str, op: Operation
    ) -> tuple[int, Any]:
        """Run a mutating operation in a batch with the others waiting now (group commit).

        Requests used to queue on the write lock one by one, each with its own transaction,
        commit and routing pass, and each in a worker thread blocked meanwhile. Now the job
        is queued and the writer thread (`_write_batches`) takes the jobs waiting, in arrival
        order, and runs them in one write transaction (`_run_batch`), each in a savepoint of
        its own, then routes once and commits once. At low load a batch is one job; under
        load the routing passes and commits per request fall. The batch's end settles its
        coroutines' futures in one call to the loop, and hands the outside world's calls of
        its jobs to a thread pool: they go out even if the request was given up (its client
        gone, a shutdown), as the change is committed.
        """
        done = asyncio.get_running_loop().create_future()
        job = _Job(user.id, key, fingerprint, op, future=done)
        with self._batching:
            self._enqueue(job)
        await done
        if job.effects_sent is not None:
            await asyncio.wrap_future(job.effects_sent)
        return job.answer()

    def _enqueue(self, job: _Job) -> None:
        """Queue a job for the writer thread (started if it is not running); holding
        `_batching`. Refused (503) while the server stops."""
        if self._stopping:
            raise ApiError(
                503,
                "shutting_down",
                "Сервер останавливается. Повторите запрос через несколько секунд.",
                "The server is shutting down; retry in a few seconds.",
                headers={"Retry-After": "2"},
            )
        if self._writer is None or not self._writer.is_alive():
            writer = threading.Thread(target=self._write_batches, name="writer", daemon=True)
            writer.start()
            self._writer = writer
        self._queue.append(job)
        self._writer_wake.notify()

    def _write_batches(self) -> None:
        """The writer thread: runs a batch whenever jobs wait; once stopping, ends when
        nothing is left."""
        with self._batching:
            while True:
                if self._queue:
                    try:
                        self._lead()
                    except Exception:  # keep going: a dead writer would strand every job
                        log.exception("the writer thread's batch failed")
                elif self._stopping:
                    return
                else:
                    self._writer_wake.wait()

    def start_writer(self) -> None:
        """Accept jobs (again, after `stop_writer`); the thread starts with the first."""
        with self._batching:
            self._stopping = False

    def stop_writer(self, timeout_s: float = 30.0) -> None:
        """Refuse new jobs (503), run those queued, end the writer thread and wait for the
        outside world's calls of the last batches."""
        deadline = time.monotonic() + timeout_s
        with self._batching:
            self._stopping = True
            self._writer_wake.notify()
            while (self._queue or self._leading) and time.monotonic() < deadline:
                if not self._leading and (self._writer is None or not self._writer.is_alive()):
                    self._lead()  # nobody else will
                else:
                    self._batching.wait(0.1)
            if self._queue:
                log.error("stopping with %d write(s) not run", len(self._queue))
        if self._writer is not None:
            self._writer.join(timeout=max(0.1, deadline - time.monotonic()))
        runner, self._effects_runner = self._effects_runner, None
        if runner is not None:
            runner.shutdown(wait=True)

    def _lead(self) -> None:
        """Run the next batch: called holding `_batching`, with no batch running."""
        self._leading = True
        batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
        self._batching.release()
        try:
            self._run_batch(batch)
        finally:
            self._batching.acquire()
            self._leading = False
            waiting: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}
            for job in batch:
                if job.error is None and job.env is not None and job.env.effects:
                    if self._effects_runner is None:
                        self._effects_runner = ThreadPoolExecutor(4, "effects")
                    job.effects_sent = self._effects_runner.submit(self._effects, job.env)
                if job.future is not None:
                    waiting.setdefault(job.future.get_loop(), []).append(job.future)
            self._batching.notify_all()  # the threads waiting in `_submit`
            for loop, futures in waiting.items():
                # one wake-up of the loop for the batch, not one per job
                with contextlib.suppress(RuntimeError):  # the loop has closed: nobody waits
                    loop.call_soon_threadsafe(_settle, futures)

    def _run_batch(self, jobs: list[_Job]) -> None:
        """Jobs in one write transaction, each in a savepoint: one's failure is its own.

        Routing runs once after the operations, and the answers (bodies given as callables)
        are rendered after it, so they show the committed state, offers included.
        """
        stats = self.write_stats
        began = routed = rendered = time.perf_counter()
        try:
            with self.write() as conn:
                # a job waits from its arrival until its batch holds the write lock (a timer
                # pass may hold it); the batch's own time starts here
                began = time.perf_counter()
                for job in jobs:
                    waited = began - job.since
                    stats.wait_s += waited
                    stats.wait_max_s = max(stats.wait_max_s, waited)
                conn.info.pop(ROUTING_INPUTS_CHANGED, None)  # the info dict outlives a checkout
                ran: list[tuple[_Job, int, Any]] = []
                #: the Idempotency-Keys this batch runs, with their requests' fingerprints: a
                #: repeat in the same batch is refused as in progress (see `_run_job`)
                keys: dict[tuple[int, str], str] = {}
                for job in jobs:
                    outcome = self._run_job(conn, job, keys)
                    if outcome is not None:
                        ran.append((job, *outcome))
                # routing reads every free operator: after writes that changed nothing it
                # reads (chat messages, verification steps, notes) the pass is skipped; the
                # timers route every tick anyway
                routed = time.perf_counter()
                if conn.info.pop(ROUTING_INPUTS_CHANGED, False):
                    routing.route(conn, self.env().now, self.settings.offer_timeout_s)
                    stats.routes += 1
                    stats.route_s += time.perf_counter() - routed
                    stats.route_max_s = max(stats.route_max_s, time.perf_counter() - routed)
                for job, status, body in ran:
                    body = body(conn) if callable(body) else body
                    if job.key is not None:
                        self._record(conn, job, status, body)
                    job.result = (status, body)
                rendered = time.perf_counter()
            committed = time.perf_counter() - rendered
            stats.commit_s += committed
            stats.commit_max_s = max(stats.commit_max_s, committed)
        except BaseException as error:  # the transaction is lost: every job in it failed
            log.exception("a batch of %d write(s) failed", len(jobs))
            for job in jobs:
                job.result, job.error = None, error
        finally:
            took = time.perf_counter() - began
            stats.batches += 1
            stats.jobs += len(jobs)
            stats.batch_s += took
            stats.batch_max_s = max(stats.batch_max_s, took)
            for job in jobs:
                job.done = True

    def _run_job(
        self, conn: Connection, job: _Job, keys: dict[tuple[int, str], str]
    ) -> tuple[int, Any] | None:
        """One job of a batch, in a savepoint of its own; (status, body) if its operation ran.

        A job with an Idempotency-Key looks it up first: a finished answer is replayed, one
        being run refused (409; 422 for another body), in this batch (`keys`) or by a
        request with an outside call. The answer is recorded in the same transaction as the
        effect (`_record`): a success's after routing, a refusal's (4xx) at once, with the
        operation rolled back (a repeat in the same batch then replays it). Any other failure
        rolls the operation back and records nothing: a repeat runs it again.

        (The key used to be claimed first, and the job run in a savepoint around another: on
        PostgreSQL three more round trips per write, on SQLite a tenth of a batch's time.)
        """
        job.env = env = self.env()
        if job.key is not None:
            try:
                running = keys.get((job.user_id, job.key))
                if running is not None:
                    raise _in_progress() if running == job.fingerprint else _key_reused()
                replay = self._lookup(conn, job.user_id, job.key, job.fingerprint)
            except Exception as error:  # this job's alone
                job.error = error
                if not isinstance(error, ApiError):
                    log.exception("looking an Idempotency-Key up failed")
                return None
            if replay is not None:
                job.result = replay
                return None
            keys[(job.user_id, job.key)] = job.fingerprint
            job.key_found = conn.info.pop(_KEY_FOUND, False)
        marks = _event_marks(conn)
        point = conn.begin_nested()
        try:
            status, body = job.op(conn, env)
        except Exception as error:  # this job's alone: the batch goes on without it
            point.rollback()
            _restore_event_marks(conn, marks)
            env.effects.clear()
            job.error = error
            if job.key is None:
                if not isinstance(error, ApiError):
                    log.exception("a write failed")
                return None
            del keys[(job.user_id, job.key)]
            if isinstance(error, ApiError) and error.status < 500:
                # a refusal is an answer: recorded for a repeat, nothing else kept
                try:
                    with conn.begin_nested():
                        self._record(conn, job, error.status, _error_record(error))
                except Exception:  # the refusal still goes back; a repeat runs it again
                    log.exception("recording a refusal for its Idempotency-Key failed")
            elif not isinstance(error, ApiError):
                log.exception("a write failed")
            return None
        except BaseException:
            point.rollback()
            raise
        point.commit()
        return status, body

    def _record(self, conn: Connection, job: _Job, status: int, body: Any) -> None:
        """A batch job's answer, kept for a repeat with its Idempotency-Key."""
        assert job.key is not None
        if job.key_found:  # an earlier attempt with an outside call died holding it
            self._finish(conn, job.user_id, job.key, status, body)
            return
        conn.execute(
            _KEY_INSERT,
            {
                "user_id": job.user_id,
                "key": job.key,
                "fingerprint": job.fingerprint,
                "created_at": job.env.now if job.env is not None else self.env().now,
                "lease_until": time.time(),
                **_answered(status, body),
            },
        )

    def _effects(self, env: Env) -> None:
        for effect in env.effects:
            try:
                effect()
            except Exception:  # the change is committed; the gateway's failure is logged
                log.exception("an outside-world call failed after commit")

    def _apply(self, conn: Connection, env: Env, op: Operation) -> tuple[int, Any]:
        """The operation, then routing in the same transaction: an offer follows at once.

        A body given as a callable is rendered after routing, so it shows the committed state.
        """
        conn.info.pop(ROUTING_INPUTS_CHANGED, None)  # the info dict outlives a checkout
        status, body = op(conn, env)
        # routing reads every free operator: after a write that changed nothing it reads
        # (a chat message, a verification step, a note) the pass is skipped; the timers
        # route every tick anyway
        if conn.info.pop(ROUTING_INPUTS_CHANGED, False):
            routing.route(conn, env.now, self.settings.offer_timeout_s)
        return status, body(conn) if callable(body) else body

    def _lookup(
        self, conn: Connection, user_id: int, key: str, fingerprint: str
    ) -> tuple[int, Any] | None:
        """A finished request's answer to replay; None if this request is to run now.

        Raises 422 for the key reused with another body and 409 while a first attempt (with
        an outside call) is still running.
        """
        row = conn.execute(_KEY_ROW, {"b_user_id": user_id, "b_key": key}).first()
        conn.info[_KEY_FOUND] = row is not None
        if row is None:
            return None
        if row.fingerprint != fingerprint:
            raise _key_reused()
        if row.state == "done":
            body = json.loads(row.response)
            if isinstance(body, dict) and "__error__" in body:
                error = body["__error__"]
                raise ApiError(
                    row.status_code,
                    error["code"],
                    error["message_ru"],
                    error["message_en"],
                    headers=body.get("headers"),
                    details=error.get("details"),
                )
            return row.status_code, body
        if row.lease_until > time.time():
            raise _in_progress()
        return None  # the first attempt died mid-way (rolled back): this one takes it over

    def _claim(self, conn: Connection, user_id: int, key: str, fingerprint: str) -> None:
        """Mark the key running, leased for a while (after `_lookup` in the same transaction)."""
        lease_until = time.time() + self.settings.idempotency_lease_s
        if conn.info.pop(_KEY_FOUND, False):
            conn.execute(
                _KEY_UPDATE, {"b_user_id": user_id, "b_key": key, "lease_until": lease_until}
            )
            return
        conn.execute(
            _KEY_INSERT,
            {
                "user_id": user_id,
                "key": key,
                "fingerprint": fingerprint,
                "state": "running",
                "created_at": self.env().now,
                "lease_until": lease_until,
            },
        )

    def _finish(self, conn: Connection, user_id: int, key: str, status: int, body: Any) -> None:
        conn.execute(_KEY_UPDATE, {"b_user_id": user_id, "b_key": key, **_answered(status, body)})

    def _forget(self, user_id: int, key: str) -> None:
        with self.write() as conn:
            conn.execute(
                idempotency_keys.delete().where(
                    idempotency_keys.c.user_id == user_id, idempotency_keys.c.key == key
                )
            )


#: the idempotency records' statements, built once (an UPDATE sets the parameters' columns)
_KEY_WHERE = (
    idempotency_keys.c.user_id == sa.bindparam("b_user_id"),
    idempotency_keys.c.key == sa.bindparam("b_key"),
)
_KEY_ROW = sa.select(idempotency_keys).where(*_KEY_WHERE)
_KEY_UPDATE = idempotency_keys.update().where(*_KEY_WHERE)
_KEY_INSERT = idempotency_keys.insert()

#: the most jobs one write transaction runs (`Server._lead`)
MAX_BATCH = 64


@dataclass
class WriteStats:
    """What the writers did since the last report: the numbers an operator of the service
    reads in the log once a minute (how busy the write path is, and where time goes)."""

    batches: int = 0
    jobs: int = 0
    #: seconds inside batches (the write transaction, routing and commit)
    batch_s: float = 0.0
    batch_max_s: float = 0.0
    #: seconds jobs waited from their request's arrival at the write path to their batch
    wait_s: float = 0.0
    wait_max_s: float = 0.0
    #: of the batches' time: routing passes (how many ran), and commits
    routes: int = 0
    route_s: float = 0.0
    route_max_s: float = 0.0
    commit_s: float = 0.0
    commit_max_s: float = 0.0
    #: seconds in the background passes (the timers' in the write lock; alarms' survey and
    #: KPIs from start to end), and how many ran
    timers_s: float = 0.0
    timers: int = 0
    kpis_s: float = 0.0
    kpis: int = 0
    survey_s: float = 0.0
    surveys: int = 0
    #: SQLite's background checkpoints: how many, their longest, the most log pages one found
    checkpoints: int = 0
    checkpoint_max_s: float = 0.0
    checkpoint_pages_max: int = 0

    def report(self, seconds: float) -> str:
        def ms(total: float, n: int) -> str:
            return f"{1000 * total / n:.0f}" if n else "—"

        return (
            f"last {seconds:.0f} s: {self.jobs} writes in {self.batches} batches "
            f"(batch {ms(self.batch_s, self.batches)} ms mean, {1000 * self.batch_max_s:.0f} "
            f"max; routing {ms(self.route_s, self.routes)} ms × {self.routes}, "
            f"{1000 * self.route_max_s:.0f} max; commit {ms(self.commit_s, self.batches)} ms, "
            f"{1000 * self.commit_max_s:.0f} max; wait {ms(self.wait_s, self.jobs)} ms mean, "
            f"{1000 * self.wait_max_s:.0f} max)"
            f"; timers {ms(self.timers_s, self.timers)} ms × {self.timers}, survey "
            f"{ms(self.survey_s, self.surveys)} ms × {self.surveys}, KPIs "
            f"{ms(self.kpis_s, self.kpis)} ms × {self.kpis}"
            + (
                f", checkpoints × {self.checkpoints}, {1000 * self.checkpoint_max_s:.0f} ms "
                f"max, {self.checkpoint_pages_max} pages max"
                if self.checkpoints
                else ""
            )
        )


@dataclass(eq=False)
class _Job:
    """A mutating request waiting for, or done in, a batch."""

    user_id: int
    key: str | None
    fingerprint: str
    op: Operation
    #: when it reached the write path (time.perf_counter)
    since: float = field(default_factory=time.perf_counter)
    env: Env | None = None
    done: bool = False
    result: tuple[int, Any] | None = None
    error: BaseException | None = None
    #: a coroutine's job (`Server.submit`): set done by the batch's end
    future: asyncio.Future[None] | None = None
    #: whether its Idempotency-Key's row exists (left by an attempt that died)
    key_found: bool = False
    #: its calls to the outside world, sent after its batch (`Server._lead`)
    effects_sent: Future[None] | None = None

    def answer(self) -> tuple[int, Any]:
        """What the batch made of it: the answer, or its error raised."""
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


def _settle(futures: list[asyncio.Future[None]]) -> None:
    """On the loop: wake the coroutines whose jobs a batch ran (unless they gave up)."""
    for future in futures:
        if not future.done():
            future.set_result(None)


#: `conn.info` key: whether `_lookup` found the key's row (so `_claim` and `_record` update it
#: rather than insert one)
_KEY_FOUND = "idempotency_key_found"


def _answered(status: int, body: Any) -> dict[str, Any]:
    """An Idempotency-Key row's columns once its request is answered."""
    response = json.dumps(body, ensure_ascii=False)
    return {"state": "done", "status_code": status, "response": response}


def _key_reused() -> ApiError:
    return ApiError(
        422,
        "idempotency_key_reused",
        "Этот ключ идемпотентности уже использован для другого запроса.",
        "This Idempotency-Key was used for a different request.",
    )


def _in_progress() -> ApiError:
    return ApiError(
        409,
        "idempotency_in_progress",
        "Этот запрос ещё выполняется. Повторите чуть позже.",
        "This request is still being processed; retry shortly.",
        headers={"Retry-After": "1"},
    )


def _error_record(error: ApiError) -> dict[str, Any]:
    """How a 4xx answer is stored for replay."""
    return {"__error__": error.body(), "headers": error.headers}


def _event_marks(conn: Connection) -> dict[str, Any]:
    """The event bookkeeping in `conn.info`, to restore when a savepoint is rolled back."""
    return {k: conn.info.get(k) for k in (EVENTS_MAX_ID, "events_appended", ROUTING_INPUTS_CHANGED)}


def _restore_event_marks(conn: Connection, marks: dict[str, Any]) -> None:
    for k, v in marks.items():
        if v is None:
            conn.info.pop(k, None)
        else:
            conn.info[k] = v


def fingerprint(method: str, path: str, body: Any) -> str:
    """What makes two requests "the same" for an Idempotency-Key."""
    canonical = json.dumps([method, path, body], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
