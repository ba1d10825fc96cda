"""Conditional role text (`{text, when}`), the company's sales org, and the reporting lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdgen.context import build_context, direct_reports, manager_of, plural, role_facts, tailor_role
from jdgen.errors import ConfigurationError
from jdgen.loading import Library, load_company
from jdgen.models import Company, OrgSeat, Role

ROOT = Path(__file__).resolve().parent.parent
ACME = ROOT / "companies" / "acme.yaml"
NORTHWIND = ROOT / "companies" / "northwind.yaml"
LIBRARY = Library()
TITLES = {role.id: role.title for role in LIBRARY.roles()}


def company(path: Path = ACME, **update: object) -> Company:
    return load_company(path)[0].model_copy(update=update)


def role_with(**update: object) -> Role:
    return LIBRARY.role("cso").model_copy(update=update)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "roles").mkdir()
    return tmp_path


def test_lines_are_kept_only_where_their_condition_holds() -> None:
    role = Role.model_validate({
        **LIBRARY.role("cso").model_dump(by_alias=True, exclude_none=True),
        "skills": {"hard": ["Forecasting", {"text": "Channel design", "when": "multi_channel"}],
                   "soft": [{"text": "Patience", "when": "first_sales_leader"}, "Candour"]},
        "kpis": [{"name": "Growth", "description": "Revenue growth."},
                 {"name": "Channel mix", "description": "Share by channel.", "when": "multi_channel"}],
        "responsibilities": [
            {"area": "Build", "when": "first_sales_leader", "items": ["Hire the first team."]},
            {"area": "Run", "items": [{"text": "Run the managers.", "when": "team_size > 0"},
                                      "Set targets."]}],
        "pitch": [{"text": "You build it.", "when": "first_sales_leader"},
                  {"text": "You scale it.", "when": "not first_sales_leader"}],
    })
    acme = role_facts(role, company(), "Chief Executive Officer")
    shown = tailor_role(role, acme)
    assert shown.skills.hard == ["Forecasting", "Channel design"]
    assert shown.skills.soft == ["Candour"]
    assert [k.name for k in shown.kpis] == ["Growth", "Channel mix"]
    assert [g.area for g in shown.responsibilities] == ["Run"]
    assert shown.summary == "You scale it."
    northwind = company(NORTHWIND)
    shown = tailor_role(role, role_facts(role, northwind, "CEO"))
    assert shown.skills.hard == ["Forecasting"]
    assert [g.area for g in shown.responsibilities] == ["Build", "Run"]
    assert shown.responsibilities[1].items == ["Set targets."]
    assert shown.summary == "You build it."
    assert all(isinstance(item, str) for item in shown.skills.soft)


def test_a_bad_condition_is_an_error_at_its_line(ws: Path) -> None:
    (ws / "roles" / "cso-x.yaml").write_text(
        "extends: cso\nid: cso-x\nkpis:\n  - name: A\n    description: B\n    when: team_sise > 3\n",
        encoding="utf-8")
    with pytest.raises(ConfigurationError) as info:
        Library((ws,)).role("cso-x")
    assert 'cso-x.yaml:6:11: condition uses unknown name "team_sise"' in str(info.value)


def test_plurals() -> None:
    assert plural("Sales Manager", 3) == "3 Sales Managers"
    assert plural("VP of Sales", 2) == "2 VPs of Sales"
    assert plural("SDR", 4) == "4 SDRs"
    assert plural("Business Development Representative", 1) == "Business Development Representative"


def reporting_line(role, found, titles, managers=None) -> tuple[str, list[str] | None]:
    """What a posting shows as "Reports to" and "Direct reports"."""
    return manager_of(role, found, titles, managers)[1], direct_reports(role, found, titles)


def test_org_gives_reporting_lines_and_team_size() -> None:
    org = {"cso": OrgSeat(status="hiring"), "vp-sales": OrgSeat(reports_to="cso"),
           "sales-manager": OrgSeat(count=3, reports_to="vp-sales"),
           "account-executive": OrgSeat(count=24, reports_to="sales-manager")}
    acme = company(org=org, reports_to={})
    assert reporting_line(LIBRARY.role("cso"), acme, TITLES) == (
        "Chief Executive Officer", ["VP of Sales"])
    assert reporting_line(LIBRARY.role("vp-sales"), acme, TITLES) == (
        "Chief Sales Officer", ["3 Sales Managers"])
    assert acme.team_size("cso") == 28 and acme.team_size("sales-manager") == 24
    facts = role_facts(LIBRARY.role("cso"), acme, "Chief Executive Officer")
    assert facts["has_cso"] and facts["has_vp_sales"] and facts["reports_to_ceo"]
    assert not facts["has_cro"] and facts["team_size"] == 28


def test_company_reports_to_mapping_overrides_the_org() -> None:
    acme = company(org={"vp-sales": OrgSeat(reports_to="cso")}, reports_to={"vp-sales": "COO"})
    assert manager_of(LIBRARY.role("vp-sales"), acme, TITLES) == (None, "COO")


def test_no_org_keeps_the_role_defaults() -> None:
    plain = company(org={}, reports_to={})
    assert reporting_line(LIBRARY.role("vp-sales"), plain, TITLES) == (
        LIBRARY.role("vp-sales").reports_to, None)


@pytest.mark.parametrize("path", [ACME, NORTHWIND], ids=["acme", "northwind"])
def test_example_orgs_are_consistent(path: Path) -> None:
    """Every org entry reports to a role of the org or to the top; nobody reports to two."""
    found = load_company(path)[0]
    assert found.org
    for rid, seat in found.org.items():
        assert rid in TITLES
        assert seat.reports_to in found.org or seat.reports_to in {"ceo", "board"}


def test_built_context_has_plain_lines_only() -> None:
    found = company(NORTHWIND)
    context = build_context(LIBRARY.role("cso"), found, NORTHWIND, titles=TITLES)
    role = context["role"]
    for value in [*role.skills.hard, *role.skills.soft, *role.experience.items,
                  *role.qualifications, *role.nice_to_have, *role.direct_reports]:
        assert isinstance(value, str)


def test_a_role_the_org_leaves_out_reports_up_the_ladder() -> None:
    """Northwind has only a CSO: an Account Executive reports to the CSO, not to a Team Lead
    the company does not have."""
    managers = {role.id: role.reports_to for role in LIBRARY.roles()}
    found = company(NORTHWIND)
    assert reporting_line(LIBRARY.role("account-executive"), found, TITLES, managers) == (
        "Chief Sales Officer", [])
    assert manager_of(LIBRARY.role("account-executive"), found, TITLES, managers)[0] == "cso"


def test_each_holder_of_a_shared_role_leads_a_share() -> None:
    found = company(org={"sales-manager": OrgSeat(count=3),
                         "sales-team-lead": OrgSeat(count=6, reports_to="sales-manager"),
                         "sdr": OrgSeat(count=4, reports_to="sales-team-lead")}, reports_to={})
    assert reporting_line(LIBRARY.role("sales-manager"), found, TITLES)[1] == ["2 Sales Team Leads"]
    assert reporting_line(LIBRARY.role("sales-team-lead"), found, TITLES)[1] == [
        "up to 1 Sales Development Representative"]


@pytest.mark.parametrize(("channels", "online", "direct", "partners"), [
    (["online self-serve"], True, False, False),
    (["direct field sales", "integration partners", "online self-serve"], True, True, True),
    (["Inside sales"], False, True, False),
    (["value-added resellers", "AWS Marketplace"], True, False, True),
])
def test_sales_channel_facts_come_from_the_channel_names(channels: list[str], online: bool,
                                                          direct: bool, partners: bool) -> None:
    facts = company(sales_channels=channels).facts()
    assert (facts["sells_online"], facts["sells_direct"], facts["sells_through_partners"]) == (
        online, direct, partners)


def test_a_one_channel_company_that_does_not_sell_online_is_not_told_it_does() -> None:
    field_only = company(NORTHWIND, sales_channels=["direct field sales"])
    for role_id in ("cso", "cro", "sdr"):
        context = build_context(LIBRARY.role(role_id), field_only, NORTHWIND, titles=TITLES,
                                managers={r.id: r.reports_to for r in LIBRARY.roles()})
        assert "online" not in context["role"].summary, role_id


def test_a_reports_to_title_finds_the_org_seat_it_names() -> None:
    acme = company(reports_to={"vp-sales": "Chief Sales Officer"})
    assert manager_of(LIBRARY.role("vp-sales"), acme, TITLES) == ("cso", "Chief Sales Officer")
    vp = build_context(LIBRARY.role("vp-sales"), acme, ACME, titles=TITLES)
    assert vp["reports_to"] == "Chief Sales Officer (being hired)"
    assert "We are also hiring a Chief Sales Officer" in vp["role"].summary


def test_roles_under_a_manager_being_hired_know_it() -> None:
    managers = {r.id: r.reports_to for r in LIBRARY.roles()}
    northwind = company(NORTHWIND)  # only the CSO, being hired; every other role climbs to it
    for role_id in ("vp-sales", "sales-manager", "sdr"):
        context = build_context(LIBRARY.role(role_id), northwind, NORTHWIND, titles=TITLES,
                                managers=managers)
        assert context["reports_to"] == "Chief Sales Officer (being hired)", role_id
        assert context["posting"].hiring_manager.name == "Jonas Becker", role_id
