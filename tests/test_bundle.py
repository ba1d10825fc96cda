"""The ZIP bundle and reproducible builds: same inputs and SOURCE_DATE_EPOCH, same bytes."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from jdgen import __version__
from jdgen.api import build
from jdgen.documents import DOCUMENTS
from jdgen.export import EXPORTERS

EPOCH = 1790000000  # 2026-09-21 14:13:20 UTC


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], dict[str, Path]]:
    """Two full builds (every format and the bundle) with the same SOURCE_DATE_EPOCH."""
    from .conftest import COMPANIES

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        builds = []
        for name in ("first", "second"):
            out = tmp_path_factory.mktemp(name)
            files = build("cso", COMPANIES / "acme.yaml", out, formats=list(EXPORTERS), bundle=True)
            builds.append({p.name: p for p in files})
    return builds[0], builds[1]


def test_builds_are_byte_identical(two_builds) -> None:
    first, second = two_builds
    assert sorted(first) == sorted(second)
    assert len(first) == sum(len(kind.formats) for kind in DOCUMENTS.values()) + 1  # and the bundle
    different = [name for name in first if first[name].read_bytes() != second[name].read_bytes()]
    assert different == []


def test_timestamps_come_from_source_date_epoch(two_builds) -> None:
    first, _ = two_builds
    reader = PdfReader(first["cso-job-description.pdf"])
    assert reader.metadata["/CreationDate"].startswith("D:20260921141320")
    assert docx.Document(first["cso-job-description.docx"]).core_properties.created.isoformat() \
        .startswith("2026-09-21T14:13:20")
    with zipfile.ZipFile(first["cso-bundle.zip"]) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 9, 21, 14, 13, 20)}
    with zipfile.ZipFile(first["cso-job-description.docx"]) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2026, 9, 21, 14, 13, 20)}


def test_manifest_lists_every_file_with_its_hash(two_builds) -> None:
    first, _ = two_builds
    with zipfile.ZipFile(first["cso-bundle.zip"]) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        contents = {name: archive.read(name) for name in names}
    assert names[-1] == "manifest.json"
    assert sorted(names[:-1]) == sorted(n for n in first if n != "cso-bundle.zip")
    assert manifest["generator"] == f"jdgen {__version__}"
    assert manifest["build_time"] == "2026-09-21T14:13:20Z"
    for entry in manifest["files"]:
        data = contents[entry["name"]]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] == \
            hashlib.sha256(first[entry["name"]].read_bytes()).hexdigest()
        assert entry["bytes"] == len(data)
    inputs = {item["path"]: item["sha256"] for item in manifest["inputs"]}
    assert set(inputs) == {"acme.yaml", "acme-logo.png", "builtin/roles/cso.yaml",
                           "builtin/checklists/cso-search.yaml"}
    from .conftest import COMPANIES

    assert inputs["acme.yaml"] == hashlib.sha256((COMPANIES / "acme.yaml").read_bytes()).hexdigest()


def test_bundle_records_template_overrides(override, company_copy, tmp_path: Path) -> None:
    templates = override('{% extends "builtin/job-description.html" %}')
    files = build("sdr", company_copy(), tmp_path / "out", docs="jd", formats=["md"], bundle=True,
                  templates=[templates])
    archive = zipfile.ZipFile(io.BytesIO(files[-1].read_bytes()))
    manifest = json.loads(archive.read("manifest.json"))
    assert [i["path"] for i in manifest["inputs"]] == ["company.yaml", "acme-logo.png",
                                                       "builtin/roles/sdr.yaml",
                                                       "templates/job-description.html"]
    assert archive.namelist() == ["sdr-job-description.md", "manifest.json"]
