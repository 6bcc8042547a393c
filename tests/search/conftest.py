"""Fixtures for expert-system search tests: a tiny hand-made corpus and the demo corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from operator_app.search.engine import SearchEngine

ROOT = Path(__file__).resolve().parents[2]


def card(card_id: str, title: str, answer: str = "", **extra: Any) -> dict[str, Any]:
    """A card with the demo corpus schema; unspecified fields take federal first-line defaults."""
    base: dict[str, Any] = {
        "id": card_id,
        "agency": "СФР",
        "category": "Пенсии",
        "title": title,
        "answer": answer or "Ответ оператора.",
        "keywords": [],
        "line": 1,
        "requires_verification": False,
        "escalate_to": None,
        "region": None,
        "updated_at": "2026-01-15",
    }
    base.update(extra)
    return base


@pytest.fixture(scope="session")
def demo_articles() -> list[dict[str, Any]]:
    """The 386 demo cards."""
    path = ROOT / "resources" / "kb" / "articles.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def demo_engine(demo_articles: list[dict[str, Any]]) -> SearchEngine:
    """An engine over the demo corpus, shared by read-only tests."""
    return SearchEngine.from_articles(demo_articles)
