"""What a posting says beyond the role: its details, dates, blind (confidential) form and locale.

* :func:`details`: hiring manager, work model, posting date and deadline of one role's posting,
  from the company's ``postings:`` entry, else the company-wide values.
* :func:`check_dates`: a deadline before the posting date (or before today when there is none)
  is an error at the deadline's line.
* :func:`blind_company`: the company as a confidential posting shows it: no name, logo, website
  or people, and a description made from its facts.
* :func:`british` and :func:`title_suffix`: en-GB spelling of the rendered text, and the
  gender-inclusive title suffix where local custom or law expects one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from jdgen.errors import ConfigurationError, Problem
from jdgen.models import Apply, Company, Contact, Role
from jdgen.sources import SourceMap

# --- per-role details ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PostingDetails:
    """One role's posting details, defaults filled in."""

    hiring_manager: Contact | None
    work_model: str | None
    posted: dt.date | None  # as the company file gives it
    deadline: dt.date | None
    date_posted: dt.date  # ``posted``, else the build date


CEO_WORDS = re.compile(r"\b(?:ceo|chief executive)\b", re.IGNORECASE)


def _same_person(reports_to: str, title: str | None) -> bool:
    """Whether a role reporting to ``reports_to`` reports to someone with ``title``."""
    if not title:
        return False
    if " ".join(reports_to.split()).casefold() == " ".join(title.split()).casefold():
        return True
    return bool(CEO_WORDS.search(reports_to) and CEO_WORDS.search(title))


def details(role: Role, company: Company, reports_to: str, today: dt.date,
            blind: bool = False, manager_id: str | None = None) -> PostingDetails:
    """The posting details of ``role``: its ``postings:`` entry, else the company's values.

    The hiring manager is the entry's, else the person the org names in the seat the role
    reports to (``manager_id``), else the company-wide hiring manager for a role that reports
    to them (a CSO reporting to the CEO, not an SDR) or to a seat still being hired.
    """
    entry = company.postings.get(role.id)
    manager = entry.hiring_manager if entry and entry.hiring_manager else None
    seat = company.org.get(manager_id) if manager_id else None
    if manager is None and seat and seat.name:
        manager = Contact(name=seat.name, title=reports_to)
    if manager is None and (_same_person(reports_to, company.hiring_manager.title)
                            or (seat and seat.status != "filled")):
        manager = company.hiring_manager  # a manager still to be hired: the company's hires
    if blind:  # a confidential posting names no one
        manager = None
    posted = (entry.posted if entry and entry.posted else None) or company.apply.posted
    deadline = (entry.deadline if entry and entry.deadline else None) or company.apply.deadline
    work_model = (entry.work_model if entry and entry.work_model else None) or company.work_model
    return PostingDetails(manager, work_model, posted, deadline, posted or today)


def apply_route(role: Role, company: Company) -> Apply:
    """Where to apply for ``role``: its ``postings:`` entry's ``apply``, else the company's."""
    entry = company.postings.get(role.id)
    return entry.apply if entry and entry.apply else company.apply


def date_problem(role_id: str | None, company: Company, source: SourceMap,
                 today: dt.date) -> Problem | None:
    """A deadline before the posting date, or before ``today`` when none is given, for one
    role's posting (``role_id``) or, with None, for the company-wide ``apply:`` dates."""
    entry = company.postings.get(role_id) if role_id else None
    posted = (entry.posted if entry and entry.posted else None) or company.apply.posted
    deadline = (entry.deadline if entry and entry.deadline else None) or company.apply.deadline
    if deadline is None:
        return None
    own = bool(entry and entry.deadline)
    at = ("postings", role_id, "deadline") if own else ("apply", "deadline")
    where = source.locate(at)
    if posted and deadline < posted:
        return Problem(where, f"the application deadline {deadline.isoformat()} is before the "
                       f"posting date {posted.isoformat()}", "set a deadline on or after the posting date",
                       at)
    if not posted and deadline < today:
        return Problem(where, f"the application deadline {deadline.isoformat()} has passed "
                       f"(today is {today.isoformat()})", "set a later deadline, or remove it", at)
    return None


def check_dates(role: Role, company: Company, source: SourceMap, today: dt.date) -> None:
    """A deadline before the posting date, or before ``today`` when none is given, is an error."""
    if problem := date_problem(role.id, company, source, today):
        raise ConfigurationError([problem])


def date_problems(company: Company, source: SourceMap, today: dt.date) -> list[Problem]:
    """Every posting's date problem, each deadline reported once (for ``jdgen validate``)."""
    found = [date_problem(role_id, company, source, today) for role_id in (None, *company.postings)]
    return list(dict.fromkeys(problem for problem in found if problem))


# --- blind (confidential) postings ---------------------------------------------------------------

STAGES = {
    "bootstrapped": "a bootstrapped", "seed": "a seed-funded", "series-a": "a Series A",
    "series-b": "a Series B", "series-c": "a Series C", "series-d": "a Series D",
    "growth": "a growth-stage", "private-equity": "a private-equity-backed",
    "public": "a publicly listed",
}
LEGAL_FORMS = re.compile(r",?\s+(?:GmbH|AG|Inc\.?|Ltd\.?|LLC|Limited|plc|SA|S\.A\.|BV|B\.V\.|"
                         r"SE|SAS|AB|Oy|Pty Ltd|Co\.|Corp\.?|Corporation)$")
GENERIC_EEO = ("We are an equal opportunity employer and welcome applications from everyone. We "
               "consider all qualified applicants without regard to any characteristic protected "
               "by law. Tell us if you need an accommodation at any stage of the process.")


def _size(headcount: int) -> str:
    if headcount < 50:
        return "fewer than 50 people"
    if headcount < 200:
        return "50 to 200 people"
    if headcount < 1000:
        return "several hundred people"
    if headcount < 5000:
        return "over 1,000 people"
    return "over 5,000 people"


def _lower_first(text: str) -> str:
    """``Industrial automation`` → ``industrial automation``; ``SaaS`` and ``HR`` stay as they are."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def generic_description(company: Company) -> str:
    """The company described from its facts only: industry, size, stage and markets."""
    from jdgen.render import join_words

    stage = STAGES[company.stage]
    return (f"{stage[0].upper()}{stage[1:]} company in {_lower_first(company.industry)} with "
            f"{_size(company.headcount)}, selling in {join_words(list(company.markets))}. "
            "The company's name is shared with shortlisted candidates.")


def name_forms(name: str) -> list[str]:
    """The ways a text may name the company, longest first: ``Northwind Ledger GmbH``,
    ``Northwind Ledger``, ``Northwind``."""
    forms = [name]
    short = LEGAL_FORMS.sub("", name).strip()
    forms.append(short)
    first = short.split()[0] if short.split() else ""
    if len(first) > 3 and first[0].isupper():
        forms.append(first)
    return sorted(dict.fromkeys(f for f in forms if f), key=len, reverse=True)


def redact(text: str, name: str) -> str:
    """``text`` with every mention of the company (``name``) replaced by "the company"."""
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, name_forms(name))) + r")\b('s|’s)?")

    def replace(match: re.Match) -> str:
        before = text[:match.start()].rstrip()
        start = not before or before[-1] in ".!?:"
        return ("The company" if start else "the company") + (match.group(1) or "")

    return pattern.sub(replace, text)


def _host(value: str | None) -> str:
    if not value:
        return ""
    host = value.rpartition("@")[2] if "@" in value and "://" not in value else urlsplit(value).hostname
    return (host or "").casefold().removeprefix("www.")


def check_blind_apply(role: Role, company: Company, source: SourceMap) -> None:
    """A confidential posting must not send candidates to an address that names the company."""
    site = _host(company.website)
    route = apply_route(role, company)
    entry = company.postings.get(role.id)
    base = ("postings", role.id, "apply") if entry and entry.apply else ("apply",)
    names = [n for n in (form.casefold().replace(" ", "") for form in name_forms(company.name))
             if len(n) >= 4]
    problems = []
    for key in ("url", "email"):
        host = _host(getattr(route, key))
        if host and ((site and host == site) or any(n in host.replace("-", "") for n in names)):
            problems.append(Problem(
                source.locate((*base, key)),
                f"the application {key} ({host}) names the company, which a confidential posting hides",
                f"give `postings: {role.id}: apply:` a neutral {key} (your search firm's, say)",
                (*base, key)))
    if problems:
        raise ConfigurationError(problems)


def blind_company(company: Company) -> Company:
    """``company`` as a confidential posting shows it: no name, website, logo or people; its
    own texts with the name replaced by "the company", and a description from its facts."""
    def clean(text: str | None) -> str | None:
        return redact(text, company.name) if text else text

    compensation = {
        role_id: pay.model_copy(update={"variable_note": clean(pay.variable_note),
                                        "equity": clean(pay.equity)})
        for role_id, pay in company.compensation.items()}
    return company.model_copy(update={
        "name": "Confidential",
        "slug": company.output_slug,
        "website": None,
        "about": generic_description(company),
        "eeo_statement": GENERIC_EEO,
        "benefits": [clean(item) for item in company.benefits],
        "requirements": [clean(item) for item in company.requirements],
        "apply": company.apply.model_copy(update={"instructions": clean(company.apply.instructions)}),
        "compensation": compensation,
        "brand": company.brand.model_copy(update={"logo": None}),
    })


# --- locale ------------------------------------------------------------------------------------

#: Countries where job titles carry a gender-inclusive suffix by custom or law (Germany's AGG).
SUFFIXES = {
    "(m/w/d)": {"germany", "deutschland", "de", "austria", "österreich", "at", "switzerland",
                "schweiz", "ch"},
}


def title_suffix(company: Company) -> str:
    """The company's ``title_suffix``, else the one its locations' countries expect, else ""."""
    if company.title_suffix is not None:
        return company.title_suffix.strip()
    countries = {place.country.strip().casefold() for place in company.locations}
    return next((suffix for suffix, where in SUFFIXES.items() if countries & where), "")


#: US → British spelling of words jdgen's own text uses; matched as whole words, keeping case.
BRITISH = {
    "organization": "organisation", "organizations": "organisations",
    "organizational": "organisational", "organize": "organise", "organized": "organised",
    "organizes": "organises", "organizing": "organising", "color": "colour", "colors": "colours",
    "behavior": "behaviour", "behaviors": "behaviours", "behavioral": "behavioural",
    "center": "centre", "centers": "centres", "favor": "favour", "favorable": "favourable",
    "honor": "honour", "labor": "labour", "analyze": "analyse", "analyzed": "analysed",
    "analyzes": "analyses", "analyzing": "analysing", "prioritize": "prioritise",
    "prioritized": "prioritised", "prioritizes": "prioritises", "prioritizing": "prioritising",
    "prioritization": "prioritisation", "optimize": "optimise", "optimized": "optimised",
    "optimizing": "optimising", "optimization": "optimisation", "recognize": "recognise",
    "recognized": "recognised", "recognizes": "recognises", "realize": "realise",
    "realized": "realised", "standardize": "standardise", "standardized": "standardised",
    "standardization": "standardisation", "specialize": "specialise", "specialized": "specialised",
    "utilize": "utilise", "utilization": "utilisation", "emphasize": "emphasise",
    "minimize": "minimise", "maximize": "maximise", "summarize": "summarise",
    "characterize": "characterise", "customize": "customise", "customized": "customised",
    "modeling": "modelling", "modeled": "modelled", "traveling": "travelling",
    "traveled": "travelled", "canceled": "cancelled", "enrollment": "enrolment",
    "fulfill": "fulfil", "judgment": "judgement", "program": "programme",
    "programs": "programmes", "catalog": "catalogue", "defense": "defence",
    "offense": "offence", "practicing": "practising", "skillful": "skilful",
    "inquiry": "enquiry", "inquiries": "enquiries", "toward": "towards",
    "year-over-year": "year-on-year", "one-on-one": "one-to-one", "résumé": "CV",
    "résumés": "CVs",
}
_BRITISH = re.compile(r"\b(" + "|".join(sorted(BRITISH, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)
#: Markup is split into tags and text; only text outside ``<script>``/``<style>`` is respelt.
_TAG = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<[^>]*>)", re.S | re.I)
#: A word in a URL, an email address or a file name is never respelt.
_IN_ADDRESS = re.compile(r"[\w.+-]*(?:://|@|www\.)\S*|\S+\.(?:com|org|net|example|io)\b\S*")


def _match_case(word: str, british: str) -> str:
    if word.isupper():
        return british.upper()
    if word[0].isupper():
        return british[0].upper() + british[1:]
    return british


def british(text: str, keep: tuple[str, ...] = ()) -> str:
    """Plain ``text`` in British spelling; words inside URLs, addresses or ``keep`` (names) stay."""
    protected = [m.span() for m in _IN_ADDRESS.finditer(text)]
    for name in keep:
        protected += [m.span() for m in re.finditer(re.escape(name), text)]

    def replace(match: re.Match) -> str:
        if any(start <= match.start() < end for start, end in protected):
            return match.group()
        word = match.group()
        if word.casefold() == "program" and "computer" in text[max(0, match.start() - 12):match.start()]:
            return word
        return _match_case(word, BRITISH[word.casefold()])

    return _BRITISH.sub(replace, text)


def british_markup(markup: str, keep: tuple[str, ...] = ()) -> str:
    """HTML in British spelling: text only, never tags, attributes, scripts or styles."""
    parts = _TAG.split(markup)
    return "".join(part if i % 2 else british(part, keep) for i, part in enumerate(parts))
