"""The outbox: idempotent add, replay order, and the life of an entry."""

from __future__ import annotations

from datetime import timedelta

import pytest

from operator_app.store import AesGcmCipher, LocalStore, Outbox, OutboxState
from tests.store.conftest import FakeClock


@pytest.fixture
def outbox(store: LocalStore, cipher: AesGcmCipher) -> Outbox:
    return Outbox(store, cipher)


def test_add_returns_a_decrypted_entry_with_a_default_key(outbox: Outbox, clock: FakeClock) -> None:
    entry = outbox.add("post", "/contacts/7/notes", {"text": "Гражданин просит перезвонить"})
    assert entry.method == "POST"
    assert entry.path == "/contacts/7/notes"
    assert entry.body == {"text": "Гражданин просит перезвонить"}
    assert len(entry.key) == 32
    assert entry.created_at == clock.now
    assert (entry.attempts, entry.last_error, entry.state) == (0, None, OutboxState.PENDING)
    assert outbox.add("POST", "/operators/me/state", None).body is None


def test_the_same_key_twice_is_one_entry(outbox: Outbox) -> None:
    first = outbox.add("POST", "/a", {"n": 1}, key="k-1")
    again = outbox.add("POST", "/a", {"n": 2}, key="k-1")
    assert again == first
    assert [e.key for e in outbox.pending()] == ["k-1"]


def test_pending_is_in_insertion_order_and_done_leaves_it(outbox: Outbox) -> None:
    keys = [outbox.add("POST", f"/x/{n}", {"n": n}).key for n in range(5)]
    entries = outbox.pending()
    assert [e.key for e in entries] == keys
    assert [e.body for e in entries] == [{"n": n} for n in range(5)]
    assert outbox.mark_done(entries[0].id)
    assert not outbox.mark_done(entries[0].id)  # no longer pending
    assert [e.key for e in outbox.pending()] == keys[1:]
    assert outbox.counts() == (4, 0)


def test_attempts_and_permanent_failure(outbox: Outbox) -> None:
    entry = outbox.add("POST", "/contacts/1/close", {})
    assert outbox.mark_attempt(entry.id, "connection refused")
    assert outbox.mark_attempt(entry.id, "HTTP 503")
    (pending,) = outbox.pending()
    assert (pending.attempts, pending.last_error) == (2, "HTTP 503")

    assert outbox.mark_failed(entry.id, "HTTP 409 contact_closed")
    assert outbox.pending() == []
    (failed,) = outbox.failed()
    assert failed.state is OutboxState.FAILED
    assert (failed.attempts, failed.last_error) == (3, "HTTP 409 contact_closed")
    assert outbox.counts() == (0, 1)
    assert not outbox.mark_done(entry.id)  # a refusal is final

    assert outbox.discard(entry.id)
    assert not outbox.discard(entry.id)
    assert outbox.counts() == (0, 0)


def test_purge_done_only_removes_old_delivered_entries(
    outbox: Outbox, clock: FakeClock, store: LocalStore
) -> None:
    old = outbox.add("POST", "/old", None)
    outbox.mark_done(old.id)
    clock.advance(days=2)
    recent = outbox.add("POST", "/recent", None)
    outbox.mark_done(recent.id)
    waiting = outbox.add("POST", "/waiting", None)
    assert outbox.purge_done(timedelta(days=1)) == 1
    with store.read() as db:
        left = [r[0] for r in db.execute("SELECT path FROM outbox ORDER BY id").fetchall()]
    assert left == ["/recent", "/waiting"]
    assert outbox.purge_done(clock.now + timedelta(seconds=1)) == 1
    assert [e.id for e in outbox.pending()] == [waiting.id]
