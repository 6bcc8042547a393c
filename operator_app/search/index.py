"""In-memory inverted index with BM25F field weights, updated one card at a time."""

from __future__ import annotations

import itertools
import math
import re
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from operator_app.search.analysis import tokenize
from operator_app.search.synonyms import SynonymTable
from operator_app.search.vocabulary import Vocabulary

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]

TITLE, KEYWORDS, ANSWER = 0, 1, 2
# Title over keywords over answer text (the ranking rule); b per field as in BM25F.
FIELD_WEIGHTS = np.array([3.0, 2.0, 1.0], dtype=np.float32)
FIELD_B = np.array([0.5, 0.3, 0.75], dtype=np.float32)
K1 = 1.2
BIGRAM = "b:"


@dataclass(slots=True)
class IndexedDoc:
    """What the index keeps per card: the card itself and the terms it contributed."""

    article: Mapping[str, Any]
    terms: list[str]
    words: list[str]


@dataclass(frozen=True, slots=True)
class TextTerms:
    """Stems, concept tokens and adjacent-stem bigrams of one piece of text."""

    terms: Counter[str]
    length: int
    words: tuple[str, ...]


_SENTENCE_RE = re.compile(r"(?<=[.!?;•])\s+")


class InvertedIndex:
    """Postings per term with per-field term frequencies; dense numpy scoring at query time."""

    def __init__(self, synonyms: SynonymTable) -> None:
        self.synonyms = synonyms
        self.vocabulary = Vocabulary()
        self.stem_df: Counter[str] = Counter()
        self.docs: list[IndexedDoc | None] = []
        self.slot_of: dict[str, int] = {}
        # term -> (slots, per-slot title/keywords/answer tf); deleted slots are filtered lazily
        self._postings: dict[str, tuple[array[int], array[float]]] = {}
        # term -> (live slots, BM25F scores), valid for the average field lengths in _avg_used
        self._scores: dict[str, tuple[IntArray, FloatArray, IntArray]] = {}
        self._avg_used = np.ones(3, dtype=np.float32)
        # Row buffers grown by doubling; the live view is the first len(docs) rows.
        self._lengths = np.zeros((1024, 3), dtype=np.float32)
        self._alive = np.zeros(1024, dtype=bool)
        self._length_sum = np.zeros(3, dtype=np.float64)
        # Cards repeat sentences a lot (regional variants, shared keywords): analyse each once.
        self._text_cache: dict[str, TextTerms] = {}

    def analyse(self, text: str) -> TextTerms:
        """Terms of one sentence or keyword, cached by its text."""
        cached = self._text_cache.get(text)
        if cached is not None:
            return cached
        tokens = tokenize(text)
        stems = [t.stem for t in tokens if not t.is_stop]
        terms: Counter[str] = Counter(stems)
        terms.update(f"{BIGRAM}{a} {b}" for a, b in itertools.pairwise(stems))
        terms.update(m.concept for m in self.synonyms.match_all([(s,) for s in stems]))
        result = TextTerms(terms, len(stems), tuple(t.text for t in tokens))
        if len(self._text_cache) > 300_000:
            self._text_cache.clear()
        self._text_cache[text] = result
        return result

    @property
    def size(self) -> int:
        """Number of live cards."""
        return len(self.slot_of)

    @property
    def lengths(self) -> FloatArray:
        """Per-slot field lengths (title, keywords, answer)."""
        return self._lengths[: len(self.docs)]

    @property
    def alive(self) -> npt.NDArray[np.bool_]:
        """Per-slot flag: the card is live (not deleted or replaced)."""
        return self._alive[: len(self.docs)]

    def _grow(self) -> None:
        if len(self.docs) >= len(self._alive):
            size = len(self._alive) * 2
            self._lengths = np.resize(self._lengths, (size, 3))
            self._alive = np.resize(self._alive, size)

    @property
    def capacity(self) -> int:
        """Number of slots, live or deleted; score vectors have this length."""
        return len(self.docs)

    def add(self, article: Mapping[str, Any]) -> int:
        """Index a card (replacing an earlier version with the same id); returns its slot."""
        doc_id = str(article["id"])
        if doc_id in self.slot_of:
            self.remove(doc_id)
        title = str(article.get("title") or "")
        pieces: list[tuple[int, str]] = [(TITLE, title)]
        pieces += [(KEYWORDS, str(k)) for k in article.get("keywords") or ()]
        if article.get("region"):
            pieces.append((KEYWORDS, str(article["region"])))
        pieces += [(ANSWER, s) for s in _SENTENCE_RE.split(str(article.get("answer") or ""))]
        merged: dict[str, list[float]] = {}
        lengths = np.zeros(3, dtype=np.float32)
        words: list[str] = []
        for field, text in pieces:
            analysed = self.analyse(text)
            for term, tf in analysed.terms.items():
                row = merged.get(term)
                if row is None:
                    row = merged[term] = [0.0, 0.0, 0.0]
                row[field] += tf
            lengths[field] += analysed.length
            words.extend(analysed.words)
        self._grow()
        slot = len(self.docs)
        self.docs.append(IndexedDoc(article, list(merged), words))
        self.slot_of[doc_id] = slot
        self._lengths[slot] = lengths
        self._alive[slot] = True
        self._length_sum += lengths
        postings, cached = self._postings, self._scores
        for term, row in merged.items():
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = (array("i"), array("f"))
            posting[0].append(slot)
            posting[1].extend(row)
            if cached:
                cached.pop(term, None)
        self.vocabulary.add(words)
        self.stem_df.update(iter(merged))
        return slot

    def remove(self, doc_id: str) -> None:
        """Drop a card; its slot becomes a dead row that postings skip."""
        slot = self.slot_of.pop(doc_id, None)
        if slot is None:
            return
        doc = self.docs[slot]
        assert doc is not None
        for term in doc.terms:
            self._scores.pop(term, None)
            self.stem_df[term] -= 1
            if self.stem_df[term] <= 0:
                del self.stem_df[term]
        self.vocabulary.remove(doc.words)
        self._length_sum -= self.lengths[slot]
        self._alive[slot] = False
        self.docs[slot] = None

    def df(self, term: str) -> int:
        """Number of live cards holding a term in any field."""
        return self.stem_df.get(term, 0)

    def idf(self, term: str) -> float:
        """BM25 inverse document frequency of a term."""
        df = self.df(term)
        n = max(self.size, 1)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def scores(self, term: str) -> tuple[IntArray, FloatArray, IntArray] | None:
        """BM25F score of a term for every live card holding it: (slots, scores, title slots)."""
        avg = np.maximum(self._length_sum / max(self.size, 1), 1.0).astype(np.float32)
        if np.any(np.abs(avg - self._avg_used) > 0.01 * self._avg_used):
            # Sync deltas shift average lengths slowly; rescore only when they drift by 1 %.
            self._scores.clear()
            self._avg_used = avg
        cached = self._scores.get(term)
        if cached is not None:
            return cached
        posting = self._postings.get(term)
        if posting is None or self.df(term) == 0:
            return None
        slots = np.frombuffer(posting[0], dtype=np.int32).copy()
        tfs = np.frombuffer(posting[1], dtype=np.float32).copy().reshape(-1, 3)
        live = self._alive[slots]
        if not live.all():
            slots, tfs = slots[live], tfs[live]
        norm = 1.0 - FIELD_B + FIELD_B * (self._lengths[slots] / self._avg_used)
        tf = (tfs / norm) @ FIELD_WEIGHTS
        scores = (self.idf(term) * tf / (K1 + tf)).astype(np.float32)
        found = (slots, scores, slots[tfs[:, TITLE] > 0])
        self._scores[term] = found
        return found

    def dense(self, term: str) -> FloatArray:
        """BM25F scores of a term as a vector over all slots (zero where absent)."""
        out = np.zeros(self.capacity, dtype=np.float32)
        found = self.scores(term)
        if found is not None:
            out[found[0]] = found[1]
        return out

    def dense_with_title(self, term: str) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
        """Dense scores of a term and a mask of the cards holding it in the title."""
        out = np.zeros(self.capacity, dtype=np.float32)
        in_title = np.zeros(self.capacity, dtype=bool)
        found = self.scores(term)
        if found is not None:
            out[found[0]] = found[1]
            in_title[found[2]] = True
        return out, in_title

    def articles(self, slots: Sequence[int]) -> list[Mapping[str, Any]]:
        """The cards at some live slots."""
        result = []
        for slot in slots:
            doc = self.docs[slot]
            assert doc is not None
            result.append(doc.article)
        return result
