"""A posting the company's own org does not expect: no seat for the role, or its one seat filled."""

from __future__ import annotations

from collections.abc import Iterator

from jdgen.lint.context import LintContext, finding
from jdgen.lint.findings import Finding, Rule

COMPLIANCE = False
NO_SEAT = Rule("org-no-seat", "company-facts", "info",
               "The company's org has no seat for the role the posting advertises.")
FILLED = Rule("org-seat-filled", "company-facts", "info",
              "The org's only seat for the role is filled: the posting advertises a job someone holds.")
RULES = (NO_SEAT, FILLED)


def check(context: LintContext) -> Iterator[Finding]:
    if context.company is None or context.role is None:
        return
    org, role = context.company.org, context.role
    if not org:
        return
    seat = org.get(role.id)
    if seat is None:
        yield finding(NO_SEAT, role.title, f"the org has no {role.title} seat, so this posting "
                      "adds one; the other postings do not know about it",
                      context.company_position("org"),
                      f"add `{role.id}: {{reports_to: …, status: hiring}}` under `org:`")
    elif seat.count == 1 and seat.status == "filled":
        holder = seat.name or "someone"
        yield finding(FILLED, role.title, f"the org says {holder} holds the one {role.title} seat",
                      context.company_position("org", role.id),
                      "set `status: hiring` for a replacement, or raise `count` for another seat")
