"""The expert-system search engine: the one public entry point of this package."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from operator_app.search.index import BIGRAM, Analyser, FloatArray, InvertedIndex
from operator_app.search.query import ParsedQuery, Slot, parse
from operator_app.search.results import Confidence, Highlighter, SearchResult, make_hit
from operator_app.search.synonyms import SynonymTable, load_default_table

BoolArray = npt.NDArray[np.bool_]

# Share of the score kept by a card matching none of the query's meaning units; the rest
# grows with the square of the idf-weighted share it does match. Operators type 2–8 words and
# the right card usually holds most of them, while a distractor holds one frequent word often.
COVERAGE_FLOOR = 0.25
BIGRAM_WEIGHT = 0.5
REGION_BOOST = 1.3  # the contact's (or the named) region's own variant
OTHER_REGION = 0.6  # another region's variant: still findable, never first by accident
REGIONAL_NO_CONTEXT = 0.85  # with no region known, federal cards come first
HIGH_CONFIDENCE_COVERAGE = 0.7
CANDIDATES = 200
#: cards a search shows: the window and `operator-app kb search` both ask for this many
RESULT_LIMIT = 20
TITLE_COVER_WEIGHT = 0.5


class SearchEngine:
    """Russian full-text search over expert-system cards, updated by KB sync deltas.

    Thread-safe: `search` may run on one thread while `upsert`/`delete`/`compact` run on
    another. Searches and single-card changes take turns on one lock (a change holds it for
    well under a millisecond, a search for one query); `compact` rebuilds off that lock and
    swaps the new state in, so searches go on meanwhile. Changes are serialised among
    themselves by a second lock.
    """

    def __init__(self, synonyms: SynonymTable | None = None, analyser: Analyser | None = None):
        table = synonyms if synonyms is not None else load_default_table()
        self.index = InvertedIndex(table, analyser)
        self._meta: dict[str, list[Any]] = {"agency": [], "category": [], "line": [], "region": []}
        self._codes: dict[str, dict[Any, int]] = {name: {} for name in self._meta}
        self._arrays: dict[str, np.ndarray[Any, np.dtype[np.int32]]] = {}
        self._lock = threading.RLock()  # the index and the filter columns
        self._write_lock = threading.RLock()  # one writer at a time (deltas, compaction)

    def bulk_containers(self) -> list[Any]:
        """The containers holding nearly all of this engine's objects, largest first: what
        `heap.release_gradually` empties when a rebuilt engine replaces this one."""
        index = self.index
        analyser = index.analyser
        return [
            index.docs,
            analyser.cache,
            index._postings,
            index._scores,
            index.slot_of,
            index.vocabulary.df,
            index.vocabulary._cache,
            index.stem_df,
            analyser.term_ids.of,
            analyser.term_ids.names,
            analyser.word_ids.of,
            analyser.word_ids.names,
            *self._meta.values(),
        ]

    @classmethod
    def from_articles(
        cls, articles: Iterable[Mapping[str, Any]], synonyms: SynonymTable | None = None
    ) -> SearchEngine:
        """Build an engine over a whole corpus."""
        engine = cls(synonyms)
        engine.upsert_many(articles)
        return engine

    def __len__(self) -> int:
        return self.index.size

    def facets(self) -> dict[str, list[str]]:
        """The agencies and categories cards have, sorted: what the search filters offer."""
        with self._lock:
            return {name: sorted(map(str, self._codes[name])) for name in ("agency", "category")}

    @property
    def dead_rows(self) -> int:
        """Rows of deleted or replaced cards still held; `compact` drops them."""
        return self.index.dead

    def upsert(self, article: Mapping[str, Any]) -> None:
        """Add a card or replace the card with the same id."""
        with self._write_lock, self._lock:
            self._upsert(article)

    def _upsert(self, article: Mapping[str, Any]) -> None:
        slot = self.index.add(article)
        for name, column in self._meta.items():
            value = article.get(name) or None
            codes = self._codes[name]
            code = codes.setdefault(value, len(codes)) if value is not None else -1
            column.extend([-1] * (slot + 1 - len(column)))
            column[slot] = code
        self._arrays.clear()

    def upsert_many(self, articles: Iterable[Mapping[str, Any]]) -> None:
        """Add or replace many cards at once (a first sync); same result as `upsert` each.

        Searches wait while the batch goes in: for a large batch into a live engine prefer
        building a new engine (`from_articles`) and swapping it in, or `apply_delta`.
        """
        with self._write_lock, self._lock:
            self._upsert_many(list(articles))

    def _upsert_many(self, batch: list[Mapping[str, Any]]) -> None:
        slots = self.index.add_many(batch)
        for name, column in self._meta.items():
            codes = self._codes[name]
            column.extend([-1] * (slots[-1] + 1 - len(column)) if slots else ())
            for slot, article in zip(slots, batch, strict=True):
                value = article.get(name) or None
                column[slot] = codes.setdefault(value, len(codes)) if value is not None else -1
        self._arrays.clear()

    def delete(self, article_id: str) -> None:
        """Remove a card; unknown ids are ignored (deltas may repeat)."""
        with self._write_lock, self._lock:
            self.index.remove(article_id)

    def apply_delta(
        self, upserts: Iterable[Mapping[str, Any]] = (), deletes: Iterable[str] = ()
    ) -> None:
        """Apply a KB sync delta card by card; searches may run between the cards."""
        with self._write_lock:
            for article in upserts:
                with self._lock:
                    self._upsert(article)
            for article_id in deletes:
                with self._lock:
                    self.index.remove(article_id)

    def compact(self) -> None:
        """Drop dead rows: rebuild from the live cards (in slot order, so ties keep their
        order) and swap the result in. Searches run on the old state meanwhile."""
        with self._write_lock:
            with self._lock:
                index = self.index
                live = [doc.article for doc in index.docs if doc is not None]
            fresh = SearchEngine(index.synonyms, index.analyser)
            fresh._upsert_many(live)
            with self._lock:
                self.index, self._meta = fresh.index, fresh._meta
                self._codes, self._arrays = fresh._codes, fresh._arrays

    def compact_if_needed(self, max_dead_share: float = 0.25) -> bool:
        """Compact when dead rows exceed a share of all rows; whether it did."""
        index = self.index
        if index.dead <= max(1000, max_dead_share * index.capacity):
            return False
        self.compact()
        return True

    def _column(self, name: str) -> np.ndarray[Any, np.dtype[np.int32]]:
        array = self._arrays.get(name)
        if array is None:
            array = np.asarray(self._meta[name], dtype=np.int32)
            self._arrays[name] = array
        return array

    def _filter_mask(
        self, agency: str | None, category: str | None, line: int | None
    ) -> np.ndarray[Any, np.dtype[np.bool_]]:
        mask = self.index.alive.copy()
        for name, value in (("agency", agency), ("category", category), ("line", line)):
            if value is not None:
                mask &= self._column(name) == self._codes[name].get(value, -2)
        return mask

    def _slot_score(self, slot: Slot) -> tuple[FloatArray, float, BoolArray]:
        """Scores of one slot for every card, its idf weight in coverage, and title hits."""
        index = self.index
        best = np.zeros(index.capacity, dtype=np.float32)
        in_title = np.zeros(index.capacity, dtype=bool)
        weight = 0.0
        for term, w in slot.alternatives.items():
            scores, title = index.dense_with_title(term)
            np.maximum(best, w * scores, out=best)
            in_title |= title
            weight = max(weight, w * index.idf(term))
        if len(slot.positions) > 1:
            words = np.zeros(index.capacity, dtype=np.float32)
            for position in slot.positions:
                pos_best = np.zeros(index.capacity, dtype=np.float32)
                for term, w in position.variants.items():
                    np.maximum(pos_best, w * index.dense(term), out=pos_best)
                words += pos_best
            np.maximum(best, words / len(slot.positions), out=best)
        return best, weight, in_title

    def _bigram_bonus(self, slots: list[Slot]) -> FloatArray:
        bonus = np.zeros(self.index.capacity, dtype=np.float32)
        flat = [p for slot in slots for p in slot.positions]
        for left, right in itertools.pairwise(flat):
            for a in sorted(left.variants, key=lambda s: -left.variants[s])[:2]:
                for b in sorted(right.variants, key=lambda s: -right.variants[s])[:2]:
                    bonus += self.index.dense(f"{BIGRAM}{a} {b}")
        return BIGRAM_WEIGHT * bonus

    def _region_factor(self, region: str | None) -> FloatArray:
        regions = self._column("region")
        if region is None:
            return np.where(regions < 0, 1.0, REGIONAL_NO_CONTEXT).astype(np.float32)
        code = self._codes["region"].get(region, -2)
        factor = np.where(regions == code, REGION_BOOST, OTHER_REGION)
        return np.where(regions < 0, 1.0, factor).astype(np.float32)

    def _rank(
        self, parsed: ParsedQuery, region: str | None, mask: np.ndarray[Any, np.dtype[np.bool_]]
    ) -> tuple[FloatArray, FloatArray]:
        total = np.zeros(self.index.capacity, dtype=np.float32)
        covered = np.zeros(self.index.capacity, dtype=np.float32)
        title_words = np.zeros(self.index.capacity, dtype=np.float32)
        weight_sum = 0.0
        for slot in parsed.slots:
            scores, weight, in_title = self._slot_score(slot)
            total += scores
            covered += weight * (scores > 0)
            title_words += len(slot.positions) * in_title
            weight_sum += weight
        coverage = covered / weight_sum if weight_sum > 0 else covered
        # Share of the title the query accounts for: «X?» beats «X: какие документы нужны».
        title_cover = np.minimum(title_words / np.maximum(self.index.lengths[:, 0], 1.0), 1.0)
        total += self._bigram_bonus(parsed.slots)
        final = total * (COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * coverage**2)
        final *= 1.0 + TITLE_COVER_WEIGHT * title_cover
        final *= self._region_factor(parsed.region or region)
        final[~mask] = 0.0
        return final, coverage

    def _top(self, final: FloatArray, limit: int) -> list[int]:
        """Slots of the best cards, best first; equal scores in card id order.

        Every card scoring at least the k-th best score is a candidate, so which of several
        tied cards make the cut never depends on argpartition's internal order, nor on the
        slots cards happen to hold (a card updated by a delta moves to a new slot): an engine
        fed by deltas ranks exactly as one built afresh from the same cards.
        """
        k = min(max(limit, 1), CANDIDATES, len(final))
        if k == 0:
            return []
        kth = float(np.partition(final, len(final) - k)[len(final) - k])
        top = np.flatnonzero(final >= kth)
        top = top[final[top] > 0]
        docs = self.index.docs

        def key(slot: int) -> tuple[float, str]:
            doc = docs[slot]
            assert doc is not None
            return (-float(final[slot]), str(doc.article["id"]))

        return sorted(top.tolist(), key=key)[:limit]

    def search(
        self,
        query: str,
        *,
        region: str | None = None,
        agency: str | None = None,
        category: str | None = None,
        line: int | None = None,
        limit: int = 10,
    ) -> SearchResult:
        """Cards for a query, best first; a region the query names beats the contact's region."""
        started = time.perf_counter()
        with self._lock:
            return self._search(query, started, region, agency, category, line, limit)

    def _search(
        self,
        query: str,
        started: float,
        region: str | None,
        agency: str | None,
        category: str | None,
        line: int | None,
        limit: int,
    ) -> SearchResult:
        parsed = parse(query, self.index)
        if not parsed.slots or self.index.size == 0:
            return SearchResult([], "none", (time.perf_counter() - started) * 1000)
        final, coverage = self._rank(parsed, region, self._filter_mask(agency, category, line))
        order = self._top(final, limit)
        highlighter = Highlighter(
            stems={t for slot in parsed.slots for p in slot.positions for t in p.variants},
            concepts={slot.concept for slot in parsed.slots if slot.concept},
            synonyms=self.index.synonyms,
        )
        hits = [
            make_hit(article, float(final[s]), highlighter)
            for s, article in zip(order, self.index.articles(order), strict=True)
        ]
        confidence: Confidence = "none"
        if hits:
            sure = coverage[order[0]] >= HIGH_CONFIDENCE_COVERAGE
            confidence = "high" if sure else "low"
        return SearchResult(hits, confidence, (time.perf_counter() - started) * 1000)
