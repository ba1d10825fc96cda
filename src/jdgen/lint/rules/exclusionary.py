"""Exclusionary wording: age, appearance, profanity, bro culture, homogeneity, hours, combat…

One rule per category, each with the public source of its list (``sources`` in the data file).
Phrases match as whole words with their variants (plural or possessive ending; space, hyphen or
nothing between words; straight or curly apostrophe), so "rock-stars" is "rock star" and
"Scunthorpe" is nothing.  A word inside one of the data file's ``not_flagged_in`` phrases has
another sense ("killer feature", "a young company", "Sarah Hunter") and is not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property

from jdgen.lint.context import LintContext, data_file, finding
from jdgen.lint.findings import Finding, Rule
from jdgen.lint.memo import text_cache

COMPLIANCE = False
CATEGORIES = {"jargon": ("warning", "vague or loaded jargon (rockstar, ninja, guru)"),
              "bias": ("warning", "homogeneity: culture fit, like-minded, fit in with the team"),
              "age": ("error", "an age limit or age-coded wording (aged 25 to 35, young, recent graduate)"),
              "origin": ("error", "a national-origin preference (native speaker)"),
              "ability": ("warning", "an ability requirement or ableist slang"),
              "appearance": ("error", "an appearance or grooming requirement (clean-shaven, no beards)"),
              "profanity": ("warning", "profanity or sexualised wording"),
              "bro": ("warning", "bro-culture slang (bro, dude, crush it, beer pong)"),
              "hours": ("warning", "caregiver-hostile hours (available 24/7, no 9-to-5ers)"),
              "combative": ("warning", "combative jargon (hunter, killer instinct, take no prisoners)")}
_SOURCES = data_file("exclusionary.yaml")["sources"]
RULES = tuple(Rule(f"exclusionary-{category}", "inclusive-language", severity,
                   f"Wording that excludes applicants: {what}.", _SOURCES[category])
              for category, (severity, what) in CATEGORIES.items())
BY_CATEGORY = {rule.id.removeprefix("exclusionary-"): rule for rule in RULES}

_APOSTROPHE = "['’‘]"
_BETWEEN = r"(?:\s*[-‐‑]\s*|\s+|)"  # rock star, rock-star, rockstar
_ENDING = r"(?:e?s|['’]s)?"  # ninjas, rockstar's


def variant_pattern(phrase: str, ending: str = _ENDING) -> str:
    """A regular expression for ``phrase`` and its spelling variants, as whole words."""
    words = [re.sub("['’]", lambda _: _APOSTROPHE, re.escape(word))
             for word in re.split(r"[\s\-]+", phrase.strip())]
    return r"(?<!\w)" + _BETWEEN.join(words) + ending + r"(?!\w)"


#: Characters that case-insensitive matching takes for an ASCII letter and ``str.lower`` does not
#: turn into it (dotted and dotless I, long s, the Kelvin sign).
_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})


def folded(text: str) -> str:
    """``text`` lowercased the way ``re.IGNORECASE`` compares ASCII letters."""
    return text.translate(_FOLD).lower()


@dataclass(frozen=True)
class Entry:
    """One flagged phrase or pattern: its category and message, its regular expression
    (compiled when first needed), and the lowercased ASCII text every match contains, so a text
    without it is passed over without compiling the expression."""

    category: str
    severity: str | None
    message: str
    suggestion: str
    source: str
    literals: tuple[str, ...] = ()

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.source, re.IGNORECASE)

    def could_match(self, lowered: str) -> bool:
        """Whether a text (:func:`folded`) holds every literal part of a match."""
        return all(literal in lowered for literal in self.literals)


def phrase_literals(phrase: str) -> tuple[str, ...]:
    """The parts of ``phrase`` every spelling :func:`variant_pattern` allows contains: each word
    without its apostrophes, lowercased (none for a phrase with a letter outside ASCII)."""
    if not phrase.isascii():
        return ()
    words = re.split(r"[\s\-]+", phrase.strip().lower())
    return tuple(part for word in words for part in re.split("['’]", word) if part)


def phrase_entry(phrase: str, category: str, severity: str | None, message: str, suggestion: str,
                 ending: str = _ENDING) -> Entry:
    return Entry(category, severity, message, suggestion, variant_pattern(phrase, ending),
                 phrase_literals(phrase))


@cache
def entries(name: str = "exclusionary.yaml") -> tuple[Entry, ...]:
    data = data_file(name)
    found = [phrase_entry(phrase, entry["category"], entry.get("severity"), entry["message"],
                          entry["suggestion"])
             for phrase, entry in (data.get("phrases") or {}).items()]
    found += [Entry(entry["category"], entry.get("severity"), entry["message"], entry["suggestion"],
                    r"(?<!\w)(?:" + entry["pattern"] + r")(?!\w)")
              for entry in data.get("patterns") or ()]
    return tuple(found)


@cache
def _exceptions(name: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in data_file(name).get("not_flagged_in") or ())


def other_senses(text: str, name: str = "exclusionary.yaml") -> list[range]:
    """The spans of ``text`` whose words are used in another sense (a killer feature)."""
    spans = []
    for pattern in _exceptions(name):
        spans += [range(m.start("w"), m.end("w")) for m in pattern.finditer(text)]
    return spans


def matches(text: str, found: Iterable[Entry] | None = None,
            name: str = "exclusionary.yaml") -> list[tuple[re.Match[str], Entry]]:
    """Each flagged phrase of ``text`` with its entry: longest first wins, in text order."""
    lowered = folded(text)
    candidates = [(m, e) for e in (entries(name) if found is None else found)
                  if e.could_match(lowered) for m in e.pattern.finditer(text)]
    if not candidates:
        return []
    skip = other_senses(text, name)  # only for a text where something matched
    candidates = [(m, e) for m, e in candidates
                  if not any(m.start() in span or m.end() - 1 in span for span in skip)]
    candidates.sort(key=lambda item: (item[0].start() - item[0].end(), item[0].start()))
    kept: list[tuple[re.Match[str], Entry]] = []
    for match, entry in candidates:
        if all(match.end() <= m.start() or match.start() >= m.end() for m, _ in kept):
            kept.append((match, entry))
    return sorted(kept, key=lambda item: item[0].start())


@text_cache(4096)
def flagged(text: str, name: str = "exclusionary.yaml") -> tuple[tuple[re.Match[str], Entry], ...]:
    """:func:`matches` of one text against every entry of ``name`` (only those it could hold
    are run), remembered by text."""
    return tuple(matches(text, entries(name), name))


def check(context: LintContext) -> Iterator[Finding]:
    for piece in context.pieces:
        for match, entry in flagged(piece.text):
            rule = BY_CATEGORY[entry.category]
            text = match.group()
            yield finding(rule, text, f'"{text}" {entry.message}', piece.locate(match.start(), text),
                          suggestion(entry.suggestion), severity=entry.severity)


def suggestion(better: str) -> str:
    """``try "…"`` for a rewrite; an instruction (remove it, describe…) as it is."""
    return better if better.split()[0] in ("remove", "describe", "state") else f'try "{better}"'
