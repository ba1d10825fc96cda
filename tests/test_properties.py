"""Properties over the models: any valid company builds in every format, and any text it holds
comes out literally in each format (hypothesis; derandomised, so CI runs are repeatable)."""

from __future__ import annotations

import csv
import io
import json
import re
import string
from pathlib import Path

import docx
import lxml.html
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from jdgen.api import export_documents, render_documents
from jdgen.context import TailoredChecklist, TailoredPhase
from jdgen.documents import DOCUMENTS, ExportOptions, RenderedDocument
from jdgen.export import csv as csv_export
from jdgen.loading import Library
from jdgen.models import Checklist, Company
from jdgen.sandbox import plain

from .conftest import COMPANIES, FIXED_TIME

#: Scripts the bundled fonts cover and whose text a PDF reader gives back in logical order,
#: plus every ASCII sign (the ones that matter for escaping: < > & " ' { } % # * _ [ ] ( ) \\ |).
ALPHABET = st.characters(codec="utf-8", categories=("L", "N", "P", "S"), include_characters=" ",
                         exclude_characters="\u00ad").filter(lambda c: (
    c in string.printable or "\u00c0" <= c <= "\u024f" or "\u0370" <= c <= "\u03ff"
    or "\u0400" <= c <= "\u04ff" or "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff"
    or "\uac00" <= c <= "\ud7a3"))
TEXT = st.text(ALPHABET, min_size=1, max_size=40).map(lambda s: " ".join(s.split())).filter(bool)

EXAMPLES = settings(max_examples=6, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def squash(text: str) -> str:
    """Text with all white space removed: PDF and wrapped formats break lines anywhere."""
    return re.sub(r"\s+", "", text)


@st.composite
def companies(draw: st.DrawFn) -> dict:
    """A valid company file's data, built on Acme's, with free text and optional parts varied."""
    data = yaml.safe_load((COMPANIES / "acme.yaml").read_text(encoding="utf-8"))
    data["brand"].pop("logo")
    data["name"], data["about"], data["industry"] = draw(TEXT), draw(TEXT), draw(TEXT)
    data["benefits"] = draw(st.lists(TEXT, max_size=3))
    data["hiring_manager"]["name"] = draw(TEXT)
    data["locations"] = draw(st.lists(st.one_of(
        st.builds(lambda city: {"city": city, "country": "United States"}, TEXT),
        st.just({"remote": True, "country": "Germany"})), min_size=1, max_size=3))
    if draw(st.booleans()):
        data["compensation"] = {}
    if draw(st.booleans()):
        data["apply"].pop("deadline")
    data["language"] = draw(st.sampled_from(["en", "en-US", "de", "ja"]))
    data["brand"]["page_size"] = draw(st.sampled_from(["A4", "Letter"]))
    data["search"] = {key: draw(st.booleans()) if isinstance(value, bool) else value
                      for key, value in data["search"].items()}
    if not data["search"].get("internal_candidate"):  # a named candidate needs the search flag
        data["advisor"].pop("internal_candidate")
    if data["search"].get("confidential"):  # a confidential posting needs a neutral address
        data["postings"] = {role: {"apply": {"email": "search@firm.example"}}
                            for role in ("cso", "vp-sales", "sdr")}
    Company.model_validate(data)  # the strategy only makes valid companies
    return data


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "company.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@EXAMPLES
@given(data=companies(), role=st.sampled_from(["cso", "vp-sales", "sdr"]))
def test_any_valid_company_builds_in_every_format(tmp_path_factory: pytest.TempPathFactory,
                                                 data: dict, role: str) -> None:
    folder = tmp_path_factory.mktemp("company")
    documents = render_documents(role, write(folder, data))
    files = export_documents(documents, ["all"], Path("out"), ExportOptions(FIXED_TIME))
    made = {path.suffix for path in files}
    assert made == {f".{ext}" for ext in ("pdf", "docx", "html", "md", "txt", "jsonld")} | (
        {".csv"} if role in Library().checklist_files else set())
    assert all(files.values())


@EXAMPLES
@given(name=TEXT, about=TEXT, benefit=TEXT)
def test_any_text_comes_out_literally(tmp_path_factory: pytest.TempPathFactory, name: str,
                                      about: str, benefit: str) -> None:
    data = yaml.safe_load((COMPANIES / "acme.yaml").read_text(encoding="utf-8"))
    data["brand"].pop("logo")
    data.update(name=name, about=about, benefits=[benefit])
    [document] = render_documents("cso", write(tmp_path_factory.mktemp("company"), data), "jd")
    files = {path.suffix: data for path, data in export_documents(
        [document], ["all"], Path("out"), ExportOptions(FIXED_TIME)).items()}

    html_text = lxml.html.document_fromstring(files[".html"]).text_content()
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(files[".pdf"])).pages)
    docx_text = "\n".join(p.text for p in docx.Document(io.BytesIO(files[".docx"])).paragraphs)
    markdown = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", files[".md"].decode("utf-8"))
    text = files[".txt"].decode("utf-8")
    posting = json.loads(files[".jsonld"])
    for value in (name, about, benefit):
        assert value in html_text
        assert squash(value) in squash(pdf_text)
        assert value in docx_text
        assert squash(value) in squash(markdown)
        assert squash(value) in squash(text)
    assert posting["hiringOrganization"]["name"] == name
    assert about in lxml.html.fragment_fromstring(posting["description"],
                                                  create_parent="div").text_content()


@settings(max_examples=60, deadline=None, derandomize=True)
@given(task=TEXT, detail=TEXT)
def test_any_task_text_comes_out_literally_in_csv(task: str, detail: str) -> None:
    checklist = Checklist.model_validate({
        "id": "c", "role": "cso", "title": "T", "summary": "S",
        "phases": [{"id": "p", "title": "Phase", "tasks": [
            {"id": "a", "task": task, "detail": detail, "owner": "HR"}]}]})
    tailored = TailoredChecklist(checklist, [TailoredPhase(checklist.phases[0], 1, checklist.tasks)], 1)
    document = RenderedDocument(DOCUMENTS["checklist"], "cso", "x", "<html></html>", "T", "A", "en",
                                "A4", ("/nonexistent",), plain({"checklist": tailored}))
    [row] = csv.DictReader(io.StringIO(csv_export.export(document, ExportOptions(FIXED_TIME))
                                       .decode("utf-8"), newline=""))
    for column, value in (("task", task), ("detail", detail)):
        inert = "'" + value if value[0] in "=+-@\t\r" else value  # OWASP: formulas made inert
        assert row[column] == inert
