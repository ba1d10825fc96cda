"""`jdgen build` with several roles and companies (jdgen.batch): worker processes, failures that
stay in their item, the incremental state file, and which items a changed file concerns."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from jdgen import batch
from jdgen.cli import main
from jdgen.loading import Library
from jdgen.paths import builtin_dir

from .conftest import COMPANIES

EPOCH = "1767225600"


@pytest.fixture
def clients(tmp_path: Path) -> Path:
    """A folder of two client files (Acme, with its logo, and Northwind)."""
    folder = tmp_path / "clients"
    folder.mkdir()
    for name in ("acme.yaml", "acme-logo.png", "northwind.yaml"):
        shutil.copy(COMPANIES / name, folder / name)
    return folder


def invoke(*args: str) -> object:
    return CliRunner().invoke(main, ["build", *args])


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


def mtimes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*")}


def test_several_roles_for_two_companies_in_one_command(clients: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("cso", "cro", "sdr", "--company", str(clients / "*.yaml"), "--doc", "jd",
                    "--format", "md,html", "--out", str(out), "-j", "1")
    assert result.exit_code == 0, result.output
    expected = {f"{slug}/{role}-job-description.{ext}" for slug in ("acme-robotics", "northwind")
                for role in ("cso", "cro", "sdr") for ext in ("md", "html")}
    assert {line.split(str(out) + "/")[1] for line in result.stdout.splitlines()} == expected
    assert set(files(out)) == expected | {"acme-robotics/.jdgen-build.json",
                                          "northwind/.jdgen-build.json"}
    assert "jdgen: 6 items: 6 built, 0 skipped (up to date), 0 failed" in result.stderr
    # a lint summary per item, naming it, on standard error
    assert "cro for " + str(clients / "northwind.yaml") + ": lint: " in result.stderr


def test_two_workers_write_the_same_bytes_as_one(clients: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    common = ["cso", "vp-sales", "--company", str(clients / "acme.yaml"), "--company",
              str(clients / "northwind.yaml"), "--doc", "jd", "--format", "pdf,docx"]
    one = invoke(*common, "--out", str(tmp_path / "one"), "-j", "1")
    two = invoke(*common, "--out", str(tmp_path / "two"), "-j", "2")
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert len(files(tmp_path / "one")) == 2 * 2 * 2 + 2
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_a_broken_company_fails_alone(clients: Path, tmp_path: Path) -> None:
    (clients / "broken.yaml").write_text("name: Broken Co\nheadcount: many\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("cso", "cro", "--company", str(clients / "*.yaml"), "--doc", "jd",
                    "--format", "md", "--out", str(out), "-j", "2")
    assert result.exit_code == 2, result.output
    assert sorted(files(out)) == ["acme-robotics/.jdgen-build.json",
                                  "acme-robotics/cro-job-description.md",
                                  "acme-robotics/cso-job-description.md",
                                  "northwind/.jdgen-build.json", "northwind/cro-job-description.md",
                                  "northwind/cso-job-description.md"]
    summary = result.stderr[result.stderr.index("jdgen: 6 items"):]
    assert summary.startswith("jdgen: 6 items: 4 built, 0 skipped (up to date), 2 failed")
    broken = re.escape(str(clients / "broken.yaml"))
    assert re.search(rf"failed: cso for {broken}:\n  {broken}:\d+:\d+: ", summary), summary
    assert re.search(rf"failed: cro for {broken}:\n  {broken}:\d+:\d+: ", summary), summary


def test_an_identical_rebuild_skips_everything_and_writes_nothing(
        clients: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    out = tmp_path / "out"
    args = ["cso", "cro", "--company", str(clients / "*.yaml"), "--doc", "jd", "--format", "md,txt",
            "--out", str(out), "-j", "1"]
    assert invoke(*args).exit_code == 0
    before, contents = mtimes(out), files(out)

    again = invoke(*args)
    assert again.exit_code == 0, again.output
    assert again.stdout == ""
    assert "jdgen: 4 items: 0 built, 4 skipped (up to date), 0 failed" in again.stderr
    assert mtimes(out) == before and files(out) == contents

    # a changed company file rebuilds that company's items only
    with open(clients / "northwind.yaml", "a", encoding="utf-8") as handle:
        handle.write("# edited\n")
    edited = invoke(*args)
    assert edited.exit_code == 0, edited.output
    assert sorted(Path(line).name for line in edited.stdout.splitlines()) == [
        "cro-job-description.md", "cro-job-description.txt",
        "cso-job-description.md", "cso-job-description.txt"]
    assert all("/northwind/" in line for line in edited.stdout.splitlines())
    assert "2 built, 2 skipped" in edited.stderr
    assert all(mtimes(out)[name] == before[name] for name in before if name.startswith("acme"))

    # a changed or missing output is rebuilt; --force rebuilds everything
    (out / "acme-robotics" / "cso-job-description.md").write_text("edited by hand")
    assert "1 built, 3 skipped" in invoke(*args).stderr
    assert files(out)["acme-robotics/cso-job-description.md"] == contents[
        "acme-robotics/cso-job-description.md"]
    assert "4 built, 0 skipped" in invoke(*args, "--force").stderr


def test_another_build_date_or_option_is_another_key(clients: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    options = batch.Options(out_dir=str(tmp_path), docs="jd", formats=("md",))
    item = batch.Item("cso", str(clients / "acme.yaml"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    key = batch.item_key(item, options, ())
    assert batch.item_key(item, options, ()) == key
    assert batch.item_key(item, batch.Options(out_dir=str(tmp_path), docs="jd", formats=("md",),
                                              blind=True), ()) != key
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    assert batch.item_key(item, options, ()) != key


def test_no_progress_bar_without_a_terminal(clients: Path, tmp_path: Path) -> None:
    result = invoke("cso", "cro", "--company", str(clients / "acme.yaml"), "--doc", "jd",
                    "--format", "md", "--out", str(tmp_path), "-j", "1")
    assert result.exit_code == 0, result.output
    assert "\r" not in result.stderr and "it/s" not in result.stderr and "%|" not in result.stderr


def test_a_single_build_is_incremental_too(clients: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """One role for one company prints what it printed before (no batch summary); built again
    with nothing changed, it writes nothing and says so, with the lint as last built."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    args = ["cso", "--company", str(clients / "acme.yaml"), "--doc", "jd", "--format", "md,txt",
            "--out", str(tmp_path)]
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    written = [f"{tmp_path}/acme-robotics/cso-job-description.{ext}" for ext in ("md", "txt")]
    assert first.stdout.splitlines() == written
    assert first.stderr.startswith("lint: ") and "items" not in first.stderr
    before, contents = mtimes(tmp_path), files(tmp_path)

    again = invoke(*args)
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines() == written  # the same files, in the same order
    lint = first.stderr.splitlines()[-1]
    assert again.stderr.splitlines() == [lint, "jdgen: up to date: nothing changed since the last "
                                         "build, nothing written (--force builds again)"]
    assert mtimes(tmp_path) == before and files(tmp_path) == contents

    with open(clients / "acme.yaml", "a", encoding="utf-8") as handle:
        handle.write("# edited\n")
    edited = invoke(*args)
    assert edited.exit_code == 0 and "up to date" not in edited.stderr
    forced = invoke(*args, "--force")
    assert forced.exit_code == 0 and "up to date" not in forced.stderr
    assert forced.stdout.splitlines() == written


def test_usage_errors(clients: Path, tmp_path: Path) -> None:
    assert invoke("--company", str(clients / "acme.yaml")).exit_code == 2
    nothing = invoke("cso", "cro", "--company", str(clients / "none-*.yaml"), "--out", str(tmp_path))
    assert nothing.exit_code == 2 and 'option --company: no file matches' in nothing.stderr
    unknown = invoke("cso", "cfo", "--company", str(clients / "acme.yaml"), "--out", str(tmp_path))
    assert unknown.exit_code == 2 and 'unknown role "cfo"' in unknown.stderr
    assert invoke("cso", "cro", "--company", str(clients / "acme.yaml"),
                  "--shard", "4/3").exit_code == 2


def test_all_roles_and_shards(clients: Path) -> None:
    library = Library()
    assert batch.role_ids((), True, library, "all") == sorted(library.role_files)
    assert batch.role_ids((), True, library, "checklist") == ["cro", "cso", "vp-sales"]
    items = [batch.Item(str(n), "c.yaml") for n in range(10)]
    shards = [batch.shard(items, f"{k}/3") for k in (1, 2, 3)]
    assert sorted((i for s in shards for i in s), key=lambda i: int(i.role)) == items
    assert [i.role for i in shards[1]] == ["1", "4", "7"]


def test_which_items_a_changed_file_concerns(clients: Path, tmp_path: Path) -> None:
    templates = tmp_path / "my-templates"
    (templates / "partials").mkdir(parents=True)
    options = batch.Options(out_dir=str(tmp_path / "out"), docs="jd", formats=("md",),
                            templates=(str(templates),))
    acme, northwind = clients / "acme.yaml", clients / "northwind.yaml"
    text = northwind.read_text(encoding="utf-8")
    northwind.write_text(text[:text.index("\norg:")] + "\n", encoding="utf-8")  # no org chart
    planned = batch.plan(["cso", "sdr"], [acme, northwind], options, watch=True)
    names = {(p.item.role, Path(p.item.company).name): p for p in planned}

    def hit(*paths: Path) -> set[tuple[str, str]]:
        return {(p.item.role, Path(p.item.company).name) for p in batch.affected(planned, paths)}

    assert hit(northwind) == {("cso", "northwind.yaml"), ("sdr", "northwind.yaml")}
    assert hit(clients / "acme-logo.png") == {("cso", "acme.yaml"), ("sdr", "acme.yaml")}
    assert hit(clients / "notes.txt") == hit(tmp_path / "out" / "northwind" / "x.md") == set()
    # a role's file: that role's items; Acme has an org chart, whose titles come from every role
    assert hit(builtin_dir("roles") / "sdr.yaml") == {("sdr", "northwind.yaml"),
                                                      ("cso", "acme.yaml"), ("sdr", "acme.yaml")}
    assert hit(builtin_dir("roles") / "bdr.yaml") == {("cso", "acme.yaml"), ("sdr", "acme.yaml")}
    # a checklist the cso's search extends; a template anywhere in the folder: every item
    assert ("cso", "northwind.yaml") in hit(builtin_dir("checklists") / "cso-search.yaml")
    assert hit(templates / "partials" / "footer.html") == set(names)
    assert hit(builtin_dir("templates") / "job-description.html") == set(names)
    assert templates / "partials" in batch.watch_paths(planned)
    assert clients in batch.watch_paths(planned)

    # a company file that does not load: any change may fix it
    (clients / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    broken = batch.plan(["cso"], [clients / "broken.yaml"], options, watch=True)
    assert broken[0].folder is None and broken[0].deps.anything
    assert batch.affected(broken, [clients / "notes.txt"]) == list(broken)


def test_a_font_installed_is_another_key(clients: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A font added to the user's fonts may change a PDF: the builds are keyed anew."""
    from jdgen import buildkey

    fonts = tmp_path / "share" / "fonts"
    fonts.mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    options = batch.Options(out_dir=str(tmp_path), docs="jd", formats=("pdf",))
    item = batch.Item("cso", str(clients / "acme.yaml"))
    buildkey.installation_fingerprint.cache_clear()
    key = batch.item_key(item, options, ())
    (fonts / "Brand-Regular.ttf").write_bytes(b"not really a font")
    buildkey.installation_fingerprint.cache_clear()
    try:
        assert fonts in buildkey.font_folders()
        assert batch.item_key(item, options, ()) != key
    finally:
        buildkey.installation_fingerprint.cache_clear()


def test_workers_take_the_batchs_folder_and_environment(clients: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers forked from a server an earlier batch started still build with this batch's
    SOURCE_DATE_EPOCH and find its relative paths from its folder."""
    import docx

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    args = ["cso", "vp-sales", "--doc", "jd", "--format", "docx", "-j", "2"]
    first = invoke(*args, "--company", str(clients / "acme.yaml"), "--out", str(tmp_path / "first"))
    assert first.exit_code == 0, first.output
    monkeypatch.chdir(clients)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    second = invoke(*args, "--company", "acme.yaml", "--out", str(tmp_path / "second"))
    assert second.exit_code == 0, second.output
    for name in ("cso", "vp-sales"):
        made = docx.Document(str(tmp_path / "second" / "acme-robotics" / f"{name}-job-description.docx"))
        assert made.core_properties.created.date().isoformat() == "2026-01-02"


def test_an_up_to_date_check_needs_no_schema(clients: Path, tmp_path: Path) -> None:
    """A single build that is up to date reads its inputs without validating them: pydantic,
    Jinja and WeasyPrint are never imported (the check costs a fraction of a build)."""
    import subprocess
    import sys

    args = ["build", "cso", "--company", str(clients / "acme.yaml"), "--doc", "jd", "--format", "md",
            "--out", str(tmp_path)]
    probe = ("import sys; from jdgen.cli import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('pydantic', 'jinja2', 'weasyprint', 'docx') if m in sys.modules))")
    first = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] != "[]", "a build imports what it needs"
    again = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    assert "up to date" in again.stderr, again.stderr
    assert again.stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("company", ["acme.yaml", "northwind.yaml"])
def test_the_raw_folder_name_is_the_validated_one(company: str) -> None:
    """The up-to-date check finds the company's folder from its raw YAML, as validation would."""
    from jdgen.loading import load_company_yaml
    from jdgen.names import raw_output_slug

    validated, loaded = load_company_yaml(COMPANIES / company)
    assert raw_output_slug(loaded.data) == validated.output_slug


@pytest.mark.parametrize("name", ["Café Müller GmbH", "  Acme\x07 Robotics ", "株式会社ロボテック",
                                  "Acme \u202eexe.fdp Robotics", "con", "x" * 80])
def test_raw_names_fold_as_validated_names_do(name: str) -> None:
    import yaml

    from jdgen.models import Company
    from jdgen.names import raw_output_slug

    data = {**yaml.safe_load((COMPANIES / "acme.yaml").read_text(encoding="utf-8")), "name": name}
    assert raw_output_slug(data) == Company.model_validate(data).output_slug


@pytest.mark.parametrize("forged", ["../secret.txt", "/etc/hostname", ".jdgen-build.json", "a/b.md"])
def test_a_forged_state_file_is_never_followed(clients: Path, tmp_path: Path, forged: str) -> None:
    """An output folder may be shared: a state file naming a file outside it, or the state
    itself, voids the state (the build runs), and nothing outside is read or written."""
    import json

    out = tmp_path / "out"
    args = ["cso", "--company", str(clients / "acme.yaml"), "--doc", "jd", "--format", "md",
            "--out", str(out)]
    assert invoke(*args).exit_code == 0
    state_file = out / "acme-robotics" / batch.STATE
    state = json.loads(state_file.read_text(encoding="utf-8"))
    key = next(iter(state["items"]))
    import hashlib

    secret = tmp_path / "out" / "secret.txt"
    secret.write_text("not an output")
    target = (out / "acme-robotics" / forged) if not forged.startswith("/") else Path(forged)
    seen = target.read_bytes() if target.is_file() else b""
    state["files"][forged] = {"inputs": key, "sha256": hashlib.sha256(seen).hexdigest()}
    state["items"][key]["files"].append(forged)
    state_file.write_text(json.dumps(state), encoding="utf-8")
    again = invoke(*args)
    assert again.exit_code == 0, again.output
    assert "up to date" not in again.stderr  # the forged state was not trusted
    assert secret.read_text() == "not an output"
    assert invoke(*args).stderr.endswith("(--force builds again)\n")  # a state of its own again


def test_a_state_file_that_is_a_fifo_or_a_link_out_is_ignored(clients: Path, tmp_path: Path) -> None:
    import os
    import threading

    out = tmp_path / "out"
    args = ["cso", "--company", str(clients / "acme.yaml"), "--doc", "jd", "--format", "md",
            "--out", str(out)]
    assert invoke(*args).exit_code == 0
    state_file = out / "acme-robotics" / batch.STATE
    outside = tmp_path / "elsewhere.json"
    before = state_file.read_bytes()
    outside.write_bytes(before)
    state_file.unlink()
    state_file.symlink_to(outside)
    result = invoke(*args)
    assert result.exit_code == 2 and "symbolic link" in result.stderr  # refused, not written through
    assert outside.read_bytes() == before
    state_file.unlink()
    os.mkfifo(state_file)
    done = threading.Event()

    def build() -> None:
        invoke(*args)
        done.set()

    threading.Thread(target=build, daemon=True).start()
    assert done.wait(30), "a FIFO as the state file must not hang the build"


@pytest.mark.parametrize("logo", ['"acme-logo.png "', '"acme-logo.png\\0"', '"acme-logo\\ud800.png"'])
def test_the_key_reads_the_logo_as_validation_names_it(clients: Path, tmp_path: Path,
                                                       logo: str) -> None:
    """A logo name with a trailing space or a character no file name can hold is cleaned as
    validation cleans it: it builds, and a new logo is a new key."""
    company = clients / "acme.yaml"
    company.write_text(company.read_text(encoding="utf-8").replace("logo: acme-logo.png",
                                                                   f"logo: {logo}"), encoding="utf-8")
    args = ["cso", "--company", str(company), "--doc", "jd", "--format", "html", "--out",
            str(tmp_path / "out")]
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    (clients / "acme-logo.png").write_bytes((clients / "acme-logo.png").read_bytes() + b"\0")
    again = invoke(*args)
    assert again.exit_code == 0 and "up to date" not in again.stderr


def test_an_image_a_template_embeds_is_in_the_key(clients: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "job-description.html").write_text(
        '{% extends "builtin/job-description.html" %}{% block summary %}'
        '<img src="photo.png" alt="The team">{{ super() }}{% endblock %}', encoding="utf-8")
    shutil.copy(clients / "acme-logo.png", clients / "photo.png")
    args = ["cso", "--company", str(clients / "acme.yaml"), "--doc", "jd", "--format", "html",
            "--templates", str(templates), "--out", str(tmp_path / "out")]
    assert invoke(*args).exit_code == 0
    assert "up to date" in invoke(*args).stderr
    (clients / "photo.png").write_bytes((clients / "acme-logo.png").read_bytes() + b"\0\0")
    assert "up to date" not in invoke(*args).stderr


def test_a_key_keeps_a_bounded_amount_for_the_build(clients: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever a workspace holds, a key keeps at most KEPT_BYTES of it for the build."""
    from jdgen import buildkey

    roles = tmp_path / "ws" / "roles"
    roles.mkdir(parents=True)
    for n in range(5):
        (roles / f"r{n}.yaml").write_text(f"# {n}\n" + "x: 1\n" * 200, encoding="utf-8")
    company, logo = (clients / "acme.yaml").read_bytes(), (clients / "acme-logo.png").read_bytes()
    role = len((roles / "r0.yaml").read_bytes())
    monkeypatch.setattr(buildkey, "KEPT_BYTES", len(company) + len(logo) + 2 * role + 10)
    reads: dict[Path, bytes] = {}
    item = batch.Item("cso", str(clients / "acme.yaml"))
    options = batch.Options(out_dir=str(tmp_path / "out"))
    key, _ = batch.item_key(item, options, (tmp_path / "ws",), reads)
    assert sum(map(len, reads.values())) <= buildkey.KEPT_BYTES
    assert [p.name for p in reads if p.parent == roles] == ["r0.yaml", "r1.yaml"]
    assert batch.item_key(item, options, (tmp_path / "ws",))[0] == key  # kept or not, one key
