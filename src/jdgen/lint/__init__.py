"""``jdgen lint``: inclusive language, readability and pay transparency, traced to the source.

    >>> from jdgen.lint import run_lint
    >>> report = run_lint("cso", "companies/acme.yaml", compliance=True)   # doctest: +SKIP
    >>> report.summary_line()                                              # doctest: +SKIP
    'lint: 0 errors, 3 warnings, 12 infos'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from jdgen.errors import ConfigurationError, Problem
from jdgen.lint.context import LintContext
from jdgen.lint.findings import Finding, LintReport, Rule
from jdgen.lint.rules import modules
from jdgen.lint.tracing import _file_lines, document_text, template_pieces, used_pieces, yaml_pieces
from jdgen.loading import Library
from jdgen.sources import load_yaml

IGNORE = re.compile(r"#\s*jdgen:\s*ignore\[([^\]]*)\]")


def all_rules() -> dict[str, Rule]:
    return {rule.id: rule for module in modules() for rule in module.RULES}


def _ignored(finding: Finding) -> bool:
    """A ``# jdgen: ignore[rule-id, …]`` comment on the finding's source line silences it."""
    lines = _file_lines(finding.where.path)
    if finding.where.line is None or finding.where.line > len(lines):
        return False
    match = IGNORE.search(lines[finding.where.line - 1])
    return bool(match) and finding.rule in {r.strip() for r in match.group(1).split(",")}


def run_lint(role_id: str, company_file: str | Path, library: Library | None = None,
             templates: Sequence[str | Path] = (), compliance: bool = False,
             as_of: dt.date | None = None, blind: bool = False) -> LintReport:
    """Lint ``role_id``'s job description for a company; findings sorted by file and line."""
    from jdgen.api import render_documents
    from jdgen.render import environment

    library = library or Library()
    company_file = Path(company_file)
    [document] = render_documents(role_id, company_file, "jd", library, templates, blind)
    company_loaded = load_yaml(company_file, what="company file")
    role_loaded = library.raw("roles", role_id)
    role = document.models["role"]
    company = document.models["company"]
    rules = all_rules()
    disabled = company.lint.disable if company.lint else []
    unknown = [(i, r) for i, r in enumerate(disabled) if r not in rules]
    if unknown:
        raise ConfigurationError([Problem(company_loaded.source.locate(("lint", "disable", i)),
                                          f'unknown lint rule "{r}"',
                                          f"use one of: {', '.join(sorted(rules))}")
                                  for i, r in unknown])
    text = document_text(document.html)
    env = environment(tuple(map(Path, document.template_dirs)))  # as the document was rendered
    pieces = [*yaml_pieces(role_loaded, "role"), *yaml_pieces(company_loaded, "company"),
              *template_pieces(env, document.kind.template)]
    context = LintContext(text, used_pieces(pieces, text), role, role_loaded.source, company,
                          company_loaded.source, document.models["pay"],
                          as_of or dt.date.today())
    return _report(context, rules, compliance, disabled)


def lint_file(path: str | Path, stdin: bytes | None = None,
              as_of: dt.date | None = None) -> LintReport:
    """Lint a posting a recruiter already has: a ``.txt``, ``.md``, ``.html``, ``.docx`` or
    ``.pdf`` file, or ``-`` for ``stdin``.  Findings point at the file's own lines (see
    :mod:`jdgen.lint.files`); the pay-transparency rules need a company and are not run."""
    from jdgen.lint.files import read_posting

    posting = read_posting(str(path), stdin)
    context = LintContext(posting.text, posting.pieces, None, None, None, None, None,
                          as_of or dt.date.today(), posting)
    report = _report(context, all_rules(), compliance=False)
    report.metrics = {"file": posting.path, **report.metrics}
    return report


def merge_reports(reports: Sequence[LintReport]) -> LintReport:
    """One report for several files: every finding, and each file's measures by its path."""
    if len(reports) == 1:
        return reports[0]
    by_file = {report.metrics.get("file", str(i)): report.metrics for i, report in enumerate(reports, 1)}
    return LintReport([f for report in reports for f in report.findings],
                      reports[0].rules if reports else all_rules(), {"files": by_file})


def _report(context: LintContext, rules: dict[str, Rule], compliance: bool,
            disabled: Sequence[str] = ()) -> LintReport:
    """Run every rule (the pay-transparency ones with ``compliance``) on ``context``."""
    findings: list[Finding] = []
    metrics: dict[str, object] = {}
    for module in modules():
        if module.COMPLIANCE and not compliance:
            continue
        findings += module.check(context)
        metrics.update(getattr(module, "metrics", lambda _: {})(context))
    from_file = context.posting is not None
    kept = [f for f in findings if f.rule not in disabled and (from_file or not _ignored(f))]
    kept.sort(key=lambda f: (f.where.path, f.where.page or 0, f.where.line or 0, f.where.col or 0,
                             f.rule))
    return LintReport(kept, rules, metrics)
