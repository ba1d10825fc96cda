"""Form fields end to end: a small scorecard (tests/forms/scorecard.html) with every kind of field,
rendered through the sandbox and the sanitiser, then exported to every layout format.

PDF: AcroForm fields counted by type with pypdf, named by ``name``, ``/TU`` the accessible name,
and PDF/UA still clean.  DOCX: content controls counted by kind with python-docx.  HTML keeps real
inputs; Markdown and text give lines to write on and boxes to tick.
"""

from __future__ import annotations

import dataclasses
import io
from functools import cache
from pathlib import Path

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn
from pdfua import validate
from pypdf import PdfReader

from jdgen.api import export_documents, render_documents
from jdgen.documents import ExportOptions, RenderedDocument
from jdgen.render import render

from .conftest import COMPANIES, FIXED_TIME

FORMS = Path(__file__).parent / "forms"
COMPETENCIES = [{"id": "forecasting", "title": "Forecasting"},
                {"id": "hiring", "title": "Building a team"}]
FF_MULTILINE, FF_RADIO, FF_PUSHBUTTON = 1 << 12, 1 << 15, 1 << 16
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
#: What every format must make: name → (kind, accessible name).
FIELDS = {
    "interviewer": ("text", "Interviewer"),
    "interview-date": ("text", "Date"),
    "score-forecasting": ("radio", "Forecasting"),
    "evidence-forecasting": ("textarea", "Evidence: Forecasting"),
    "score-hiring": ("radio", "Building a team"),
    "evidence-hiring": ("textarea", "Evidence: Building a team"),
    "decision": ("radio", "Recommendation"),
    "consent-given": ("checkbox", "The candidate agreed to reference checks"),
}


@cache
def scorecard() -> RenderedDocument:
    """The scorecard as a rendered document (an existing kind: documents.py is not ours to grow)."""
    jd = next(d for d in render_documents("cso", COMPANIES / "acme.yaml") if d.kind.key == "jd")
    context = dict(jd.context.fields()) | {"competencies": COMPETENCIES}
    markup = render("scorecard.html", context, (FORMS,))
    return dataclasses.replace(jd, html=markup, title="Interview scorecard")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("forms")
    built = export_documents([scorecard()], ["pdf", "docx", "html", "md", "txt"], out,
                             ExportOptions(build_time=FIXED_TIME))
    paths = {}
    for path, data in built.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        paths[path.suffix[1:]] = path
    return paths


def test_the_sanitised_html_keeps_every_field() -> None:
    body = lxml.html.document_fromstring(scorecard().html).body
    names = [e.get("name") for e in body.iter("input", "textarea")]
    assert set(names) == set(FIELDS)
    assert len(names) == 2 + 2 * 4 + 2 + 2 + 1
    assert body.find(".//textarea").get("rows") == "4"
    assert [legend.text for legend in body.iter("legend")] == ["Forecasting", "Building a team",
                                                                "Recommendation"]


def test_pdf_has_one_field_of_the_right_type_per_name(files: dict[str, Path]) -> None:
    reader = PdfReader(files["pdf"])
    found = reader.get_fields()
    assert set(found) == set(FIELDS)  # no "score-forecasting.score-forecasting" per button
    top = [ref.get_object() for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]]
    assert sorted(str(f["/T"]) for f in top) == sorted(FIELDS)
    counts = {"text": 0, "textarea": 0, "radio": 0, "checkbox": 0}
    for name, (kind, label) in FIELDS.items():
        field = found[name]
        flags = int(field.get("/Ff", 0))
        assert field["/TU"] == label, name
        if kind in ("text", "textarea"):
            assert field["/FT"] == "/Tx" and bool(flags & FF_MULTILINE) == (kind == "textarea"), name
        else:
            assert field["/FT"] == "/Btn" and not flags & FF_PUSHBUTTON, name
            assert bool(flags & FF_RADIO) == (kind == "radio"), name
            assert field.get("/V", "/Off") == "/Off", name
        counts[kind] += 1
    assert counts == {"text": 2, "textarea": 2, "radio": 3, "checkbox": 1}
    groups = {str(f["/T"]): f for f in top if int(f.get("/Ff", 0)) & FF_RADIO}
    assert [len(groups[n]["/Kids"]) for n in ("score-forecasting", "score-hiring", "decision")] == [4, 4, 2]
    assert list(groups["decision"]["/Opt"]) == ["hire", "no-hire"]
    for group in groups.values():
        for kid in group["/Kids"]:
            assert "/T" not in kid.get_object() and kid.get_object()["/Parent"].get_object() is not None


def test_pdf_with_fields_passes_the_pdf_ua_checks(files: dict[str, Path]) -> None:
    report = validate(str(files["pdf"]))
    assert [f"{f.rule_id}: {f.message}" for f in report.findings] == []
    root = PdfReader(files["pdf"]).trailer["/Root"]
    forms = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif hasattr(node, "get") and node.get("/Type") == "/StructElem":
            if node["/S"] == "/Form":
                forms.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(root["/StructTreeRoot"]["/K"])
    assert len(forms) == 2 + 2 + 10 + 1  # every widget, each radio button too, is tagged


def _controls(path: Path) -> dict[str, list]:
    body = docx.Document(io.BytesIO(path.read_bytes())).element.body
    kinds: dict[str, list] = {"text": [], "multiline": [], "checkbox": []}
    for sdt in body.iter(qn("w:sdt")):
        pr = sdt.find(qn("w:sdtPr"))
        text = pr.find(qn("w:text"))
        kind = ("checkbox" if pr.find(f"{W14}checkbox") is not None
                else "multiline" if text is not None and text.get(qn("w:multiLine")) == "1"
                else "text" if text is not None else "other")
        kinds.setdefault(kind, []).append(pr)
    return kinds


def _tag(pr) -> str:
    return pr.find(qn("w:tag")).get(qn("w:val"))


def _alias(pr) -> str:
    return pr.find(qn("w:alias")).get(qn("w:val"))


def test_docx_has_a_content_control_per_field(files: dict[str, Path]) -> None:
    kinds = _controls(files["docx"])
    assert {kind: len(found) for kind, found in kinds.items()} == {"text": 2, "multiline": 2,
                                                                   "checkbox": 11}
    assert [_tag(pr) for pr in kinds["text"]] == ["interviewer", "interview-date"]
    assert [_alias(pr) for pr in kinds["text"]] == ["Interviewer", "Date"]
    assert [_tag(pr) for pr in kinds["multiline"]] == ["evidence-forecasting", "evidence-hiring"]
    assert [_tag(pr) for pr in kinds["checkbox"]] == [
        *(f"score-forecasting={n}" for n in range(1, 5)), *(f"score-hiring={n}" for n in range(1, 5)),
        "decision=hire", "decision=no-hire", "consent-given"]
    assert _alias(kinds["checkbox"][0]) == "Forecasting: 1"
    assert _alias(kinds["checkbox"][-1]) == FIELDS["consent-given"][1]
    for pr in kinds["text"] + kinds["multiline"]:
        assert pr.find(qn("w:showingPlcHdr")) is not None
    ids = [pr.find(qn("w:id")).get(qn("w:val")) for found in kinds.values() for pr in found]
    assert len(set(ids)) == len(ids)


def test_docx_keeps_labels_and_boxes_the_textareas(files: dict[str, Path]) -> None:
    document = docx.Document(io.BytesIO(files["docx"].read_bytes()))
    texts = ["".join(t.text or "" for t in p._p.iter(qn("w:t"))) for p in document.paragraphs]
    assert "Interviewer Click or tap here to enter text." in texts
    assert "☐ 1 ☐ 2 ☐ 3 ☐ 4" in texts and "☐ Hire ☐ No hire" in texts
    assert "☐ The candidate agreed to reference checks" in texts
    boxes = [p for p in document.paragraphs if p.style.name == "Form Field"]
    assert len(boxes) == 2
    assert all(len(p._p.findall(f".//{qn('w:br')}")) == 3 for p in boxes)  # rows="4"
    root = document.element
    assert root.nsmap["w14"] == W14[1:-1]
    assert "w14" in root.get("{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable").split()


def test_html_keeps_real_fields(files: dict[str, Path]) -> None:
    body = lxml.html.document_fromstring(files["html"].read_bytes()).body
    found = {(e.tag, e.get("type"), e.get("name")) for e in body.iter("input", "textarea")}
    kinds = {"text": ("input", "text"), "radio": ("input", "radio"),
             "checkbox": ("input", "checkbox"), "textarea": ("textarea", None)}
    assert {(*kinds[kind], name) for name, (kind, _) in FIELDS.items()} == found
    assert body.find(".//form") is None


@pytest.mark.parametrize("extension", ["md", "txt"])
def test_markdown_and_text_are_forms_on_paper(files: dict[str, Path], extension: str) -> None:
    text = files[extension].read_text(encoding="utf-8")
    assert "Interviewer: ____" in text and "Date: ____" in text
    assert "Evidence: Forecasting:\n" in text and text.count("_" * 64) == 8
    one_line = " ".join(text.split())
    assert "[ ] 1 [ ] 2 [ ] 3 [ ] 4" in one_line and "[ ] Hire [ ] No hire" in one_line
    assert "[ ] The candidate agreed to reference checks" in text
    assert "<input" not in text and "<textarea" not in text
