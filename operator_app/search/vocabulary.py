"""Corpus vocabulary for typo correction and completion of the word being typed."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_TYPO_LEN = 5  # one edit from 5 letters
LONG_TYPO_LEN = 9  # two edits from 9 letters
MIN_PREFIX_LEN = 3
MAX_COMPLETIONS = 8


def max_edits(word: str) -> int:
    """Edits tolerated in a word of this length: 0 below 5 letters, 1 from 5, 2 from 9."""
    if len(word) >= LONG_TYPO_LEN:
        return 2
    if len(word) >= MIN_TYPO_LEN:
        return 1
    return 0


class Vocabulary:
    """Document frequencies of surface words; answers near-miss and prefix questions."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self._sorted: list[str] = []
        self._by_len: dict[int, list[str]] = {}
        self._dirty = False
        self._cache: dict[str, list[tuple[str, int]]] = {}

    def add(self, words: Iterable[str]) -> None:
        """Count the distinct words of one document."""
        for word in set(words):
            if self.df[word] == 0:
                self._dirty = True
            self.df[word] += 1
        self._cache.clear()  # corrections are ordered by document frequency

    def add_counts(self, counts: Mapping[str, int]) -> None:
        """Count many documents at once: word -> number of documents holding it."""
        if counts:
            self.df.update(counts)
            self._dirty = True
            self._cache.clear()

    def remove(self, words: Iterable[str]) -> None:
        """Uncount the distinct words of a document being replaced or deleted."""
        for word in set(words):
            self.df[word] -= 1
            if self.df[word] <= 0:
                del self.df[word]
                self._dirty = True
        self._cache.clear()

    def __contains__(self, word: object) -> bool:
        return word in self.df

    def _refresh(self) -> None:
        if not self._dirty:
            return
        self._sorted = sorted(self.df)
        self._by_len = {}
        for word in self._sorted:
            self._by_len.setdefault(len(word), []).append(word)
        self._cache.clear()
        self._dirty = False

    def corrections(self, word: str) -> list[tuple[str, int]]:
        """Known words at the smallest edit distance within the word's limit, commonest first."""
        limit = max_edits(word)
        if limit == 0 or word.isdigit():
            return []
        self._refresh()
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        choices: list[str] = []
        for size in range(len(word) - limit, len(word) + limit + 1):
            choices.extend(self._by_len.get(size, ()))
        found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
        result: list[tuple[str, int]] = []
        if found:
            best = min(int(score) for _, score, _ in found)
            near = [(choice, int(score)) for choice, score, _ in found if score == best]
            near.sort(key=lambda item: -self.df[item[0]])
            result = near[:4]
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[word] = result
        return result

    def completions(self, prefix: str) -> list[str]:
        """Commonest known words starting with a prefix of 3+ letters (the word being typed)."""
        if len(prefix) < MIN_PREFIX_LEN:
            return []
        self._refresh()
        start = bisect.bisect_left(self._sorted, prefix)
        end = bisect.bisect_left(self._sorted, prefix + "\uffff")
        words = self._sorted[start:end]
        if len(words) > MAX_COMPLETIONS:
            words = sorted(words, key=lambda w: -self.df[w])[:MAX_COMPLETIONS]
        return words
