"""The library API: everything the command line does, callable from Python.

    >>> from jdgen.api import build
    >>> build("cso", "companies/acme.yaml")          # doctest: +SKIP
    [PosixPath('output/acme-robotics/cso-job-description.pdf'), ...]
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, ValidationError

from jdgen import gate
from jdgen.buildinfo import build_datetime
from jdgen.context import build_context
from jdgen.documents import DOCUMENTS, GROUPS, DocumentKind, ExportOptions, RenderedDocument
from jdgen.errors import BuildError, ConfigurationError, InputError, Position, Problem
from jdgen.export import DEFAULT_FORMATS, EXPORTERS, exporter
from jdgen.loading import Library, Upload, check_logo_for_word, company_path
from jdgen.models import Company, Role, Text
from jdgen.output import write_files
from jdgen.paths import builtin_dir
from jdgen.posting import british_markup, check_blind_apply, check_dates, date_problems
from jdgen.render import render
from jdgen.sandbox import Record, plain
from jdgen.sources import SourceMap
from jdgen.wordfile import NotAWordFile, check_word_file

if TYPE_CHECKING:
    from jdgen.lint.findings import LintReport


def _check_role_keys(company: Company, source: SourceMap, library: Library) -> None:
    """Role ids used as keys in a company file must exist in the library."""
    known = library.role_files
    problems = [
        Problem(source.locate((section, key), prefer_key=True), f'unknown role "{key}" in {section}',
                f"use one of: {', '.join(sorted(known))}", (section, key))
        for section in ("compensation", "reports_to", "postings")
        for key in getattr(company, section)
        if key not in known
    ] + [
        Problem(source.locate(("org", key), prefer_key=True), f'unknown role "{key}" in org',
                f"use one of: {', '.join(sorted(known))}, or give it a `title:`", ("org", key))
        for key, seat in company.org.items() if key not in known and not seat.title
    ]
    if problems:
        raise ConfigurationError(problems)


class _Rung(BaseModel):
    """The two fields of a role the reporting lines need (the rest is validated when built)."""

    model_config = ConfigDict(extra="ignore")
    title: Text
    reports_to: Text


def _ladder(library: Library) -> tuple[dict[str, str], dict[str, str]]:
    """Each library role's title and default manager, read without validating the whole role
    (a role that fails to load is left out: it is reported when it is built).  Kept while no
    role file changes (:meth:`~jdgen.loading.Library.stamp`): builds one after another, in a
    batch or a web app, read every role once, not every time."""
    stamp = library.stamp("roles")
    if (known := _LADDERS.get(stamp)) is None:
        titles, managers = {}, {}
        for rid in library.role_files:
            try:
                rung = _Rung.model_validate(library.raw("roles", rid).data)
            except (InputError, ValidationError):
                continue
            titles[rid], managers[rid] = rung.title, rung.reports_to
        if len(_LADDERS) >= 16:  # a long-running server sees a few workspaces: bounded
            _LADDERS.clear()
        known = _LADDERS[stamp] = (titles, managers)
    return dict(known[0]), dict(known[1])


#: Role titles and managers by the stamp of the role files they were read from.
_LADDERS: dict[tuple, tuple[dict[str, str], dict[str, str]]] = {}


def documents_for(role_id: str, library: Library, doc: str = "all") -> list[DocumentKind]:
    """The documents to build: a kind, a group (``kit``), or ``all`` (every kind the role has
    the data for)."""
    from jdgen.document_data import SOURCES

    def has(kind: DocumentKind) -> bool:
        return all(SOURCES[name].has(role_id, library) for name in kind.data)

    if doc == "all":
        return [kind for kind in DOCUMENTS.values() if has(kind)]
    kinds = [DOCUMENTS[key] for key in GROUPS[doc]] if doc in GROUPS else [DOCUMENTS[doc]]
    for kind in kinds:
        lacking = next((SOURCES[name] for name in kind.data if not SOURCES[name].has(role_id, library)),
                       None)
        if lacking is not None:
            raise InputError(Problem(Position("option --doc"), f'role "{role_id}" {lacking.missing}',
                                     lacking.hint))
    return kinds


def render_documents(role_id: str, company_file: str | Path | Upload, docs: str = "all",
                     library: Library | None = None,
                     templates: Sequence[str | Path] = (),
                     blind: bool = False) -> list[RenderedDocument]:
    """Load, validate and render: one :class:`RenderedDocument` per document of the build.

    ``company_file`` is a path or an :class:`~jdgen.loading.Upload` (bytes, as a web form sends
    them); ``templates`` are folders searched before the built-in templates; ``blind`` makes the
    job description a confidential posting (as ``search.confidential: true`` does).
    """
    from jdgen.document_data import SOURCES
    from jdgen.document_data import Request as DataRequest

    library = library or Library()
    template_dirs = _template_dirs(templates, library.roots)
    company, company_yaml = library.company(company_file)
    company_file = company_path(company_file)
    source = company_yaml.source
    role, role_source = library.role_with_source(role_id)
    _check_role_keys(company, source, library)
    titles, managers = _ladder(library) if company.org else ({}, {})
    today = build_datetime().date()
    check_dates(role, company, source, today)
    if blind or company.search.confidential:
        check_blind_apply(role, company, source)
    rendered = []
    loaded: dict[str, Mapping[str, object]] = {}  # each source once, however many kinds need it
    for kind in documents_for(role_id, library, docs):
        data: dict[str, object] = {}
        for name in kind.data:
            if name not in loaded:
                loaded[name] = SOURCES[name].load(DataRequest(role_id, role, company, library))
            data |= loaded[name]
        models = build_context(role, company, company_file, data, titles, role_source,
                               blind=blind, today=today, managers=managers, public=kind.public)
        for name in kind.data:
            if extend := SOURCES[name].extend:
                models |= extend(models)
        context = plain(models)
        # what lint traces the text to: the company file and the role as read, never re-read
        models |= {"company_yaml": company_yaml, "role_yaml": library.raw("roles", role_id)}
        markup = render(kind.template, context, template_dirs)
        if company.language == "en-GB":
            markup = british_markup(markup, keep=(company.name,))
        rendered.append(_rendered(kind, role, models["company"], company_file, markup,
                                  template_dirs, context, models))
    return rendered


def _template_dirs(templates: Sequence[str | Path], roots: Sequence[Path]) -> tuple[Path, ...]:
    """The template folders, resolved; one in a workspace must stay inside it."""
    return tuple(gate.checked_dir(Path(t), inside=gate.enclosing(Path(t), roots),
                                  what="template folder") for t in templates)


def _rendered(kind: DocumentKind, role: Role, company: Company, company_file: Path,
              markup: str, template_dirs: tuple[Path, ...],
              context: Record, models: dict[str, object]) -> RenderedDocument:
    match = re.search(r"<title>(.*?)</title>", markup, re.S)
    title = html.unescape(match.group(1)).strip() if match else role.title
    roots = (str(company_file.parent.resolve()), *map(str, template_dirs),
             str(builtin_dir("templates")))
    return RenderedDocument(kind, role.id, company.output_slug, markup, title, company.name,
                            company.language, company.brand.page_size, roots, context,
                            models, tuple(map(str, template_dirs)))


def export_documents(documents: Iterable[RenderedDocument], formats: Sequence[str],
                     out_dir: Path, options: ExportOptions) -> dict[Path, bytes]:
    """Every requested format of every document it applies to, in memory, keyed by output path.

    ``["all"]`` means every format each document takes; a format named on its own must apply
    to at least one document of the build.
    """
    documents = list(documents)
    if list(formats) == ["all"]:
        formats = [name for name in EXPORTERS if any(name in d.kind.formats for d in documents)]
    for name in formats:
        if not any(name in d.kind.formats for d in documents):
            kinds = " or ".join(k.title.lower() for k in DOCUMENTS.values() if name in k.formats)
            raise InputError(Problem(Position("option --format"),
                                     f"{name} applies only to the {kinds}, which this build does not make",
                                     f"leave {name} out of --format"))
    files: dict[Path, bytes] = {}
    for document in documents:
        for name in formats:
            if name in document.kind.formats:
                module = exporter(name)
                path = out_dir / document.company_slug / document.file_name(module.EXTENSION)
                files[path] = module.export(document, options)
    return files


def build_inputs(documents: Sequence[RenderedDocument], company_file: Path,
                 library: Library) -> dict[str, bytes]:
    """The files a build read, by a name that does not depend on where it runs."""
    first = documents[0]
    # a blind posting's company has no logo; the checklist (never blind) still reads it
    company: Company = next((d.context["company"] for d in documents if not d.models.get("blind")),
                            first.context["company"])
    inputs: dict[str, bytes] = {}

    def read(name: str, path: Path, inside: Sequence[Path] | None, limit: int,
             place: str = "the workspace") -> None:
        inputs[name] = gate.read_bytes(path, inside=inside, what="file", limit=limit, place=place)

    inputs[company_file.name] = first.models["company_yaml"].raw  # as it was read for the build
    if company.brand.logo:
        read(company.brand.logo, company_file.parent / company.brand.logo, (company_file.parent,),
             gate.IMAGE_LIMIT, "the company file's folder")
    from jdgen.document_data import SOURCES

    sources = [("roles", first.role_id)]
    for name in dict.fromkeys(n for document in documents for n in document.kind.data):
        sources += SOURCES[name].files(first.role_id, library)
    for kind, item_id in sources:
        for file, data in library.bytes_read(kind, item_id):  # as they were parsed
            builtin = file.resolve().is_relative_to(builtin_dir(kind))
            inputs[f"{'builtin/' if builtin else ''}{kind}/{file.name}"] = data
    for folder in map(Path, first.template_dirs):
        for file in gate.files_in(folder):  # links to folders are not followed
            read(f"templates/{file.relative_to(folder).as_posix()}", file, (folder,),
                 gate.limit_for(file), "the templates folder")
    return inputs

@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, the SHA-256 of each file as written, and the lint report of its job
    description (None without one)."""

    paths: list[Path]
    report: LintReport | None
    hashes: dict[Path, str]


def build(role_id: str, company_file: str | Path, out_dir: str | Path = "output",
          docs: str = "all", formats: Sequence[str] = DEFAULT_FORMATS,
          library: Library | None = None, templates: Sequence[str | Path] = (),
          excel: bool = False, bundle: bool = False,
          reference_docx: str | Path | None = None, blind: bool = False) -> list[Path]:
    """Build ``role_id``'s documents for a company; return the files written (see
    :func:`run_build`, which also lints the job description)."""
    return run_build(role_id, company_file, out_dir, docs, formats, library, templates, excel,
                     bundle, reference_docx, blind, lint=False).paths


def run_build(role_id: str, company_file: str | Path | Upload, out_dir: str | Path = "output",
              docs: str = "all", formats: Sequence[str] = DEFAULT_FORMATS,
              library: Library | None = None, templates: Sequence[str | Path] = (),
              excel: bool = False, bundle: bool = False,
              reference_docx: str | Path | None = None, blind: bool = False,
              lint: bool = True, strict: bool = False) -> BuildResult:
    """Build ``role_id``'s documents for a company: each input read once, each document rendered
    once, and the job description linted as rendered (pay-transparency laws included).

    ``blind`` makes the job description a confidential posting: no company name, logo or people.
    With ``strict``, lint errors stop the build (:class:`LintFailed`) before anything is written.

    Nothing is written until every document has rendered and exported, and each file is
    replaced atomically, so a failed build leaves earlier outputs as they were.  With
    ``bundle``, ``<role>-bundle.zip`` holds every file and a manifest of SHA-256 hashes.
    """
    from jdgen.lint import lint_document

    unknown = [f for f in formats if f not in EXPORTERS and list(formats) != ["all"]]
    if unknown:
        raise InputError(Problem(Position("option --format"), f'unknown format "{unknown[0]}"',
                                 f"choose from: {', '.join(EXPORTERS)}"))
    library = library or Library()
    documents = render_documents(role_id, company_file, docs, library, templates, blind)
    company_file = company_path(company_file)
    posting = next((d for d in documents if d.kind.key == "jd"), None)
    report = lint_document(posting, compliance=True) if lint and posting else None
    if strict and report is not None and report.failed():
        raise LintFailed(report)
    files = build_files(documents, company_file, library, Path(out_dir), formats, excel, bundle,
                        reference_docx)
    paths = write_files(files, inside=gate.enclosing(Path(out_dir), library.roots))
    return BuildResult(paths, report, {path: hashlib.sha256(files[path]).hexdigest() for path in paths})


def build_files(documents: Sequence[RenderedDocument], company_file: Path, library: Library,
                out_dir: Path, formats: Sequence[str], excel: bool = False, bundle: bool = False,
                reference_docx: str | Path | None = None) -> dict[Path, bytes]:
    """Every file of a build in memory, keyed by output path: each format of each document
    (with the company's Word styles) and, with ``bundle``, ``<role>-bundle.zip``."""
    company = documents[0].context["company"]
    options = ExportOptions(build_time=build_datetime(), excel=excel,
                            reference_docx=_reference_docx(reference_docx, company_file, company,
                                                           library.roots))
    files = export_documents(documents, formats, out_dir, options)
    if bundle:
        from jdgen.bundle import bundle as make_bundle

        role_id = documents[0].role_id
        inputs = build_inputs(documents, company_file, library)
        archive = out_dir / documents[0].company_slug / f"{role_id}-bundle.zip"
        files[archive] = make_bundle(files, inputs, role_id, options)
    return files


class LintFailed(BuildError):
    """``strict``: the job description has lint errors, so nothing was written (exit code 1)."""

    def __init__(self, report: LintReport):
        self.report = report
        super().__init__(f"lint found {report.counts['error']} error(s) in the job description; "
                         "nothing was written — fix them, or build without --strict")


def _reference_docx(option: str | Path | None, company_file: Path, company: Company,
                    roots: Sequence[Path]) -> Path | None:
    """The Word file whose styles the DOCX uses: ``--reference-docx``, else the company's
    (checked, with its line, when the company file loaded)."""
    if option is not None:
        path, where = Path(option), Position("option --reference-docx")
        if path.suffix.lower() != ".docx":
            raise InputError(Problem(where, f'reference document "{path}" is not a Word .docx file',
                                     "give the path of a Word .docx file"))
        what, inside = f'reference document "{path}"', gate.enclosing(path, roots)
        try:
            check_word_file(gate.read_bytes(path, inside=inside, where=where, what=what,
                                            limit=gate.DOCX_LIMIT))
        except NotAWordFile as exc:
            raise InputError(Problem(where, f"{what} {exc.reason}", exc.hint)) from None
        return gate.checked_file(path, inside=inside, where=where, what=what, limit=gate.DOCX_LIMIT)
    if company.brand.reference_docx:
        return gate.checked_file(company_file.parent / company.brand.reference_docx,
                                 inside=(company_file.parent,), what="reference document",
                                 limit=gate.DOCX_LIMIT, place="the company file's folder")
    return None

def validate(company_file: str | Path | None, role_ids: Sequence[str] = (),
             library: Library | None = None) -> str:
    """Check a company file, roles (all if none named) and checklists; every problem at once."""
    library = library or Library()
    problems: list[Problem] = []
    checked: list[str] = []

    def attempt(label: str, check) -> None:
        try:
            check()
            checked.append(label)
        except InputError as exc:
            problems.extend(exc.problems)

    if company_file is not None:
        def check_company() -> None:
            company, loaded = library.company(Path(company_file))
            source = loaded.source
            _check_role_keys(company, source, library)
            if company.brand.logo and (logo := library.bytes_of(
                    Path(company_file).parent / company.brand.logo)) is not None:
                check_logo_for_word(company, source, logo)
            if dates := date_problems(company, source, build_datetime().date()):
                raise ConfigurationError(dates)

        attempt(Path(company_file).name, check_company)
    roles = role_ids or sorted(library.role_files)
    for role_id in roles:
        attempt("role", lambda r=role_id: library.role(r))
    for role_id in sorted(library.checklist_files):
        attempt("checklist", lambda r=role_id: library.checklist_for(r))
    if problems:
        raise ConfigurationError(problems)
    counts = {label: checked.count(label) for label in ("role", "checklist")}
    summary = [f"{n} {label}{'s' if n != 1 else ''}" for label, n in counts.items()]
    return ", ".join([c for c in checked if c not in counts] + summary)


def list_roles(library: Library | None = None) -> list[Role]:
    """The role library, top of the hierarchy first."""
    return (library or Library()).roles()


def advise(company_file: str | Path | Upload, library: Library | None = None,
           rules_file: str | Path | None = None):
    """Load a company (and the advisor's rules) and recommend a CSO, a VP of Sales or a CRO:
    the :class:`~jdgen.advisor.Advice` and the company it was made for.  Bad input is a
    :class:`ConfigurationError` with FILE:LINE:COL, as for a build."""
    from jdgen import advisor

    library = library or Library()
    company, loaded = library.company(company_file)
    _check_role_keys(company, loaded.source, library)
    rules, _ = advisor.load_rules(library, Path(rules_file) if rules_file else advisor.RULES_FILE)
    advisor.check_company(company, loaded.source, rules)
    return advisor.advise(company, library, rules), company
