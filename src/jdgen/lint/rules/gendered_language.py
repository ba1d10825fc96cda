"""Gendered pronouns for the candidate or the role, and gendered nouns."""

from __future__ import annotations

from collections.abc import Iterator

from jdgen.lint.context import LintContext, data_file, finding
from jdgen.lint.findings import Finding, Rule

COMPLIANCE = False
PRONOUN = Rule("gendered-pronoun", "inclusive-language", "error",
               "A gendered pronoun for the candidate or the role.")
NOUN = Rule("gendered-noun", "inclusive-language", "warning",
            "A noun that assumes a gender (salesman, chairman, manpower).")
RULES = (PRONOUN, NOUN)


def check(context: LintContext) -> Iterator[Finding]:
    words = data_file("gendered_language.yaml")
    for pronoun in words["pronouns"]:
        for piece, match in context.find(pronoun):
            yield finding(PRONOUN, match.group(), f'"{match.group()}" assumes the gender of the '
                          "person in the role", piece.locate(match.start(), pronoun),
                          'say "you", "they" or name the role')
    for noun, better in words["nouns"].items():
        for piece, match in context.find(noun):
            yield finding(NOUN, match.group(), f'"{match.group()}" assumes a gender',
                          piece.locate(match.start(), noun), f'try "{better}"')
