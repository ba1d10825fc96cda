"""Derived roles and checklists: extends, appends, task edits, and errors at the right file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdgen.errors import ConfigurationError
from jdgen.loading import Library
from jdgen.paths import builtin_dir


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "roles").mkdir()
    (tmp_path / "checklists").mkdir()
    return tmp_path


def write(ws: Path, name: str, text: str) -> None:
    (ws / name).write_text(text, encoding="utf-8")


def errors(ws: Path, kind: str, item: str) -> str:
    library = Library((ws,))
    with pytest.raises(ConfigurationError) as info:
        library.role(item) if kind == "role" else library.checklist_for(item)
    return str(info.value)


def test_derived_role_inherits_replaces_and_appends(ws: Path) -> None:
    write(ws, "roles/vp-sales-emea.yaml", """\
extends: vp-sales
title: VP of Sales, EMEA
kpis+:
  - name: EMEA pipeline coverage
    description: Qualified pipeline against the EMEA target.
skills:
  soft+: [Works across languages and time zones.]
""")
    library = Library((ws,))
    base, derived = library.role("vp-sales"), library.role("vp-sales-emea")
    assert derived.id == "vp-sales-emea" and derived.title == "VP of Sales, EMEA"
    assert derived.summary == base.summary and derived.pay_benchmark == base.pay_benchmark
    assert derived.kpis[:-1] == base.kpis and derived.kpis[-1].name == "EMEA pipeline coverage"
    assert derived.skills.hard == base.skills.hard
    assert derived.skills.soft == [*base.skills.soft, "Works across languages and time zones."]
    assert [p.name for p in library.files_read("roles", "vp-sales-emea")] == \
        ["vp-sales-emea.yaml", "vp-sales.yaml"]


def test_chains_and_builtin_prefix(ws: Path) -> None:
    write(ws, "roles/a.yaml", "extends: vp-sales\ntitle: A\n")
    write(ws, "roles/b.yaml", "extends: a\nlevel: 9\n")
    # a workspace file may shadow a built-in role and refine it
    write(ws, "roles/sdr.yaml", "extends: builtin/sdr\ntitle: Sales Development Rep\n")
    library = Library((ws,))
    assert (library.role("b").title, library.role("b").level) == ("A", 9)
    assert library.role("sdr").title == "Sales Development Rep"
    assert library.role("sdr").summary == Library().role("sdr").summary


def test_unknown_parent(ws: Path) -> None:
    write(ws, "roles/x.yaml", "title: X\nextends: vp-salez\n")
    assert errors(ws, "role", "x") == \
        'roles/x.yaml:2:10: extends an unknown "vp-salez" — did you mean "vp-sales"?'


def test_cycle(ws: Path) -> None:
    write(ws, "roles/a.yaml", "extends: b\n")
    write(ws, "roles/b.yaml", "extends: a\n")
    assert errors(ws, "role", "a") == ("roles/b.yaml:1:10: extends form a cycle: a → b → a — "
                                       "break the cycle: a parent cannot extend its child")


def test_errors_point_into_the_file_that_holds_the_value(ws: Path) -> None:
    write(ws, "roles/a.yaml", "extends: vp-sales\nlevel: high\nresponsibilities+:\n  - area: A\n"
                              "    itemz: [x]\n")
    message = errors(ws, "role", "a").splitlines()
    assert message[0].startswith('roles/a.yaml:2:8: level "high": input should be a valid integer')
    assert message[-1] == 'roles/a.yaml:5:5: unknown key "itemz" — did you mean "items"?'
    # an inherited value that breaks in combination is reported where it was written
    write(ws, "roles/c.yaml", "extends: b\ntitle: C\n")
    write(ws, "roles/b.yaml", "extends: vp-sales\npay_benchmark:\n  base_min: 9\n  base_max: 1\n"
                              "  source: {title: T, year: 2026}\n")
    assert errors(ws, "role", "c").startswith("roles/b.yaml:3:13: pay_benchmark.base_min")


def test_appending_to_a_non_list(ws: Path) -> None:
    write(ws, "roles/a.yaml", "extends: vp-sales\ntitle+: [x]\n")
    assert errors(ws, "role", "a").startswith(
        'roles/a.yaml:2:1: "title+" appends to a list, but "title" is not a list here')


CHECKLIST = """\
extends: cso-search
id: lean
title: Lean CSO search
drop: [confidentiality-plan]
reword:
  confirm-need: {owner: Board, due_week: 2}
add:
  - phase: alignment
    after: confirm-need
    id: budget-first
    task: Fix the search budget before anything else.
    owner: CEO
"""


def test_derived_checklist_drops_rewords_and_adds(ws: Path) -> None:
    write(ws, "checklists/lean.yaml", CHECKLIST)
    library = Library((ws,))
    checklist, _ = library.checklist_for("cso")  # the workspace's checklist wins for the role
    base, _ = Library().checklist_for("cso")
    ids = [t.id for t in checklist.tasks]
    assert checklist.title == "Lean CSO search" and checklist.id == "lean"
    assert "confidentiality-plan" not in ids
    assert ids[ids.index("confirm-need") + 1] == "budget-first"
    reworded = next(t for t in checklist.tasks if t.id == "confirm-need")
    original = next(t for t in base.tasks if t.id == "confirm-need")
    assert (reworded.owner, reworded.due_week, reworded.task) == ("Board", 2, original.task)
    assert len(checklist.tasks) == len(base.tasks)


def test_checklist_edit_errors(ws: Path) -> None:
    write(ws, "checklists/lean.yaml", CHECKLIST.replace("[confidentiality-plan]", "[nope]")
          .replace("after: confirm-need", "after: nope2").replace("owner: CEO", "owner: Ops"))
    lines = errors(ws, "checklist", "cso").splitlines()
    assert lines == [
        'checklists/lean.yaml:4:8: no task "nope" to change — use a task id from the parent checklist',
        'checklists/lean.yaml:9:12: no task "nope2" in phase "alignment" — name a task of that '
        "phase, or leave `after` out"]


def test_checklist_field_errors_point_at_the_edit(ws: Path) -> None:
    write(ws, "checklists/lean.yaml", CHECKLIST.replace("owner: CEO", "owner: Ops")
          .replace("owner: Board", "owner: Bored"))
    message = errors(ws, "checklist", "cso")
    assert "checklists/lean.yaml:6:25: phases[0].tasks[0].owner" in message  # the reword
    assert "checklists/lean.yaml:12:12: phases[0].tasks[1].owner" in message  # the added task


def test_unchanged_inherited_tasks_point_at_the_parent_file(ws: Path) -> None:
    write(ws, "checklists/lean.yaml", CHECKLIST)
    _, source = Library((ws,)).checklist_for("cso")
    parent = builtin_dir("checklists") / "cso-search.yaml"
    line = next(i for i, t in enumerate(parent.read_text().splitlines(), 1)
                if "id: confirm-need" in t)
    where = source.locate(("phases", 0, "tasks", 0, "id"))
    assert (Path(where.path).name, where.line) == ("cso-search.yaml", line)
    assert source.locate(("phases", 0, "tasks", 0, "owner")).path == "checklists/lean.yaml"
