"""`operator-app kb import|sync|search`: the local expert system without a display or server."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from operator_app.paths import Paths
from operator_app.search import SearchEngine, SearchResult
from operator_app.store import Cursors, KbStore, LocalStore
from operator_app.store.errors import StoreError
from operator_app.sync.errors import SyncError


def run(ns: argparse.Namespace, paths: Paths) -> int:
    try:
        with LocalStore(paths.kb_file) as store:
            kb = KbStore(store)
            if ns.kb_command == "import":
                ids = kb.import_jsonl(ns.file)
                print(f"imported {len(ids)} articles; {kb.count()} in the local copy")
                return 0
            if ns.kb_command == "sync":
                return _sync(ns, store, kb)
            return _search(ns, kb)
    except (StoreError, SyncError) as exc:
        print(f"error: {exc.message_en} / {exc.message_ru}", file=sys.stderr)
        return 2


def _sync(ns: argparse.Namespace, store: LocalStore, kb: KbStore) -> int:
    from operator_app.sync.client import ApiClient
    from operator_app.sync.kb_sync import KbSync

    with ApiClient(ns.server) as client:
        client.login(ns.username, ns.password)
        started = time.monotonic()
        changed = KbSync(client, kb, Cursors(store)).sync()
    print(f"{len(changed)} changes in {time.monotonic() - started:.2f} s; {kb.count()} articles")
    return 0


def _search(ns: argparse.Namespace, kb: KbStore) -> int:
    articles = list(kb.articles())
    if not articles:
        print(
            "the local expert system is empty: run `operator-app kb import FILE` or "
            "`operator-app kb sync --server URL` first",
            file=sys.stderr,
        )
        return 2
    # The window's search path: the same engine over the same local copy, the same call.
    engine = SearchEngine.from_articles(articles)
    if ns.batch is not None:
        for line in ns.batch.read_text(encoding="utf-8").splitlines():
            query = line.strip()
            if not query:
                continue
            result = engine.search(query, limit=ns.limit, **_filters(ns))
            row = _as_json(query, result) if ns.json else _ids_json(query, result)
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if not ns.query:
        print("give a query or --batch FILE", file=sys.stderr)
        return 2
    result = engine.search(ns.query, limit=ns.limit, **_filters(ns))
    if ns.json:
        print(json.dumps(_as_json(ns.query, result), ensure_ascii=False))
    else:
        for rank, hit in enumerate(result.hits, 1):
            print(f"{rank:2}. {hit.id}  {hit.title}  [{hit.agency} · {hit.category}]")
        print(f"({result.elapsed_ms:.1f} ms)")
    return 0


def _filters(ns: argparse.Namespace) -> dict[str, Any]:
    """The region and filters as the window's search passes them."""
    return {"region": ns.region, "agency": ns.agency, "category": ns.category, "line": ns.line}


def _ids_json(query: str, result: SearchResult) -> dict[str, object]:
    return {
        "query": query,
        "ids": [h.id for h in result.hits],
        "elapsed_ms": round(result.elapsed_ms, 3),
    }


def _as_json(query: str, result: SearchResult) -> dict[str, object]:
    """A query's result in full: the ranking, scores and confidence (all but `elapsed_ms`
    are the same on every run over the same local copy, whatever the hash seed)."""
    return {
        "query": query,
        "confidence": result.confidence,
        "elapsed_ms": round(result.elapsed_ms, 3),
        "hits": [
            {
                "id": h.id,
                "title": h.title,
                "agency": h.agency,
                "category": h.category,
                "line": h.line,
                "region": h.region,
                "score": round(h.score, 4),
                "highlights": h.highlights,
            }
            for h in result.hits
        ],
    }
