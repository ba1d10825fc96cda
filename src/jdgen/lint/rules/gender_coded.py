"""Gender-coded words (Gaucher, Friesen & Kay, 2011) and the document's overall balance.

Words are matched on their stems the way gender-decoder does, but correctly: a word counts only
when it *starts* with a stem (so "workforce" is not "force" and "sharks" is not "share"),
hyphenated words are checked part by part ("results-driven" is "driven"), words that share
a stem but not its meaning ("sharepoint", "competent", "objectives") are never counted, and
word sense is read from the phrase around a word: ``not_coded_in`` lists phrases where a stem has
another sense ("sales leads", "data-driven", "Key objective #1"), ``coded_only_in`` the phrases
outside which a word has its uncoded sense ("support your colleagues", "make decisions").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from jdgen.lint.context import LintContext, data_file, finding
from jdgen.lint.findings import Finding, Rule

COMPLIANCE = False
SOURCE = "https://doi.org/10.1037/a0022530"
WORD = Rule("gender-coded", "inclusive-language", "info",
            "A word research found to be masculine- or feminine-coded.", SOURCE)
BALANCE = Rule("gender-balance", "inclusive-language", "info",
               "The balance of masculine- and feminine-coded words in the whole posting.", SOURCE)
RULES = (WORD, BALANCE)
TOKEN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def coding(word: str) -> str | None:
    """``"masculine"``, ``"feminine"`` or None for one word of text."""
    found = _coded_part(word)
    return found[1] if found else None


@cache
def _lexicon() -> tuple[frozenset[str], tuple[tuple[str, frozenset[str], tuple[int, ...]], ...]]:
    """The words never coded, and per kind its stems with their lengths (a word is coded when
    its first N letters are a stem of length N: a few set lookups, nothing to compile)."""
    data = data_file("gender_coded.yaml")
    stems = tuple((kind, frozenset(data[kind]), tuple(sorted({len(stem) for stem in data[kind]})))
                  for kind in ("masculine", "feminine"))
    return frozenset(data["not_coded"]), stems


def _coded_part(word: str) -> tuple[str, str] | None:
    """The part of ``word`` (the word itself or one part of a hyphenated word) that starts with a
    coded stem, lowercased, and its kind; None when nothing in it is coded."""
    not_coded, stems = _lexicon()
    lowered = word.lower()
    if lowered in not_coded:
        return None
    for candidate in (lowered, *lowered.split("-")):
        if candidate in not_coded:
            continue
        for kind, words, lengths in stems:
            if any(candidate[:length] in words for length in lengths if length <= len(candidate)):
                return candidate, kind
    return None


@cache
def _senses() -> tuple[re.Pattern[str], ...]:
    """The phrases in which a coded stem has another sense (``not_coded_in``), compiled."""
    return tuple(re.compile(p, re.IGNORECASE) for p in data_file("gender_coded.yaml")["not_coded_in"])


@cache
def _restricted() -> tuple[tuple[re.Pattern[str], tuple[re.Pattern[str], ...]], ...]:
    """For each ``coded_only_in`` entry: the words it restricts, and its senses, compiled."""
    return tuple(
        (re.compile(entry["words"], re.IGNORECASE),
         tuple(re.compile(p, re.IGNORECASE) for p in entry["senses"]))
        for entry in data_file("gender_coded.yaml").get("coded_only_in", []))


def _spans(patterns: tuple[re.Pattern[str], ...], text: str) -> list[range]:
    """The spans of the (?P<w>…) group of every match of each pattern, overlapping ones included."""
    found = []
    for pattern in patterns:
        start = 0
        while match := pattern.search(text, start):
            found.append(range(match.start("w"), match.end("w")))
            start = match.start() + 1
    return found


def _covered(spans: list[range]) -> set[int]:
    """Every position inside one of ``spans``."""
    return {position for span in spans for position in span}


def other_senses(text: str) -> list[range]:
    """The spans of ``text`` holding a coded stem used in another sense (a sales lead)."""
    return _spans(_senses(), text)


def coded_words(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each word of ``text`` that is gender-coded as used, with its kind."""
    other: set[int] | None = None  # computed when the first coded word needs it
    restricted = _restricted()
    coded_senses: dict[int, set[int]] = {}  # per restricted entry, computed when first needed
    for match in TOKEN.finditer(text):
        found = _coded_part(match.group())
        if found is None:
            continue
        if other is None:
            other = _covered(other_senses(text))
        if match.start() in other:
            continue
        part, kind = found
        entry = next((i for i, (words, _) in enumerate(restricted)
                      if any(words.fullmatch(piece)
                             for piece in (part, *match.group().split("-")))), None)
        if entry is not None:
            if entry not in coded_senses:
                coded_senses[entry] = _covered(_spans(restricted[entry][1], text))
            if match.start() not in coded_senses[entry]:
                continue
        yield match, kind


@lru_cache(maxsize=8)  # check and metrics both ask, for the same text
def balance(text: str) -> dict[str, object]:
    counts = {"masculine": 0, "feminine": 0}
    for _, kind in coded_words(text):
        counts[kind] += 1
    difference = counts["feminine"] - counts["masculine"]
    strong = data_file("gender_coded.yaml")["strong_difference"]
    if difference == 0:
        verdict = "neutral"
    else:
        side = "feminine" if difference > 0 else "masculine"
        verdict = f"{'strongly ' if abs(difference) > strong else ''}{side}-coded"
    return {**counts, "verdict": verdict}


def metrics(context: LintContext) -> dict[str, object]:
    return {"gender_coding": balance(context.text)}


def check(context: LintContext) -> Iterator[Finding]:
    suggestions = data_file("gender_coded.yaml")["suggestions"]
    for piece in context.pieces:
        for match, kind in coded_words(piece.text):
            word = match.group()
            better = suggestions.get(word.lower())
            yield finding(WORD, word, f'"{word}" is {kind}-coded',
                          piece.locate(match.start(), word),
                          f'try "{better}"' if better else None,
                          severity="warning" if better else "info")
    result = balance(context.text)
    where = context.start
    message = (f"the posting is {result['verdict']} ({result['masculine']} masculine-coded, "
               f"{result['feminine']} feminine-coded words)")
    yield finding(BALANCE, result["verdict"], message, where,
                  "balance achievement words with collaborative ones"
                  if result["verdict"].startswith("strongly masculine") else None,
                  severity="warning" if result["verdict"] == "strongly masculine-coded" else "info")
