"""Pay, benefits and deadline read from the text of a posting file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jdgen.lint import lint_file
from jdgen.lint.files import read_posting
from jdgen.lint.posting_facts import read_facts


def facts(tmp_path: Path, text: str):
    path = tmp_path / "posting.txt"
    path.write_text(text, encoding="utf-8")
    return read_facts(read_posting(str(path))), path


@pytest.mark.parametrize(("text", "pay"), [
    ("Base pay: $120,000 – $150,000 per year.", ("USD", 120000, 150000, "year")),
    ("Gehalt: €50k to €60k annually", ("EUR", 50000, 60000, "year")),
    ("Salary USD 95,000-110,000, plus bonus.", ("USD", 95000, 110000, "year")),
    ("The range is $90-110k per year.", ("USD", 90000, 110000, "year")),
    ("£28.50 – £32.00 an hour", ("GBP", 28, 32, "hour")),
    ("Pay: up to $45 an hour.", ("USD", None, 45, "hour")),
    ("From CA$70,000 a year", ("CAD", 70000, None, "year")),
])
def test_a_stated_pay_range_is_read(tmp_path: Path, text: str, pay: tuple) -> None:
    found, _ = facts(tmp_path, f"Account Executive\n\n{text}\n")
    assert (found.pay.currency, found.pay.base_min, found.pay.base_max, found.pay.period) == pay


@pytest.mark.parametrize("text", ["5-10 years of experience.", "We grew 2019-2024.",
                                  "Teams of 5 to 8 people.", "Call 555-1234."])
def test_numbers_that_are_not_money_are_not_pay(tmp_path: Path, text: str) -> None:
    assert facts(tmp_path, text)[0].pay is None


def test_pay_and_benefits_point_at_their_lines(tmp_path: Path) -> None:
    found, path = facts(tmp_path, "AE\n\nCompensation: $90,000 to $110,000 per year\n\nBenefits\n"
                                  "- Medical, dental and vision insurance\n")
    assert str(found.pay.where) == f"{path}:3:15"
    assert str(found.benefits) == f"{path}:5:1"


@pytest.mark.parametrize(("text", "day", "rolling"), [
    ("Apply by January 31, 2027.", dt.date(2027, 1, 31), False),
    ("Applications close on 31 March 2027", dt.date(2027, 3, 31), False),
    ("Deadline: 2027-02-15", dt.date(2027, 2, 15), False),
    ("Closing date: 2/28/2027", dt.date(2027, 2, 28), False),
    ("We review applications on a rolling basis.", None, True),
    ("Apply today!", None, False),
])
def test_the_deadline_is_read(tmp_path: Path, text: str, day, rolling: bool) -> None:
    found, _ = facts(tmp_path, text)
    assert (found.deadline, found.rolling_deadline) == (day, rolling)


def test_the_json_summary_says_what_the_file_states(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    path.write_text("# AE\n\nPay: $90,000 – $110,000 per year. Health insurance.\n"
                    "Apply by 2027-01-31.\n", encoding="utf-8")
    stated = lint_file(path).metrics["stated"]
    assert stated["pay"]["min"] == 90000 and stated["pay"]["at"] == f"{path}:3:6"
    assert stated["benefits"] == f"{path}:3:35" and stated["deadline"] == "2027-01-31"
