"""Measure jdgen's inclusive-language lint against hand labels on real postings.

    python benchmarks/lint_quality.py            # per-family table
    python benchmarks/lint_quality.py --details  # and every miss and false alarm
    python benchmarks/lint_quality.py --split dev  # odd-numbered postings only (test: even)

Runs ``jdgen.lint.lint_file`` on each posting in ``benchmarks/lint_corpus/`` and compares its
findings with ``labels.yaml``. A finding matches a label in the same file on the same line when
one flagged text contains the other, case-insensitively ("pool" matches "pool table"); each label
matches at most one finding. Document-level rules (readability, length, gender-balance…) are
ignored. A match counts as a true positive of the label's family.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

CORPUS = Path(__file__).parent / "lint_corpus"
FAMILIES = ("pronoun", "gendered-noun", "exclusionary", "gender-coded-masculine",
            "gender-coded-feminine")


@dataclass(frozen=True)
class Item:
    """A labelled problem or a linter finding, reduced to what the comparison needs."""

    file: str
    line: int
    text: str
    family: str
    rule: str = ""
    severity: str = ""  # a finding's: error and warning are shown by default, info with -v


def family_of(rule: str, message: str) -> str | None:
    """The label family a jdgen rule reports, or None for rules this benchmark ignores."""
    if rule == "gendered-pronoun":
        return "pronoun"
    if rule == "gendered-noun":
        return "gendered-noun"
    if rule.startswith("exclusionary-"):
        return "exclusionary"
    if rule == "gender-coded":
        lowered = message.lower()
        if "masculine" in lowered:
            return "gender-coded-masculine"
        if "feminine" in lowered:
            return "gender-coded-feminine"
    return None


def load_labels(corpus: Path = CORPUS) -> dict[str, list[Item]]:
    data = yaml.safe_load((corpus / "labels.yaml").read_text(encoding="utf-8"))
    return {name: [Item(name, int(e["line"]), str(e["text"]), e["family"]) for e in entries or []]
            for name, entries in data["files"].items()}


def findings_of(path: Path, lint: Callable) -> list[Item]:
    items = []
    for f in lint(path).findings:
        family = family_of(f.rule, f.message)
        if family is None or f.where.line is None:
            continue
        items.append(Item(path.name, f.where.line, f.text, family, f.rule, f.severity))
    return items


def _same(a: Item, b: Item) -> bool:
    x, y = a.text.lower(), b.text.lower()
    return a.file == b.file and a.line == b.line and (x in y or y in x)


def compare(labels: Iterable[Item], found: Iterable[Item]):
    """(true positives as (label, finding) pairs, false positives, false negatives)."""
    unmatched = list(found)
    hits, misses = [], []
    # exact text first, so "lead" takes the finding "lead" before a longer one could
    labels = sorted(labels, key=lambda item: (item.file, item.line, -len(item.text)))
    for label in labels:
        exact = [f for f in unmatched if _same(label, f) and f.text.lower() == label.text.lower()]
        near = exact or [f for f in unmatched if _same(label, f)]
        if near:
            unmatched.remove(near[0])
            hits.append((label, near[0]))
        else:
            misses.append(label)
    return hits, unmatched, misses


def table(hits, false_alarms, misses) -> list[tuple[str, int, int, int, float, float]]:
    rows = []
    for family in (*FAMILIES, "total"):
        def of(item: Item, family: str = family) -> bool:
            return family == "total" or item.family == family
        tp = sum(of(label) for label, _ in hits)
        fp = sum(of(item) for item in false_alarms)
        fn = sum(of(item) for item in misses)
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        rows.append((family, tp, fp, fn, precision, recall))
    return rows


def render(rows) -> str:
    out = [f"{'family':<24} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}"]
    for family, tp, fp, fn, p, r in rows:
        out.append(f"{family:<24} {tp:>4} {fp:>4} {fn:>4} {p:>9.2f} {r:>7.2f}")
    return "\n".join(out)


def in_split(name: str, split: str) -> bool:
    """Whether a posting belongs to a split: odd-numbered files are dev, even-numbered test."""
    if split == "all":
        return True
    number = name.split("-", 1)[0]
    if not number.isdigit():
        return split == "dev"
    return (int(number) % 2 == 1) == (split == "dev")


def main(argv: list[str] | None = None, lint: Callable | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all",
                        help="dev: odd-numbered postings (001, 003…), test: even-numbered, all: both")
    args = parser.parse_args(argv)
    if lint is None:
        from jdgen.lint import lint_file as lint
    labels = load_labels(args.corpus)
    all_labels: list[Item] = []
    found: list[Item] = []
    for path in sorted(args.corpus.glob("*.txt")):
        if not in_split(path.name, args.split):
            continue
        all_labels += labels.get(path.name, [])
        found += findings_of(path, lint)
    hits, false_alarms, misses = compare(all_labels, found)
    postings = sum(in_split(name, args.split) for name in labels)
    print(f"{postings} postings, {len(all_labels)} labelled problems, {len(found)} findings")
    print(render(table(hits, false_alarms, misses)))
    shown = [f for f in found if f.severity in ("error", "warning")]
    wrong = sum(f in false_alarms for f in shown)
    if shown:
        print(f"shown by default (errors and warnings): {len(shown)} findings, "
              f"precision {1 - wrong / len(shown):.2f}")
    if args.details:
        print("\nmissed (false negatives):")
        for m in sorted(misses, key=lambda i: (i.file, i.line)):
            print(f"  {m.file}:{m.line}: {m.family}: {m.text!r}")
        print("\nfalse alarms (false positives):")
        for f in sorted(false_alarms, key=lambda i: (i.file, i.line)):
            print(f"  {f.file}:{f.line}: {f.family} [{f.rule}]: {f.text!r}")
        crossed = [(label, f) for label, f in hits if label.family != f.family]
        if crossed:
            print("\nmatched, but in another family:")
            for label, f in crossed:
                print(f"  {label.file}:{label.line}: {label.text!r} labelled {label.family},"
                      f" reported {f.family} [{f.rule}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
