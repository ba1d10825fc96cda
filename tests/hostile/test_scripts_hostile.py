"""Hostile text in a company's name: bidi overrides, a name that is all combining marks, zero-width
joiners, names that fold to nothing.  The output folder stays plain ASCII inside output/, the
file names stay the fixed ones, and every format is written in time, with the text intact.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import docx
from pypdf import PdfReader

from jdgen.batch import STATE

from .conftest import Outside, edit, run

BUILD = ("build", "cso", "--doc", "jd", "--format", "pdf,docx,html,md,txt,jsonld")
FILES = {f"cso-job-description.{ext}" for ext in ("pdf", "docx", "html", "md", "txt", "jsonld")}
RLO, PDF_MARK = "\u202e", "\u202c"  # right-to-left override, pop directional formatting
ZWJ, ZWNJ = "\u200d", "\u200c"


def rename(workspace: Path, name: str) -> None:
    """Give the workspace's company ``name`` (a YAML double-quoted string, escapes allowed)."""
    edit(workspace / "company.yaml", ("name: Acme Robotics", f'name: "{name}"'))


def built_folder(workspace: Path) -> Path:
    """Build, and return the one folder the build wrote: plain ASCII, inside output/."""
    result = run(*BUILD)
    assert result.exit_code == 0, (result.output, result.stderr)
    folders = [p for p in (workspace / "output").iterdir()]
    assert len(folders) == 1, folders
    folder = folders[0]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", folder.name), folder.name
    assert {p.name for p in folder.iterdir()} == FILES | {STATE}, "the files, and the build's state"
    printed = [Path(line) for line in result.stdout.splitlines() if line.strip()]
    assert sorted(p.name for p in printed) == sorted(FILES), "printed paths are the files"
    assert all(p.parent.name == folder.name for p in printed)
    return folder


def short_hash(name: str) -> str:
    return hashlib.sha256(unicodedata.normalize("NFC", name).encode()).hexdigest()[:8]


def test_rtl_override_does_not_reorder_file_names(workspace: Path, outside: Outside) -> None:
    """U+202E in a name turns "exe.fdp" into "pdf.exe" on screen; it never reaches a path."""
    rename(workspace, r"Acme \u202eexe.fdp Robotics")
    folder = built_folder(workspace)
    assert folder.name == "acme-exe-fdp-robotics"
    for path in folder.iterdir():
        assert path.name.isascii() and RLO not in str(path)
    # the override itself is dropped at load time, so no document shows the text reordered
    document = docx.Document(str(folder / "cso-job-description.docx"))
    assert "Acme exe.fdp Robotics" in "\n".join(p.text for p in document.paragraphs)
    jsonld = json.loads((folder / "cso-job-description.jsonld").read_text(encoding="utf-8"))
    assert jsonld["hiringOrganization"]["name"] == "Acme exe.fdp Robotics"
    text = "\n".join(page.extract_text() for page in PdfReader(folder / "cso-job-description.pdf").pages)
    assert "Chief Sales Officer" in text and "What you will do" in text


def test_rtl_override_stays_inside_the_name(workspace: Path, outside: Outside) -> None:
    rename(workspace, r"Acme \u202eexe.fdp Robotics")
    folder = built_folder(workspace)
    text = PdfReader(folder / "cso-job-description.pdf").pages[0].extract_text()
    assert "Austin, Chicago or remote" in text  # the subtitle after the name reads forwards


def test_name_of_ten_thousand_combining_marks(workspace: Path, outside: Outside) -> None:
    """Nothing to fold and nothing to stand on: a hashed folder, every format, Word's limits kept."""
    name = "\u0301" * 10_000
    rename(workspace, r"\u0301" * 10_000)
    folder = built_folder(workspace)
    assert folder.name == f"company-{short_hash(name)}"
    props = docx.Document(str(folder / "cso-job-description.docx")).core_properties
    assert len(props.author) <= 255 and len(props.title) <= 255
    assert props.author == name[:255]
    assert name in (folder / "cso-job-description.html").read_text(encoding="utf-8")


def test_zero_width_joiners_fold_away_and_render_as_one_glyph(workspace: Path,
                                                              outside: Outside) -> None:
    """ZWJ and ZWNJ inside a word do not split the folder name; a ZWJ emoji stays one emoji."""
    technologist = f"\U0001F469{ZWJ}\U0001F4BB"
    rename(workspace, r"\U0001F469\u200d\U0001F4BB Dev\u200dOps\u200c Ltd")
    folder = built_folder(workspace)
    assert folder.name == "devops-ltd"
    text = "\n".join(page.extract_text() for page in PdfReader(folder / "cso-job-description.pdf").pages)
    assert f"{technologist} DevOps Ltd" in text  # the joiners between letters draw nothing
    document = docx.Document(str(folder / "cso-job-description.docx"))
    assert any(f"{technologist} Dev{ZWJ}Ops{ZWNJ} Ltd" in p.text for p in document.paragraphs)


def test_balanced_override_and_names_that_fold_to_nothing(workspace: Path,
                                                          outside: Outside) -> None:
    """Only marks and punctuation: never an empty, dot-only or hidden folder name."""
    name = "..."  # the overrides are dropped at load time
    rename(workspace, r"\u202e...\u202c")
    folder = built_folder(workspace)
    assert folder.name == f"company-{short_hash(name)}"


def test_bidi_overrides_are_dropped_and_isolates_closed() -> None:
    from jdgen.models import drop_control_characters

    assert drop_control_characters("Acme \u202eexe.fdp\u202c Ltd") == "Acme exe.fdp Ltd"
    assert drop_control_characters("Acme \u2067שלום") == "Acme \u2067שלום\u2069"
    assert drop_control_characters("\u2066a\u2069 \u2068b") == "\u2066a\u2069 \u2068b\u2069"
    assert drop_control_characters("a\u2069b") == "a\u2069b"  # a stray close reorders nothing
