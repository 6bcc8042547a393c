"""Expert-system search: Russian analysis, synonyms, typo tolerance and ranking (no Qt)."""

from __future__ import annotations

from operator_app.search.engine import SearchEngine
from operator_app.search.results import Hit, SearchResult, Snippet
from operator_app.search.search_stats import SearchStats, StatRow, scrub

__all__ = ["Hit", "SearchEngine", "SearchResult", "SearchStats", "Snippet", "StatRow", "scrub"]
