"""Every kind of bad input gets one clean line, FILE:LINE:COL: what — what to do, and exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from jdgen.cli import main

from .conftest import yaml_at


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the folder holding the edited company file, so paths print relative."""
    monkeypatch.chdir(tmp_path)


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


def build_error(company: Path, *extra: str) -> str:
    result = run("build", "cso", "--company", company.name, "--out", str(company.parent / "out"),
                 "--format", "docx", *extra)
    assert result.exit_code == 2, result.output
    assert not (company.parent / "out").exists(), "a failed build must write nothing"
    return result.output.strip()


def test_missing_file(tmp_path: Path) -> None:
    out = build_error(tmp_path / "nope.yaml")
    assert out.endswith("nope.yaml: company file not found — check the path and the spelling")


def test_yaml_syntax_error(company_copy) -> None:
    company = company_copy(("name: Acme Robotics", "name: [Acme Robotics"))
    out = build_error(company)
    assert out.startswith(f"{yaml_at(company, 'website:', ': ')}: invalid YAML:")
    assert "—" in out


def test_misspelt_key_suggests_the_close_match(company_copy) -> None:
    company = company_copy(("  internal_candidate: true", "  internal_candidat: true"))
    out = build_error(company)
    at = yaml_at(company, "internal_candidat:")
    assert out == f'{at}: unknown key "internal_candidat" — did you mean "internal_candidate"?'


def test_unknown_key_lists_allowed_keys(company_copy) -> None:
    company = company_copy(("brand:\n", "brand:\n  mascot: owl\n"))
    out = build_error(company)
    at = yaml_at(company, "mascot: owl")
    assert out.startswith(f'{at}: unknown key "mascot" — remove it; keys allowed here: ')
    assert "primary_color" in out


def test_wrong_type(company_copy) -> None:
    company = company_copy(("headcount: 640", "headcount: lots"))
    out = build_error(company)
    at = yaml_at(company, "headcount:", "lots")
    assert out.startswith(f'{at}: headcount "lots": input should be a valid integer')
    assert out.endswith("— write a whole number, without quotes, commas or a currency sign")


def test_missing_required_field(company_copy) -> None:
    company = company_copy(("industry: Industrial automation software and robotics\n", ""))
    out = build_error(company)
    assert out == 'company.yaml:3:1: missing required key "industry" — add "industry:" with a value'


def test_min_greater_than_max_pay(company_copy) -> None:
    company = company_copy(("base_min: 310000", "base_min: 410000"))
    out = build_error(company)
    at = yaml_at(company, 'base_min: 410000', '410000')
    assert out == (f"{at}: compensation.cso.base_min: base_min (410,000) is greater "
                   "than base_max (390,000) — swap the two values or correct base_min")


def test_unknown_role_lists_known_roles(acme: Path) -> None:
    result = run("build", "cfo", "--company", str(acme))
    assert result.exit_code == 2
    assert result.output.startswith('argument ROLE: unknown role "cfo" — did you mean "cso"?')
    for role in ("cro", "vp-sales", "sales-manager", "sales-team-lead", "account-executive",
                 "bdr", "sdr"):
        assert role in result.output


def test_unknown_role_in_company_file(company_copy) -> None:
    company = company_copy(("  account-executive:\n    currency", "  acount-executive:\n    currency"))
    out = build_error(company)
    at = yaml_at(company, "acount-executive:")
    assert out.startswith(f'{at}: unknown role "acount-executive" in compensation')


def test_bad_colour(company_copy) -> None:
    company = company_copy(('primary_color: "#C2410C"', "primary_color: orange"))
    out = build_error(company)
    at = yaml_at(company, "primary_color:", "orange")
    assert out == (f'{at}: brand.primary_color "orange" is not in the expected '
                   "format — write a colour as #RRGGBB, e.g. #1F4E79")


def test_unsafe_yaml_tag_is_refused(company_copy) -> None:
    company = company_copy(("name: Acme Robotics", 'name: !!python/object/apply:os.system ["true"]'))
    out = build_error(company)
    at = yaml_at(company, 'name: !!', '!!')
    assert out.startswith(f"{at}: unsupported YAML tag !!python/object/apply:os.system")


def test_duplicate_key(company_copy) -> None:
    company = company_copy(("headcount: 640", "headcount: 640\nheadcount: 650"))
    out = build_error(company)
    assert out.startswith(f'{yaml_at(company, "headcount: 650")}: duplicate key "headcount" '
                          f'(first set on line {yaml_at(company, "headcount: 640").split(":")[1]})')


def test_several_problems_are_all_reported(company_copy) -> None:
    company = company_copy(("headcount: 640", "headcount: -3"),
                           ("stage: series-c", "stage: series-z"))
    lines = build_error(company).splitlines()
    assert [line.split(":")[1] for line in lines] == [yaml_at(company, "headcount: -3").split(":")[1],
                                                      yaml_at(company, "stage: series-z").split(":")[1]]


def test_missing_logo(company_copy) -> None:
    company = company_copy(("logo: acme-logo.png", "logo: missing.png"))
    out = build_error(company)
    assert out.startswith(f'{yaml_at(company, "logo: missing", "missing")}: logo "missing.png" not found')


def test_template_syntax_error(override, company_copy, tmp_path: Path) -> None:
    templates = override('{% extends "builtin/job-description.html" %}\n{% block summary %}\n'
        "<p>{{ role.summary }</p>\n{% endblock %}\n")
    out = build_error(company_copy(), "--templates", str(templates))
    assert out.endswith("job-description.html:3: template syntax error: unexpected '}' — "
                        "fix the tag on that line")


def test_template_undefined_name(override, company_copy, tmp_path: Path) -> None:
    templates = override('{% extends "builtin/job-description.html" %}\n{% block summary %}\n'
        "<p>{{ role.sumary }}</p>\n{% endblock %}\n")
    out = build_error(company_copy(), "--templates", str(templates))
    assert out.endswith('job-description.html:3:12: template error: no field "sumary" here; '
                        'did you mean "summary"? — check the names used on that line')


def test_checklist_condition_with_unknown_name(tmp_path: Path, acme: Path) -> None:
    from jdgen.errors import ConfigurationError
    from jdgen.loading import load_checklist
    from jdgen.sources import load_yaml

    source = Path(__file__).parent.parent / "checklists" / "cso-search.yaml"
    text = source.read_text().replace("when: internal_candidate", "when: internal_candidates", 1)
    bad = tmp_path / "cso-search.yaml"
    bad.write_text(text)
    with pytest.raises(ConfigurationError) as info:
        load_checklist(load_yaml(bad))
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "internal_candidates" in t)
    message = str(info.value)
    assert f"cso-search.yaml:{line}:" in message
    assert 'unknown name "internal_candidates"' in message


def test_bad_format_is_a_usage_error(acme: Path) -> None:
    result = run("build", "cso", "--company", str(acme), "--format", "pdf,odt")
    assert result.exit_code == 2
    assert "unknown format 'odt'" in result.output


def test_raw_control_character_in_the_file(company_copy) -> None:
    company = company_copy(("industry: Industrial", "industry: Indus\x1ftrial"))
    out = build_error(company)
    at = yaml_at(company, 'industry:', chr(0x1f))
    assert out == (f"{at}: invalid character U+001F in the file — remove it, or write "
                   "it as an escape inside a double-quoted string")


def test_thousands_of_problems_are_summarised(company_copy) -> None:
    extra = "".join(f"  mascot{i}: owl\n" for i in range(3000))
    company = company_copy(("brand:\n", "brand:\n" + extra))
    lines = build_error(company).splitlines()
    assert len(lines) == 51
    assert lines[0].startswith(f'{yaml_at(company, "mascot0: owl")}: unknown key "mascot0"')
    assert lines[-1] == "… and 2,950 more problems like these"


def test_a_list_too_short_says_how_many_entries_it_needs(tmp_path) -> None:
    from jdgen.errors import ConfigurationError
    from jdgen.loading import Library

    (tmp_path / "roles").mkdir()
    (tmp_path / "roles" / "cso.yaml").write_text("extends: builtin/cso\nkit:\n  mission: x\n  outcomes: []\n")
    with pytest.raises(ConfigurationError) as raised:
        Library((tmp_path,)).role("cso")
    first = raised.value.problems[0]
    assert first.message.startswith("kit.outcomes: list should have at least 5 items")
    assert first.hint == "give at least 5 entries"
