"""The sales ladder's consistency: each role against the one below it.

The built-in ladder runs SDR → BDR → Account Executive → Sales Team Lead → Sales Manager →
VP of Sales → CSO or CRO (two alternatives at the top).  A role whose pay benchmark, years of
experience, level or reporting line overlaps oddly with the step below it is flagged: usually
an edit to one file that forgot its neighbour.
"""

from __future__ import annotations

from jdgen.errors import InputError, Problem
from jdgen.loading import Library
from jdgen.models import Role

#: Bottom to top; a tuple is a step with alternatives.
LADDER: tuple[str | tuple[str, ...], ...] = (
    "sdr", "bdr", "account-executive", "sales-team-lead", "sales-manager", "vp-sales", ("cso", "cro"))


def _steps(library: Library) -> list[list[tuple[Role, object]]]:
    steps = []
    for step in LADDER:
        found = []
        for role_id in (step if isinstance(step, tuple) else (step,)):
            if role_id in library.role_files:
                try:
                    found.append(library.role_with_source(role_id))
                except InputError:  # reported by validation itself
                    continue
        if found:
            steps.append(found)
    return steps


def ladder_problems(library: Library) -> list[Problem]:
    """What looks odd between each role of the ladder and each role of the step below."""
    problems: list[Problem] = []
    steps = _steps(library)
    ranks = {role.title.casefold(): n for n, step in enumerate(steps) for role, _ in step}
    for n, step in enumerate(steps):
        for role, source in step:
            for lower, _ in (steps[n - 1] if n else []):
                problems += _pair(lower, role, source)
            boss = ranks.get(role.reports_to.casefold())
            if boss is not None and boss <= n:
                problems.append(Problem(source.locate(("reports_to",)),
                                        f"{role.title} reports to {role.reports_to}, who is not above it "
                                        "on the ladder", "name a role further up as `reports_to`",
                                        ("reports_to",)))
    return problems


def _pair(lower: Role, upper: Role, source) -> list[Problem]:
    found: list[Problem] = []

    def flag(loc: tuple, message: str, hint: str) -> None:
        found.append(Problem(source.locate(loc), f"{upper.title}: {message}", hint, loc))

    if upper.level >= lower.level:
        flag(("level",), f"level {upper.level} is not above the {lower.title}'s ({lower.level})",
             "give the higher role a smaller level number (1 is the top)")
    years, below = upper.experience.years_min, lower.experience.years_min
    if years <= below and below > 0:
        flag(("experience", "years_min"),
             f"asks for {years} years of experience, no more than the {lower.title} below it ({below})",
             "ask for more years than the step below, or check both files")
    mine, theirs = upper.pay_benchmark, lower.pay_benchmark
    if mine and theirs and (mine.currency, mine.period) == (theirs.currency, theirs.period):
        if mine.base_max <= theirs.base_max:
            flag(("pay_benchmark", "base_max"),
                 f"the pay benchmark tops out at {mine.base_max:,}, no higher than the {lower.title}'s "
                 f"{theirs.base_max:,}", "check both benchmarks against their sources")
        elif mine.base_min < theirs.base_min:
            flag(("pay_benchmark", "base_min"),
                 f"the pay benchmark starts at {mine.base_min:,}, below the {lower.title}'s "
                 f"{theirs.base_min:,}", "check both benchmarks against their sources")
    return found
