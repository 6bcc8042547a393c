"""Russian text analysis for expert-system search: tokens, stems, stop words, layout fix."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

# Letters and digits; ё is folded to е before matching, so one class covers both.
TOKEN_RE = re.compile(r"[0-9a-zа-яё]+")

# Pure function words only. Question words (когда, сколько, где) and «не» stay searchable:
# «не пришла пенсия» and «когда придёт пенсия» are different cards, and BM25 idf already
# makes frequent words cheap.
STOP_WORDS: frozenset[str] = frozenset(
    [
        "а",
        "без",
        "бы",
        "в",
        "во",
        "вот",
        "всё",
        "все",
        "да",
        "для",
        "до",
        "если",
        "же",
        "за",
        "и",
        "из",
        "или",
        "к",
        "как",
        "ко",
        "ли",
        "либо",
        "мне",
        "меня",
        "мой",
        "моя",
        "мое",
        "моё",
        "мои",
        "моего",
        "моей",
        "моих",
        "мы",
        "на",
        "над",
        "нас",
        "наш",
        "о",
        "об",
        "от",
        "по",
        "под",
        "при",
        "про",
        "с",
        "со",
        "так",
        "также",
        "то",
        "тот",
        "у",
        "уже",
        "чем",
        "что",
        "чтобы",
        "это",
        "этот",
        "эта",
        "эти",
        "я",
        "вы",
        "вас",
        "ваш",
        "он",
        "она",
        "они",
        "оно",
        "его",
        "ее",
        "её",
        "их",
        "им",
        "ей",
        "ему",
        "был",
        "была",
        "были",
        "быть",
        "есть",
        "ещё",
        "еще",
        "тоже",
        "который",
        "которая",
        "которые",
        "кто",
        "нам",
        "вам",
        "себе",
        "свой",
        "своя",
        "свои",
        "ну",
        "вообще",
        "просто",
        "там",
        "тут",
        "здесь",
        "ведь",
        "очень",
        "какой",
        "какая",
        "какое",
        "какие",
        "каких",
        "каким",
        "какую",
        "каком",
    ]
)

_QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
_JCUKEN = "йцукенгшщзхъфывапролджэячсмитьбюё"
_LAYOUT = str.maketrans(
    {
        **{q.upper(): j.upper() for q, j in zip(_QWERTY, _JCUKEN, strict=True) if q.isalpha()},
        **dict(zip(_QWERTY, _JCUKEN, strict=True)),
    }
)
# A run of keys typed in the Latin layout; punctuation keys map to ж э б ю х ъ.
LATIN_RUN_RE = re.compile(r"[a-z\[\];',.`]*[a-z][a-z\[\];',.`]*", re.IGNORECASE)

_stemmer = Stemmer.Stemmer("russian")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: its folded form, stem and character span in the original."""

    text: str
    stem: str
    start: int
    end: int

    @property
    def is_stop(self) -> bool:
        """Whether the word is a function word ignored by ranking."""
        return self.text in STOP_WORDS


def fold(text: str) -> str:
    """Lowercase and fold ё to е; keeps the length so spans stay valid."""
    return text.lower().replace("ё", "е")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball Russian stem of a folded word (Latin and digits pass through)."""
    if word.isdigit() or not any("а" <= ch <= "я" for ch in word):
        return word
    result: str = _stemmer.stemWord(word)
    return result


def tokenize(text: str) -> list[Token]:
    """Split text into folded word tokens with stems and spans in the original string."""
    folded = fold(text)
    return [
        Token(m.group(), stem(m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(folded)
    ]


def words_and_stems(text: str) -> tuple[list[str], list[str]]:
    """All folded words of a text, and the stems of its non-stop words (no spans: indexing)."""
    words: list[str] = TOKEN_RE.findall(fold(text))
    return words, [stem(w) for w in words if w not in STOP_WORDS]


def content_stems(text: str) -> list[str]:
    """Stems of the non-stop words of a text, in order."""
    return [t.stem for t in tokenize(text) if not t.is_stop]


def from_latin_layout(text: str) -> str:
    """Reinterpret keys typed in the QWERTY layout as the ЙЦУКЕН keys at the same places."""
    return text.translate(_LAYOUT)


def is_latin_word(word: str) -> bool:
    """Whether a folded word is made of Latin letters only."""
    return word.isascii() and word.isalpha()
