"""Render: sandboxed, autoescaped templates; one template feeds every format."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from jdgen.api import build, render_documents
from jdgen.conditions import ConditionError, compile_condition, evaluate
from jdgen.errors import TemplateError
from jdgen.render import join_words, money

HOSTILE_NAME = 'name: "Acme <script>alert(1)</script> & Co\\a\\x0b"'


def test_text_from_yaml_is_escaped_in_html(company_copy) -> None:
    company = company_copy(("name: Acme Robotics", HOSTILE_NAME))
    html = render_documents("cso", company, "jd")[0].html
    assert "Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "<script>" not in html
    assert "\a" not in html and "\x0b" not in html


def test_hostile_text_comes_out_literally_in_pdf_and_docx(company_copy, tmp_path: Path) -> None:
    company = company_copy(("name: Acme Robotics", HOSTILE_NAME))
    files = {p.suffix: p for p in build("cso", company, tmp_path / "out", docs="jd")}
    literal = "Acme <script>alert(1)</script> & Co"
    assert literal in PdfReader(files[".pdf"]).pages[0].extract_text()
    document = docx.Document(files[".docx"])
    assert literal in document.paragraphs[1].text
    assert document.core_properties.author == literal


def test_one_block_override_shows_in_every_format(override, company_copy, tmp_path: Path) -> None:
    templates = override('{% extends "builtin/job-description.html" %}\n'
        "{% block summary %}<h2>Why this role exists</h2><p>Custom text for {{ company.name }}.</p>"
        "{% endblock %}\n")
    files = {p.suffix: p for p in build("cso", company_copy(), tmp_path / "out", docs="jd",
                                       templates=[templates])}
    pdf_text = "".join(page.extract_text() for page in PdfReader(files[".pdf"]).pages)
    assert "Why this role exists" in pdf_text and "Custom text for Acme Robotics." in pdf_text
    assert "The role" not in pdf_text.split("What you will do")[0]
    headings = [p.text for p in docx.Document(files[".docx"]).paragraphs
                if p.style.name == "Heading 1"]
    assert "Why this role exists" in headings and "The role" not in headings


def test_sandbox_blocks_python_internals(override, company_copy, tmp_path: Path) -> None:
    templates = override("{{ role.__class__.__init__.__globals__ }}")
    with pytest.raises(TemplateError) as info:
        render_documents("cso", company_copy(), "jd", templates=[templates])
    assert "job-description.html:1" in str(info.value)


def test_money_and_word_lists() -> None:
    assert money(284126, "USD") == "$284,126"
    assert money(90000, "EUR") == "€90,000"
    assert money(1000, "SEK") == "SEK 1,000"
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"], "or") == "a, b or c"


def test_conditions_read_only_company_facts() -> None:
    facts = {"internal_candidate": True, "headcount": 120, "multi_channel": False}
    assert evaluate("internal_candidate and headcount >= 100", facts)
    assert not evaluate("multi_channel or headcount > 500", facts)
    with pytest.raises(ConditionError, match='unknown name "os"'):
        compile_condition("os")
    with pytest.raises(ConditionError, match="does not parse"):
        compile_condition("internal_candidate and")


def test_only_web_and_mail_links_survive(override, company_copy, tmp_path: Path) -> None:
    templates = override('{% extends "builtin/job-description.html" %}\n{% block summary %}'
        '<p><a href="file:///etc/passwd">a</a> <a href="javascript:alert(1)">b</a> '
        '<a href="#apply">c</a> <a href="https://example.com/x">d</a></p>{% endblock %}\n')
    html = render_documents("cso", company_copy(), "jd", templates=[templates])[0].html
    assert "file:///etc/passwd" not in html and "javascript:" not in html
    assert 'href="#apply"' in html and 'href="https://example.com/x"' in html
    assert html.startswith("<!DOCTYPE html>")


def test_pay_comes_only_from_the_company(acme: Path, northwind_unpaid: Path) -> None:
    northwind = northwind_unpaid
    company_pay = render_documents("account-executive", acme, "jd")[0].html
    assert "$95,000 to $125,000 per year" in company_pay and "market benchmark" not in company_pay
    # vp-sales has a benchmark in the library but no range here: no pay line, no citation
    no_range = render_documents("vp-sales", northwind, "jd")[0]
    assert no_range.models["pay"] is None and no_range.models["benchmark"].is_benchmark
    for text in ("$100,000", "$275,000", "market benchmark", "Beatrice Levinne", "Base pay",
                 'id="compensation"'):
        assert text not in no_range.html
    no_pay = render_documents("sdr", northwind, "jd")[0].html
    assert 'id="compensation"' not in no_pay and "Base pay" not in no_pay
