"""Outputs are written atomically: a failed build never clobbers a good file or leaves a part."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdgen.api import build
from jdgen.errors import BuildError, TemplateError
from jdgen.output import write_files


def test_failed_build_keeps_earlier_files(override, company_copy, tmp_path: Path) -> None:
    company = company_copy()
    out = tmp_path / "out"
    first = build("cso", company, out, docs="jd", formats=("docx",))
    before = {p: p.read_bytes() for p in first}
    templates = override("{% block %}")
    with pytest.raises(TemplateError):
        build("cso", company, out, docs="jd", formats=("docx",), templates=[templates])
    assert {p: p.read_bytes() for p in first} == before
    assert sorted(p.name for p in (out / "acme-robotics").iterdir()) == ["cso-job-description.docx"]


def test_write_failure_leaves_no_partial_file(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_bytes(b"earlier")
    blocker = tmp_path / "b.txt"
    blocker.mkdir()  # os.replace cannot put a file over a folder
    with pytest.raises(BuildError, match="cannot write"):
        write_files({blocker: b"new", good: b"new"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"], "no temp file left"
    assert good.read_bytes() == b"earlier"


def test_files_are_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "doc.pdf"
    assert write_files({target: b"one"}) == [target]
    write_files({target: b"two"})
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["doc.pdf"]
