"""The hiring kit: which must-have of the posting each competency assesses, and what the kit
documents (hiring brief, scorecard, interview guide, reference check) are given beyond the role.

The trace is the kit's promise: every must-have the posting states is assessed by a competency's
questions or the exercise, and every competency is something the posting asked for.  The
templates show it; ``jdgen lint`` reports where it breaks (:mod:`jdgen.lint.rules.kit_trace`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jdgen.models import Company, Competency, Kit, KitGuide, Role


@dataclass(frozen=True)
class MustHave:
    """A must-have line of the posting and the competencies that assess it (none: a gap)."""

    text: str
    section: str  # experience, qualifications, skills, how you work, company
    assessed_by: tuple[str, ...]  # competency names


@dataclass(frozen=True)
class Trace:
    must_haves: tuple[MustHave, ...]
    #: Competencies none of whose phrases the posting contains.
    unposted: tuple[str, ...]

    @property
    def gaps(self) -> tuple[MustHave, ...]:
        return tuple(m for m in self.must_haves if not m.assessed_by and m.section != "company")


def must_haves(role: Role, company: Company) -> list[tuple[str, str]]:
    """The posting's must-have lines, in its order, for a role tailored to the company (its
    ``when:`` lines settled): experience, the company's requirements, qualifications, skills."""
    return ([(line, "experience") for line in role.experience.items]
            + [(line, "company") for line in company.requirements]
            + [(line, "qualifications") for line in role.qualifications]
            + [(line, "skills") for line in role.skills.hard]
            + [(line, "how you work") for line in role.skills.soft])


def phrases_in(competency: Competency, line: str) -> bool:
    folded = line.casefold()
    return any(phrase.casefold() in folded for phrase in competency.assesses)


def trace(kit: Kit, lines: Sequence[tuple[str, str]]) -> Trace:
    """Which competency assesses each must-have line; which competency the posting never asks for."""
    found = tuple(MustHave(text, section, tuple(c.name for c in kit.competencies if phrases_in(c, text)))
                  for text, section in lines)
    unposted = tuple(c.name for c in kit.competencies
                     if not any(phrases_in(c, text) for text, _ in lines))
    return Trace(found, unposted)


@dataclass(frozen=True)
class Milestone:
    """A phase of the search and when it should be done (its last task's week)."""

    phase: str
    week: int
    date: dt.date | None


def milestones(checklist: object | None) -> list[Milestone]:
    """Each phase of the tailored search checklist with its last task's target week and date."""
    found = []
    for phase in getattr(checklist, "phases", []):
        dated = [task for task in phase.tasks if task.due_week is not None]
        if dated:
            last = max(dated, key=lambda task: task.due_week)
            found.append(Milestone(phase.phase.title, last.due_week, last.due_date))
    return found


def kit_context(models: Mapping[str, object]) -> dict[str, object]:
    """What the kit documents get besides ``kit`` and ``guide``: the stages and referees of the
    role's tier, the trace of must-haves, and the exercise's competencies by name."""
    role: Role = models["role"]  # tailored: its conditional lines settled for the company
    company: Company = models["company"]
    kit: Kit = role.kit  # its outcomes settled for the company, like the role's lines
    guide: KitGuide = models["guide"]
    names = {c.id: c.name for c in kit.competencies}
    outcomes = {o.id: o for o in kit.outcomes}
    found = trace(kit, must_haves(role, company))
    return {
        "kit": kit,
        "stages": guide.stages.get(role.tier, []),
        "referees": guide.referees.get(role.tier, []),
        "trace": found,
        #: competency id → the must-have lines it assesses in this posting
        "assessed": {c.id: [m.text for m in found.must_haves if c.name in m.assessed_by]
                     for c in kit.competencies},
        "exercise_competencies": [names[cid] for cid in kit.exercise.competencies],
        "reference_outcomes": [(outcomes[q.outcome], q) for q in kit.references],
        "milestones": milestones(models.get("checklist")),
        "advice": models.get("advice"),
        "advice_reasons": (models["advice"].reasons_for(role.id) if models.get("advice") else []),
    }
