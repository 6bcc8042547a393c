"""The local copy of the expert system's articles, kept current from the /kb/changes feed."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from operator_app.pacing import pause_point
from operator_app.store.cursors import Cursors
from operator_app.store.db import LocalStore, to_iso
from operator_app.store.errors import KbFeedError, KbImportError

#: the cursor name of the routing API's /kb/changes feed
FEED_CURSOR = "kb.changes"
REQUIRED_FIELDS = ("id", "title", "answer", "agency", "category")
OPS = frozenset({"created", "updated", "deleted"})
PAGE = 500


def _loads(data: str) -> dict[str, Any]:
    article: dict[str, Any] = json.loads(data)
    return article


class KbStore:
    """Articles by id, with the feed cursor; every batch applies atomically."""

    def __init__(self, store: LocalStore) -> None:
        self._store = store
        self._cursors = Cursors(store)

    @property
    def cursor(self) -> str | None:
        """Where the next /kb/changes request starts (`since`), or None before the first sync."""
        return self._cursors.get(FEED_CURSOR)

    def apply_changes(
        self, items: Iterable[Mapping[str, Any]], cursor: str | None = None
    ) -> list[str]:
        """Apply one page of the feed (and its `next` cursor) in one transaction; changed ids."""
        items = list(items)
        changed: dict[str, None] = {}
        with self._store.write() as db:
            now = self._store.now()
            # The page's ids in one query (a first sync brings 500 new cards a page).
            ids = list({str(item.get("id")) for item in items})
            seqs: dict[str, int] = {}
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                seqs.update(
                    db.execute(f"SELECT id, seq FROM kb_articles WHERE id IN ({marks})", chunk)
                )
            for index, item in enumerate(items):
                pause_point()  # a paced sync leaves the UI thread the GIL (operator_app.pacing)
                if self._apply_one(db, index, item, now, seqs):
                    changed[str(item["id"])] = None
            if cursor is not None:
                self._cursors.set(FEED_CURSOR, cursor)
        return list(changed)

    @staticmethod
    def _apply_one(
        db: Database, index: int, item: Mapping[str, Any], now: str, seqs: dict[str, int]
    ) -> bool:
        """Apply one feed item; `seqs` (id -> stored seq) is kept current for the page."""
        article_id, op, seq, version = (item.get(k) for k in ("id", "op", "seq", "version"))
        if not isinstance(article_id, str) or not article_id:
            raise KbFeedError(index, "no id")
        if op not in OPS:
            raise KbFeedError(index, f"unknown op {op!r}")
        if not isinstance(seq, int) or not isinstance(version, int):
            raise KbFeedError(index, "seq and version must be integers")
        stored = seqs.get(article_id)
        if stored is not None and stored >= seq:
            return False  # already applied (a page replayed after a crash)
        if op == "deleted":
            seqs.pop(article_id, None)
            return db.execute("DELETE FROM kb_articles WHERE id = ?", [article_id]).rowcount > 0
        article = item.get("article")
        if not isinstance(article, Mapping):
            raise KbFeedError(index, f"{op} without an article")
        db.execute(
            "INSERT INTO kb_articles (id, data, version, updated_at, seq, changed_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data,"
            " version = excluded.version, updated_at = excluded.updated_at,"
            " seq = excluded.seq, changed_at = excluded.changed_at",
            [
                article_id,
                json.dumps({**article, "id": article_id}, ensure_ascii=False),
                version,
                item.get("updated_at"),
                seq,
                now,
            ],
        )
        seqs[article_id] = seq
        return True

    def reset(self) -> list[str]:
        """Forget every article and the feed position (the feed was replaced); the ids."""
        with self._store.write() as db:
            ids = [row[0] for row in db.execute("SELECT id FROM kb_articles ORDER BY id")]
            db.execute("DELETE FROM kb_articles")
            self._cursors.set(FEED_CURSOR, "0")
        return ids

    def articles(self) -> Iterator[dict[str, Any]]:
        """Every article, by id; read in pages so no lock is held while the caller iterates."""
        after = ""
        while True:
            with self._store.read() as db:
                rows = db.execute(
                    "SELECT id, data FROM kb_articles WHERE id > ? ORDER BY id LIMIT ?",
                    [after, PAGE],
                ).fetchall()
            for _, data in rows:
                yield _loads(data)
            if len(rows) < PAGE:
                return
            after = rows[-1][0]

    def get(self, article_id: str) -> dict[str, Any] | None:
        with self._store.read() as db:
            row = db.execute("SELECT data FROM kb_articles WHERE id = ?", [article_id]).fetchone()
        return None if row is None else _loads(row[0])

    def count(self) -> int:
        with self._store.read() as db:
            return int(db.execute("SELECT count(*) FROM kb_articles").fetchone()[0])

    def recently_changed(self, since: datetime) -> list[dict[str, Any]]:
        """Articles that changed here at or after `since` (aware), newest first."""
        with self._store.read() as db:
            rows = db.execute(
                "SELECT data FROM kb_articles WHERE changed_at >= ? ORDER BY changed_at DESC, id",
                [to_iso(since)],
            ).fetchall()
        return [_loads(data) for (data,) in rows]

    def recently_updated(self, since: datetime) -> dict[str, str]:
        """Cards whose version changed on the server at or after `since`: id → server time.

        Uses the feed's own columns (`version`, `updated_at`): a first version is no change.
        """
        bound = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
        with self._store.read() as db:
            rows = db.execute(
                "SELECT id, updated_at FROM kb_articles WHERE version > 1 AND updated_at >= ?",
                [bound],
            ).fetchall()
        return {str(article_id): str(stamp) for article_id, stamp in rows}

    def import_jsonl(self, path: Path) -> list[str]:
        """Upsert every article of a JSON-lines file, or none if any line is bad; the ids."""
        articles = _read_jsonl(path)
        with self._store.write() as db:
            now = self._store.now()
            table = db.table("kb_articles")
            for article in articles:
                version = article.get("version")
                table.upsert(
                    {
                        "id": article["id"],
                        "data": json.dumps(article, ensure_ascii=False),
                        "version": version if isinstance(version, int) else 1,
                        "updated_at": article.get("updated_at"),
                        "seq": 0,
                        "changed_at": now,
                    },
                    pk="id",
                )
        return [str(a["id"]) for a in articles]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Parse and validate every line; raise KbImportError naming each bad one."""
    articles: list[dict[str, Any]] = []
    errors: list[tuple[int, str]] = []
    first_seen: dict[str, int] = {}
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            try:
                line = raw.decode("utf-8").strip()
            except UnicodeDecodeError:
                errors.append((number, "not UTF-8"))
                continue
            if not line:
                continue
            try:
                article = json.loads(line)
            except json.JSONDecodeError as exc:
                errors.append((number, f"not JSON ({exc.msg})"))
                continue
            if not isinstance(article, dict):
                errors.append((number, "not a JSON object"))
                continue
            missing = [
                k for k in REQUIRED_FIELDS if not isinstance(article.get(k), str) or not article[k]
            ]
            if missing:
                errors.append((number, "missing or empty " + ", ".join(missing)))
                continue
            if article["id"] in first_seen:
                errors.append(
                    (number, f"duplicate id {article['id']} (line {first_seen[article['id']]})")
                )
                continue
            first_seen[article["id"]] = number
            articles.append(article)
    if errors:
        raise KbImportError(str(path), errors)
    return articles
