"""In-memory inverted index with BM25F field weights, updated one card at a time."""

from __future__ import annotations

import gc
import itertools
import math
import re
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from operator_app.pacing import pause_point
from operator_app.search import heap
from operator_app.search.analysis import words_and_stems
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


class TextTerms(NamedTuple):
    """Stems, concept tokens and adjacent-stem bigrams of one piece of text.

    A tuple of tuples of strings and ints: the cyclic garbage collector stops tracking such
    objects, so tens of thousands of them do not lengthen its pauses during searches. The
    analysis cache hands out one object per distinct text; the bulk build keys them by id().
    """

    terms: tuple[str, ...]  # distinct terms in first-seen order; frequencies in `tfs`
    length: int
    words: tuple[str, ...]  # distinct folded words, stop words included (the vocabulary)
    # The same terms and words as ids in the index's id tables, with the terms' frequencies.
    term_ids: tuple[int, ...]
    tfs: tuple[int, ...]
    word_ids: tuple[int, ...]


@dataclass(slots=True)
class IndexedDoc:
    """What the index keeps per card: the card itself and the analysed pieces of its text."""

    article: Mapping[str, Any]
    pieces: tuple[TextTerms, ...]

    @property
    def terms(self) -> list[str]:
        """Distinct terms the card contributed, in any field."""
        return list(dict.fromkeys(t for piece in self.pieces for t in piece.terms))

    @property
    def words(self) -> list[str]:
        """Distinct surface words of the card."""
        return list(dict.fromkeys(w for piece in self.pieces for w in piece.words))


_SENTENCE_RE = re.compile(r"(?<=[.!?;•])\s+")


def _pieces(article: Mapping[str, Any]) -> list[tuple[int, str]]:
    """The card's text as (field, text) pieces: title, keywords, region, answer sentences."""
    pieces: list[tuple[int, str]] = [(TITLE, str(article.get("title") or ""))]
    pieces += [(KEYWORDS, str(k)) for k in article.get("keywords") or ()]
    if article.get("region"):
        pieces.append((KEYWORDS, str(article["region"])))
    pieces += [(ANSWER, s) for s in _SENTENCE_RE.split(str(article.get("answer") or ""))]
    return pieces


def _expand(offsets: IntArray, rows: IntArray) -> tuple[npt.NDArray[np.int64], IntArray]:
    """Positions in a CSR value array of all the values of some rows, and each row's count."""
    counts = offsets[rows + 1] - offsets[rows]
    ends = np.cumsum(counts, dtype=np.int64)
    shift = np.repeat(offsets[rows].astype(np.int64) - (ends - counts), counts)
    return np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64) + shift, counts


def _csr(rows: Sequence[Sequence[int]]) -> tuple[IntArray, IntArray]:
    """Offsets and flat values of a list of integer rows."""
    offsets = np.zeros(len(rows) + 1, dtype=np.int32)
    np.cumsum([len(r) for r in rows], out=offsets[1:])
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int32, count=int(offsets[-1]))
    return offsets, flat


def _bits(largest: int) -> int:
    return max(int(largest).bit_length(), 1)


class _Ids:
    """Grow-only interning of strings as dense integer ids."""

    def __init__(self) -> None:
        self.of: dict[str, int] = {}
        self.names: list[str] = []

    def ids(self, names: Sequence[str]) -> tuple[int, ...]:
        """Ids of distinct names, interning the new ones."""
        of = self.of
        found = list(map(of.get, names))
        if None in found:
            known = self.names
            for i, k in enumerate(found):
                if k is None:
                    name = names[i]
                    found[i] = of[name] = len(known)
                    known.append(name)
        return tuple(found)  # type: ignore[arg-type]  # every None was replaced


class Analyser:
    """Analysis of card text into terms, cached per distinct sentence, with interned ids."""

    def __init__(self, synonyms: SynonymTable) -> None:
        self.synonyms = synonyms
        # Cards repeat sentences a lot (regional variants, shared keywords): analyse each once.
        self.cache: dict[str, TextTerms] = {}
        self.term_ids = _Ids()
        self.word_ids = _Ids()

    def analyse(self, text: str) -> TextTerms:
        """Terms of one sentence or keyword, cached by its text."""
        cached = self.cache.get(text)
        if cached is not None:
            return cached
        words, stems = words_and_stems(text)
        # Stems, then bigrams, then concepts: one count, keys in that order.
        counted: Counter[str] = Counter(
            stems
            + [f"{BIGRAM}{a} {b}" for a, b in itertools.pairwise(stems)]
            + self.synonyms.concepts_in(stems)
        )
        distinct = tuple(dict.fromkeys(words))
        terms = tuple(counted)
        result = TextTerms(
            terms,
            len(stems),
            distinct,
            self.term_ids.ids(terms),
            tuple(counted.values()),
            self.word_ids.ids(distinct),
        )
        if len(self.cache) > 300_000:
            self.cache.clear()
        self.cache[text] = result
        return result


class InvertedIndex:
    """Postings per term with per-field term frequencies; dense numpy scoring at query time."""

    def __init__(self, synonyms: SynonymTable, analyser: Analyser | None = None) -> None:
        self.synonyms = synonyms
        # Shared by a compacted copy of this index: its cache and ids stay valid.
        self.analyser = analyser if analyser is not None else Analyser(synonyms)
        self.vocabulary = Vocabulary()
        # the words of the synonym table: a typo of a colloquial word or abbreviation the
        # cards never use («маткапиталл») is corrected to it, and the synonym does the rest
        self.synonym_vocabulary = Vocabulary()
        self.synonym_vocabulary.add_counts(dict.fromkeys(synonyms.words, 1))
        self.stem_df: Counter[str] = Counter()
        self.docs: list[IndexedDoc | None] = []
        self.slot_of: dict[str, int] = {}
        # term -> (slots, per-slot title/keywords/answer tf); deleted slots are filtered lazily
        # (int32 slots, float32 triples) as bytearrays: untracked by the cyclic collector.
        self._postings: dict[str, tuple[bytearray, bytearray]] = {}
        # term -> (live slots, BM25F scores), valid for the average field lengths in _avg_used
        self._scores: dict[str, tuple[IntArray, FloatArray, IntArray]] = {}
        self._avg_used = np.ones(3, dtype=np.float32)
        self._size_used = 0
        # Row buffers grown by doubling; the live view is the first len(docs) rows.
        self._lengths = np.zeros((1024, 3), dtype=np.float32)
        self._alive = np.zeros(1024, dtype=bool)
        self._length_sum = np.zeros(3, dtype=np.float64)

    def analyse(self, text: str) -> TextTerms:
        """Terms of one sentence or keyword, cached by its text."""
        return self.analyser.analyse(text)

    @property
    def size(self) -> int:
        """Number of live cards."""
        return len(self.slot_of)

    @property
    def dead(self) -> int:
        """Number of dead rows (deleted or replaced cards) that `compact` would drop."""
        return len(self.docs) - len(self.slot_of)

    @property
    def lengths(self) -> FloatArray:
        """Per-slot field lengths (title, keywords, answer)."""
        return self._lengths[: len(self.docs)]

    @property
    def alive(self) -> npt.NDArray[np.bool_]:
        """Per-slot flag: the card is live (not deleted or replaced)."""
        return self._alive[: len(self.docs)]

    def _grow(self, rows: int = 1) -> None:
        needed = len(self.docs) + rows
        if needed > len(self._alive):
            size = len(self._alive)
            while size < needed:
                size *= 2
            lengths = np.zeros((size, 3), dtype=np.float32)
            lengths[: len(self._lengths)] = self._lengths
            alive = np.zeros(size, dtype=bool)
            alive[: len(self._alive)] = self._alive
            self._lengths, self._alive = lengths, alive

    @property
    def capacity(self) -> int:
        """Number of slots, live or deleted; score vectors have this length."""
        return len(self.docs)

    def add(self, article: Mapping[str, Any]) -> int:
        """Index a card (replacing an earlier version with the same id); returns its slot."""
        doc_id = str(article["id"])
        if doc_id in self.slot_of:
            self.remove(doc_id)
        merged: dict[str, list[float]] = {}
        lengths = np.zeros(3, dtype=np.float32)
        pieces: list[TextTerms] = []
        for field, text in _pieces(article):
            analysed = self.analyse(text)
            pieces.append(analysed)
            for term, tf in zip(analysed.terms, analysed.tfs, strict=True):
                row = merged.get(term)
                if row is None:
                    row = merged[term] = [0.0, 0.0, 0.0]
                row[field] += tf
            lengths[field] += analysed.length
        self._grow()
        slot = len(self.docs)
        doc = IndexedDoc(article, tuple(pieces))
        self.docs.append(doc)
        self.slot_of[doc_id] = slot
        self._lengths[slot] = lengths
        self._alive[slot] = True
        self._length_sum += lengths
        postings, cached = self._postings, self._scores
        slot_bytes = array("i", [slot]).tobytes()
        for term, row in merged.items():
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = (bytearray(), bytearray())
            posting[0].extend(slot_bytes)
            posting[1].extend(array("f", row).tobytes())
            if cached:
                cached.pop(term, None)
        self.vocabulary.add(doc.words)
        self.stem_df.update(iter(merged))
        return slot

    def add_many(self, articles: Sequence[Mapping[str, Any]]) -> list[int]:
        """Index many cards at once: the same index as `add` one by one, built in bulk.

        Each distinct sentence is analysed once; postings, document frequencies and the
        vocabulary are counted with numpy over (term, slot) pairs instead of per card.
        Returns the slot of each card, in order (an id repeated in the batch leaves the
        earlier slots dead, as repeated `add` calls would).
        """
        # Millions of small objects and no cycles: the cyclic collector would only rescan
        # them (a third of the build time), so it waits until the batch is in; then they are
        # frozen out of its generations, else the first young collection after the build
        # would scan them all (a pause of some 200 ms for 30,000 cards).
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._add_many(articles)
        finally:
            heap.settle()
            if enabled:
                gc.enable()

    def _add_many(self, articles: Sequence[Mapping[str, Any]]) -> list[int]:
        last = {str(a["id"]): i for i, a in enumerate(articles)}
        for doc_id in last:
            self.remove(doc_id)
        base, n = len(self.docs), len(articles)
        self._grow(n)
        cache, analyse = self.analyser.cache, self.analyser.analyse
        texts: dict[int, int] = {}  # id(TextTerms) -> its number in `distinct`
        distinct: list[TextTerms] = []
        occurrences = array("i")  # text number << 2 | field, for every piece of every live card
        counts = array("i")  # pieces per card
        docs: list[IndexedDoc | None] = []
        dead_lengths: dict[int, list[int]] = {}
        for i, article in enumerate(articles):
            pause_point()
            pieces = []
            if last[str(article["id"])] != i:  # replaced later in the same batch
                row = [0, 0, 0]
                for field, text in _pieces(article):
                    row[field] += analyse(text).length
                dead_lengths[i] = row
                docs.append(None)
                counts.append(0)
                continue
            for field, text in _pieces(article):
                analysed = cache.get(text) or analyse(text)
                pieces.append(analysed)
                k = texts.get(id(analysed))
                if k is None:
                    k = texts[id(analysed)] = len(distinct)
                    distinct.append(analysed)
                occurrences.append(k << 2 | field)
            docs.append(IndexedDoc(article, tuple(pieces)))
            counts.append(len(pieces))
        coded = np.frombuffer(occurrences, dtype=np.int32)
        rows, fields = coded >> 2, coded & 3
        local = np.repeat(np.arange(n, dtype=np.int64), np.frombuffer(counts, dtype=np.int32))
        text_lengths = np.array([t.length for t in distinct], dtype=np.float64)
        lengths = np.bincount(local * 3 + fields, weights=text_lengths[rows], minlength=3 * n)
        lengths = lengths.reshape(n, 3)
        for i, row in dead_lengths.items():
            lengths[i] = row
        slots = local + base
        span = base + n
        if len(rows):
            self._add_postings(distinct, rows, slots, fields, span)
            self._add_words(distinct, rows, slots, span)
        for i, doc in enumerate(docs):
            self.docs.append(doc)
            if doc is not None:
                self.slot_of[str(doc.article["id"])] = base + i
        live = np.array([doc is not None for doc in docs], dtype=bool)
        self._lengths[base:span] = lengths
        self._alive[base:span] = live
        self._length_sum += lengths[live].sum(axis=0)
        self._scores.clear()
        return list(range(base, span))

    def _add_postings(
        self,
        texts: list[TextTerms],
        rows: IntArray,
        slots: npt.NDArray[np.int64],
        fields: IntArray,
        span: int,
    ) -> None:
        offsets, flat_terms = _csr([text.term_ids for text in texts])
        _, flat_tf = _csr([text.tfs for text in texts])
        at, counts = _expand(offsets, rows)
        terms, tf = flat_terms[at], flat_tf[at]
        # One int64 per (term, slot, field, tf), sorted by value: far faster than an argsort.
        tf_bits, slot_bits = _bits(int(tf.max())), _bits(span)
        if _bits(len(self.analyser.term_ids.names)) + slot_bits + 2 + tf_bits > 62:
            raise OverflowError("index too large for packed postings keys")
        keys = terms.astype(np.int64) << slot_bits
        keys |= np.repeat(slots, counts)
        keys <<= 2
        keys |= np.repeat(fields, counts)
        keys <<= tf_bits
        keys |= tf
        keys.sort()
        pairs = keys >> (2 + tf_bits)
        first = np.empty(len(pairs), dtype=bool)
        first[0] = True
        np.not_equal(pairs[1:], pairs[:-1], out=first[1:])
        group = np.cumsum(first) - 1
        cells = group * 3 + ((keys >> tf_bits) & 3)
        weights = (keys & ((1 << tf_bits) - 1)).astype(np.float64)
        tf3 = np.bincount(cells, weights=weights, minlength=3 * int(group[-1] + 1))
        tf3 = tf3.astype(np.float32)
        pairs = pairs[first]
        term_of = pairs >> slot_bits
        slot_of = (pairs & ((1 << slot_bits) - 1)).astype(np.int32)
        df = np.bincount(term_of, minlength=len(self.analyser.term_ids.names))
        present = np.flatnonzero(df)
        bounds = np.zeros(len(present) + 1, dtype=np.int64)
        np.cumsum(df[present], out=bounds[1:])
        slot_bytes, tf_bytes = memoryview(slot_of.tobytes()), memoryview(tf3.tobytes())
        postings, names, cuts = self._postings, self.analyser.term_ids.names, bounds.tolist()
        counted = df[present].tolist()
        for k, term_id in enumerate(present.tolist()):
            pause_point()
            start, end = cuts[k], cuts[k + 1]
            term = names[term_id]
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = (bytearray(), bytearray())
            posting[0].extend(slot_bytes[4 * start : 4 * end])
            posting[1].extend(tf_bytes[12 * start : 12 * end])
        self.stem_df.update(dict(zip([names[k] for k in present.tolist()], counted, strict=True)))

    def _add_words(
        self, texts: list[TextTerms], rows: IntArray, slots: npt.NDArray[np.int64], span: int
    ) -> None:
        offsets, flat = _csr([text.word_ids for text in texts])
        at, counts = _expand(offsets, rows)
        slot_bits = _bits(span)
        keys = flat[at].astype(np.int64) << slot_bits
        keys |= np.repeat(slots, counts)
        keys.sort()  # np.unique hashes in numpy 2.x: much slower than sorting int64 values
        first = np.empty(len(keys), dtype=bool)
        first[0] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        df = np.bincount(keys[first] >> slot_bits)
        present = np.flatnonzero(df)
        names = self.analyser.word_ids.names
        found = [names[k] for k in present.tolist()]
        self.vocabulary.add_counts(dict(zip(found, df[present].tolist(), strict=True)))

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
        if self.size != self._size_used or not np.array_equal(avg, self._avg_used):
            # Scores are a function of the live cards alone (idf of the card count, BM25 of
            # the average lengths): after a delta every cached score is dropped, so an index
            # fed by deltas ranks exactly as one built afresh. Deltas are rare; the first
            # search after one rescores its terms (well under a millisecond each).
            self._scores.clear()
            self._avg_used = avg
            self._size_used = self.size
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
        weighted = (tfs / norm) * FIELD_WEIGHTS
        # Summed field by field (not a BLAS product): each card's score is computed the same
        # way wherever its row sits, so it is bit-identical across builds and deltas.
        tf = weighted[:, TITLE] + weighted[:, KEYWORDS] + weighted[:, ANSWER]
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
