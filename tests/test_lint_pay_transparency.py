"""The pay-transparency rules: which laws apply to a posting, and what each asks of it.

Contexts are built directly (nothing is rendered): a company file edited from acme.yaml, the cso
role from the library, its resolved pay, and an empty or a small document text.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from jdgen.context import resolve_pay
from jdgen.lint.context import LintContext
from jdgen.lint.findings import Finding
from jdgen.lint.rules import pay_transparency as pt
from jdgen.loading import Library, load_company

from .conftest import without_range

ROOT = Path(__file__).resolve().parent.parent
COMPANIES = ROOT / "companies"
DATA = ROOT / "src" / "jdgen" / "lint" / "data" / "pay_transparency.yaml"
#: The law table read independently of the rule module.
LAWS: dict = yaml.safe_load(DATA.read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 24)
#: The day the table's entries were last checked, at the latest.
CHECKED = dt.date(2026, 12, 3)
#: Laws passed but not in force on TODAY.
COMING = {"columbus": dt.date(2027, 1, 1), "delaware": dt.date(2027, 9, 26)}
LIBRARY = Library()
US = "United States"


# --- helpers -----------------------------------------------------------------------------------

def _replace_block(text: str, key: str, new: str) -> str:
    """Replace the top-level ``key:`` block of a YAML text (up to the next top-level key)."""
    pattern = re.compile(rf"^{key}:.*?(?=^\S)", re.MULTILINE | re.DOTALL)
    assert pattern.search(text), f"no {key} block"
    return pattern.sub(lambda _: new, text, count=1)


def company_file(tmp_path: Path, *, locations: list[dict] | None = None, headcount: int | None = None,
                 compensation: dict | None = None, benefits: bool = True, deadline: bool = True,
                 name: str = "company.yaml") -> Path:
    """acme.yaml with its locations, headcount, compensation, benefits or deadline changed."""
    text = (COMPANIES / "acme.yaml").read_text(encoding="utf-8")
    if locations is not None:
        text = _replace_block(text, "locations", yaml.safe_dump({"locations": locations}, sort_keys=False))
    if headcount is not None:
        text = text.replace("headcount: 640", f"headcount: {headcount}")
    if compensation is not None:
        text = _replace_block(text, "compensation",
                              yaml.safe_dump({"compensation": compensation}, sort_keys=False) if compensation
                              else "")
    if not benefits:
        text = _replace_block(text, "benefits", "")
    if not deadline:
        assert "  deadline: 2026-12-11\n" in text
        text = text.replace("  deadline: 2026-12-11\n", "")
    shutil.copy(COMPANIES / "acme-logo.png", tmp_path / "acme-logo.png")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def context(path: Path, as_of: dt.date = TODAY, text: str = "", role: str = "cso") -> LintContext:
    company, source = load_company(path)
    role_model, role_source = LIBRARY.role_with_source(role)
    return LintContext(text, [], role_model, role_source, company, source,
                       resolve_pay(role_model, company), as_of)


def lint(ctx: LintContext) -> list[Finding]:
    return list(pt.check(ctx))


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def applies(ctx: LintContext) -> set[str]:
    return set(pt.applicable_laws(ctx))


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """The first line holding ``needle`` (after the first line holding ``after``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = line_of(path, after) if after else 0
    return next(n for n, line in enumerate(lines, 1) if n > start and needle in line)


def place_in(entry: dict) -> dict:
    """An on-site location inside a law's jurisdiction, spelt as its table entry first spells it."""
    match = entry["match"]
    place = {"city": match["city"][0] if "city" in match else "White Plains" if "county" in match
             else "Testville"}
    if "region" in match:
        place["region"] = match["region"][0]
    place["country"] = match["country"][0]
    return place


CSO_RANGE = {"cso": {"currency": "USD", "base_min": 310000, "base_max": 390000, "variable_target": 200000,
                     "variable_note": "Annual bonus tied to bookings."}}
TORONTO = [{"city": "Toronto", "region": "Ontario", "country": "Canada"}]
SEATTLE = {"city": "Seattle", "region": "Washington", "country": US}
DENVER = {"city": "Denver", "region": "Colorado", "country": US}


def cso(currency: str, low: int, high: int, period: str = "year", **extra: object) -> dict:
    return {"cso": {"currency": currency, "period": period, "base_min": low, "base_max": high, **extra}}


# --- the table ---------------------------------------------------------------------------------

def test_the_table_covers_the_required_jurisdictions_and_is_well_formed():
    required = {"colorado", "california", "washington", "new-york-state", "new-york-city", "jersey-city",
                "hawaii", "washington-dc", "maryland", "illinois", "minnesota", "new-jersey", "vermont",
                "massachusetts", "cleveland", "ontario", "british-columbia", "eu", "ithaca", "westchester",
                "columbus", "delaware"}
    assert required <= set(LAWS)
    for law_id, entry in LAWS.items():
        assert {"name", "law", "source", "effective", "checked", "employer_min_employees", "match",
                "covers_remote", "requires", "notes"} <= set(entry), law_id
        assert entry["source"].startswith("https://"), law_id
        assert isinstance(entry["effective"], dt.date), law_id
        assert (entry["effective"] > TODAY) == (law_id in COMING), law_id
        assert isinstance(entry["checked"], dt.date) and entry["checked"] <= CHECKED, law_id
        assert isinstance(entry["employer_min_employees"], int) and entry["employer_min_employees"] >= 1
        assert set(entry["requires"]) <= set(pt.REQUIREMENTS), law_id
        assert {"pay_range", "pay_range_before_interview"} & set(entry["requires"]), law_id
        assert entry["match"]["country"], law_id
    assert set(pt.laws()) == set(LAWS)


def test_the_table_is_dated_and_says_it_is_not_legal_advice():
    header = DATA.read_text(encoding="utf-8").split("\ncolorado:")[0]
    assert "2026-11-24" in header and "not legal advice" in header.lower()


#: Effective date and employer-size threshold of every law, pinned so an edit of the table is deliberate.
PINNED = {
    "colorado": ("2021-01-01", 1), "california": ("2023-01-01", 15), "washington": ("2023-01-01", 15),
    "new-york-state": ("2023-09-17", 4), "new-york-city": ("2022-11-01", 4),
    "jersey-city": ("2022-04-13", 5), "hawaii": ("2024-01-01", 50), "washington-dc": ("2024-06-30", 1),
    "maryland": ("2024-10-01", 1), "illinois": ("2025-01-01", 15), "minnesota": ("2025-01-01", 30),
    "new-jersey": ("2025-06-01", 10), "vermont": ("2025-07-01", 5), "massachusetts": ("2025-10-29", 25),
    "cleveland": ("2025-10-27", 15), "ontario": ("2026-01-01", 25), "british-columbia": ("2023-11-01", 1),
    "eu": ("2026-06-07", 1), "ithaca": ("2022-09-01", 4), "westchester": ("2022-11-06", 4),
    "columbus": ("2027-01-01", 15), "delaware": ("2027-09-26", 26),
}


def test_effective_dates_and_thresholds_are_pinned():
    assert {law_id: (e["effective"].isoformat(), e["employer_min_employees"]) for law_id, e in LAWS.items()} \
        == PINNED


def test_specific_facts_of_the_table():
    assert LAWS["colorado"]["requires_from"]["application_deadline"] == dt.date(2024, 1, 1)
    assert (LAWS["ontario"]["max_range_width"], LAWS["ontario"]["exempt_above"]) == (50000, 200000)
    assert LAWS["ontario"]["currency"] == "CAD"
    assert LAWS["eu"]["effective"] == dt.date(2026, 6, 7)
    assert {"Germany", "DE", "France", "FR", "Sweden", "SE"} <= set(LAWS["eu"]["match"]["country"])


def test_rule_ids_and_severities():
    assert {rule.id: rule.severity for rule in pt.RULES} == {
        "pay-transparency": "info", "pay-range-missing": "error", "pay-range-open-ended": "error",
        "pay-range-too-wide": "error", "benefits-missing": "error", "other-compensation-missing": "warning",
        "application-deadline-missing": "error", "pay-period-mismatch": "error",
        "pay-transparency-upcoming": "info", "pay-range-before-interview": "info",
        "commission-statement-missing": "error", "vacancy-statement-missing": "error",
        "ai-disclosure": "info",
        "canadian-experience": "error", "employer-size-assumed": "info"}
    assert pt.COMPLIANCE is True


# --- which laws apply --------------------------------------------------------------------------

@pytest.mark.parametrize("law_id", list(LAWS))
def test_a_posting_there_is_covered_from_the_day_the_law_takes_effect(tmp_path: Path, law_id: str):
    entry = LAWS[law_id]
    path = company_file(tmp_path, locations=[place_in(entry)])
    on_the_day = context(path, entry["effective"])
    assert law_id in applies(on_the_day)
    [info] = [f for f in of(lint(on_the_day), "pay-transparency") if f.link == entry["source"]]
    assert entry["name"] in info.message and entry["law"] in info.message
    assert info.where.line == line_of(path, "- city:")
    assert law_id not in applies(context(path, entry["effective"] - dt.timedelta(days=1)))


@pytest.mark.parametrize("law_id", [i for i, e in LAWS.items() if e["employer_min_employees"] > 1])
def test_employer_size_threshold(tmp_path: Path, law_id: str):
    entry = LAWS[law_id]
    threshold = entry["employer_min_employees"]
    small = company_file(tmp_path, locations=[place_in(entry)], headcount=threshold - 1, name="small.yaml")
    large = company_file(tmp_path, locations=[place_in(entry)], headcount=threshold, name="large.yaml")
    on = max(TODAY, COMING.get(law_id, TODAY))
    assert law_id not in applies(context(small, on))
    assert law_id in applies(context(large, on))


def test_every_employer_is_covered_where_the_threshold_is_one(tmp_path: Path):
    path = company_file(tmp_path, locations=[DENVER], headcount=1)
    assert applies(context(path)) == {"colorado"}


def test_a_remote_us_role_picks_up_the_remote_covering_us_laws_only(tmp_path: Path):
    path = company_file(tmp_path, locations=[{"remote": True, "country": US}])
    found = applies(context(path))
    expected = {i for i, e in LAWS.items() if US in e["match"]["country"] and e["covers_remote"] is True
                and i not in COMING}
    assert found == expected
    assert {"colorado", "california", "washington", "new-york-state", "new-york-city", "illinois",
            "westchester"} <= found
    # Massachusetts reaches a remote role only when its primary place of work is in the state
    assert found.isdisjoint({"jersey-city", "cleveland", "hawaii", "minnesota", "vermont", "ontario",
                             "british-columbia", "eu", "massachusetts", "ithaca", "columbus", "delaware"})


@pytest.mark.parametrize(("place", "expected"), [
    ({"remote": True, "region": "California", "country": "US"}, {"california"}),
    ({"remote": True, "region": "NY", "country": "USA"}, {"new-york-state", "new-york-city", "westchester"}),
    ({"remote": True, "region": "Texas", "country": US}, set()),
    ({"remote": True, "city": "Buffalo", "region": "New York", "country": US}, {"new-york-state"}),
    ({"remote": True, "country": "Canada"}, {"ontario", "british-columbia"}),
    ({"remote": True, "country": "Germany"}, {"eu"}),
    ({"city": "Washington", "region": "D.C.", "country": "U.S."}, {"washington-dc"}),
    ({"city": "Jersey City", "region": "New Jersey", "country": US}, {"jersey-city", "new-jersey"}),
    ({"city": "Brooklyn", "region": "New York", "country": US}, {"new-york-state", "new-york-city"}),
    ({"city": "Buffalo", "region": "New York", "country": US}, {"new-york-state"}),
    ({"city": "Austin", "region": "Texas", "country": US}, set()),
    ({"city": "Zurich", "country": "Switzerland"}, set()),
])
def test_how_locations_match(tmp_path: Path, place: dict, expected: set[str]):
    assert applies(context(company_file(tmp_path, locations=[place]))) == expected


def test_acme_has_no_errors_and_lists_the_laws(acme: Path):
    ctx = context(acme)
    found = lint(ctx)
    assert [f for f in found if f.severity != "info"] == []
    links = {f.link for f in of(found, "pay-transparency")}
    for law_id in ("colorado", "california", "illinois", "washington", "new-york-city", "maryland"):
        assert LAWS[law_id]["source"] in links, law_id
    assert "jersey-city" not in applies(ctx) and "ontario" not in applies(ctx)
    [illinois] = [f for f in found if f.link == LAWS["illinois"]["source"]]
    assert illinois.where.line == line_of(acme, "city: Chicago")
    assert "Chicago" in illinois.message and "Remote (United States)" in illinois.message


def test_a_company_with_no_covered_location_gets_no_findings(tmp_path: Path):
    path = company_file(tmp_path, locations=[{"city": "Austin", "region": "Texas", "country": US}],
                        compensation={}, benefits=False, deadline=False)
    assert lint(context(path, text="Salary: $200k+")) == []


def test_northwind_is_covered_by_the_eu_directive_from_its_transposition_date(northwind: Path,
                                                                              tmp_path: Path):
    unpaid = without_range(northwind, tmp_path, "vp-sales")
    [before] = lint(context(unpaid, dt.date(2026, 6, 6), role="vp-sales"))
    assert before.rule == "pay-transparency-upcoming" and before.severity == "info"
    assert "takes effect on 2026-06-07" in before.message and "before the first interview" in before.message
    found = lint(context(unpaid, role="vp-sales"))  # this copy states no range for the role
    assert [f.link for f in of(found, "pay-transparency")] == [LAWS["eu"]["source"]]
    # Article 5: the range may come before the interview, so a posting without it gets a note
    assert errors(found) == [] and of(found, "pay-range-missing") == []
    [missing] = of(found, "pay-range-before-interview")
    assert missing.severity == "info" and missing.link == LAWS["eu"]["source"]
    assert "European Union" in missing.message and "shows no pay for VP of Sales" in missing.message
    assert "before the first interview" in missing.message
    assert "benchmark" not in missing.message  # the library's benchmark is not the posting's pay
    own_range = lint(context(northwind, role="cso"))  # its CSO posting has its own EUR range
    assert of(own_range, "pay-transparency") and not errors(own_range)


# --- the checks --------------------------------------------------------------------------------

def test_a_role_with_only_a_benchmark_has_no_pay_and_is_an_error_naming_the_laws(tmp_path: Path):
    path = company_file(tmp_path, compensation={"account-executive": {"base_min": 95000, "base_max": 125000}})
    ctx = context(path)
    assert ctx.pay is None  # the cso's library benchmark is never the posting's pay
    [missing] = of(lint(ctx), "pay-range-missing")
    assert missing.severity == "error"
    assert "shows no pay for Chief Sales Officer" in missing.message
    assert "benchmark" not in missing.message and missing.text == ""
    for name in ("Colorado", "California", "Illinois", "Washington", "New York City"):
        assert name in missing.message
    assert missing.link == LAWS["colorado"]["source"]
    assert missing.where.line == line_of(path, "compensation:")


def test_no_pay_at_all_is_an_error(tmp_path: Path):
    path = company_file(tmp_path, locations=[DENVER], compensation=cso("USD", 310000, 390000))
    ctx = context(path, role="sdr")
    assert ctx.pay is None
    [missing] = of(lint(ctx), "pay-range-missing")
    assert "no pay" in missing.message and "Colorado" in missing.message


def test_a_range_in_the_file_but_not_in_the_document_is_missing(tmp_path: Path):
    path = company_file(tmp_path, locations=[DENVER], compensation=CSO_RANGE)
    hidden = lint(context(path, text="Compensation\nCompetitive salary and benefits."))
    assert [f.rule for f in errors(hidden)] == ["pay-range-missing"]
    shown = lint(context(path, text="Base salary: $310,000 to $390,000 per year."))
    assert errors(shown) == []


def test_ontario_range_too_wide(tmp_path: Path):
    wide = company_file(tmp_path, locations=TORONTO, compensation=cso("CAD", 100000, 160000), name="w.yaml")
    [finding] = errors(lint(context(wide)))
    assert finding.rule == "pay-range-too-wide"
    assert "Ontario" in finding.message and "60,000" in finding.message
    assert finding.link == LAWS["ontario"]["source"]
    assert finding.where.line == line_of(wide, "  cso:", after="compensation:")
    limit = company_file(tmp_path, locations=TORONTO, compensation=cso("CAD", 100000, 150000), name="l.yaml")
    assert errors(lint(context(limit))) == []


def test_each_pay_zone_is_measured_against_the_laws_of_the_place_it_names(tmp_path: Path):
    places = [*TORONTO, {"city": "Vancouver", "region": "British Columbia", "country": "Canada"}]
    zones = [{"location": "Vancouver, BC", "base_min": 100000, "base_max": 170000},
             {"location": "Toronto, ON", "base_min": 100000, "base_max": 160000},
             {"location": "Toronto, hired based on experience", "base_min": 120000, "base_max": 150000}]
    path = company_file(tmp_path, locations=places,
                        compensation=cso("CAD", 150000, 230000, zones=zones))  # the default is exempt
    [wide] = errors(lint(context(path)))
    assert wide.rule == "pay-range-too-wide" and wide.text == "CAD 100,000 – 160,000 per year"
    assert wide.message.startswith("the range for Toronto, ON is 60,000 CAD wide a year; at most 50,000")
    assert wide.where.line == line_of(path, "Toronto, ON")  # the zone, not the role's range
    unnamed = company_file(tmp_path, locations=TORONTO, name="u.yaml", compensation=cso(
        "CAD", 150000, 230000, zones=[{"location": "Head office", "base_min": 90000, "base_max": 150000}]))
    assert [f.text for f in errors(lint(context(unnamed)))] == ["CAD 90,000 – 150,000 per year"]
    high = company_file(tmp_path, locations=TORONTO, name="h.yaml", compensation=cso(
        "CAD", 100000, 140000, zones=[{"location": "Toronto, ON", "base_min": 150000, "base_max": 260000}]))
    assert errors(lint(context(high))) == []  # that zone's top is above 200,000: exempt


def test_an_hourly_ontario_range_is_compared_per_year(tmp_path: Path):
    path = company_file(tmp_path, locations=TORONTO, compensation=cso("CAD", 40, 70, "hour"))
    assert [f.rule for f in errors(lint(context(path)))] == ["pay-range-too-wide"]


def test_ontario_exemption_above_200000(tmp_path: Path):
    exempt = company_file(tmp_path, locations=TORONTO, compensation=cso("CAD", 180000, 260000), name="e.yaml")
    found = lint(context(exempt))
    assert errors(found) == []
    [info] = of(found, "pay-transparency")
    assert "does not apply" in info.message
    at_the_limit = company_file(tmp_path, locations=TORONTO, compensation=cso("CAD", 140000, 200000),
                                name="a.yaml")
    assert [f.rule for f in errors(lint(context(at_the_limit)))] == ["pay-range-too-wide"]


def test_a_benchmark_is_not_exempt_in_ontario(tmp_path: Path):
    path = company_file(tmp_path, locations=TORONTO, compensation={})
    [missing] = of(lint(context(path)), "pay-range-missing")
    assert "Ontario" in missing.message


def test_a_range_in_another_currency_is_not_measured_against_ontario_limits(tmp_path: Path):
    path = company_file(tmp_path, locations=TORONTO, compensation=cso("USD", 100000, 300000))
    found = lint(context(path))
    assert errors(found) == []
    [info] = of(found, "pay-transparency")
    assert "did not check" in info.message


def test_colorado_deadline_missing(tmp_path: Path):
    path = company_file(tmp_path, locations=[DENVER], compensation=CSO_RANGE, deadline=False)
    [missing] = errors(lint(context(path, dt.date(2024, 1, 1))))
    assert missing.rule == "application-deadline-missing" and "Colorado" in missing.message
    assert missing.link == LAWS["colorado"]["source"]
    assert missing.where.line == line_of(path, "apply:")
    day_before = lint(context(path, dt.date(2023, 12, 31)))
    assert "colorado" in applies(context(path, dt.date(2023, 12, 31)))
    assert errors(day_before) == []


def test_a_deadline_is_not_asked_for_outside_colorado(tmp_path: Path):
    path = company_file(tmp_path, locations=[SEATTLE], compensation=CSO_RANGE, deadline=False)
    assert errors(lint(context(path))) == []


PAY_LINE = "Base salary: $310,000 to $390,000 per year.\n"


@pytest.mark.parametrize("phrase", [
    "Base salary: $200k+ plus bonus.",
    "Salary: up to $250,000 a year.",
    "Base pay from $150,000.",
    "Compensation starting at $150,000 per year.",
    "Salary: USD 120,000 and up.",
])
def test_an_open_ended_range_in_the_text_is_an_error(tmp_path: Path, phrase: str):
    path = company_file(tmp_path, compensation=CSO_RANGE)
    [finding] = errors(lint(context(path, text=PAY_LINE + phrase)))
    assert finding.rule == "pay-range-open-ended"
    assert finding.text in phrase and re.search(r"\d", finding.text)
    assert "Colorado" in finding.message


@pytest.mark.parametrize("phrase", [
    "Base salary from $150,000 to $190,000 per year.",
    "Base salary: $150,000 – $190,000 per year.",
    "Market benchmark: base salary of $284,126 to $407,750 per year, with total compensation reaching "
    "up to $451,889.",
    "Uncapped commission of up to $95,000 a year.",
    "A learning budget of up to USD 3,000.",
    "You have led teams carrying $50M+ in quota.",
])
def test_closed_ranges_and_other_amounts_are_not_open_ended(tmp_path: Path, phrase: str):
    path = company_file(tmp_path, compensation=CSO_RANGE)
    assert errors(lint(context(path, text=PAY_LINE + phrase))) == []


def test_open_ended_text_is_reported_once_where_it_repeats(tmp_path: Path):
    path = company_file(tmp_path, compensation=CSO_RANGE)
    text = PAY_LINE + "Salary: $200k+.\nWe pay $200k+ in base salary."
    assert len(of(lint(context(path, text=text)), "pay-range-open-ended")) == 1


@pytest.mark.parametrize(("period", "low", "high", "bad"), [
    ("hour", 310000, 390000, True),
    ("year", 45, 60, True),
    ("hour", 45, 60, False),
    ("year", 310000, 390000, False),
    ("hour", 900, 1000, False),
])
def test_hourly_and_annual_mismatch(tmp_path: Path, period: str, low: int, high: int, bad: bool):
    path = company_file(tmp_path, locations=[SEATTLE],
                        compensation=cso("USD", low, high, period, variable_note="No bonus."))
    found = of(lint(context(path)), "pay-period-mismatch")
    assert len(found) == int(bad)
    if bad:
        assert found[0].severity == "error"
        assert found[0].where.line == line_of(path, "  cso:", after="compensation:")


def test_a_benefits_less_posting_in_washington(tmp_path: Path):
    path = company_file(tmp_path, locations=[SEATTLE], benefits=False)
    [missing] = errors(lint(context(path)))
    assert missing.rule == "benefits-missing" and "Washington" in missing.message
    assert missing.link == LAWS["washington"]["source"]
    assert context(path).company.benefits == []


def test_benefits_are_not_asked_for_where_the_law_does_not(tmp_path: Path):
    path = company_file(tmp_path, locations=[{"city": "Los Angeles", "region": "CA", "country": US}],
                        benefits=False)
    assert errors(lint(context(path))) == []


def test_one_finding_per_problem_naming_every_law(tmp_path: Path):
    path = company_file(tmp_path, locations=[SEATTLE, DENVER], benefits=False,
                        compensation=cso("USD", 310000, 390000))
    found = lint(context(path))
    [benefits] = of(found, "benefits-missing")
    assert "Colorado" in benefits.message and "Washington" in benefits.message
    [other] = of(found, "other-compensation-missing")
    assert other.severity == "warning" and "Colorado" in other.message and "Washington" in other.message
    assert len(of(found, "pay-transparency")) == 2


def test_other_compensation_is_satisfied_by_a_note(tmp_path: Path):
    path = company_file(tmp_path, locations=[SEATTLE],
                        compensation=cso("USD", 310000, 390000, variable_note="This role has no bonus."))
    assert of(lint(context(path)), "other-compensation-missing") == []


# --- places: well-known cities, counties, headquarters ---------------------------------------------

@pytest.mark.parametrize(("place", "expected"), [
    ({"city": "New York", "country": US}, {"new-york-state", "new-york-city"}),
    ({"city": "Chicago", "country": "USA"}, {"illinois"}),
    ({"city": "White Plains", "region": "New York", "country": US}, {"new-york-state", "westchester"}),
    ({"city": "Yonkers", "region": "NY", "country": US}, {"new-york-state", "westchester"}),
    ({"city": "New Rochelle", "country": US}, {"new-york-state", "westchester"}),
    ({"city": "Mount Vernon", "region": "NY", "country": US}, {"new-york-state", "westchester"}),
    ({"city": "Mount Vernon", "region": "Washington", "country": US}, {"washington"}),
    ({"city": "Westchester", "region": "New York", "country": US}, {"new-york-state", "westchester"}),
    ({"remote": True, "city": "Yonkers", "region": "New York", "country": US},
     {"new-york-state", "westchester"}),
    ({"city": "Ithaca", "region": "New York", "country": US}, {"new-york-state", "ithaca"}),
    ({"remote": True, "region": "New York", "city": "Ithaca", "country": US}, {"new-york-state"}),
    ({"city": "Boston", "region": "Massachusetts", "country": US}, {"massachusetts"}),
    ({"remote": True, "region": "Massachusetts", "country": US}, {"massachusetts"}),
    ({"city": "Columbus", "region": "Ohio", "country": US}, set()),  # not in force on TODAY
])
def test_cities_resolve_to_their_state_and_county(tmp_path: Path, place: dict, expected: set[str]):
    assert applies(context(company_file(tmp_path, locations=[place]))) == expected


def test_a_city_without_a_region_says_how_jdgen_placed_it(tmp_path: Path):
    path = company_file(tmp_path, locations=[{"city": "New York", "country": US}])
    infos = {f.link: f.message for f in of(lint(context(path)), "pay-transparency")}
    assert "jdgen takes it that New York is in New York" in infos[LAWS["new-york-city"]["source"]]
    county = company_file(tmp_path, locations=[{"city": "Yonkers", "region": "NY", "country": US}],
                          name="county.yaml")
    infos = {f.link: f.message for f in of(lint(context(county)), "pay-transparency")}
    assert "Yonkers is in Westchester County" in infos[LAWS["westchester"]["source"]]


def _headquartered(tmp_path: Path, hq: dict, locations: list[dict], name: str = "hq.yaml") -> Path:
    path = company_file(tmp_path, locations=locations, name=name)
    text = _replace_block(path.read_text(encoding="utf-8"), "headquarters",
                          yaml.safe_dump({"headquarters": hq}, sort_keys=False))
    path.write_text(text, encoding="utf-8")
    return path


TEXAS_REMOTE = [{"remote": True, "region": "Texas", "country": US}]


@pytest.mark.parametrize(("hq", "expected"), [
    ({"city": "New York", "region": "New York", "country": US}, {"new-york-state"}),
    ({"city": "Chicago", "region": "Illinois", "country": US}, {"illinois"}),
    ({"city": "Boston", "region": "Massachusetts", "country": US}, {"massachusetts"}),
    ({"city": "Burlington", "region": "Vermont", "country": US}, {"vermont"}),
    ({"city": "Denver", "region": "Colorado", "country": US}, set()),  # no reporting rule
    ({"city": "Austin", "region": "Texas", "country": US}, set()),
])
def test_a_remote_role_elsewhere_reports_to_the_headquarters(tmp_path: Path, hq: dict, expected: set[str]):
    path = _headquartered(tmp_path, hq, TEXAS_REMOTE)
    found = lint(context(path))
    assert applies(context(path)) == expected
    for info in of(found, "pay-transparency"):
        assert f"report to the headquarters in {hq['city']}" in info.message
        assert "supervisor or office" in info.message


def test_an_on_site_role_elsewhere_does_not_report_to_the_headquarters(tmp_path: Path):
    path = _headquartered(tmp_path, {"city": "New York", "region": "NY", "country": US},
                          [{"city": "Austin", "region": "Texas", "country": US}])
    assert applies(context(path)) == set()


# --- laws passed but not yet in force -----------------------------------------------------------

def test_columbus_is_noted_before_it_is_enforced_and_applies_from_2027(tmp_path: Path):
    path = company_file(tmp_path, locations=[{"city": "Columbus", "region": "Ohio", "country": US}],
                        compensation={})
    today = lint(context(path))
    assert errors(today) == []
    [note] = of(today, "pay-transparency-upcoming")
    assert note.severity == "info" and note.link == LAWS["columbus"]["source"]
    assert "Columbus Ordinance 2898-2025" in note.message
    assert "takes effect on 2027-01-01" in note.message and "a pay range" in note.message
    assert note.where.line == line_of(path, "- city:")
    later = lint(context(path, dt.date(2027, 1, 1)))
    assert of(later, "pay-transparency-upcoming") == []
    [missing] = of(later, "pay-range-missing")
    assert "Columbus" in missing.message
    assert "columbus" not in applies(context(path, dt.date(2026, 12, 31)))


def test_a_columbus_without_a_state_is_not_columbus_ohio(tmp_path: Path):
    path = company_file(tmp_path, locations=[{"city": "Columbus", "country": US}])
    assert of(lint(context(path, dt.date(2027, 6, 1))), "pay-transparency") == []
    assert of(lint(context(path)), "pay-transparency-upcoming") == []


def test_delaware_from_2027_09_26_with_remote_roles_of_a_delaware_company(tmp_path: Path):
    on_site = company_file(tmp_path, locations=[{"city": "Wilmington", "region": "DE", "country": US}],
                           benefits=False)
    [note] = of(lint(context(on_site)), "pay-transparency-upcoming")
    assert "2027-09-26" in note.message and "a description of benefits" in note.message
    assert errors(lint(context(on_site))) == []
    assert "delaware" in applies(context(on_site, dt.date(2027, 9, 26)))
    [benefits] = of(lint(context(on_site, dt.date(2027, 9, 26))), "benefits-missing")
    assert "Delaware" in benefits.message
    remote = _headquartered(tmp_path, {"city": "Wilmington", "region": "Delaware", "country": US},
                            TEXAS_REMOTE)
    assert applies(context(remote, dt.date(2027, 9, 26))) == {"delaware"}
    small = company_file(tmp_path, locations=[{"city": "Dover", "region": "DE", "country": US}],
                         headcount=25, name="small.yaml")
    assert of(lint(context(small)), "pay-transparency-upcoming") == []  # 26 or more employees


# --- what each law asks -------------------------------------------------------------------------

ALBANY = {"city": "Albany", "region": "New York", "country": US}
COMMISSION_ONLY = cso("USD", 0, 0, variable_target=250000)
OTE = "On-target earnings of $250,000."


def test_commission_only_pay_must_say_so_in_new_york(tmp_path: Path):
    path = company_file(tmp_path, locations=[ALBANY], compensation=COMMISSION_ONLY)
    found = lint(context(path, text="Pay\nOn-target earnings of $250,000."))
    [missing] = of(found, "commission-statement-missing")
    assert missing.severity == "error" and "New York State" in missing.message
    assert "commission only" in missing.message and missing.where.line == line_of(path, "cso:")
    assert of(found, "pay-period-mismatch") == []  # 0 – 0 is commission only, not a wrong period
    said = lint(context(path, text="Pay\nThis role is paid on commission only: $250,000 on target."))
    assert of(said, "commission-statement-missing") == []


def test_a_commission_note_is_the_statement(tmp_path: Path):
    noted = cso("USD", 0, 0, variable_target=250000, variable_note="Pay is based entirely on commission.")
    path = company_file(tmp_path, locations=[ALBANY], compensation=noted)
    assert of(lint(context(path, text=OTE)), "commission-statement-missing") == []


def test_commission_statements_are_asked_only_where_a_law_asks_them(tmp_path: Path):
    path = company_file(tmp_path, locations=[DENVER], compensation=COMMISSION_ONLY)
    assert of(lint(context(path, text=OTE)), "commission-statement-missing") == []
    salaried = company_file(tmp_path, locations=[ALBANY], compensation=CSO_RANGE, name="salaried.yaml")
    assert of(lint(context(salaried, text="$310,000 to $390,000")), "commission-statement-missing") == []


def test_vermont_asks_commission_only_pay_to_say_so(tmp_path: Path):
    path = company_file(tmp_path, locations=[{"city": "Burlington", "region": "Vermont", "country": US}],
                        compensation=COMMISSION_ONLY)
    [missing] = of(lint(context(path, text=OTE)), "commission-statement-missing")
    assert "Vermont" in missing.message and missing.link == LAWS["vermont"]["source"]


def test_colorado_accepts_a_rolling_deadline_said_in_the_posting(tmp_path: Path):
    path = company_file(tmp_path, locations=[DENVER], deadline=False)
    assert of(lint(context(path, text="Apply by email.")), "application-deadline-missing")
    said = lint(context(path, text="We review applications on a rolling basis."))
    assert of(said, "application-deadline-missing") == []
    text = path.read_text(encoding="utf-8").replace(
        "  instructions: Send your resume", "  instructions: We accept applications on an ongoing basis. "
        "Send your resume")
    path.write_text(text, encoding="utf-8")
    assert of(lint(context(path)), "application-deadline-missing") == []


def test_the_deadline_finding_suggests_the_rolling_statement(tmp_path: Path):
    path = company_file(tmp_path, locations=[DENVER], deadline=False)
    [missing] = of(lint(context(path)), "application-deadline-missing")
    assert "rolling basis" in missing.suggestion and "deadline: YYYY-MM-DD" in missing.suggestion


ONTARIO_RANGE = cso("CAD", 150000, 190000)
ONTARIO_TEXT = ("Pay: CAD 150,000 to 190,000 per year.\nThis posting is for an existing vacancy.\n"
                "We do not use artificial intelligence to screen applicants.")


def test_ontario_posting_statements(tmp_path: Path):
    path = company_file(tmp_path, locations=TORONTO, compensation=ONTARIO_RANGE)
    assert [f for f in lint(context(path, text=ONTARIO_TEXT)) if f.severity != "info" or
            f.rule == "ai-disclosure"] == []
    bare = lint(context(path, text="Pay: CAD 150,000 to 190,000 per year."))
    [vacancy] = of(bare, "vacancy-statement-missing")
    assert vacancy.severity == "error" and "Ontario" in vacancy.message
    assert vacancy.where.line == line_of(path, "apply:")
    [ai] = of(bare, "ai-disclosure")
    assert ai.severity == "info" and "if AI screens, assesses or selects applicants" in ai.message
    assert of(lint(context(path)), "vacancy-statement-missing") == []  # no document, nothing to read


@pytest.mark.parametrize(("sentence", "flagged"), [
    ("Canadian experience required.", True),
    ("Five years of Canadian work experience in B2B sales.", True),
    ("No Canadian experience is needed.", False),
    ("Experience selling to Canadian customers.", False),
])
def test_ontario_forbids_requiring_canadian_experience(tmp_path: Path, sentence: str, flagged: bool):
    path = company_file(tmp_path, locations=TORONTO, compensation=ONTARIO_RANGE)
    found = of(lint(context(path, text=f"{ONTARIO_TEXT}\n{sentence}")), "canadian-experience")
    assert bool(found) == flagged
    if flagged:
        assert found[0].severity == "error" and "Canadian" in found[0].text
        assert "forbidden by the law of Ontario" in found[0].message


def test_canadian_experience_is_not_checked_outside_ontario(tmp_path: Path):
    path = company_file(tmp_path, locations=[SEATTLE], compensation=CSO_RANGE)
    text = "$310,000 to $390,000. Canadian experience required."
    assert of(lint(context(path, text=text)), "canadian-experience") == []
