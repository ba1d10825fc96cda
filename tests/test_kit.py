"""The hiring kit: hiring brief, scorecard, interview guide and reference check, their content,
the trace from the posting's must-haves to the kit's questions, and the document registry."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner

from jdgen.api import documents_for, render_documents, run_build
from jdgen.cli import main
from jdgen.documents import DOC_CHOICES, DOCUMENTS, GROUPS
from jdgen.errors import InputError
from jdgen.lint import lint_document
from jdgen.loading import Library

from .conftest import COMPANIES

LIBRARY = Library()
KIT = ("brief", "scorecard", "interview", "references")


@pytest.fixture(scope="module")
def cso_kit(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("kit")
    result = run_build("cso", COMPANIES / "acme.yaml", out, "kit", ["pdf", "docx", "md"], LIBRARY)
    return {path.name: path for path in result.paths}


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_the_registry_gives_the_doc_choices_and_the_kit_group() -> None:
    assert GROUPS["kit"] == KIT
    assert set(DOC_CHOICES) == {*DOCUMENTS, "kit", "all"}
    assert [k.key for k in documents_for("cso", LIBRARY)] == ["jd", "checklist", *KIT]
    assert [k.key for k in documents_for("cso", LIBRARY, "kit")] == list(KIT)


def test_kit_writes_each_document_in_each_format(cso_kit: dict[str, Path]) -> None:
    stems = ("hiring-brief", "scorecard", "interview-guide", "reference-check")
    assert set(cso_kit) == {f"cso-{stem}.{ext}" for stem in stems for ext in ("pdf", "docx", "md")}


def test_the_scorecard_has_every_outcome_and_competency(cso_kit: dict[str, Path]) -> None:
    kit = LIBRARY.role("cso").kit
    text = " ".join(pdf_text(cso_kit["cso-scorecard.pdf"]).split())
    for outcome in kit.outcomes:
        if outcome.id != "team-built":  # Acme's CSO is not its first sales leader
            assert " ".join(outcome.outcome.split())[:40] in text
    assert "The first sales team hired" not in text
    for competency in kit.competencies:
        assert competency.name in text
    assert "internal: for the hiring team" in text


def test_the_interview_guide_asks_every_question_with_strong_and_weak(cso_kit: dict[str, Path]) -> None:
    kit = LIBRARY.role("cso").kit
    document = docx.Document(io.BytesIO(cso_kit["cso-interview-guide.docx"].read_bytes()))
    text = " ".join(" ".join(p.text for p in document.paragraphs).split())
    for competency in kit.competencies:
        for question in competency.questions:
            assert " ".join(question.ask.split()) in text
    assert text.count("Strong:") == sum(len(c.questions) for c in kit.competencies)
    assert kit.exercise.title in text
    assert "Board or investor" in text or "board" in text.lower()  # the executive loop


def test_the_brief_shows_the_benchmark_beside_the_companys_range(cso_kit: dict[str, Path]) -> None:
    text = " ".join(pdf_text(cso_kit["cso-hiring-brief.pdf"]).split())
    assert "$310,000 – $390,000 per year" in text  # Acme's own range
    assert "$284,126 – $407,750 per year" in text  # the market benchmark
    assert "Differences Between CSO, CRO, and VP of Sales Explained" in text
    assert "Define the profile and scorecard" in text or "scorecard" in text.lower()  # milestones
    assert "Priya Raman" in text and "Lena Okafor" in text  # the people involved


def test_the_reference_check_starts_with_consent(cso_kit: dict[str, Path]) -> None:
    text = cso_kit["cso-reference-check.md"].read_text(encoding="utf-8")
    assert text.index("Consent") < text.index("Whom to call") < text.index("Questions")
    for question in LIBRARY.role("cso").kit.references:
        assert " ".join(question.ask.split())[:50] in " ".join(text.split())


def test_a_role_without_a_kit_has_no_kit_documents(tmp_path: Path) -> None:
    role = tmp_path / "roles" / "head-of-sales.yaml"
    role.parent.mkdir()
    role.write_text("extends: builtin/vp-sales\nid: head-of-sales\ntitle: Head of Sales\nkit: null\n",
                    encoding="utf-8")
    library = Library((tmp_path,))
    assert [k.key for k in documents_for("head-of-sales", library)] == ["jd"]
    with pytest.raises(InputError, match='role "head-of-sales" has no hiring kit'):
        documents_for("head-of-sales", library, "kit")


def kit_lint(tmp_path: Path, role_yaml: str) -> set[tuple[str, str]]:
    role = tmp_path / "roles" / "cso.yaml"
    role.parent.mkdir(exist_ok=True)
    role.write_text(role_yaml, encoding="utf-8")
    [posting] = render_documents("cso", COMPANIES / "acme.yaml", "jd", Library((tmp_path,)))
    report = lint_document(posting, show_all=True)
    return {(f.rule, f.text) for f in report.findings if f.rule.startswith("kit-")}


def test_lint_reports_a_must_have_nothing_assesses(tmp_path: Path) -> None:
    found = kit_lint(tmp_path, "extends: builtin/cso\nskills:\n  hard+:\n    - Fluent Mandarin\n")
    assert found == {("kit-unassessed", "Fluent Mandarin")}


def test_lint_reports_a_competency_the_posting_never_asks_for(tmp_path: Path) -> None:
    kit = LIBRARY.role("cso").kit.model_dump(mode="json", by_alias=True, exclude_none=True)
    kit["competencies"][0]["assesses"] = ["underwater basket weaving"]
    import yaml

    found = kit_lint(tmp_path, yaml.safe_dump({"extends": "builtin/cso", "kit": kit}))
    name = kit["competencies"][0]["name"]
    assert ("kit-not-in-posting", name) in found
    assert all(rule == "kit-not-in-posting" or text for rule, text in found)


def test_every_built_in_kit_covers_its_posting() -> None:
    from jdgen.kit import must_haves, trace

    company = __import__("jdgen.loading", fromlist=["load_company"]).load_company(COMPANIES / "acme.yaml")[0]
    for role_id in LIBRARY.role_files:
        role = LIBRARY.role(role_id)
        if role.kit is None:
            continue
        lines = [(text.text if hasattr(text, "text") else text, section)
                 for text, section in must_haves(role, company)]
        found = trace(role.kit, lines)
        assert found.gaps == () and found.unposted == (), role_id


def test_build_doc_kit_from_the_cli(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "vp-sales", "--company", str(COMPANIES / "northwind.yaml"),
                                       "--doc", "kit", "--format", "html", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.rglob("*.html"))
    assert written == ["vp-sales-hiring-brief.html", "vp-sales-interview-guide.html",
                       "vp-sales-reference-check.html", "vp-sales-scorecard.html"]


def test_outcomes_follow_the_companys_facts(tmp_path: Path) -> None:
    """A first sales leader (Northwind) is measured on building the team, not on keeping it."""
    [scorecard] = render_documents("cso", COMPANIES / "northwind.yaml", "scorecard", LIBRARY)
    assert "The first sales team hired and selling" in scorecard.html
    assert "Strong sellers stay" not in scorecard.html  # its KPI is for an existing team
    assert "every seat filled" not in scorecard.html


@pytest.mark.parametrize("company", ["acme", "northwind"])
@pytest.mark.parametrize("role", sorted(LIBRARY.role_files))
def test_every_kit_document_reads_cleanly(role: str, company: str) -> None:
    """No unfilled value, no gendered pronoun, no "1 years", in every kit document of every role."""
    import re

    from jdgen.lint.tracing import document_text

    for document in render_documents(role, COMPANIES / f"{company}.yaml", "kit", LIBRARY):
        text = document_text(document.html)
        for unfilled in ("{{", "}}", "{%", "None", "[]", "Undefined"):
            assert unfilled not in text, (document.kind.key, unfilled)
        assert not re.search(r"\b(he|she|his|her|him|hers|himself|herself)\b", text, re.I), \
            (document.kind.key, re.search(r".{40}\b(he|she|his|her|him|hers)\b.{40}", text, re.I))
        assert not re.search(r"\b1 years\b", text)


def test_the_scorecard_is_a_fillable_form_in_pdf_and_docx(cso_kit: dict[str, Path]) -> None:
    """Per interviewer: 4 header fields, a 1–4 radio group and an evidence box per competency,
    the hire/no-hire decision and its notes."""
    competencies = LIBRARY.role("cso").kit.competencies
    fields = pypdf.PdfReader(cso_kit["cso-scorecard.pdf"]).get_fields()
    kinds = {name: (field.get("/FT"), field.get("/Ff", 0)) for name, field in fields.items()}
    radios = {name for name, (kind, flags) in kinds.items() if kind == "/Btn" and flags & (1 << 15)}
    assert radios == {f"score-{c.id}" for c in competencies} | {"decision"}
    texts = {name for name, (kind, _) in kinds.items() if kind == "/Tx"}
    assert texts == {"interviewer", "candidate", "stage", "date", "decision-notes",
                     *(f"evidence-{c.id}" for c in competencies)}
    document = docx.Document(io.BytesIO(cso_kit["cso-scorecard.docx"].read_bytes()))
    namespace = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                 "w14": "http://schemas.microsoft.com/office/word/2010/wordml"}
    controls = document.element.body.findall(".//w:sdt", namespace)
    boxes = [c for c in controls if c.find(".//w14:checkbox", namespace) is not None]
    assert len(boxes) == 4 * len(competencies) + 2
    assert len(controls) - len(boxes) == 4 + len(competencies) + 1


def test_the_reference_check_records_consent_and_each_answer(cso_kit: dict[str, Path]) -> None:
    fields = pypdf.PdfReader(cso_kit["cso-reference-check.pdf"]).get_fields()
    assert fields["consent-given"]["/FT"] == "/Btn"
    answers = [name for name in fields if name.startswith("answer-")]
    assert len(answers) == len(LIBRARY.role("cso").kit.references)


def test_the_brief_gives_the_advisors_reasons_or_warns_about_the_title() -> None:
    from jdgen.lint.tracing import document_text

    [acme] = render_documents("cso", COMPANIES / "acme.yaml", "brief", LIBRARY)
    text = " ".join(document_text(acme.html).split())
    assert "recommends a Chief Sales Officer for Acme Robotics, ahead of a Chief Revenue Officer" in text
    assert "sales_channels: 3" in text and "Greg Alexander" in text
    [northwind] = render_documents("cso", COMPANIES / "northwind.yaml", "brief", LIBRARY)
    text = " ".join(document_text(northwind.html).split())
    assert "Check the title first." in text and "recommends a VP of Sales for Northwind" in text
    [sdr] = render_documents("sdr", COMPANIES / "acme.yaml", "brief", LIBRARY)
    assert "advisor" not in document_text(sdr.html)  # the advisor weighs only the top three
