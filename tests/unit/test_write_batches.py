"""The write path's batches: each job's failure is its own, an Idempotency-Key is honoured
inside a batch as across batches, and coroutines' jobs (`Server.submit`) run alongside the
threads' (`Server.run`) without waiting on one another."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api.config import Settings
from routing_api.context import Env
from routing_api.db import migrate
from routing_api.db.schema import server_settings
from routing_api.errors import ApiError
from routing_api.server import Server, _Job
from tests.helpers.users import operator

USER = operator(1)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    made = Server(Settings(database_url=f"sqlite:///{tmp_path / 'writes.db'}"))
    migrate.upgrade(made.db)
    yield made
    made.stop_writer()
    made.db.dispose()


def put(name: str, value: Any = 1) -> Any:
    """An operation that writes one setting and answers with it."""

    def op(conn: Connection, env: Env) -> tuple[int, Any]:
        conn.execute(server_settings.insert(), {"key": name, "value": value, "updated_at": env.now})
        return 200, {"key": name}

    return op


def refuse_after_writing(name: str) -> Any:
    def op(conn: Connection, env: Env) -> tuple[int, Any]:
        conn.execute(server_settings.insert(), {"key": name, "value": 1, "updated_at": env.now})
        raise ApiError(409, "conflict", "Конфликт.", "Conflict.")

    return op


def fail_after_writing(name: str) -> Any:
    def op(conn: Connection, env: Env) -> tuple[int, Any]:
        conn.execute(server_settings.insert(), {"key": name, "value": 1, "updated_at": env.now})
        raise RuntimeError("a bug")

    return op


def names(server: Server) -> set[str]:
    with server.db.read() as conn:
        return set(conn.execute(sa.select(server_settings.c.key)).scalars())


def test_a_jobs_failure_is_its_own_and_refusals_are_recorded(server: Server) -> None:
    jobs = [
        _Job(1, "k-ok", "fp", put("kept")),
        _Job(1, "k-refused", "fp", refuse_after_writing("refused")),
        _Job(1, "k-bug", "fp", fail_after_writing("bug")),
        _Job(1, None, "fp", put("kept-too")),
    ]
    server._run_batch(jobs)
    assert names(server) == {"kept", "kept-too"}  # the failures' own writes rolled back
    assert jobs[0].result == (200, {"key": "kept"}) and jobs[3].result is not None
    assert isinstance(jobs[1].error, ApiError) and jobs[1].error.status == 409
    assert isinstance(jobs[2].error, RuntimeError)
    # repeats: the success and the refusal are replayed, the bug's job runs again
    assert server.run(USER, "k-ok", "fp", put("kept")) == (200, {"key": "kept"})
    with pytest.raises(ApiError) as replayed:
        server.run(USER, "k-refused", "fp", put("refused"))
    assert replayed.value.code == "conflict"
    assert server.run(USER, "k-bug", "fp", put("bug")) == (200, {"key": "bug"})
    assert names(server) == {"kept", "kept-too", "bug"}
    with pytest.raises(ApiError) as reused:
        server.run(USER, "k-ok", "another body", put("x"))
    assert reused.value.code == "idempotency_key_reused"


def test_a_key_sent_twice_into_one_batch_runs_once(server: Server) -> None:
    first = _Job(1, "same", "fp", put("once"))
    again = _Job(1, "same", "fp", put("twice"))
    other_body = _Job(1, "same", "fp2", put("other body"))
    other_user = _Job(2, "same", "fp", put("other"))  # keys are each user's own
    server._run_batch([first, again, other_body, other_user])
    assert first.result == (200, {"key": "once"})
    assert isinstance(again.error, ApiError) and again.error.code == "idempotency_in_progress"
    assert isinstance(other_body.error, ApiError)
    assert other_body.error.code == "idempotency_key_reused"
    assert other_user.result == (200, {"key": "other"})
    assert names(server) == {"once", "other"}
    # the repeat after the batch gets the first one's answer
    assert server.run(USER, "same", "fp", put("twice")) == (200, {"key": "once"})


def test_a_key_whose_job_failed_is_free_again_in_the_same_batch(server: Server) -> None:
    failed = _Job(1, "retry", "fp", fail_after_writing("bug"))
    again = _Job(1, "retry", "fp", put("second try"))
    refused = _Job(1, "no", "fp", refuse_after_writing("refused"))
    replayed = _Job(1, "no", "fp", put("refused"))
    server._run_batch([failed, again, refused, replayed])
    assert isinstance(failed.error, RuntimeError)
    assert again.result == (200, {"key": "second try"})
    # a refusal is recorded at once: a repeat in the same batch replays it
    assert isinstance(refused.error, ApiError) and refused.error.code == "conflict"
    assert isinstance(replayed.error, ApiError) and replayed.error.code == "conflict"
    assert names(server) == {"second try"}


def test_coroutines_and_threads_share_the_batches(server: Server) -> None:
    """Coroutines' and threads' jobs share the writer thread's batches: none is left waiting
    when the others' are done."""
    threads_done: list[Any] = []

    def from_thread(i: int) -> None:
        threads_done.append(server.run(USER, f"t{i}", "fp", put(f"thread-{i}")))

    async def main() -> list[Any]:
        threads = [threading.Thread(target=from_thread, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        answers = await asyncio.gather(
            *(server.submit(USER, f"c{i}", "fp", put(f"coroutine-{i}")) for i in range(40))
        )
        for t in threads:
            await asyncio.to_thread(t.join, 10)
        return list(answers)

    answers = asyncio.run(asyncio.wait_for(main(), timeout=30))
    assert answers == [(200, {"key": f"coroutine-{i}"}) for i in range(40)]
    assert len(threads_done) == 8
    assert names(server) == {f"coroutine-{i}" for i in range(40)} | {
        f"thread-{i}" for i in range(8)
    }
    # a refusal reaches its coroutine as the exception
    with pytest.raises(ApiError):
        asyncio.run(server.submit(USER, None, "fp", refuse_after_writing("nope")))


def test_a_given_up_requests_calls_to_the_outside_world_still_go_out(server: Server) -> None:
    """The write commits whether or not its request still waits (a client gone, a shutdown
    cancelling it): what it asked of the outside world (a call bridged, an SMS) goes too."""
    sent = threading.Event()

    def slow(conn: Connection, env: Env) -> tuple[int, Any]:
        time.sleep(0.3)
        conn.execute(server_settings.insert(), {"key": "bridged", "value": 1, "updated_at": 0})
        env.effects.append(sent.set)
        return 200, {}

    async def main() -> None:
        request = asyncio.create_task(server.submit(USER, "k", "fp", slow))
        await asyncio.sleep(0.05)
        request.cancel()
        with pytest.raises(asyncio.CancelledError):
            await request

    asyncio.run(main())
    assert sent.wait(5), "the committed call never reached the outside world"
    assert names(server) == {"bridged"}


def test_stopping_runs_what_is_queued_then_refuses_until_started_again(server: Server) -> None:
    async def main() -> None:
        queued = [
            asyncio.create_task(server.submit(USER, None, "fp", put(f"q{i}"))) for i in range(10)
        ]
        await asyncio.sleep(0)  # each is queued and waits
        await asyncio.to_thread(server.stop_writer)
        assert await asyncio.gather(*queued) == [(200, {"key": f"q{i}"}) for i in range(10)]
        with pytest.raises(ApiError) as refused:
            await server.submit(USER, None, "fp", put("late"))
        assert refused.value.status == 503 and refused.value.code == "shutting_down"
        server.start_writer()
        assert await server.submit(USER, None, "fp", put("again")) == (200, {"key": "again"})

    asyncio.run(asyncio.wait_for(main(), timeout=30))
    assert names(server) == {f"q{i}" for i in range(10)} | {"again"}
