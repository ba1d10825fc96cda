"""The DOCX exporter, checked on the real files of a session build (see conftest.py).

Each file is opened with python-docx and its paragraphs, styles, content controls, tables,
section and properties are compared with the role, checklist and company YAML files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree
from pypdf import PdfReader

from jdgen.api import build
from jdgen.errors import BuildError

from .conftest import BUILDS, JD_HEADINGS, applicable_ids, built_files, read_yaml, shown_role, tailored

JD = "cso-job-description.docx"
CHECKLIST = "cso-search-checklist.docx"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
}
KEY_FACTS = ["Location", "Reports to", "Direct reports", "Employment", "Base pay"]


# --- helpers ---------------------------------------------------------------------------------

@cache
def _document(path: Path):
    return docx.Document(str(path))








def _phase_count(company: str) -> int:
    return len(tailored(company).phases)


def _xpath(element, expression: str) -> list:
    """Plain lxml XPath with our own prefixes (python-docx's ``xpath`` takes no namespaces)."""
    return etree.XPath(expression, namespaces=NS)(element)


def _checkboxes(document) -> list:
    return _xpath(document.element, ".//w:sdt[w:sdtPr/w14:checkbox]")


def _styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


# --- job description structure ---------------------------------------------------------------

def test_first_paragraph_is_the_title(acme_build: dict[str, Path]) -> None:
    first = _document(acme_build[JD]).paragraphs[0]
    assert first.style.name == "Title"
    assert first.text == "Chief Sales Officer"


def test_section_headings_use_heading_1(acme_build: dict[str, Path]) -> None:
    headings = _styled(_document(acme_build[JD]), "Heading 1")
    for heading in JD_HEADINGS:
        assert heading in headings, f"{heading!r} is not a Heading 1 paragraph"
    positions = [headings.index(heading) for heading in JD_HEADINGS]
    assert positions == sorted(positions), "sections are out of order"


def test_responsibilities_are_heading_2_areas_with_bullet_items(
        acme_build: dict[str, Path]) -> None:
    paragraphs = [(p.style.name, p.text) for p in _document(acme_build[JD]).paragraphs]
    start = paragraphs.index(("Heading 1", "What you will do")) + 1
    end = next(i for i in range(start, len(paragraphs)) if paragraphs[i][0] == "Heading 1")
    expected = []
    for group in shown_role("acme").responsibilities:
        expected.append(("Heading 2", group.area))
        expected.extend(("List Bullet", " ".join(item.split())) for item in group.items)
    assert len(expected) > 2
    assert paragraphs[start:end] == expected


def test_no_list_item_is_left_alone_at_a_page_break(acme_build: dict[str, Path]) -> None:
    """A list's first item keeps with the next, and so does its second-to-last: a page break
    never strands one bullet under a heading or one bullet at the top of a page."""
    runs: list[list] = [[]]
    for paragraph in _document(acme_build[JD]).paragraphs:
        if paragraph.style.name == "List Bullet":
            runs[-1].append(paragraph)
        elif runs[-1]:
            runs.append([])
    lists = [items for items in runs if len(items) > 1]
    assert len(lists) >= 6
    for items in lists:
        kept = [bool(p.paragraph_format.keep_with_next) for p in items]
        expected = [i in (0, len(items) - 2) for i in range(len(items))]
        assert kept == expected, [p.text for p in items]


def test_at_a_glance_facts_use_the_key_fact_style(acme_build: dict[str, Path]) -> None:
    facts = dict(text.split("\t", 1) for text in _styled(_document(acme_build[JD]), "Key Fact"))
    assert list(facts) == KEY_FACTS
    pay = read_yaml("companies/acme.yaml")["compensation"]["cso"]
    assert f"${pay['base_min']:,}" in facts["Base pay"]
    assert f"${pay['base_max']:,}" in facts["Base pay"]
    assert facts["Reports to"] == "Chief Executive Officer"


@pytest.mark.parametrize("company", BUILDS)
@pytest.mark.parametrize("name", [JD, CHECKLIST])
def test_runs_carry_no_direct_formatting(request: pytest.FixtureRequest, company: str,
                                         name: str) -> None:
    document = _document(built_files(request, company)[name])
    body = document.element.body
    runs = [Run(r, document) for r in body.iter(qn("w:r"))]
    assert len(runs) > 20
    for run in runs:
        label = f"run {run.text[:40]!r}"
        assert run.bold is None, f"{label} is directly bold"
        assert run.italic is None, f"{label} is directly italic"
        assert run.font.size is None, f"{label} has a direct size"
        assert run.font.color.rgb is None, f"{label} has a direct colour"
        assert run.style.name in ("Default Paragraph Font", "Strong", "Emphasis", "Hyperlink"), \
            f"{label} has character style {run.style.name!r}"


# --- checklist -------------------------------------------------------------------------------

@pytest.mark.parametrize("company", BUILDS)
def test_one_unchecked_checkbox_per_applicable_task(request: pytest.FixtureRequest,
                                                    company: str) -> None:
    document = _document(built_files(request, company)[CHECKLIST])
    boxes = _checkboxes(document)
    ids = applicable_ids(company)
    assert len(boxes) == len(ids)
    for box in boxes:
        assert _xpath(box, "w:sdtPr/w14:checkbox/w14:checked/@w14:val") == ["0"]
    tags = [_xpath(box, "string(w:sdtPr/w:tag/@w:val)") for box in boxes]
    assert tags == list(ids)


def test_checkboxes_skip_tasks_that_do_not_apply(acme_build: dict[str, Path],
                                                 northwind_build: dict[str, Path]) -> None:
    def tags(path: Path) -> set[str]:
        return {_xpath(box, "string(w:sdtPr/w:tag/@w:val)")
                for box in _checkboxes(_document(path))}

    tasks = [task for phase in read_yaml("checklists/cso-search.yaml")["phases"]
             for task in phase["tasks"]]
    firm_only = {t["id"] for t in tasks if t.get("when") == "use_search_firm"}
    internal = {t["id"] for t in tasks if t.get("when") == "internal_candidate"}
    assert firm_only and internal
    acme, northwind = tags(acme_build[CHECKLIST]), tags(northwind_build[CHECKLIST])
    assert firm_only <= acme, "Acme retains a search firm"
    assert not firm_only & northwind, "Northwind runs its search in-house"
    assert internal <= acme, "Acme has an internal candidate"
    assert not internal & northwind, "Northwind has no internal candidate"


@pytest.mark.parametrize("company", BUILDS)
def test_tables_use_the_table_style_with_a_repeating_header(request: pytest.FixtureRequest,
                                                            company: str) -> None:
    tables = _document(built_files(request, company)[CHECKLIST]).tables
    assert len(tables) == _phase_count(company)
    for table in tables:
        assert table.style.name == "Light List Accent 1"
        header, *body = table.rows
        assert header._tr.xpath("./w:trPr/w:tblHeader"), "first row does not repeat"
        assert [c.text for c in header.cells][:2] == ["Done", "Task"]
        assert body, "a phase table has no task rows"
        for row in body:
            assert not row._tr.xpath("./w:trPr/w:tblHeader"), "a task row is marked as header"


# --- page, properties, footer, brand ---------------------------------------------------------

@pytest.mark.parametrize(("company", "width_mm", "height_mm"),
                         [("acme", 215.9, 279.4), ("northwind", 210, 297)])
@pytest.mark.parametrize("name", [JD, CHECKLIST])
def test_page_size_follows_the_company_brand(request: pytest.FixtureRequest, company: str,
                                             width_mm: float, height_mm: float,
                                             name: str) -> None:
    section = _document(built_files(request, company)[name]).sections[0]
    assert section.page_width.mm == pytest.approx(width_mm, abs=0.5)
    assert section.page_height.mm == pytest.approx(height_mm, abs=0.5)


def test_acme_pages_are_letter(acme_build: dict[str, Path]) -> None:
    section = _document(acme_build[JD]).sections[0]
    assert section.page_width.inches == pytest.approx(8.5)
    assert section.page_height.inches == pytest.approx(11)


@pytest.mark.parametrize("company", BUILDS)
def test_core_properties(request: pytest.FixtureRequest, company: str) -> None:
    name = read_yaml(f"companies/{company}.yaml")["name"]
    files = built_files(request, company)
    jd = _document(files[JD]).core_properties
    suffix = " (m/w/d)" if company == "northwind" else ""  # a Berlin posting's title suffix
    assert (jd.title, jd.author) == (f"Chief Sales Officer{suffix} — {name}", name)
    checklist = _document(files[CHECKLIST]).core_properties
    title = read_yaml("checklists/cso-search.yaml")["title"]
    assert (checklist.title, checklist.author) == (f"{title} — {name}", name)


@pytest.mark.parametrize("company", BUILDS)
@pytest.mark.parametrize("name", [JD, CHECKLIST])
def test_footer_has_page_and_numpages_fields(request: pytest.FixtureRequest, company: str,
                                             name: str) -> None:
    footer = _document(built_files(request, company)[name]).sections[0].footer
    instructions = footer._element.xpath(".//w:fldSimple/@w:instr | .//w:instrText/text()")
    fields = [instruction.split()[0] for instruction in instructions if instruction.split()]
    assert "PAGE" in fields
    assert "NUMPAGES" in fields
    assert fields.index("PAGE") < fields.index("NUMPAGES")


@pytest.mark.parametrize("company", BUILDS)
def test_heading_1_style_has_the_brand_colour(request: pytest.FixtureRequest,
                                              company: str) -> None:
    brand = read_yaml(f"companies/{company}.yaml")["brand"]["primary_color"]
    if company == "acme":
        assert brand == "#C2410C"
    for name in (JD, CHECKLIST):
        style = _document(built_files(request, company)[name]).styles["Heading 1"]
        assert str(style.font.color.rgb) == brand.lstrip("#").upper()


# --- interoperability ------------------------------------------------------------------------

def test_docx_opens_in_libreoffice(acme_build: dict[str, Path], tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH")
    out = tmp_path / "converted"
    profile = (tmp_path / "lo-profile").as_uri()  # own profile: no clash with a running office
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(acme_build[JD]), str(acme_build[CHECKLIST])],
        capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": str(tmp_path)},
        check=False)
    assert result.returncode == 0, result.stderr
    jd_pdf = out / "cso-job-description.pdf"
    checklist_pdf = out / "cso-search-checklist.pdf"
    assert jd_pdf.is_file(), f"no PDF produced: {result.stdout} {result.stderr}"
    assert checklist_pdf.is_file(), f"no PDF produced: {result.stdout} {result.stderr}"
    jd_text = "\n".join(page.extract_text() for page in PdfReader(jd_pdf).pages)
    assert "Chief Sales Officer" in jd_text
    checklist_text = "\n".join(page.extract_text() for page in PdfReader(checklist_pdf).pages)
    assert "search checklist" in checklist_text


def _summary_plus(block: str) -> str:
    """A job-description override that appends ``block`` to the summary."""
    return ('{% extends "builtin/job-description.html" %}\n'
            "{% block summary %}{{ super() }}" + block + "{% endblock %}\n")


def test_image_outside_the_workspace_is_a_clean_build_error(override, tmp_path: Path, acme: Path) -> None:
    templates = override(_summary_plus('<img src="file:///etc/hostname">'))
    with pytest.raises(BuildError, match="outside the workspace"):
        build("cso", acme, tmp_path / "out", docs="jd", formats=("docx",), templates=[templates])
    assert not (tmp_path / "out").exists()


def test_relative_and_data_images_embed_as_in_the_pdf(override, tmp_path: Path, company_copy) -> None:
    pixel = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42"
             "mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    templates = override(_summary_plus(f'<p><img src="acme-logo.png"><img src="{pixel}"></p>'))
    files = build("cso", company_copy(), tmp_path / "out", docs="jd", formats=("docx", "pdf"),
                  templates=[templates])
    document = docx.Document(next(p for p in files if p.suffix == ".docx"))
    # the masthead logo sits in the page header; the two template images are in the body
    assert len(document.inline_shapes) == 2
