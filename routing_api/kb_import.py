"""`routing-api kb import FILE.jsonl`: validate every line, then import all cards or none.

Content managers prepare the file; every bad line is named in Russian and English (line
number and what is wrong) and nothing is written unless the whole file is good. Cards are
upserted through kb.upsert (a new version only where something changed), in one transaction,
and workstations are told once by a single kb.changed event.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import events, kb
from routing_api.catalog import AGENCIES, catalog
from routing_api.db.schema import kb_articles

ID_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,32}$")
KNOWN_FIELDS = frozenset(
    {
        "id",
        "agency",
        "category",
        "title",
        "answer",
        "keywords",
        "line",
        "requires_verification",
        "escalate_to",
        "region",
        "updated_at",
    }
)
LIMITS = {"title": (5, 300), "answer": (20, 20000)}
MAX_KEYWORDS, MAX_KEYWORD_CHARS = 50, 100
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Problem:
    """One bad line, in both languages."""

    line: int
    ru: str
    en: str

    def __str__(self) -> str:
        return f"строка {self.line}: {self.ru} (line {self.line}: {self.en})"


@dataclass
class Parsed:
    articles: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    created: int
    updated: int
    unchanged: int


def parse(lines: Iterable[bytes]) -> Parsed:
    """Every line checked; blank lines are skipped."""
    result = Parsed()
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            result.problems.append(Problem(number, "не в кодировке UTF-8", "not UTF-8"))
            continue
        if not text:
            continue
        try:
            article = json.loads(text)
        except json.JSONDecodeError as exc:
            result.problems.append(
                Problem(
                    number,
                    f"не JSON (позиция {exc.pos + 1}: {exc.msg})",
                    f"not JSON (at {exc.pos + 1}: {exc.msg})",
                )
            )
            continue
        if not isinstance(article, dict):
            result.problems.append(Problem(number, "не объект JSON", "not a JSON object"))
            continue
        problems = [Problem(number, ru, en) for ru, en in check(article)]
        article_id = article.get("id")
        if isinstance(article_id, str) and ID_RE.match(article_id):
            if article_id in seen:
                problems.append(
                    Problem(
                        number,
                        f"id {article_id} уже был в строке {seen[article_id]}",
                        f"id {article_id} repeats line {seen[article_id]}",
                    )
                )
            else:
                seen[article_id] = number
        result.problems += problems
        if not problems:
            result.articles.append(article)
    return result


def check(article: dict[str, Any]) -> list[tuple[str, str]]:
    """What is wrong with one card, as (Russian, English) pairs."""
    out: list[tuple[str, str]] = []
    for name in ("id", "agency", "category", "title", "answer"):
        value = article.get(name)
        if value is None:
            out.append((f"нет поля {name}", f"missing field {name}"))
        elif not isinstance(value, str) or not value.strip():
            out.append((f"поле {name} должно быть непустой строкой", f"{name} must be a text"))
    if out:
        return out
    for name in sorted(set(article) - KNOWN_FIELDS):
        out.append((f"неизвестное поле «{name[:40]}»", f"unknown field {name[:40]!r}"))
    if not ID_RE.match(article["id"]):
        out.append(
            (
                "id: только латинские буквы, цифры, «-», «_», «.», не длиннее 32 символов",
                "id: Latin letters, digits, '-', '_', '.', at most 32 characters",
            )
        )
    if article["agency"] not in AGENCIES:
        out.append(_unknown("agency", "ведомство", article["agency"], AGENCIES))
    if article["category"] not in _kb_categories():
        out.append(_unknown("category", "категория", article["category"], _kb_categories()))
    for name, (low, high) in LIMITS.items():
        size = len(article[name].strip())
        if not low <= size <= high:
            out.append(
                (
                    f"длина поля {name} {size} символов, допустимо {low}–{high}",
                    f"{name} is {size} characters long, allowed {low}–{high}",
                )
            )
    out += _optional(article)
    return out


def _optional(article: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    keywords = article.get("keywords")
    if keywords is not None and (
        not isinstance(keywords, list)
        or len(keywords) > MAX_KEYWORDS
        or not all(isinstance(k, str) and 0 < len(k.strip()) <= MAX_KEYWORD_CHARS for k in keywords)
    ):
        out.append(
            (
                f"keywords: список из не более {MAX_KEYWORDS} непустых строк до "
                f"{MAX_KEYWORD_CHARS} символов",
                f"keywords: a list of at most {MAX_KEYWORDS} texts of up to "
                f"{MAX_KEYWORD_CHARS} characters",
            )
        )
    line = article.get("line")
    if line is not None and (isinstance(line, bool) or line not in (1, 2)):
        out.append(("line: 1 или 2", "line: 1 or 2"))
    verification = article.get("requires_verification")
    if verification is not None and not isinstance(verification, bool):
        out.append(
            ("requires_verification: true или false", "requires_verification: true or false")
        )
    escalate = article.get("escalate_to")
    if escalate is not None and escalate not in AGENCIES:
        out.append(_unknown("escalate_to", "ведомство", escalate, AGENCIES))
    region = article.get("region")
    if region is not None and region not in _regions():
        out.append(_unknown("region", "регион", region, ()))
    updated = article.get("updated_at")
    if updated is not None and not (isinstance(updated, str) and DATE_RE.match(updated)):
        out.append(("updated_at: дата ГГГГ-ММ-ДД", "updated_at: a date YYYY-MM-DD"))
    return out


@functools.cache
def _kb_categories() -> tuple[str, ...]:
    """The expert system's category names (categories.json `kb_category`)."""
    return tuple(
        sorted({c.get("kb_category") or c["name_ru"] for c in catalog().categories.values()})
    )


@functools.cache
def _regions() -> frozenset[str]:
    return frozenset(catalog().regions)


def _unknown(name: str, what_ru: str, value: Any, known: Iterable[str]) -> tuple[str, str]:
    shown = str(value)[:60]
    choices = ", ".join(known)
    hint_ru = f"; допустимо: {choices}" if choices else ""
    hint_en = f"; allowed: {choices}" if choices else ""
    return (
        f"{name}: неизвестное значение ({what_ru}) «{shown}»{hint_ru}",
        f"{name}: unknown value {shown!r}{hint_en}",
    )


def read(path: Path) -> Parsed:
    with path.open("rb") as f:
        parsed = parse(f)
    if not parsed.articles and not parsed.problems:
        parsed.problems.append(Problem(0, "в файле нет ни одной карточки", "the file has no cards"))
    return parsed


def apply(conn: Connection, now: float, articles: list[dict[str, Any]]) -> Outcome:
    """Upsert every card in the caller's transaction; unchanged cards keep their version."""
    existing = {
        r.id: r
        for r in conn.execute(
            sa.select(kb_articles.c.id, kb_articles.c.data, kb_articles.c.deleted)
        )
    }
    created = updated = unchanged = 0
    changed = []
    for article in articles:
        row = existing.get(article["id"])
        if row is not None and not row.deleted and row.data == article:
            unchanged += 1
            continue
        changed.append(article)
        if row is None or row.deleted:
            created += 1
        else:
            updated += 1
    kb.upsert_many(conn, now, changed)
    if created or updated:
        seq = conn.execute(sa.select(sa.func.max(kb_articles.c.seq))).scalar_one()
        # one event for the whole import: every workstation pulls the delta once
        events.append(
            conn,
            now,
            "kb.changed",
            scope="staff",
            payload={
                "article_id": None,
                "op": "imported",
                "version": None,
                "seq": seq,
                "count": created + updated,
            },
        )
    return Outcome(created, updated, unchanged)
