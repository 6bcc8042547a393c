"""The search pane searches off the UI thread: debounced, newest query wins, and it ranks as
`operator-app kb search --batch` does over the same local copy (the issue's acceptance 2)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from operator_app.domain.changes import KbChanged
from operator_app.paths import Paths
from operator_app.search import SearchEngine, SearchResult
from operator_app.services.bus import ChangeBus
from operator_app.services.workstation import Workstation
from operator_app.ui.panes.search import DEBOUNCE_MS, SearchPane
from routing_api import kb
from routing_api.db.engine import Database
from tests.helpers.api import RoutingServer
from tests.helpers.qt import type_text

QUERIES = [
    "маткапитал на ипотеку",
    "как восстановить пароль госуслуг",
    "пособие на ребёнка",
    "vfnrfgbnfk",
    "пенсия по старост",
    "субсидия жкх",
    "больничный не оплатили",
    "социальная карта",
]


def shown_ids(results: QListWidget) -> list[str]:
    return [str(results.item(i).data(0x0100)) for i in range(results.count())]


def shows(pane: SearchPane, query: str) -> bool:
    """The pane shows the result of `query` and has no search pending."""
    return pane.shown_query == query and not pane.searching()


@pytest.fixture(scope="module")
def engine() -> SearchEngine:
    path = Path(__file__).resolve().parents[2] / "resources" / "kb" / "articles.jsonl"
    lines = path.read_text("utf-8").splitlines()
    return SearchEngine.from_articles([json.loads(line) for line in lines if line.strip()])


def test_typing_searches_once_after_the_last_key_off_the_ui_thread(
    qtbot: QtBot, engine: SearchEngine
) -> None:
    calls: list[tuple[str, bool]] = []
    ui_thread = threading.current_thread()

    def search(text: str) -> SearchResult | None:
        calls.append((text, threading.current_thread() is ui_thread))
        return engine.search(text, limit=20) if text.strip() else None

    pane = SearchPane(search, lambda _id: None)
    qtbot.addWidget(pane)
    type_text(pane.query, "маткапитал на ипотеку")  # faster than the debounce interval
    with qtbot.waitSignal(pane.results_shown, timeout=5_000):
        pass
    assert calls == [("маткапитал на ипотеку", False)]
    assert pane.shown_query == "маткапитал на ипотеку" and not pane.searching()
    assert shown_ids(pane.results) == [h.id for h in engine.search(calls[0][0], limit=20).hits]
    # the first card is shown, from the hit itself: insert works as before
    assert pane.insert_button.isEnabled()
    with qtbot.waitSignal(pane.insert_requested, timeout=1_000) as inserted:
        pane.insert_button.click()
    assert "материнск" in str(inserted.args[0]).lower()


def test_filters_narrow_the_results_and_rerun_the_search(
    qtbot: QtBot, engine: SearchEngine
) -> None:
    """Agency, category and line filters: offered from the local copy once it is loaded,
    passed to the search with the text, and changing one re-runs the search."""
    pane = SearchPane(
        lambda text, **filters: engine.search(text, limit=20, **filters),
        lambda _id: None,
        facets=engine.facets,
    )
    qtbot.addWidget(pane)
    pane.on_change(KbChanged((), len(engine)))
    qtbot.waitUntil(lambda: pane.agency_filter.count() > 3, timeout=5_000)
    agencies = [pane.agency_filter.itemData(i) for i in range(1, pane.agency_filter.count())]
    assert {"СФР", "ОСЗН", "Роструд"} <= set(agencies) and agencies == sorted(agencies)
    assert pane.filters() == {}
    type_text(pane.query, "пособие")
    qtbot.waitUntil(lambda: shows(pane, "пособие"), timeout=5_000)
    unfiltered = shown_ids(pane.results)
    assert {h.agency for h in engine.search("пособие", limit=20).hits} != {"ОСЗН"}
    pane.agency_filter.setCurrentIndex(pane.agency_filter.findData("ОСЗН"))
    qtbot.waitUntil(lambda: shows(pane, "пособие") and shown_ids(pane.results) != unfiltered)
    assert pane.filters() == {"agency": "ОСЗН"}
    expected = engine.search("пособие", agency="ОСЗН", limit=20).hits
    assert expected and shown_ids(pane.results) == [h.id for h in expected]
    assert all(h.agency == "ОСЗН" for h in expected)
    pane.agency_filter.setCurrentIndex(0)
    pane.line_filter.setCurrentIndex(pane.line_filter.findData(2))
    expected = engine.search("пособие", line=2, limit=20).hits
    qtbot.waitUntil(lambda: shown_ids(pane.results) == [h.id for h in expected], timeout=5_000)
    assert expected and all(h.line == 2 for h in expected)
    # a reload keeps the choice made
    pane.on_change(KbChanged((), len(engine)))
    qtbot.wait(200)
    assert pane.filters() == {"line": 2}


def test_a_slow_earlier_query_never_overwrites_a_newer_one(
    qtbot: QtBot, engine: SearchEngine
) -> None:
    release = threading.Event()
    started: list[str] = []

    def search(text: str) -> SearchResult | None:
        started.append(text)
        if text == "пенсия":
            release.wait(10)  # the earlier query is slow
        return engine.search(text, limit=20)

    pane = SearchPane(search, lambda _id: None)
    qtbot.addWidget(pane)
    shown: list[str | None] = []
    pane.results_shown.connect(lambda _result: shown.append(pane.shown_query))
    pane.query.setText("пенсия")
    qtbot.waitUntil(lambda: started == ["пенсия"], timeout=5_000)
    pane.query.setText("пособие на ребёнка")  # asked while the slow one runs
    pane.run_search()
    pane.query.setText("социальная карта")
    pane.run_search()
    qtbot.wait(DEBOUNCE_MS + 100)
    assert started == ["пенсия"]  # at most one search in flight
    release.set()
    qtbot.waitUntil(lambda: not pane.searching(), timeout=5_000)
    qtbot.wait(100)
    # the slow result was dropped; the two newer requests coalesced into one search
    assert started == ["пенсия", "социальная карта"]
    assert shown == ["социальная карта"]
    assert shown_ids(pane.results) == [
        h.id for h in engine.search("социальная карта", limit=20).hits
    ]


def test_the_pane_shows_what_kb_search_batch_ranks(
    qtbot: QtBot, api: RoutingServer, database_url: str, workstation_dirs: Path
) -> None:
    """The window's path (Workstation.search_text in a background Op, the index fed by a sync
    delta) and the CLI's (a fresh index over the same local copy) give the same ranking."""
    ws = Workstation(api.url, Paths.standard(workstation_dirs), ChangeBus())
    ws.login("op1", "demo")
    try:
        assert len(ws.sync_kb()) == 386
        _publish_changes(database_url)
        assert sorted(ws.sync_kb()) == ["KB-0002", "KB-0072", "KB-0073"]  # a delta
        pane = SearchPane(ws.search_text, ws.article)
        qtbot.addWidget(pane)
        batch = workstation_dirs / "queries.txt"
        batch.write_text("\n".join(QUERIES) + "\n", encoding="utf-8")
        for region in (None, "Тверская область"):
            ws.context_region = region
            in_window = []
            for query in QUERIES:
                pane.query.clear()
                type_text(pane.query, query)
                qtbot.waitUntil(lambda: shows(pane, query), timeout=10_000)  # noqa: B023
                in_window.append(shown_ids(pane.results))
            extra = ("--region", region) if region else ()
            for limit in ("20", "10"):
                done = _cli(workstation_dirs, "--batch", str(batch), "--limit", limit, *extra)
                assert done.returncode == 0, done.stderr
                from_cli = [json.loads(line)["ids"] for line in done.stdout.splitlines()]
                assert from_cli == [ids[: int(limit)] for ids in in_window]
            assert all(in_window) and len(in_window) == len(QUERIES)
    finally:
        ws.close()


def _publish_changes(database_url: str) -> None:
    db = Database(database_url)
    try:
        with db.write() as conn:
            for article_id in ("KB-0002", "KB-0073"):
                current = kb.current(conn, article_id)
                assert current is not None
                article: dict[str, Any] = current["article"]
                kb.upsert(conn, time.time(), {**article, "title": article["title"] + " (2026)"})
            kb.delete(conn, time.time(), "KB-0072")
    finally:
        db.dispose()


def _cli(base: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "operator_app.cli", "--basedir", str(base), "kb", "search", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(base)},
    )
