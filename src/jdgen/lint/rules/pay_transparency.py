"""Pay-transparency posting laws: which apply to this posting, and what each asks of it.

The laws are data, not code: ``data/pay_transparency.yaml`` lists each law's jurisdiction, effective
date, employer-size threshold, whether it reaches remote roles, and what a posting must show.  A law
applies on ``context.as_of`` when it is in force, the company is large enough, and a company
location lies in its jurisdiction: an on-site location by country, region and city; a remote
location (``remote: true``, a country and perhaps a region) brings in every law of that area that
covers remote roles.

Each problem is reported once, naming every law that asks for the missing piece, and points at the
company file (the role's ``compensation`` entry, ``benefits``, ``apply``).  Not legal advice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from jdgen.context import Pay
from jdgen.errors import Position
from jdgen.lint.context import LintContext, data_file, finding
from jdgen.lint.findings import Finding, Rule
from jdgen.models import Location

COMPLIANCE = True
CATEGORY = "pay-transparency"
DATA = "pay_transparency.yaml"

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
RULES = (APPLIES, RANGE_MISSING, OPEN_ENDED, TOO_WIDE, BENEFITS_MISSING, OTHER_MISSING, DEADLINE_MISSING,
         PERIOD_MISMATCH)

REQUIREMENTS = {
    "pay_range": "a pay range",
    "benefits": "a description of benefits",
    "other_compensation": "other compensation (bonus, commission, equity)",
    "application_deadline": "the application deadline",
}
THRESHOLD_COUNTS = ("everywhere", "in-jurisdiction", "unclear")
#: Hours in a working year (40 × 52), to compare an hourly range with a yearly limit.
HOURS_PER_YEAR = 2080
#: The amount beyond which an hourly figure is surely yearly, and below which a yearly one is hourly.
PERIOD_LIMIT = 1000


# --- the law table ---------------------------------------------------------------------------

def _norm(name: str) -> str:
    """A place name for comparison: no case, no full stops or okina, single spaces."""
    return " ".join(re.sub(r"[.ʻ’']", "", name).split()).casefold()


@dataclass(frozen=True)
class Law:
    id: str
    name: str
    law: str
    source: str
    effective: dt.date
    employer_min_employees: int
    threshold_counts: str
    countries: frozenset[str]
    regions: frozenset[str]
    cities: frozenset[str]
    covers_remote: bool
    requires: tuple[str, ...]
    requires_from: dict[str, dt.date] = field(default_factory=dict)
    currency: str | None = None
    max_range_width: int | None = None
    exempt_above: int | None = None
    notes: str = ""

    def requires_on(self, requirement: str, day: dt.date) -> bool:
        """Whether the law asks for ``requirement`` on ``day`` (some started after the law)."""
        return requirement in self.requires and day >= self.requires_from.get(requirement, self.effective)

    def covers(self, location: Location) -> bool:
        """Whether a posting at ``location`` falls under this law's jurisdiction."""
        if _norm(location.country) not in self.countries:
            return False
        region = _norm(location.region) if location.region else None
        city = _norm(location.city) if location.city else None
        if location.remote:
            # Remote anywhere in the country (or region): every law of that area that reaches
            # remote roles.  Where both name a region (or city), they must agree.
            return (self.covers_remote
                    and not (self.regions and region and region not in self.regions)
                    and not (self.cities and city and city not in self.cities))
        return ((not self.regions or region in self.regions)
                and (not self.cities or city in self.cities))


def _parse(law_id: str, entry: dict) -> Law:
    def need(key: str, kind: type | tuple[type, ...]):
        value = entry.get(key)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise ValueError(f"{DATA}: {law_id}.{key} is missing or not a {kind}")
        return value

    match = need("match", dict)
    unknown = set(match) - {"country", "region", "city"}
    requires = tuple(need("requires", list))
    bad = [r for r in (*requires, *entry.get("requires_from", {})) if r not in REQUIREMENTS]
    if unknown or bad or not match.get("country"):
        raise ValueError(f"{DATA}: {law_id} has unknown keys or requirements: {sorted(unknown) + bad}")
    if entry.get("threshold_counts") not in THRESHOLD_COUNTS:
        raise ValueError(f"{DATA}: {law_id}.threshold_counts must be one of {THRESHOLD_COUNTS}")
    width, above = entry.get("max_range_width"), entry.get("exempt_above")
    if (width or above) and not entry.get("currency"):
        raise ValueError(f"{DATA}: {law_id} has a range limit without a currency")
    return Law(
        id=law_id, name=need("name", str), law=need("law", str), source=need("source", str),
        effective=need("effective", dt.date), employer_min_employees=need("employer_min_employees", int),
        threshold_counts=entry["threshold_counts"],
        countries=frozenset(_norm(str(c)) for c in match["country"]),
        regions=frozenset(_norm(str(r)) for r in match.get("region", [])),
        cities=frozenset(_norm(str(c)) for c in match.get("city", [])),
        covers_remote=need("covers_remote", bool), requires=requires,
        requires_from=dict(entry.get("requires_from", {})), currency=entry.get("currency"),
        max_range_width=width, exempt_above=above, notes=str(entry.get("notes", "")))


@cache
def laws() -> dict[str, Law]:
    """Every law of the table, by jurisdiction id, in the table's order."""
    return {law_id: _parse(law_id, entry) for law_id, entry in data_file(DATA).items()}


# --- which laws apply --------------------------------------------------------------------------

@dataclass
class Applicable:
    """A law that applies to the posting, the company locations that bring it in, and remarks."""

    law: Law
    locations: list[int]
    exempt: str | None = None  # why its range rule does not apply to this pay
    remarks: list[str] = field(default_factory=list)


def applicable_laws(context: LintContext) -> dict[str, Applicable]:
    """The laws that apply to this posting on ``context.as_of``, by id, in the table's order."""
    found: dict[str, Applicable] = {}
    for law in laws().values():
        if context.as_of < law.effective or context.company.headcount < law.employer_min_employees:
            continue
        hits = [i for i, place in enumerate(context.company.locations) if law.covers(place)]
        if hits:
            found[law.id] = _assess(Applicable(law, hits), context)
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
    yield from _applies(context, applicable)
    if applicable:
        yield from _range(context, applicable)
        yield from _open_ended(context, applicable)
        yield from _too_wide(context, applicable)
        yield from _benefits(context, applicable)
        yield from _other_compensation(context, applicable)
        yield from _deadline(context, applicable)
    yield from _period(context)


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
    if context.role.id in context.company.compensation:
        return context.company_position("compensation", context.role.id)
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


def _range(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    found = _requiring(applicable, "pay_range", context.as_of)
    if not found:
        return
    pay, title = context.pay, context.role.title
    if pay is None:
        text, why = "", f"the posting shows no pay for {title}"
    elif pay.is_benchmark:
        text = f"{_shown(pay)} (market benchmark)"
        why = (f"the only pay shown for {title} is the role's market benchmark, which is not your "
               "own good-faith range")
    elif context.text.strip() and not any(
            form in context.text for amount in (pay.base_min, pay.base_max)
            for form in _amount_forms(amount)):
        text, why = _shown(pay), f"the company file has a range for {title} but the document does not show it"
    else:
        return
    yield finding(RANGE_MISSING, text, f"{why}; a pay range is {_required_by(found)}",
                  _pay_position(context),
                  f"add `compensation: {context.role.id}:` with base_min and base_max to the company file "
                  "(and show it in the document)", found[0].law.source)


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
         context.company_position("compensation", context.role.id, "zones", i))
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
                      "add `benefits:` to the company file, one line per benefit (health cover, "
                      "retirement, paid time off…)", found[0].law.source)


def _other_compensation(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    found = _requiring(applicable, "other_compensation", context.as_of)
    pay = context.pay
    stated = pay is not None and not pay.is_benchmark and bool(
        pay.variable_target or pay.variable_note or pay.equity)
    if found and not stated:
        yield finding(OTHER_MISSING, "", f"the posting states no bonus, commission or equity for "
                      f"{context.role.title}; a description of other compensation is {_required_by(found)}",
                      _pay_position(context), "add variable_target, variable_note or equity to the role's "
                      "compensation, or a variable_note saying the role has none", found[0].law.source)


def _deadline(context: LintContext, applicable: dict[str, Applicable]) -> Iterator[Finding]:
    found = _requiring(applicable, "application_deadline", context.as_of)
    entry = context.company.postings.get(context.role.id)
    if found and (entry and entry.deadline or context.company.apply.deadline) is None:
        yield finding(DEADLINE_MISSING, "", f"the posting gives no date when applications close; the "
                      f"application deadline is {_required_by(found)}", context.company_position("apply"),
                      "add `deadline: YYYY-MM-DD` under `apply:` (the expected close of the "
                      "application window)", found[0].law.source)


def _period(context: LintContext) -> Iterator[Finding]:
    pay = context.pay
    if pay is None:
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
