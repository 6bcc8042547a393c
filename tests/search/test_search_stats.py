"""Zero-result and low-confidence counting, with personal data dropped first."""

from __future__ import annotations

import pytest

from operator_app.search.search_stats import SearchStats, StatRow, scrub


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("снилс 123-456-789 01 не найден", "снилс не найден"),
        ("пишите на ivan.petrov@mail.ru про пенсию", "пишите на про пенсию"),
        ("звонок с +7 (912) 345-67-89", "звонок с"),
        ("паспорт 4510 123456 утерян", "паспорт утерян"),
        ("пенсия после 80 лет", "пенсия после 80 лет"),
    ],
)
def test_scrub_drops_personal_data(query: str, expected: str) -> None:
    assert scrub(query) == expected


def test_counts_only_weak_searches_and_drains_in_batches() -> None:
    stats = SearchStats()
    stats.record("Маткапитал на козу", "none")
    stats.record("маткапитал на козу", "none")
    stats.record("пенсия 1234567", "low")
    stats.record("пенсия", "high")
    stats.record("12345678", "none")  # nothing left after scrubbing
    batches = list(stats.drain(batch_size=1))
    assert batches == [[StatRow("маткапитал на козу", 2, 0)], [StatRow("пенсия", 0, 1)]]
    assert len(stats) == 0
