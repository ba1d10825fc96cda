"""Flesch reading ease and Flesch-Kincaid grade, as textstat 0.7.4 computes them (English).

Syllables are counted by Pyphen's ``en_US`` hyphenation patterns (a word has one syllable more
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


@cache
def _hyphenator():
    from pyphen import Pyphen  # WeasyPrint's hyphenation library; loaded when first measured

    return Pyphen(lang="en_US")


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
    return len(_hyphenator().positions(word)) + 1


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
