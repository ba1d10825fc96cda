"""Inclusive-language rules on their test sets: every true and false positive in
``tests/lint_cases/{exclusionary,gendered_language}.yaml``, linted as one role so each finding is
also checked to point at the exact line and column of its text."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path

import pytest
import yaml

from jdgen.lint import run_lint
from jdgen.lint.rules.exclusionary import matches, variant_pattern
from jdgen.loading import Library

from .conftest import COMPANIES

CASES = Path(__file__).parent / "lint_cases"
FAMILIES = {"exclusionary": "exclusionary-", "gendered_language": "gendered-"}


def cases(family: str) -> list[tuple[str, list[list[str]]]]:
    data = yaml.safe_load((CASES / f"{family}.yaml").read_text(encoding="utf-8"))
    return [(s, found) for s, found in data["flagged"]] + [(s, []) for s in data["not_flagged"]]


@cache
def linted(family: str, root: str) -> tuple[dict[int, list], list[str]]:
    """Lint one role holding every case sentence as a qualification, one per line: the
    family's findings by line, and the role file's lines."""
    ws = Path(root) / family
    (ws / "roles").mkdir(parents=True)
    shutil.copy(COMPANIES / "acme.yaml", ws / "company.yaml")
    shutil.copy(COMPANIES / "acme-logo.png", ws / "acme-logo.png")
    head = ["extends: vp-sales", "id: cases", "pitch: []", "qualifications+:"]
    lines = head + [f"  - {json.dumps(s, ensure_ascii=False)}" for s, _ in cases(family)]
    (ws / "roles" / "cases.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run_lint("cases", ws / "company.yaml", Library((ws,)))
    by_line: dict[int, list] = {}
    for f in report.findings:
        if f.where.path.endswith("cases.yaml") and f.rule.startswith(FAMILIES[family]):
            by_line.setdefault(f.where.line, []).append(f)
    return by_line, lines


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("words"))


def _case_ids(family: str) -> list[str]:
    return [s[:50] for s, _ in cases(family)]


@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_case_gives_exactly_its_findings_at_their_columns(family: str, root: str) -> None:
    by_line, lines = linted(family, root)
    wrong = []
    for number, (sentence, expected) in enumerate(cases(family), start=5):
        found = by_line.get(number, [])
        got = [[f.rule, f.text] for f in sorted(found, key=lambda f: f.where.col)]
        if got != expected:
            wrong.append((sentence, got, expected))
        for f in found:  # each finding points at its own text in the file
            assert lines[number - 1][f.where.col - 1:].startswith(f.text), (sentence, f.where)
    assert not wrong, wrong


@pytest.mark.parametrize("family", list(FAMILIES))
def test_precision_and_recall_targets(family: str, root: str) -> None:
    """≥ 90% precision on what is shown by default (errors and warnings), ≥ 90% recall."""
    by_line, _ = linted(family, root)
    expected = {(n, rule, text) for n, (_, found) in enumerate(cases(family), start=5)
                for rule, text in found}
    shown = {(n, f.rule, f.text) for n, found in by_line.items() for f in found
             if f.severity in ("error", "warning")}
    true = len(expected & shown)
    assert true / len(shown) >= 0.9 and true / len(expected) >= 0.9
    assert len(expected) >= 25 and sum(not found for _, found in cases(family)) >= 15


@pytest.mark.parametrize(("sentence", "expected"), cases("exclusionary"),
                         ids=_case_ids("exclusionary"))
def test_exclusionary_case(sentence: str, expected: list[list[str]]) -> None:
    assert [[f"exclusionary-{e.category}", m.group()] for m, e in matches(sentence)] == expected


def test_severities_and_sources_per_category(root: str) -> None:
    by_line, _ = linted("exclusionary", root)
    found = {f.rule: f for fs in by_line.values() for f in fs}
    assert {r: f.severity for r, f in found.items()} == {
        "exclusionary-jargon": "warning", "exclusionary-age": "error",
        "exclusionary-appearance": "error", "exclusionary-profanity": "warning",
        "exclusionary-bro": "warning", "exclusionary-bias": "warning",
        "exclusionary-hours": "warning", "exclusionary-combative": "warning",
        "exclusionary-origin": "error", "exclusionary-ability": "warning"}
    assert found["exclusionary-age"].link.startswith("https://www.ecfr.gov/")
    assert found["exclusionary-appearance"].link.startswith("https://www.eeoc.gov/")
    assert found["exclusionary-bias"].link == "https://doi.org/10.1177/0003122412463213"
    assert all(f.link and f.suggestion for f in found.values())


def test_a_pronoun_pair_is_one_warning_with_its_rewrite(root: str) -> None:
    by_line, lines = linted("gendered_language", root)
    pairs = {f.text: f for fs in by_line.values() for f in fs if "/" in f.text or " or " in f.text}
    assert pairs["He/she"].suggestion == 'say "they"' and pairs["He/she"].severity == "warning"
    assert pairs["his/her"].suggestion == 'say "their"'
    assert pairs["him/her"].suggestion == 'say "them"'
    assert pairs["himself or herself"].suggestion == 'say "themselves"'
    lone = next(f for fs in by_line.values() for f in fs if f.text == "his")
    assert lone.severity == "error" and "they" in lone.suggestion


@pytest.mark.parametrize(("phrase", "text"), [
    ("rock star", "rockstars"), ("rock star", "rock-star"), ("culture fit", "Culture-fit"),
    ("valid driver's license", "valid driver’s license"), ("like minded", "like-minded"),
    ("guru", "guru’s")])
def test_variants_of_a_phrase(phrase: str, text: str) -> None:
    import re

    assert re.fullmatch(variant_pattern(phrase), text, re.IGNORECASE)


def test_a_curly_apostrophe_in_a_template_is_located(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Template text is unescaped before it is matched: &rsquo; in the file still locates."""
    ws = tmp_path
    monkeypatch.chdir(ws)
    (ws / "roles").mkdir()
    (ws / "templates").mkdir()
    shutil.copy(COMPANIES / "acme.yaml", ws / "company.yaml")
    shutil.copy(COMPANIES / "acme-logo.png", ws / "acme-logo.png")
    (ws / "templates" / "job-description.html").write_text(
        '{% extends "builtin/job-description.html" %}\n{% block eeo %}\n'
        "<p>Note: 9 to 5&rsquo;ers need not apply.</p>\n{% endblock %}\n")
    report = run_lint("cso", ws / "company.yaml", Library((ws,)), templates=[ws / "templates"])
    hit = next(f for f in report.findings if f.rule == "exclusionary-hours")
    assert hit.text == "9 to 5’ers need not apply"
    assert str(hit.where) == "templates/job-description.html:3:10"
