"""OutboxReplayer against the real routing API: exactly once in effect, in order."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from operator_app.sync.client import ApiClient, new_key
from operator_app.sync.outbox import DrainResult, OutboxReplayer
from tests.helpers.api import Client, RoutingServer
from tests.sync.conftest import FAST_RETRY
from tests.sync.fakes import MemoryOutbox

MakeClient = Callable[..., ApiClient]


def _chat_in_progress(op1: ApiClient, gw: Client) -> int:
    op1.set_state("ready")
    contact = gw.new_contact("chat")
    assert op1.contact(contact["id"])["state"] == "offered"
    op1.accept(contact["id"])
    return int(contact["id"])


def _history(op1: ApiClient, contact_id: int, kind: str) -> list[dict[str, Any]]:
    return [h for h in op1.contact(contact_id)["history"] if h.get("kind") == kind]


def _messages(op1: ApiClient, contact_id: int) -> list[str]:
    return [str(h["data"]["text"]) for h in _history(op1, contact_id, "message")]


def test_an_entry_replayed_twice_changes_the_server_once(
    make_client: MakeClient, clients: dict[str, Client]
) -> None:
    op1 = make_client("op1")
    cid = _chat_in_progress(op1, clients["gateway"])
    outbox = MemoryOutbox()
    text = "Ваше заявление принято, ответ придёт в течение 10 дней."
    message = outbox.add(new_key(), "POST", f"/contacts/{cid}/messages", {"text": text})
    end = outbox.add(new_key(), "POST", f"/contacts/{cid}/end")
    wrap = outbox.add(
        new_key(),
        "POST",
        f"/contacts/{cid}/wrap-up",
        {"disposition": "consultation_given", "resolved": True, "notes": ""},
    )
    replayer = OutboxReplayer(op1, outbox)
    assert replayer.drain() == DrainResult(sent=3, failed=0, remaining=0)
    # every reply was lost on the way back: the whole outbox is replayed
    for entry_id in (message, end, wrap):
        outbox.lose_reply(entry_id)
    assert replayer.drain() == DrainResult(sent=3, failed=0, remaining=0)

    assert op1.contact(cid)["state"] == "closed"
    assert _messages(op1, cid).count(text) == 1
    assert len(_history(op1, cid, "wrapped_up")) == 1
    assert len(_history(op1, cid, "ended")) == 1


def test_concurrent_drains_send_each_entry_once(
    make_client: MakeClient, clients: dict[str, Client]
) -> None:
    op1 = make_client("op1")
    cid = _chat_in_progress(op1, clients["gateway"])
    outbox = MemoryOutbox()
    texts = [f"сообщение {n}" for n in range(6)]
    for text in texts:
        outbox.add(new_key(), "POST", f"/contacts/{cid}/messages", {"text": text})
    replayer = OutboxReplayer(op1, outbox)
    results: list[DrainResult] = []
    threads = [threading.Thread(target=lambda: results.append(replayer.drain())) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sum(r.sent for r in results) == 6
    assert sorted(outbox.done_calls) == list(range(1, 7))
    # each once, and in the order they were queued
    assert [m for m in _messages(op1, cid) if m in texts] == texts


def test_a_final_refusal_fails_the_entry_with_the_servers_words_and_goes_on(
    make_client: MakeClient, clients: dict[str, Client]
) -> None:
    op1 = make_client("op1")
    cid = _chat_in_progress(op1, clients["gateway"])
    outbox = MemoryOutbox()
    refused = outbox.add(
        new_key(),
        "POST",
        f"/contacts/{cid}/wrap-up",
        {"disposition": "consultation_given", "resolved": True, "notes": ""},
    )
    invalid = outbox.add(new_key(), "POST", f"/contacts/{cid}/messages", {"text": ""})
    fine = outbox.add(new_key(), "POST", f"/contacts/{cid}/messages", {"text": "да"})
    assert OutboxReplayer(op1, outbox).drain() == DrainResult(sent=1, failed=2, remaining=0)
    first, second = outbox.entries[refused], outbox.entries[invalid]
    assert first.state == "failed" and first.last_error is not None
    assert first.last_error.startswith("illegal_transition: ") and "невозможно" in first.last_error
    assert second.state == "failed" and (second.last_error or "").startswith("validation_error")
    assert outbox.entries[fine].state == "done"


def test_offline_keeps_the_entries_and_a_later_drain_sends_them(
    api: RoutingServer, make_client: MakeClient, clients: dict[str, Client]
) -> None:
    op1 = make_client("op1", retry=FAST_RETRY)
    cid = _chat_in_progress(op1, clients["gateway"])
    outbox = MemoryOutbox()
    first = outbox.add(new_key(), "POST", f"/contacts/{cid}/messages", {"text": "раз"})
    outbox.add(new_key(), "POST", f"/contacts/{cid}/messages", {"text": "два"})
    replayer = OutboxReplayer(op1, outbox)
    api.stop()
    assert replayer.drain() == DrainResult(sent=0, failed=0, remaining=2)
    assert outbox.entries[first].attempts == 1
    assert (outbox.entries[first].last_error or "").startswith("offline")
    api.start()
    assert replayer.drain() == DrainResult(sent=2, failed=0, remaining=0)
    assert [m for m in _messages(op1, cid) if m in ("раз", "два")] == ["раз", "два"]
