"""`jdgen advise`: every rule of the table decides a case of its own, the two example companies get
different answers, and the command's formats and errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from jdgen.advisor import (
    FACTS,
    RULES_FILE,
    Money,
    Rules,
    advise,
    facts_of,
    load_rules,
    ranking,
    score,
)
from jdgen.cli import main
from jdgen.loading import Library, load_company

from .conftest import COMPANIES, SEEDS

LIBRARY = Library()
RULES, _ = load_rules(LIBRARY)

#: A company where no rule is close to deciding: one channel, one product, one market, 100
#: people at the growth stage; the VP of Sales leads with 4 points (one-channel, small-company).
NEUTRAL = {
    "sales_channels": 1, "product_lines": 1, "markets": 1, "verticals": 0, "headcount": 100,
    "stage": "growth", "revenue": None, "recurring_revenue": False, "sales_trend": None,
    "new_regions": 0, "new_products": 0, "one_owner_for_revenue": False, "board_approval": False,
    "cso_readiness": 0,
}
#: For each rule: the facts of its case (changes to NEUTRAL), the fact's value after the change,
#: and the recommendation before and after.  Each case is balanced so that this rule's weight
#: decides it: without the rule, the same change leaves the answer as it was.
CASES = {
    "one-channel": ({"sales_channels": 2, "product_lines": 2}, 1, "cso", "vp-sales"),
    "several-channels": ({}, 2, "vp-sales", "cso"),
    "several-product-lines": ({"markets": 2, "verticals": 2}, 2, "vp-sales", "cso"),
    "several-verticals": ({"product_lines": 2, "markets": 2}, 2, "vp-sales", "cso"),
    "several-markets": ({"product_lines": 2, "verticals": 2}, 2, "vp-sales", "cso"),
    "one-owner-for-revenue": ({}, True, "vp-sales", "cro"),
    "recurring-revenue": ({"headcount": 300, "board_approval": True,
                           "revenue": Money(60_000_000, "USD")}, True, "vp-sales", "cro"),
    "sales-stalled": ({"product_lines": 2, "markets": 2}, "flat", "vp-sales", "cso"),
    "new-regions": ({"product_lines": 2, "markets": 2}, 1, "vp-sales", "cso"),
    "new-products": ({"product_lines": 2, "verticals": 2}, 1, "vp-sales", "cso"),
    "large-company": ({"product_lines": 2, "markets": 2}, 300, "vp-sales", "cso"),
    "small-company": ({"headcount": 300, "product_lines": 2, "verticals": 2}, 100, "cso", "vp-sales"),
    "revenue-scale": ({"product_lines": 2, "verticals": 2}, Money(60_000_000, "CHF"), "vp-sales", "cso"),
    "early-stage": ({"product_lines": 2, "verticals": 2, "markets": 2}, "seed", "cso", "vp-sales"),
    "board-oversight": ({"product_lines": 2, "verticals": 2}, True, "vp-sales", "cso"),
    "internal-cso-ready": ({"product_lines": 2, "markets": 2}, 4, "vp-sales", "cso"),
}


def _winner(facts: dict, rules: Rules = RULES) -> str:
    return ranking(score(facts, rules), rules)[0]


def _without(rule_id: str) -> Rules:
    return RULES.model_copy(update={"rules": [r for r in RULES.rules if r.id != rule_id]})


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == {rule.id for rule in RULES.rules}


@pytest.mark.parametrize("rule_id", list(CASES))
def test_each_rule_flips_the_answer_on_its_own(rule_id: str) -> None:
    rule = next(r for r in RULES.rules if r.id == rule_id)
    changes, value, before, after = CASES[rule_id]
    facts = {**NEUTRAL, **changes}
    changed = {**facts, rule.fact: value}
    assert not rule.holds(facts[rule.fact]) and rule.holds(value)
    # only the rules on this fact change: the case isolates it
    moved = {r.id for r in RULES.rules if bool(r.holds(facts[r.fact])) != bool(r.holds(changed[r.fact]))}
    assert moved == {r.id for r in RULES.rules if r.fact == rule.fact} and rule_id in moved
    assert (_winner(facts), _winner(changed)) == (before, after)
    # and it is this rule's weight that decides: without it, the change flips nothing
    assert _winner(changed, _without(rule_id)) == _winner(facts, _without(rule_id))


def _company(tmp_path: Path, base: str = "acme", *edits: tuple[str, str], extra: str = "") -> Path:
    text = (COMPANIES / f"{base}.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    if (COMPANIES / f"{base}-logo.png").exists():
        (tmp_path / f"{base}-logo.png").write_bytes((COMPANIES / f"{base}-logo.png").read_bytes())
    path = tmp_path / f"{base}.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def test_the_examples_get_different_answers() -> None:
    acme, _ = load_company(COMPANIES / "acme.yaml")
    northwind, _ = load_company(COMPANIES / "northwind.yaml")
    for_acme, for_northwind = advise(acme, LIBRARY, RULES), advise(northwind, LIBRARY, RULES)
    assert (for_acme.role, for_northwind.role) == ("cso", "vp-sales")
    assert for_acme.runner_up != for_acme.role
    assert {r.rule for r in for_acme.reasons_for("cso")} >= {"several-channels", "several-product-lines"}
    assert {r.rule for r in for_northwind.reasons_for("vp-sales")} >= {"one-channel"}


@pytest.mark.parametrize("name", ["acme", "northwind"])
def test_each_change_listed_changes_the_answer(name: str) -> None:
    company, _ = load_company(COMPANIES / f"{name}.yaml")
    advice = advise(company, LIBRARY, RULES)
    facts = facts_of(company, RULES)
    assert advice.changes
    sizes = {len(change.facts) for change in advice.changes}
    assert len(sizes) == 1, "only the smallest changes are listed"
    for change in advice.changes:
        assert change.role != advice.role
        assert ranking(change.scores, RULES)[0] == change.role
        assert {fact.fact for fact in change.facts} <= set(facts)


def test_northwind_flips_with_one_fact() -> None:
    northwind, _ = load_company(COMPANIES / "northwind.yaml")
    advice = advise(northwind, LIBRARY, RULES)
    single = {(c.facts[0].key, c.facts[0].then, c.role) for c in advice.changes}
    assert ("sales_channels", "2", "cso") in single
    assert ("advisor.one_owner_for_revenue", "yes", "cro") in single


def test_text_starts_with_the_recommendation_and_lists_readiness() -> None:
    result = CliRunner().invoke(main, ["advise", "--company", str(COMPANIES / "acme.yaml")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Recommendation: Chief Sales Officer"
    assert "Runner-up: Chief Revenue Officer" in result.output
    assert "Internal candidate: Rafael Ortiz (VP of Sales)" in result.output
    present = result.output.split("  Present:")[1].split("  Missing:")[0]
    missing = result.output.split("  Missing:")[1]
    assert "[channel-plans]" in present and "[several-products]" not in present
    assert "[several-products]" in missing and "[channel-plans]" not in missing
    assert "Readiness for the Chief Sales Officer role: 3 of 7 signals" in result.output
    north = CliRunner().invoke(main, ["advise", "--company", str(COMPANIES / "northwind.yaml")])
    assert north.output.splitlines()[0] == "Recommendation: VP of Sales"
    assert "Internal candidate" not in north.output


def test_json_output_shape() -> None:
    result = CliRunner().invoke(main, ["advise", "--company", str(COMPANIES / "acme.yaml"),
                                       "--format", "json"])
    data = json.loads(result.output)
    assert set(data) == {"recommendation", "company", "scores", "runner_up", "reasons", "changes",
                         "readiness", "unknown"}
    assert data["recommendation"] == {"role": "cso", "title": "Chief Sales Officer", "score": 11}
    assert [s["role"] for s in data["scores"]][0] == "cso"
    assert data["runner_up"]["role"] == "cro"
    reason = data["reasons"][0]
    assert set(reason) == {"rule", "fact", "key", "value", "test", "finding", "source", "weights"}
    assert "Greg Alexander" in reason["source"]
    assert set(data["changes"][0]) == {"role", "title", "facts", "scores"}
    assert set(data["readiness"]) == {"name", "current_role", "role", "present", "missing"}
    assert len(data["readiness"]["present"]) == 3


def test_markdown_and_pdf(tmp_path: Path) -> None:
    md = CliRunner().invoke(main, ["advise", "--company", str(COMPANIES / "northwind.yaml"),
                                   "--format", "md"])
    assert md.exit_code == 0 and md.output.startswith("# Recommendation: VP of Sales\n")
    out = tmp_path / "advice.pdf"
    result = CliRunner().invoke(main, ["advise", "--company", str(COMPANIES / "acme.yaml"),
                                       "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    reader = PdfReader(out)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Recommendation: Chief Sales Officer" in text
    assert "Rafael Ortiz" in text
    assert reader.metadata.title == "Recommendation: Chief Sales Officer — Acme Robotics"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, like every document


def test_out_writes_text_atomically(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "advice.txt"
    result = CliRunner().invoke(main, ["advise", "--company", str(COMPANIES / "northwind.yaml"),
                                       "--out", str(out)])
    assert result.exit_code == 0 and out.read_text().startswith("Recommendation: VP of Sales\n")
    assert [p.name for p in out.parent.iterdir()] == ["advice.txt"]  # no temporary file left


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_bad_company_is_positioned(tmp_path: Path) -> None:
    path = _company(tmp_path, "acme", ("sales_trend: growing", "sales_trend: sideways"))
    result = CliRunner().invoke(main, ["advise", "--company", str(path)])
    assert result.exit_code == 2
    assert re.match(rf"^{re.escape(str(path))}:{_line_of(path, 'sideways')}:16: advisor.sales_trend",
                    result.output), result.output
    path = _company(tmp_path, "acme", ("readiness: [channel-plans,", "readiness: [channel-plan,"))
    result = CliRunner().invoke(main, ["advise", "--company", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{_line_of(path, 'channel-plan,')}:17: unknown readiness signal " \
           '"channel-plan"' in result.output


def test_a_named_candidate_needs_the_search_flag(tmp_path: Path) -> None:
    path = _company(tmp_path, "acme", ("internal_candidate: true", "internal_candidate: false"))
    result = CliRunner().invoke(main, ["advise", "--company", str(path)])
    assert result.exit_code == 2
    assert "search.internal_candidate is false" in result.output
    assert result.output.startswith(f"{path}:{_line_of(path, 'name: Rafael Ortiz')}:")


@pytest.mark.parametrize(("edit", "message"), [
    (("fact: headcount\n    at_least: 250", "fact: head_count\n    at_least: 250"),
     'unknown fact "head_count"'),
    (("at_most: 1\n", "at_most: one\n"), "at_most"),
    (("equals: true\n    weights: {cro: 5}", "at_least: 1\n    weights: {cro: 5}"), "does not fit"),
    (("weights: {cro: 2}", "weights: {cfo: 2}"), 'weight for "cfo"'),
    (("finance-fluency: 7", "finance-fluency: 9"), "cso has 7 readiness signals, not 9"),
])
def test_bad_rules_file_is_positioned(tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    text = RULES_FILE.read_text(encoding="utf-8")
    assert edit[0] in text
    rules = tmp_path / "rules.yaml"
    rules.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["advise", "--company", str(COMPANIES / "acme.yaml"),
                                       "--rules", str(rules)])
    assert result.exit_code == 2, result.output
    first = result.output.splitlines()[0]
    assert re.match(rf"^{re.escape(str(rules))}:\d+:\d+: ", first), first
    assert message in first


def test_rules_cite_their_sources_and_every_fact_is_used() -> None:
    assert {rule.fact for rule in RULES.rules} == set(FACTS)
    for rule in RULES.rules:
        assert rule.source.title and rule.source.year >= 2020
        assert rule.finding.endswith(".")


def test_rules_are_in_our_own_words() -> None:
    from .test_library import PRONOUNS, _prose, _words

    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    prose = _prose(data)
    assert not PRONOUNS.findall(" ".join(prose))
    if not SEEDS.is_dir():
        pytest.skip("the seed articles (../shared/seeds) are not here")
    seed_words = _words(" ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")))
    grams = {tuple(seed_words[i:i + 7]) for i in range(len(seed_words) - 6)}
    copied = [" ".join(w[i:i + 7]) for w in map(_words, prose) for i in range(len(w) - 6)
              if tuple(w[i:i + 7]) in grams]
    assert not copied, copied[:3]


def test_a_rules_file_in_a_workspace_may_not_link_out_of_it(tmp_path) -> None:
    """The rules file goes through the same gate as every workspace file."""
    import os

    from jdgen import advisor
    from jdgen.errors import InputError
    from jdgen.loading import Library

    outside = tmp_path / "outside.yaml"
    outside.write_text(advisor.RULES_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    workspace = tmp_path / "ws"
    workspace.mkdir()
    os.symlink(outside, workspace / "rules.yaml")
    with pytest.raises(InputError, match="outside|link"):
        advisor.load_rules(Library((workspace,)), workspace / "rules.yaml")
