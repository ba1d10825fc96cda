"""Gendered pronouns for the person in the role, and gendered nouns.

A pronoun is an error only when it refers to the person in the role: the nearest person before it
(in its sentence or the one before) decides.  A named person ("Dana Whitfield … she") or a third
party ("our CEO … he") is someone else, and so is the speaker of a quotation attributed to a
named person; with no one named, the pronoun is taken to be the role's.  "he/she", "s/he", "his
or her" are one finding each, with the singular-they rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from jdgen.lint.context import LintContext, data_file, finding
from jdgen.lint.findings import Finding, Rule
from jdgen.lint.memo import text_cache
from jdgen.lint.rules.exclusionary import Entry, matches, phrase_entry, variant_pattern

COMPLIANCE = False
DATA = "gendered_language.yaml"
PRONOUN = Rule("gendered-pronoun", "inclusive-language", "error",
               "A gendered pronoun for the person in the role (he, she, he/she…).",
               data_file(DATA)["source"])
NOUN = Rule("gendered-noun", "inclusive-language", "warning",
            "A noun that assumes a gender (salesman, chairman, manpower, guys).",
            data_file(DATA)["source"])
RULES = (PRONOUN, NOUN)
PAIR_SEVERITY = "warning"  # "he or she" names the role, but as two genders only
QUOTE = re.compile(r"[\"“”„«»]")
SENTENCE_END = re.compile(r"[.!?;:](?=\s|$)|\n")


@cache
def _pairs() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r"(?<!\w)(?:" + p["pattern"] + r")(?!\w)", re.IGNORECASE), p["rewrite"])
                 for p in data_file(DATA)["pairs"])


@cache
def _pronoun() -> re.Pattern[str]:
    words = "|".join(sorted(data_file(DATA)["pronouns"], key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


@cache
def _nouns() -> tuple[Entry, ...]:
    return tuple(phrase_entry(noun, "noun", None, "assumes a gender", better, ending=r"(?:['’]s)?")
                 for noun, better in data_file(DATA)["nouns"].items())


@lru_cache(maxsize=64)  # one per role title seen: bounded for a long-running server
@text_cache(4096)
def _gendered_nouns(text: str) -> tuple[tuple[re.Match[str], Entry], ...]:
    """The gendered nouns of one text (only the entries it could hold are run), by text."""
    return tuple(matches(text, _nouns(), DATA))


def _words(key: str, extra: tuple[str, ...] = ()) -> re.Pattern[str] | None:
    words = [w for w in (*data_file(DATA)[key], *extra) if w]
    if not words:
        return None
    body = "|".join(variant_pattern(w, ending="") for w in sorted(words, key=len, reverse=True))
    return re.compile(body, re.IGNORECASE)


@lru_cache(maxsize=64)  # one per company file seen: bounded for a long-running server
def _names_pattern(known: tuple[str, ...]) -> re.Pattern[str]:
    """A person's name: one known from the company file, or a capitalised first and last name
    said the way people are (Dana Whitfield says / , our CEO / 's), or Mr/Ms/Dr Surname."""
    not_names = "|".join(data_file(DATA)["not_names"])
    word = rf"(?!(?:{not_names})\b)[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?"
    after = (r"(?=\s*,\s*(?:our|the|a|an|who|[A-Z]{2,4}\b)|\s+(?:says|said|joined|founded|co-founded|"
             r"started|built|leads|led|runs|ran|explains|explained|told|is|was|has|had|who|on)\b|['’]s\b|"
             r"\s*[(:—–-])")
    parts = [r"\b(?:Mr|Mrs|Ms|Mx|Dr|Prof)\.?\s+[A-Z][a-z]+",
             rf"(?-i:\b{word}\s+{word}){after}",
             rf"(?-i:\b{word})\s+(?:says|said|joined|founded|co-founded|explains|explained|told)\b",
             rf"(?:\bsays|\bsaid|[—–~])\s+(?-i:{word}\s+{word})"]
    parts += [rf"\b{re.escape(name)}\b" for name in known]
    return re.compile("|".join(parts))


def known_names(context: LintContext) -> tuple[str, ...]:
    """The people the company file names (hiring manager, the org, the search team), and their
    first names."""
    names: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            for part in value.split(","):  # "Lena Okafor, Halden Partners"
                part = part.strip()
                if re.fullmatch(r"[A-Z][a-z]+(?:[-'’ ][A-Z][a-z]+){1,2}", part):
                    names.update((part, part.split()[0]))

    company = context.company
    for key in ("hiring_manager", "org", "search", "postings"):
        value = getattr(company, key, None)
        if value is not None:
            walk(value.model_dump() if hasattr(value, "model_dump") else value)
    skip = set(company.name.split() if company else ()) | set(data_file(DATA)["not_names"])
    return tuple(sorted(n for n in names if not skip & set(n.split())))


def _role_words(context: LintContext) -> tuple[str, ...]:
    role = context.role
    if role is None:
        return ()
    titles = [role.title, getattr(role, "short_title", None) or ""]
    return tuple(t for t in titles if t)


#: How far around a pronoun its referent is looked for (two sentences fit easily).
LOOK_AROUND = 1000


def refers_to_someone_else(text: str, at: int, names: re.Pattern[str], roles: re.Pattern[str] | None,
                           others: re.Pattern[str] | None) -> bool:
    """Whether the pronoun at ``at`` in ``text`` refers to a named person or a third party.

    Only the text around it is read (:data:`LOOK_AROUND` characters each way), so a long
    posting costs linear time, not quadratic."""
    low = max(0, at - LOOK_AROUND)
    if len(QUOTE.findall(text, low, at)) % 2 == 1 and names.search(text, low, at + LOOK_AROUND):
        return True  # in a quotation, and its speaker is named
    ends = [m.end() for m in SENTENCE_END.finditer(text, low, at)]
    start = ends[-2] if len(ends) >= 2 else low
    window = text[start:at]
    mentions: list[tuple[int, bool]] = []  # (end, someone else?)
    for pattern, other in ((names, True), (others, True), (roles, False)):
        if pattern is not None:
            mentions += [(m.end(), other) for m in pattern.finditer(window)]
    named = [m.end() for m in names.finditer(window)]
    for index, (end, other) in enumerate(mentions):
        # "Rafael Ortiz, VP of Sales, …": a title in apposition is the named person's
        if not other and roles is not None:
            role_start = next(m.start() for m in roles.finditer(window) if m.end() == end)
            before = window[:role_start]
            if any(re.fullmatch(r",\s*(?:our|the|your|a|an)?\s*", before[n:]) for n in named):
                mentions[index] = (end, True)
    if not mentions:
        return False
    # the nearest; a role word wins a tie ("the CEO-level hire")
    return max(mentions, key=lambda m: (m[0], not m[1]))[1]


def check(context: LintContext) -> Iterator[Finding]:
    referents = None  # who a pronoun may refer to: compiled for the first pronoun found

    def someone_else(text: str, at: int) -> bool:
        nonlocal referents
        if referents is None:
            referents = (_names_pattern(known_names(context)),
                         _words("role_nouns", _role_words(context)), _words("third_parties"))
        return refers_to_someone_else(text, at, *referents)

    for piece in context.pieces:
        taken: list[range] = []
        for pattern, rewrite in _pairs():
            for match in pattern.finditer(piece.text):
                if any(match.start() in span for span in taken):
                    continue
                taken.append(range(match.start(), match.end()))
                text = match.group()
                yield finding(PRONOUN, text, f'"{text}" names the person in the role as one of two '
                              "genders", piece.locate(match.start(), text), f'say "{rewrite}"',
                              severity=PAIR_SEVERITY)
        for match in _pronoun().finditer(piece.text):
            if any(match.start() in span for span in taken):
                continue
            if someone_else(piece.text, match.start()):
                continue
            text = match.group()
            yield finding(PRONOUN, text, f'"{text}" assumes the gender of the person in the role',
                          piece.locate(match.start(), text), 'say "you", "they" or name the role')
        for match, entry in _gendered_nouns(piece.text):
            text = match.group()
            yield finding(NOUN, text, f'"{text}" assumes a gender', piece.locate(match.start(), text),
                          f'try "{entry.suggestion}"')
