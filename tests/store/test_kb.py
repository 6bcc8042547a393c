"""The local KB: feed batches, cursor, reads, and the JSON-lines import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from operator_app.store import Cursors, KbFeedError, KbImportError, KbStore, LocalStore
from operator_app.store import kb as kb_module
from tests.store.conftest import KB_FILE, FakeClock


def article(article_id: str, title: str = "Пенсия", **extra: Any) -> dict[str, Any]:
    return {
        "id": article_id,
        "title": title,
        "answer": "Ответ",
        "agency": "СФР",
        "category": "Пенсии",
        **extra,
    }


def item(seq: int, article_id: str, op: str, version: int = 1, **fields: Any) -> dict[str, Any]:
    body = None if op == "deleted" else article(article_id, **fields)
    return {
        "seq": seq,
        "id": article_id,
        "op": op,
        "version": version,
        "updated_at": "2025-03-01T09:00:00Z",
        "article": body,
    }


def test_create_update_delete_and_cursor(store: LocalStore) -> None:
    kb = KbStore(store)
    assert kb.cursor is None
    changed = kb.apply_changes([item(1, "KB-1", "created"), item(2, "KB-2", "created")], cursor="2")
    assert changed == ["KB-1", "KB-2"]
    assert kb.count() == 2
    assert kb.cursor == "2"
    assert Cursors(store).get(kb_module.FEED_CURSOR) == "2"

    changed = kb.apply_changes(
        [item(3, "KB-1", "updated", version=2, title="Новое"), item(4, "KB-2", "deleted")],
        cursor="4",
    )
    assert changed == ["KB-1", "KB-2"]
    assert kb.get("KB-1") == article("KB-1", title="Новое")
    assert kb.get("KB-2") is None
    assert [a["id"] for a in kb.articles()] == ["KB-1"]
    assert kb.cursor == "4"


def test_a_replayed_page_changes_nothing(store: LocalStore) -> None:
    kb = KbStore(store)
    page = [item(1, "KB-1", "created"), item(2, "KB-1", "updated", version=2, title="B")]
    assert kb.apply_changes(page, cursor="2") == ["KB-1"]
    assert kb.apply_changes(page, cursor="2") == []
    assert kb.get("KB-1") == article("KB-1", title="B")
    assert kb.apply_changes([item(9, "KB-404", "deleted")]) == []


def test_a_malformed_item_rejects_the_whole_batch(store: LocalStore) -> None:
    kb = KbStore(store)
    bad = {"seq": 2, "id": "KB-2", "op": "created", "version": 1, "article": None}
    with pytest.raises(KbFeedError) as caught:
        kb.apply_changes([item(1, "KB-1", "created"), bad], cursor="2")
    assert caught.value.index == 1
    assert kb.count() == 0
    assert kb.cursor is None
    with pytest.raises(KbFeedError, match="unknown op"):
        kb.apply_changes([{**item(1, "KB-1", "created"), "op": "moved"}])


def test_recently_changed_uses_the_local_clock(store: LocalStore, clock: FakeClock) -> None:
    kb = KbStore(store)
    kb.apply_changes([item(1, "KB-1", "created"), item(2, "KB-2", "created")])
    since = clock.advance(minutes=5)
    kb.apply_changes([item(3, "KB-2", "updated", version=2)])
    assert [a["id"] for a in kb.recently_changed(since)] == ["KB-2"]
    clock.advance(minutes=1)
    kb.apply_changes([item(4, "KB-1", "updated", version=2)])
    assert [a["id"] for a in kb.recently_changed(since)] == ["KB-1", "KB-2"]
    assert kb.recently_changed(clock.advance(seconds=1)) == []


def test_articles_reads_every_page(store: LocalStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kb_module, "PAGE", 3)
    kb = KbStore(store)
    kb.apply_changes([item(n, f"KB-{n:02}", "created") for n in range(1, 11)])
    assert [a["id"] for a in kb.articles()] == [f"KB-{n:02}" for n in range(1, 11)]


def test_import_the_demo_corpus(store: LocalStore) -> None:
    kb = KbStore(store)
    lines = [json.loads(line) for line in KB_FILE.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 386
    ids = kb.import_jsonl(KB_FILE)
    assert len(ids) == kb.count() == 386
    first = lines[0]
    assert kb.get(first["id"]) == first
    # a later feed item still wins over the import
    kb.apply_changes([item(1, first["id"], "updated", version=2, title="Из ленты")])
    stored = kb.get(first["id"])
    assert stored is not None
    assert stored["title"] == "Из ленты"


def test_a_bad_file_names_its_lines_and_imports_nothing(store: LocalStore, tmp_path: Path) -> None:
    kb = KbStore(store)
    path = tmp_path / "bad.jsonl"
    rows = [
        json.dumps(article("KB-1")),
        "{not json",
        json.dumps(["a", "list"]),
        "",
        json.dumps({"id": "KB-5", "title": "без ответа"}),
        json.dumps(article("KB-1")),
        json.dumps(article("KB-7")),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(KbImportError) as caught:
        kb.import_jsonl(path)
    err = caught.value
    assert [line for line, _ in err.errors] == [2, 3, 5, 6]
    assert "not JSON" in err.errors[0][1]
    assert "answer, agency, category" in err.errors[2][1]
    assert "duplicate id KB-1 (line 1)" in err.errors[3][1]
    assert "2, 3, 5, 6" in err.message_ru
    assert kb.count() == 0
