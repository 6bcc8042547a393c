"""`routing-api kb import FILE.jsonl` as a content manager runs it: every bad line named in
Russian and English, nothing written unless the whole file is good, counts on success."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from ekc_resources import resource

from routing_api import kb
from routing_api.db.engine import Database
from routing_api.db.schema import events, kb_articles

GOOD = {
    "id": "KB-9001",
    "agency": "СФР",
    "category": "Пенсии",
    "title": "Как узнать размер будущей пенсии?",
    "answer": "Размер будущей пенсии можно рассчитать в пенсионном калькуляторе на Госуслугах.",
    "keywords": ["калькулятор пенсии"],
    "line": 1,
    "requires_verification": False,
    "escalate_to": None,
    "region": None,
    "updated_at": "2026-11-20",
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "routing_api", "kb", "import", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUTF8": "1"},
        timeout=120,
    )


def write(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
        + "\n",
        encoding="utf-8",
    )
    return path


def snapshot(url: str) -> tuple[list[tuple[str, int]], int]:
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            versions = [
                (r.id, r.version)
                for r in conn.execute(
                    sa.select(kb_articles.c.id, kb_articles.c.version).order_by(kb_articles.c.id)
                )
            ]
            last_event = conn.execute(sa.select(sa.func.max(events.c.id))).scalar_one() or 0
    finally:
        db.dispose()
    return versions, last_event


def test_a_good_file_imports_with_counts(database_url: str, tmp_path: Path) -> None:
    db = Database(database_url)
    with db.engine.connect() as conn:
        existing = kb.current(conn, "KB-0002")
        same = kb.current(conn, "KB-0003")
    assert existing is not None and same is not None
    changed = {**existing["article"], "answer": existing["article"]["answer"] + " Уточнено."}
    file = write(
        tmp_path / "cards.jsonl",
        [GOOD, "", {**GOOD, "id": "KB-9002", "region": "Москва"}, changed, same["article"]],
    )
    before, last_event = snapshot(database_url)
    done = run(str(file), "--database-url", database_url)
    assert done.returncode == 0, done.stderr
    assert "новых 2, изменено 1, без изменений 1" in done.stdout
    assert "2 created, 1 updated, 1 unchanged" in done.stdout
    after, _ = snapshot(database_url)
    assert len(after) == len(before) + 2
    with db.engine.connect() as conn:
        assert kb.current(conn, "KB-9001")["article"] == GOOD  # type: ignore[index]
        assert kb.current(conn, "KB-0002")["version"] == existing["version"] + 1  # type: ignore[index]
        assert kb.current(conn, "KB-0003")["version"] == same["version"]  # type: ignore[index]
        new_events = conn.execute(
            sa.select(events.c.type, events.c.payload).where(events.c.id > last_event)
        ).all()
    db.dispose()
    # workstations are told once, not once per card
    assert [e.type for e in new_events] == ["kb.changed"]
    assert json.loads(new_events[0].payload)["count"] == 3
    # importing the same file again changes nothing
    again = run(str(file), "--database", database_url)
    assert again.returncode == 0 and "0 created, 0 updated, 4 unchanged" in again.stdout


def test_every_bad_line_is_named_and_nothing_is_written(database_url: str, tmp_path: Path) -> None:
    no_answer = {k: v for k, v in GOOD.items() if k != "answer"}
    lines: list[Any] = [
        GOOD,  # 1: fine, but must not be written either
        no_answer,  # 2
        "{not json",  # 3
        [1, 2],  # 4
        {**GOOD, "id": "KB-9003", "agency": "ПФР"},  # 5
        {**GOOD, "id": "KB-9004", "category": "Кошки"},  # 6
        {**GOOD, "id": "KB-9005", "region": "Атлантида"},  # 7
        {**GOOD, "id": "KB-9001"},  # 8: duplicate of line 1
        {**GOOD, "id": "KB-9006", "title": "Т" * 301},  # 9
        {**GOOD, "id": "KB-9007", "line": 3, "answr": "опечатка"},  # 10
        {**GOOD, "id": "KB 9008 с пробелами"},  # 11
        {**GOOD, "id": "KB-0001", "keywords": "не список"},  # 12
    ]
    file = write(tmp_path / "bad.jsonl", lines)
    with file.open("ab") as f:
        f.write(b'{"id": "\xff"}\n')  # 13: not UTF-8
    before = snapshot(database_url)
    done = run(str(file), "--database-url", database_url)
    assert done.returncode == 1
    err = done.stderr
    assert "строка 2: нет поля answer (line 2: missing field answer)" in err
    assert "строка 3: не JSON" in err and "line 3: not JSON" in err
    assert "строка 4: не объект JSON" in err
    assert "строка 5: agency: неизвестное значение (ведомство) «ПФР»" in err
    assert "строка 6: category" in err and "Кошки" in err
    assert "строка 7: region" in err and "Атлантида" in err
    assert "строка 8: id KB-9001 уже был в строке 1" in err
    assert "строка 9: длина поля title 301 символов" in err
    assert "строка 10: неизвестное поле «answr»" in err and "строка 10: line: 1 или 2" in err
    assert "строка 11: id:" in err
    assert "строка 12: keywords" in err
    assert "строка 13: не в кодировке UTF-8" in err
    assert "строка 1:" not in err
    assert "Ничего не импортировано" in err and "Nothing imported" in err
    assert snapshot(database_url) == before


def test_the_shipped_cards_import_into_an_empty_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    shipped = Path(str(resource("kb", "articles.jsonl")))
    done = run(str(shipped), "--database-url", url)
    assert done.returncode == 0, done.stderr
    assert "386 created, 0 updated, 0 unchanged" in done.stdout
    versions, _ = snapshot(url)
    assert len(versions) == 386 and {v for _, v in versions} == {1}


def test_unreadable_and_empty_files(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    missing = run(str(tmp_path / "nope.jsonl"), "--database-url", url)
    assert missing.returncode == 1 and "не прочитан" in missing.stderr
    empty = run(str(write(tmp_path / "empty.jsonl", [""])), "--database-url", url)
    assert empty.returncode == 1 and "нет ни одной карточки" in empty.stderr
    assert not (tmp_path / "db.sqlite3").exists()
