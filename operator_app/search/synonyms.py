"""Synonym and abbreviation groups (content-manager data) and their phrase matcher."""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from operator_app.search.analysis import content_stems, fold, tokenize

log = logging.getLogger("search")

# Words of an official region name that say nothing about which region it is.
_GENERIC_REGION_WORDS = frozenset(
    ["республика", "область", "край", "автономный", "автономная", "округ", "город"]
)


@dataclass(frozen=True, slots=True)
class Match:
    """A synonym phrase found in a stem sequence: tokens [start, end) and its concept."""

    start: int
    end: int
    concept: str


@dataclass(slots=True)
class SynonymTable:
    """Equivalence groups of terms; each group is one concept token in the index."""

    # first stem -> phrases (as stem tuples) starting with it, longest first
    _by_first: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    concept_region: dict[str, str] = field(default_factory=dict)
    concept_terms: dict[str, list[str]] = field(default_factory=dict)
    concept_phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    max_len: int = 1
    words: set[str] = field(default_factory=set)
    # The same phrases split for indexing: one-word phrases by stem, longer ones by first stem.
    _single: dict[str, list[str]] = field(default_factory=dict)
    _multi: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)

    def add_group(self, concept: str, terms: Iterable[str], region: str | None = None) -> None:
        """Add a group; a phrase already owned by an earlier group keeps its first owner."""
        kept: list[str] = []
        for term in terms:
            stems = tuple(content_stems(term))
            if not stems:
                continue
            bucket = self._by_first.setdefault(stems[0], [])
            if any(phrase == stems for phrase, _ in bucket):
                continue
            bucket.append((stems, concept))
            bucket.sort(key=lambda item: -len(item[0]))
            if len(stems) == 1:
                self._single.setdefault(stems[0], []).append(concept)
            else:
                self._multi.setdefault(stems[0], []).append((stems, concept))
            self.max_len = max(self.max_len, len(stems))
            self.words.update(t.text for t in tokenize(term))
            self.concept_phrases.setdefault(concept, []).append(stems)
            kept.append(term)
        if kept:
            self.concept_terms[concept] = kept
            if region is not None:
                self.concept_region[concept] = region

    def match(self, positions: Sequence[Collection[str]]) -> list[Match]:
        """Leftmost-longest, non-overlapping phrase matches; each position may hold variants."""
        found: list[Match] = []
        i = 0
        n = len(positions)
        while i < n:
            best: Match | None = None
            for first in positions[i]:
                for phrase, concept in self._by_first.get(first, ()):
                    size = len(phrase)
                    if best is not None and size <= best.end - best.start:
                        break
                    if i + size <= n and all(phrase[k] in positions[i + k] for k in range(1, size)):
                        best = Match(i, i + size, concept)
                        break
            if best is None:
                i += 1
            else:
                found.append(best)
                i = best.end
        return found

    def concepts_in(self, stems: Sequence[str]) -> list[str]:
        """Concepts of all phrases in a plain stem sequence, overlapping ones too.

        The same matches as `match_all` over one variant per position (grouped: one-word
        phrases first), without `Match` objects: this runs once per distinct indexed sentence.
        """
        single, multi = self._single, self._multi
        found = [c for s in stems if s in single for c in single[s]]
        if multi.keys().isdisjoint(stems):
            return found
        n = len(stems)
        for i in [i for i, s in enumerate(stems) if s in multi]:
            for phrase, concept in multi[stems[i]]:
                size = len(phrase)
                if i + size <= n and tuple(stems[i : i + size]) == phrase:
                    found.append(concept)
        return found

    def match_all(self, positions: Sequence[Collection[str]]) -> list[Match]:
        """All phrase matches, overlapping ones too (for indexing documents generously)."""
        found: list[Match] = []
        for i in range(len(positions)):
            for first in positions[i]:
                for phrase, concept in self._by_first.get(first, ()):
                    size = len(phrase)
                    if i + size <= len(positions) and all(
                        phrase[k] in positions[i + k] for k in range(1, size)
                    ):
                        found.append(Match(i, i + size, concept))
        return found


def region_aliases(name: str, capital: str | None) -> list[str]:
    """The official name, its distinctive words and the capital city of a region."""
    aliases = [name]
    for part in name.replace("(", "—").replace(")", "").split("—"):
        words = [w for w in part.split() if fold(w) not in _GENERIC_REGION_WORDS]
        if words:
            aliases.append(" ".join(words))
    if capital:
        aliases.append(capital)
    return aliases


def build_table(data: Mapping[str, Any], regions: Sequence[Mapping[str, Any]] = ()) -> SynonymTable:
    """Build the table from synonyms.json content plus the official region list."""
    table = SynonymTable()
    # Hand-written region aliases first, so «московский» means Москва, not Московская область.
    for n, (region, terms) in enumerate(data.get("regions", {}).items()):
        table.add_group(f"~r{n}", [region, *terms], region=region)
    for n, region in enumerate(regions):
        name = str(region["name_ru"])
        cities = region.get("cities_ru") or []
        concept = next((c for c, r in table.concept_region.items() if r == name), f"~R{n}")
        table.add_group(concept, region_aliases(name, cities[0] if cities else None), region=name)
    for n, group in enumerate(data.get("groups", [])):
        table.add_group(f"~g{n}", group["terms"])
    return table


def _resource_text(*parts: str) -> str:
    try:
        return files("ekc_resources").joinpath(*parts).read_text(encoding="utf-8")
    except ModuleNotFoundError:
        # Running from a checkout where `ekc_resources` is not installed yet.
        root = Path(__file__).resolve().parents[2] / "resources"
        return root.joinpath(*parts).read_text(encoding="utf-8")


def load_default_table() -> SynonymTable:
    """The shipped synonym groups and the 85 regions."""
    data = json.loads(_resource_text("search", "synonyms.json"))
    try:
        regions = json.loads(_resource_text("regions.json"))["regions"]
    except FileNotFoundError:
        log.warning("regions.json not found; region aliases limited to synonyms.json")
        regions = []
    return build_table(data, regions)
