"""Readability and length: reading ease, grade level, word count, long sentences, long lists."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jdgen.lint import reading
from jdgen.lint.context import LintContext, data_file, finding
from jdgen.lint.findings import Finding, Rule

COMPLIANCE = False
READABILITY = Rule("readability", "readability", "info",
                   "Flesch reading ease and Flesch-Kincaid grade of the whole posting.")
LENGTH = Rule("length", "readability", "info", "Total words against the target range.")
SENTENCE = Rule("long-sentence", "readability", "warning", "A sentence or bullet that is too long.")
REQUIREMENTS = Rule("requirements-list", "readability", "warning",
                    "A must-have list long enough to deter qualified applicants.")
RULES = (READABILITY, LENGTH, SENTENCE, REQUIREMENTS)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9$€£][\w'’%$.,-]*", text))


#: A heading over a posting file's must-haves ("Requirements", "What you bring", "You have").
MUST_HEADING = re.compile(r"^\W*(?:requirements?|qualifications?|minimum qualifications|"
                          r"what you(?:'ll| will)? bring|what we(?:'re| are) looking for|"
                          r"who you are|you have|about you|must[- ]haves?|skills(?: and experience)?|"
                          r"experience)\W*$", re.I)
#: A heading that ends that list ("Nice to have", "Benefits", "About us"…): any short line.
HEADING = re.compile(r"^\W*[A-Z][\w ,'&/()-]{0,60}:?\s*$")
BULLET = re.compile(r"^\s*(?:[-*•·–◦▪]|\d+[.)])\s+")


def _file_must_haves(text: str) -> list[str]:
    """The bullets under a posting file's requirements headings, not marked preferred."""
    items, inside = [], False
    for line in text.splitlines():
        if MUST_HEADING.match(line.strip()):
            inside = True
        elif BULLET.match(line):
            if inside:
                items.append(BULLET.sub("", line))
        elif HEADING.match(line.strip()) and len(line.split()) <= 6:
            inside = False
    return items


def must_haves(context: LintContext) -> list[str]:
    """Experience, hard skills and qualifications that are not marked preferred."""
    role = context.role
    items = ([*role.experience.items, *role.skills.hard, *role.qualifications] if role
             else _file_must_haves(context.text))
    return [item for item in items if not re.search(r"preferred|nice to have|a plus", item, re.I)]


def metrics(context: LintContext) -> dict[str, object]:
    text = context.text
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
    return {
        "words": _words(text),
        "reading_ease": round(reading.flesch_reading_ease(text), 1),
        "grade": round(reading.flesch_kincaid_grade(text), 1),
        "longest_sentence": max((_words(s) for s in sentences), default=0),
        "bullets": {"responsibilities": context.role.responsibility_count if context.role else None,
                    "must_haves": len(must_haves(context)),
                    "kpis": len(context.role.kpis) if context.role else None},
    }


def check(context: LintContext) -> Iterator[Finding]:
    targets = data_file("readability.yaml")
    measured = metrics(context)
    top = context.start
    hard = measured["reading_ease"] < targets["reading_ease_min"] or measured["grade"] > targets["grade_max"]
    yield finding(READABILITY, f"reading ease {measured['reading_ease']}, grade {measured['grade']}",
                  f"reading ease {measured['reading_ease']} (aim for at least "
                  f"{targets['reading_ease_min']}), grade level {measured['grade']} (aim for at most "
                  f"{targets['grade_max']})", top,
                  "use shorter sentences and plainer words" if hard else None,
                  severity="warning" if hard else "info")
    words, low, high = measured["words"], targets["words"]["min"], targets["words"]["max"]
    outside = not low <= words <= high
    yield finding(LENGTH, f"{words} words", f"{words} words; postings of {low}–{high} words are "
                  "read to the end most often", top,
                  ("cut repeated or low-value bullets" if words > high else "add detail on the role")
                  if outside else None, severity="warning" if outside else "info")
    limit = targets["sentence_words_max"]
    for piece in context.pieces:
        for sentence in SENTENCE_END.split(piece.text):
            if _words(sentence) > limit:
                first = " ".join(sentence.split()[:6])
                yield finding(SENTENCE, first + " …",
                              f"a sentence of {_words(sentence)} words (aim for at most {limit})",
                              piece.locate(piece.text.find(sentence), sentence.split()[0]),
                              "split it in two")
    required = must_haves(context)
    if len(required) > targets["requirements_max"]:
        yield finding(REQUIREMENTS, f"{len(required)} must-haves",
                      f"{len(required)} must-have requirements (aim for at most "
                      f"{targets['requirements_max']}); long lists deter applicants who meet most "
                      "of them", context.role_position("experience") if context.role and not
                      context.whole else context.start,
                      'mark some "(preferred)" or cut them', targets["requirements_source"])
