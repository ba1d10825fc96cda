"""Postings: pay only from the company, build output for pay-law problems, per-role details and
dates, blind (confidential) postings and locale."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from jdgen.api import export_documents, render_documents
from jdgen.cli import main
from jdgen.documents import ExportOptions
from jdgen.errors import ConfigurationError
from jdgen.lint.tracing import document_text
from jdgen.posting import british, british_markup, generic_description, redact

from .conftest import FIXED_TIME, without_range, yaml_at

LANGUAGE = "language: en-US"
DEADLINE = "  deadline: 2026-12-11"
ACME = (Path(__file__).resolve().parent.parent / "companies" / "acme.yaml").read_text(encoding="utf-8")
#: The company_copy edit that makes Acme's search confidential.
CONFIDENTIAL = (("  confidential: false", "  confidential: true") if "  confidential: false" in ACME
                else ("\nsearch:\n", "\nsearch:\n  confidential: true\n"))
NEUTRAL_APPLY = "\npostings:\n  cso:\n    apply:\n      email: cso-search@firm.example\n"


def outputs(role: str, company: Path, formats=("html", "md", "txt", "jsonld"), **kw) -> dict[str, str]:
    documents = render_documents(role, company, "jd", **kw)
    files = export_documents(documents, list(formats), Path("out"), ExportOptions(FIXED_TIME))
    return {path.suffix.lstrip("."): data.decode("utf-8") for path, data in files.items()}


# --- 1. pay only from the company ------------------------------------------------------------------

@pytest.mark.parametrize("role", ["vp-sales", "cro", "sales-manager"])
def test_a_role_without_the_companys_range_has_no_pay_in_any_format(northwind_unpaid: Path,
                                                                   role: str) -> None:
    found = outputs(role, northwind_unpaid)
    for fmt, text in found.items():
        assert "$" not in text and "benchmark" not in text.lower(), fmt
        assert "Base pay" not in text and "Compensation" not in text, fmt
        assert "Levinne" not in text, fmt  # no benchmark citation
    assert "baseSalary" not in json.loads(found["jsonld"])


def test_the_companys_own_range_is_shown_in_its_currency(northwind: Path) -> None:
    found = outputs("cso", northwind)
    assert "€150,000 – €185,000 per year" in found["html"] and "$" not in found["txt"]
    salary = json.loads(found["jsonld"])["baseSalary"]
    assert salary["currency"] == "EUR" and salary["value"]["minValue"] == 150000


def test_the_benchmark_stays_available_for_internal_use(northwind_unpaid: Path) -> None:
    [document] = render_documents("vp-sales", northwind_unpaid, "jd")
    assert document.models["pay"] is None
    assert document.models["benchmark"].is_benchmark and document.models["benchmark"].source.author


def test_jdgen_roles_shows_the_benchmark_for_internal_use() -> None:
    lines = CliRunner().invoke(main, ["roles"]).output.splitlines()
    assert re.search(r"^cso +Chief Sales Officer +benchmark \$[\d,]+–\$[\d,]+ per year$", lines[0])


def test_pay_zones_are_shown_per_location(company_copy) -> None:
    path = company_copy(("    variable_target: 200000\n",
                         "    variable_target: 200000\n    zones:\n"
                         "      - {location: \"New York, NY\", base_min: 340000, base_max: 420000}\n"))
    found = outputs("cso", path)
    assert "Base salary in New York, NY: $340,000 to $420,000 per year." in found["html"]
    assert "Base salary in every other location: $310,000 to $390,000 per year." in found["html"]
    assert "New York, NY: $340,000 – $420,000" in found["html"]  # the at-a-glance line
    salary = json.loads(found["jsonld"])["baseSalary"]
    assert [(s.get("name"), s["value"]["minValue"], s["value"]["maxValue"]) for s in salary] == [
        ("Other locations", 310000, 390000), ("New York, NY", 340000, 420000)]


def test_an_inverted_zone_is_a_positioned_error(company_copy) -> None:
    path = company_copy(("    variable_target: 200000\n",
                         "    variable_target: 200000\n    zones:\n"
                         "      - {location: Seattle, base_min: 500000, base_max: 400000}\n"))
    with pytest.raises(ConfigurationError) as caught:
        render_documents("cso", path, "jd")
    assert re.match(r".*company\.yaml:\d+:\d+: .*base_min \(500,000\) is greater than base_max",
                    caught.value.message)


# --- 2. build output for pay-transparency problems ------------------------------------------------

def _acme_unpaid(acme: Path, tmp_path: Path) -> Path:
    """Acme with no range for its VP of Sales: an error under the US posting laws (the EU directive
    lets a range wait for the interview, so Northwind no longer breaks a law this way)."""
    shutil.copy(acme.parent / "acme-logo.png", tmp_path / "acme-logo.png")
    return without_range(acme, tmp_path, "vp-sales")


def test_build_prints_each_pay_law_error_with_a_working_command(acme: Path, tmp_path: Path) -> None:
    runner, company = CliRunner(), _acme_unpaid(acme, tmp_path)
    result = runner.invoke(main, ["build", "vp-sales", "--company", str(company), "--out",
                                  str(tmp_path / "out"), "--format", "html"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    [error] = [line for line in lines if "error[pay-range-missing]" in line]
    assert re.match(r".*acme\.yaml:\d+:\d+: error\[pay-range-missing\] the posting shows no pay "
                    r"for VP of Sales; .*Colorado", error)
    command = f"jdgen lint vp-sales --company {company} --compliance"
    assert lines[-1].endswith(f"(details: {command})")
    explained = runner.invoke(main, command.split()[1:])
    assert explained.exit_code == 1 and "error[pay-range-missing]" in explained.output


def test_strict_build_writes_nothing_when_a_pay_law_is_broken(acme: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "vp-sales", "--company", str(_acme_unpaid(acme, tmp_path)),
                                       "--out", str(tmp_path / "out"), "--format", "html", "--strict"])
    assert result.exit_code != 0 and "error[pay-range-missing]" in result.stderr
    assert "nothing was written" in result.stderr
    assert not any(tmp_path.rglob("*.html"))


# --- 3. per-role posting details --------------------------------------------------------------------

def test_the_company_wide_hiring_manager_is_named_only_for_roles_reporting_to_them(acme: Path) -> None:
    assert "Hiring manager: Dana Whitfield, Chief Executive Officer" in outputs("cso", acme)["html"]
    for role in ("sdr", "account-executive"):
        assert "Dana Whitfield" not in outputs(role, acme)["html"], role


def test_a_manager_still_being_hired_leaves_the_hire_to_the_company_wide_hiring_manager(
        acme: Path) -> None:
    html = outputs("vp-sales", acme)["html"]  # Acme's CSO is being hired
    assert "<dd>Chief Sales Officer (being hired)</dd>" in html
    assert "Hiring manager: Dana Whitfield, Chief Executive Officer" in html
    assert "We are also hiring a Chief Sales Officer" in html
    assert "Our Chief Sales Officer sets" not in html


def test_the_person_the_org_names_is_the_hiring_manager_of_those_reporting_to_them(acme: Path) -> None:
    assert "Hiring manager: Rafael Ortiz, VP of Sales" in outputs("sales-manager", acme)["html"]
    assert "Hiring manager" not in outputs("sales-team-lead", acme)["html"]  # six Sales Managers


@pytest.mark.parametrize(("seat", "message"), [
    ("{count: 3, reports_to: vp-sales, name: Kim Lee}",
     "org.sales-manager.name: a name is given for a seat 3 people hold — name only a seat one "
     "person holds (count: 1), or give the hiring manager in `postings: ROLE: hiring_manager:`"),
    ("{count: 1, reports_to: vp-sales, status: hiring, name: Kim Lee}",
     "org.sales-manager.name: a name is given for a seat that is being hired — remove the name, "
     "or set `status: filled` once the person is in place"),
])
def test_a_name_only_for_a_seat_one_person_holds(company_copy, monkeypatch, seat: str,
                                                 message: str) -> None:
    path = company_copy(("  sales-manager: {count: 3, reports_to: vp-sales}", f"  sales-manager: {seat}"))
    monkeypatch.chdir(path.parent)
    result = CliRunner().invoke(main, ["validate", "--company", path.name])
    assert result.exit_code == 2, result.output
    assert result.output.strip() == f"{yaml_at(path, 'sales-manager: {', 'Kim Lee')}: {message}"


def test_a_posting_entry_sets_its_own_details(company_copy) -> None:
    path = company_copy((LANGUAGE, LANGUAGE + "\npostings:\n  sdr:\n    hiring_manager:\n"
                         "      name: Priya Natarajan\n      title: Sales Team Lead\n"
                         "    work_model: hybrid\n    posted: 2026-11-20\n    deadline: 2026-12-18\n"))
    found = outputs("sdr", path)
    assert "Hiring manager: Priya Natarajan, Sales Team Lead" in found["html"]
    assert "Full-time, hybrid" in found["html"]
    assert "Applications close on December 18, 2026." in found["html"]
    posting = json.loads(found["jsonld"])
    assert posting["datePosted"] == "2026-11-20" and posting["validThrough"] == "2026-12-18T23:59:00"


def test_without_a_posting_date_json_ld_uses_the_build_date(company_copy) -> None:
    path = company_copy(("  posted: 2026-11-20", "  # no posting date"))
    posting = json.loads(outputs("cso", path)["jsonld"])
    assert posting["datePosted"] == FIXED_TIME.date().isoformat()
    assert posting["validThrough"] == "2026-12-11T23:59:00"


def test_a_posting_deadline_satisfies_colorados_deadline_rule(company_copy) -> None:
    from jdgen.lint import run_lint

    colorado = ("    region: Illinois", "    region: Colorado")
    def rules(path: Path) -> set[str]:
        return {f.rule for f in run_lint("cso", path, compliance=True).findings}

    assert "application-deadline-missing" in rules(company_copy(colorado, (DEADLINE + "\n", ""),
                                                                name="a.yaml"))
    own = company_copy(colorado, (DEADLINE + "\n", ""),
                       (LANGUAGE, LANGUAGE + "\npostings:\n  cso:\n    deadline: 2026-12-11\n"),
                       name="b.yaml")
    assert "application-deadline-missing" not in rules(own)


def test_work_model_remote_is_telecommute_in_json_ld(company_copy) -> None:
    path = company_copy((LANGUAGE, LANGUAGE + "\nwork_model: remote\n"))
    posting = json.loads(outputs("cso", path)["jsonld"])
    assert posting["jobLocationType"] == "TELECOMMUTE" and "jobLocation" not in posting
    assert "Full-time, remote" in outputs("cso", path)["html"]


def test_a_deadline_before_the_posting_date_is_an_error_at_the_deadline(company_copy) -> None:
    path = company_copy(("  posted: 2026-11-20", "  posted: 2027-02-01"))
    with pytest.raises(ConfigurationError) as caught:
        render_documents("cso", path, "jd")
    line = path.read_text().splitlines().index(DEADLINE) + 1
    assert caught.value.message == (
        f"{path}:{line}:13: the application deadline 2026-12-11 is before the posting date "
        "2027-02-01 — set a deadline on or after the posting date")


def test_a_posting_deadline_is_checked_at_its_own_line(company_copy) -> None:
    path = company_copy((LANGUAGE, LANGUAGE + "\npostings:\n  cso:\n    posted: 2026-12-01\n"
                         "    deadline: 2026-11-30\n"))
    result = CliRunner().invoke(main, ["build", "cso", "--company", str(path), "--out",
                                       str(path.parent / "out"), "--format", "html"])
    line = path.read_text().splitlines().index("    deadline: 2026-11-30") + 1
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:{line}:15: the application deadline 2026-11-30 is before")


def test_a_date_under_a_postings_apply_is_refused_not_ignored(company_copy) -> None:
    path = company_copy((LANGUAGE, LANGUAGE + "\npostings:\n  sdr:\n    apply:\n"
                         "      email: a@b.example\n      deadline: 2027-01-15\n"))
    result = CliRunner().invoke(main, ["validate", "--company", str(path)])
    line = path.read_text().splitlines().index("      deadline: 2027-01-15") + 1
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:{line}:")
    assert "a role's deadline goes directly under its postings entry — move `deadline:` up one level" \
        in result.stderr


def test_validate_checks_every_postings_dates(company_copy) -> None:
    path = company_copy(("  posted: 2026-11-20", "  posted: 2027-02-01"),
                        (LANGUAGE, LANGUAGE + "\npostings:\n  sdr:\n    deadline: 2027-01-15\n"))
    result = CliRunner().invoke(main, ["validate", "--company", str(path)])
    lines = path.read_text().splitlines()
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:{lines.index(DEADLINE) + 1}:13: the application deadline 2026-12-11 is before the "
        "posting date 2027-02-01 — set a deadline on or after the posting date",
        f"{path}:{lines.index('    deadline: 2027-01-15') + 1}:15: the application deadline 2027-01-15 "
        "is before the posting date 2027-02-01 — set a deadline on or after the posting date"]


def test_a_past_deadline_without_a_posting_date_is_an_error(company_copy, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1801440000")  # 2027-02-01
    with pytest.raises(ConfigurationError, match="2026-12-11 has passed .today is 2027-02-01."):
        render_documents("cso", company_copy(("  posted: 2026-11-20", "")), "jd")


# --- 4. blind and confidential postings -------------------------------------------------------------

def assert_blind(found: dict[str, str]) -> None:
    for fmt in ("html", "md", "txt"):
        text = found[fmt] if fmt != "html" else document_text(found["html"])
        for name in ("Acme", "Dana Whitfield", "Whitfield", "acme-robotics"):
            assert name not in text, (fmt, name)
    assert "<img" not in found["html"]
    posting = json.loads(found["jsonld"])
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": "Confidential"}
    assert "acme" not in json.dumps(posting).lower()


def test_a_confidential_search_posts_blind(company_copy) -> None:
    path = company_copy(CONFIDENTIAL,
                        (LANGUAGE, LANGUAGE + NEUTRAL_APPLY))
    found = outputs("cso", path)
    assert_blind(found)
    text = document_text(found["html"])
    assert "About the company" in text and "Confidential search" in text
    assert generic_description(render_documents("cso", path, "jd")[0].models["company"]) in text
    assert "A Series C company in industrial automation software and robotics with several hundred " \
           "people, selling in North America and Europe." in text
    assert "cso-search@firm.example" in text and "paid by the company" in text


def test_the_companys_requirements_join_every_postings_must_haves(company_copy) -> None:
    need = "Fluent Spanish: Acme's partners in Mexico work in Spanish."
    path = company_copy(("\nbenefits:\n", f"\nrequirements:\n  - \"{need}\"\nbenefits:\n"))
    for role in ("cso", "sdr"):
        html = outputs(role, path, formats=("html",))["html"]
        skills = document_text(html.split('<section id="skills">')[1].split("</section>")[0])
        assert need in skills, role
    documents = render_documents("cso", path, "jd")
    [data] = export_documents(documents, ["docx"], Path("out"), ExportOptions(FIXED_TIME)).values()
    bullets = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name == "List Bullet"]
    assert need in bullets
    blind = company_copy(CONFIDENTIAL, (LANGUAGE, LANGUAGE + NEUTRAL_APPLY),
                         ("\nbenefits:\n", f"\nrequirements:\n  - \"{need}\"\nbenefits:\n"))
    assert "Fluent Spanish: The company's partners in Mexico" in document_text(outputs("cso", blind)["html"])


def test_blind_option_makes_any_build_blind(company_copy, tmp_path: Path) -> None:
    path = company_copy((LANGUAGE, LANGUAGE + NEUTRAL_APPLY))
    assert_blind(outputs("cso", path, blind=True))
    result = CliRunner().invoke(main, ["build", "cso", "--company", str(path), "--out", str(tmp_path),
                                       "--format", "pdf,html", "--doc", "jd", "--blind"])
    assert result.exit_code == 0, result.output
    assert "--blind" in result.stderr.splitlines()[-1]


def test_a_blind_bundle_still_lists_the_logo_the_checklist_uses(company_copy, tmp_path: Path) -> None:
    import zipfile

    path = company_copy((LANGUAGE, LANGUAGE + NEUTRAL_APPLY))
    result = CliRunner().invoke(main, ["build", "cso", "--company", str(path), "--out", str(tmp_path),
                                       "--format", "html", "--blind", "--bundle"])
    assert result.exit_code == 0, result.output
    [bundle] = tmp_path.rglob("*.zip")
    manifest = json.loads(zipfile.ZipFile(bundle).read("manifest.json"))
    assert "acme-logo.png" in json.dumps(manifest)


def test_a_blind_posting_may_not_send_candidates_to_the_companys_address(company_copy) -> None:
    path = company_copy(CONFIDENTIAL)
    with pytest.raises(ConfigurationError) as caught:
        render_documents("cso", path, "jd")
    assert "the application url (acme-robotics.example) names the company" in caught.value.message
    assert "postings: cso: apply:" in caught.value.message


def test_redaction_keeps_sentences_readable() -> None:
    assert redact("Acme Robotics is an equal opportunity employer; 90% paid by Acme.", "Acme Robotics") == (
        "The company is an equal opportunity employer; 90% paid by the company.")
    assert redact("We join Northwind's team", "Northwind Ledger GmbH") == "We join the company's team"


# --- 5. locale --------------------------------------------------------------------------------------

def test_en_gb_spells_the_built_in_text_the_british_way(company_copy) -> None:
    path = company_copy((LANGUAGE, "language: en-GB"))
    html = outputs("cso", path)["html"]
    text = document_text(html)
    assert not re.search(r"\borganiz|\bprioritiz|\banalyz|\bbehavior", text)
    assert 'href="https://acme-robotics.example/careers"' in html


def test_spelling_map_spares_urls_names_and_markup() -> None:
    assert british("Organize the color program.") == "Organise the colour programme."
    assert british("See https://x.example/organization or color@x.example") == (
        "See https://x.example/organization or color@x.example")
    assert british("Color Labs organizes", keep=("Color Labs",)) == "Color Labs organises"
    assert british_markup('<a class="color" href="/organization">organization</a>') == (
        '<a class="color" href="/organization">organisation</a>')


def test_german_locations_get_the_inclusive_title_suffix(northwind: Path, company_copy) -> None:
    found = outputs("cso", northwind)
    assert "<h1>Chief Sales Officer (m/w/d)</h1>" in found["html"]
    assert json.loads(found["jsonld"])["title"] == "Chief Sales Officer (m/w/d)"
    assert "(m/w/d)" not in outputs("cso", company_copy())["html"]  # Acme: United States


def test_the_title_suffix_can_be_overridden(company_copy) -> None:
    path = company_copy((LANGUAGE, LANGUAGE + '\ntitle_suffix: "(all genders)"\n'))
    assert "<h1>Chief Sales Officer (all genders)</h1>" in outputs("cso", path)["html"]
