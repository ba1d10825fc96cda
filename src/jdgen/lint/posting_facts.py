"""What a posting file says about pay, benefits and the application deadline, read from its text.

Pay-transparency laws ask a posting to state a pay range, its period, the benefits and (in
Colorado) the date applications close.  For a posting built by jdgen these come from the company
file; for a file a recruiter already has, :func:`read_facts` finds them in the text:

* a pay range: two amounts joined by a dash or "to" ("$120,000 – $150,000", "€50k to €60k",
  "USD 95,000-110,000"), with the currency of either amount, and its period from the words after
  it ("per year", "an hour", "/hr", "annually"); a single amount ("up to $90,000", "from $80k")
  is kept as open-ended;
* benefits: a "Benefits" (or "Perks", "What we offer") heading, or a line that names a common
  benefit (health, dental, 401(k), pension, paid time off, parental leave…);
* the deadline: a date after "apply by", "applications close", "closing date", "deadline"…, in
  ISO (2027-01-31), US (January 31, 2027; 1/31/2027) or British (31 January 2027) form, or a
  "rolling" deadline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jdgen.context import Pay
from jdgen.errors import Position
from jdgen.lint.files import PostingFile
from jdgen.models import Apply, Company, Compensation, Location

CURRENCIES = {"$": "USD", "US$": "USD", "USD": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP",
              "GBP": "GBP", "CA$": "CAD", "C$": "CAD", "CAD": "CAD", "A$": "AUD", "AUD": "AUD",
              "CHF": "CHF"}
_CURRENCY = r"(?:US\$|CA\$|C\$|A\$|USD|EUR|GBP|CAD|AUD|CHF|[$€£])"
_NUMBER = r"\d{1,3}(?:[,.\u202f ]\d{3}){1,4}(?:\.\d{1,2})?(?!\d)|\d{1,9}(?:\.\d{1,2})?(?!\d)"


def _amount_pattern(name: str) -> str:
    """An amount with its currency before or after it, its groups named after ``name``."""
    return (rf"(?P<{name}cur>{_CURRENCY})?\s?(?P<{name}num>{_NUMBER})\s?(?P<{name}k>[kK]\b)?"
            rf"(?:\s?(?P<{name}cur2>{_CURRENCY}))?")


RANGE = re.compile(_amount_pattern("lo") + r"\s*(?:-|–|—|to|and)\s*" + _amount_pattern("hi"))
SINGLE = re.compile(r"\b(?P<how>up to|from|starting at|at least|minimum of|as much as)\s+"
                    + _amount_pattern("lo"), re.I)
PERIODS = (("hour", r"(?:per|an|/|a)\s*(?:hour|hr)\b|hourly"),
           ("day", r"(?:per|a|/)\s*day\b|daily"),
           ("week", r"(?:per|a|/)\s*(?:week|wk)\b|weekly"),
           ("month", r"(?:per|a|/)\s*(?:month|mo)\b|monthly"),
           ("year", r"(?:per|a|/)\s*(?:year|yr|annum)\b|annual(?:ly)?|p\.a\.|yearly|salary"))
BENEFITS_HEADING = re.compile(r"^\W*(?:benefits|perks|what we offer|what you(?:'ll| will)? get|"
                              r"compensation and benefits|pay and benefits|our offer)\W*$", re.I)
BENEFIT_WORDS = re.compile(r"\b(?:health|medical|dental|vision)\s+(?:insurance|cover|plan|care)|"
                           r"401\(k\)|pension|paid time off|\bPTO\b|paid (?:holiday|vacation|leave)|"
                           r"parental leave|days of (?:paid )?holiday|annual leave|"
                           r"life insurance|stock options|equity", re.I)
DEADLINE_WORDS = re.compile(r"(?:apply (?:by|before)|applications? (?:close|closes|are due|"
                            r"deadline)|closing date|deadline(?: to apply)?|accepting applications "
                            r"(?:until|through)|open until|posting closes)\W{0,3}(?:on\s+)?", re.I)
OTHER_PAY = re.compile(r"\b(?:bonus(?:es)?|commissions?|equity|stock options?|RSUs?|OTE|"
                       r"on-target earnings|incentive (?:pay|plan|compensation)|profit[- ]sharing)\b",
                       re.I)
ROLLING = re.compile(r"\brolling (?:basis|deadline|applications?)\b|"
                     r"until (?:the role|the position) is filled", re.I)
MONTHS = {name: i for i, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for name in names}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
#: ISO, US ("January 31, 2027"), British ("31 January 2027") and US numeric (1/31/2027) dates.
DATES = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(rf"(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})", re.I),
    re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH})\.?,?\s+(?P<y>\d{{4}})", re.I),
    re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})"),
)


@dataclass(frozen=True)
class StatedPay:
    """A pay range (or one open-ended amount) as the posting states it."""

    currency: str | None
    base_min: int | None
    base_max: int | None
    period: str | None
    text: str
    where: Position


@dataclass(frozen=True)
class PostingFacts:
    """What a posting file states that pay-transparency laws ask about."""

    pay: StatedPay | None
    benefits: Position | None  # where they are listed
    other_pay: Position | None  # where a bonus, commission or equity is mentioned
    deadline: dt.date | None
    rolling_deadline: bool
    deadline_at: Position | None


def _amount(match: re.Match[str], name: str) -> tuple[int, str | None]:
    raw = match.group(f"{name}num")
    if re.fullmatch(r"\d{1,3}(?:[,.\u202f ]\d{3})+", raw):
        value = float(re.sub(r"[,.\u202f ]", "", raw))
    else:
        value = float(raw.replace(",", ""))
    if match.group(f"{name}k"):
        value *= 1000
    currency = match.group(f"{name}cur") or match.group(f"{name}cur2")
    return round(value), CURRENCIES.get(currency.upper() if currency and currency.isalpha() else currency)


def _period(after: str) -> str | None:
    for period, words in PERIODS:
        if re.search(words, after, re.I):
            return period
    return None


def _position(posting: PostingFile, start: int, end: int) -> Position:
    """The position in the posting file of ``posting.text[start:end]``."""
    found = posting.text[start:end].strip()
    if not found:
        return posting.start
    nth = posting.text[:start].count(found)
    for piece in posting.pieces:
        for match in re.finditer(re.escape(found), piece.text):
            if nth == 0:
                return piece.locate(match.start(), found.split()[0])
            nth -= 1
    return posting.start


def find_pay(posting: PostingFile) -> StatedPay | None:
    """The first pay range the posting states (with a currency), else an open-ended amount."""
    text = posting.text
    for match in RANGE.finditer(text):
        low, low_currency = _amount(match, "lo")
        high, high_currency = _amount(match, "hi")
        currency = low_currency or high_currency
        if currency is None or not 0 < low <= high:
            continue  # "5-10 years", "2020–2024": not money
        if match.group("hik") and not match.group("lok") and low < 1000:
            low *= 1000  # "$90-110k"
        line_end = text.find("\n", match.end())
        period = (_period(text[match.end(): line_end if line_end >= 0 else None][:40])
                  or _period(text[max(0, match.start() - 40): match.start()]))
        return StatedPay(currency, low, high, period, match.group().strip(),
                         _position(posting, match.start(), match.end()))
    for match in SINGLE.finditer(text):
        amount, currency = _amount(match, "lo")
        if currency is None:
            continue
        how = match.group("how").lower()
        top = how in ("up to", "as much as")
        line_end = text.find("\n", match.end())
        period = _period(text[match.end(): line_end if line_end >= 0 else None][:40])
        return StatedPay(currency, None if top else amount, amount if top else None, period,
                         match.group().strip(), _position(posting, match.start(), match.end()))
    return None


def find_benefits(posting: PostingFile) -> Position | None:
    """Where the posting lists benefits: its benefits heading, or the first benefit it names."""
    offset = 0
    for line in posting.text.splitlines(keepends=True):
        if BENEFITS_HEADING.match(line.strip()):
            return _position(posting, offset, offset + len(line))
        offset += len(line)
    if match := BENEFIT_WORDS.search(posting.text):
        return _position(posting, match.start(), match.end())
    return None


def _date(text: str) -> dt.date | None:
    for pattern in DATES:
        if match := pattern.match(text):
            parts = match.groupdict()
            month = MONTHS[parts["mon"].lower()] if parts.get("mon") else int(parts["m"])
            try:
                return dt.date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                return None
    return None


def find_deadline(posting: PostingFile) -> tuple[dt.date | None, bool, Position | None]:
    """The application deadline the posting states, whether it is rolling, and where."""
    text = posting.text
    for match in DEADLINE_WORDS.finditer(text):
        rest = text[match.end(): match.end() + 40]
        if day := _date(rest.lstrip(" :")):
            return day, False, _position(posting, match.start(), match.end())
    if match := ROLLING.search(text):
        return None, True, _position(posting, match.start(), match.end())
    return None, False, None


def read_facts(posting: PostingFile) -> PostingFacts:
    """Pay, benefits and deadline as ``posting`` states them."""
    deadline, rolling, deadline_at = find_deadline(posting)
    other = OTHER_PAY.search(posting.text)
    return PostingFacts(find_pay(posting), find_benefits(posting),
                        _position(posting, other.start(), other.end()) if other else None,
                        deadline, rolling, deadline_at)


def summary(facts: PostingFacts) -> dict[str, object]:
    """The facts for a lint report's summary: what the posting states, as plain values."""
    pay = facts.pay
    return {
        "pay": None if pay is None else {"currency": pay.currency, "min": pay.base_min,
                                         "max": pay.base_max, "period": pay.period,
                                         "text": pay.text, "at": str(pay.where)},
        "benefits": str(facts.benefits) if facts.benefits else None,
        "other_pay": str(facts.other_pay) if facts.other_pay else None,
        "deadline": "rolling" if facts.rolling_deadline else
        facts.deadline.isoformat() if facts.deadline else None,
    }


#: The headcount taken when no company file gives one: every law's employer threshold is met.
ANY_SIZE = 1_000_000


def compliance_company(facts: PostingFacts, locations: list[Location],
                       base: Company | None) -> tuple[Company, Pay | None]:
    """The company the pay-transparency rules check a posting file against: ``base`` (the
    ``--company`` file) or, without one, an employer of unknown size (:data:`ANY_SIZE`), with the
    pay, benefits and deadline the file states and the places it is posted (``locations``, else
    the company's)."""
    pay = facts.pay
    ranged = pay is not None and pay.base_min is not None and pay.base_max is not None
    period = pay.period if pay and pay.period in ("year", "hour") else "year"
    offer = (Compensation(currency=pay.currency, period=period, base_min=pay.base_min,
                          base_max=pay.base_max,
                          variable_note="Stated in the posting." if facts.other_pay else None)
             if ranged else None)
    stated = {
        "benefits": ["(listed in the posting)"] if facts.benefits else [],
        "apply": Apply(email="posting@example.invalid", deadline=facts.deadline,
                       instructions="Applications on a rolling basis." if facts.rolling_deadline
                       else None),
        "compensation": {"posting": offer} if offer else {},
        "postings": {},
    }
    if base is not None:
        company = base.model_copy(update={**stated, "locations": locations or base.locations})
    else:
        place = locations[0]
        company = Company.model_validate({
            "name": "The employer", "industry": "Not stated", "about": "Not stated.",
            "headquarters": {"city": place.city, "region": place.region, "country": place.country},
            "locations": [loc.model_dump() for loc in locations], "headcount": ANY_SIZE,
            "stage": "growth", "sales_channels": ["not stated"], "product_lines": 1,
            "markets": [place.country], "hiring_manager": {"name": "Not stated"},
            "apply": {"email": "posting@example.invalid"}, "eeo_statement": "Not stated.",
        }).model_copy(update=stated)
    shown = (Pay(offer.currency, offer.period, offer.base_min, offer.base_max,
                 variable_note=offer.variable_note) if offer else None)
    return company, shown
