"""Turns what the operator typed into weighted query slots: variants of each word or phrase."""

from __future__ import annotations

from dataclasses import dataclass, field

from operator_app.search.analysis import (
    LATIN_RUN_RE,
    fold,
    from_latin_layout,
    is_latin_word,
    stem,
    tokenize,
)
from operator_app.search.index import InvertedIndex

# How much a variant counts against the word as typed.
TYPO_WEIGHT = {1: 0.85, 2: 0.7}
COMPLETION_WEIGHT = 0.8
CONCEPT_WEIGHT = 1.0


@dataclass(slots=True)
class Position:
    """One content word of the query and the stems it may stand for, with weights."""

    word: str
    variants: dict[str, float]


@dataclass(slots=True)
class Slot:
    """A unit of query meaning: one word, or a synonym phrase spanning several words."""

    positions: list[Position]
    concept: str | None = None
    region: str | None = None
    alternatives: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class ParsedQuery:
    """Slots to score, plus the region the query itself names, if any."""

    text: str
    slots: list[Slot]
    region: str | None


def _is_known(index: InvertedIndex, word: str) -> bool:
    return word in index.vocabulary or index.stem_df[stem(word)] > 0 or word in index.synonyms.words


def fix_layout(query: str, index: InvertedIndex) -> str:
    """Re-type runs keyed in the Latin layout (`vfnrfgbnfk`) when the Cyrillic reading is known."""

    def convert(match: object) -> str:
        run: str = match.group()  # type: ignore[attr-defined]
        folded = fold(run)
        if is_latin_word(folded) and folded in index.vocabulary:
            return run
        cyrillic = from_latin_layout(folded)
        words = [t.text for t in tokenize(cyrillic)]
        if words and all(_is_known(index, w) or index.vocabulary.corrections(w) for w in words):
            return cyrillic
        return run

    return LATIN_RUN_RE.sub(convert, query)


def _variants(index: InvertedIndex, word: str, typing: bool) -> dict[str, float]:
    variants: dict[str, float] = {}
    own = stem(word)
    if _is_known(index, word) or word.isdigit():
        variants[own] = 1.0
    else:
        candidates = index.vocabulary.corrections(word)
        if not candidates:
            candidates = index.synonym_vocabulary.corrections(word)
        for candidate, distance in candidates:
            s = stem(candidate)
            variants[s] = max(variants.get(s, 0.0), TYPO_WEIGHT[distance])
        if not variants:
            variants[own] = 1.0
    if typing:
        for completion in index.vocabulary.completions(word):
            s = stem(completion)
            variants.setdefault(s, COMPLETION_WEIGHT)
    return variants


def parse(query: str, index: InvertedIndex) -> ParsedQuery:
    """Analyse a query: layout, typos, the word being typed, synonym phrases, named region."""
    text = fix_layout(query, index)
    tokens = [t for t in tokenize(text) if not t.is_stop]
    # The last word is still being typed unless the operator has moved past it.
    typing = bool(text) and text[-1].isalnum()
    positions = [
        Position(t.text, _variants(index, t.text, typing and i == len(tokens) - 1))
        for i, t in enumerate(tokens)
    ]
    # Each position's variants in their insertion order (the word itself, corrections
    # commonest first, then completions): a dict, so phrase matching never depends on the
    # hash seed, as iterating a set would.
    matches = {m.start: m for m in index.synonyms.match([p.variants for p in positions])}
    slots: list[Slot] = []
    region: str | None = None
    i = 0
    while i < len(positions):
        m = matches.get(i)
        if m is None:
            slots.append(Slot([positions[i]], alternatives=dict(positions[i].variants)))
            i += 1
            continue
        slot = Slot(positions[m.start : m.end], concept=m.concept)
        slot.region = index.synonyms.concept_region.get(m.concept)
        if slot.region is not None and region is None:
            region = slot.region
        if m.end - m.start == 1:
            slot.alternatives = dict(positions[i].variants)
        slot.alternatives[m.concept] = CONCEPT_WEIGHT
        slots.append(slot)
        i = m.end
    return ParsedQuery(text, slots, region)
