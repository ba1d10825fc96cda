"""One gate for every path: a workspace can name, link or plant nothing that makes jdgen read or
write outside it, wait on a FIFO, read a device, or swallow an enormous file; and a build that
fails or is killed loses nothing.

The ``outside`` fixture checks that nothing beside the workspace changed; each case also checks
that the secret never reached a message or an output.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from jdgen import gate, output
from jdgen.paths import builtin_dir

from ..conftest import COMPANIES, yaml_at
from .conftest import HANG_LIMIT, Outside, edit, refused, run

MD_JD = ("build", "cso", "--doc", "jd", "--format", "md")
LOGO_AT = yaml_at(COMPANIES / "acme.yaml", "logo: acme-logo.png", "acme-logo.png", name="company.yaml")
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a file to another user")


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A read that blocks (a FIFO) fails the test instead of hanging the suite."""

    def hung(*_: object) -> None:
        raise AssertionError(f"blocked for {HANG_LIMIT} s")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, HANG_LIMIT)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def refused_cleanly(workspace: Path, outside: Outside, *args: str) -> str:
    """Run a command that must be refused: exit 2, nothing written, no secret in the message."""
    message = refused(*args)
    assert outside.secret.read_text() not in message
    assert not [p for p in (workspace / "output").rglob("*") if p.is_file()], "nothing is written"
    return message


def set_logo(workspace: Path, value: str) -> None:
    edit(workspace / "company.yaml", ("logo: acme-logo.png", f"logo: {value}"))


def set_reference(workspace: Path, value: str) -> None:
    edit(workspace / "company.yaml",
         ("  page_size: Letter", f"  page_size: Letter\n  reference_docx: {value}"))


def reference_at(workspace: Path) -> str:
    """Where ``set_reference`` put the reference document's name: the value after the key."""
    company = workspace / "company.yaml"
    value = next(line for line in company.read_text().splitlines() if "reference_docx:" in line)
    return yaml_at(company, "reference_docx:", value.partition(": ")[2])


def word_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    docx.Document().save(str(path))
    return path


# --- the logo ------------------------------------------------------------------------------

def test_logo_linked_out_of_the_workspace(workspace: Path, outside: Outside) -> None:
    (workspace / "evil.png").symlink_to(outside.secret)
    set_logo(workspace, "evil.png")
    assert refused_cleanly(workspace, outside, *MD_JD) == (
        f'{LOGO_AT}: logo "evil.png" links outside the company file\'s folder '
        "— copy it into the company file's folder instead of linking to it")


def test_logo_named_outside_the_workspace(workspace: Path, outside: Outside) -> None:
    set_logo(workspace, str(outside.secret.with_suffix(".png")))
    assert refused_cleanly(workspace, outside, *MD_JD) == (
        f'{LOGO_AT}: logo "{outside.secret.with_suffix(".png")}" is outside the company file\'s '
        "folder — copy it into the company file's folder")


def test_logo_that_is_a_fifo_is_refused_without_waiting(workspace: Path, outside: Outside) -> None:
    os.mkfifo(workspace / "pipe.png")
    set_logo(workspace, "pipe.png")
    assert refused_cleanly(workspace, outside, *MD_JD) == (
        f'{LOGO_AT}: logo "pipe.png" is a named pipe (FIFO), not a regular file '
        "— replace it with an ordinary file")


def test_logo_linked_to_dev_zero(workspace: Path, outside: Outside) -> None:
    (workspace / "zero.png").symlink_to("/dev/zero")
    set_logo(workspace, "zero.png")
    assert refused_cleanly(workspace, outside, *MD_JD).startswith(
        f'{LOGO_AT}: logo "zero.png" links outside the company file\'s folder')


def test_logo_that_is_a_folder(workspace: Path, outside: Outside) -> None:
    (workspace / "logo.png").mkdir()
    set_logo(workspace, "logo.png")
    assert refused_cleanly(workspace, outside, *MD_JD) == (
        f'{LOGO_AT}: logo "logo.png" is a folder, not a regular file — name a file inside it')


def test_oversized_logo(workspace: Path, outside: Outside) -> None:
    with open(workspace / "huge.png", "wb") as handle:  # sparse: no disk used
        handle.truncate(gate.IMAGE_LIMIT + 1)
    set_logo(workspace, "huge.png")
    assert refused_cleanly(workspace, outside, *MD_JD) == (
        f'{LOGO_AT}: logo "huge.png" is larger than 5 MiB (5.0 MiB) — use a smaller file')


# --- the reference document ------------------------------------------------------------------

def test_reference_docx_up_and_out_of_the_workspace(workspace: Path, outside: Outside,
                                                    tmp_path: Path) -> None:
    word_file(tmp_path / "other" / "house.docx")  # a real Word file someone else owns
    set_reference(workspace, "../other/house.docx")
    assert refused_cleanly(workspace, outside, "build", "cso", "--doc", "jd", "--format", "docx") == (
        f'{reference_at(workspace)}: reference document "../other/house.docx" is outside the company '
        "file's folder — copy it into the company file's folder")


def test_reference_docx_as_an_absolute_path(workspace: Path, outside: Outside,
                                            tmp_path: Path) -> None:
    house = word_file(tmp_path / "other" / "house.docx")
    set_reference(workspace, str(house))
    assert refused_cleanly(workspace, outside, "validate") == (
        f'{reference_at(workspace)}: reference document "{house}" is outside the company file\'s folder '
        "— copy it into the company file's folder")


def test_reference_docx_linked_out(workspace: Path, outside: Outside) -> None:
    (workspace / "house.docx").symlink_to(outside.secret)
    set_reference(workspace, "house.docx")
    assert refused_cleanly(workspace, outside, "build", "cso", "--format", "docx") == (
        f'{reference_at(workspace)}: reference document "house.docx" links outside the company file\'s '
        "folder — copy it into the company file's folder instead of linking to it")


def test_reference_docx_option_may_be_anywhere_but_not_a_fifo(workspace: Path, outside: Outside,
                                                               tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.docx"
    os.mkfifo(pipe)
    assert refused_cleanly(workspace, outside, "build", "cso", "--doc", "jd", "--format", "docx",
                           "--reference-docx", str(pipe)) == (
        f'option --reference-docx: reference document "{pipe}" is a named pipe (FIFO), not a '
        "regular file — replace it with an ordinary file")
    house = word_file(tmp_path / "other" / "house.docx")
    built = run("build", "cso", "--doc", "jd", "--format", "docx", "--reference-docx", str(house))
    assert built.exit_code == 0, built.stderr


# --- templates ---------------------------------------------------------------------------------

def test_eject_force_over_a_link_out_does_not_overwrite_its_target(workspace: Path,
                                                                    outside: Outside) -> None:
    (workspace / "templates" / "job-description.html").symlink_to(outside.secret)
    assert refused("templates", "eject", "job-description.html", "--force") == (
        "templates/job-description.html: template is a symbolic link; jdgen does not write "
        "through links — remove the link and run the command again")
    assert (workspace / "templates" / "job-description.html").is_symlink()


def test_eject_into_a_templates_folder_that_links_out(workspace: Path, outside: Outside) -> None:
    (workspace / "templates").rmdir()
    (workspace / "templates").symlink_to(outside.root)
    assert refused("templates", "eject", "base.html") == (
        "templates: folder links outside the workspace; jdgen does not write through it "
        "— replace the link with a real folder")


def test_templates_folder_linked_out(workspace: Path, outside: Outside) -> None:
    (workspace / "templates").rmdir()
    (workspace / "templates").symlink_to(outside.root)
    message = "templates: templates folder links outside the workspace — copy it into the " \
              "workspace instead of linking to it"
    assert refused_cleanly(workspace, outside, *MD_JD) == message
    assert refused("templates", "list") == message


def test_template_file_linked_out(workspace: Path, outside: Outside) -> None:
    (workspace / "templates" / "job-description.html").symlink_to(outside.secret)
    assert refused_cleanly(workspace, outside, *MD_JD) == (
        "templates/job-description.html: template links outside the templates folder "
        "— copy it into the templates folder instead of linking to it")


def test_included_template_linked_to_dev_zero(workspace: Path, outside: Outside) -> None:
    (workspace / "templates" / "job-description.html").write_text(
        '{% extends "builtin/job-description.html" %}{% block summary %}'
        '{% include "zero.html" %}{% endblock %}', encoding="utf-8")
    (workspace / "templates" / "zero.html").symlink_to("/dev/zero")
    assert refused_cleanly(workspace, outside, *MD_JD).startswith(
        "templates/zero.html: template links outside the templates folder")


def test_oversized_template(workspace: Path, outside: Outside) -> None:
    with open(workspace / "templates" / "job-description.html", "wb") as handle:
        handle.truncate(gate.TEMPLATE_LIMIT + 1)
    assert refused_cleanly(workspace, outside, *MD_JD) == (
        "templates/job-description.html: template is larger than 1 MiB (1.0 MiB) "
        "— use a smaller file")


def test_word_template_that_is_a_fifo(workspace: Path, outside: Outside) -> None:
    os.mkfifo(workspace / "templates" / "job-description.docx")
    assert refused_cleanly(workspace, outside, "build", "cso", "--doc", "jd", "--format", "docx") == (
        "templates/job-description.docx: Word template is a named pipe (FIFO), not a regular "
        "file — replace it with an ordinary file")


def test_word_template_linked_out(workspace: Path, outside: Outside, tmp_path: Path) -> None:
    word = word_file(tmp_path / "other" / "job-description.docx")
    (workspace / "templates" / "job-description.docx").symlink_to(word)
    assert refused_cleanly(workspace, outside, "build", "cso", "--doc", "jd", "--format", "docx") == (
        "templates/job-description.docx: Word template links outside the templates folder "
        "— copy it into the templates folder instead of linking to it")


def test_bundle_refuses_a_fifo_in_the_templates_folder(workspace: Path, outside: Outside) -> None:
    os.mkfifo(workspace / "templates" / "pipe")
    assert refused_cleanly(workspace, outside, *MD_JD, "--bundle") == (
        "templates/pipe: file is a named pipe (FIFO), not a regular file "
        "— replace it with an ordinary file")


def test_bundle_does_not_follow_a_link_out_of_the_templates_folder(workspace: Path,
                                                                   outside: Outside) -> None:
    (workspace / "templates" / "notes.css").symlink_to(outside.secret)
    assert refused_cleanly(workspace, outside, *MD_JD, "--bundle") == (
        "templates/notes.css: file links outside the templates folder "
        "— copy it into the templates folder instead of linking to it")


def test_bundle_skips_a_linked_folder(workspace: Path, outside: Outside) -> None:
    (workspace / "templates" / "elsewhere").symlink_to(outside.root)
    assert run(*MD_JD, "--bundle").exit_code == 0
    bundle = (workspace / "output" / "acme-robotics" / "cso-bundle.zip").read_bytes()
    assert b"secret" not in bundle and outside.secret.read_bytes() not in bundle


# --- roles and checklists --------------------------------------------------------------------

def test_role_file_linked_out(workspace: Path, outside: Outside) -> None:
    (workspace / "roles" / "evil.yaml").symlink_to(outside.secret)
    assert refused_cleanly(workspace, outside, "validate") == (
        "roles/evil.yaml: role file links outside the workspace — copy it into the workspace "
        "instead of linking to it")


def test_roles_folder_linked_out(workspace: Path, outside: Outside) -> None:
    (workspace / "roles").rmdir()
    (workspace / "roles").symlink_to(outside.root)
    assert refused_cleanly(workspace, outside, *MD_JD) == (
        "roles: roles folder links outside the workspace — copy it into the workspace instead "
        "of linking to it")


def test_checklist_that_is_a_fifo(workspace: Path, outside: Outside) -> None:
    os.mkfifo(workspace / "checklists" / "pipe.yaml")
    assert refused_cleanly(workspace, outside, "build", "cso", "--format", "md") == (
        "checklists/pipe.yaml: checklist file is a named pipe (FIFO), not a regular file "
        "— replace it with an ordinary file")


# --- the company file and the workspace ------------------------------------------------------

def test_company_file_that_is_a_fifo(workspace: Path, outside: Outside) -> None:
    (workspace / "company.yaml").unlink()
    os.mkfifo(workspace / "company.yaml")
    assert refused_cleanly(workspace, outside, *MD_JD) == (
        "company.yaml: company file is a named pipe (FIFO), not a regular file "
        "— replace it with an ordinary file")


def test_company_file_linked_out(workspace: Path, outside: Outside) -> None:
    (workspace / "company.yaml").unlink()
    (workspace / "company.yaml").symlink_to(outside.secret)
    assert refused_cleanly(workspace, outside, "validate") == (
        "company.yaml: company file links outside the workspace — copy it into the workspace "
        "instead of linking to it")


def test_oversized_company_file(workspace: Path, outside: Outside) -> None:
    with open(workspace / "company.yaml", "ab") as handle:
        handle.write(b"#" * gate.YAML_LIMIT)
    assert refused_cleanly(workspace, outside, *MD_JD).startswith(
        "company.yaml: company file is larger than 1 MiB (")


@as_root
def test_workspace_of_another_user_is_not_adopted_when_walking_up(workspace: Path,
                                                                   outside: Outside) -> None:
    deeper = workspace / "notes" / "drafts"
    deeper.mkdir(parents=True)
    os.chown(workspace / "company.yaml", 65534, 65534)
    os.chdir(deeper)
    assert refused(*MD_JD) == (
        f"{workspace / 'company.yaml'}: this workspace belongs to another user (uid 65534), so "
        f"jdgen does not use it — if you trust it, pass --workspace {workspace}")
    trusted = run(*MD_JD, "--workspace", str(workspace))
    assert trusted.exit_code == 0, trusted.stderr


# --- output ----------------------------------------------------------------------------------

def test_output_folder_linked_out(workspace: Path, outside: Outside) -> None:
    (workspace / "output").rmdir()
    (workspace / "output").symlink_to(outside.root)
    assert refused(*MD_JD) == ("output: folder links outside the workspace; jdgen does not write "
                               "through it — replace the link with a real folder")


def test_company_output_folder_linked_out(workspace: Path, outside: Outside) -> None:
    (workspace / "output" / "acme-robotics").symlink_to(outside.root)
    assert refused(*MD_JD) == ("output/acme-robotics: folder links outside the workspace; jdgen "
                               "does not write through it — replace the link with a real folder")


def test_output_file_linked_out(workspace: Path, outside: Outside) -> None:
    (workspace / "output" / "acme-robotics").mkdir()
    (workspace / "output" / "acme-robotics" / "cso-job-description.md").symlink_to(outside.secret)
    assert refused(*MD_JD) == (
        "output/acme-robotics/cso-job-description.md: output file is a symbolic link; jdgen does "
        "not write through links — remove the link and run the command again")


def test_out_named_by_the_user_is_written(workspace: Path, outside: Outside,
                                          tmp_path: Path) -> None:
    elsewhere = tmp_path / "docs"
    (tmp_path / "docs-real").mkdir()
    elsewhere.symlink_to(tmp_path / "docs-real")  # the user's own link: their choice
    built = run(*MD_JD, "--out", str(elsewhere))
    assert built.exit_code == 0, built.stderr
    assert (tmp_path / "docs-real" / "acme-robotics" / "cso-job-description.md").is_file()


# --- nothing lost ------------------------------------------------------------------------------

def test_killed_build_leftovers_are_removed_and_outputs_stay_valid(workspace: Path,
                                                                   outside: Outside) -> None:
    assert run("build", "cso", "--format", "md").exit_code == 0
    folder = workspace / "output" / "acme-robotics"
    good = {p.name: p.read_bytes() for p in folder.iterdir()}
    dead = 2**22 + 12345  # above Linux's default pid_max: no such process
    stale = [folder / f".cso-job-description.md.{dead}.k1ll3d_x.tmp",   # staged, never renamed
             folder / ".cso-search-checklist.md.abcd1234.tmp"]          # an older jdgen's
    for path in stale:
        path.write_bytes(b"half a fi")
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p not in stale} == good
    assert run("build", "cso", "--format", "md").exit_code == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == good


def test_failing_last_rename_restores_every_earlier_file(workspace: Path, outside: Outside,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("build", "cso", "--format", "md").exit_code == 0
    folder = workspace / "output" / "acme-robotics"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    edit(workspace / "company.yaml", ("more than 900 plants", "more than 950 plants"))
    last = folder / "cso-search-checklist.md"
    replace = os.replace

    def failing(source: str, target: str) -> None:
        if Path(target) == last and str(source).endswith(".tmp"):
            raise OSError(28, "No space left on device", str(source))
        replace(source, target)

    monkeypatch.setattr(output.os, "replace", failing)
    result = run("build", "cso", "--format", "md")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "output/acme-robotics/cso-search-checklist.md: cannot write: No space left on device "
        "— check that the output folder is writable and the disk has room; earlier files were "
        "kept as they were")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before, "not half old, half new"


def test_output_copy_is_not_a_hard_link_to_outside(workspace: Path, outside: Outside) -> None:
    """A file planted in output/ as a hard link to an outside file is replaced, not written into."""
    folder = workspace / "output" / "acme-robotics"
    folder.mkdir()
    try:
        os.link(outside.secret, folder / "cso-job-description.md")
    except OSError:
        pytest.skip("hard links across these folders are not possible here")
    assert run(*MD_JD).exit_code == 0
    assert (folder / "cso-job-description.md").read_text().startswith("# Chief Sales Officer")


def test_template_copied_in_is_used(workspace: Path, outside: Outside) -> None:
    """Control case: an ordinary template file in the folder still works."""
    shutil.copy(builtin_dir("templates") / "job-description.html",
                workspace / "templates" / "job-description.html")
    assert run(*MD_JD).exit_code == 0


# --- init ----------------------------------------------------------------------------------------

def test_init_does_not_write_through_a_planted_link(tmp_path: Path, outside: Outside,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "README.md").symlink_to(outside.secret)
    assert refused("init", "new") == (
        "new/README.md: workspace file is a symbolic link; jdgen does not write through links "
        "— remove the link and run the command again")
    assert not (tmp_path / "new" / "company.yaml").exists(), "all files or none"


def test_init_into_a_schemas_folder_that_links_out(tmp_path: Path, outside: Outside,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "schemas").symlink_to(outside.root)
    assert refused("init", "new") == (
        "new/schemas: folder links outside the workspace; jdgen does not write through it "
        "— replace the link with a real folder")


def test_init_over_a_dangling_company_link(tmp_path: Path, outside: Outside,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "company.yaml").symlink_to(outside.root / "planted.yaml")
    assert refused("init", "new").endswith("a workspace is already here — pick another folder, "
                                           "or edit the files that are there")
    assert not (outside.root / "planted.yaml").exists()
