"""The bulk build, deltas, compaction and concurrent use give the same answers as one-by-one."""

from __future__ import annotations

import json
import random
import threading
from pathlib import Path
from typing import Any

import pytest

from operator_app.search.engine import SearchEngine
from tests.search.conftest import card

HERE = Path(__file__).resolve().parent
DEV_QUERIES = HERE.parents[2] / "shared" / "kb" / "queries-dev.jsonl"


def queries() -> list[str]:
    paths = [HERE / "queries_extra.jsonl"] + ([DEV_QUERIES] if DEV_QUERIES.exists() else [])
    found = []
    for path in paths:
        lines = path.read_text("utf-8").splitlines()
        found += [json.loads(line)["query"] for line in lines if line.strip()]
    # As typed (the last word may be a prefix), finished, and mid-word.
    return [v for q in found for v in (q, q + " ", q[: max(1, len(q) - 2)])]


def ranked(engine: SearchEngine, region: str | None = None) -> list[list[tuple[str, float]]]:
    return [
        [(hit.id, hit.score) for hit in engine.search(q, region=region, limit=10).hits]
        for q in queries()
    ]


def one_by_one(articles: list[dict[str, Any]]) -> SearchEngine:
    engine = SearchEngine()
    for article in articles:
        engine.upsert(article)
    return engine


def test_bulk_build_ranks_exactly_as_card_by_card(
    demo_articles: list[dict[str, Any]], demo_engine: SearchEngine
) -> None:
    slow = one_by_one(demo_articles)
    assert ranked(demo_engine) == ranked(slow)
    assert ranked(demo_engine, "Тверская область") == ranked(slow, "Тверская область")


def test_bulk_build_with_an_id_repeated_in_the_batch() -> None:
    cards = [
        card("A", "Пособие на ребёнка"),
        card("B", "Пенсия по старости"),
        card("A", "Субсидия на ЖКУ", agency="ОСЗН"),
    ]
    bulk = SearchEngine.from_articles(cards)
    assert len(bulk) == 2
    assert bulk.dead_rows == 1
    for query in ["пособие", "субсидия", "пенсия", "жку "]:
        assert [h.id for h in bulk.search(query).hits] == [
            h.id for h in one_by_one(cards).search(query).hits
        ]


def test_bulk_into_a_built_engine_replaces_cards() -> None:
    engine = SearchEngine.from_articles([card("A", "Пособие на ребёнка"), card("B", "Пенсия")])
    engine.upsert_many([card("A", "Субсидия на ЖКУ"), card("C", "Материнский капитал")])
    assert [h.id for h in engine.search("пособие ").hits] == []
    assert [h.id for h in engine.search("субсидия").hits] == ["A"]
    assert [h.id for h in engine.search("маткапитал").hits] == ["C"]
    assert len(engine) == 3


def test_compaction_drops_dead_rows_and_keeps_the_ranking(
    demo_articles: list[dict[str, Any]],
) -> None:
    engine = SearchEngine.from_articles(demo_articles)
    rng = random.Random(5)
    changed = [dict(a, title=a["title"] + " (обновлено)") for a in rng.sample(demo_articles, 60)]
    gone = [a["id"] for a in rng.sample(demo_articles, 40)]
    engine.apply_delta(changed, gone)
    assert engine.dead_rows >= 60
    before = ranked(engine)
    engine.compact()
    assert engine.dead_rows == 0
    assert len(engine) == len({a["id"] for a in demo_articles} - set(gone))
    assert [[i for i, _ in r] for r in ranked(engine)] == [[i for i, _ in r] for r in before]
    assert not engine.compact_if_needed()


def test_searches_during_deltas_and_compaction(demo_articles: list[dict[str, Any]]) -> None:
    engine = SearchEngine.from_articles(demo_articles)
    errors: list[BaseException] = []
    stop = threading.Event()
    known = {a["id"] for a in demo_articles} | {"NEW-1", "NEW-2"}

    def searcher() -> None:
        try:
            texts = queries()
            i = 0
            while not stop.is_set():
                result = engine.search(texts[i % len(texts)], region="Омская область")
                assert all(hit.id in known for hit in result.hits)
                i += 1
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=searcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        rng = random.Random(9)
        for round_ in range(6):
            sample = rng.sample(demo_articles, 30)
            engine.apply_delta([dict(a, title=a["title"] + " !") for a in sample])
            engine.upsert(card("NEW-1", "Новая карточка про маткапитал"))
            engine.delete("NEW-1")
            engine.upsert_many([card("NEW-2", "Ещё одна карточка про пенсию")])
            for article in sample[:10]:
                engine.delete(article["id"])
                engine.upsert(article)
            if round_ % 2:
                engine.compact()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert not errors, errors[0]
    assert engine.search("маткапитал на ипотеку", limit=5).hits


@pytest.mark.parametrize("query", ["", "   ", "и на в"])
def test_queries_without_content_words(demo_engine: SearchEngine, query: str) -> None:
    assert demo_engine.search(query).hits == []


def test_an_engine_fed_by_deltas_ranks_exactly_as_one_built_afresh(
    demo_articles: list[dict[str, Any]],
) -> None:
    """What the workstation holds after sync deltas is what `kb search` builds from the store."""
    rng = random.Random(11)
    engine = SearchEngine.from_articles(demo_articles)
    ranked(engine)  # warm the score and correction caches, as a working day would
    sample = rng.sample(demo_articles, 40)
    changed = [dict(a, title=a["title"] + " (новая редакция)") for a in sample]
    gone = {a["id"] for a in rng.sample(demo_articles, 25)} - {a["id"] for a in changed}
    added = [card(f"NEW-{n}", f"Пособие по уходу за ребёнком, вариант {n}") for n in range(5)]
    engine.apply_delta(changed + added, sorted(gone))
    by_id = {a["id"]: a for a in demo_articles}
    by_id.update({a["id"]: a for a in changed + added})
    for article_id in gone:
        del by_id[article_id]
    fresh = SearchEngine.from_articles(sorted(by_id.values(), key=lambda a: a["id"]))
    assert ranked(engine) == ranked(fresh)
    assert ranked(engine, "Омская область") == ranked(fresh, "Омская область")


def test_equal_scores_rank_by_card_id_whatever_the_slot() -> None:
    cards = [card(card_id, "Пенсия по старости") for card_id in ("C", "A", "B")]
    engine = SearchEngine.from_articles(cards)
    assert [h.id for h in engine.search("пенсия").hits] == ["A", "B", "C"]
    engine.upsert(card("A", "Пенсия по старости"))  # A moves to the last slot
    assert [h.id for h in engine.search("пенсия").hits] == ["A", "B", "C"]
    assert [h.id for h in engine.search("пенсия", limit=2).hits] == ["A", "B"]
