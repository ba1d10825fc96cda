"""The PDF exporter, checked on the real files of a session build (see conftest.py).

Every assertion reads the PDF back with pypdf: its text, metadata, page boxes, form fields and
annotations.  Expected values come from the role, checklist and company YAML files, not from
copies of them typed into this file.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from jdgen.api import build
from jdgen.errors import BuildError

from .conftest import BUILDS, JD_HEADINGS, applicable_ids, built_files, read_yaml, shown_role, tailored

JD = "cso-job-description.pdf"
CHECKLIST = "cso-search-checklist.pdf"

# PDF page sizes in points: (width, height).
LETTER = (612.0, 792.0)
A4 = (595.28, 841.89)

# Field flags of a button field (PDF 32000-1, table 226): a checkbox has neither set.
FF_RADIO = 1 << 15
FF_PUSHBUTTON = 1 << 16


# --- helpers ---------------------------------------------------------------------------------

@cache
def _reader(path: Path) -> PdfReader:
    return PdfReader(path)


@cache
def _page_texts(path: Path) -> tuple[str, ...]:
    return tuple(page.extract_text() for page in _reader(path).pages)


def _text(path: Path) -> str:
    return "\n".join(_page_texts(path))


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in _text(path).splitlines()]


def _squash(text: str) -> str:
    """Text without any white space, so line wrapping in the PDF cannot hide a match."""
    return re.sub(r"\s+", "", text)










def _checklist_tasks(when: str) -> list[dict]:
    """Tasks of the raw checklist YAML whose ``when:`` is exactly ``when``."""
    tasks = [task for phase in read_yaml("checklists/cso-search.yaml")["phases"]
             for task in phase["tasks"] if task.get("when") == when]
    assert tasks, f"checklists/cso-search.yaml has no task with `when: {when}`"
    return tasks


def _fields(path: Path) -> list:
    root = _reader(path).trailer["/Root"]
    assert "/AcroForm" in root, f"{path.name} has no form"
    return [field.get_object() for field in root["/AcroForm"]["/Fields"]]


def _annotations(path: Path) -> list:
    return [annot.get_object() for page in _reader(path).pages
            for annot in page.get("/Annots", [])]




# --- job description -------------------------------------------------------------------------

def test_jd_contains_title_company_and_every_section(acme_build: dict[str, Path]) -> None:
    path = acme_build[JD]
    lines = _lines(path)
    assert "Chief Sales Officer" in lines
    assert "Acme Robotics" in _text(path)
    for heading in JD_HEADINGS:
        assert heading in lines, f"section heading {heading!r} missing from the PDF"
    positions = [lines.index(heading) for heading in JD_HEADINGS]
    assert positions == sorted(positions), "sections are out of order"


def test_jd_shows_the_company_pay_range(acme_build: dict[str, Path]) -> None:
    pay = read_yaml("companies/acme.yaml")["compensation"]["cso"]
    text = _text(acme_build[JD])
    low, high = f"${pay['base_min']:,}", f"${pay['base_max']:,}"
    assert (low, high) == ("$310,000", "$390,000")
    assert low in text
    assert high in text
    assert "market benchmark" not in text, "Acme's own range must be shown, not the benchmark"


def test_jd_lists_every_responsibility_from_the_role_file(acme_build: dict[str, Path]) -> None:
    role = shown_role("acme")
    text, lines = _squash(_text(acme_build[JD])), _lines(acme_build[JD])
    assert role.responsibilities, "roles/cso.yaml lists no responsibilities for Acme"
    for group in role.responsibilities:
        assert group.area in lines, f"responsibility area {group.area!r} missing"
        for item in group.items:
            assert _squash(item) in text, f"responsibility {item!r} missing"


@pytest.mark.parametrize("company", BUILDS)
@pytest.mark.parametrize("name", [JD, CHECKLIST])
def test_every_page_has_a_page_n_of_total_footer(request: pytest.FixtureRequest, company: str,
                                                 name: str) -> None:
    path = built_files(request, company)[name]
    pages = _page_texts(path)
    first = re.search(r"Page 1 of (\d+)", pages[0])
    assert first, "page 1 has no 'Page 1 of N' footer"
    assert int(first.group(1)) == len(_reader(path).pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text, f"page {number} footer is wrong"


def test_jd_metadata(acme_build: dict[str, Path]) -> None:
    metadata = _reader(acme_build[JD]).metadata
    assert metadata is not None
    assert metadata["/Title"] == "Chief Sales Officer — Acme Robotics"
    assert metadata["/Author"] == "Acme Robotics"


def test_checklist_metadata_names_the_company(northwind_build: dict[str, Path]) -> None:
    metadata = _reader(northwind_build[CHECKLIST]).metadata
    assert metadata is not None
    title = read_yaml("checklists/cso-search.yaml")["title"]
    assert metadata["/Title"] == f"{title} — Northwind Ledger GmbH"
    assert metadata["/Author"] == "Northwind Ledger GmbH"


@pytest.mark.parametrize(("company", "size"), [("acme", LETTER), ("northwind", A4)])
@pytest.mark.parametrize("name", [JD, CHECKLIST])
def test_page_size_follows_the_company_brand(request: pytest.FixtureRequest, company: str,
                                             size: tuple[float, float], name: str) -> None:
    reader = _reader(built_files(request, company)[name])
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        assert float(box.width) == pytest.approx(size[0], abs=1), f"page {number} width"
        assert float(box.height) == pytest.approx(size[1], abs=1), f"page {number} height"


@pytest.mark.parametrize("company", BUILDS)
def test_page_counts_are_sane(request: pytest.FixtureRequest, company: str) -> None:
    files = built_files(request, company)
    assert 2 <= len(_reader(files[JD]).pages) <= 6
    assert 3 <= len(_reader(files[CHECKLIST]).pages) <= 15


# --- search checklist ------------------------------------------------------------------------

@pytest.mark.parametrize("company", BUILDS)
def test_checklist_has_one_checkbox_per_applicable_task(request: pytest.FixtureRequest,
                                                        company: str) -> None:
    ids = applicable_ids(company)
    fields = _fields(built_files(request, company)[CHECKLIST])
    assert len(fields) == len(ids) == tailored(company).applicable
    for field in fields:
        assert field["/FT"] == "/Btn", f"{field.get('/T')} is not a button field"
        flags = int(field.get("/Ff", 0))
        assert not flags & (FF_RADIO | FF_PUSHBUTTON), f"{field['/T']} is not a checkbox"
        assert field.get("/V", "/Off") == "/Off", f"{field['/T']} starts ticked"
    assert [str(field["/T"]) for field in fields] == ids


@pytest.mark.parametrize("company", BUILDS)
def test_checklist_states_how_many_tasks_apply(request: pytest.FixtureRequest,
                                               company: str) -> None:
    total = sum(len(phase["tasks"]) for phase in read_yaml("checklists/cso-search.yaml")["phases"])
    applicable = len(applicable_ids(company))
    assert applicable < total, "some task should be dropped for every bundled company"
    counts = re.findall(r"(\d+)\s+of\s+(\d+)\s+tasks\s+apply",
                        _text(built_files(request, company)[CHECKLIST]))
    assert counts == [(str(applicable), str(total))]


@pytest.mark.parametrize(("company", "firm"), [("acme", True), ("northwind", False)])
def test_firm_tasks_and_owners_only_with_a_search_firm(request: pytest.FixtureRequest, company: str,
                                                   firm: bool) -> None:
    facts = read_yaml(f"companies/{company}.yaml").get("search", {})
    assert facts.get("use_search_firm", False) is firm
    path = built_files(request, company)[CHECKLIST]
    text, names = _squash(_text(path)), {str(field["/T"]) for field in _fields(path)}
    # the firm takes over the tasks marked `owner_if_firm` (the long list, first interviews…)
    assert ("Searchpartner" in text) is firm  # text squashed: no spaces
    for task in _checklist_tasks("use_search_firm"):
        assert (_squash(task["task"]) in text) is firm, task["id"]
        assert (task["id"] in names) is firm, task["id"]


@pytest.mark.parametrize(("company", "internal"), [("acme", True), ("northwind", False)])
def test_internal_candidate_tasks_follow_the_company(request: pytest.FixtureRequest, company: str,
                                                     internal: bool) -> None:
    facts = read_yaml(f"companies/{company}.yaml").get("search", {})
    assert facts.get("internal_candidate", False) is internal
    path = built_files(request, company)[CHECKLIST]
    text, names = _squash(_text(path)), {str(field["/T"]) for field in _fields(path)}
    for task in _checklist_tasks("internal_candidate"):
        assert (_squash(task["task"]) in text) is internal, task["id"]
        assert (task["id"] in names) is internal, task["id"]


# --- nothing from outside the workspace ------------------------------------------------------

@pytest.mark.parametrize("company", BUILDS)
def test_links_point_only_at_the_company_apply_routes(request: pytest.FixtureRequest,
                                                      company: str) -> None:
    files = built_files(request, company)
    apply = read_yaml(f"companies/{company}.yaml")["apply"]
    expected = {apply["url"]} if "url" in apply else set()
    if "email" in apply:
        expected.add(f"mailto:{apply['email']}")
    uris = set()
    for name in (JD, CHECKLIST):
        for annot in _annotations(files[name]):
            subtype = annot["/Subtype"]
            assert subtype in ("/Link", "/Widget"), f"{name}: unexpected {subtype} annotation"
            if subtype == "/Link":
                action = annot["/A"].get_object()
                assert action["/S"] == "/URI", f"{name}: link action {action['/S']}"
                uri = str(action["/URI"])
                assert urlsplit(uri).scheme in ("https", "http", "mailto"), uri
                uris.add(uri)
        names = _reader(files[name]).trailer["/Root"].get("/Names", {})
        assert "/EmbeddedFiles" not in names, f"{name} embeds files"
    assert uris == expected


def test_template_image_outside_the_workspace_fails_the_build(override, tmp_path: Path, acme: Path) -> None:
    templates = override('{% extends "builtin/job-description.html" %}\n'
        '{% block summary %}{{ super() }}<img src="file:///etc/hostname">{% endblock %}\n')
    out = tmp_path / "out"
    with pytest.raises(BuildError, match="outside the workspace") as caught:
        build("cso", acme, out, formats=("pdf",), templates=[templates])
    assert "hostname" in str(caught.value)
    assert [p for p in out.rglob("*") if p.is_file()] == [], "a failed build wrote files"


# --- accessibility: tagged PDF/UA-1 ---------------------------------------------------------
# veraPDF (Java) cannot be installed from this project's package registries, so these checks
# read the structure and metadata PDF/UA-1 requires with pypdf.

def _struct_types(node, found: list[str]) -> list[str]:
    node = node.get_object()
    if isinstance(node, list):
        for kid in node:
            _struct_types(kid, found)
    elif hasattr(node, "get") and node.get("/Type") == "/StructElem":
        found.append(node["/S"])
        if "/K" in node:
            _struct_types(node["/K"], found)
    return found


@pytest.mark.parametrize("name", [JD, CHECKLIST])
def test_pdf_is_tagged_pdf_ua(acme_build: dict[str, Path], name: str) -> None:
    reader = _reader(acme_build[name])
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == "en-US"  # acme.yaml: language: en-US
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert reader.metadata["/Title"] in xmp
    types = _struct_types(root["/StructTreeRoot"]["/K"], [])
    assert "/H1" in types and "/H2" in types and "/P" in types


def test_pdf_ua_structure_covers_headings_lists_and_form_fields(acme_build: dict[str, Path]) -> None:
    jd = _struct_types(_reader(acme_build[JD]).trailer["/Root"]["/StructTreeRoot"]["/K"], [])
    assert jd.count("/H2") == len(JD_HEADINGS) and "/L" in jd and "/LI" in jd
    checklist = _reader(acme_build[CHECKLIST]).trailer["/Root"]["/StructTreeRoot"]["/K"]
    types = _struct_types(checklist, [])
    assert types.count("/Form") == len(applicable_ids("acme"))
    assert "/Table" in types and "/TH" in types


def test_bookmarks_follow_the_headings(acme_build: dict[str, Path]) -> None:
    outline = _reader(acme_build[JD]).outline
    assert outline[0].title == "Chief Sales Officer"
    # h2 bookmarks sit under the h1; h3 bookmarks are nested lists under their h2
    assert [item.title for item in outline[1] if not isinstance(item, list)] == JD_HEADINGS


def test_paragraphs_in_a_left_to_right_script_keep_their_direction_in_rtl_documents() -> None:
    """WeasyPrint lays out each line apart: an English line in a Hebrew posting needs dir="ltr"."""
    from jdgen.export.pdf import left_to_right_paragraphs

    markup = ('<!DOCTYPE html><html dir="rtl"><body><h2>About שלום</h2><p>שלום עולם.</p>'
              "<p>“At least 10 years,” she wrote.</p><ul><li>12 כלים</li><li>3 tools, twice.</li></ul>"
              "</body></html>")
    out = left_to_right_paragraphs(markup)
    assert '<h2 dir="ltr">About שלום</h2>' in out and "<p>שלום עולם.</p>" in out
    assert '<p dir="ltr">“At least 10 years,” she wrote.</p>' in out
    assert "<li>12 כלים</li>" in out and '<li dir="ltr">3 tools, twice.</li>' in out
    english = markup.replace(' dir="rtl"', "")
    assert left_to_right_paragraphs(english) is english
