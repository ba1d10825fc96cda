"""The pay-transparency law table: each law, where it reaches, and what it asks of a posting.

``data/pay_transparency.yaml`` holds the laws; this module reads and checks it, decides whether a
company location (or its headquarters, for a remote role reporting there) lies in a law's
jurisdiction, and lists the table for ``jdgen laws``.

Places are matched by name.  Two small explicit tables fill gaps in what a company file says:
a well-known US city given without a ``region`` ("New York", "Chicago") resolves to its state,
and a city inside a county that has its own law (White Plains → Westchester County) resolves to
that county.  Not legal advice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

from jdgen.lint.context import data_file
from jdgen.models import Place

DATA = "pay_transparency.yaml"

#: What a law may ask of a posting, as findings and `jdgen laws` word it.
REQUIREMENTS = {
    "pay_range": "a pay range",
    "pay_range_before_interview": "the initial pay or its range, in the posting or before the first "
                                  "interview",
    "benefits": "a description of benefits",
    "other_compensation": "other compensation (bonus, commission, equity)",
    "application_deadline": "the application deadline",
    "commission_statement": "a statement that the pay is commission-based, where it is",
    "vacancy_statement": "a statement whether the posting is for an existing vacancy",
    "ai_statement": "a statement when AI screens, assesses or selects applicants",
    "no_canadian_experience": "no requirement of Canadian experience",
}
THRESHOLD_COUNTS = ("everywhere", "in-jurisdiction", "unclear")
#: How a law reaches a remote role: any it could be filled from, one based in its region only, none.
COVERS_REMOTE = (True, False, "in-region")

US = frozenset({"united states", "united states of america", "us", "usa"})

#: Well-known US cities, by the state a company file may leave out ("New York", country US).
#: Only names that mean one city to most readers: no Columbus, Portland, Springfield or Washington.
US_CITY_STATE = {
    "new york": "new york", "new york city": "new york", "nyc": "new york", "manhattan": "new york",
    "brooklyn": "new york", "queens": "new york", "the bronx": "new york", "staten island": "new york",
    "buffalo": "new york", "white plains": "new york", "yonkers": "new york",
    "new rochelle": "new york",
    "los angeles": "california", "san francisco": "california", "san diego": "california",
    "san jose": "california", "oakland": "california", "sacramento": "california",
    "palo alto": "california",
    "chicago": "illinois", "seattle": "washington", "denver": "colorado", "boulder": "colorado",
    "boston": "massachusetts", "cambridge ma": "massachusetts", "baltimore": "maryland",
    "minneapolis": "minnesota", "saint paul": "minnesota", "st paul": "minnesota",
    "honolulu": "hawaii", "jersey city": "new jersey", "newark": "new jersey",
    "hoboken": "new jersey", "princeton": "new jersey", "cleveland": "ohio",
    "wilmington de": "delaware", "philadelphia": "pennsylvania", "pittsburgh": "pennsylvania",
    "austin": "texas", "houston": "texas", "dallas": "texas", "atlanta": "georgia",
    "miami": "florida", "phoenix": "arizona", "las vegas": "nevada", "detroit": "michigan",
    "nashville": "tennessee", "salt lake city": "utah",
}

NEW_YORK = frozenset({"new york", "ny", "new york state"})

#: Counties with a law of their own: their state's spellings, and the cities, towns and villages
#: inside them a location may name.  Only the counties of the table are listed.
COUNTIES = {
    "westchester": (NEW_YORK, frozenset({
        "westchester", "westchester county", "white plains", "yonkers", "new rochelle",
        "mount vernon", "mt vernon", "rye", "rye brook", "peekskill", "scarsdale", "tarrytown",
        "sleepy hollow", "ossining", "port chester", "mamaroneck", "larchmont", "harrison",
        "purchase", "greenburgh", "elmsford", "ardsley", "dobbs ferry", "hastings-on-hudson",
        "irvington", "bronxville", "tuckahoe", "eastchester", "pelham", "pelham manor",
        "mount kisco", "mt kisco", "bedford", "armonk", "north castle", "chappaqua",
        "new castle", "pleasantville", "briarcliff manor", "hawthorne", "valhalla",
        "mount pleasant", "croton-on-hudson", "cortlandt", "yorktown", "yorktown heights",
        "somers", "north salem", "lewisboro", "pound ridge", "buchanan"})),
}


def norm(name: str) -> str:
    """A place name for comparison: no case, no full stops or okina, single spaces."""
    return " ".join(re.sub(r"[.ʻ’']", "", name).split()).casefold()


@dataclass(frozen=True)
class Resolved:
    """A place's names, normalised, with a missing US state and the county filled in."""

    country: str
    region: str | None
    city: str | None
    county: str | None
    #: How the region or county was found, when jdgen filled it in (for a finding's remark).
    inferred: str | None = None


def resolve(place: Place) -> Resolved:
    country = norm(place.country)
    region = norm(place.region) if place.region else None
    city = norm(place.city) if place.city else None
    inferred = None
    if region is None and city and country in US and city in US_CITY_STATE:
        region = US_CITY_STATE[city]
        inferred = f"{place.city} is in {region.title()}"
    county = next((name for name, (regions, cities) in COUNTIES.items()
                   if region in regions and city in cities), None)
    if county and city not in (county, f"{county} county"):
        inferred = f"{place.city} is in {county.title()} County"
    return Resolved(country, region, city, county, inferred)


@dataclass(frozen=True)
class Law:
    id: str
    name: str
    law: str
    source: str
    effective: dt.date
    checked: dt.date
    employer_min_employees: int
    threshold_counts: str
    countries: frozenset[str]
    regions: frozenset[str]
    cities: frozenset[str]
    counties: frozenset[str]
    covers_remote: bool | str
    requires: tuple[str, ...]
    covers_reporting: bool = False
    requires_from: dict[str, dt.date] = field(default_factory=dict)
    commission: str = "only"
    currency: str | None = None
    max_range_width: int | None = None
    exempt_above: int | None = None
    notes: str = ""

    def requires_on(self, requirement: str, day: dt.date) -> bool:
        """Whether the law asks for ``requirement`` on ``day`` (some started after the law)."""
        return requirement in self.requires and day >= self.requires_from.get(requirement, self.effective)

    def in_force(self, day: dt.date) -> bool:
        return day >= self.effective

    def _contains(self, where: Resolved) -> bool:
        """Whether an on-site place lies in the jurisdiction."""
        return (where.country in self.countries
                and (not self.regions or where.region in self.regions)
                and (not self.cities or where.city in self.cities)
                and (not self.counties or where.county in self.counties))

    def covers(self, place: Place) -> bool:
        """Whether a posting at ``place`` (a company location) falls under this law."""
        where = resolve(place)
        if not getattr(place, "remote", False):
            return self._contains(where)
        if where.country not in self.countries or not self.covers_remote:
            return False
        if self.covers_remote == "in-region":
            # only a role based in the region (its primary place of work)
            return where.region in self.regions
        # Remote anywhere in the country (or region): where both name a region, city or county,
        # they must agree.
        return not (self.regions and where.region and where.region not in self.regions
                    or self.cities and where.city and where.city not in self.cities
                    or self.counties and where.city and where.county not in self.counties)

    def covers_via_headquarters(self, place: Place, headquarters: Place) -> bool:
        """Whether a remote role elsewhere is reached because it reports to the headquarters,
        which lies in the jurisdiction (jdgen's reading of "reports to a supervisor or office
        there": the company file names no other office a remote role reports to)."""
        return (self.covers_reporting and getattr(place, "remote", False)
                and norm(place.country) in self.countries and self._contains(resolve(headquarters)))

    @property
    def asks(self) -> list[str]:
        return [REQUIREMENTS[r] for r in self.requires]


def _parse(law_id: str, entry: dict) -> Law:
    def need(key: str, kind: type | tuple[type, ...]):
        value = entry.get(key)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise ValueError(f"{DATA}: {law_id}.{key} is missing or not a {kind}")
        return value

    match = need("match", dict)
    unknown = set(match) - {"country", "region", "city", "county"}
    requires = tuple(need("requires", list))
    bad = [r for r in (*requires, *entry.get("requires_from", {})) if r not in REQUIREMENTS]
    if unknown or bad or not match.get("country"):
        raise ValueError(f"{DATA}: {law_id} has unknown keys or requirements: {sorted(unknown) + bad}")
    if entry.get("threshold_counts") not in THRESHOLD_COUNTS:
        raise ValueError(f"{DATA}: {law_id}.threshold_counts must be one of {THRESHOLD_COUNTS}")
    remote = entry.get("covers_remote")
    if not (isinstance(remote, bool) or remote == "in-region"):
        raise ValueError(f"{DATA}: {law_id}.covers_remote must be one of {COVERS_REMOTE}")
    if entry.get("commission", "only") not in ("only", "any"):
        raise ValueError(f"{DATA}: {law_id}.commission must be only or any")
    width, above = entry.get("max_range_width"), entry.get("exempt_above")
    if (width or above) and not entry.get("currency"):
        raise ValueError(f"{DATA}: {law_id} has a range limit without a currency")

    def names(key: str) -> frozenset[str]:
        return frozenset(norm(str(n)) for n in match.get(key, []))

    return Law(
        id=law_id, name=need("name", str), law=need("law", str), source=need("source", str),
        effective=need("effective", dt.date), checked=need("checked", dt.date),
        employer_min_employees=need("employer_min_employees", int),
        threshold_counts=entry["threshold_counts"], countries=names("country"),
        regions=names("region"), cities=names("city"),
        counties=frozenset(norm(str(c)).removesuffix(" county") for c in match.get("county", [])),
        covers_remote=entry["covers_remote"], requires=requires,
        covers_reporting=bool(entry.get("covers_reporting", False)),
        requires_from=dict(entry.get("requires_from", {})), commission=entry.get("commission", "only"),
        currency=entry.get("currency"), max_range_width=width, exempt_above=above,
        notes=" ".join(str(entry.get("notes", "")).split()))


@cache
def laws() -> dict[str, Law]:
    """Every law of the table, by jurisdiction id, in the table's order."""
    return {law_id: _parse(law_id, entry) for law_id, entry in data_file(DATA).items()}


# --- `jdgen laws` ------------------------------------------------------------------------------

def _entry(law: Law, as_of: dt.date) -> list[str]:
    asks = [REQUIREMENTS[r] + (f" (from {law.requires_from[r].isoformat()})"
                               if r in law.requires_from else "")
            for r in law.requires]
    return [f"{law.name} [{law.id}]",
            f"    law:       {law.law}",
            f"    effective: {law.effective.isoformat()}",
            f"    requires:  {'; '.join(asks)}",
            f"    source:    {law.source}",
            f"    checked:   {law.checked.isoformat()}"]


def report(as_of: dt.date) -> str:
    """The table as text: the laws in force on ``as_of``, then those coming, each with its law,
    effective date, what it requires, its source and when it was last checked."""
    table = list(laws().values())
    now = [law for law in table if law.in_force(as_of)]
    coming = sorted((law for law in table if not law.in_force(as_of)), key=lambda law: law.effective)
    lines = [f"In force on {as_of.isoformat()} ({len(now)}):"]
    for law in now:
        lines += _entry(law, as_of)
    lines.append(f"Coming ({len(coming)}):" if coming else "Coming: none in the table")
    for law in coming:
        lines += _entry(law, as_of)
    lines.append("Not legal advice: check each source, and ask counsel.")
    return "\n".join(lines)
