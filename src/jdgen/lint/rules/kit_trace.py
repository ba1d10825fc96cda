"""The kit's trace: a must-have of the posting that no competency of the role's kit assesses,
and a scorecard competency the posting never asks for (see :mod:`jdgen.kit`)."""

from __future__ import annotations

from collections.abc import Iterator

from jdgen.lint.context import LintContext, finding
from jdgen.lint.findings import Finding, Rule

COMPLIANCE = False
UNASSESSED = Rule("kit-unassessed", "hiring-kit", "warning",
                  "A must-have of the posting that no question or exercise of the hiring kit assesses.")
UNPOSTED = Rule("kit-not-in-posting", "hiring-kit", "warning",
                "A scorecard competency the posting never asks for.")
RULES = (UNASSESSED, UNPOSTED)


def check(context: LintContext) -> Iterator[Finding]:
    from jdgen.kit import must_haves, trace

    role, company = context.role, context.company
    if role is None or company is None or role.kit is None:
        return
    found = trace(role.kit, must_haves(role, company))
    for line in found.gaps:
        where = next((p.where for p in context.pieces if p.text.strip() == line.text.strip()),
                     context.role_position("kit", "competencies"))
        yield finding(UNASSESSED, line.text, f'no competency of the kit assesses "{line.text}", so '
                      "no interviewer is asked to test it",
                      where, "add a phrase of it to a competency's `assesses:` under `kit:` (with "
                      "questions that test it), or take it out of the posting")
    for i, competency in enumerate(role.kit.competencies):
        if competency.name in found.unposted:
            yield finding(UNPOSTED, competency.name,
                          f'the scorecard rates "{competency.name}", which the posting never asks for',
                          context.role_position("kit", "competencies", i, "assesses"),
                          "make its `assesses:` phrases match a must-have line, or add the skill "
                          "to the posting")
