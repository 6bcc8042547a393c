"""Search behaviour over small hand-made corpora and the 386-card demo corpus."""

from __future__ import annotations

from typing import Any

import pytest

from operator_app.search.engine import SearchEngine
from operator_app.search.synonyms import build_table
from tests.search.conftest import card


def ids(engine: SearchEngine, query: str, **kwargs: Any) -> list[str]:
    return [hit.id for hit in engine.search(query, **kwargs).hits]


@pytest.fixture
def small() -> SearchEngine:
    return SearchEngine.from_articles(
        [
            card("A", "Кто получает пособие на ребёнка?", "Пособие назначает фонд."),
            card("B", "Как рассчитывается пенсия по старости?", "Пенсия зависит от стажа."),
            card("C", "Субсидия на оплату ЖКУ", "Субсидию назначает соцзащита.", agency="ОСЗН"),
            card("D", "Материнский капитал: как получить сертификат", "Сертификат выдаёт фонд."),
            card("E", "Пособие по беременности и родам", "Выплачивает работодатель."),
            card("F", "Как проверить стаж", "Выписка из лицевого счёта."),
        ]
    )


@pytest.mark.parametrize("query", ["пособия на детей", "пособие на ребёнка", "детское пособие"])
def test_morphology_phrasings_meet(small: SearchEngine, query: str) -> None:
    assert ids(small, query)[0] == "A"


def test_yo_and_ye_are_the_same_letter(small: SearchEngine) -> None:
    assert ids(small, "пособие на ребенка") == ids(small, "пособие на ребёнка")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("маткапитал", "D"), ("декретные", "E"), ("коммуналка субсидия", "C")],
)
def test_synonyms_from_the_data_file(small: SearchEngine, query: str, expected: str) -> None:
    assert ids(small, query)[0] == expected


def test_content_managers_synonym_groups_take_effect_without_code() -> None:
    table = build_table({"groups": [{"terms": ["гвоздика", "красный цветок"]}]})
    engine = SearchEngine.from_articles(
        [card("X", "Красный цветок"), card("Y", "Синий цветок")], table
    )
    assert ids(engine, "гвоздика") == ["X"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("субсидя на жку", "C"),
        ("маткапиталл", "D"),  # not in the synonym table: the typo path finds it
        ("пособе на ребенка", "A"),
        ("сертификад", "D"),
        ("беремености", "E"),
    ],
)
def test_one_typo_in_words_of_five_letters(small: SearchEngine, query: str, expected: str) -> None:
    assert ids(small, query + " ")[0] == expected


def test_two_typos_in_long_words() -> None:
    engine = SearchEngine.from_articles([card("K", "Компенсация расходов"), card("L", "Пенсия")])
    assert ids(engine, "кампенсацея ")[:1] == ["K"]


def test_no_correction_beyond_the_limits(small: SearchEngine) -> None:
    assert ids(small, "сташ ") == []  # 4 letters: a typo is not corrected
    assert ids(small, "сбсидя ") == []  # 6 letters, 2 edits


def test_wrong_keyboard_layout(small: SearchEngine) -> None:
    assert ids(small, "vfnrfgbnfk")[0] == "D"


def test_prefix_of_the_word_being_typed(small: SearchEngine) -> None:
    assert ids(small, "субси")[0] == "C"
    assert ids(small, "субси ") == []  # the operator moved on: no completion


def test_title_over_keywords_over_answer() -> None:
    engine = SearchEngine.from_articles(
        [
            card("ANSWER", "Первый вопрос", "Про гвоздику и прочее.", keywords=["прочее"]),
            card("KEYWORD", "Второй вопрос", "Про прочее и другое.", keywords=["гвоздика"]),
            card("TITLE", "Гвоздика", "Про прочее и другое.", keywords=["прочее"]),
        ]
    )
    assert ids(engine, "гвоздика ") == ["TITLE", "KEYWORD", "ANSWER"]


@pytest.fixture
def regional() -> SearchEngine:
    return SearchEngine.from_articles(
        [
            card("FED", "Социальный контракт: кто может получить", agency="ОСЗН"),
            card("TVER", "Социальный контракт (Тверская область)", region="Тверская область"),
            card("OMSK", "Социальный контракт (Омская область)", region="Омская область"),
        ]
    )


def test_federal_card_first_without_a_region(regional: SearchEngine) -> None:
    assert ids(regional, "социальный контракт")[0] == "FED"


def test_contact_region_variant_first(regional: SearchEngine) -> None:
    found = ids(regional, "социальный контракт", region="Тверская область")
    assert found == ["TVER", "FED", "OMSK"]  # other regions demoted, still findable


def test_region_named_in_the_query_wins(regional: SearchEngine) -> None:
    assert ids(regional, "соцконтракт омск", region="Тверская область")[0] == "OMSK"


def test_filters(small: SearchEngine) -> None:
    assert ids(small, "субсидия", agency="СФР") == []
    assert ids(small, "субсидия", agency="ОСЗН") == ["C"]
    assert ids(small, "пенсия", category="Пенсии")[0] == "B"
    assert ids(small, "пенсия", line=2) == []


def test_highlights_mark_matched_title_words(small: SearchEngine) -> None:
    hit = small.search("материнский капитал").hits[0]
    assert [hit.title[a:b] for a, b in hit.highlights] == ["Материнский", "капитал"]
    snippet = small.search("сертификат ").hits[0].snippet
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["Сертификат"]


def test_upsert_and_delete(small: SearchEngine) -> None:
    small.upsert(card("C", "Субсидия на капремонт", agency="ОСЗН"))
    assert ids(small, "жку ") == []
    assert ids(small, "капремонт")[0] == "C"
    small.delete("C")
    assert "C" not in ids(small, "субсидия капремонт")
    small.delete("C")  # a repeated delta is harmless
    assert len(small) == 5


def test_confidence(small: SearchEngine) -> None:
    assert small.search("материнский капитал").confidence == "high"
    assert small.search("жираф").confidence == "none"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("маткапитал на ипотеку", "KB-0073"),
        ("декретные когда придут", "KB-0111"),
        ("пенсионный фонд кодовое слово", "KB-0188"),
    ],
)
def test_demo_corpus(demo_engine: SearchEngine, query: str, expected: str) -> None:
    assert expected in ids(demo_engine, query, limit=5)


def test_wrong_layout_on_the_demo_corpus(demo_engine: SearchEngine) -> None:
    hits = demo_engine.search("vfnrfgbnfk").hits
    assert hits
    assert all(hit.category == "Материнский капитал" for hit in hits[:5])


def test_search_package_has_no_qt() -> None:
    from pathlib import Path

    import operator_app.search as package

    for source in Path(package.__file__).parent.glob("*.py"):
        assert "PySide" not in source.read_text("utf-8"), source
