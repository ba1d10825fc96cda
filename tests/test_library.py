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
