"""The lint corpus agrees with its sources and labels (benchmarks/lint_corpus/)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "lint_corpus"
FAMILIES = {"pronoun", "gendered-noun", "exclusionary", "gender-coded-masculine",
            "gender-coded-feminine"}


def _yaml(name: str):
    return yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))


def test_every_posting_has_a_licensed_source():
    postings = _yaml("sources.yaml")["postings"]
    files = sorted(p.name for p in CORPUS.glob("*.txt"))
    assert sorted(p["file"] for p in postings) == files
    for posting in postings:
        assert posting["licence"].strip(), posting["file"]
        assert posting.get("url") or (posting.get("repo") and posting.get("commit")), posting["file"]
        assert posting["edits"] in _yaml("sources.yaml")["edits"], posting["file"]


def test_every_label_is_on_its_line():
    labels = _yaml("labels.yaml")["files"]
    assert sorted(labels) == sorted(p.name for p in CORPUS.glob("*.txt"))
    for name, entries in labels.items():
        lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
        for entry in entries or []:
            assert entry["family"] in FAMILIES, (name, entry)
            assert 1 <= entry["line"] <= len(lines), (name, entry)
            assert entry["text"].lower() in lines[entry["line"] - 1].lower(), (name, entry)


@pytest.fixture
def quality():
    path = CORPUS.parent / "lint_quality.py"
    spec = importlib.util.spec_from_file_location("lint_quality", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("lint_quality", module)
    spec.loader.exec_module(module)
    return module


def test_comparison_counts_hits_misses_and_false_alarms(quality):
    Item = quality.Item
    labels = [Item("a.txt", 1, "pool table", "exclusionary"), Item("a.txt", 2, "he", "pronoun"),
              Item("a.txt", 3, "lead", "gender-coded-masculine")]
    found = [Item("a.txt", 1, "Pool", "exclusionary"), Item("a.txt", 3, "lead", "gender-coded-masculine"),
             Item("a.txt", 3, "lead", "gender-coded-masculine"), Item("a.txt", 4, "he", "pronoun")]
    hits, false_alarms, misses = quality.compare(labels, found)
    assert [label.text for label, _ in hits] == ["pool table", "lead"]
    assert misses == [labels[1]]
    assert [(f.line, f.text) for f in false_alarms] == [(3, "lead"), (4, "he")]
    rows = {row[0]: row[1:4] for row in quality.table(hits, false_alarms, misses)}
    assert rows["total"] == (2, 2, 1) and rows["pronoun"] == (0, 1, 1)


def test_rule_families(quality):
    assert quality.family_of("gendered-pronoun", "") == "pronoun"
    assert quality.family_of("exclusionary-age", "") == "exclusionary"
    assert quality.family_of("gender-coded", '"lead" is masculine-coded') == "gender-coded-masculine"
    assert quality.family_of("gender-coded", '"share" is feminine-coded') == "gender-coded-feminine"
    assert quality.family_of("readability", "") is None
    assert quality.family_of("gender-balance", "the posting is feminine-coded") is None
