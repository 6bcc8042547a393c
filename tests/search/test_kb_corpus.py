"""The demo corpus generator: deterministic, realistic, originals kept."""

from __future__ import annotations

import json
from pathlib import Path

from routing_api.demo.kb_corpus import build_corpus, generate_corpus, region_forms

ROOT = Path(__file__).resolve().parents[2]


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    first = generate_corpus(3000, seed=7)
    assert first == generate_corpus(3000, seed=7)
    assert first != generate_corpus(3000, seed=8)


def test_size_ids_and_regions() -> None:
    corpus = build_corpus(5000, seed=7)
    records = corpus.records
    assert len(records) == 5000
    assert len({r["id"] for r in records}) == 5000
    assert [r["id"] for r in records[:386]] == [f"KB-{n:04d}" for n in range(1, 387)]
    assert records[386]["id"] == "KB-100001"
    names = {
        r["name_ru"] for r in json.loads((ROOT / "resources/regions.json").read_text())["regions"]
    }
    assert {r["region"] for r in records if r["region"]} <= names
    assert corpus.variant_of
    for variant, base in corpus.variant_of.items():
        assert next(r for r in records if r["id"] == variant)["region"] is not None
        assert base < "KB-1"


def test_region_names_decline() -> None:
    assert region_forms("Тверская область")["prep"] == "Тверской области"
    assert region_forms("Алтайский край")["gen"] == "Алтайского края"
    assert region_forms("Республика Татарстан")["prep"] == "Республике Татарстан"
    assert region_forms("Москва")["prep"] == "Москве"
