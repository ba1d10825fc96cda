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
