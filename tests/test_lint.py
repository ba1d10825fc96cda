"""`jdgen lint`: each rule on planted problems, false positives, tracing to file:line:col, output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from jdgen.cli import main
from jdgen.lint import run_lint
from jdgen.lint.rules.gender_coded import balance, coded_words, coding
from jdgen.loading import Library

from .conftest import COMPANIES, without_range, yaml_at

PLANTED_ROLE = """\
extends: vp-sales
title: VP of Sales, EMEA
summary: >-
  We want a rockstar who is young and dynamic. He will run the EMEA team and
  build the pipeline with the chairman and the salesmen.
responsibilities+:
  - area: Growth
    items:
      - Be a dominant force in every negotiation.
      - Hire for culture fit.
qualifications+:
  - Native English speaker and recent graduate.
  - You must have a car for client visits.
pitch: []  # no company-specific opening: the summary above is shown
"""


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace with Acme's company file and a role full of planted problems."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "roles").mkdir()
    (tmp_path / "templates").mkdir()
    shutil.copy(COMPANIES / "acme.yaml", tmp_path / "company.yaml")
    shutil.copy(COMPANIES / "acme-logo.png", tmp_path / "acme-logo.png")
    (tmp_path / "roles" / "emea.yaml").write_text(PLANTED_ROLE)
    return tmp_path


def lint(ws: Path, role: str = "emea", **options):
    return run_lint(role, ws / "company.yaml", Library((ws,)), **options)


def where(report, rule: str, text: str) -> str:
    hits = [f for f in report.findings if f.rule == rule and f.text.lower() == text.lower()]
    assert hits, f"no {rule} finding for {text!r}: {[(f.rule, f.text) for f in report.findings]}"
    return str(hits[0].where)


@pytest.mark.parametrize(("rule", "text", "line"), [
    ("exclusionary-jargon", "rockstar", 4), ("exclusionary-age", "young and dynamic", 4),
    ("gendered-pronoun", "He", 4), ("gendered-noun", "chairman", 5), ("gendered-noun", "salesmen", 5),
    ("gender-coded", "dominant", 9), ("exclusionary-bias", "culture fit", 10),
    ("exclusionary-origin", "Native English speaker", 12), ("exclusionary-age", "recent graduate", 12),
    ("exclusionary-ability", "must have a car", 13)])
def test_each_planted_problem_is_found_where_it_was_written(ws: Path, rule: str, text: str,
                                                           line: int) -> None:
    report = lint(ws)
    assert report.failed()
    found = where(report, rule, text)
    path, at_line, col = found.rsplit(":", 2)
    assert (path, int(at_line)) == ("roles/emea.yaml", line)
    source_line = PLANTED_ROLE.splitlines()[line - 1]
    assert source_line[int(col) - 1:].startswith(text)


def test_suggestions_and_severities(ws: Path) -> None:
    report = lint(ws)
    dominant = next(f for f in report.findings if f.text == "dominant")
    assert (dominant.severity, dominant.suggestion) == ("warning", 'try "established"')
    assert dominant.message == '"dominant" is masculine-coded'
    pronoun = next(f for f in report.findings if f.rule == "gendered-pronoun")
    assert pronoun.severity == "error" and "they" in pronoun.suggestion
    young = [f for f in report.findings if f.rule == "exclusionary-age" and "young" in f.text.lower()]
    assert [f.text for f in young] == ["young and dynamic"], "no second hit for 'young' inside it"


def test_inherited_text_points_into_the_parent_file(ws: Path) -> None:
    (ws / "roles" / "emea.yaml").write_text("extends: vp-sales\ntitle: VP of Sales, EMEA\n")
    report = lint(ws, show_all=True)
    parent = [f for f in report.findings
              if f.rule == "gender-coded" and f.where.path.endswith("vp-sales.yaml")]
    assert parent, "words of inherited responsibilities are traced to vp-sales.yaml"
    from jdgen.paths import builtin_dir

    lines = (builtin_dir("roles") / "vp-sales.yaml").read_text().splitlines()
    hit = parent[0]
    assert lines[hit.where.line - 1][hit.where.col - 1:].lower().startswith(hit.text.lower())


def test_company_text_is_traced_to_the_company_file(ws: Path) -> None:
    company = ws / "company.yaml"
    company.write_text(company.read_text().replace(
        "  - 401(k) with a 4% company match.", "  - A ninja-level 401(k) with a 4% company match."))
    hit = next(f for f in lint(ws, role="cso").findings if f.text == "ninja")
    line = next(i for i, t in enumerate(company.read_text().splitlines(), 1) if "ninja" in t)
    assert str(hit.where) == f"company.yaml:{line}:7"


def test_template_text_is_traced_to_the_template(ws: Path) -> None:
    (ws / "templates" / "job-description.html").write_text(
        '{% extends "builtin/job-description.html" %}\n{% block eeo %}\n'
        "<h2>Join us</h2>\n<p>Guru-level sellers welcome.</p>\n{% endblock %}\n")
    report = run_lint("cso", ws / "company.yaml", Library((ws,)), templates=[ws / "templates"])
    hit = next(f for f in report.findings if f.text.lower() == "guru")
    assert str(hit.where) == "templates/job-description.html:4:4"
    # built-in template text is traced too, and only text that is really in the document counts
    assert not [f for f in report.findings if "Equal opportunity" in f.text]


def test_ignore_comment_and_disabled_rules(ws: Path) -> None:
    role = ws / "roles" / "emea.yaml"
    role.write_text(PLANTED_ROLE.replace("- Hire for culture fit.",
                                         "- Hire for culture fit.  # jdgen: ignore[exclusionary-bias]"))
    report = lint(ws)
    assert not [f for f in report.findings if f.rule == "exclusionary-bias"]
    assert [f for f in report.findings if f.rule == "exclusionary-jargon"]
    company = ws / "company.yaml"
    company.write_text(company.read_text() + "lint:\n  disable: [exclusionary-jargon, gendered-noun]\n")
    report = lint(ws)
    assert not [f for f in report.findings if f.rule in ("exclusionary-jargon", "gendered-noun")]
    company.write_text(company.read_text().replace("gendered-noun]", "gendered-nown]"))
    result = CliRunner().invoke(main, ["lint", "emea", "--workspace", str(ws)])
    assert result.exit_code == 2
    assert 'unknown lint rule "gendered-nown"' in result.output


@pytest.mark.parametrize("word", ["sharepoint", "sharks", "shareholders", "workforce", "Salesforce",
                                  "competent", "competencies", "objectives", "committee",
                                  "dependants", "principal", "forecast", "activities", "trustee"])
def test_known_false_positives_are_not_coded(word: str) -> None:
    assert coding(word) is None


@pytest.mark.parametrize(("word", "kind"), [
    ("share", "feminine"), ("sharing", "feminine"), ("leadership", "masculine"),
    ("competitive", "masculine"), ("results-driven", "masculine"), ("collaborative", "feminine"),
    ("Supportive", "feminine"), ("analytical", "masculine"), ("co-operative", "feminine")])
def test_coded_words_are_matched_on_their_stems(word: str, kind: str) -> None:
    assert coding(word) == kind


def test_balance_score() -> None:
    assert balance("A competitive, ambitious and decisive leader.")["verdict"] == "strongly masculine-coded"
    assert balance("Supportive and collaborative.")["verdict"] == "feminine-coded"
    assert balance("Plain words only.")["verdict"] == "neutral"


def test_readability_measures_and_long_lists(ws: Path) -> None:
    role = ws / "roles" / "emea.yaml"
    long_item = " ".join(["word"] * 40) + "."
    role.write_text("extends: vp-sales\nqualifications+:\n" +
                    "".join(f"  - Requirement number {i}.\n" for i in range(12)) +
                    f"  - {long_item}\n")
    report = lint(ws)
    assert {"words", "reading_ease", "grade", "longest_sentence", "bullets"} <= set(report.metrics)
    assert report.metrics["longest_sentence"] >= 40
    assert [f.rule for f in report.findings if f.rule == "requirements-list"] == ["requirements-list"]
    sentence = next(f for f in report.findings
                    if f.rule == "long-sentence" and f.where.path == "roles/emea.yaml")
    assert str(sentence.where) == "roles/emea.yaml:15:5"


@pytest.mark.parametrize("company", ["acme", "northwind"])
@pytest.mark.parametrize("role", sorted(Library().role_files))
def test_every_builtin_posting_lints_clean_for_both_examples(role: str, company: str) -> None:
    """No error and no warning, pay-transparency rules included, for every role and example."""
    report = run_lint(role, COMPANIES / f"{company}.yaml", compliance=True)
    assert report.counts["error"] == report.counts["warning"] == 0, [
        (f.rule, f.text, str(f.where)) for f in report.findings if f.severity in ("error", "warning")]


def test_a_posting_the_org_does_not_expect_is_noted(company_copy) -> None:
    acme = company_copy()

    def org_findings(role: str, path: Path = acme) -> list[tuple[str, str, str]]:
        return [(f.rule, f.severity, str(f.where)) for f in run_lint(role, path).findings
                if f.rule.startswith("org-")]

    org_line = yaml_at(acme, "org:", name=str(acme))
    vp_line = yaml_at(acme, "  vp-sales: {reports_to: cso", name=str(acme))
    assert org_findings("cro") == [("org-no-seat", "info", org_line)]
    assert org_findings("vp-sales") == [("org-seat-filled", "info", vp_line)]
    assert org_findings("sales-manager") == org_findings("cso") == []  # three seats; being hired
    message = next(f.message for f in run_lint("vp-sales", acme).findings if f.rule == "org-seat-filled")
    assert message == "the org says Rafael Ortiz holds the one VP of Sales seat"


def test_cli_text_output_and_exit_codes(ws: Path) -> None:
    result = CliRunner().invoke(main, ["lint", "emea", "--workspace", str(ws)])
    assert result.exit_code == 1
    assert 'roles/emea.yaml:4:48: error[gendered-pronoun] "He" assumes the gender' in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("lint: ")
    clean = CliRunner().invoke(main, ["lint", "sdr", "--workspace", str(ws)])
    assert clean.exit_code == 0, clean.stdout
    strict = CliRunner().invoke(main, ["lint", "sdr", "--workspace", str(ws), "--strict"])
    assert strict.exit_code == 1  # warnings and infos count under --strict


def test_cli_json_and_sarif(ws: Path) -> None:
    data = json.loads(CliRunner().invoke(main, ["lint", "emea", "--workspace", str(ws),
                                                "--format", "json"]).stdout)
    assert set(data) == {"findings", "summary"}
    assert data["summary"]["error"] == sum(f["severity"] == "error" for f in data["findings"])
    first = data["findings"][0]
    assert {"rule", "category", "severity", "text", "message", "file", "line", "column"} <= set(first)
    sarif = json.loads(CliRunner().invoke(main, ["lint", "emea", "--workspace", str(ws),
                                                 "--format", "sarif"]).stdout)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1
    assert any(r["ruleId"] == "gendered-pronoun" and r["level"] == "error" for r in run["results"])


def test_build_prints_a_lint_summary_and_strict_fails_it(ws: Path) -> None:
    result = CliRunner().invoke(main, ["build", "emea", "--workspace", str(ws), "--format", "md"])
    assert result.exit_code == 0
    *errors, summary = result.stderr.splitlines()  # each pay-law error in full, then the summary
    assert summary.startswith("lint: ") and "error" in summary
    assert errors and all("error[pay-range-missing]" in line for line in errors)
    strict = CliRunner().invoke(main, ["build", "emea", "--workspace", str(ws), "--format", "txt",
                                       "--strict"])
    assert strict.exit_code == 1 and "nothing was written" in strict.stderr
    assert not list((ws / "output").rglob("*.txt"))


def test_length_and_reading_level_targets(ws: Path) -> None:
    report = run_lint("cso", ws / "company.yaml")
    length = next(f for f in report.findings if f.rule == "length")
    assert 300 <= report.metrics["words"] <= 700 and length.severity == "info"
    assert length.message.startswith(f"{report.metrics['words']} words")
    extra = "".join(f"  - area: Extra {i}\n    items: [You write one more bullet about very little.]\n"
                    for i in range(30))
    (ws / "roles" / "long.yaml").write_text(f"extends: cso\nid: long\nresponsibilities+:\n{extra}")
    long = run_lint("long", ws / "company.yaml", Library((ws,)))
    finding = next(f for f in long.findings if f.rule == "length")
    assert long.metrics["words"] > 700 and finding.severity == "warning"
    reading = next(f for f in report.findings if f.rule == "readability")
    assert reading.severity == "info" and report.metrics["reading_ease"] >= 30


@pytest.mark.parametrize(("as_of", "rule"), [("2026-06-06", "pay-transparency-upcoming"),
                                             ("2026-06-07", "pay-range-before-interview")])
def test_as_of_evaluates_the_law_on_another_date(as_of: str, rule: str, tmp_path: Path) -> None:
    unpaid = without_range(COMPANIES / "northwind.yaml", tmp_path, "vp-sales")
    result = CliRunner().invoke(main, ["lint", "vp-sales", "--company", str(unpaid),
                                       "--compliance", "--as-of", as_of, "-v"])
    assert result.exit_code == 0, result.stdout  # the EU directive lets the range wait for the interview
    [line] = [line for line in result.stdout.splitlines() if "European Union" in line and f"[{rule}]" in line]
    assert line.split(": ", 1)[1].startswith(f"info[{rule}]")


CASES = yaml.safe_load((Path(__file__).parent / "lint_cases" / "gender_coded.yaml").read_text())


@pytest.mark.parametrize(("sentence", "words"), CASES["coded"])
def test_gender_coded_true_positives(sentence: str, words: list[str]) -> None:
    assert [match.group() for match, _ in coded_words(sentence)] == words


@pytest.mark.parametrize("sentence", CASES["not_coded"])
def test_gender_coded_words_in_another_sense_are_not_coded(sentence: str) -> None:
    assert [match.group() for match, _ in coded_words(sentence)] == []


def test_own_role_hides_findings_in_jdgens_own_files_unless_all(ws: Path) -> None:
    (ws / "roles" / "emea.yaml").write_text("extends: vp-sales\ntitle: VP of Sales, EMEA\n"
                                            "nice_to_have+:\n  - A rockstar network.\n")
    mine = lint(ws)
    assert {Path(f.where.path).name for f in mine.findings} <= {"emea.yaml", "company.yaml"}
    assert mine.hidden > 0 and "--all shows them" in mine.summary_line()
    assert where(mine, "exclusionary-jargon", "rockstar") == "roles/emea.yaml:4:7"
    assert where(mine, "length", f"{mine.metrics['words']} words") == "roles/emea.yaml"
    everything = lint(ws, show_all=True)
    assert everything.hidden == 0
    assert len(everything.findings) == len(mine.findings) + mine.hidden
    result = CliRunner().invoke(main, ["lint", "emea", "--all", "-v"])
    assert "vp-sales.yaml" in result.stdout and "more in jdgen's own files" not in result.stdout
    builtin = run_lint("vp-sales", ws / "company.yaml")  # a built-in role: nothing is hidden
    assert builtin.hidden == 0 and any("vp-sales.yaml" in f.where.path for f in builtin.findings)
