"""`jdgen compare`: roles side by side, in a landscape PDF, a DOCX, Markdown and HTML."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from jdgen.cli import main
from jdgen.compare import MAX_ROLES, comparison_data, render_comparison, top_responsibilities
from jdgen.loading import Library

EXECUTIVES = ("cso", "vp-sales", "cro")


@pytest.fixture(scope="module")
def library() -> Library:
    return Library()


@pytest.fixture(scope="module")
def acme_files(tmp_path_factory: pytest.TempPathFactory, acme: Path) -> dict[str, Path]:
    """`jdgen compare cso vp-sales cro --company acme.yaml --format all`, files by extension."""
    out = tmp_path_factory.mktemp("compare")
    result = CliRunner().invoke(main, ["compare", *EXECUTIVES, "--company", str(acme),
                                       "--format", "all", "--out", str(out)])
    assert result.exit_code == 0, result.output
    paths = [Path(line) for line in result.output.split()]
    assert [p.name for p in paths] == [f"comparison-cso-vp-sales-cro.{ext}"
                                       for ext in ("pdf", "docx", "md", "html")]
    assert all(p.parent == out / "acme-robotics" for p in paths)
    return {p.suffix[1:]: p for p in paths}


def _pdf_pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(path).pages]


def test_every_builtin_role_says_how_it_compares(library: Library) -> None:
    for role in library.roles():
        comparison = role.comparison
        assert comparison is not None, role.id
        for aspect in ("scope", "focus", "horizon", "owns", "best_for", "wrong_profile_risk"):
            assert getattr(comparison, aspect), f"{role.id}: comparison.{aspect}"


def test_pdf_is_landscape_with_every_role_and_its_pay(acme_files: dict[str, Path],
                                                      library: Library) -> None:
    reader = pypdf.PdfReader(acme_files["pdf"])
    for page in reader.pages:
        box = page.mediabox
        assert box.width > box.height  # Letter landscape, as Acme's page size
    text = " ".join(_pdf_pages(acme_files["pdf"]))
    assert "Acme Robotics" in text
    for role_id in EXECUTIVES:
        role = library.role(role_id)
        bench = role.pay_benchmark
        assert role.title in text
        assert f"${bench.base_min:,}" in text and f"${bench.base_max:,}" in text
    assert "$310,000" in text and "$390,000" in text  # Acme's own range for the CSO
    assert "Differences Between CSO, CRO, and VP of Sales Explained" in text
    assert "Beatrice Levinne" in text


def test_pdf_repeats_the_header_row_on_every_page(acme_files: dict[str, Path],
                                                  library: Library) -> None:
    pages = _pdf_pages(acme_files["pdf"])
    assert len(pages) >= 2, "three roles do not fit on one page: the table breaks"
    for page in pages[1:]:
        head = page.split("Level 1")[0]
        assert "Aspect" in head
        for role_id in EXECUTIVES:
            assert library.role(role_id).title in page


def test_docx_has_one_column_per_role_a_repeating_header_and_a_landscape_page(
        acme_files: dict[str, Path], library: Library) -> None:
    document = docx.Document(str(acme_files["docx"]))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert len(document.tables) == 1
    table = document.tables[0]
    assert len(table.columns) == len(EXECUTIVES) + 1
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    titles = [cell.text.splitlines()[0] for cell in header.cells]
    assert titles == ["Aspect", *(library.role(r).title for r in EXECUTIVES)]
    aspects = [row.cells[0].text for row in table.rows[1:]]
    assert aspects[0] == "Scope" and aspects[-1] == "Risk of the wrong profile in the role"
    assert "Pay" in aspects and "KPIs" in aspects
    widths = [column.width for column in table.columns]
    assert widths[0] < widths[1] == widths[2] == widths[3]


def test_markdown_is_a_table(acme_files: dict[str, Path]) -> None:
    text = acme_files["md"].read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert rows[0].startswith("| Aspect | Chief Sales Officer<br>Level 1, executive | VP of Sales")
    assert rows[1] == "| --- | --- | --- | --- |"
    assert all(row.count(" | ") == 3 for row in rows)  # no cell breaks the table
    risk = next(row for row in rows if row.startswith("| Risk of the wrong profile"))
    assert "hands-on operator" in risk
    responsibilities = next(row for row in rows if row.startswith("| Top responsibilities"))
    assert "<br>• " in responsibilities


def test_html_table_is_semantic(acme_files: dict[str, Path]) -> None:
    import lxml.html

    root = lxml.html.fromstring(acme_files["html"].read_bytes())
    table = root.find(".//table")
    assert table.find("caption") is not None
    assert [th.get("scope") for th in table.findall("thead/tr/th")] == ["col"] * 4
    assert all(tr.find("th").get("scope") == "row" for tr in table.findall("tbody/tr"))


def test_company_org_sets_reporting_lines(acme: Path, library: Library) -> None:
    alone = comparison_data(["vp-sales", "sales-manager"], None, library)
    at_acme = comparison_data(["vp-sales", "sales-manager"], acme, library)
    vp, manager = alone["columns"]
    assert (vp.reports_to, vp.direct_reports) == ("Chief Sales Officer", ("Sales Managers",))
    assert vp.pay is None and vp.benchmark is not None
    vp, manager = at_acme["columns"]
    assert vp.reports_to == "Chief Sales Officer (being hired)"
    assert vp.direct_reports == ("3 Sales Managers",)
    assert manager.direct_reports == ("2 Sales Team Leads",)
    assert vp.pay.base_min == 220000
    assert "Acme Robotics" in at_acme["title"] and "role library" in alone["title"]


def test_company_org_changes_reports_to_in_the_file(tmp_path: Path, company_copy) -> None:
    edited = company_copy(("vp-sales: {reports_to: cso, name: Rafael Ortiz}",
                           "vp-sales: {reports_to: ceo, name: Rafael Ortiz}"))
    runner = CliRunner()
    args = ["compare", "cso", "vp-sales", "--format", "md", "--out", str(tmp_path / "out")]
    plain = runner.invoke(main, args)
    edited_run = runner.invoke(main, [*args, "--company", str(edited)])
    assert plain.exit_code == edited_run.exit_code == 0, plain.output + edited_run.output
    plain_md = Path(plain.output.strip()).read_text(encoding="utf-8")
    edited_md = Path(edited_run.output.strip()).read_text(encoding="utf-8")
    assert Path(plain.output.strip()).parent == tmp_path / "out"
    assert "| Reports to | Chief Executive Officer | Chief Sales Officer |" in plain_md
    assert "| Reports to | Chief Executive Officer | Chief Executive Officer |" in edited_md


@pytest.mark.parametrize(("roles", "message"), [
    (["cso", "cfo"], 'unknown role "cfo" — did you mean "cso"?'),
    (["cso"], "a comparison needs at least 2 roles, 1 given"),
    (["cso", "cro", "vp-sales", "sdr", "bdr"], "at most 4 roles fit side by side, 5 given"),
    (["cso", "cso"], 'role "cso" is named twice'),
])
def test_bad_roles_exit_2_with_a_clear_message(tmp_path: Path, roles: list[str],
                                               message: str) -> None:
    result = CliRunner().invoke(main, ["compare", *roles, "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_too_many_roles_says_why() -> None:
    result = CliRunner().invoke(main, ["compare", "cso", "cro", "vp-sales", "sdr", "bdr"])
    assert "too narrow" in result.output and str(MAX_ROLES) in result.output


def test_unknown_role_is_the_same_error_as_build(acme: Path) -> None:
    runner = CliRunner()
    compared = runner.invoke(main, ["compare", "cso", "cfo"])
    built = runner.invoke(main, ["build", "cfo", "--company", str(acme)])
    assert compared.exit_code == built.exit_code == 2
    assert compared.output == built.output


def test_format_must_be_one_a_comparison_takes() -> None:
    result = CliRunner().invoke(main, ["compare", "cso", "cro", "--format", "csv"])
    assert result.exit_code == 2
    assert "pdf, docx, md, html" in result.output


def test_top_responsibilities_take_each_area_first(library: Library) -> None:
    role = library.role("vp-sales")
    top = top_responsibilities(role)
    assert len(top) == 5
    assert top[:3] == [group.items[0] for group in role.responsibilities]


def test_a_role_without_comparison_says_so(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    (workspace / "roles").mkdir(parents=True)
    text = (Path(__file__).resolve().parent.parent / "roles" / "sdr.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\ncomparison:\n(  .*\n|    .*\n)+", "\n", text).replace("id: sdr", "id: sdr-lite")
    (workspace / "roles" / "sdr-lite.yaml").write_text(text, encoding="utf-8")
    document = render_comparison(["bdr", "sdr-lite"], None, Library((workspace,)))
    assert "Not stated in the role file" in document.html
    assert document.file_name("pdf") == "comparison-bdr-sdr-lite.pdf"
    assert document.page_size == "A4 landscape"


def test_docx_opens_in_libreoffice(acme_files: dict[str, Path], tmp_path: Path) -> None:
    """The DOCX converts to a landscape PDF whose pages all start with the header row."""
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(acme_files["docx"])],
                   check=True, capture_output=True, timeout=180)
    reader = pypdf.PdfReader(io.BytesIO((tmp_path / acme_files["docx"].with_suffix(".pdf").name)
                                        .read_bytes()))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        assert page.mediabox.width > page.mediabox.height
        assert "Aspect" in page.extract_text()


def test_pdf_is_tagged_pdf_ua(acme_files: dict[str, Path]) -> None:
    from pdfua import validate

    report = validate(str(acme_files["pdf"]))
    assert [f"{f.rule_id} page {f.location.page}: {f.message}" for f in report.findings] == []
