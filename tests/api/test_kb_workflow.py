"""The expert system's content workflow over HTTP: cards and history, proposals from second-line
specialists reviewed by supervisors (approval = a new version in the change feed), who hears of
it on the event stream, and search statistics scrubbed of personal data."""

from __future__ import annotations

from typing import Any

import pytest

from operator_app.search.search_stats import scrub as workstation_scrub
from routing_api.kb_stats import scrub as server_scrub
from tests.helpers.api import Client, EventReader, RoutingServer, new_key

ARTICLE = "KB-0002"
NEW_ANSWER = (
    "Заявление о назначении пенсии подают на Госуслугах, в клиентской службе СФР или в МФЦ, "
    "не ранее чем за месяц до возникновения права на пенсию."
)


def card(client: Client, article_id: str = ARTICLE) -> dict[str, Any]:
    return client.ok(client.get(f"/kb/articles/{article_id}"))


def propose(
    client: Client, version: int, article_id: str = ARTICLE, **fields: Any
) -> dict[str, Any]:
    body = {"base_version": version, "comment": "Срок рассмотрения изменился", **fields}
    return client.ok(client.post(f"/kb/articles/{article_id}/proposals", json=body), 201)


def test_card_and_its_history(clients: dict[str, Client]) -> None:
    op = clients["op1"]
    current = card(op)
    assert current["version"] == 1 and current["article"]["title"]
    history = op.ok(op.get(f"/kb/articles/{ARTICLE}/history"))
    assert [(h["version"], h["op"], h["actor"]) for h in history["items"]] == [(1, "created", None)]
    missing = op.get("/kb/articles/KB-9999")
    assert missing.status_code == 404 and missing.json()["message_ru"]
    assert op.get("/kb/articles/KB-9999/history").status_code == 404
    assert clients["gateway"].get(f"/kb/articles/{ARTICLE}").status_code == 403


def test_proposal_approved_becomes_a_new_version(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    l2, sup, op = clients["l2-sfr-msk"], clients["sup1"], clients["op1"]
    feed_before = op.ok(op.get("/kb/changes", params={"since": "0", "limit": 1000}))["next"]
    sup_stream = EventReader(api.url, sup.token).start()
    l2_stream = EventReader(api.url, l2.token).start()
    op_stream = EventReader(api.url, op.token).start()
    base = card(l2)
    proposal = propose(l2, base["version"], answer=NEW_ANSWER, keywords=["подать на пенсию"])
    assert proposal["status"] == "pending" and proposal["stale"] is False
    assert proposal["author"]["username"] == "l2-sfr-msk"
    assert proposal["title"] is None  # fields not proposed stay as they are
    assert proposal["current"]["answer"] == base["article"]["answer"]
    sup_stream.wait_for(lambda e: e["type"] == "kb.proposal" and e["data"]["id"] == proposal["id"])
    # supervisors list every pending proposal, an author its own
    pending = sup.ok(sup.get("/kb/proposals", params={"status": "pending"}))["items"]
    assert [p["id"] for p in pending] == [proposal["id"]]
    assert [p["id"] for p in l2.ok(l2.get("/kb/proposals"))["items"]] == [proposal["id"]]
    other = clients["l2-mse-msk"]
    assert other.ok(other.get("/kb/proposals"))["items"] == []
    assert other.get(f"/kb/proposals/{proposal['id']}").status_code == 404

    approved = sup.ok(
        sup.post(
            f"/kb/proposals/{proposal['id']}/approve", json={"comment": "Верно"}, key=new_key()
        )
    )
    assert approved["status"] == "approved" and approved["resulting_version"] == 2
    assert approved["reviewer"]["username"] == "sup1" and approved["review_comment"] == "Верно"
    after = card(op)
    assert after["version"] == 2
    assert after["article"]["answer"] == NEW_ANSWER
    assert after["article"]["keywords"] == ["подать на пенсию"]
    assert after["article"]["title"] == base["article"]["title"]
    # the author hears of the review; every workstation of the new version, by the feed
    l2_stream.wait_for(
        lambda e: (
            e["type"] == "kb.proposal"
            and e["data"]["id"] == proposal["id"]
            and e["data"]["status"] == "approved"
        )
    )
    op_stream.wait_for(
        lambda e: (
            e["type"] == "kb.changed"
            and e["data"]["article_id"] == ARTICLE
            and e["data"]["version"] == 2
        )
    )
    delta = op.ok(op.get("/kb/changes", params={"since": feed_before}))["items"]
    assert [(i["id"], i["version"], i["op"]) for i in delta] == [(ARTICLE, 2, "updated")]
    # first-line operators never see proposals themselves
    assert "kb.proposal" not in op_stream.types()
    history = op.ok(op.get(f"/kb/articles/{ARTICLE}/history"))["items"]
    assert [(h["version"], h["op"]) for h in history] == [(2, "updated"), (1, "created")]
    assert history[0]["actor"]["username"] == "sup1"
    assert history[0]["article"]["answer"] == NEW_ANSWER
    assert history[1]["article"]["answer"] == base["article"]["answer"]
    # a reviewed proposal cannot be reviewed again
    again = sup.post(f"/kb/proposals/{proposal['id']}/reject", json={"comment": "Передумал"})
    assert again.status_code == 409 and again.json()["code"] == "proposal_reviewed"
    for stream in (sup_stream, l2_stream, op_stream):
        stream.cut()


def test_rejected_and_stale_proposals(api: RoutingServer, clients: dict[str, Client]) -> None:
    l2, sup = clients["l2-sfr-msk"], clients["sup1"]
    l2_stream = EventReader(api.url, l2.token).start()
    version = card(l2)["version"]
    first = propose(l2, version, title="Как подать заявление о назначении страховой пенсии?")
    second = propose(l2, version, answer=NEW_ANSWER)
    # a reason is required to reject
    bare = sup.post(f"/kb/proposals/{first['id']}/reject", json={})
    assert bare.status_code == 422 and bare.json()["message_en"]
    rejected = sup.ok(
        sup.post(f"/kb/proposals/{first['id']}/reject", json={"comment": "Заголовок верный"})
    )
    assert rejected["status"] == "rejected" and rejected["resulting_version"] is None
    l2_stream.wait_for(lambda e: e["type"] == "kb.proposal" and e["data"]["status"] == "rejected")
    assert card(l2)["version"] == version
    # the card changes under the second proposal (approved by another one): it is stale
    third = propose(l2, version, keywords=["пенсия", "заявление"])
    sup.ok(sup.post(f"/kb/proposals/{third['id']}/approve"))
    listed = {p["id"]: p for p in sup.ok(sup.get("/kb/proposals"))["items"]}
    assert listed[second["id"]]["stale"] is True
    assert listed[second["id"]]["current"]["version"] == version + 1
    stale = sup.post(f"/kb/proposals/{second['id']}/approve")
    assert stale.status_code == 409 and stale.json()["code"] == "proposal_stale"
    assert "версия" in stale.json()["message_ru"]
    # proposing against an old version is refused at once
    late = l2.post(
        f"/kb/articles/{ARTICLE}/proposals",
        json={"base_version": version, "answer": NEW_ANSWER, "comment": "Ещё раз"},
    )
    assert late.status_code == 409 and late.json()["code"] == "proposal_stale"
    # the author withdraws what is left; nobody can review it afterwards
    withdrawn = l2.ok(l2.post(f"/kb/proposals/{second['id']}/withdraw"))
    assert withdrawn["status"] == "withdrawn"
    after = sup.post(f"/kb/proposals/{second['id']}/reject", json={"comment": "Устарело"})
    assert after.status_code == 409
    statuses = {p["status"] for p in sup.ok(sup.get("/kb/proposals"))["items"]}
    assert statuses == {"approved", "rejected", "withdrawn"}
    assert sup.ok(sup.get("/kb/proposals", params={"status": "pending"}))["items"] == []
    l2_stream.cut()


def test_who_may_propose_and_review(clients: dict[str, Client]) -> None:
    op, l2, sup, gw = clients["op1"], clients["l2-sfr-msk"], clients["sup1"], clients["gateway"]
    version = card(sup)["version"]
    body = {"base_version": version, "answer": NEW_ANSWER, "comment": "Новые сроки"}
    first_line = op.post(f"/kb/articles/{ARTICLE}/proposals", json=body)
    assert first_line.status_code == 403
    assert first_line.json()["message_ru"].startswith("Предлагать исправления")
    assert gw.post(f"/kb/articles/{ARTICLE}/proposals", json=body).status_code == 403
    assert op.get("/kb/proposals").status_code == 403
    # supervisors may propose too
    mine = propose(sup, version, title="Как подать заявление на пенсию?")
    proposal = propose(l2, version, answer=NEW_ANSWER)
    for who in (op, l2):
        assert who.post(f"/kb/proposals/{proposal['id']}/approve").status_code == 403
        assert (
            who.post(f"/kb/proposals/{proposal['id']}/reject", json={"comment": "нет"}).status_code
            == 403
        )
    assert sup.post(f"/kb/proposals/{proposal['id']}/withdraw").status_code == 403
    assert op.get("/kb/search-stats").status_code == 403
    assert sup.post("/kb/proposals/999999/approve").status_code == 404
    assert sup.ok(sup.post(f"/kb/proposals/{mine['id']}/withdraw"))["status"] == "withdrawn"


def test_proposal_validation_and_idempotency(clients: dict[str, Client]) -> None:
    l2 = clients["l2-sfr-msk"]
    current = card(l2)
    version = current["version"]
    path = f"/kb/articles/{ARTICLE}/proposals"
    nothing = l2.post(path, json={"base_version": version, "comment": "Просто так"})
    assert nothing.status_code == 422 and nothing.json()["code"] == "proposal_empty"
    same = l2.post(
        path,
        json={"base_version": version, "title": current["article"]["title"], "comment": "Тот же"},
    )
    assert same.status_code == 422 and same.json()["code"] == "proposal_empty"
    no_reason = l2.post(path, json={"base_version": version, "answer": NEW_ANSWER})
    assert no_reason.status_code == 422
    problem = no_reason.json()
    assert problem["code"] == "validation_error" and "comment" in problem["message_ru"]
    assert problem["message_en"]
    too_long = l2.post(
        path, json={"base_version": version, "answer": "а" * 20001, "comment": "Длинно"}
    )
    assert too_long.status_code == 422
    unknown = l2.post(
        "/kb/articles/KB-9999/proposals",
        json={"base_version": 1, "answer": NEW_ANSWER, "comment": "Нет такой"},
    )
    assert unknown.status_code == 404
    key = new_key()
    body = {"base_version": version, "answer": NEW_ANSWER, "comment": "Сроки"}
    first = l2.ok(l2.post(path, json=body, key=key), 201)
    repeat = l2.ok(l2.post(path, json=body, key=key), 201)
    assert repeat == first
    assert len(l2.ok(l2.get("/kb/proposals"))["items"]) == 1
    reused = l2.post(path, json={**body, "comment": "Другое"}, key=key)
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"


def test_search_stats_are_scrubbed_and_aggregated(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, op2, sup = clients["op1"], clients["op2"], clients["sup1"]
    rows = [
        {"query": "Пособие на кота", "zero_results": 2, "low_confidence": 0},
        {"query": "снилс 112-233-445 95 не пришла пенсия", "zero_results": 1},
        {"query": "ivan.petrov@mail.ru выписка", "low_confidence": 1},
        {"query": "позвоните +7 (916) 123-45-67", "zero_results": 1},
        {"query": "паспорт 4510 123456", "low_confidence": 1},
        {"query": "12345", "zero_results": 1},  # nothing left once scrubbed: dropped
    ]
    accepted = op.ok(op.post("/kb/search-stats", json={"rows": rows}))["accepted"]
    assert accepted == 5
    op2.ok(
        op2.post(
            "/kb/search-stats",
            json={"rows": [{"query": "пособие на  КОТА", "zero_results": 3, "low_confidence": 1}]},
        )
    )
    top = sup.ok(sup.get("/kb/search-stats", params={"days": 7}))
    zero = {r["query"]: r["count"] for r in top["zero_results"]}
    low = {r["query"]: r["count"] for r in top["low_confidence"]}
    assert zero == {"пособие на кота": 5, "снилс не пришла пенсия": 1, "позвоните": 1}
    assert low == {"выписка": 1, "паспорт": 1, "пособие на кота": 1}
    assert top["zero_results"][0]["query"] == "пособие на кота"
    stored = " ".join(zero) + " ".join(low)
    assert "@" not in stored and not any(ch.isdigit() for ch in stored)
    # counters are per Moscow day: a week later they have aged out of a one-day window
    api.advance(8 * 86400)
    sup.login("sup1")
    assert sup.ok(sup.get("/kb/search-stats", params={"days": 1}))["zero_results"] == []
    assert len(sup.ok(sup.get("/kb/search-stats", params={"days": 30}))["zero_results"]) == 3
    # limits: 500 rows, 200 characters
    op.login("op1")
    many = op.post("/kb/search-stats", json={"rows": [{"query": "x y", "zero_results": 1}] * 501})
    assert many.status_code == 422
    long = op.post("/kb/search-stats", json={"rows": [{"query": "я" * 201, "zero_results": 1}]})
    assert long.status_code == 422
    assert clients["gateway"].post("/kb/search-stats", json={"rows": []}).status_code == 403


@pytest.mark.parametrize("scrub", [server_scrub, workstation_scrub], ids=["server", "workstation"])
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Справка для Ivan.Petrov@mail.ru срочно", "справка для срочно"),
        ("снилс 112-233-445 95", "снилс"),
        ("СНИЛС 11223344595 не найден", "снилс не найден"),
        ("перезвонить +7 (916) 123-45-67", "перезвонить"),
        ("тел 8 916 1234567", "тел"),
        ("карта 2202 2002 1234 5678", "карта"),
        ("родился 12.03.1985", "родился"),
        ("пособие 2025 года", "пособие года"),
        ("пособие на 3 детей", "пособие на 3 детей"),  # short numbers are no personal data
        ("статья 123", "статья 123"),
    ],
)
def test_both_scrubs_drop_personal_data(scrub: Any, query: str, expected: str) -> None:
    assert scrub(query) == expected
