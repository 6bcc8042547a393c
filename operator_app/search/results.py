"""Search results: hits with highlighted title words and an answer snippet."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from operator_app.search.analysis import STOP_WORDS, TOKEN_RE, fold, stem
from operator_app.search.synonyms import SynonymTable

Confidence = Literal["none", "low", "high"]
Span = tuple[int, int]

SNIPPET_CHARS = 220
_SENTENCE_RE = re.compile(r"[^.!?•\n]+[.!?]?")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A short piece of the answer with spans of matched words inside it."""

    text: str
    highlights: list[Span] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Hit:
    """One card found, with what the results list shows."""

    id: str
    score: float
    title: str
    agency: str
    category: str
    line: int
    region: str | None
    requires_verification: bool
    highlights: list[Span]
    snippet: Snippet
    #: the whole card as indexed, so showing it needs no disk read on the UI thread
    article: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits best first, how sure the search is, and how long it took."""

    hits: list[Hit]
    confidence: Confidence
    elapsed_ms: float


class Highlighter:
    """Finds the words of a text that the query matched, by stem or by synonym phrase."""

    def __init__(
        self, stems: Collection[str], concepts: Collection[str], synonyms: SynonymTable
    ) -> None:
        self.stems = set(stems)
        # Only the query's own synonym phrases are looked for, keyed by their first stem.
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for concept in concepts:
            for phrase in synonyms.concept_phrases.get(concept, ()):
                self.phrases.setdefault(phrase[0], []).append(phrase)

    def spans(self, text: str) -> list[Span]:
        """Character spans of matched words, in order."""
        words = [
            (stem(m.group()), m.start(), m.end())
            for m in TOKEN_RE.finditer(fold(text))
            if m.group() not in STOP_WORDS
        ]
        marked: set[int] = set()
        for i, (word_stem, _, _) in enumerate(words):
            if word_stem in self.stems:
                marked.add(i)
            for phrase in self.phrases.get(word_stem, ()):
                end = i + len(phrase)
                if end <= len(words) and all(
                    words[i + k][0] == phrase[k] for k in range(1, len(phrase))
                ):
                    marked.update(range(i, end))
        return [(words[i][1], words[i][2]) for i in sorted(marked)]

    def snippet(self, answer: str) -> Snippet:
        """The answer sentence with most matched words, cut to a readable length."""
        spans = self.spans(answer)
        best: tuple[int, int, int] | None = None  # (matches, start, end)
        for m in _SENTENCE_RE.finditer(answer):
            if not m.group().strip():
                continue
            count = sum(1 for a, _ in spans if m.start() <= a < m.end())
            if best is None or count > best[0]:
                best = (count, m.start(), m.end())
        if best is None:
            return Snippet("")
        _, s_start, s_end = best
        # Trim the sentence's leading whitespace and keep at most SNIPPET_CHARS around matches.
        while s_start < s_end and answer[s_start].isspace():
            s_start += 1
        inside = [(a, b) for a, b in spans if s_start <= a and b <= s_end]
        start, prefix = s_start, ""
        if s_end - s_start > SNIPPET_CHARS and inside and inside[0][0] - s_start > 60:
            start = answer.rfind(" ", s_start, inside[0][0] - 40) + 1 or s_start
            prefix = "…"
        end, suffix = min(s_end, start + SNIPPET_CHARS), ""
        if end < s_end:
            end = answer.rfind(" ", start, end) if " " in answer[start:end] else end
            suffix = "…"
        text = prefix + answer[start:end].rstrip() + suffix
        shift = len(prefix) - start
        kept = [(a + shift, b + shift) for a, b in inside if a >= start and b <= end]
        return Snippet(text, kept)


def make_hit(article: Mapping[str, Any], score: float, highlighter: Highlighter) -> Hit:
    """A hit for one card."""
    title = str(article.get("title") or "")
    region = article.get("region")
    return Hit(
        id=str(article["id"]),
        score=round(score, 4),
        title=title,
        agency=str(article.get("agency") or ""),
        category=str(article.get("category") or ""),
        line=int(article.get("line") or 1),
        region=str(region) if region else None,
        requires_verification=bool(article.get("requires_verification")),
        highlights=highlighter.spans(title),
        snippet=highlighter.snippet(str(article.get("answer") or "")),
        article=article,
    )
