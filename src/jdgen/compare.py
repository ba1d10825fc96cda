"""The role comparison (``jdgen compare``): two to four roles side by side, one column each.

One job: the comparison's plain data (:func:`comparison_data`) and its
:class:`~jdgen.documents.RenderedDocument` (:func:`render_comparison`).  The exporters make the
files through :func:`jdgen.api.export_documents` (:func:`comparison_files`), as for any document.

Each column shows a role's scope, strategic or operational focus, horizon, what it owns, whom it
reports to and who reports to it, its top responsibilities, skills and KPIs, the pay benchmark
with its source, what it is best for, and the risk of putting the wrong profile in it.  With a
company file, the reporting line and direct reports follow the company's ``org:`` (as its
postings do), role text keeps the lines whose ``when:`` holds for it, and its own pay range
stands beside the benchmark; without one, the library's defaults apply and only the lines
without a condition are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jdgen import __version__
from jdgen.documents import DocumentKind, ExportOptions, RenderedDocument
from jdgen.errors import InputError, Position, Problem
from jdgen.loading import Library, Upload, company_path, load_company_yaml
from jdgen.models import Brand, Company, Conditional, Role
from jdgen.paths import builtin_dir
from jdgen.render import render
from jdgen.sandbox import plain

#: At least two roles make a comparison; more than four columns on a landscape page leave each
#: under 55 mm, too narrow for a responsibility to read as a sentence.
MIN_ROLES, MAX_ROLES = 2, 4
#: The formats a comparison takes (a table has no plain-text or data form).
FORMATS = ("pdf", "docx", "md", "html")
#: The responsibilities a column shows: the first of each area, then the second…, up to this.
TOP_RESPONSIBILITIES = 5


class ComparisonKind(DocumentKind):
    """The comparison's document kind: ``comparison-cso-vp-sales.pdf`` (``role_id`` is the
    roles' ids joined with ``-``).  Not in :data:`jdgen.documents.DOCUMENTS`: it is made from
    several roles, never by ``jdgen build``."""

    def file_name(self, role_id: str, extension: str) -> str:
        return f"{self.file_stem}-{role_id}.{extension}"


COMPARISON = ComparisonKind("comparison", "Role comparison", "comparison.html", "comparison",
                            formats=("pdf", "docx", "md", "html"))


@dataclass(frozen=True)
class Money:
    """A pay range as a column shows it."""

    currency: str
    period: str
    base_min: int
    base_max: int
    total_max: int | None = None
    variable_target: int | None = None


@dataclass(frozen=True)
class Column:
    """One role's column: plain values, each aspect's text or list."""

    id: str
    title: str
    level: int
    tier: str
    scope: str | None
    focus: str | None
    horizon: str | None
    owns: str | None
    best_for: str | None
    wrong_profile_risk: str | None
    reports_to: str
    direct_reports: tuple[str, ...]
    responsibilities: tuple[str, ...]
    skills: tuple[str, ...]
    kpis: tuple[str, ...]
    benchmark: Money | None
    benchmark_source: str | None
    pay: Money | None


def check_roles(role_ids: Sequence[str], library: Library) -> list[str]:
    """The roles to compare, in the order given: known (as ``jdgen build`` checks them), each
    named once, at least :data:`MIN_ROLES` and at most :data:`MAX_ROLES`."""
    where = Position("argument ROLE")
    ids = list(role_ids)
    if len(ids) < MIN_ROLES:
        raise InputError(Problem(where, f"a comparison needs at least {MIN_ROLES} roles, "
                                 f"{len(ids)} given", "name two to four roles, e.g. "
                                 "`jdgen compare cso vp-sales`"))
    if len(ids) > MAX_ROLES:
        raise InputError(Problem(where, f"at most {MAX_ROLES} roles fit side by side, "
                                 f"{len(ids)} given", "with more columns each is too narrow to "
                                 "read on a landscape page; compare fewer roles at a time"))
    twice = next((rid for i, rid in enumerate(ids) if rid in ids[:i]), None)
    if twice is not None:
        raise InputError(Problem(where, f'role "{twice}" is named twice',
                                 "name each role once"))
    for role_id in ids:
        library.role(role_id)  # an unknown id: the error `jdgen build` gives, with did-you-mean
    return ids


def _ladder(library: Library) -> tuple[dict[str, str], dict[str, str]]:
    """Each loadable library role's title and default manager (a role that fails to load is
    left out, as a build leaves it out of the reporting line)."""
    from jdgen.api import _ladder as ladder

    return ladder(library)


def _unconditional(role: Role) -> Role:
    """``role`` as the library states it for any company: only the lines without ``when:``."""
    def lines(values: list) -> list[str]:
        return [value for value in values if not isinstance(value, Conditional)]

    groups = [group.model_copy(update={"items": items})
              for group in role.responsibilities
              if group.when is None and (items := lines(group.items))]
    return role.model_copy(update={
        "responsibilities": groups,
        "kpis": [kpi for kpi in role.kpis if kpi.when is None],
        "skills": role.skills.model_copy(update={"hard": lines(role.skills.hard),
                                                 "soft": lines(role.skills.soft)}),
        "direct_reports": lines(role.direct_reports),
    })


def top_responsibilities(role: Role, limit: int = TOP_RESPONSIBILITIES) -> list[str]:
    """The first responsibility of each area, then the second of each, and so on, up to
    ``limit``: every area is represented before any area gives two."""
    groups = [list(group.items) for group in role.responsibilities]
    chosen: list[str] = []
    depth = 0
    while len(chosen) < limit and any(depth < len(items) for items in groups):
        chosen += [items[depth] for items in groups if depth < len(items)]
        depth += 1
    return chosen[:limit]


def _money(pay) -> Money | None:
    if pay is None:
        return None
    return Money(pay.currency, pay.period, pay.base_min, pay.base_max,
                 getattr(pay, "total_comp_max", None), getattr(pay, "variable_target", None))


def _source(role: Role) -> str | None:
    bench = role.pay_benchmark
    if bench is None:
        return None
    ref = bench.source
    by = f", {ref.author}" if ref.author else ""
    return f"{ref.title}{by} ({ref.year_kind} {ref.year})"


def column(role: Role, company: Company | None, titles: dict[str, str],
           managers: dict[str, str], role_source=None) -> Column:
    """A role's column, for ``company`` (its org, conditions and pay) or, with None, as the
    library states it."""
    from jdgen.context import (
        STATUS_NOTE,
        direct_reports,
        manager_of,
        resolve_pay,
        role_facts,
        tailor_role,
    )

    if company is None:
        shown, reports_to, pay = _unconditional(role), role.reports_to, None
    else:
        manager_id, manager = manager_of(role, company, titles, managers)
        leads = direct_reports(role, company, titles)
        shown = tailor_role(role, role_facts(role, company, manager, manager_id), role_source,
                            leads)
        seat = company.org.get(manager_id) if manager_id else None
        reports_to = manager + (STATUS_NOTE[seat.status] if seat else "")
        pay = resolve_pay(role, company)
    comparison = role.comparison
    aspect = (lambda name: getattr(comparison, name)) if comparison else (lambda name: None)
    return Column(
        id=role.id, title=role.title, level=role.level, tier=role.tier.replace("-", " "),
        scope=aspect("scope"), focus=aspect("focus"), horizon=aspect("horizon"),
        owns=aspect("owns"), best_for=aspect("best_for"),
        wrong_profile_risk=aspect("wrong_profile_risk"),
        reports_to=reports_to,
        direct_reports=tuple(shown.direct_reports),
        responsibilities=tuple(top_responsibilities(shown)),
        skills=tuple(shown.skills.hard),
        kpis=tuple(kpi.name for kpi in shown.kpis),
        benchmark=_money(role.pay_benchmark), benchmark_source=_source(role),
        pay=_money(pay))


#: What stands in for a company when none is given: the masthead and the styles' brand values.
LIBRARY = {"name": "jdgen role library", "brand": Brand()}


def comparison_data(role_ids: Sequence[str], company_file: str | Path | Upload | None = None,
                    library: Library | None = None) -> dict[str, object]:
    """The comparison's data, by name, as the template sees it (before :func:`plain`):
    ``columns`` (one :class:`Column` per role), ``company`` (None without a company file),
    ``title`` and ``caption``."""
    library = library or Library()
    ids = check_roles(role_ids, library)
    company = company_yaml = None
    if company_file is not None:
        from jdgen.api import _check_role_keys

        company, company_yaml = load_company_yaml(company_file, library.roots)
        _check_role_keys(company, company_yaml.source, library)
    titles, managers = _ladder(library) if company is not None and company.org else ({}, {})
    columns = []
    for role_id in ids:
        role, source = library.role_with_source(role_id)
        columns.append(column(role, company, titles, managers, source))
    names = " vs ".join(c.title for c in columns)
    return {
        "columns": columns,
        "company": company,
        "company_yaml": company_yaml,
        "names": names,
        "title": f"{names} — {company.name}" if company else f"{names} — role library",
    }


def render_comparison(role_ids: Sequence[str], company_file: str | Path | Upload | None = None,
                      library: Library | None = None,
                      templates: Sequence[str | Path] = ()) -> RenderedDocument:
    """Check the roles, load the company (if any) and render ``comparison.html``."""
    from jdgen.api import _template_dirs

    library = library or Library()
    data = comparison_data(role_ids, company_file, library)
    company: Company | None = data["company"]
    template_dirs = _template_dirs(templates, library.roots)
    shown_company = company if company is not None else LIBRARY
    context = plain({
        "columns": data["columns"], "title": data["title"], "names": data["names"],
        "company": shown_company, "has_company": company is not None,
        "lang": company.language if company else "en",
        "logo_url": _logo(company, company_file), "jdgen_version": __version__,
    })
    markup = render(COMPARISON.template, context, template_dirs)
    if company is not None and company.language == "en-GB":
        from jdgen.posting import british_markup

        markup = british_markup(markup, keep=(company.name,))
    folder = (company_path(company_file).parent.resolve() if company_file is not None
              else builtin_dir("templates"))
    roots = (str(folder), *map(str, template_dirs), str(builtin_dir("templates")))
    page_size = company.brand.page_size if company else Brand().page_size
    models = {"columns": data["columns"], "company": company, "company_yaml": data["company_yaml"]}
    return RenderedDocument(
        COMPARISON, "-".join(c.id for c in data["columns"]),
        company.output_slug if company else "", markup, data["title"],
        company.name if company else "jdgen", context["lang"], f"{page_size} landscape", roots,
        context, models, tuple(map(str, template_dirs)))


def _logo(company: Company | None, company_file: str | Path | Upload | None) -> str | None:
    """The company's logo as a file URL (checked when the company file loaded), as postings show it."""
    if company is None or company_file is None or not company.brand.logo:
        return None
    return (company_path(company_file).parent / company.brand.logo).resolve().as_uri()


def comparison_files(document: RenderedDocument, formats: Sequence[str], out_dir: Path,
                     options: ExportOptions) -> dict[Path, bytes]:
    """The comparison in each format, in memory, keyed by path: ``OUT/<company>/comparison-…``,
    or ``OUT/comparison-…`` without a company."""
    from jdgen.api import export_documents

    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise InputError(Problem(Position("option --format"),
                                 f'a comparison is not made as "{unknown[0]}"',
                                 f"choose from: {', '.join(FORMATS)}"))
    return export_documents([document], list(formats), out_dir, options)
