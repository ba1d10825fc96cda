"""Flesch reading ease and Flesch-Kincaid grade, as textstat 0.7.4 computes them (English).

Syllables are counted with Pyphen's ``en_US`` hyphenation patterns (a word has one syllable more
than it has hyphenation points), words are the text split on white space once every character
that is neither a letter, a digit nor white space is removed, and a sentence of two words or
fewer does not count as one.  Each average is rounded to one decimal before the formulas use it,
and halves are rounded away from zero, exactly as textstat does, so the numbers are textstat's
(``tests/test_lint.py`` compares them on the built-in roles) without importing it:
textstat imports ``pkg_resources``, which alone took a tenth of a second of every build.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache

_PUNCTUATION = re.compile(r"[^\w\s]")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


#: Pyphen's defaults (textstat keeps them): no break within two letters of either end.
LEFT = RIGHT = 2
_DIGIT = re.compile(r"\d")
_NONZERO = re.compile(r"[1-9]")
_PARSE = re.compile(r"(\d?)(\D?)")


@cache
def _patterns() -> tuple[dict[str, str], int]:
    """Pyphen's ``en_US`` hyphenation patterns: each pattern's letters → the pattern as written,
    and the longest.  Pyphen parses all 11,000 patterns when it loads (80 ms); a word's syllables
    need a few dozen, so each is parsed when first looked up (:func:`_values`)."""
    from pyphen import LANGUAGES, language_fallback  # WeasyPrint's hyphenation dictionaries

    path = LANGUAGES[language_fallback("en_US")]
    with path.open("rb") as file:
        encoding = file.readline().decode().strip()
    lines = [line.strip() for line in path.read_text(encoding).split("\n")[1:]]
    kept = [line for line in lines if line and not line.startswith(_IGNORED) and _NONZERO.search(line)]
    table = dict(zip(_DIGIT.sub("", "\n".join(kept)).split("\n"), kept, strict=True))
    return table, max(map(len, table))


#: Lines of a Hunspell hyphenation file that are no pattern (as Pyphen skips them).
_IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")


@cache
def _values(pattern: str) -> tuple[int, tuple[int, ...]]:
    """A pattern's first non-zero position and its values from there to its last non-zero one."""
    values = [int(digit or 0) for digit, _ in _PARSE.findall(pattern)]
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, tuple(values[start:end])


def hyphenation_points(word: str) -> int:
    """How many places Pyphen (``en_US``, its default margins) could hyphenate ``word``: Liang's
    algorithm, as ``Pyphen(lang="en_US").positions(word)`` computes it."""
    table, longest = _patterns()
    dotted = f".{word.lower()}."
    references = [0] * (len(dotted) + 1)
    for i in range(len(dotted) - 1):
        for j in range(i + 1, min(i + longest, len(dotted)) + 1):
            pattern = table.get(dotted[i:j])
            if pattern is None:
                continue
            offset, values = _values(pattern)
            start = i + offset
            references[start:start + len(values)] = map(max, values, references[start:start + len(values)])
    right = len(word) - RIGHT
    return sum(1 for i, reference in enumerate(references) if reference % 2 and LEFT <= i - 1 <= right)


def _round(number: float, points: int) -> float:
    """Half away from zero, as textstat's ``_legacy_round``."""
    scale = 10 ** points
    return float(math.floor(number * scale + math.copysign(0.5, number))) / scale


def word_count(text: str) -> int:
    return len(_PUNCTUATION.sub("", text).split())


def sentence_count(text: str) -> int:
    sentences = _SENTENCE.findall(text)
    return max(1, len(sentences) - sum(1 for sentence in sentences if word_count(sentence) <= 2))


@lru_cache(maxsize=4096)
def _syllables(word: str) -> int:
    return hyphenation_points(word) + 1


def syllable_count(text: str) -> int:
    return sum(_syllables(word) for word in _PUNCTUATION.sub("", text.lower()).split())


@lru_cache(maxsize=16)
def _averages(text: str) -> tuple[float, float]:
    """Words per sentence and syllables per word, each rounded to one decimal."""
    words = word_count(text)
    per_sentence = _round(words / sentence_count(text), 1)
    per_word = _round(syllable_count(text) / words, 1) if words else 0.0
    return per_sentence, per_word


def flesch_reading_ease(text: str) -> float:
    per_sentence, per_word = _averages(text)
    return _round(206.835 - 1.015 * per_sentence - 84.6 * per_word, 2)


def flesch_kincaid_grade(text: str) -> float:
    per_sentence, per_word = _averages(text)
    return _round(0.39 * per_sentence + 11.8 * per_word - 15.59, 1)
