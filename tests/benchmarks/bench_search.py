"""Expert-system search benchmark: our engine vs plain SQLite FTS5 vs tantivy (Russian stemmer).

Run: python tests/benchmarks/bench_search.py [--size 30000] [--queries FILE ...]
Every query runs twice: without a region, and with a contact region (the relevant card becomes
that region's variant where the corpus has one). Prints Recall@1, Recall@5, MRR@10 and per-query
latency (p50/p95/max) for each engine, plus index build time.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "resources"))

from operator_app.search.engine import SearchEngine  # noqa: E402
from routing_api.demo.kb_corpus import Corpus, build_corpus  # noqa: E402

DEFAULT_QUERIES = ROOT.parent / "shared" / "kb" / "queries-dev.jsonl"
WORD_RE = re.compile(r"[0-9a-zа-яё]+")
TOP = 10

Searcher = Callable[[str, str | None], list[str]]


@dataclass(frozen=True)
class Case:
    """One benchmark run of a query: text, contact region and the ids that count as right."""

    query: str
    kind: str
    region: str | None
    relevant: frozenset[str]


def load_queries(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """Queries from JSONL files: {"query", "relevant": [ids], "kind"}."""
    rows: list[dict[str, Any]] = []
    for path in paths:
        rows += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return rows


def make_cases(queries: Sequence[Mapping[str, Any]], corpus: Corpus, seed: int) -> list[Case]:
    """Each query without a region, then with a deterministic contact region."""
    rng = random.Random(seed)
    by_id = {r["id"]: r for r in corpus.records}
    regions = sorted({r["region"] for r in corpus.records if r["region"]})
    variants: dict[str, dict[str, str]] = {}
    for variant, base in sorted(corpus.variant_of.items()):
        variants.setdefault(base, {})[by_id[variant]["region"]] = variant
    cases: list[Case] = []
    for q in queries:
        relevant = [r for r in q["relevant"] if r in by_id]
        cases.append(Case(q["query"], q["kind"], None, frozenset(relevant)))
    for q in queries:
        relevant = [r for r in q["relevant"] if r in by_id]
        own = sorted({by_id[r]["region"] for r in relevant if by_id[r]["region"]})
        with_variants = sorted({reg for r in relevant for reg in variants.get(r, {})})
        if own:
            # A regional card: the caller is from that region.
            region = own[0]
            chosen = relevant
        elif with_variants:
            region = rng.choice(with_variants)
            chosen = [variants.get(r, {}).get(region, r) for r in relevant]
        else:
            region = rng.choice(regions) if regions else None
            chosen = relevant
        cases.append(Case(q["query"], q["kind"], region, frozenset(chosen)))
    return cases


def ours(records: Sequence[Mapping[str, Any]]) -> Searcher:
    """Our engine, in process."""
    engine = SearchEngine.from_articles(records)

    def search(query: str, region: str | None) -> list[str]:
        return [h.id for h in engine.search(query, region=region, limit=TOP).hits]

    return search


def _words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


def fts5(records: Sequence[Mapping[str, Any]]) -> Searcher:
    """Plain SQLite FTS5, unicode61 tokenizer; region names are appended to the query."""
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE kb USING fts5(id UNINDEXED, title, keywords, answer, region,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO kb VALUES (?, ?, ?, ?, ?)",
        [
            (r["id"], r["title"], " ; ".join(r["keywords"]), r["answer"], r["region"] or "")
            for r in records
        ],
    )

    def search(query: str, region: str | None) -> list[str]:
        words = _words(query) + (_words(region) if region else [])
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = db.execute(
            "SELECT id FROM kb WHERE kb MATCH ? ORDER BY bm25(kb, 0, 3.0, 2.0, 1.0, 1.0) LIMIT ?",
            (match, TOP),
        ).fetchall()
        return [str(row[0]) for row in rows]

    return search


def tantivy_engine(records: Sequence[Mapping[str, Any]]) -> Searcher:
    """tantivy with a Russian Snowball stemmer; region names are appended to the query."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in ("title", "keywords", "answer", "region"):
        builder.add_text_field(name, tokenizer_name="ru_stem")
    schema = builder.build()
    directory = tempfile.mkdtemp(prefix="bench-tantivy-")
    index = tantivy.Index(schema, path=directory)
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("russian"))
        .build()
    )
    index.register_tokenizer("ru_stem", analyzer)
    writer = index.writer()
    for r in records:
        writer.add_document(
            tantivy.Document(
                id=r["id"],
                title=r["title"],
                keywords=" ; ".join(r["keywords"]),
                answer=r["answer"],
                region=r["region"] or "",
            )
        )
    writer.commit()
    index.reload()
    searcher = index.searcher()
    boosts = {"title": 3.0, "keywords": 2.0, "answer": 1.0, "region": 1.0}

    def search(query: str, region: str | None) -> list[str]:
        words = _words(query.replace("ё", "е")) + (_words(region) if region else [])
        if not words:
            return []
        parsed = index.parse_query(" ".join(words), list(boosts), field_boosts=boosts)
        hits = searcher.search(parsed, TOP).hits
        return [str(searcher.doc(address)["id"][0]) for _, address in hits]

    return search


ENGINES: dict[str, Callable[[Sequence[Mapping[str, Any]]], Searcher]] = {
    "ours": ours,
    "fts5-unicode61": fts5,
    "tantivy-ru_stem": tantivy_engine,
}


@dataclass
class Figures:
    """What one engine scored over all cases."""

    name: str
    build_s: float
    r1: float
    r5: float
    mrr: float
    p50: float
    p95: float
    worst: float
    misses: list[tuple[Case, list[str]]]


def evaluate(name: str, searcher: Searcher, build_s: float, cases: Sequence[Case]) -> Figures:
    """Run every case, timing each query."""
    r1 = r5 = mrr = 0.0
    times: list[float] = []
    misses: list[tuple[Case, list[str]]] = []
    for case in cases:
        started = time.perf_counter()
        ids = searcher(case.query, case.region)
        times.append((time.perf_counter() - started) * 1000)
        rank = next((i for i, x in enumerate(ids) if x in case.relevant), None)
        if rank is not None:
            r1 += rank == 0
            r5 += rank < 5
            mrr += 1.0 / (rank + 1)
        if rank is None or rank > 0:
            misses.append((case, ids[:3]))
    n = max(len(cases), 1)
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else 0.0
    return Figures(
        name, build_s, r1 / n, r5 / n, mrr / n,
        statistics.median(times) if times else 0.0, p95, times[-1] if times else 0.0, misses,
    )  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    """Build the corpus and the engines, run the cases, print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=Path, nargs="+", default=[DEFAULT_QUERIES])
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    parser.add_argument(
        "--half", choices=["even", "odd"], help="only every other query (tuning / held-out halves)"
    )
    parser.add_argument("--misses", action="store_true", help="list our engine's misses")
    args = parser.parse_args(argv)

    corpus = build_corpus(args.size, args.seed)
    queries = load_queries(args.queries)
    if args.half:
        queries = queries[args.half == "odd" :: 2]
    cases = make_cases(queries, corpus, seed=11)
    print(f"corpus: {len(corpus.records)} records; {len(queries)} queries x 2 = {len(cases)} runs")
    results: list[Figures] = []
    for name in args.engines:
        started = time.perf_counter()
        searcher = ENGINES[name](corpus.records)
        build_s = time.perf_counter() - started
        for case in cases[:5]:  # warm-up, not timed
            searcher(case.query, case.region)
        results.append(evaluate(name, searcher, build_s, cases))
    header = f"{'engine':<18}{'R@1':>7}{'R@5':>7}{'MRR':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
    print(header + f"{'build s':>9}")
    for f in results:
        print(
            f"{f.name:<18}{f.r1:>7.3f}{f.r5:>7.3f}{f.mrr:>7.3f}"
            f"{f.p50:>9.2f}{f.p95:>9.2f}{f.worst:>9.2f}{f.build_s:>9.2f}"
        )
    ours = next((f for f in results if f.name == "ours"), None)
    if ours is not None:
        others = [f for f in results if f.name != "ours"]
        checks = [
            ("Recall@5 >= 0.97", ours.r5 >= 0.97),
            ("MRR >= 0.90", ours.mrr >= 0.90),
            ("p95 < 20 ms", ours.p95 < 20.0),
            ("ahead of every baseline (R@5, MRR)",
             all(ours.r5 > f.r5 and ours.mrr > f.mrr for f in others)),
        ]  # fmt: skip
        print(
            "targets for ours: "
            + "; ".join(f"{t}: {'met' if ok else 'NOT MET'}" for t, ok in checks)
        )
    if args.misses:
        for f in results:
            if f.name != "ours":
                continue
            for case, top in f.misses:
                print(f"  miss [{case.kind}] {case.query!r} region={case.region}: "
                      f"want {sorted(case.relevant)} got {top}")  # fmt: skip


if __name__ == "__main__":
    main()
