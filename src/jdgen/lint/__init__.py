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

from jdgen.documents import RenderedDocument
from jdgen.errors import ConfigurationError, InputError, Position, Problem
from jdgen.lint.context import LintContext
from jdgen.lint.findings import Finding, LintReport, Rule
from jdgen.lint.rules import modules
from jdgen.lint.tracing import _file_lines, document_text, template_pieces, used_pieces, yaml_pieces
from jdgen.loading import Library

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
             as_of: dt.date | None = None, blind: bool = False,
             show_all: bool = False) -> LintReport:
    """Lint ``role_id``'s job description for a company; findings sorted by file and line
    (see :func:`lint_document`)."""
    from jdgen.api import render_documents

    [document] = render_documents(role_id, Path(company_file), "jd", library or Library(),
                                  templates, blind)
    return lint_document(document, compliance, as_of, show_all)


def lint_document(document: RenderedDocument, compliance: bool = False,
                  as_of: dt.date | None = None, show_all: bool = False) -> LintReport:
    """Lint a job description as it was rendered (by ``jdgen build`` or the web app), its text
    traced to the role, company and template files it came from.

    For a role of the user's own (a workspace role, derived or not), findings in jdgen's own
    files (an inherited built-in role, the built-in templates) are left out unless ``show_all``:
    the report counts them in ``hidden``; findings about the whole posting then point at the
    role's own file."""
    from jdgen.render import environment

    role_loaded = document.models["role_yaml"]
    company_loaded = document.models["company_yaml"]
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
    own = not _in_package(role_loaded.source.path)
    context = LintContext(text, used_pieces(pieces, text), role, role_loaded.source, company,
                          company_loaded.source, document.models["pay"],
                          as_of or dt.date.today(),
                          whole=Position(role_loaded.source.path) if own else None)
    report = _report(context, rules, compliance, disabled)
    if own and not show_all:
        shown = [f for f in report.findings if not _in_package(f.where.path)]
        report.hidden = len(report.findings) - len(shown)
        report.findings = shown
    return report


def _in_package(path: str) -> bool:
    """Whether ``path`` is one of jdgen's own files (a built-in role, checklist or template)."""
    from jdgen.paths import builtin_dir

    real = Path(path).resolve()
    return any(real.is_relative_to(builtin_dir(kind).resolve())
               for kind in ("roles", "checklists", "templates"))


def lint_file(path: str | Path, stdin: bytes | None = None, as_of: dt.date | None = None,
              compliance: bool = False, locations: Sequence[str] = (),
              company_file: str | Path | None = None) -> LintReport:
    """Lint a posting a recruiter already has: a ``.txt``, ``.md``, ``.html``, ``.docx`` or
    ``.pdf`` file, or ``-`` for ``stdin``.  Findings point at the file's own lines (see
    :mod:`jdgen.lint.files`).  With ``compliance``, the pay-transparency laws of the places it
    is posted (``locations`` such as ``"New York, NY"`` or ``"remote:US-CA"``, else the
    ``company_file``'s) are checked against the pay, benefits and deadline the text states."""
    from jdgen.lint.files import read_posting
    from jdgen.lint.places import parse_location
    from jdgen.lint.posting_facts import compliance_company, read_facts, summary
    from jdgen.loading import load_company

    places = [parse_location(place) for place in locations]
    if compliance and not places and company_file is None:
        raise InputError(Problem(Position("option --compliance"), "needs the places the job is "
                                 "posted", 'add --location "New York, NY" (repeat it for each '
                                 "place; remote:US-CA for remote) or --company"))
    from jdgen.sandbox import LimitExceeded, run_limited

    posting = read_posting(str(path), stdin)
    try:
        facts = run_limited(lambda: read_facts(posting), LINT_SECONDS)
    except LimitExceeded:
        raise InputError(Problem(posting.start, f"could not read its pay and dates within "
                                 f"{LINT_SECONDS} s", "lint the posting alone")) from None
    context = LintContext(posting.text, posting.pieces, None, None, None, None, None,
                          as_of or dt.date.today(), posting)
    if compliance:
        base, base_source = load_company(Path(company_file)) if company_file else (None, None)
        context.company, context.pay = compliance_company(facts, places, base)
        context.company_source = base_source
        context.stated_at = {key: where for key, where in (
            ("compensation", facts.pay.where if facts.pay else None), ("benefits", facts.benefits),
            ("apply", facts.deadline_at)) if where is not None}
    report = _report(context, all_rules(), compliance=compliance)
    report.metrics = {"file": posting.path, "stated": summary(facts), **report.metrics}
    return report


def merge_reports(reports: Sequence[LintReport]) -> LintReport:
    """One report for several files: every finding, and each file's measures by its path."""
    if len(reports) == 1:
        return reports[0]
    by_file = {report.metrics.get("file", str(i)): report.metrics for i, report in enumerate(reports, 1)}
    return LintReport([f for report in reports for f in report.findings],
                      reports[0].rules if reports else all_rules(), {"files": by_file})


#: How long the rules may take on one posting (a far longer text than a posting is refused).
LINT_SECONDS = 60


def _report(context: LintContext, rules: dict[str, Rule], compliance: bool,
            disabled: Sequence[str] = ()) -> LintReport:
    """Run every rule (the pay-transparency ones with ``compliance``) on ``context``, within
    :data:`LINT_SECONDS`."""
    from jdgen.sandbox import LimitExceeded, run_limited

    findings: list[Finding] = []
    metrics: dict[str, object] = {}

    def run() -> None:
        for module in modules():
            if module.COMPLIANCE and not compliance:
                continue
            findings.extend(module.check(context))
            metrics.update(getattr(module, "metrics", lambda _: {})(context))

    try:
        run_limited(run, LINT_SECONDS)
    except LimitExceeded:
        raise InputError(Problem(context.start, f"lint did not finish within {LINT_SECONDS} s "
                                 f"({len(context.text):,} characters)",
                                 "lint the posting alone, at the length it will be posted")) from None
    from_file = context.posting is not None
    kept = [f for f in findings if f.rule not in disabled and (from_file or not _ignored(f))]
    kept.sort(key=lambda f: (f.where.path, f.where.page or 0, f.where.line or 0, f.where.col or 0,
                             f.rule))
    return LintReport(kept, rules, metrics)
