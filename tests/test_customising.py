"""Template overrides block by block, Word reference styles, and the JSON Schemas."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from docx.shared import RGBColor
from pypdf import PdfReader

from jdgen.api import build, render_documents
from jdgen.cli import main
from jdgen.errors import TemplateError
from jdgen.paths import builtin_dir

from .conftest import COMPANIES, yaml_at


def test_block_that_is_not_in_the_parent_is_an_error(override, acme: Path) -> None:
    templates = override('{% extends "builtin/job-description.html" %}\n\n'
                         "{% block sumary %}x{% endblock %}\n")
    with pytest.raises(TemplateError) as info:
        render_documents("cso", acme, "jd", templates=[templates])
    assert str(info.value).endswith('job-description.html:3: block "sumary" does not exist in '
                                    '"builtin/job-description.html" — did you mean "summary"?')


@pytest.mark.parametrize("block", ["header", "summary", "responsibilities", "skills",
                                   "compensation", "benefits", "apply", "eeo", "footer"])
def test_every_named_block_can_be_overridden(override, acme: Path, block: str) -> None:
    templates = override('{% extends "builtin/job-description.html" %}'
                         f"{{% block {block} %}}<p>OVERRIDDEN-{block}</p>{{% endblock %}}")
    html = render_documents("cso", acme, "jd", templates=[templates])[0].html
    assert f"<p>OVERRIDDEN-{block}</p>" in html


def test_one_phase_block_override_shows_in_pdf_and_docx(override, company_copy,
                                                       tmp_path: Path) -> None:
    templates = override('{% extends "builtin/search-checklist.html" %}'
                         "{% block phase_sourcing %}<h2>Sourcing, our way</h2>"
                         "<p>Ask the partners for {{ item.tasks | length }} names.</p>{% endblock %}",
                         name="search-checklist.html")
    files = {p.suffix: p for p in build("cso", company_copy(), tmp_path / "out", docs="checklist",
                                       templates=[templates])}
    pdf = "".join(page.extract_text() for page in PdfReader(files[".pdf"]).pages)
    assert "Sourcing, our way" in pdf and "Source candidates and choose a search partner" not in pdf
    assert "Screen the long list" in pdf  # the other phases are untouched
    headings = [p.text for p in docx.Document(files[".docx"]).paragraphs if p.style.name == "Heading 1"]
    assert "Sourcing, our way" in headings


def test_overriding_the_phase_partial_restyles_every_phase(override, acme: Path) -> None:
    templates = override("<h2>PHASE {{ item.number }}</h2>", name="checklist-phase.html")
    html = render_documents("cso", acme, "checklist", templates=[templates])[0].html
    assert html.count("<h2>PHASE ") == 9


# --- Word reference styles -------------------------------------------------------------------

def _reference(tmp_path: Path, drop: tuple[str, ...] = ()) -> Path:
    reference = docx.Document()
    heading = reference.styles["Heading 1"]
    heading.font.color.rgb, heading.font.name = RGBColor(0x00, 0x80, 0x00), "DejaVu Serif"
    for name in drop:  # Word keeps unused built-in styles out of styles.xml
        element = reference.styles[name].element
        element.getparent().remove(element)
    reference.add_paragraph("Reference body text that must not leak into the output.")
    path = tmp_path / "house-style.docx"
    reference.save(str(path))
    return path


def test_reference_docx_styles_are_used(company_copy, tmp_path: Path) -> None:
    reference = _reference(tmp_path)
    [out] = build("cso", company_copy(), tmp_path / "out", docs="jd", formats=["docx"],
                  reference_docx=reference)
    document = docx.Document(str(out))
    heading = document.styles["Heading 1"]
    assert heading.font.color.rgb == RGBColor(0x00, 0x80, 0x00) and heading.font.name == "DejaVu Serif"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Reference body text" not in text and document.paragraphs[0].text == "Chief Sales Officer"


def test_reference_docx_missing_list_styles_are_borrowed(company_copy, tmp_path: Path) -> None:
    reference = _reference(tmp_path, drop=("List Bullet", "Light List Accent 1"))
    [out] = build("cso", company_copy(), tmp_path / "out", docs="jd", formats=["docx"],
                  reference_docx=reference)
    document = docx.Document(str(out))
    bullets = [p for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets
    num_id = document.styles["List Bullet"].element.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0]
    numbering = document.part.numbering_part.element
    assert numbering.xpath(f"./w:num[@w:numId='{num_id}']"), "the list numbering came along"


def test_reference_docx_from_the_company_file(company_copy, tmp_path: Path) -> None:
    _reference(tmp_path)
    company = company_copy(("  page_size: Letter", "  page_size: Letter\n  reference_docx: house-style.docx"))
    [out] = build("cso", company, tmp_path / "out", docs="jd", formats=["docx"])
    assert docx.Document(str(out)).styles["Heading 1"].font.name == "DejaVu Serif"
    bad = company_copy(("  page_size: Letter", "  page_size: Letter\n  reference_docx: nope.docx"),
                       name="bad.yaml")
    result = CliRunner().invoke(main, ["build", "cso", "--company", str(bad), "--format", "docx",
                                       "--out", str(tmp_path / "o2")])
    assert result.exit_code == 2
    assert f"{yaml_at(bad, 'reference_docx:', 'nope.docx')}: reference document" in result.output


# --- JSON Schemas ----------------------------------------------------------------------------

def _as_editor_sees(path: Path) -> object:
    """YAML as a JSON-Schema-aware editor sees it: dates are strings."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))


def _schema(kind: str) -> dict:
    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0
    return json.loads(result.output)


@pytest.mark.parametrize("path", sorted(COMPANIES.glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_companies_match_the_schema(path: Path) -> None:
    jsonschema.validate(_as_editor_sees(path), _schema("company"))


def test_roles_checklists_and_derived_files_match_their_schemas() -> None:
    role_schema, checklist_schema = _schema("role"), _schema("checklist")
    for path in builtin_dir("roles").glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text()), role_schema)
    for path in builtin_dir("checklists").glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text()), checklist_schema)
    jsonschema.validate({"extends": "vp-sales", "kpis+": [{"name": "n", "description": "d"}]},
                        role_schema)
    jsonschema.validate({"extends": "cso-search", "drop": ["a"],
                         "add": [{"phase": "offer", "id": "x", "task": "T.", "owner": "HR"}]},
                        checklist_schema)


def test_schema_catches_what_the_loader_catches() -> None:
    schema = _schema("company")
    with pytest.raises(jsonschema.ValidationError, match="industy"):
        jsonschema.validate({**_as_editor_sees(COMPANIES / "acme.yaml"), "industy": "x"}, schema)
    assert schema["properties"]["name"]["description"] and schema["properties"]["name"]["examples"]
