"""Context: combine a role, a company and a checklist into what the templates see."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jdgen import __version__
from jdgen.conditions import evaluate
from jdgen.errors import ConfigurationError, Problem
from jdgen.models import Checklist, Company, Phase, Role, SourceRef, Task
from jdgen.sandbox import LimitExceeded, run_limited
from jdgen.sources import SourceMap


@dataclass(frozen=True)
class Pay:
    """The pay shown for a role: the company's own range, else the role's benchmark."""

    currency: str
    period: str
    base_min: int
    base_max: int
    variable_target: int | None = None
    variable_note: str | None = None
    equity: str | None = None
    total_comp_max: int | None = None
    #: Set when the figures are the library's benchmark rather than the company's offer.
    source: SourceRef | None = None
    note: str | None = None

    @property
    def is_benchmark(self) -> bool:
        return self.source is not None


def resolve_pay(role: Role, company: Company) -> Pay | None:
    if offer := company.compensation.get(role.id):
        return Pay(offer.currency, offer.period, offer.base_min, offer.base_max,
                   offer.variable_target, offer.variable_note, offer.equity)
    if bench := role.pay_benchmark:
        return Pay(bench.currency, bench.period, bench.base_min, bench.base_max,
                   total_comp_max=bench.total_comp_max, source=bench.source, note=bench.note)
    return None


@dataclass(frozen=True)
class TailoredPhase:
    phase: Phase
    number: int
    tasks: list[Task]


@dataclass(frozen=True)
class TailoredChecklist:
    """A checklist with only the tasks whose ``when:`` holds for this company."""

    checklist: Checklist
    phases: list[TailoredPhase]
    total: int
    skipped: list[Task] = field(default_factory=list)

    @property
    def applicable(self) -> int:
        return self.total - len(self.skipped)


def tailor(checklist: Checklist, source: SourceMap, company: Company) -> TailoredChecklist:
    """Keep the tasks whose ``when:`` holds for ``company``; every condition runs in the sandbox,
    all of them together within the time a document may take to render."""
    facts = company.facts()
    phases, skipped, problems = [], [], []
    current: list[tuple[int, int]] = [(0, 0)]  # the condition being evaluated, for a time-out

    def keep(p: int, t: int, task: Task) -> bool | None:
        current[0] = (p, t)
        try:
            return task.when is None or evaluate(task.when, facts)
        except Exception as exc:  # noqa: BLE001 - a sandboxed expression can fail in many ways
            problems.append(Problem(source.locate(("phases", p, "tasks", t, "when")),
                                    f"condition failed: {exc}", "fix the condition"))
            return None

    def sort() -> None:
        for p, phase in enumerate(checklist.phases):
            kept = []
            for t, task in enumerate(phase.tasks):
                applies = keep(p, t, task)
                if applies is not None:
                    (kept if applies else skipped).append(task)
            if kept:  # in week order; tasks without a week last; ties keep their written order
                kept.sort(key=lambda task: (task.due_week is None, task.due_week or 0))
                phases.append(TailoredPhase(phase, len(phases) + 1, kept))

    try:
        run_limited(sort)
    except LimitExceeded as exc:
        p, t = current[0]
        problems.append(Problem(source.locate(("phases", p, "tasks", t, "when")),
                                f"condition failed: {exc}", "simplify the condition"))
    if problems:
        raise ConfigurationError(problems)
    return TailoredChecklist(checklist, phases, len(checklist.tasks), skipped)


def search_profile(company: Company) -> list[str]:
    """Plain-language facts that decided which checklist tasks apply."""
    facts = company.facts()
    notes = {
        "internal_candidate": "an internal candidate is being considered",
        "first_sales_leader": "first senior sales leader",
        "use_search_firm": "an executive search firm is retained",
        "confidential": "confidential search",
        "board_approval": "the board approves the hire",
        "public_company": "publicly listed",
    }
    out = [text for key, text in notes.items() if facts[key]]
    if facts["multi_channel"] or facts["multi_product"] or facts["international"]:
        what = f"{company.product_lines} product lines" if facts["multi_product"] else "its product"
        how = f" through {len(company.sales_channels)} channels" if facts["multi_channel"] else ""
        where = f" in {len(company.markets)} markets" if facts["international"] else ""
        out.append(f"sells {what}{how}{where}")
    return out


def short_locations(company: Company) -> str:
    """``Austin, Chicago or remote`` for a subtitle; the full places are in the details."""
    cities = list(dict.fromkeys(place.city for place in company.locations if not place.remote))
    if any(place.remote for place in company.locations):
        cities.append("remote")
    if len(cities) < 2:
        return cities[0] if cities else ""
    return f"{', '.join(cities[:-1])} or {cities[-1]}"


def build_context(role: Role, company: Company, company_file: Path,
                  checklist: TailoredChecklist | None = None) -> dict[str, object]:
    """Everything a template may use, by name."""
    logo = (company_file.parent / company.brand.logo).resolve() if company.brand.logo else None
    return {
        "role": role,
        "company": company,
        "pay": resolve_pay(role, company),
        "reports_to": company.reports_to.get(role.id, role.reports_to),
        "locations": [place.label for place in company.locations],
        "where": short_locations(company),
        "logo_url": logo.as_uri() if logo else None,
        "checklist": checklist,
        "search_profile": search_profile(company) if checklist else [],
        "lang": company.language,
        "jdgen_version": __version__,
    }
