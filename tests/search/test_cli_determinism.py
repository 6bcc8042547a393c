"""`operator-app kb search --batch --json` ranks the same whatever the hash seed: no ordering
in the search depends on iterating a set or dict of strings in hash order."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from operator_app.search import SearchEngine
from routing_api.demo.kb_corpus import generate_corpus
from tests.search.test_index_build import queries

REGIONS = (None, "Омская область")


def _cli(base: Path, seed: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "operator_app.cli", "--basedir", str(base), "kb", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "HOME": str(base), "PYTHONHASHSEED": seed},
    )


def _results(stdout: str) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in stdout.splitlines()]
    for row in rows:
        assert row.pop("elapsed_ms") >= 0  # the only field that may differ between runs
    return rows


def test_batch_search_is_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    # A generated corpus with regional variants (many near-equal scores) and every query as
    # typed, finished and cut mid-word (corrections, completions, synonym phrases).
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in generate_corpus(3000)),
        encoding="utf-8",
    )
    batch = tmp_path / "queries.txt"
    texts = [q for q in queries() if q.strip()]
    batch.write_text("\n".join(texts) + "\n", encoding="utf-8")
    base = tmp_path / "ws"
    imported = _cli(base, "0", "import", str(corpus))
    assert imported.returncode == 0, imported.stderr
    for region in REGIONS:
        extra = ("--region", region) if region else ()
        runs = []
        for seed in ("1", "4242"):
            done = _cli(base, seed, "search", "--batch", str(batch), "--json", *extra)
            assert done.returncode == 0, done.stderr
            runs.append(_results(done.stdout))
        first, second = runs
        assert len(first) == len(texts)
        assert sum(1 for row in first if row["hits"]) > len(texts) * 0.9
        assert first == second


def test_search_filters_on_the_command_line(tmp_path: Path) -> None:
    """`--agency`, `--category` and `--line` narrow the results as the pane's filters do."""
    articles = generate_corpus(1000)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8"
    )
    base = tmp_path / "ws"
    assert _cli(base, "0", "import", str(corpus)).returncode == 0
    engine = SearchEngine.from_articles(articles)
    for flags, filters in (
        (("--agency", "ОСЗН"), {"agency": "ОСЗН"}),
        (("--line", "2"), {"line": 2}),
        (
            ("--category", "Пенсии", "--region", "Омская область"),
            {"category": "Пенсии", "region": "Омская область"},
        ),
    ):
        done = _cli(base, "0", "search", "пособие пенсия", "--json", "--limit", "20", *flags)
        assert done.returncode == 0, done.stderr
        shown = [hit["id"] for hit in json.loads(done.stdout)["hits"]]
        expected = engine.search("пособие пенсия", limit=20, **filters).hits  # type: ignore[arg-type]
        assert shown and shown == [hit.id for hit in expected], flags
        for name in ("agency", "category", "line"):
            if name in filters:
                assert {getattr(hit, name) for hit in expected} == {filters[name]}
