"""Workspaces: init, discovery by walking up, lookup order, templates list and eject, safety."""

from __future__ import annotations

import json
import os
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from jdgen.cli import main


def run(*args: str, cwd: Path | None = None):
    if cwd is not None:
        os.chdir(cwd)
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert run("init", "ws").exit_code == 0
    return tmp_path / "ws"


def test_init_scaffolds_a_workspace_that_validates(workspace: Path) -> None:
    for name in ("company.yaml", "README.md", "roles", "checklists", "templates", "output",
                 "schemas/company.schema.json", "schemas/role.schema.json",
                 "schemas/checklist.schema.json"):
        assert (workspace / name).exists(), name
    first_line = (workspace / "company.yaml").read_text().splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=schemas/company.schema.json"
    schema = json.loads((workspace / "schemas/company.schema.json").read_text())
    assert schema["title"] == "jdgen company file" and "name" in schema["required"]
    result = run("validate", cwd=workspace)
    assert result.exit_code == 0 and result.output.startswith("ok: company.yaml, 8 roles")


def test_init_refuses_to_overwrite(workspace: Path) -> None:
    result = run("init", str(workspace))
    assert result.exit_code == 2 and "a workspace is already here" in result.output


def test_commands_find_the_workspace_by_walking_up(workspace: Path) -> None:
    (workspace / "roles" / "vp-sales-emea.yaml").write_text(
        "extends: vp-sales\ntitle: VP of Sales, EMEA\n")
    deep = workspace / "notes" / "deeper"
    deep.mkdir(parents=True)
    result = run("roles", cwd=deep)
    assert any(line.startswith("vp-sales-emea        VP of Sales, EMEA ")
               for line in result.output.splitlines())
    built = run("build", "vp-sales-emea", "--doc", "jd", "--format", "md", cwd=deep)
    assert built.exit_code == 0, built.output
    out = workspace / "output" / "example-company" / "vp-sales-emea-job-description.md"
    assert built.stdout.split() == [str(out)]
    assert out.read_text().startswith("# VP of Sales, EMEA\n")


def test_workspace_option(workspace: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("build", "sdr", "--workspace", str(workspace), "--format", "txt", cwd=elsewhere)
    assert result.exit_code == 0, result.output
    assert (workspace / "output" / "example-company" / "sdr-job-description.txt").is_file()
    missing = run("roles", "--workspace", str(elsewhere))
    assert missing.exit_code == 2 and "not a jdgen workspace (no company.yaml)" in missing.output


def test_build_outside_a_workspace_needs_a_company(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build", "cso")
    assert result.exit_code == 2 and "--company" in result.output


def test_templates_list_shows_origin_in_lookup_order(workspace: Path) -> None:
    (workspace / "templates" / "job-description.html").write_text(
        '{% extends "builtin/job-description.html" %}')
    lines = run("templates", "list", cwd=workspace).output.splitlines()
    assert lines[0].split()[:2] == ["job-description.html", "workspace"]
    assert lines[0].endswith("(the job description; overrides builtin)")
    builtin = [line.split()[0] for line in lines if line.split()[1] == "builtin"]
    assert {"base.html", "job-description.html", "search-checklist.html", "style.css",
            "checklist-phase.html", "scorecard.html", "hiring-brief.html"} <= set(builtin)
    assert any(line.startswith("interview-guide.html") and line.endswith("(the interview guide)")
               for line in lines)


def test_eject_copies_a_builtin_template(workspace: Path) -> None:
    result = run("templates", "eject", "style.css", cwd=workspace)
    assert result.exit_code == 0
    from jdgen.paths import builtin_dir

    ejected = workspace / "templates" / "style.css"
    assert ejected.read_text() == (builtin_dir("templates") / "style.css").read_text()
    again = run("templates", "eject", "style.css", cwd=workspace)
    assert again.exit_code == 2 and "--force" in again.output
    assert run("templates", "eject", "style.css", "--force", cwd=workspace).exit_code == 0


def test_eject_word_starter(workspace: Path) -> None:
    result = run("templates", "eject", "job-description.docx", cwd=workspace)
    assert result.exit_code == 0, result.output
    starter = docx.Document(str(workspace / "templates" / "job-description.docx"))
    assert any("{{" in p.text for p in starter.paragraphs)
    built = run("build", "cso", "--doc", "jd", "--format", "docx", cwd=workspace)
    assert built.exit_code == 0, built.output
    output = docx.Document(built.stdout.split()[0])
    text = "\n".join(p.text for p in output.paragraphs)
    assert "Chief Sales Officer" in text and "{{" not in text


@pytest.mark.parametrize("name", ["../company.yaml", "/etc/passwd", "builtin/base.html", "nope.html"])
def test_eject_refuses_names_that_are_not_builtin_templates(workspace: Path, name: str) -> None:
    result = run("templates", "eject", name, cwd=workspace)
    assert result.exit_code == 2
    assert result.output.startswith(f'argument NAME: no built-in template "{name}"')


def test_template_symlink_out_of_the_workspace_is_refused(workspace: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("top secret")
    (workspace / "templates" / "job-description.html").symlink_to(secret)
    result = run("build", "cso", "--doc", "jd", "--format", "md", cwd=workspace)
    assert result.exit_code == 2
    assert "templates/job-description.html: template links outside the templates folder" \
        in result.output
    assert not list((workspace / "output").rglob("*.md"))


def test_role_symlink_out_of_the_workspace_is_refused(workspace: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("extends: sdr\n")
    (workspace / "roles" / "linked.yaml").symlink_to(outside)
    result = run("validate", "linked", cwd=workspace)
    assert result.exit_code == 2
    assert result.output.strip() == ("roles/linked.yaml: role file links outside the workspace "
                                     "— copy it into the workspace instead of linking to it")


def test_logo_outside_the_company_folder_is_refused(workspace: Path) -> None:
    company = workspace / "company.yaml"
    company.write_text(company.read_text().replace("  # logo: logo.png ", "  logo: ../x.png "))
    result = run("validate", cwd=workspace)
    assert result.exit_code == 2
    assert 'logo "../x.png" is outside the company file\'s folder' in result.output


@pytest.mark.parametrize("name", ["../company.yaml", "/etc/passwd", "../../../../etc/passwd"])
def test_templates_cannot_include_files_outside_the_template_folders(workspace: Path,
                                                                     name: str) -> None:
    (workspace / "templates" / "job-description.html").write_text(
        f'{{% extends "builtin/job-description.html" %}}{{% block eeo %}}'
        f'{{% include "{name}" %}}{{% endblock %}}')
    result = run("build", "cso", "--doc", "jd", "--format", "md", cwd=workspace)
    assert result.exit_code == 2
    assert f'template "{name}" not found' in result.output
    assert "root:" not in result.output and "Example Company" not in result.output
