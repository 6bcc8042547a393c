"""The workstation's side of the content workflow against the real routing API: the search
statistics sender counts only the queries an operator settled on, uploads them, keeps them when
the server is away; the word diff the review dialog highlights."""

from __future__ import annotations

import pytest

from operator_app.search import SearchResult
from operator_app.services.kb_content import (
    KbContent,
    SearchStatsSender,
    changed_fields,
    diff_words,
    split_keywords,
)
from operator_app.sync.backoff import RetryPolicy
from operator_app.sync.client import ApiClient
from tests.helpers.api import Client, RoutingServer


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    """The server's storage is covered by tests/api on both backends."""
    return str(request.param)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def result(confidence: str) -> SearchResult:
    return SearchResult([], confidence, 1.0)  # type: ignore[arg-type]


def test_only_settled_queries_are_counted_and_sent(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    client = ApiClient(api.url, retry=RetryPolicy(attempts=1))
    try:
        _settled_queries(api, clients, client)
    finally:
        client.close()


def _settled_queries(api: RoutingServer, clients: dict[str, Client], client: ApiClient) -> None:
    client.login("op1", "demo")
    clock = Clock()
    sender = SearchStatsSender(client, clock=clock, settle_s=2.0)
    # search-as-you-type: every prefix is searched, only the last one stands
    for prefix in ("п", "по", "пос", "пособие на ко", "пособие на кота"):
        sender.observe(prefix, result("none"))
        clock.now += 0.2
    clock.now += 5  # the operator reads the (empty) result
    sender.observe("маткапитал", result("high"))  # another query: the last one counts
    clock.now += 5
    sender.observe("декретные 4510 123456", result("low"))
    sender.observe("", None)
    clock.now += 1
    assert sender.send() == 1  # the last query has not stood long enough yet
    clock.now += 2
    assert sender.send() == 1  # now it has
    top = clients["sup1"].ok(clients["sup1"].get("/kb/search-stats"))
    assert [(r["query"], r["count"]) for r in top["zero_results"]] == [("пособие на кота", 1)]
    assert [(r["query"], r["count"]) for r in top["low_confidence"]] == [("декретные", 1)]
    assert sender.send() == 0  # nothing new

    # the server is away: the rows wait for the next upload (no outbox for statistics)
    sender.observe("пособие на кота", result("none"))
    api.stop()
    try:
        assert sender.send(force=True) == 0
        assert sender.unsent() == 1
    finally:
        api.start()
    assert sender.send() == 1
    top = clients["sup1"].ok(clients["sup1"].get("/kb/search-stats"))
    assert [(r["query"], r["count"]) for r in top["zero_results"]] == [("пособие на кота", 2)]
    # at logout what is left goes out first
    sender.observe("справка о стаже для визы", result("none"))
    sender.start()
    sender.stop()
    top = clients["sup1"].ok(clients["sup1"].get("/kb/search-stats"))
    assert ("справка о стаже для визы", 1) in [
        (r["query"], r["count"]) for r in top["zero_results"]
    ]


def test_proposal_round_trip_through_the_service(api: RoutingServer) -> None:
    specialist = ApiClient(api.url)
    specialist.login("l2-sfr-msk", "demo")
    supervisor = ApiClient(api.url)
    supervisor.login("sup1", "demo")
    mine, review = (
        KbContent(specialist, specialist.user or {}),
        KbContent(supervisor, supervisor.user or {}),
    )
    assert mine.can_propose and not mine.can_review and review.can_review
    card = mine.article("KB-0002")
    changes = changed_fields(
        card["article"],
        card["article"]["title"],
        card["article"]["answer"],
        split_keywords("пенсия; заявление,\nМФЦ"),
    )
    assert changes == {"keywords": ["пенсия", "заявление", "МФЦ"]}
    proposal = mine.propose("KB-0002", card["version"], changes, "  Не хватает МФЦ  ")
    assert proposal["comment"] == "Не хватает МФЦ"
    assert [p["id"] for p in review.pending()] == [proposal["id"]]
    assert review.approve(proposal["id"])["resulting_version"] == card["version"] + 1
    history = mine.history("KB-0002")
    assert [h["version"] for h in history] == [card["version"] + 1, card["version"]]
    specialist.close()
    supervisor.close()


def test_word_diff_marks_what_changed() -> None:
    parts = diff_words("Срок — 10 рабочих дней.", "Срок — 5 рабочих дней, без выходных.")
    kinds = [(p.kind, p.text) for p in parts]
    assert ("delete", "10") in kinds and ("insert", "5") in kinds
    assert "".join(p.text for p in parts if p.kind != "insert") == "Срок — 10 рабочих дней."
    assert "".join(p.text for p in parts if p.kind != "delete") == (
        "Срок — 5 рабочих дней, без выходных."
    )
