"""`jdgen lint PATH…`: postings a recruiter already has, in every format, at their own positions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from jdgen.api import export_documents, render_documents
from jdgen.cli import main
from jdgen.documents import ExportOptions
from jdgen.errors import Position
from jdgen.lint import lint_file
from jdgen.lint.files import read_posting
from jdgen.lint.places import parse_location

from .conftest import COMPANIES, FIXED_TIME, empty_paragraph_word_file

POSTING = """Senior Account Executive

About the role
We need a rockstar salesman who can crush it. He will own inbound leads
and lead generation for a young and dynamic team.

Requirements
- 5+ years closing deals
- Native English speaker
"""


def found(report, rule: str) -> list[str]:
    return [str(f.where) for f in report.findings if f.rule == rule]


def at(path: Path, where: str) -> str:
    """The text of ``path`` from a ``FILE:LINE:COL`` position on."""
    _, line, col = where.rsplit(":", 2)
    return path.read_text(encoding="utf-8").splitlines()[int(line) - 1][int(col) - 1:]


def test_a_text_file_points_at_its_own_lines(tmp_path: Path) -> None:
    path = tmp_path / "posting.txt"
    path.write_text(POSTING, encoding="utf-8")
    report = lint_file(path)
    assert found(report, "exclusionary-jargon") == [f"{path}:4:11"]
    assert found(report, "exclusionary-bro") == [f"{path}:4:37"]  # crush it
    assert at(path, found(report, "gendered-noun")[0]).startswith("salesman")
    assert at(path, found(report, "gendered-pronoun")[0]).startswith("He will")
    assert at(path, found(report, "exclusionary-origin")[0]).startswith("Native English")
    assert [f for f in report.findings if f.rule == "gender-coded" and "lead" in f.text.lower()] == []
    assert found(report, "length") == [str(path)]  # about the whole posting


def test_standard_input_and_several_files_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Role\n\nYou are a ninja.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The chairman decides.\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["lint", str(tmp_path / "a.md"), str(tmp_path / "b.txt"),
                                  "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rules = {(Path(f["file"]).name, f.get("line"), f.get("column"), f["rule"]) for f in data["findings"]}
    assert ("a.md", 3, 11, "exclusionary-jargon") in rules
    assert ("b.txt", 1, 5, "gendered-noun") in rules
    assert set(data["summary"]["files"]) == {str(tmp_path / "a.md"), str(tmp_path / "b.txt")}
    piped = runner.invoke(main, ["lint", "-"], input=POSTING.encode())
    assert piped.exit_code == 1  # errors: a pronoun, an age preference, national origin
    assert "<stdin>:4:47: error[gendered-pronoun]" in piped.stdout


def test_html_points_at_the_element_line(tmp_path: Path) -> None:
    path = tmp_path / "posting.html"
    path.write_text("<html><body>\n<h1>AE</h1>\n<ul>\n  <li>You are a <b>rockstar</b> closer.</li>\n"
                    "</ul><script>var ninja = 1;</script>\n</body></html>\n", encoding="utf-8")
    report = lint_file(path)
    assert found(report, "exclusionary-jargon") == [f"{path}:4:20"]
    assert at(path, f"{path}:4:20").startswith("rockstar")


def test_word_files_point_at_paragraph_and_character(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Account Executive", 1)
    document.add_paragraph("About the role")
    document.add_paragraph("You will be our sales ninja, and he will report to the CEO.")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Digital native preferred."
    path = tmp_path / "posting.docx"
    document.save(str(path))
    report = lint_file(path)
    assert found(report, "exclusionary-jargon") == [f"{path}:3:23"]  # paragraph 3, character 23
    assert found(report, "gendered-pronoun") == [f"{path}:3:34"]
    assert found(report, "exclusionary-age") == [f"{path}:4:1"]  # the table cell


def test_pdf_findings_name_the_page(tmp_path: Path) -> None:
    documents = render_documents("sdr", COMPANIES / "acme.yaml", "jd")
    [data] = export_documents(documents, ["pdf"], Path("out"), ExportOptions(FIXED_TIME)).values()
    path = tmp_path / "sdr.pdf"
    path.write_bytes(data)
    report = lint_file(path)
    [nurture] = [f.where for f in report.findings if f.text == "nurture"]
    assert nurture.page == 1 and str(nurture).startswith(f"{path}#page=1:")
    page = PdfReader(path).pages[0].extract_text().splitlines()
    assert page[nurture.line - 1][nurture.col - 1:].startswith("nurture")


def test_a_long_must_have_list_in_a_file_is_found(tmp_path: Path) -> None:
    bullets = "\n".join(f"- Skill number {i}" for i in range(14))
    path = tmp_path / "long.txt"
    path.write_text(f"Requirements\n{bullets}\n\nNice to have\n- One more\n- Two more\n", encoding="utf-8")
    [finding] = [f for f in lint_file(path).findings if f.rule == "requirements-list"]
    assert finding.text == "14 must-haves"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("posting.pdf", b"%PDF-1.7 not really", "is not a PDF jdgen can read"),
    ("posting.docx", b"PK\x03\x04 broken", "is not a Word file"),
    ("posting.txt", b"caf\xe9 au lait\n", ":1: is not UTF-8 text"),
    ("posting.jsonld", b"{}", "is not a posting jdgen can read"),
])
def test_a_file_that_cannot_be_read_is_one_line_and_exit_2(tmp_path: Path, name: str, data: bytes,
                                                           message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["lint", "--file", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_role_is_still_a_role() -> None:
    result = CliRunner().invoke(main, ["lint", "cso", "--company", str(COMPANIES / "acme.yaml")])
    assert result.exit_code == 0 and result.stdout.endswith("infos\n")
    refused = CliRunner().invoke(main, ["lint", "--role", "--file", "cso"])
    assert refused.exit_code == 2 and "not both" in refused.stderr


def test_read_posting_keeps_bullets_for_counting(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text("<ul><li>One</li><li>Two</li></ul><p>Text</p>", encoding="utf-8")
    assert read_posting(str(path)).text == "- One\n- Two\nText"


COMPLIANT = """Senior Account Executive

Base pay: $120,000 to $150,000 per year, plus commission.

Benefits
- Medical, dental and vision insurance

Apply by 2027-01-31.
"""


def compliance(tmp_path: Path, text: str, *places: str, company: Path | None = None):
    path = tmp_path / "posting.txt"
    path.write_text(text, encoding="utf-8")
    report = lint_file(path, compliance=True, locations=places, company_file=company,
                       as_of=dt.date(2026, 12, 1))
    return path, {f.rule: f for f in report.findings}


def test_a_posting_file_is_checked_against_the_laws_of_its_places(tmp_path: Path) -> None:
    path, found = compliance(tmp_path, COMPLIANT, "Denver, CO")
    assert not {r for r, f in found.items() if f.severity == "error"}
    assert "employer-size-assumed" in found and "pay-transparency" in found
    bare = COMPLIANT.replace("$120,000 to $150,000", "up to $150,000").replace(", plus commission", "")
    path, found = compliance(tmp_path, bare.replace("Apply by 2027-01-31.\n", ""), "Denver, CO")
    assert str(found["pay-range-open-ended"].where) == f"{path}:3:11"
    assert "pay-range-missing" not in found  # the open-ended finding says what to do
    assert found["application-deadline-missing"].suggestion.startswith("say in the posting")
    assert found["other-compensation-missing"].severity == "warning"


def test_a_posting_file_takes_its_places_from_a_company_file(tmp_path: Path) -> None:
    no_benefits = COMPLIANT.replace("Benefits\n- Medical, dental and vision insurance\n", "")
    path, found = compliance(tmp_path, no_benefits, company=COMPANIES / "acme.yaml")
    assert found["benefits-missing"].severity == "error"  # Acme posts remote in the US: Colorado
    assert "employer-size-assumed" not in found
    assert found["benefits-missing"].where == Position(str(path))


def test_compliance_on_a_file_needs_its_places(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(COMPLIANT, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(tmp_path / "p.txt"), "--compliance"])
    assert result.exit_code == 2 and "--location" in result.stderr
    odd = CliRunner().invoke(main, ["lint", str(tmp_path / "p.txt"), "--compliance", "--location", "Mars"])
    assert odd.exit_code == 2 and 'option --location: "Mars" is not a place' in odd.stderr
    ok = CliRunner().invoke(main, ["lint", str(tmp_path / "p.txt"), "--compliance", "--location",
                                   "New York, NY", "--as-of", "2026-12-01"])
    assert ok.exit_code == 0, ok.output


@pytest.mark.parametrize(("text", "place"), [
    ("New York, NY", ("New York", "NY", "United States", False)),
    ("Toronto, ON", ("Toronto", "ON", "Canada", False)),
    ("Berlin, Germany", ("Berlin", None, "Germany", False)),
    ("Austin, Texas, United States", ("Austin", "Texas", "United States", False)),
    ("remote:US-CA", (None, "CA", "US", True)),
    ("remote:US", (None, None, "US", True)),
])
def test_locations_from_the_command_line(text: str, place: tuple) -> None:
    found = parse_location(text)
    assert (found.city, found.region, found.country, found.remote) == place


def test_reading_a_file_is_bounded_in_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from jdgen.lint import files

    def slow(name: str, data: bytes) -> list:
        while True:  # a reader that never finishes, as a pathological file would make it
            time.sleep(0.01)

    monkeypatch.setattr(files, "READ_SECONDS", 0.5)
    monkeypatch.setattr(files, "_text", slow)
    (tmp_path / "p.txt").write_text("text", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(tmp_path / "p.txt")])
    assert result.exit_code == 2 and "could not be read within 0.5 s" in result.stderr


def test_lint_is_bounded_in_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jdgen.lint

    monkeypatch.setattr(jdgen.lint, "LINT_SECONDS", 0.2)
    path = tmp_path / "long.txt"
    path.write_text("Title\n" + "You lead an active, ambitious team. " * 5000, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(path)])
    assert result.exit_code == 2 and "lint did not finish within 0.2 s" in result.stderr
    assert result.stderr.startswith(f"{path}: ")


def test_a_text_far_longer_than_a_posting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_text("A sentence of a book. " * 10_000, encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(path)])
    assert result.exit_code == 2 and "holds more than 200,000 characters" in result.stderr


# --- hostile posting files (found by a red team) ------------------------------------------------

def test_a_word_file_of_millions_of_empty_paragraphs_is_refused_before_parsing(tmp_path: Path) -> None:
    bomb = empty_paragraph_word_file(tmp_path / "bomb.docx")
    result = CliRunner().invoke(main, ["lint", str(bomb)])
    assert result.exit_code == 2 and "has more than 20,000 paragraphs" in result.stderr


def test_odd_input_is_a_clear_error_or_a_clean_lint(tmp_path: Path) -> None:
    page = tmp_path / "utf16.html"
    page.write_bytes("<p>He will sell.</p>".encode("utf-16"))  # located in the text as read
    assert found(lint_file(page), "gendered-pronoun") == [f"{page}:1:4"]
    huge = tmp_path / "huge.txt"
    huge.write_text("Pay: $" + "9" * 400 + " - $" + "9" * 400 + "\n" + "1" + ",111" * 12000,
                    encoding="utf-8")
    assert lint_file(huge).metrics["stated"]["pay"] is None  # no number of 400 digits is pay
    odd = CliRunner().invoke(main, ["lint", str(huge), "--compliance", "--location", "Paris, \x01"])
    assert odd.exit_code == 2 and "is not a place jdgen can read" in odd.stderr
    assert "Traceback" not in odd.stderr and "internal error" not in odd.stderr


def test_bytes_that_are_not_utf8_are_refused_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"Title\n\x80\x81 sales\n")  # even-length junk once passed as UTF-16
    result = CliRunner().invoke(main, ["lint", str(path)])
    assert result.exit_code == 2 and f"{path}:2: is not UTF-8 text" in result.stderr
