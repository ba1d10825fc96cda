"""JSON-LD: a schema.org JobPosting that meets Google for Jobs' published property rules.

The rules below follow Google Search Central's JobPosting structured-data reference: required
properties, the remote-job pair, MonetaryAmount/QuantitativeValue salaries with a fixed set of
units, ISO 8601 dates, and recommended properties present only when there is data for them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from jdgen.api import export_documents, render_documents
from jdgen.documents import ExportOptions

from .conftest import FIXED_TIME

EMPLOYMENT_TYPES = {"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER",
                    "PER_DIEM", "OTHER"}
UNITS = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}


def google_job_posting_problems(posting: dict) -> list[str]:
    """What Google for Jobs would reject or flag in ``posting``; empty when it is valid."""
    problems = []
    if posting.get("@context") not in ("https://schema.org/", "https://schema.org"):
        problems.append("@context must be schema.org")
    if posting.get("@type") != "JobPosting":
        problems.append("@type must be JobPosting")
    for key in ("title", "description", "datePosted", "hiringOrganization"):
        if not posting.get(key):
            problems.append(f"missing required {key}")
    if not posting.get("hiringOrganization", {}).get("name"):
        problems.append("hiringOrganization needs a name")
    remote = posting.get("jobLocationType") == "TELECOMMUTE"
    if not posting.get("jobLocation") and not remote:
        problems.append("jobLocation is required unless jobLocationType is TELECOMMUTE")
    if remote and not posting.get("applicantLocationRequirements"):
        problems.append("a TELECOMMUTE job needs applicantLocationRequirements")
    for place in posting.get("jobLocation", []):
        address = place.get("address", {})
        if place.get("@type") != "Place" or address.get("@type") != "PostalAddress":
            problems.append("jobLocation must be Place with a PostalAddress")
        if not address.get("addressCountry"):
            problems.append("each address needs addressCountry")
    dt.date.fromisoformat(posting["datePosted"])
    valid_through = posting.get("validThrough")
    if valid_through and dt.datetime.fromisoformat(valid_through).date() < \
            dt.date.fromisoformat(posting["datePosted"]):
        problems.append("validThrough is before datePosted")
    if "employmentType" in posting and posting["employmentType"] not in EMPLOYMENT_TYPES:
        problems.append("unknown employmentType")
    if salary := posting.get("baseSalary"):
        value = salary.get("value", {})
        if salary.get("@type") != "MonetaryAmount" or len(salary.get("currency", "")) != 3:
            problems.append("baseSalary must be a MonetaryAmount with an ISO 4217 currency")
        if value.get("@type") != "QuantitativeValue" or value.get("unitText") not in UNITS:
            problems.append("baseSalary.value must be a QuantitativeValue with a valid unitText")
        if not ("value" in value or ("minValue" in value and "maxValue" in value)):
            problems.append("baseSalary.value needs value or minValue and maxValue")
        if value.get("minValue", 0) > value.get("maxValue", float("inf")):
            problems.append("minValue is greater than maxValue")
    if "identifier" in posting and not {"name", "value"} <= set(posting["identifier"]):
        problems.append("identifier must be a PropertyValue with name and value")
    if "directApply" in posting and not isinstance(posting["directApply"], bool):
        problems.append("directApply must be true or false")
    problems += [f"empty value at {path}" for path in _empty_values(posting)]
    return problems


def _empty_values(value: object, path: str = "$") -> list[str]:
    if value is None or value == "" or value == [] or value == {}:
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _empty_values(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _empty_values(v, f"{path}[{i}]")]
    return []


def posting_for(role: str, company: Path) -> dict:
    documents = render_documents(role, company, "jd")
    files = export_documents(documents, ["jsonld"], Path("out"), ExportOptions(FIXED_TIME))
    return json.loads(next(iter(files.values())))


def test_acme_posting_is_valid_and_complete(all_formats: dict[str, bytes]) -> None:
    posting = json.loads(all_formats["cso-job-description.jsonld"])
    assert google_job_posting_problems(posting) == []
    assert posting["title"] == "Chief Sales Officer"
    assert posting["datePosted"] == "2026-11-20"  # apply.posted in acme.yaml
    assert posting["validThrough"] == "2026-12-11T23:59:00"
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["baseSalary"]["value"] == {"@type": "QuantitativeValue", "minValue": 310000,
                                              "maxValue": 390000, "unitText": "YEAR"}
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert [p["address"]["addressLocality"] for p in posting["jobLocation"]] == ["Austin", "Chicago"]
    assert posting["applicantLocationRequirements"] == [{"@type": "Country", "name": "US"}]
    assert {p["address"]["addressCountry"] for p in posting["jobLocation"]} == {"US"}
    assert posting["directApply"] is True
    assert posting["identifier"]["value"] == "acme-robotics-cso"
    assert "<h2>What you will do</h2>" in posting["description"]
    assert "<script" not in posting["description"]


def test_missing_salary_is_omitted_not_empty(northwind_unpaid: Path) -> None:
    benchmark_only = posting_for("vp-sales", northwind_unpaid)
    assert "baseSalary" not in benchmark_only  # a market benchmark is not the employer's offer
    no_pay = posting_for("sdr", northwind_unpaid)
    assert "baseSalary" not in no_pay and "validThrough" not in no_pay and "url" not in no_pay
    assert no_pay["directApply"] is False
    for posting in (benchmark_only, no_pay):
        assert google_job_posting_problems(posting) == []
    assert "jobLocationType" not in no_pay and no_pay["jobLocation"][0]["address"] == {
        "@type": "PostalAddress", "addressLocality": "Berlin", "addressCountry": "DE"}


def test_remote_only_posting(company_copy) -> None:
    company = company_copy(("  - city: Austin\n    region: Texas\n    country: United States\n"
                            "  - city: Chicago\n    region: Illinois\n    country: United States\n",
                            ""))
    posting = posting_for("cso", company)
    assert "jobLocation" not in posting
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert google_job_posting_problems(posting) == []


@pytest.mark.parametrize("broken, problem", [
    ({"jobLocation": None, "jobLocationType": None}, "jobLocation is required"),
    ({"applicantLocationRequirements": None}, "needs applicantLocationRequirements"),
    ({"baseSalary": {"@type": "MonetaryAmount", "currency": "USD",
                     "value": {"@type": "QuantitativeValue", "minValue": 1, "maxValue": 2,
                               "unitText": "ANNUAL"}}}, "valid unitText"),
    ({"title": ""}, "missing required title"),
    ({"industry": ""}, "empty value at $.industry"),
])
def test_the_rules_catch_broken_postings(all_formats: dict[str, bytes], broken: dict,
                                         problem: str) -> None:
    posting = json.loads(all_formats["cso-job-description.jsonld"])
    for key, value in broken.items():
        if value is None:
            posting.pop(key, None)
        else:
            posting[key] = value
    assert any(problem in p for p in google_job_posting_problems(posting))
