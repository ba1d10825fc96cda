"""Accessibility as built: the PDFs pass the machine-checkable PDF/UA-1 rules, and the DOCX files
carry what a screen reader needs.

Both documents of both example companies are checked on the session builds (see conftest.py):

- PDF: the ``pdfua`` package (the machine-checkable subset of PDF/UA-1, no JVM) finds nothing,
  and pypdf checks what it leaves out or cannot run here: every table header cell has a
  ``/Scope``, every heading has content, every figure has ``/Alt``, every checkbox is a tagged
  form field with a ``/TU`` naming its task, pages with annotations use structure tab order.
- DOCX: headings use Word's heading styles, in the HTML's order; each table repeats a marked
  header row and has a title and description; each picture has alternative text; each checkbox
  content control is named after its task; the document language and title are set.

Expected values come from the rendered HTML, the single input of every exporter.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from pdfua import validate
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from jdgen.api import render_documents
from jdgen.documents import RenderedDocument

from .conftest import BUILDS, COMPANIES, built_files

STEMS = ("cso-job-description", "cso-search-checklist")
#: pdfua 0.1.3 cannot run its empty-heading rule on pikepdf 10 (it asks an array for
#: ``is_integer`` and pikepdf raises); the heading test below checks the same thing with pypdf.
PDFUA_RULES_THAT_CANNOT_RUN = {"UA-14-001"}
HEADINGS = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}

CASES = [(company, stem) for company in BUILDS for stem in STEMS]
IDS = [f"{company}-{stem.removeprefix('cso-')}" for company, stem in CASES]


# --- helpers ---------------------------------------------------------------------------------

@cache
def _rendered(company: str, stem: str) -> RenderedDocument:
    documents = render_documents("cso", COMPANIES / f"{company}.yaml")
    return next(d for d in documents if d.file_name("html").startswith(stem))


def _html(company: str, stem: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(_rendered(company, stem).html)


@cache
def _reader(path: Path) -> PdfReader:
    return PdfReader(path)


def _elements(node, found: list | None = None) -> list[DictionaryObject]:
    """Every structure element under ``node``, depth first."""
    found = [] if found is None else found
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, ArrayObject):
        for kid in node:
            _elements(kid, found)
    elif isinstance(node, DictionaryObject) and node.get("/Type", "/StructElem") == "/StructElem" \
            and "/S" in node:
        found.append(node)
        if "/K" in node:
            _elements(node["/K"], found)
    return found


def _struct(path: Path) -> list[DictionaryObject]:
    return _elements(_reader(path).trailer["/Root"]["/StructTreeRoot"]["/K"])


def _attributes(element: DictionaryObject) -> list[DictionaryObject]:
    owned = element.get("/A")
    owned = owned.get_object() if owned is not None else None
    items = owned if isinstance(owned, ArrayObject) else [owned] if owned is not None else []
    return [a.get_object() for a in items if isinstance(a.get_object(), DictionaryObject)]


def _marks_content(node) -> bool:
    """True if ``node`` (a structure element's ``/K``) reaches a marked-content id."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, int):
        return True
    if isinstance(node, ArrayObject):
        return any(_marks_content(kid) for kid in node)
    if isinstance(node, DictionaryObject):
        if node.get("/Type") == "/MCR":
            return True
        return "/K" in node and _marks_content(node["/K"])
    return False


def _files(request: pytest.FixtureRequest, company: str, stem: str, extension: str) -> Path:
    return built_files(request, company)[f"{stem}.{extension}"]


# --- PDF -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("company", "stem"), CASES, ids=IDS)
def test_pdfua_finds_nothing(request: pytest.FixtureRequest, company: str, stem: str) -> None:
    report = validate(str(_files(request, company, stem, "pdf")))
    findings = [f"{f.rule_id} page {f.location.page}: {f.message}" for f in report.findings]
    assert findings == []
    not_run = {outcome.rule_id for outcome in report.skipped}
    assert not_run <= PDFUA_RULES_THAT_CANNOT_RUN, [o.skipped_reason for o in report.skipped]


@pytest.mark.parametrize(("company", "stem"), CASES, ids=IDS)
def test_pdf_document_language_title_and_tab_order(request: pytest.FixtureRequest, company: str,
                                                   stem: str) -> None:
    reader = _reader(_files(request, company, stem, "pdf"))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == _rendered(company, stem).lang
    assert reader.metadata["/Title"] == _rendered(company, stem).title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    for number, page in enumerate(reader.pages, start=1):
        if page.get("/Annots"):
            assert page.get("/Tabs") == "/S", f"page {number}: tab order is not the structure's"


@pytest.mark.parametrize(("company", "stem"), CASES, ids=IDS)
def test_pdf_headings_have_text_and_follow_the_html(request: pytest.FixtureRequest, company: str,
                                                    stem: str) -> None:
    elements = _struct(_files(request, company, stem, "pdf"))
    headings = [e["/S"][1:].lower() for e in elements if e["/S"] in ("/H1", "/H2", "/H3", "/H4")]
    html = [h.tag for h in _html(company, stem).body.iter("h1", "h2", "h3", "h4")]
    assert headings == html
    empty = [e["/S"] for e in elements if e["/S"] in ("/H1", "/H2", "/H3", "/H4")
             and not _marks_content(e.get("/K"))]
    assert empty == []


@pytest.mark.parametrize(("company", "stem"), CASES, ids=IDS)
def test_pdf_table_headers_have_a_scope(request: pytest.FixtureRequest, company: str, stem: str) -> None:
    elements = _struct(_files(request, company, stem, "pdf"))
    headers = [e for e in elements if e["/S"] == "/TH"]
    html = list(_html(company, stem).body.iter("th"))
    expected = {"/Row" if th.get("scope") == "row" else "/Column" for th in html}
    scopes = [next((a["/Scope"] for a in _attributes(th) if "/Scope" in a), None) for th in headers]
    # a table that runs over a page break repeats its header row there, so there may be more
    assert len(scopes) >= len(html) and set(scopes) == expected
    if stem == "cso-search-checklist":
        assert len(html) == 4 * len(list(_html(company, stem).body.iter("table"))) > 0


@pytest.mark.parametrize(("company", "stem"), CASES, ids=IDS)
def test_pdf_figures_have_the_images_alt_text(request: pytest.FixtureRequest, company: str,
                                              stem: str) -> None:
    figures = [e for e in _struct(_files(request, company, stem, "pdf")) if e["/S"] == "/Figure"]
    alts = [img.get("alt") for img in _html(company, stem).body.iter("img")]
    assert [f.get("/Alt") for f in figures] == alts
    assert all(alt and alt.strip() for alt in alts)


@pytest.mark.parametrize("company", BUILDS)
def test_pdf_checkboxes_are_tagged_form_fields_named_after_their_task(request: pytest.FixtureRequest,
                                                                      company: str) -> None:
    path = _files(request, company, "cso-search-checklist", "pdf")
    inputs = list(_html(company, "cso-search-checklist").body.iter("input"))
    fields = [field.get_object() for field in _reader(path).trailer["/Root"]["/AcroForm"]["/Fields"]]
    assert [f["/T"] for f in fields] == [i.get("name") for i in inputs]
    assert [f["/TU"] for f in fields] == [i.get("title") for i in inputs]
    assert all(i.get("title", "").startswith("Done: ") and len(i.get("title")) > 10 for i in inputs)
    tagged = []
    for form in (e for e in _struct(path) if e["/S"] == "/Form"):
        kids = form["/K"] if isinstance(form["/K"], ArrayObject) else [form["/K"]]
        tagged += [kid.get_object()["/Obj"].get_object()["/T"] for kid in kids
                   if kid.get_object().get("/Type") == "/OBJR"]
    assert tagged == [i.get("name") for i in inputs]


def test_row_headers_get_a_row_scope() -> None:
    """A template's ``<th scope="row">`` becomes ``/Scope /Row``; other headers ``/Column``."""
    from weasyprint import HTML

    from jdgen.export.pdf import VARIANT, scope_table_headers

    markup = ('<html lang="en"><title>t</title><table><tr><th scope="col">Phase</th>'
              '<th scope="col">Weeks</th><th>Owner</th></tr><tr><th scope="row">Sourcing</th>'
              "<td>3</td><td>HR</td></tr><tr><th scope=row>Offer</th><td>1</td><td>CEO</td>"
              "</tr></table>")
    data = HTML(string=markup).write_pdf(pdf_variant=VARIANT, finisher=scope_table_headers)
    reader = PdfReader(io.BytesIO(data))
    headers = [e for e in _elements(reader.trailer["/Root"]["/StructTreeRoot"]["/K"]) if e["/S"] == "/TH"]
    scopes = [next(a["/Scope"] for a in _attributes(th) if "/Scope" in a) for th in headers]
    assert scopes == ["/Column", "/Column", "/Column", "/Row", "/Row"]


# --- DOCX ------------------------------------------------------------------------------------

@cache
def _document(path: Path):
    return docx.Document(str(path))


def _parts(document) -> list:
    """The body, then each section's header and footer."""
    parts = [document.element.body]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    return parts


@pytest.mark.parametrize(("company", "stem"), CASES, ids=IDS)
def test_docx_headings_use_heading_styles(request: pytest.FixtureRequest, company: str, stem: str) -> None:
    document = _document(_files(request, company, stem, "docx"))
    styles = set(HEADINGS.values())
    headings = [(p.style.name, p.text.strip()) for p in document.paragraphs if p.style.name in styles]
    html = [(HEADINGS[h.tag], " ".join(h.text_content().split()))
            for h in _html(company, stem).body.iter(*HEADINGS)]
    assert headings == html
    for name in ("Heading 1", "Heading 2"):  # in the navigation pane and a screen reader's list
        assert document.styles[name].element.pPr.find(qn("w:outlineLvl")) is not None


@pytest.mark.parametrize(("company", "stem"), CASES, ids=IDS)
def test_docx_tables_have_a_header_row_a_title_and_a_description(request: pytest.FixtureRequest,
                                                                 company: str, stem: str) -> None:
    document = _document(_files(request, company, stem, "docx"))
    html = list(_html(company, stem).body.iter("table"))
    assert len(document.tables) == len(html)
    for table, source in zip(document.tables, html, strict=True):
        heading = source.xpath("preceding::*[self::h2 or self::h3][1]")[0]
        tbl_pr = table._tbl.tblPr
        caption = tbl_pr.find(qn("w:tblCaption"))
        assert caption is not None and caption.get(qn("w:val")) == " ".join(heading.text_content().split())
        description = tbl_pr.find(qn("w:tblDescription"))
        columns = ", ".join(th.text_content().strip() for th in source.iter("th"))
        assert description is not None and description.get(qn("w:val")).startswith(f"Columns: {columns}.")
        header_rows = [i for i, row in enumerate(table.rows) if row._tr.trPr is not None
                       and row._tr.trPr.find(qn("w:tblHeader")) is not None]
        assert header_rows == [0]
        assert [c.text.strip() for c in table.rows[0].cells] == [c.strip() for c in columns.split(", ")]


@pytest.mark.parametrize(("company", "stem"), CASES, ids=IDS)
def test_docx_pictures_have_alt_text(request: pytest.FixtureRequest, company: str, stem: str) -> None:
    document = _document(_files(request, company, stem, "docx"))
    pictures = [pr for part in _parts(document)
                for pr in part.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    alts = [img.get("alt") for img in _html(company, stem).body.iter("img")]
    assert [p.get("descr") for p in pictures] == alts
    assert all(alt and alt.strip() for alt in alts)


@pytest.mark.parametrize("company", BUILDS)
def test_docx_checkboxes_are_named_after_their_task(request: pytest.FixtureRequest, company: str) -> None:
    document = _document(_files(request, company, "cso-search-checklist", "docx"))
    controls = [sdt.find(qn("w:sdtPr")) for sdt in document.element.body.iter(qn("w:sdt"))]
    inputs = list(_html(company, "cso-search-checklist").body.iter("input"))
    assert len(controls) == len(inputs) > 0
    for pr, source in zip(controls, inputs, strict=True):
        assert pr.find("{http://schemas.microsoft.com/office/word/2010/wordml}checkbox") is not None
        assert pr.find(qn("w:alias")).get(qn("w:val")) == source.get("title")
        assert pr.find(qn("w:tag")).get(qn("w:val")) == source.get("name")


@pytest.mark.parametrize(("company", "stem"), CASES, ids=IDS)
def test_docx_language_and_title_are_set(request: pytest.FixtureRequest, company: str, stem: str) -> None:
    document = _document(_files(request, company, stem, "docx"))
    rendered = _rendered(company, stem)
    assert document.core_properties.language == rendered.lang
    assert document.core_properties.title == rendered.title
    language = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert rendered.lang in language.attrib.values()


def test_decorative_picture_is_marked_decorative(tmp_path: Path, override, acme: Path) -> None:
    """An image with an empty ``alt`` is decorative: Word's mark, so a reader skips it."""
    from jdgen.api import build

    templates = override('{% extends "builtin/job-description.html" %}'
                         '{% block header %}<img class="logo" src="{{ logo_url }}" alt="">{% endblock %}')
    files = {p.name: p for p in build("cso", acme, tmp_path / "out", docs="jd",
                                      formats=["docx"], templates=[templates])}
    document = docx.Document(str(files["cso-job-description.docx"]))
    pictures = [pr for part in _parts(document)
                for pr in part.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert len(pictures) == 1 and "descr" not in pictures[0].attrib
    marks = pictures[0].xpath(".//*[local-name()='decorative']")
    assert [m.get("val") for m in marks] == ["1"]
