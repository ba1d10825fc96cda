"""Lint reports as compiler-style text, JSON, or SARIF 2.1.0 for code scanning and editors."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from jdgen import __version__
from jdgen.lint.findings import LintReport

SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def as_text(report: LintReport, verbose: bool = False) -> str:
    """``FILE:LINE:COL: severity[rule] message; suggestion`` per finding, then the summary.

    Information findings are listed only with ``verbose``; the summary always counts them.
    """
    lines = []
    for f in report.findings:
        if f.severity == "info" and not verbose:
            continue
        tip = f"; {f.suggestion}" if f.suggestion else ""
        lines.append(f"{f.where}: {f.severity}[{f.rule}] {f.message}{tip}")
    lines.append(report.summary_line())
    return "\n".join(lines)


def as_json(report: LintReport) -> str:
    summary = {**report.counts, **report.metrics}
    return json.dumps({"findings": [f.as_dict() for f in report.findings], "summary": summary},
                      indent=2, ensure_ascii=False)


def artifact_uri(path: str) -> str:
    """``path`` as an RFC 3986 URI reference: relative paths percent-encoded, absolute ones ``file:``.

    ``my roles/#1 100%.yaml`` → ``my%20roles/%231%20100%25.yaml``.
    """
    where = Path(path)
    return where.as_uri() if where.is_absolute() else quote(where.as_posix())


def as_sarif(report: LintReport) -> str:
    rules = sorted(report.rules.values(), key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = []
    for f in report.findings:
        region = {"startLine": f.where.line or 1}
        if f.where.col:
            region["startColumn"] = f.where.col
        text = f.message + (f"; {f.suggestion}" if f.suggestion else "")
        results.append({
            "ruleId": f.rule, "ruleIndex": index[f.rule], "level": SARIF_LEVELS[f.severity],
            "message": {"text": text},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(
                f.where.path) + (f"#page={f.where.page}" if f.where.page else "")},
                                                "region": region}}],
        })
    driver = {
        "name": "jdgen", "version": __version__, "informationUri": "https://pypi.org/project/jdgen/",
        "rules": [{"id": r.id, "name": r.id, "shortDescription": {"text": r.description},
                   "defaultConfiguration": {"level": SARIF_LEVELS[r.severity]},
                   "properties": {"category": r.category},
                   **({"helpUri": r.source} if r.source.startswith("http") else {})}
                  for r in rules],
    }
    return json.dumps({"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                       "version": "2.1.0", "runs": [{"tool": {"driver": driver},
                                                     "results": results}]}, indent=2)
