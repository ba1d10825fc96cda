"""Context: combine a role, a company and a checklist into what the templates see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jdgen import __version__
from jdgen.conditions import evaluate
from jdgen.errors import ConfigurationError, Position, Problem
from jdgen.models import TOP_TITLES, Checklist, Company, Conditional, Phase, Role, SourceRef, Task
from jdgen.sandbox import LimitExceeded, run_limited
from jdgen.sources import SourceMap


@dataclass(frozen=True)
class Zone:
    """A base range for one location (a pay zone)."""

    location: str
    base_min: int
    base_max: int


@dataclass(frozen=True)
class Pay:
    """A role's pay: the company's own range (what a posting shows), or the role's market
    benchmark (``source`` set; for internal documents and ``jdgen roles`` only)."""

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
    #: Base ranges by location, where they differ from ``base_min``–``base_max``.
    zones: tuple[Zone, ...] = ()

    @property
    def is_benchmark(self) -> bool:
        return self.source is not None


def resolve_pay(role: Role, company: Company) -> Pay | None:
    """The pay a posting shows: the company's own range for the role, in its currency, or
    none. A market benchmark is never an offer (see :func:`benchmark_pay`)."""
    if offer := company.compensation.get(role.id):
        zones = tuple(Zone(z.location, z.base_min, z.base_max) for z in offer.zones)
        return Pay(offer.currency, offer.period, offer.base_min, offer.base_max,
                   offer.variable_target, offer.variable_note, offer.equity, zones=zones)
    return None


def benchmark_pay(role: Role) -> Pay | None:
    """The role's market benchmark with its source, for internal use only."""
    if bench := role.pay_benchmark:
        return Pay(bench.currency, bench.period, bench.base_min, bench.base_max,
                   total_comp_max=bench.total_comp_max, source=bench.source, note=bench.note)
    return None


#: The ``search.team`` member behind each checklist owner (the hiring team is several people).
OWNER_SEATS = {"CEO": "ceo", "HR": "hr_lead", "Search partner": "search_partner",
               "Board": "board_chair"}


@dataclass(frozen=True)
class TailoredTask:
    """A task as this company runs it: its owner settled (``owner_if_firm`` when a firm is
    retained), and, when the company file gives them, its target date and the owner's name."""

    id: str
    task: str
    owner: str
    detail: str | None = None
    due_week: int | None = None
    when: str | None = None
    #: kick-off plus ``due_week`` weeks, when ``search.kickoff`` is set
    due_date: dt.date | None = None
    #: the person in the owner's seat, from ``search.team``
    owner_name: str | None = None

    @classmethod
    def of(cls, task: Task, company: Company) -> TailoredTask:
        search = company.search
        owner = task.owner_if_firm if search.use_search_firm and task.owner_if_firm else task.owner
        due = None
        if search.kickoff is not None and task.due_week is not None:
            due = search.kickoff + dt.timedelta(weeks=task.due_week)
        seat = OWNER_SEATS.get(owner)
        return cls(task.id, task.task, owner, task.detail, task.due_week, task.when, due,
                   getattr(search.team, seat) if seat else None)


@dataclass(frozen=True)
class TailoredPhase:
    phase: Phase
    number: int
    tasks: list[TailoredTask]


@dataclass(frozen=True)
class TailoredChecklist:
    """A checklist with only the tasks whose ``when:`` holds for this company."""

    checklist: Checklist
    phases: list[TailoredPhase]
    total: int
    skipped: list[Task] = field(default_factory=list)
    #: ``search.kickoff``: target dates count from it
    kickoff: dt.date | None = None

    @property
    def applicable(self) -> int:
        return self.total - len(self.skipped)

    @property
    def tasks(self) -> list[TailoredTask]:
        return [task for phase in self.phases for task in phase.tasks]

    @property
    def has_dates(self) -> bool:
        return any(getattr(task, "due_date", None) for task in self.tasks)

    @property
    def has_names(self) -> bool:
        return any(getattr(task, "owner_name", None) for task in self.tasks)


def tailor(checklist: Checklist, source: SourceMap, company: Company) -> TailoredChecklist:
    """Keep the tasks whose ``when:`` holds for ``company``; every condition runs in the sandbox,
    all of them together within the time a document may take to render."""
    facts = company.facts(checklist.role)
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
                phases.append(TailoredPhase(phase, len(phases) + 1,
                                            [TailoredTask.of(task, company) for task in kept]))

    try:
        run_limited(sort)
    except LimitExceeded as exc:
        p, t = current[0]
        problems.append(Problem(source.locate(("phases", p, "tasks", t, "when")),
                                f"condition failed: {exc}", "simplify the condition"))
    if problems:
        raise ConfigurationError(problems)
    return TailoredChecklist(checklist, phases, len(checklist.tasks), skipped,
                             company.search.kickoff)


def search_profile(company: Company) -> list[str]:
    """The facts that decided which checklist tasks apply, each a clause of its own with its
    own subject (templates join them with semicolons)."""
    facts = company.facts()
    notes = {
        "first_sales_leader": "the company is hiring its first senior sales leader",
        "internal_candidate": "an internal candidate is in the running",
        "use_search_firm": "a retained search firm runs the search",
        "confidential": "the search is confidential",
        "board_approval": "the board approves the hire",
        "public_company": "the company is publicly listed",
    }
    out = [text for key, text in notes.items() if facts[key]]
    if facts["multi_channel"] or facts["multi_product"] or facts["international"]:
        what = f"{company.product_lines} product lines" if facts["multi_product"] else "one product"
        how = f" through {len(company.sales_channels)} channels" if facts["multi_channel"] else ""
        where = f" in {len(company.markets)} markets" if facts["international"] else ""
        out.append(f"the company sells {what}{how}{where}")
    return out


def short_locations(company: Company) -> str:
    """``Austin, Chicago or remote`` for a subtitle; the full places are in the details."""
    cities = list(dict.fromkeys(place.city for place in company.locations if not place.remote))
    if any(place.remote for place in company.locations):
        cities.append("remote")
    if len(cities) < 2:
        return cities[0] if cities else ""
    return f"{', '.join(cities[:-1])} or {cities[-1]}"


def plural(title: str, count: int | str) -> str:
    """``3 Sales Managers``, ``2–3 SDRs``; one stays as it is."""
    if count == 1:
        return title
    if count in ("1", "up to 1"):
        return f"{count} {title}"
    head, sep, tail = title.partition(" of ")  # VP of Sales -> VPs of Sales
    if head.endswith(("s", "x", "sh", "ch")):
        head += "es"
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        head = head[:-1] + "ies"
    else:
        head += "s"
    return f"{count} {head}{sep}{tail}"


def org_title(role_id: str, company: Company, titles: Mapping[str, str]) -> str:
    """What the company calls ``role_id`` (an org role, a library role, `ceo`, or a title)."""
    seat = company.org.get(role_id)
    if seat and seat.title:
        return seat.title
    return titles.get(role_id) or TOP_TITLES.get(role_id.lower(), role_id)


STATUS_NOTE = {"filled": "", "hiring": " (being hired)", "planned": " (planned)"}


def manager_of(role: Role, company: Company, titles: Mapping[str, str],
               managers: Mapping[str, str] | None = None) -> tuple[str | None, str]:
    """Whom ``role`` reports to here: the manager's id in the company's org (``ceo``, or None
    when the org does not hold them) and the title a posting shows.

    The company's ``reports_to:`` mapping wins (a title; the org's seat if one has that title),
    then its ``org:``, then the role's default; for a
    role the org leaves out, the climb goes up the library's ladder (``managers``: each role's
    default manager) to the first role the org has, and a CEO title ends it.
    """
    if role.id in company.reports_to:  # a title; the org's seat of that title, if it has one
        title = company.reports_to[role.id]
        same = " ".join(title.split()).casefold()
        seat = next((rid for rid in company.org
                     if org_title(rid, company, titles).casefold() == same), None)
        return seat, title
    if seat := company.org.get(role.id):
        return seat.reports_to, org_title(seat.reports_to, company, titles)
    if not company.org:
        return None, role.reports_to
    by_title = {title: rid for rid, title in titles.items()}
    title, seen = role.reports_to, {role.id}
    while (rid := by_title.get(title)) and rid not in company.org and rid not in seen:
        seen.add(rid)
        if rid not in (managers or {}):
            break
        title = (managers or {})[rid]
    rid = by_title.get(title)
    return (rid, org_title(rid, company, titles)) if rid in company.org else (None, title)


def direct_reports(role: Role, company: Company, titles: Mapping[str, str]) -> list[str] | None:
    """Whom ``role`` leads here, from the company's org, with counts ("2 Sales Team Leads"); each
    holder of a role with several seats leads a share.  None without an org: the role's default."""
    if not company.org:
        return None
    seat = company.org.get(role.id)
    seats = seat.count if seat else 1
    leads = []
    for rid in company.reports_of(role.id):
        each, rest = divmod(company.org[rid].count, seats)
        count = (str(each) if seats > 1 else each) if not rest else (
            f"{each}–{each + 1}" if each else "up to 1")
        leads.append(plural(org_title(rid, company, titles), count)
                     + STATUS_NOTE[company.org[rid].status])
    return leads


def role_facts(role: Role, company: Company, manager: str,
               manager_id: str | None = None) -> dict[str, object]:
    """The company's facts as ``role``'s text conditions see them: ``reports_to_ceo`` and
    ``manager_hiring`` are about the manager this company's org gives the role."""
    facts = company.facts(role.id)
    facts["reports_to_ceo"] = manager in {"Chief Executive Officer", "CEO"} or bool(
        role.id in company.org and company.org[role.id].reports_to.lower() == "ceo")
    seat = company.org.get(manager_id) if manager_id else None
    facts["manager_hiring"] = bool(seat and seat.status != "filled")
    return facts


def tailor_role(role: Role, facts: dict[str, object], source: SourceMap | None = None,
                direct_reports: list[str] | None = None) -> Role:
    """``role`` with only the lines whose ``when:`` holds, every line a plain string, so
    templates see the same shapes as for a role without conditions."""
    problems: list[Problem] = []
    current: list[tuple] = [()]

    def holds(when: str | None, loc: tuple) -> bool:
        if when is None:
            return True
        current[0] = loc
        try:
            return evaluate(when, facts)
        except Exception as exc:  # noqa: BLE001 - a sandboxed expression can fail in many ways
            where = source.locate(loc) if source else Position(f"role {role.id}")
            problems.append(Problem(where, f"condition failed: {exc}", "fix the condition"))
            return False

    def lines(values: list, *loc: str | int) -> list[str]:
        return [value.text if isinstance(value, Conditional) else value
                for i, value in enumerate(values)
                if not isinstance(value, Conditional) or holds(value.when, (*loc, i, "when"))]

    update: dict[str, object] = {}

    def sort() -> None:
        update["responsibilities"] = [
            group.model_copy(update={"items": items, "when": None})
            for g, group in enumerate(role.responsibilities)
            if holds(group.when, ("responsibilities", g, "when"))
            and (items := lines(group.items, "responsibilities", g, "items"))]
        update["kpis"] = [kpi.model_copy(update={"when": None}) for k, kpi in enumerate(role.kpis)
                          if holds(kpi.when, ("kpis", k, "when"))]
        update["skills"] = role.skills.model_copy(update={
            "hard": lines(role.skills.hard, "skills", "hard"),
            "soft": lines(role.skills.soft, "skills", "soft")})
        update["experience"] = role.experience.model_copy(update={
            "items": lines(role.experience.items, "experience", "items")})
        for name in ("pitch", "qualifications", "nice_to_have"):
            update[name] = lines(getattr(role, name), name)
        update["direct_reports"] = (direct_reports if direct_reports is not None
                                    else lines(role.direct_reports, "direct_reports"))
        if update["pitch"]:
            update["summary"] = " ".join(update["pitch"])
        if role.kit is not None:  # an outcome goes with its KPI, and with its own `when:`
            dropped = {kpi.name for kpi in role.kpis} - {kpi.name for kpi in update["kpis"]}
            outcomes = [outcome.model_copy(update={"when": None})
                        for i, outcome in enumerate(role.kit.outcomes)
                        if outcome.kpi not in dropped
                        and holds(outcome.when, ("kit", "outcomes", i, "when"))]
            kept = {outcome.id for outcome in outcomes}
            update["kit"] = role.kit.model_copy(update={
                "outcomes": outcomes,
                "references": [q for q in role.kit.references if q.outcome in kept]})

    try:
        run_limited(sort)
    except LimitExceeded as exc:
        where = source.locate(current[0]) if source and current[0] else Position(f"role {role.id}")
        problems.append(Problem(where, f"condition failed: {exc}", "simplify the condition"))
    if problems:
        raise ConfigurationError(problems)
    return role.model_copy(update=update)


def build_context(role: Role, company: Company, company_file: Path,
                  data: Mapping[str, object] | None = None,
                  titles: Mapping[str, str] | None = None,
                  role_source: SourceMap | None = None, blind: bool = False,
                  today: dt.date | None = None,
                  managers: Mapping[str, str] | None = None,
                  public: bool = True) -> dict[str, object]:
    """Everything a template may use, by name.  ``role`` is shown only with the lines whose
    ``when:`` holds for ``company``; ``titles`` and ``managers`` give each library role's title
    and default manager, for the reporting line the company's org implies; ``data`` is what
    the document's sources give (:mod:`jdgen.document_data`: ``checklist``, ``kit``…).

    A ``public`` document (the posting) is blind when ``blind`` or ``search.confidential``: the
    company is then :func:`jdgen.posting.blind_company`.  ``today`` (the build date) is the
    posting date when the company file gives none."""
    from jdgen import posting

    data = dict(data or {})
    checklist = data.pop("checklist", None)
    blind = public and (blind or company.search.confidential)
    if blind:
        company = posting.blind_company(company)
    logo = (company_file.parent / company.brand.logo).resolve() if company.brand.logo else None
    manager_id, manager = manager_of(role, company, titles or {}, managers)
    leads = direct_reports(role, company, titles or {})
    role = tailor_role(role, role_facts(role, company, manager, manager_id), role_source, leads)
    seat = company.org.get(manager_id) if manager_id else None
    return {
        "role": role,
        "company": company,
        "pay": resolve_pay(role, company),
        "reports_to": manager + (STATUS_NOTE[seat.status] if seat else ""),
        "locations": [place.label for place in company.locations],
        "where": short_locations(company),
        "logo_url": logo.as_uri() if logo else None,
        "checklist": checklist,
        "search_profile": search_profile(company) if checklist else [],
        "lang": company.language,
        "jdgen_version": __version__,
        # posting details (see jdgen.posting): never the benchmark as pay, dates, blind, locale
        "title": f"{role.title} {posting.title_suffix(company)}".strip(),
        "posting": posting.details(role, company, manager, today or dt.date.today(), blind,
                                   manager_id),
        "apply": posting.apply_route(role, company),
        "blind": blind,
        "benchmark": benchmark_pay(role),
        **data,
    }
