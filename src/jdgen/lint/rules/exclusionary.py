"""Exclusionary jargon and bias: age, national origin, disability, "culture fit", bro-speak."""

from __future__ import annotations

from collections.abc import Iterator

from jdgen.lint.context import LintContext, data_file, finding
from jdgen.lint.findings import Finding, Rule

COMPLIANCE = False
SOURCE = "https://www.eeoc.gov/prohibited-employment-policiespractices"
CATEGORIES = {"jargon": "warning", "bias": "warning", "age": "error", "origin": "error",
              "ability": "warning"}
RULES = tuple(Rule(f"exclusionary-{category}", "inclusive-language", severity,
                   f"Wording that excludes applicants ({category}).", SOURCE)
              for category, severity in CATEGORIES.items())
BY_CATEGORY = {rule.id.removeprefix("exclusionary-"): rule for rule in RULES}


def check(context: LintContext) -> Iterator[Finding]:
    phrases = data_file("exclusionary.yaml")["phrases"]
    taken: dict[int, list[range]] = {}  # longer phrases first; "young" inside "young and dynamic" once
    for phrase, entry in sorted(phrases.items(), key=lambda item: -len(item[0])):
        rule = BY_CATEGORY[entry["category"]]
        for piece, match in context.find(phrase):
            spans = taken.setdefault(id(piece), [])
            if any(match.start() in span for span in spans):
                continue
            spans.append(range(match.start(), match.end()))
            yield finding(rule, match.group(), f'"{match.group()}" {entry["message"]}',
                          piece.locate(match.start(), phrase), f'try "{entry["suggestion"]}"',
                          severity=entry["severity"])
