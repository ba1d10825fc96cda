"""jdgen's own Flesch scores (:mod:`jdgen.lint.reading`) are textstat 0.7.4's, without textstat."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdgen.lint import reading

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "benchmarks" / "lint_corpus").glob("*.txt"))


@pytest.mark.parametrize(("text", "ease", "grade"), [
    ("The cat sat on the mat. It was happy there.", 108.7, -0.8),
    ("Lead a high-performing, cross-functional organisation through ambiguity; communicate quarterly "
     "forecasts to the board. You will hire, develop and retain exceptional sellers!", 1.6, 15.6),
    ("", 206.84, -15.7),
])  # textstat 0.7.4's numbers for these texts
def test_scores_are_textstats(text: str, ease: float, grade: float) -> None:
    assert (reading.flesch_reading_ease(text), reading.flesch_kincaid_grade(text)) == (ease, grade)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_scores_match_textstat_on_the_lint_corpus(path: Path) -> None:
    textstat = pytest.importorskip("textstat")  # no longer a dependency; compared where installed
    text = path.read_text(encoding="utf-8")
    assert reading.flesch_reading_ease(text) == textstat.flesch_reading_ease(text)
    assert reading.flesch_kincaid_grade(text) == textstat.flesch_kincaid_grade(text)


def test_lint_does_not_import_pkg_resources() -> None:
    import subprocess
    import sys

    code = ("import sys; from jdgen.lint import run_lint; run_lint('cso', 'companies/acme.yaml'); "
            "print('pkg_resources' in sys.modules, 'textstat' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_hyphenation_points_are_pyphens() -> None:
    from pyphen import Pyphen

    pyphen = Pyphen(lang="en_US")
    words = {"ﬀ", "sﬁx", "a", "", "éclair", "naïve", "x" * 40, "Leadership", "cross-functional"}
    for path in [*CORPUS, *(ROOT / "roles").glob("*.yaml")]:
        words |= set(reading._PUNCTUATION.sub("", path.read_text(encoding="utf-8").lower()).split())
    assert {w: reading.hyphenation_points(w) for w in words} == {w: len(pyphen.positions(w)) for w in words}
