"""Word templates (docxtpl): the starters render, the sandbox holds, errors name the place.

Test templates are written with python-docx into tmp_path: each string is a body paragraph, each
list of rows a table.  Contexts come from the real pipeline (``render_documents``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import cache
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from jdgen.api import build, render_documents
from jdgen.context import resolve_pay
from jdgen.errors import TemplateError
from jdgen.export.docx import TABLE_STYLE
from jdgen.render import long_date
from jdgen.sources import display_path
from jdgen.word_template import TAG_STYLE, render_word_template, starter_template

from .conftest import COMPANIES, FIXED_TIME, read_yaml, shown_role, tailored

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
HOSTILE = "Acme <script>alert(1)</script> & Co"


# --- helpers ---------------------------------------------------------------------------------

@cache
def _contexts(company: str) -> dict[str, dict]:
    """The jd and checklist contexts of the CSO role for a bundled company."""
    return {d.kind.key: dict(d.context) for d in render_documents("cso", COMPANIES / f"{company}.yaml")}


def _word(path: Path, *blocks: str | list[list[str]], header: str | None = None) -> Path:
    """A .docx at ``path``: a string is a paragraph, a list of rows a table."""
    document = docx.Document()
    assert not document.paragraphs, "python-docx's blank document should have no paragraph"
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for r, row in enumerate(block):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    document.save(str(path))
    return path


def _render(template: Path, kind: str = "jd", company: str = "acme", when: dt.datetime = FIXED_TIME):
    return docx.Document(io.BytesIO(render_word_template(template, _contexts(company)[kind], when)))


def _error(template: Path, context: dict | None = None) -> str:
    with pytest.raises(TemplateError) as caught:
        render_word_template(template, context or _contexts("acme")["jd"], FIXED_TIME)
    assert len(caught.value.problems) == 1
    return str(caught.value)


def _texts(document) -> list[str]:
    """Every paragraph's text: body, then table cells."""
    cells = [p.text for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return [p.text for p in document.paragraphs] + cells


@pytest.fixture
def starter(tmp_path: Path):
    def make(kind: str) -> Path:
        path = tmp_path / f"{kind}.docx"
        path.write_bytes(starter_template(kind))
        return path
    return make


# --- the starter templates ---------------------------------------------------------------------

@pytest.mark.parametrize("company", ["acme", "northwind"])
def test_job_description_starter_renders_the_role(starter, company: str) -> None:
    role = shown_role(company)
    name = read_yaml(f"companies/{company}.yaml")["name"]
    document = _render(starter("jd"), company=company)
    first = document.paragraphs[0]
    suffix = " (m/w/d)" if company == "northwind" else ""  # a Berlin posting's title suffix
    assert (first.style.name, first.text) == ("Title", role.title + suffix)
    texts = _texts(document)
    assert any(name in text for text in texts[:3]), "the company name should be under the title"
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    for group in role.responsibilities:
        assert group.items[0] in bullets
    areas = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert [g.area for g in role.responsibilities] == areas[:len(role.responsibilities)]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for heading in ("The role", "What you will do", "What you bring", "How success is measured",
                    "How to apply", "Equal opportunity"):
        assert heading in headings
    assert read_yaml(f"companies/{company}.yaml")["eeo_statement"].split()[0] in texts[-1]


def test_job_description_starter_follows_the_html_layout(starter) -> None:
    """Must-haves as sentences, then Skills, How you work and Nice to have; no reporting-line
    section beside the facts at the top."""
    role = shown_role("acme")
    document = _render(starter("jd"))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    bring = headings.index(("Heading 1", "What you bring"))
    assert headings[bring + 1:bring + 4] == [("Heading 2", "Skills"), ("Heading 2", "How you work"),
                                             ("Heading 2", "Nice to have")]
    assert ("Heading 1", "Reporting line") not in headings
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert f"At least {role.experience.years_min} years of relevant experience." in bullets
    assert role.nice_to_have[0] in bullets and role.skills.hard[0] in bullets


def test_a_word_template_is_respelt_for_en_gb(starter, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "job-description.docx").write_bytes(starter("jd").read_bytes())
    [out] = build("sales-manager", COMPANIES / "northwind.yaml", tmp_path / "out", docs="jd",
                  formats=["docx"], templates=[templates])
    text = "\n".join(_texts(docx.Document(str(out))))
    assert "A recognised sales methodology" in text and "recognized" not in text
    assert "Calm judgement under" in text and "judgment" not in text



def test_job_description_starter_leaves_no_tags_or_tag_paragraphs(starter) -> None:
    document = _render(starter("jd"))
    for text in _texts(document):
        assert "{{" not in text and "{%" not in text and "{#" not in text, text
    assert not [p for p in document.paragraphs if p.style.name == TAG_STYLE]


def test_job_description_starter_shows_the_company_pay(starter) -> None:
    offer = read_yaml("companies/acme.yaml")["compensation"]["cso"]
    texts = _texts(_render(starter("jd")))
    assert f"Base salary: ${offer['base_min']:,} to ${offer['base_max']:,} per year." in texts
    assert f"Equity: {offer['equity']}" in texts


def test_job_description_starter_shows_no_pay_without_the_companys_range(starter) -> None:
    bench = read_yaml("roles/cso.yaml")["pay_benchmark"]
    document = render_documents("cso", COMPANIES / "northwind.yaml", "jd")[0]
    models = document.models
    context = dict(document.context)
    context["pay"] = resolve_pay(models["role"], models["company"].model_copy(
        update={"compensation": {}}))
    assert context["pay"] is None
    texts = _texts(docx.Document(io.BytesIO(render_word_template(starter("jd"), context, FIXED_TIME))))
    assert "Compensation" not in texts
    for text in texts:
        assert not text.startswith(("Base pay", "Base salary", "Source: ", "Market benchmark"))
        assert f"{bench['base_min']:,}" not in text and "benchmark" not in text


def test_job_description_starter_uses_words_styles(starter) -> None:
    template = docx.Document(starter("jd"))
    used = {p.style.name for p in template.paragraphs}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet", "Key Fact", TAG_STYLE} <= used
    assert any(p.text == "{%p for group in role.responsibilities %}" for p in template.paragraphs)


def test_checklist_starter_has_one_row_per_applicable_task(starter) -> None:
    expected = tailored("acme")
    document = _render(starter("checklist"), kind="checklist")
    assert document.paragraphs[0].text == expected.checklist.title
    assert any("Acme Robotics" in p.text for p in document.paragraphs[:3])
    assert len(document.tables) == len(expected.phases)
    for table, phase in zip(document.tables, expected.phases, strict=True):
        assert table.style.name == TABLE_STYLE
        header, *rows = table.rows
        assert [c.text for c in header.cells] == ["Done", "Task", "Owner", "Week"]
        assert [row.cells[1].paragraphs[0].text for row in rows] == [t.task for t in phase.tasks]
        assert [row.cells[2].text for row in rows] == [f"{t.owner}\n({t.owner_name})" if t.owner_name
                                                       else t.owner for t in phase.tasks]
        weeks = ["–" if t.due_week is None else str(t.due_week) for t in phase.tasks]
        assert [row.cells[3].paragraphs[0].text for row in rows] == weeks
        dates = [f"({long_date(t.due_date, 'en-US')})" for t in phase.tasks]
        assert [row.cells[3].paragraphs[-1].text for row in rows] == dates
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{p.number}. {p.phase.title}" for p in expected.phases]
    assert f"{expected.applicable} of {expected.total} tasks apply" in "\n".join(_texts(document))


def test_checklist_starter_differs_by_company(starter) -> None:
    for company in ("acme", "northwind"):
        document = _render(starter("checklist"), kind="checklist", company=company)
        rows = sum(len(table.rows) - 1 for table in document.tables)
        assert rows == tailored(company).applicable


def test_unknown_starter_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="jd, checklist"):
        starter_template("cover-letter")


# --- escaping and the sandbox ------------------------------------------------------------------

def test_hostile_company_name_comes_out_literally(starter, company_copy, tmp_path: Path) -> None:
    company = company_copy(("name: Acme Robotics", f'name: "{HOSTILE}"'))
    context = render_documents("cso", company, "jd")[0].context
    data = render_word_template(starter("jd"), context, FIXED_TIME)
    document = docx.Document(io.BytesIO(data))  # opens: the XML is well-formed
    assert document.paragraphs[1].text.startswith(f"{HOSTILE} · ")
    assert document.sections[0].header.paragraphs[0].text == HOSTILE
    assert document.core_properties.title == f"Chief Sales Officer — {HOSTILE}"
    assert document.core_properties.author == HOSTILE
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<script>" not in body and "&lt;script&gt;" in body


def test_data_is_never_rendered_as_a_template(company_copy, tmp_path: Path) -> None:
    """docxtpl renders footnotes once per section: its own output, company data included."""
    company = company_copy(("name: Acme Robotics", 'name: "Acme {{ 7 * 7 }}"'))
    context = render_documents("cso", company, "jd")[0].context
    document = docx.Document()
    document.add_paragraph("{{ company.name }}")
    document.add_section()
    document.add_paragraph("second section")
    notes = (f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p><w:r>'
             "<w:t>{{ company.name }}</w:t></w:r></w:p></w:footnote></w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES, notes.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    template = tmp_path / "notes.docx"
    document.save(str(template))
    data = render_word_template(template, context, FIXED_TIME)
    footnotes = zipfile.ZipFile(io.BytesIO(data)).read("word/footnotes.xml").decode()
    assert "Acme {{ 7 * 7 }}" in footnotes and "49" not in footnotes
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == "Acme {{ 7 * 7 }}"


@pytest.mark.parametrize("expression", ["role.__class__.__mro__", "role.__init__.__globals__",
                                        "company.__class__.__subclasses__()"])
def test_python_internals_are_out_of_reach(tmp_path: Path, expression: str) -> None:
    template = _word(tmp_path / "t.docx", "{{ role.title }}", f"{{{{ {expression} }}}}")
    message = _error(template)
    assert "paragraph 2: template error:" in message
    assert "that a template may use" in message


def test_markup_that_breaks_the_document_is_an_error(tmp_path: Path) -> None:
    template = _word(tmp_path / "t.docx", "{{ role.title }}", '{{ "</w:t></w:r></w:p>" | safe }}')
    assert "the tags produce a document Word cannot read" in _error(template)


# --- errors name the paragraph or cell ---------------------------------------------------------

def test_syntax_error_names_the_paragraph(tmp_path: Path) -> None:
    template = _word(tmp_path / "t.docx",
                     "{{ role.title }}",
                     "{{ locations | join(“; ”) }}",  # Word's curly quotes: docxtpl straightens them
                     "Reports to {{ reports_to }",
                     "{{ company.name }}")
    message = _error(template)
    assert message == (f"{display_path(template)}: paragraph 3: template syntax error: unexpected '}}' "
                       "— fix the tag in that paragraph")


def test_tables_do_not_shift_paragraph_numbers(tmp_path: Path) -> None:
    template = _word(tmp_path / "t.docx",
                     "{{ role.title }}",
                     [["Owner", "Week"], ["{{ company.name }}", "{{ reports_to }}"]],
                     "{%p for group in role.responsibilities %}",
                     "{{ group.area }}",
                     "{%p endfor %}",
                     "{{ role.summary | nosuchfilter }}")
    assert ": paragraph 5: template syntax error: No filter named 'nosuchfilter'." in _error(template)


@pytest.mark.parametrize(("blocks", "paragraph"), [
    (["{{ role.title }}", "{%p for group in role.responsibilities %}", "{{ group.area }}", "the end"], 2),
    (["{%p if pay %}", "{%p for group in role.responsibilities %}", "{%p endfor %}", "{% set x %}",
      "{% endset %}", "the end"], 1),
])
def test_unclosed_block_names_the_paragraph_that_opens_it(tmp_path: Path, blocks: list[str],
                                                          paragraph: int) -> None:
    message = _error(_word(tmp_path / "t.docx", *blocks))
    assert f": paragraph {paragraph}: template syntax error: Unexpected end of template." in message


def test_undefined_name_names_the_table_cell(tmp_path: Path) -> None:
    template = _word(tmp_path / "t.docx",
                     "The role sumary is below: {{ role.summary }}",  # the name, but not the fault
                     [["Area", "Items", "Summary"],
                      ["{{ role.title }}", "{{ role.kpis | length }}", "{{ role.sumary }}"]])
    message = _error(template)
    assert message == (f"{display_path(template)}: table 1, row 2, cell 3: template error: "
                       'no field "sumary" here; did you mean "summary"? '
                       "— check the names used in that cell")


def test_error_inside_a_row_loop_names_the_template_row(tmp_path: Path) -> None:
    template = _word(tmp_path / "t.docx",
                     "{{ role.title }}",
                     [["Area", "First item"]],
                     "Between the tables",
                     [["Area", "First item"],
                      ["{%tr for group in role.responsibilities %}", ""],
                      ["{{ group.area }}", "{{ group.itemz[0] }}"],
                      ["{%tr endfor %}", ""]])
    message = _error(template)
    assert ": table 2, row 3, cell 2: template error: " in message
    assert '"itemz"' in message


def test_undefined_top_level_name(tmp_path: Path) -> None:
    template = _word(tmp_path / "t.docx", "{{ role.title }}", "{{ compnay.name }}")
    assert ": paragraph 2: template error: 'compnay' is undefined" in _error(template)


def test_error_in_the_page_header(tmp_path: Path) -> None:
    template = _word(tmp_path / "t.docx", "{{ role.title }}", header="{{ company.nam }}")
    assert ": page header, paragraph 1: template error: " in _error(template)


def test_not_a_docx_file(tmp_path: Path) -> None:
    text = tmp_path / "notes.docx"
    text.write_text("{{ role.title }}", encoding="utf-8")
    other_zip = tmp_path / "archive.docx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "hello")
    for path in (text, other_zip):
        assert _error(path) == (f"{display_path(path)}: not a Word .docx file "
                                "— save it from Word as a Word Document (.docx)")


def test_missing_file(tmp_path: Path) -> None:
    assert "Word template not found" in _error(tmp_path / "missing.docx")


# --- reproducible output -----------------------------------------------------------------------

def test_same_build_time_gives_identical_bytes(starter) -> None:
    template = starter("checklist")
    context = _contexts("acme")["checklist"]
    first = render_word_template(template, context, FIXED_TIME)
    assert render_word_template(template, context, FIXED_TIME) == first
    later = render_word_template(template, context, FIXED_TIME + dt.timedelta(days=1))
    assert later != first


def test_build_time_is_the_documents_time(starter) -> None:
    document = _render(starter("jd"))
    assert document.core_properties.created.replace(tzinfo=None) == FIXED_TIME
    assert document.core_properties.modified.replace(tzinfo=None) == FIXED_TIME
    data = render_word_template(starter("jd"), _contexts("acme")["jd"], FIXED_TIME)
    stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert stamps == {FIXED_TIME.timetuple()[:6]}
