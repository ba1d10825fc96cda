"""Where a posting file is posted, from ``--location`` options: ``"New York, NY"``, ``"Toronto,
ON"``, ``"Berlin, Germany"``, ``"remote:US-CA"`` (remote within California), ``"remote:US"``.

A two-letter region after a city is a US state or a Canadian province or territory, which also
names the country; otherwise the last part is the country (a name or an ISO 3166 code).
"""

from __future__ import annotations

from pydantic import ValidationError

from jdgen.errors import InputError, Position, Problem
from jdgen.models import Location

US_STATES = frozenset((
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "PR"))
CA_PROVINCES = frozenset(("AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK",
                          "YT"))
HINT = ('write "City, ST" (New York, NY), "City, Country" (Berlin, Germany), or remote:COUNTRY '
        "or remote:COUNTRY-REGION (remote:US-CA)")


def _country_of(region: str) -> str | None:
    code = region.upper()
    return "United States" if code in US_STATES else "Canada" if code in CA_PROVINCES else None


def parse_location(text: str, option: str = "--location") -> Location:
    """The :class:`~jdgen.models.Location` that ``text`` names; a clear error otherwise."""
    value = " ".join(text.split())

    def refuse(why: str) -> InputError:
        return InputError(Problem(Position(f"option {option}"), f'"{value}" {why}', HINT))

    try:
        return _place(value)
    except ValidationError:
        raise refuse("is not a place jdgen can read") from None
    except ValueError as exc:
        raise refuse(str(exc)) from None


def _place(value: str) -> Location:
    if value.lower().startswith("remote:"):
        country, _, region = value[len("remote:"):].strip().partition("-")
        if not country:
            raise ValueError("names no country")
        return Location(remote=True, country=country.strip(), region=region.strip() or None)
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if len(parts) == 3:
        return Location(city=parts[0], region=parts[1], country=parts[2])
    if len(parts) == 2:
        city, last = parts
        if len(last) == 2 and (country := _country_of(last)):
            return Location(city=city, region=last.upper(), country=country)
        return Location(city=city, country=last)
    raise ValueError("is not a place jdgen can read")
