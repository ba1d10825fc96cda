"""One build: each input read once, each document rendered once, lint on the rendered document."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import jdgen.api
import jdgen.loading
from jdgen.api import LintFailed, run_build
from jdgen.cli import main
from jdgen.errors import ConfigurationError
from jdgen.loading import Upload

from .conftest import COMPANIES, without_range


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """How often each template is rendered and each YAML file is read during a test."""
    calls: Counter = Counter()
    render, load_yaml = jdgen.api.render, jdgen.loading.load_yaml

    def counting_render(template, *args, **kwargs):
        calls[f"render {template}"] += 1
        return render(template, *args, **kwargs)

    def counting_load(path, *args, **kwargs):
        calls[f"read {Path(path).name}"] += 1
        return load_yaml(path, *args, **kwargs)

    monkeypatch.setattr(jdgen.api, "render", counting_render)
    monkeypatch.setattr(jdgen.loading, "load_yaml", counting_load)
    return calls


def test_a_build_reads_each_input_once_and_renders_each_document_once(
        counted: Counter, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "cso", "--company", str(COMPANIES / "acme.yaml"),
                                       "--out", str(tmp_path), "--format", "html,md"])
    assert result.exit_code == 0, result.output
    assert "lint: 0 errors, 0 warnings" in result.stderr  # linted, from the same render
    assert counted["render job-description.html"] == 1
    assert counted["render search-checklist.html"] == 1
    assert counted["read acme.yaml"] == 1
    assert counted["read cso.yaml"] == 1 and counted["read cso-search.yaml"] == 1


def test_strict_stops_the_build_before_anything_is_written(tmp_path: Path) -> None:
    company = without_range(COMPANIES / "acme.yaml", tmp_path, "cso")  # Colorado wants a range
    shutil.copy(COMPANIES / "acme-logo.png", tmp_path / "acme-logo.png")
    with pytest.raises(LintFailed) as failed:
        run_build("cso", company, tmp_path / "out", strict=True)
    assert failed.value.report.counts["error"] >= 1
    assert not (tmp_path / "out").exists()
    result = run_build("cso", company, tmp_path / "out", docs="jd", formats=["html"])
    assert result.report.failed() and [p.suffix for p in result.paths] == [".html"]


def test_a_company_file_can_come_as_bytes(tmp_path: Path) -> None:
    """An upload (a web form's company file) builds like a file, and nothing is read from a path
    of its name: its logo is looked up in the folder it is given."""
    data = (COMPANIES / "acme.yaml").read_bytes().replace(b"name: Acme Robotics", b"name: Upload Robotics")
    (tmp_path / "acme.yaml").write_text("name: not this one\n")  # a file of the same name: unused
    shutil.copy(COMPANIES / "acme-logo.png", tmp_path / "acme-logo.png")
    upload = Upload("acme.yaml", data, tmp_path)
    result = run_build("cso", upload, tmp_path / "out", formats=["html"], bundle=True)
    html = next(p for p in result.paths if p.name == "cso-job-description.html").read_text()
    assert "About Upload Robotics" in html and "lint: " not in html
    assert result.report is not None and result.report.counts["error"] == 0
    with zipfile.ZipFile(next(p for p in result.paths if p.suffix == ".zip")) as bundle:
        inputs = {i["path"]: i["sha256"] for i in json.loads(bundle.read("manifest.json"))["inputs"]}
    assert inputs["acme.yaml"] == hashlib.sha256(data).hexdigest()  # the upload, as built


def test_an_upload_with_a_mistake_is_named_in_the_message(tmp_path: Path) -> None:
    bad = (COMPANIES / "acme.yaml").read_bytes().replace(b"headcount: 640", b"headcount: lots")
    with pytest.raises(ConfigurationError) as caught:
        run_build("cso", Upload("my company.yaml", bad, tmp_path), tmp_path / "out")
    line = bad.decode().splitlines().index("headcount: lots") + 1
    assert caught.value.message.startswith(f"my company.yaml:{line}:12: headcount")


def test_a_bundle_reads_each_yaml_file_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The bundle keeps the role, checklist and company files as they were parsed: no second read."""
    import jdgen.gate
    import jdgen.sources

    reads: Counter = Counter()
    real = jdgen.gate.read_bytes

    def counting(path, *args, **kwargs):
        reads[Path(path).name] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(jdgen.gate, "read_bytes", counting)
    monkeypatch.setattr(jdgen.sources, "read_bytes", counting)
    result = CliRunner().invoke(main, ["build", "cso", "--company", str(COMPANIES / "acme.yaml"),
                                       "--out", str(tmp_path), "--format", "html", "--bundle"])
    assert result.exit_code == 0, result.output
    assert reads["acme.yaml"] == 1 and reads["cso.yaml"] == 1 and reads["cso-search.yaml"] == 1
