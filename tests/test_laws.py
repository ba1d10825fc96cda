"""`jdgen laws` and the law table's place matching (jdgen/lint/laws.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from jdgen.cli import main
from jdgen.lint.laws import laws, report, resolve
from jdgen.models import Place

DATA = Path(__file__).resolve().parent.parent / "src" / "jdgen" / "lint" / "data" / "pay_transparency.yaml"
LAWS: dict = yaml.safe_load(DATA.read_text(encoding="utf-8"))


def sections(text: str) -> tuple[str, str]:
    """The in-force part of `jdgen laws` output and the coming part."""
    now, _, coming = text.partition("\nComing")
    return now, coming


def test_every_law_is_listed_with_its_law_date_requirements_source_and_checked_day():
    text = report(dt.date(2026, 12, 3))
    for law_id, entry in LAWS.items():
        block = text.split(f"[{law_id}]\n", 1)[1].split("\n    checked:")[0]
        assert f"law:       {' '.join(entry['law'].split())}" in block
        assert f"effective: {entry['effective'].isoformat()}" in block
        assert f"source:    {entry['source']}" in block
        assert f"\n    checked:   {entry['checked'].isoformat()}" in text.split(f"[{law_id}]\n", 1)[1]
    assert "a pay range; a description of benefits; other compensation (bonus, commission, equity); the " \
           "application deadline (from 2024-01-01)" in text  # Colorado
    assert text.rstrip().endswith("Not legal advice: check each source, and ask counsel.")


@pytest.mark.parametrize(("as_of", "in_force", "coming"), [
    ("2026-12-03", {"colorado", "ontario", "eu"}, {"columbus", "delaware"}),
    ("2027-01-01", {"columbus"}, {"delaware"}),
    ("2027-09-26", {"columbus", "delaware"}, set()),
    ("2022-10-01", {"colorado", "jersey-city", "ithaca"}, {"westchester", "new-york-city", "eu"}),
])
def test_as_of_splits_the_laws_in_force_from_those_coming(as_of: str, in_force: set[str], coming: set[str]):
    result = CliRunner().invoke(main, ["laws", "--as-of", as_of])
    assert result.exit_code == 0, result.output
    now, later = sections(result.output)
    assert now.startswith(f"In force on {as_of} (")
    for law_id in in_force:
        assert f"[{law_id}]" in now and f"[{law_id}]" not in later
    for law_id in coming:
        assert f"[{law_id}]" in later and f"[{law_id}]" not in now
    if not coming:
        assert "Coming: none in the table" in result.output
    day = dt.date.fromisoformat(as_of)
    counted = sum(1 for law in laws().values() if law.effective <= day)
    assert now.splitlines()[0] == f"In force on {as_of} ({counted}):"


def test_coming_laws_are_listed_soonest_first():
    later = sections(report(dt.date(2026, 12, 3)))[1]
    assert later.index("[columbus]") < later.index("[delaware]")
    assert "effective: 2027-01-01" in later and "effective: 2027-09-26" in later


def test_without_as_of_the_laws_are_shown_for_today():
    result = CliRunner().invoke(main, ["laws"])
    assert result.exit_code == 0
    assert result.output.startswith(f"In force on {dt.date.today().isoformat()} (")


def test_a_bad_date_is_a_usage_error():
    result = CliRunner().invoke(main, ["laws", "--as-of", "2027-13-01"])
    assert result.exit_code == 2 and "--as-of" in result.output


@pytest.mark.parametrize(("place", "region", "county", "inferred"), [
    (Place(city="New York", country="US"), "new york", None, "New York is in New York"),
    (Place(city="Chicago", country="United States"), "illinois", None, "Chicago is in Illinois"),
    (Place(city="Yonkers", region="NY", country="US"), "ny", "westchester",
     "Yonkers is in Westchester County"),
    (Place(city="White Plains", country="USA"), "new york", "westchester",
     "White Plains is in Westchester County"),
    (Place(city="Mount Vernon", region="Ohio", country="US"), "ohio", None, None),
    (Place(city="Columbus", country="US"), None, None, None),  # Ohio, Georgia, Indiana…
    (Place(city="London", country="United Kingdom"), None, None, None),
])
def test_places_resolve(place: Place, region: str | None, county: str | None, inferred: str | None):
    where = resolve(place)
    assert (where.region, where.county, where.inferred) == (region, county, inferred)


def test_a_table_entry_without_a_checked_day_is_refused():
    from jdgen.lint import laws as module

    entry = {k: v for k, v in LAWS["colorado"].items() if k != "checked"}
    with pytest.raises(ValueError, match="colorado.checked"):
        module._parse("colorado", entry)
    with pytest.raises(ValueError, match="covers_remote"):
        module._parse("colorado", {**LAWS["colorado"], "covers_remote": "sometimes"})
