"""JSON-LD exporter: a schema.org ``JobPosting`` for the job description, as Google for Jobs reads it.

Built from the same context as the template, with ``description`` taken from the rendered HTML,
so there is no second copy of the content.  Properties without data are left out, never emitted
empty; ``baseSalary`` is the company's own range only (a market benchmark is not an offer).
"""

from __future__ import annotations

import datetime as dt
import json

import lxml.html

from jdgen.documents import ExportOptions, RenderedDocument
from jdgen.models import Company, Role

EXTENSION = "jsonld"

#: Country names as people write them → ISO 3166-1 alpha-2, which Google for Jobs prefers;
#: anything else is passed on as written.
COUNTRY_CODES = {
    "united states": "US", "united states of america": "US", "usa": "US", "us": "US",
    "canada": "CA", "united kingdom": "GB", "uk": "GB", "great britain": "GB", "ireland": "IE",
    "germany": "DE", "deutschland": "DE", "austria": "AT", "switzerland": "CH", "france": "FR",
    "spain": "ES", "italy": "IT", "netherlands": "NL", "belgium": "BE", "sweden": "SE",
    "denmark": "DK", "norway": "NO", "finland": "FI", "poland": "PL", "portugal": "PT",
    "australia": "AU", "new zealand": "NZ", "india": "IN", "singapore": "SG", "japan": "JP",
    "brazil": "BR", "mexico": "MX",
}


def country_code(country: str) -> str:
    return COUNTRY_CODES.get(country.strip().lower(), country)


EMPLOYMENT_TYPES = {"full-time": "FULL_TIME", "part-time": "PART_TIME", "contract": "CONTRACTOR"}
UNIT_TEXT = {"year": "YEAR", "hour": "HOUR"}


def description_html(document: RenderedDocument) -> str:
    """The body of the posting: every ``<section>`` of the rendered document, as HTML."""
    root = lxml.html.document_fromstring(document.html)
    return "".join(lxml.html.tostring(section, encoding="unicode", with_tail=False).strip()
                   for section in root.iter("section"))


def _address(place) -> dict[str, str]:
    address = {"@type": "PostalAddress", "addressLocality": place.city,
               "addressRegion": place.region, "addressCountry": country_code(place.country)}
    return {key: value for key, value in address.items() if value}


def _amount(pay, low: int, high: int, where: str | None = None) -> dict[str, object]:
    amount: dict[str, object] = {"@type": "MonetaryAmount", "currency": pay.currency}
    if where:
        amount["name"] = where
    amount["value"] = {"@type": "QuantitativeValue", "minValue": low, "maxValue": high,
                       "unitText": UNIT_TEXT[pay.period]}
    return amount


def _salary(pay) -> dict[str, object] | list[dict[str, object]]:
    """``baseSalary``: the company's range; with pay zones, one ``MonetaryAmount`` per zone
    (``name`` says where) after the range for every other location."""
    if not pay.zones:
        return _amount(pay, pay.base_min, pay.base_max)
    return [_amount(pay, pay.base_min, pay.base_max, "Other locations"),
            *(_amount(pay, zone.base_min, zone.base_max, zone.location) for zone in pay.zones)]


def job_posting(document: RenderedDocument, options: ExportOptions) -> dict[str, object]:
    """The ``JobPosting`` for a rendered job description."""
    role: Role = document.context["role"]
    company: Company = document.context["company"]
    pay = document.context["pay"]
    models = document.models or {}
    details = models.get("posting")
    apply = models.get("apply") or company.apply
    blind = bool(models.get("blind"))
    if blind:  # as Google documents for an employer hiring anonymously: no sameAs, no logo
        organization = {"@type": "Organization", "name": "Confidential"}
    else:
        organization = {"@type": "Organization", "name": company.name, "sameAs": company.website}
    posted = details.date_posted if details and details.posted else options.build_time.date()
    deadline = details.deadline if details else company.apply.deadline
    posting: dict[str, object] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": models.get("title") or role.title,
        "description": description_html(document),
        "identifier": {"@type": "PropertyValue", "name": organization["name"],
                       "value": f"confidential-{role.id}" if blind else f"{company.output_slug}-{role.id}"},
        "datePosted": posted.isoformat(),
        "employmentType": EMPLOYMENT_TYPES[role.employment_type],
        "hiringOrganization": {k: v for k, v in organization.items() if v},
        "industry": company.industry,
        "directApply": bool(apply.url),
    }
    if deadline and deadline >= posted:  # never before datePosted (the build checks the dates)
        end_of_day = dt.datetime.combine(deadline, dt.time(23, 59))
        posting["validThrough"] = end_of_day.isoformat()
    if apply.url:
        posting["url"] = apply.url
    work_model = details.work_model if details else None
    onsite = [place for place in company.locations if not place.remote]
    remote = [place for place in company.locations if place.remote]
    if onsite and work_model != "remote":
        posting["jobLocation"] = [{"@type": "Place", "address": _address(place)} for place in onsite]
    if remote or work_model == "remote":
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = [
            {"@type": "Country", "name": country}
            for country in dict.fromkeys(country_code(place.country)
                                         for place in (remote or company.locations))]
    if pay is not None and not pay.is_benchmark:
        posting["baseSalary"] = _salary(pay)
    if role.experience.years_min:
        posting["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": role.experience.years_min * 12}
    return posting


def dumps(posting: dict[str, object], *, for_html: bool = False) -> str:
    """JSON text; ``for_html`` escapes ``<``, ``>`` and ``&`` so it is safe inside ``<script>``."""
    text = json.dumps(posting, ensure_ascii=False, indent=2)
    if for_html:
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text


def export(document: RenderedDocument, options: ExportOptions) -> bytes:
    return (dumps(job_posting(document, options)) + "\n").encode("utf-8")
