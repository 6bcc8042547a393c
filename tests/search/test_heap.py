"""A replaced index is freed piece by piece off the UI thread, and only after a grace period,
so a search that took it just before the swap still finishes on an intact index."""

from __future__ import annotations

import time
from typing import Any

from operator_app.search import heap
from operator_app.search.engine import SearchEngine


def test_release_empties_every_container_and_skips_the_rest() -> None:
    items = [object() for _ in range(10_000)]
    table = {n: [n] for n in range(5_000)}
    numbers = set(range(3_000))
    thread = heap.release_gradually([items, table, numbers, "not a container"], after_s=0.0)
    thread.join(30)
    assert not thread.is_alive()
    assert items == [] and table == {} and numbers == set()


def test_the_old_engine_answers_until_the_grace_period_ends(
    demo_articles: list[dict[str, Any]],
) -> None:
    old = SearchEngine.from_articles(demo_articles)
    before = [h.id for h in old.search("пенсия по старости").hits]
    assert before
    thread = heap.release_gradually(old.bulk_containers(), after_s=0.5)
    # within the grace period the replaced engine is whole
    assert [h.id for h in old.search("пенсия по старости").hits] == before
    time.sleep(0.1)
    assert thread.is_alive()
    thread.join(30)
    assert len(old.index.docs) == 0 and not old.index.slot_of and not old.index._postings
