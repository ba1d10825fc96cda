"""The command line: a thin, fast face over the library API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from jdgen import __version__
from jdgen.cli import main


def test_roles_lists_the_library() -> None:
    result = CliRunner().invoke(main, ["roles"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 8
    assert lines[0].split()[0] == "cso" and "Chief Sales Officer" in lines[0]


def test_build_prints_each_written_path(acme: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "cso", "--company", str(acme), "--out",
                                       str(tmp_path), "--format", "docx"])
    assert result.exit_code == 0, result.output
    written = [Path(line) for line in result.stdout.splitlines()]
    assert [p.name for p in written] == ["cso-job-description.docx", "cso-search-checklist.docx",
                                         "cso-hiring-brief.docx", "cso-scorecard.docx",
                                         "cso-interview-guide.docx", "cso-reference-check.docx"]
    assert all(p.is_file() and p.parent == tmp_path / "acme-robotics" for p in written)


def test_other_roles_build_their_job_description(acme: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "account-executive", "--company", str(acme),
                                       "--out", str(tmp_path), "--format", "docx", "--doc", "jd"])
    assert result.exit_code == 0, result.output
    expected = tmp_path / "acme-robotics" / "account-executive-job-description.docx"
    assert result.stdout.split() == [str(expected)]


def test_checklist_for_a_role_without_one_is_an_input_error(acme: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "sdr", "--company", str(acme), "--doc",
                                       "checklist", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.startswith('option --doc: role "sdr" has no search checklist')


def test_help_does_not_import_weasyprint() -> None:
    code = ("import sys; from click.testing import CliRunner; from jdgen.cli import main; "
            "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0; "
            "CliRunner().invoke(main, ['roles']); print('weasyprint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_python_dash_m(acme: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "jdgen", "--version"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip().startswith("jdgen, version ")


def test_format_all_writes_every_format_each_document_takes(acme: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "cso", "--company", str(acme), "--out",
                                       str(tmp_path), "--format", "all", "--bundle", "--excel"])
    assert result.exit_code == 0, result.output
    names = [Path(line).name for line in result.stdout.splitlines()]
    layout = ("pdf", "docx", "html", "md", "txt")
    assert names == [f"cso-job-description.{ext}" for ext in (*layout, "jsonld")] + \
        [f"cso-search-checklist.{ext}" for ext in (*layout, "csv")] + \
        [f"cso-{stem}.{ext}" for stem in ("hiring-brief", "scorecard", "interview-guide",
                                          "reference-check") for ext in layout] + \
        ["cso-bundle.zip"]
    assert (tmp_path / "acme-robotics" / "cso-search-checklist.csv").read_bytes()[:3] == b"\xef\xbb\xbf"


def test_a_format_that_fits_no_document_is_an_input_error(acme: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "sdr", "--company", str(acme), "--out",
                                       str(tmp_path), "--format", "md,csv"])
    assert result.exit_code == 2
    assert result.output.strip() == ("option --format: csv applies only to the search checklist, "
                                     "which this build does not make — leave csv out of --format")
    assert not tmp_path.joinpath("acme-robotics").exists()


def test_format_all_for_a_role_without_a_checklist(acme: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "sdr", "--company", str(acme), "--out",
                                       str(tmp_path), "--format", "all"])
    assert result.exit_code == 0, result.output
    names = [Path(line).name for line in result.stdout.splitlines()]
    assert not any("checklist" in name for name in names)
    assert [Path(name).suffix for name in names if "job-description" in name] == \
        [".pdf", ".docx", ".html", ".md", ".txt", ".jsonld"]


def test_an_internal_failure_is_one_line_without_a_traceback(monkeypatch) -> None:
    import jdgen.api

    def broken(*args, **kwargs):
        raise RuntimeError("disk controller on fire\nsecond line")

    monkeypatch.setattr(jdgen.api, "run_build", broken)
    result = CliRunner().invoke(main, ["build", "cso", "--company", "companies/acme.yaml"])
    assert result.exit_code == 1
    assert result.stderr == ("jdgen: internal error (RuntimeError: disk controller on fire) in "
                             f"jdgen {__version__}; please report it with the command you ran "
                             "(see SECURITY.md)\n")
    assert "Traceback" not in result.output
