"""One running server: settings, database, clock, event hub, and how requests run as operations."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import alarms, kpis, routing, timers
from routing_api.auth import User
from routing_api.clock import Clock, SystemClock, VirtualClock
from routing_api.config import Settings
from routing_api.context import Env
from routing_api.db.engine import EVENTS_MAX_ID, Database
from routing_api.db.schema import idempotency_keys
from routing_api.errors import ApiError
from routing_api.events import ROUTING_INPUTS_CHANGED, EventHub
from routing_api.external import Externals
from routing_api.external.simulated import simulated_externals

log = logging.getLogger("api")

#: alarms are checked every this many timer ticks (0.5 s each by default)
ALARM_EVERY_TICKS = 4
#: the centre's KPIs are recomputed (and pushed as `kpi.changed` if they moved) this often
KPI_EVERY_TICKS = 10
#: whose segment the pushed KPIs are: the whole centre
CENTRE = User(0, "kpi", "", "supervisor", None, None, None, None, ("ru",), 0)

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
        self.db = Database(settings.database_url, pool_size=settings.pool_size)
        # the heartbeat lets idle streams send their keep-alive on time
        self.hub = EventHub(self.db, heartbeat_s=min(1.0, settings.keepalive_s / 3))
        self.externals = externals or simulated_externals(self.db)
        #: users with an open event stream in this process (presence)
        self.connected: Counter[int] = Counter()
        self._ticks = 0

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
        with self.write() as conn:
            env = self.env()
            timers.tick(conn, env, [u for u, n in self.connected.items() if n > 0])
            self._ticks += 1
            if self._ticks % 120 == 1:
                timers.housekeeping(conn, env)
        if alarms_now or self._ticks % ALARM_EVERY_TICKS == 1:
            # the thresholds read the last 15 minutes: a read transaction, then a short write
            with self.db.read() as conn:
                found = alarms.survey(conn, env.now)
            if found:
                with self.write() as conn:
                    alarms.raise_all(conn, env.now, found)
        if alarms_now or self._ticks % KPI_EVERY_TICKS == 1:
            # the centre's KPIs read the day's history: in a read transaction of their own,
            # not in the write lock (at 30,000 contacts a day they held every writer up for
            # seconds); then a short write compares the digest and publishes
            with self.db.read() as conn:
                figures = kpis.compute(conn, env.now, CENTRE)
            with self.write() as conn:
                alarms.publish_kpis(conn, env, figures)

    async def run_timers(self) -> None:
        while True:
            await asyncio.sleep(self.settings.tick_s)
            try:
                await asyncio.to_thread(self.tick)
            except Exception:
                log.exception("timer pass failed")

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

        Without `outside`, looking the key up, the effect and its record are one write
        transaction: writers are serialised, so a repeat either finds the finished record or
        runs after it. (A claim of its own cost every idempotent request a second trip
        through the write lock, which is what requests queue on under load.)
        """
        if key is None:
            if outside is not None:
                outside()
            env = self.env()
            with self.write() as conn:
                result = self._apply(conn, env, op)
            self._effects(env)
            return result
        if outside is None:
            return self._run_once(user.id, key, fingerprint, op)
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

    def _run_once(self, user_id: int, key: str, fingerprint: str, op: Operation) -> tuple[int, Any]:
        """An idempotent operation with no outside call: one write transaction.

        A 4xx answer is recorded too (a repeat replays it): the operation runs in a savepoint
        that its error rolls back, and the record is written in its place.
        """
        env = self.env()
        with self.write() as conn:
            replay = self._lookup(conn, user_id, key, fingerprint)
            if replay is not None:
                return replay
            self._claim(conn, user_id, key, fingerprint)
            marks = _event_marks(conn)
            savepoint = conn.begin_nested()
            try:
                status, body = self._apply(conn, env, op)
            except ApiError as error:
                savepoint.rollback()
                _restore_event_marks(conn, marks)
                env.effects.clear()  # nothing happened, nobody outside is told
                if error.status >= 500:
                    raise  # the key is rolled back with the transaction: a retry runs again
                self._finish(conn, user_id, key, error.status, _error_record(error))
                failure: ApiError | None = error
            else:
                savepoint.commit()
                self._finish(conn, user_id, key, status, body)
                failure = None
        if failure is not None:
            raise failure
        self._effects(env)
        return status, body

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
        row = conn.execute(
            sa.select(idempotency_keys).where(
                idempotency_keys.c.user_id == user_id, idempotency_keys.c.key == key
            )
        ).first()
        conn.info[_KEY_FOUND] = row is not None
        if row is None:
            return None
        if row.fingerprint != fingerprint:
            raise ApiError(
                422,
                "idempotency_key_reused",
                "Этот ключ идемпотентности уже использован для другого запроса.",
                "This Idempotency-Key was used for a different request.",
            )
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
            raise ApiError(
                409,
                "idempotency_in_progress",
                "Этот запрос ещё выполняется. Повторите чуть позже.",
                "This request is still being processed; retry shortly.",
                headers={"Retry-After": "1"},
            )
        return None  # the first attempt died mid-way (rolled back): this one takes it over

    def _claim(self, conn: Connection, user_id: int, key: str, fingerprint: str) -> None:
        """Mark the key running, leased for a while (after `_lookup` in the same transaction)."""
        lease_until = time.time() + self.settings.idempotency_lease_s
        if conn.info.pop(_KEY_FOUND, False):
            conn.execute(
                idempotency_keys.update()
                .where(idempotency_keys.c.user_id == user_id, idempotency_keys.c.key == key)
                .values(lease_until=lease_until)
            )
            return
        conn.execute(
            idempotency_keys.insert().values(
                user_id=user_id,
                key=key,
                fingerprint=fingerprint,
                state="running",
                created_at=self.env().now,
                lease_until=lease_until,
            )
        )

    def _finish(self, conn: Connection, user_id: int, key: str, status: int, body: Any) -> None:
        conn.execute(
            idempotency_keys.update()
            .where(idempotency_keys.c.user_id == user_id, idempotency_keys.c.key == key)
            .values(state="done", status_code=status, response=json.dumps(body, ensure_ascii=False))
        )

    def _forget(self, user_id: int, key: str) -> None:
        with self.write() as conn:
            conn.execute(
                idempotency_keys.delete().where(
                    idempotency_keys.c.user_id == user_id, idempotency_keys.c.key == key
                )
            )


#: `conn.info` key: whether `_lookup` found the key's row (so `_claim` updates, not inserts)
_KEY_FOUND = "idempotency_key_found"


def _error_record(error: ApiError) -> dict[str, Any]:
    """How a 4xx answer is stored for replay."""
    return {"__error__": error.body(), "headers": error.headers}


def _event_marks(conn: Connection) -> dict[str, Any]:
    """The event bookkeeping in `conn.info`, to restore when a savepoint is rolled back."""
    return {k: conn.info.get(k) for k in (EVENTS_MAX_ID, "events_appended")}


def _restore_event_marks(conn: Connection, marks: dict[str, Any]) -> None:
    for k, v in marks.items():
        if v is None:
            conn.info.pop(k, None)
        else:
            conn.info[k] = v
    conn.info.pop(ROUTING_INPUTS_CHANGED, None)


def fingerprint(method: str, path: str, body: Any) -> str:
    """What makes two requests "the same" for an Idempotency-Key."""
    canonical = json.dumps([method, path, body], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
