"""Gender-coded words (Gaucher, Friesen & Kay, 2011) and the document's overall balance.

Words are matched on their stems the way gender-decoder does, but correctly: a word counts only
when it *starts* with a stem (so "workforce" is not "force" and "sharks" is not "share"),
hyphenated words are checked part by part ("results-driven" is "driven"), and words that share
a stem but not its meaning ("sharepoint", "competent", "objectives") are never counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

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
    data = data_file("gender_coded.yaml")
    lowered = word.lower()
    if lowered in data["not_coded"]:
        return None
    for candidate in (lowered, *lowered.split("-")):
        if candidate in data["not_coded"]:
            continue
        for kind in ("masculine", "feminine"):
            if any(candidate.startswith(stem) for stem in data[kind]):
                return kind
    return None


@cache
def _senses() -> re.Pattern[str]:
    """One pattern for every phrase in which a coded stem has another sense (``not_coded_in``)."""
    patterns = data_file("gender_coded.yaml")["not_coded_in"]
    return re.compile("|".join(f"(?:{p.replace('(?P<w>', f'(?P<w{i}>')})"
                               for i, p in enumerate(patterns)), re.IGNORECASE)


def other_senses(text: str) -> list[range]:
    """The spans of ``text`` holding a coded stem used in another sense (a sales lead)."""
    found = []
    pattern = _senses()
    start = 0
    while match := pattern.search(text, start):
        word = next(name for name, value in match.groupdict().items() if value is not None)
        found.append(range(match.start(word), match.end(word)))
        start = match.start() + 1
    return found


def coded_words(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each word of ``text`` that is gender-coded as used, with its kind."""
    spans = other_senses(text)
    for match in TOKEN.finditer(text):
        if any(match.start() in span for span in spans):
            continue
        if kind := coding(match.group()):
            yield match, kind


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
