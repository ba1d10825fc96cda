"""Every built-in role, built for each example company, reads cleanly: no "1 years", no sentence
said twice, no unfilled value, no gendered pronoun, and a pitch short enough to read."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from jdgen.api import export_documents, render_documents
from jdgen.documents import ExportOptions
from jdgen.lint.tracing import document_text
from jdgen.loading import Library

ROOT = Path(__file__).resolve().parent.parent
ROLES = sorted(Library().role_files)
COMPANIES = {"acme": ROOT / "companies" / "acme.yaml",
             "northwind": ROOT / "companies" / "northwind.yaml"}


def posting(role: str, company: str) -> str:
    [document] = render_documents(role, COMPANIES[company], "jd")
    return document_text(document.html)


@pytest.mark.parametrize("company", sorted(COMPANIES))
@pytest.mark.parametrize("role", ROLES)
def test_posting_reads_cleanly(role: str, company: str) -> None:
    text = posting(role, company)
    assert not re.search(r"\b1 years\b", text)
    for unfilled in ("{{", "}}", "{%", "None", "[]", "Undefined"):
        assert unfilled not in text, unfilled
    assert not re.search(r"\b(he|she|his|her|him|hers)\b", text, re.I)
    sentences = [s.strip().lower() for s in re.split(r"(?<=[.!?])\s+|\n", text) if len(s.split()) > 4]
    doubled = {s for s in sentences if sentences.count(s) > 1}
    assert not doubled
    assert len(re.findall(r"[A-Za-z0-9$€£][\w'’%$.,-]*", text)) <= 700


@pytest.mark.parametrize("role", ROLES)
def test_the_role_is_written_to_the_reader(role: str) -> None:
    """The opening paragraph and every responsibility speak to "you"."""
    shown = render_documents(role, COMPANIES["acme"], "jd")[0].models["role"]
    assert re.search(r"\b(you|your|we|our)\b", shown.summary, re.I)
    for group in shown.responsibilities:
        for item in group.items:
            assert item.startswith("You "), item


@pytest.mark.parametrize("company", sorted(COMPANIES))
@pytest.mark.parametrize("role", ROLES)
def test_at_most_ten_must_haves(role: str, company: str) -> None:
    shown = render_documents(role, COMPANIES[company], "jd")[0].models["role"]
    must = [*shown.experience.items, *shown.skills.hard, *shown.qualifications]
    assert len(must) + bool(shown.experience.years_min) <= 10


@pytest.mark.parametrize("company", sorted(COMPANIES))
@pytest.mark.parametrize("role", ROLES)
def test_every_posting_fits_two_pages(role: str, company: str) -> None:
    from .conftest import FIXED_TIME

    documents = render_documents(role, COMPANIES[company], "jd")
    [pdf] = export_documents(documents, ["pdf"], Path("out"), ExportOptions(FIXED_TIME)).values()
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 2


#: Words a must-have and a nice-to-have may share without saying the same thing.
GENERIC = {"experience", "management", "managing", "training", "knowledge", "another", "similar",
           "business", "businesses", "selling", "sales", "other", "their", "through", "which",
           "leading", "record", "several", "working", "revenue"}


@pytest.mark.parametrize("company", sorted(COMPANIES))
@pytest.mark.parametrize("role", ROLES)
def test_no_nice_to_have_repeats_a_must_have(role: str, company: str) -> None:
    """A skill, tool or method is either required or a plus, never both (MEDDICC, CRM, pricing)."""
    shown = render_documents(role, COMPANIES[company], "jd")[0].models["role"]

    def words(text: str) -> set[str]:
        return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)
                if len(w) >= 5 or w.isupper()} - GENERIC

    required = set().union(*map(words, [*shown.experience.items, *shown.skills.hard,
                                        *shown.qualifications]))
    for item in shown.nice_to_have:
        assert not words(item) & required, item


def test_every_posting_docx_fits_two_pages_in_a_word_processor(tmp_path: Path) -> None:
    """Word files are laid out by the reader's word processor: LibreOffice stands in for Word."""
    import os
    import shutil
    import subprocess

    from .conftest import FIXED_TIME

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH")
    files = []
    for company, path in COMPANIES.items():
        for role in ROLES:
            documents = render_documents(role, path, "jd")
            [data] = export_documents(documents, ["docx"], Path("out"),
                                      ExportOptions(FIXED_TIME)).values()
            files.append(tmp_path / f"{company}-{role}.docx")
            files[-1].write_bytes(data)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                    *map(str, files)], capture_output=True, timeout=600, check=True,
                   env={**os.environ, "HOME": str(tmp_path)})
    pages = {file.stem: len(PdfReader(tmp_path / "pdf" / f"{file.stem}.pdf").pages) for file in files}
    assert pages and all(count <= 2 for count in pages.values()), pages
