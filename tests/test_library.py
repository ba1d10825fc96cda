"""The role library and the CSO search checklist: complete, in our own words, and well formed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from jdgen.context import tailor
from jdgen.loading import Library, load_company
from jdgen.paths import builtin_dir

from .conftest import COMPANIES, SEEDS

ROLE_IDS = {"cso", "cro", "vp-sales", "sales-manager", "sales-team-lead", "account-executive",
            "bdr", "sdr"}
PRONOUNS = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.I)
LIBRARY_FILES = [*builtin_dir("roles").glob("*.yaml"), *builtin_dir("checklists").glob("*.yaml")]


@pytest.fixture(scope="module")
def library() -> Library:
    return Library()


def test_every_role_is_there_and_validates(library: Library) -> None:
    assert set(library.role_files) == ROLE_IDS
    roles = library.roles()
    assert [r.id for r in roles][:3] == ["cso", "cro", "vp-sales"]
    assert len({r.level for r in roles}) == len(roles), "levels order the hierarchy"


@pytest.mark.parametrize("role_id", ["cso", "cro", "vp-sales"])
def test_executives(library: Library, role_id: str) -> None:
    role = library.role(role_id)
    assert role.responsibility_count >= 6
    assert role.comparison is not None
    assert role.pay_benchmark is not None
    assert role.pay_benchmark.source.year >= 2020
    assert role.pay_benchmark.source.author == "Beatrice Levinne"


def test_pay_benchmarks_carry_the_seed_figures(library: Library) -> None:
    figures = {r: library.role(r).pay_benchmark for r in ("cso", "cro", "vp-sales")}
    assert (figures["cso"].base_min, figures["cso"].base_max, figures["cso"].total_comp_max) == \
        (284126, 407750, 451889)
    assert (figures["cro"].base_min, figures["cro"].base_max, figures["cro"].total_comp_max) == \
        (232294, 346180, 410064)
    assert (figures["vp-sales"].base_min, figures["vp-sales"].base_max) == (100000, 275000)
    assert figures["vp-sales"].total_comp_max == 600000


@pytest.mark.parametrize("role_id", sorted(ROLE_IDS - {"cso", "cro", "vp-sales"}))
def test_other_roles_have_no_invented_pay(library: Library, role_id: str) -> None:
    role = library.role(role_id)
    assert role.pay_benchmark is None
    assert len(role.responsibilities) >= 2
    assert role.kpis and role.skills.hard and role.skills.soft and role.career_path.to


def test_cso_holds_the_hiring_signals(library: Library) -> None:
    signals = library.role("cso").signals
    assert len(signals.needs_role) >= 5
    assert len(signals.internal_readiness) >= 5


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: p.name)
def test_no_gendered_pronouns(path: Path) -> None:
    found = PRONOUNS.findall(path.read_text(encoding="utf-8"))
    assert not found, f"{path.name} uses {found}"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9$']+", text.lower().replace("’", "'"))


def _prose(data: object, key: str = "") -> list[str]:
    """Every string in a YAML document except citation titles, which quote their source."""
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in _prose(v, str(k))]
    if isinstance(data, list):
        return [s for item in data for s in _prose(item, key)]
    return [data] if isinstance(data, str) and key != "title" else []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles (../shared/seeds) are not here")
@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: p.name)
def test_written_in_our_own_words(path: Path) -> None:
    """No run of seven words from a seed article appears in the library."""
    seed_words = _words(" ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")))
    grams = {tuple(seed_words[i:i + 7]) for i in range(len(seed_words) - 6)}
    copied = []
    for text in _prose(yaml.safe_load(path.read_text(encoding="utf-8"))):
        words = _words(text)
        copied += [" ".join(words[i:i + 7]) for i in range(len(words) - 6)
                   if tuple(words[i:i + 7]) in grams]
    assert not copied, f"{path.name} copies: {copied[:3]}"


def test_checklist_shape(library: Library) -> None:
    checklist, _ = library.checklist_for("cso")
    assert len(checklist.tasks) >= 32
    assert [p.id for p in checklist.phases] == [
        "alignment", "profile", "compensation", "sourcing", "screening", "interviews",
        "references", "offer", "onboarding"]
    assert all(len(p.tasks) >= 3 for p in checklist.phases)
    assert {t.owner for t in checklist.tasks} == {"CEO", "Board", "HR", "Search partner", "Hiring team"}
    assert sum(t.when is not None for t in checklist.tasks) >= 6


def test_checklist_is_tailored_to_each_company(library: Library) -> None:
    checklist, source = library.checklist_for("cso")
    acme, _ = load_company(COMPANIES / "acme.yaml")
    northwind, _ = load_company(COMPANIES / "northwind.yaml")
    for_acme = tailor(checklist, source, acme)
    for_northwind = tailor(checklist, source, northwind)
    assert for_acme.applicable >= 32 and for_northwind.applicable >= 32
    acme_ids = {t.id for p in for_acme.phases for t in p.tasks}
    northwind_ids = {t.id for p in for_northwind.phases for t in p.tasks}
    internal = {t.id for t in checklist.tasks if t.when == "internal_candidate"}
    assert internal and internal <= acme_ids and not internal & northwind_ids
    firm_only = {t.id for t in checklist.tasks if t.when == "use_search_firm"}
    assert firm_only <= acme_ids and not firm_only & northwind_ids
    assert for_acme.applicable + len(for_acme.skipped) == len(checklist.tasks)


# --- the search as it really runs ----------------------------------------------------------

def _tailored(library: Library, company: str, role: str = "cso", **search: object):
    checklist, source = library.checklist_for(role)
    loaded, _ = load_company(COMPANIES / f"{company}.yaml")
    if search:
        loaded = loaded.model_copy(update={"search": loaded.search.model_copy(update=search)})
    return tailor(checklist, source, loaded)


#: What a retained firm does in a search: spec drafting, market mapping, outreach, the long
#: list, first interviews, shortlist reports, references support and the tracker.
FIRM_WORK = {"position-spec", "market-map", "outreach", "long-list", "first-interviews",
             "shortlist-reports", "formal-references", "candidate-tracker"}


@pytest.mark.parametrize("company", ["acme", "northwind"])
def test_a_retained_firm_owns_what_firms_own(library: Library, company: str) -> None:
    with_firm = {t.id: t.owner for t in _tailored(library, company, use_search_firm=True).tasks}
    in_house = {t.id: t.owner for t in _tailored(library, company, use_search_firm=False).tasks}
    assert {i for i, owner in with_firm.items() if owner == "Search partner"} >= FIRM_WORK | {"firm-launch"}
    assert all(in_house[i] == "HR" for i in FIRM_WORK)
    assert "Search partner" not in in_house.values() and "firm-launch" not in in_house
    # the CEO still decides: the shortlist, the choice and the offer stay with the company
    assert with_firm["agree-shortlist"] == with_firm["final-decision"] == "CEO"


def test_choosing_the_firm_comes_first_and_checks_follow_the_offer(library: Library) -> None:
    checklist, _ = library.checklist_for("cso")
    tasks = {t.id: t for t in checklist.tasks}
    assert tasks["choose-search-route"].due_week <= 2
    assert checklist.phases[0].id == "alignment" and tasks["choose-search-route"] in checklist.phases[0].tasks
    # fair-chance laws: the background check only after a conditional offer
    assert tasks["background-check"].due_week > tasks["verbal-offer"].due_week
    order = [t.id for p in checklist.phases for t in p.tasks]
    assert order.index("background-check") > order.index("written-offer")
    assert "conditional" in tasks["verbal-offer"].task and "conditional" in tasks["background-check"].task


@pytest.mark.parametrize("company", ["acme", "northwind"])
def test_weeks_spread_like_a_real_search(library: Library, company: str) -> None:
    tailored = _tailored(library, company)
    weeks = [t.due_week for t in tailored.tasks]
    assert max(weeks.count(week) for week in set(weeks)) <= 6
    offer = next(t.due_week for t in tailored.tasks if t.id == "verbal-offer")
    assert 10 <= offer <= 17
    assert all(week in weeks for week in range(0, 19)), "no empty week from kick-off to the start"
    assert max(weeks) >= 52  # the twelve-month review


NEW_TASKS = {"search-confidentiality", "held-initiatives", "interim-cover", "firm-launch",
             "case-nda", "legal-review", "pay-transparency-check", "pre-boarding",
             "six-month-review", "twelve-month-review"}


def test_the_missing_tasks_are_there(library: Library) -> None:
    checklist, _ = library.checklist_for("cso")
    assert {t.id for t in checklist.tasks} >= NEW_TASKS
    acme = {t.id for t in _tailored(library, "acme").tasks}
    northwind = {t.id for t in _tailored(library, "northwind").tasks}
    assert acme >= NEW_TASKS
    # Northwind hires its first sales leader, alone, without a firm: nobody to cover or meet
    assert NEW_TASKS - {"interim-cover", "firm-launch"} <= northwind
    assert not {"interim-cover", "firm-launch", "meet-sales-leaders"} & northwind
    assert "meet-sales-leaders" in acme


def test_dates_and_names_come_from_the_company_file(library: Library) -> None:
    import datetime as dt

    acme = _tailored(library, "acme")
    assert acme.kickoff == dt.date(2026, 10, 19) and acme.has_dates and acme.has_names
    for task in acme.tasks:
        assert task.due_date == dt.date(2026, 10, 19) + dt.timedelta(weeks=task.due_week)
    names = {t.owner: t.owner_name for t in acme.tasks}
    assert names == {"CEO": "Dana Whitfield", "HR": "Priya Raman", "Board": "Thomas Reyes",
                     "Search partner": "Lena Okafor, Halden Partners", "Hiring team": None}
    northwind = _tailored(library, "northwind")
    assert not northwind.has_dates and not northwind.has_names
    assert all(t.due_date is None and t.owner_name is None for t in northwind.tasks)


def test_search_profile_reads_as_separate_clauses() -> None:
    from jdgen.context import search_profile

    acme, _ = load_company(COMPANIES / "acme.yaml")
    clauses = search_profile(acme)
    assert "the board approves the hire" in clauses
    assert "the company sells 3 product lines through 3 channels in 2 markets" in clauses
    assert not any(c.startswith("sells") for c in clauses)


# --- CRO and VP of Sales searches ------------------------------------------------------------

def test_cro_and_vp_checklists_derive_from_the_cso_one(library: Library) -> None:
    cso, _ = library.checklist_for("cso")
    cro, _ = library.checklist_for("cro")
    vp, _ = library.checklist_for("vp-sales")
    assert (cro.id, cro.role, vp.id, vp.role) == ("cro-search", "cro", "vp-sales-search", "vp-sales")
    assert [p.id for p in cro.phases] == [p.id for p in vp.phases] == [p.id for p in cso.phases]
    cro_tasks, vp_tasks = {t.id: t for t in cro.tasks}, {t.id: t for t in vp.tasks}
    # CRO wording: the scope takes in marketing and customer success
    assert "marketing" in cro_tasks["map-scope"].task and "customer success" in cro_tasks["map-scope"].task
    assert "CRO" in cro_tasks["benchmark-pay"].task and "meet-marketing-cs" in cro_tasks
    assert "VP of Sales" in vp_tasks["map-scope"].task and "VP of Sales" in vp_tasks["benchmark-pay"].task
    for checklist, other in ((cro, "CSO roles"), (vp, "CSO roles")):
        assert not any(other in t.task for t in checklist.tasks)
    # the firm model, the weeks and the new tasks carry over
    assert cro_tasks["long-list"].owner_if_firm == vp_tasks["long-list"].owner_if_firm == "Search partner"
    assert set(cro_tasks) >= NEW_TASKS and set(vp_tasks) >= NEW_TASKS


@pytest.mark.parametrize("company", ["acme", "northwind"])
@pytest.mark.parametrize("role", ["cro", "vp-sales"])
def test_derived_checklists_spread_like_the_cso_one(library: Library, company: str, role: str) -> None:
    tailored = _tailored(library, company, role)
    weeks = [t.due_week for t in tailored.tasks]
    assert max(weeks.count(week) for week in set(weeks)) <= 6
    assert 10 <= next(t.due_week for t in tailored.tasks if t.id == "verbal-offer") <= 17


def test_vp_reports_to_the_sales_executive_the_company_has(library: Library) -> None:
    def line(**org: dict) -> list[str]:
        checklist, source = library.checklist_for("vp-sales")
        loaded, _ = load_company(COMPANIES / "acme.yaml")
        loaded = loaded.model_validate({**loaded.model_dump(), "org": org})
        return [t.id for t in tailor(checklist, source, loaded).tasks if t.id.startswith("report-to")]

    assert line(cso={"reports_to": "ceo"}, **{"vp-sales": {"reports_to": "cso"}}) == ["report-to-cso"]
    assert line(cro={"reports_to": "ceo"}) == ["report-to-cro"]
    assert line() == ["report-to-ceo"]
