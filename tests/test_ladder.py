"""The ladder check: each role of the sales ladder against the step below it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from jdgen.cli import main
from jdgen.ladder import ladder_problems
from jdgen.loading import Library


def workspace_with(tmp_path: Path, role_id: str, yaml_text: str) -> Library:
    (tmp_path / "roles").mkdir(exist_ok=True)
    (tmp_path / "roles" / f"{role_id}.yaml").write_text(yaml_text, encoding="utf-8")
    return Library((tmp_path,))


def test_the_built_in_ladder_is_consistent() -> None:
    assert ladder_problems(Library()) == []


def test_experience_no_higher_than_the_step_below_is_flagged(tmp_path: Path) -> None:
    library = workspace_with(tmp_path, "vp-sales", "extends: builtin/vp-sales\nexperience:\n"
                             "  years_min: 4\n  items: [Ran a sales team.]\n")
    [problem] = ladder_problems(library)
    assert "VP of Sales: asks for 4 years of experience, no more than the Sales Manager below it (5)" \
        in problem.message
    assert problem.where.path.endswith("vp-sales.yaml") and problem.where.line == 3


def test_a_benchmark_below_the_step_below_is_flagged(tmp_path: Path) -> None:
    library = workspace_with(tmp_path, "cro", "extends: builtin/cro\npay_benchmark:\n  currency: USD\n"
                             "  base_min: 90000\n  base_max: 150000\n  source: {title: Ours, year: 2026}\n")
    found = [p.message for p in ladder_problems(library)]
    assert found == ["Chief Revenue Officer: the pay benchmark tops out at 150,000, no higher than the "
                     "VP of Sales's " + f"{Library().role('vp-sales').pay_benchmark.base_max:,}"]


def test_a_manager_below_the_role_is_flagged(tmp_path: Path) -> None:
    library = workspace_with(tmp_path, "account-executive",
                             "extends: builtin/account-executive\n"
                             "reports_to: Sales Development Representative\n")
    [problem] = ladder_problems(library)
    assert "reports to Sales Development Representative, who is not above it" in problem.message


def test_validate_warns_and_still_succeeds(tmp_path: Path) -> None:
    from jdgen.workspace import init_workspace

    init_workspace(tmp_path / "ws")
    workspace_with(tmp_path / "ws", "vp-sales", "extends: builtin/vp-sales\nlevel: 6\n")
    result = CliRunner().invoke(main, ["validate", "--workspace", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: ")
    warnings = result.stderr.strip().splitlines()
    assert any(line.startswith("warning: ") and "vp-sales.yaml:2:8: VP of Sales: level 6 is not above "
               "the Sales Manager's (4)" in line for line in warnings), warnings
