"""Russian analysis: folding, stems, layout conversion, edit limits of the vocabulary."""

from __future__ import annotations

from operator_app.search.analysis import fold, from_latin_layout, stem, tokenize
from operator_app.search.vocabulary import Vocabulary, max_edits


def test_yo_folds_to_ye_and_keeps_spans() -> None:
    text = "Ребёнок и ЁЛКА"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["ребенок", "и", "елка"]
    assert [text[t.start : t.end] for t in tokens] == ["Ребёнок", "и", "ЁЛКА"]
    assert fold("ёжик") == "ежик"


def test_inflected_forms_share_a_stem() -> None:
    assert stem("пособия") == stem("пособие") == stem("пособиями")
    assert stem("пенсии") == stem("пенсию")


def test_latin_layout_reads_as_cyrillic_keys() -> None:
    assert from_latin_layout("vfnrfgbnfk") == "маткапитал"
    assert from_latin_layout("gjcj,bt") == "пособие"


def test_edit_limits_by_word_length() -> None:
    assert [max_edits("стаж"), max_edits("пенсия"), max_edits("компенсация")] == [0, 1, 2]


def test_vocabulary_corrects_within_limits_only() -> None:
    vocabulary = Vocabulary()
    vocabulary.add(["субсидия", "стаж", "компенсация"])
    assert vocabulary.corrections("субсидя") == [("субсидия", 1)]
    assert vocabulary.corrections("сбсидя") == []  # 6 letters, 2 edits: too far
    assert vocabulary.corrections("кампенсацея") == [("компенсация", 2)]
    assert vocabulary.corrections("сташ") == []  # 4 letters: never corrected


def test_completions_prefer_common_words() -> None:
    vocabulary = Vocabulary()
    for _ in range(3):
        vocabulary.add(["маткапитал"])
    vocabulary.add(["матрас"])
    assert vocabulary.completions("мат")[0] == "маткапитал"
    assert vocabulary.completions("ма") == []
