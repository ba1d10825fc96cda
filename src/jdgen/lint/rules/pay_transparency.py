"""Pay-transparency posting laws: which apply to this posting, and what each asks of it.

The laws are data, not code: ``data/pay_transparency.yaml`` (read by :mod:`jdgen.lint.laws`) lists
each law's jurisdiction, effective date, employer-size threshold, whether it reaches remote roles,
and what a posting must show.  A law applies on ``context.as_of`` when it is in force, the company
is large enough, and a company location lies in its jurisdiction: an on-site location by country,
region, city and county; a remote location (``remote: true``, a country and perhaps a region)
brings in every law of that area that covers remote roles, and a remote role is taken to report to
the headquarters for the laws that reach a job reporting to an office there.  A law passed but not
yet in force gets an info until its day.  Some checks read the document's text: a commission
statement, Colorado's rolling deadline, Ontario's vacancy, AI and Canadian-experience rules.

Each problem is reported once, naming every law that asks for the missing piece, and points at the
company file (the role's ``compensation`` entry, ``benefits``, ``apply``).  Not legal advice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from jdgen.context import Pay
from jdgen.errors import Position
from jdgen.lint.context import LintContext, finding
from jdgen.lint.findings import Finding, Rule
from jdgen.lint.laws import REQUIREMENTS, Law, laws, norm, resolve

COMPLIANCE = True
CATEGORY = "pay-transparency"

APPLIES = Rule("pay-transparency", CATEGORY, "info",
               "A pay-transparency law applies to this posting (one finding per law, with its source).")
RANGE_MISSING = Rule("pay-range-missing", CATEGORY, "error",
                     "A law requires a pay range and the company file gives none for the role "
                     "(postings show only the employer's own range, never a market benchmark).")
OPEN_ENDED = Rule("pay-range-open-ended", CATEGORY, "error",
                  'An open-ended pay range ("$200k+", "up to $250,000", "starting at $150,000") '
                  "where a law requires a range.")
TOO_WIDE = Rule("pay-range-too-wide", CATEGORY, "error",
                "The pay range is wider than a law allows (Ontario: 50,000 CAD a year).")
BENEFITS_MISSING = Rule("benefits-missing", CATEGORY, "error",
                        "A law requires a general description of benefits and the company lists none.")
OTHER_MISSING = Rule("other-compensation-missing", CATEGORY, "warning",
                     "A law asks for other compensation (bonus, commission, equity) and the posting "
                     "states none.")
DEADLINE_MISSING = Rule("application-deadline-missing", CATEGORY, "error",
                        "A law requires the date applications close (Colorado, since 2024-01-01).")
PERIOD_MISMATCH = Rule("pay-period-mismatch", CATEGORY, "error",
                       'Pay "per hour" over 1,000 or "per year" under 1,000: the period is probably wrong.')
UPCOMING = Rule("pay-transparency-upcoming", CATEGORY, "info",
                "A pay-transparency law passed but not yet in force will reach this posting: the day it "
                "takes effect and what it will ask.")
BEFORE_INTERVIEW = Rule("pay-range-before-interview", CATEGORY, "info",
                        "The posting shows no pay where the law (the EU directive) lets the employer give "
                        "the initial pay or its range before the first interview instead.")
COMMISSION_MISSING = Rule("commission-statement-missing", CATEGORY, "error",
                          "The pay is commission only and the posting does not say so (New York State, "
                          "Vermont, Delaware).")
VACANCY_MISSING = Rule("vacancy-statement-missing", CATEGORY, "error",
                       "The posting does not say whether it is for an existing vacancy (Ontario).")
AI_DISCLOSURE = Rule("ai-disclosure", CATEGORY, "info",
                     "The posting does not mention AI: where AI screens, assesses or selects applicants, "
                     "the posting must say so (Ontario).")
CANADIAN_EXPERIENCE = Rule("canadian-experience", CATEGORY, "error",
                           'The posting requires "Canadian experience", which the law forbids (Ontario).')
SIZE_ASSUMED = Rule("employer-size-assumed", CATEGORY, "info",
                    "A posting file checked without a company file: every law's employer-size "
                    "threshold is taken as met.")
RULES = (APPLIES, RANGE_MISSING, OPEN_ENDED, TOO_WIDE, BENEFITS_MISSING, OTHER_MISSING, DEADLINE_MISSING,
         PERIOD_MISMATCH, UPCOMING, BEFORE_INTERVIEW, COMMISSION_MISSING, VACANCY_MISSING, AI_DISCLOSURE,
         CANADIAN_EXPERIENCE, SIZE_ASSUMED)

#: Hours in a working year (40 × 52), to compare an hourly range with a yearly limit.
HOURS_PER_YEAR = 2080
#: The amount beyond which an hourly figure is surely yearly, and below which a yearly one is hourly.
PERIOD_LIMIT = 1000
_norm = norm


# --- which laws apply --------------------------------------------------------------------------

@dataclass
class Applicable:
    """A law that applies to the posting, the company locations that bring it in, and remarks."""

    law: Law
    locations: list[int]
    exempt: str | None = None  # why its range rule does not apply to this pay
    remarks: list[str] = field(default_factory=list)


def _matches(law: Law, context: LintContext) -> Applicable | None:
    """The company locations that bring ``law`` in (size and date aside), with remarks on how."""
    company = context.company
    hits, remarks = [], []
    for i, place in enumerate(company.locations):
        if law.covers(place):
            hits.append(i)
            inferred = resolve(place).inferred
            if inferred and (law.cities or law.counties or place.region is None):
                remarks.append(f"jdgen takes it that {inferred}")
        elif law.covers_via_headquarters(place, company.headquarters):
            hits.append(i)
            remarks.append(f"the remote role is taken to report to the headquarters in "
                           f"{company.headquarters.label}, and the law reaches a job elsewhere that "
                           f"reports to a supervisor or office in {law.name}")
    return Applicable(law, hits, remarks=list(dict.fromkeys(remarks))) if hits else None


def applicable_laws(context: LintContext) -> dict[str, Applicable]:
    """The laws that apply to this posting on ``context.as_of``, by id, in the table's order."""
    found: dict[str, Applicable] = {}
    for law in laws().values():
        if context.as_of < law.effective or context.company.headcount < law.employer_min_employees:
            continue
        if (hit := _matches(law, context)) is not None:
            found[law.id] = _assess(hit, context)
    return found


def upcoming_laws(context: LintContext) -> dict[str, Applicable]:
    """Laws passed but not in force on ``context.as_of`` that will reach this posting."""
    found: dict[str, Applicable] = {}
    for law in laws().values():
        if context.as_of >= law.effective or context.company.headcount < law.employer_min_employees:
            continue
        if (hit := _matches(law, context)) is not None:
            found[law.id] = hit
    return found


def _annual(amount: int, period: str) -> int:
    return amount * HOURS_PER_YEAR if period == "hour" else amount


def _assess(applicable: Applicable, context: LintContext) -> Applicable:
    """Note an exemption from the law's range rule, and limits jdgen could not check."""
    law, pay = applicable.law, context.pay
    if not (law.max_range_width or law.exempt_above) or pay is None or pay.is_benchmark:
        return applicable
    if pay.currency != law.currency:
        applicable.remarks.append(f"its range limits are in {law.currency} and the pay is in "
                                  f"{pay.currency}, so jdgen did not check them")
    elif law.exempt_above and _annual(pay.base_max, pay.period) > law.exempt_above:
        applicable.exempt = (f"the top of the range is above {law.exempt_above:,} {law.currency} a year, "
                             "so its range rule does not apply")
        applicable.remarks.append(applicable.exempt)
    return applicable


def _commission_only(pay: Pay | None) -> bool:
    """Pay with no base at all (0 – 0): commission only."""
    return pay is not None and not pay.is_benchmark and pay.base_max == 0


def _requiring(applicable: dict[str, Applicable], requirement: str, day: dt.date) -> list[Applicable]:
    return [a for a in applicable.values() if a.law.requires_on(requirement, day)
            and not (requirement == "pay_range" and a.exempt)]


def _names(found: list[Applicable]) -> str:
    names = [a.law.name for a in found]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _required_by(found: list[Applicable]) -> str:
    return f"required by the pay-transparency law{'s' if len(found) > 1 else ''} of {_names(found)}"


# --- the checks --------------------------------------------------------------------------------

def check(context: LintContext) -> Iterator[Finding]:
    applicable = applicable_laws(context)
    if context.posting is not None and context.company_source is None and applicable:
        yield finding(SIZE_ASSUMED, "", "the employer's size is not known, so every law's "
                      "employee threshold is taken as met", context.posting.start,
                      "pass --company with your company file to use its headcount")
    yield from _applies(context, applicable)
    if applicable:
        yield from _range(context, applicable)
        yield from _before_interview(context, applicable)
        yield from _open_ended(context, applicable)
        yield from _too_wide(context, applicable)
        yield from _benefits(context, applicable)
        yield from _other_compensation(context, applicable)
        yield from _deadline(context, applicable)
        yield from _commission(context, applicable)
        yield from _statements(context, applicable)
    yield from _upcoming(context)
    yield from _period(context)


def _upcoming(context: LintContext) -> Iterator[Finding]:
    for found in upcoming_laws(context).values():
        law = found.law
        places = [context.company.locations[i].label for i in found.locations]
        asks = [REQUIREMENTS[r] for r in law.requires]
        message = (f"In {law.name}, {law.law} takes effect on {law.effective.isoformat()} and will apply "
                   f"to this posting ({'; '.join(places)}); from then it will ask for {', '.join(asks)}")
        if found.remarks:
            message += f" ({'; '.join(found.remarks)})"
        yield finding(UPCOMING, "; ".join(places), message,
                      context.company_position("locations", found.locations[0]),
                      f"a posting still open on {law.effective.isoformat()} must comply; check the "
                      "linked source", law.source)


def _applies(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    for found in applicable.values():
        law = found.law
        places = [context.company.locations[i].label for i in found.locations]
        asks = [REQUIREMENTS[r] for r in law.requires if law.requires_on(r, context.as_of)]
        remarks = list(found.remarks)
        if law.employer_min_employees > 1 and law.threshold_counts != "everywhere":
            counts = "counts" if law.threshold_counts == "in-jurisdiction" else "may count"
            remarks.append(f"its threshold of {law.employer_min_employees} employees {counts} only "
                           f"employees in {law.name}; jdgen compared the total headcount "
                           f"({context.company.headcount})")
        message = (f"In {law.name}, {law.law} applies to this posting ({'; '.join(places)}) since "
                   f"{law.effective.isoformat()}; it asks for {', '.join(asks)}")
        if remarks:
            message += f" ({'; '.join(remarks)})"
        yield finding(APPLIES, "; ".join(places), message,
                      context.company_position("locations", found.locations[0]),
                      "check the linked source: this table is not legal advice", law.source)


def _pay_position(context: LintContext) -> Position:
    """The role's ``compensation`` entry, else the ``compensation:`` key, else the file's start."""
    if context.role_id in context.company.compensation:
        return context.company_position("compensation", context.role_id)
    return context.company_position("compensation")


def _money(amount: int, currency: str) -> str:
    return f"{currency} {amount:,}"


def _shown(pay: Pay) -> str:
    return f"{_money(pay.base_min, pay.currency)} – {pay.base_max:,} per {pay.period}"


def _amount_forms(amount: int) -> set[str]:
    """How an amount may be written in the document: 310,000 / 310000 / 310.000 / 310 000 / 310k."""
    grouped = f"{amount:,}"
    forms = {grouped, str(amount), *(grouped.replace(",", sep) for sep in (".", " ", "\u00a0", "\u202f"))}
    if amount >= 1000 and amount % 1000 == 0:
        forms |= {f"{amount // 1000}k", f"{amount // 1000}K"}
    return forms


def _no_range(context: LintContext) -> tuple[str, str] | None:
    """Why the posting shows no range of the company's own (the text shown, the reason), or None."""
    pay, title = context.pay, context.title
    if pay is None:
        return "", f"the posting shows no pay for {title}"
    if pay.is_benchmark:
        return (f"{_shown(pay)} (market benchmark)",
                f"the only pay shown for {title} is the role's market benchmark, which is not your "
                "own good-faith range")
    if context.text.strip() and not any(
            form in context.text for amount in (pay.base_min, pay.base_max)
            for form in _amount_forms(amount)):
        return _shown(pay), f"the company file has a range for {title} but the document does not show it"
    return None


def _fix(context: LintContext, in_company_file: str, in_posting: str) -> str:
    """What to do: in the company file for a built posting, in the text for a posting file."""
    return in_posting if context.posting is not None else in_company_file


def _range(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    found = _requiring(applicable, "pay_range", context.as_of)
    if not found or (missing := _no_range(context)) is None:
        return
    if context.posting is not None and any(_open_ended_phrases(context.text)):
        return  # a posting file's "up to $90,000": the open-ended finding says what to do
    text, why = missing
    yield finding(RANGE_MISSING, text, f"{why}; a pay range is {_required_by(found)}",
                  _pay_position(context),
                  _fix(context, f"add `compensation: {context.role_id}:` with base_min and base_max to "
                       "the company file (and show it in the document)",
                       'state the range in the posting, e.g. "Base pay: $120,000 to $150,000 per year"'),
                  found[0].law.source)


def _before_interview(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    """A law content with the pay before the first interview: a note, not an error, and only where
    no law asks for the range in the posting itself."""
    found = _requiring(applicable, "pay_range_before_interview", context.as_of)
    if (not found or _requiring(applicable, "pay_range", context.as_of)
            or (missing := _no_range(context)) is None):
        return
    text, why = missing
    yield finding(BEFORE_INTERVIEW, text,
                  f"{why}; {_names(found)} let{'s' if len(found) == 1 else ''} you give the initial pay or "
                  "its range before the first interview instead of in the posting",
                  _pay_position(context),
                  _fix(context, f"tell candidates the range before the first interview, or add "
                       f"`compensation: {context.role_id}:` to show it in the posting",
                       "tell candidates the range before the first interview, or state it in the "
                       "posting"), found[0].law.source)


_CODES = r"USD|CAD|EUR|GBP|AUD|CHF"
_AMOUNT = rf"(?>(?:[$€£]\s?|\b(?:{_CODES})\s?)\d(?:[\d,.]*\d)?(?:\s?[kKmM](?![A-Za-z]))?)"
_OPEN = re.compile(
    rf"{_AMOUNT}\s?\+"
    rf"|{_AMOUNT}\s+(?:and|or)\s+(?:up|upwards|above|more|over)\b"
    rf"|\b(?:up\s+to|from|starting\s+(?:at|from)|at\s+least|minimum\s+of|no\s+less\s+than)\s+{_AMOUNT}"
    rf"(?!\s*(?:[-–—]|to\b|and\b)\s*(?:[$€£]|{_CODES}|\d))",
    re.IGNORECASE)
_PAY_WORDS = re.compile(r"\b(?:salary|salaries|pay|compensation|wages?|base|earn\w*|OTE|remuneration|"
                        r"per\s+(?:hour|year|annum)|an\s+hour|a\s+year|annually|hourly)\b", re.IGNORECASE)
_NOT_PAY = re.compile(r"\b(?:bonus\w*|commission\w*|budget|allowance|stipend|match|reimburs\w*|total|"
                      r"variable|equity|quota|revenue|ARR|pipeline|deals?|bookings|spend|funding)\b",
                      re.IGNORECASE)


def _open_ended_phrases(text: str) -> Iterator[str]:
    """Open-ended amounts on a line about pay, not about a bonus, a budget or a quota."""
    for line in text.splitlines():
        if not _PAY_WORDS.search(line):
            continue
        for match in _OPEN.finditer(line):
            if not _NOT_PAY.search(line[max(0, match.start() - 40):match.start()]):
                yield match.group()


def _open_ended(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    found = _requiring(applicable, "pay_range", context.as_of)
    if not found:
        return
    seen: set[str] = set()
    for phrase in _open_ended_phrases(context.text):
        key = " ".join(phrase.split()).casefold()
        if key in seen:
            continue
        seen.add(key)
        where = next((piece.locate(match.start(), match.group()) for piece in context.pieces
                      for match in _OPEN.finditer(piece.text)
                      if " ".join(match.group().split()).casefold() == key), _pay_position(context))
        yield finding(OPEN_ENDED, phrase, f'"{phrase}" is an open-ended range; a range with a minimum '
                      f"and a maximum is {_required_by(found)}", where,
                      'give both ends, e.g. "$150,000 to $190,000 per year"', found[0].law.source)


def _names_place(law: Law, where: str) -> bool:
    """Whether a pay zone's location as written (``Toronto, ON``, ``New York City``) names one of
    ``law``'s cities or regions (or, for a national law, its country).  Codes of three letters or
    fewer count only in capitals, so "on" in "based on" is not Ontario."""
    for name in law.cities | law.regions or law.countries:
        if len(name) <= 3:
            if re.search(rf"(?<![\w.]){re.escape(name.upper())}(?![\w.])", where):
                return True
        elif re.search(rf"(?<!\w){re.escape(name)}(?!\w)", _norm(where)):
            return True
    return False


def _too_wide(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    """Each range the posting shows, the default and every pay zone, against the width limits of
    the laws it falls under: a zone under the laws whose places it names (all of them when it
    names none), the default range under all; a law's exemption is judged on each range's top."""
    pay = context.pay
    if pay is None or pay.is_benchmark:
        return
    limited = [a for a in applicable.values() if a.law.requires_on("pay_range", context.as_of)
               and a.law.max_range_width and a.law.currency == pay.currency]
    ranges = [(None, pay.base_min, pay.base_max, _pay_position(context))] + [
        (zone.location, zone.base_min, zone.base_max,
         context.company_position("compensation", context.role_id, "zones", i))
        for i, zone in enumerate(pay.zones)]
    yearly = " a year" if pay.period == "year" else f" a year ({HOURS_PER_YEAR} hours)"
    for where, low, high, position in ranges:
        if where is None or not any(_names_place(a.law, where) for a in applicable.values()):
            laws = limited
        else:
            laws = [a for a in limited if _names_place(a.law, where)]
        width = _annual(high, pay.period) - _annual(low, pay.period)
        found = [a for a in laws if width > (a.law.max_range_width or 0)
                 and not (a.law.exempt_above and _annual(high, pay.period) > a.law.exempt_above)]
        if not found:
            continue
        limit = min(a.law.max_range_width or 0 for a in found)
        shown = f"{_money(low, pay.currency)} – {high:,} per {pay.period}"
        which = f"the range for {where}" if where else "the range"
        yield finding(TOO_WIDE, shown,
                      f"{which} is {width:,} {pay.currency} wide{yearly}; at most {limit:,} is allowed "
                      f"by the pay-transparency law{'s' if len(found) > 1 else ''} of {_names(found)}",
                      position, f"narrow {'that zone' if where else 'base_min–base_max'} to "
                      f"{limit:,} or less", found[0].law.source)


def _benefits(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    found = _requiring(applicable, "benefits", context.as_of)
    if found and not context.company.benefits:
        yield finding(BENEFITS_MISSING, "", f"the posting lists no benefits; a general description of "
                      f"benefits is {_required_by(found)}", context.company_position("benefits"),
                      _fix(context, "add `benefits:` to the company file, one line per benefit "
                           "(health cover, retirement, paid time off…)",
                           "add a Benefits section to the posting (health cover, retirement, paid "
                           "time off…)"), found[0].law.source)


def _other_compensation(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    found = _requiring(applicable, "other_compensation", context.as_of)
    pay = context.pay
    stated = pay is not None and not pay.is_benchmark and bool(
        pay.variable_target or pay.variable_note or pay.equity)
    if found and not stated:
        yield finding(OTHER_MISSING, "", f"the posting states no bonus, commission or equity for "
                      f"{context.title}; a description of other compensation is {_required_by(found)}",
                      _pay_position(context),
                      _fix(context, "add variable_target, variable_note or equity to the role's "
                           "compensation, or a variable_note saying the role has none",
                           "say in the posting what bonus, commission or equity the role has, or that "
                           "it has none"), found[0].law.source)


_ROLLING = re.compile(r"\b(?:on\s+an?\s+)?(?:rolling|ongoing|on-going|continuous)\s+basis\b"
                      r"|\brolling\s+(?:applications?|deadline)\b"
                      r"|\bno\s+(?:application\s+)?deadline\b", re.IGNORECASE)


def _says_rolling(context: LintContext) -> bool:
    """Whether the posting says applications are accepted on a rolling (ongoing) basis: in the
    document, or in the apply instructions of the company or the role's posting."""
    entry = context.company.postings.get(context.role_id)
    sources = [context.text, context.company.apply.instructions or "",
               (entry.apply.instructions or "") if entry and entry.apply else ""]
    return any(_ROLLING.search(text) for text in sources)


def _deadline(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    found = _requiring(applicable, "application_deadline", context.as_of)
    entry = context.company.postings.get(context.role_id)
    if (found and (entry and entry.deadline or context.company.apply.deadline) is None
            and not _says_rolling(context)):
        yield finding(DEADLINE_MISSING, "", f"the posting gives no date when applications close; the "
                      f"application deadline is {_required_by(found)}", context.company_position("apply"),
                      _fix(context, "add `deadline: YYYY-MM-DD` under `apply:` (the expected close of "
                           "the application window), or, if you accept applications on a rolling "
                           "basis, say so in `apply: instructions:` (e.g. \"We review applications "
                           "on a rolling basis.\")",
                           'say in the posting when applications close ("Apply by 31 January '
                           '2027"), or that you review them on a rolling basis'),
                      found[0].law.source)


def _commission(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    """Commission-only pay (or, where a law asks it of any commission pay, pay with commission) that
    the posting does not call commission-based."""
    pay = context.pay
    if pay is None or pay.is_benchmark:
        return
    noted = bool(pay.variable_note and re.search(r"\bcommission", pay.variable_note, re.IGNORECASE))
    found = [a for a in _requiring(applicable, "commission_statement", context.as_of)
             if _commission_only(pay) or a.law.commission == "any" and noted]
    stated = noted or re.search(r"\bcommission", context.text, re.IGNORECASE)
    if found and not stated:
        yield finding(COMMISSION_MISSING, _shown(pay), f"the pay for {context.title} is commission "
                      f"only and the posting does not say so; a statement that the pay is "
                      f"commission-based is {_required_by(found)}", _pay_position(context),
                      "add a `variable_note:` such as \"Pay is based entirely on commission.\" to the "
                      "role's compensation", found[0].law.source)


_VACANCY = re.compile(r"\b(?:existing|current|actual|real|open)\s+"
                      r"(?:vacancy|vacancies|position|opening|role)\b"
                      r"|\bvacancy\s+(?:exists|is\s+open)\b|\bno\s+(?:current\s+)?vacancy\b"
                      r"|\bfuture\s+(?:vacancies|openings|positions)\b|\btalent\s+pool\b", re.IGNORECASE)
_AI = re.compile(r"\bartificial\s+intelligence\b|\bAI\b")
_CANADIAN = re.compile(r"\bCanadian\s+(?:work\s+)?experience\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:no|not|without|nor|never)\b[^.;\n]*$", re.IGNORECASE)


def _canadian_experience(context: LintContext, fallback: Position) -> Iterator[tuple[str, Position]]:
    """Each "Canadian (work) experience" the posting asks for (not "no Canadian experience needed"),
    where its source says it, else at ``fallback``."""
    sources = [(piece.text, piece) for piece in context.pieces] or [(context.text, None)]
    for text, piece in sources:
        for match in _CANADIAN.finditer(text):
            if not _NEGATED.search(text[max(0, match.start() - 60):match.start()]):
                yield match.group(), piece.locate(match.start(), match.group()) if piece else fallback


def _statements(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    """What a law asks the posting's text to say, or not to say (Ontario).  Only a rendered
    document is checked: with no text there is nothing to read."""
    if not context.text.strip():
        return
    day, apply = context.as_of, context.company_position("apply")
    if found := _requiring(applicable, "no_canadian_experience", day):
        for phrase, where in _canadian_experience(context, apply):
            yield finding(CANADIAN_EXPERIENCE, phrase, "a requirement of Canadian experience is forbidden by "
                          f"the law of {_names(found)}", where,
                          "ask for the experience itself, wherever it was gained", found[0].law.source)
    if (found := _requiring(applicable, "vacancy_statement", day)) and not _VACANCY.search(context.text):
        yield finding(VACANCY_MISSING, "", "the posting does not say whether it is for an existing vacancy; "
                      f"that statement is {_required_by(found)}", apply,
                      "say so in `apply: instructions:`, e.g. \"This posting is for an existing vacancy.\"",
                      found[0].law.source)
    if (found := _requiring(applicable, "ai_statement", day)) and not _AI.search(context.text):
        yield finding(AI_DISCLOSURE, "", "the posting does not mention artificial intelligence; if AI "
                      f"screens, assesses or selects applicants, the law of {_names(found)} asks the "
                      "posting to say so", apply,
                      "if you use AI in hiring, say so in `apply: instructions:`", found[0].law.source)


def _period(context: LintContext) -> Iterator[Finding]:
    pay = context.pay
    if pay is None or _commission_only(pay):
        return
    if pay.period == "hour" and pay.base_max > PERIOD_LIMIT:
        problem, fix = f"{pay.base_max:,} {pay.currency} per hour is not an hourly rate", "period: year"
    elif pay.period == "year" and pay.base_min < PERIOD_LIMIT:
        problem, fix = f"{pay.base_min:,} {pay.currency} per year is not a yearly salary", "period: hour"
    else:
        return
    where = (context.role_position("pay_benchmark") if pay.is_benchmark else _pay_position(context))
    yield finding(PERIOD_MISMATCH, _shown(pay), f"{problem}: the pay period is probably wrong", where,
                  f"set `{fix}`, or correct the amounts")
