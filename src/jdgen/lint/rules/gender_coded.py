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
from jdgen.lint.memo import text_cache
from jdgen.lint.rules.exclusionary import folded

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


@text_cache(8192)  # words repeat within a posting and across a batch
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
def _senses() -> tuple[tuple[str | None, str], ...]:
    """The phrases in which a coded stem has another sense (``not_coded_in``): each expression
    with the text its ``(?P<w>…)`` group starts with, when it can say (see :func:`marked_literal`)."""
    return tuple((marked_literal(p), p) for p in data_file("gender_coded.yaml")["not_coded_in"])


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)


def marked_literal(source: str) -> str | None:
    """The letters (lowercased) every match of the ``(?P<w>…)`` group of ``source`` starts
    with, or None when the group does not start with letters or has alternatives of its own:
    a text without them cannot hold the phrase, so its expression need not be compiled."""
    start = source.find("(?P<w>")
    if start < 0:
        return None
    body = source[start + 6:]
    depth, index = 0, 0
    while index < len(body):  # the group must have no "|" of its own
        char = body[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = body.find("]", index + 2)
            if index < 0:
                return None
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        elif char == "|" and depth == 0:
            return None
        index += 1
    letters = re.match(r"[A-Za-z]*", body).group()
    if body[len(letters):len(letters) + 1] in ("?", "*", "{"):
        letters = letters[:-1]  # the last letter may be left out
    return letters.lower() if len(letters) >= 3 else None


@cache
def _restricted() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """For each ``coded_only_in`` entry: the words it restricts, compiled, and its senses (each
    compiled when a restricted word is first found)."""
    return tuple((_compiled(entry["words"]), tuple(entry["senses"]))
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
    """The spans of ``text`` holding a coded stem used in another sense (a sales lead); only the
    expressions whose marked word the text holds are compiled and run."""
    lowered = folded(text)
    return _spans(tuple(_compiled(source) for literal, source in _senses()
                        if literal is None or literal in lowered), text)


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
                senses = tuple(map(_compiled, restricted[entry][1]))
                coded_senses[entry] = _covered(_spans(senses, text))
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


@text_cache(4096)
def _coded_in(text: str) -> tuple[tuple[re.Match[str], str], ...]:
    return tuple(coded_words(text))


def check(context: LintContext) -> Iterator[Finding]:
    suggestions = data_file("gender_coded.yaml")["suggestions"]
    for piece in context.pieces:
        for match, kind in _coded_in(piece.text):
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
