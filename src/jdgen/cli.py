"""The command line: a thin face over :mod:`jdgen.api`.

Each command imports its implementation when it runs, so ``jdgen --help`` stays fast and only a
PDF build imports WeasyPrint.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path

import click

from jdgen import __version__
from jdgen.documents import DOC_CHOICES, DOCUMENTS, GROUPS

DOC_HELP = ("Which documents: " + ", ".join(f"{k} ({kind.title.lower()})" for k, kind in DOCUMENTS.items())
            + "; " + ", ".join(f"{g} ({', '.join(keys)})" for g, keys in GROUPS.items())
            + "; all (every document the role has).")
FORMAT_HELP = "Comma-separated formats (pdf, docx, html, md, txt, jsonld, csv) or all."
WORKSPACE_OPTION = click.option(
    "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
    help="The workspace folder; by default the nearest folder above with a company.yaml.")


def _format_names(value: str, known, hint: str) -> tuple[str, ...]:
    """A comma-separated --format value: known names (in order, once each) or ``("all",)``."""
    names = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    unknown = [n for n in names if n not in known]
    if names != ("all",) and (unknown or not names):
        problem = f"unknown format {unknown[0]!r}" if unknown else "no format named"
        raise click.BadParameter(f"{problem} — {hint}")
    return names


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from jdgen.export import EXPORTERS

    return _format_names(value, EXPORTERS, f"choose from {', '.join(EXPORTERS)} or all")


def _workspace(option: Path | None):
    """The workspace named by ``--workspace``, else the one around the current folder, or None."""
    from jdgen.workspace import find_workspace, open_workspace

    return open_workspace(option) if option else find_workspace()


def _library(workspace):
    from jdgen.loading import Library

    return Library((workspace.root,) if workspace else ())


#: Errors from writing the output itself (standard output to a full disk, a closed pipe).
OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EDQUOT, errno.EROFS})
#: Where an internal error tells the user to go.
REPORT = "please report it with the command you ran (see SECURITY.md)"


class Commands(click.Group):
    """The command group, and the one place errors become output.

    jdgen's own errors print their message (one ``FILE:LINE:COL: what — what to do`` line per
    problem) and exit with their code: 2 for bad input, 1 otherwise.  Anything else is a bug:
    one line saying so and how to report it, exit 1, never a traceback.
    """

    def invoke(self, ctx: click.Context):
        from jdgen.errors import JdgenError

        try:
            return super().invoke(ctx)
        except JdgenError as exc:
            click.echo(exc.message, err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the last resort: one line instead of a traceback
            if isinstance(exc, OSError) and exc.errno in OUTPUT_ERRORS:  # printing the output
                click.echo(f"jdgen: cannot write the output: {exc.strerror} — check where the "
                           "output goes (a full disk, a closed pipe)", err=True)
                ctx.exit(2)
            detail = str(exc).splitlines()[0] if str(exc) else ""
            click.echo(f"jdgen: internal error ({type(exc).__name__}{': ' if detail else ''}{detail}) "
                       f"in jdgen {__version__}; {REPORT}", err=True)
            ctx.exit(1)


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jdgen")
def main() -> None:
    """jdgen turns a sales-leadership role library and a company file into hiring documents."""


@main.command(short_help="Build roles' hiring documents (posting, checklist, kit) in every format.")
@click.argument("roles", metavar="ROLE…", nargs=-1)
@click.option("--company", "company_files", multiple=True, metavar="FILE",
              help="The company's YAML file (default: the workspace's company.yaml); repeat it, "
                   "or give a quoted pattern ('clients/*.yaml'), to build for several companies.")
@click.option("--all-roles", is_flag=True,
              help="Build every role of the library that has the documents --doc asks for.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: the workspace's output/, else ./output).")
@click.option("--doc", type=click.Choice(DOC_CHOICES), default="all",
              show_default=True, help=DOC_HELP)
@click.option("--format", "formats", default="pdf,docx", show_default=True,
              callback=_formats, help=FORMAT_HELP)
@click.option("--templates", "template_dir", type=click.Path(file_okay=False, path_type=Path),
              help="A folder of your own templates, searched before the workspace's and built-in ones.")
@click.option("--reference-docx", type=click.Path(dir_okay=False, path_type=Path),
              help="A Word file whose styles the DOCX output uses (like pandoc's --reference-doc).")
@click.option("--excel", is_flag=True, help="Write CSV with a byte-order mark, for Excel.")
@click.option("--bundle", is_flag=True,
              help="Also write <role>-bundle.zip: every file plus a manifest of SHA-256 hashes.")
@click.option("--strict", is_flag=True,
              help="Fail the build, writing nothing, when lint finds an error in the job description.")
@click.option("--blind", is_flag=True,
              help="A confidential posting: no company name, logo or people (as search.confidential).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="A batch's worker processes (default: one per core; 1 builds in this process).")
@click.option("--force", is_flag=True,
              help="Build again what is up to date (nothing it reads has changed since the last "
                   "build, and its files are as written): by default it is skipped.")
@click.option("--watch", is_flag=True,
              help="After building, rebuild the items a changed file concerns, until Ctrl+C.")
@click.option("--shard", metavar="K/N",
              help="Build only every N-th item of the batch from the K-th (N jobs share a batch).")
@click.option("-q", "--quiet", is_flag=True,
              help="A batch shows no progress bar and no lint summary per item (errors still).")
@WORKSPACE_OPTION
def build(roles: tuple[str, ...], company_files: tuple[str, ...], all_roles: bool,
          out_dir: Path | None, doc: str, formats: tuple[str, ...], template_dir: Path | None,
          reference_docx: Path | None, excel: bool, bundle: bool, strict: bool, blind: bool,
          jobs: int | None, force: bool, watch: bool, shard: str | None, quiet: bool,
          workspace_dir: Path | None) -> None:
    """Build ROLE's documents for a company (e.g. `jdgen build cso --company acme.yaml`).

    The job description is linted as it is built (see `jdgen lint`); a one-line summary goes
    to standard error, after every pay-transparency error in full with the command that
    explains it.

    Several roles, --all-roles, several --company files or a pattern make a batch: every role
    for every company, in -j worker processes, skipping the items whose inputs and outputs
    have not changed since the last build (--force rebuilds them), with a summary at the end.
    """
    import glob

    if roles and all_roles:
        raise click.UsageError("name roles or pass --all-roles, not both")
    if not roles and not all_roles:
        raise click.UsageError("name a ROLE (or several), or pass --all-roles")
    workspace = _workspace(workspace_dir)
    if out_dir is None:
        out_dir = workspace.output_dir if workspace else Path("output")
    batch = (len(roles) != 1 or len(company_files) > 1
             or any(glob.has_magic(c) for c in company_files)
             or all_roles or jobs is not None or watch or shard is not None)
    options = _batch_options(out_dir, doc, formats, template_dir, workspace, reference_docx, excel,
                             bundle, blind, strict)
    if batch:
        _build_batch(roles, all_roles, company_files, workspace, workspace_dir, options, template_dir,
                     blind, jobs, force, watch, shard, quiet)
        return
    _build_one(roles[0], _company(Path(company_files[0]) if company_files else None, workspace),
               workspace, workspace_dir, options, template_dir, blind, force)


def _batch_options(out_dir, doc, formats, template_dir, workspace, reference_docx, excel, bundle,
                   blind, strict):
    from jdgen import batch

    return batch.Options(
        out_dir=str(out_dir), docs=doc, formats=tuple(formats),
        templates=tuple(map(str, _templates(template_dir, workspace))),
        roots=(str(workspace.root),) if workspace else (), excel=excel, bundle=bundle,
        reference_docx=str(reference_docx) if reference_docx else None, blind=blind, strict=strict)


def _build_one(role: str, company_file: Path, workspace, workspace_dir, options, template_dir,
               blind: bool, force: bool) -> None:
    """One role for one company, incrementally: when nothing it reads has changed since the
    last build and its files are as written, nothing is built or written (``--force`` builds).
    The check reads the inputs without validating them (no pydantic); a build uses the bytes
    the check read."""
    from jdgen import batch, gate
    from jdgen.errors import JdgenError

    item = batch.Item(role, str(company_file))
    roots = (workspace.root,) if workspace else ()
    reads: dict[Path, bytes] = {}
    explain = _lint_command(role, company_file, template_dir, workspace_dir, blind)
    try:
        key, slug = batch.item_key(item, options, roots, reads)
    except (JdgenError, OSError, ValueError):  # the build says what is wrong
        key, slug = None, None
    folder = Path(options.out_dir) / slug if slug else None
    recorded = None if force else batch.up_to_date(batch.Planned(item, folder, key))
    if recorded is not None:
        for path in recorded.paths:
            click.echo(path)
        _show_lint(recorded, explain)
        click.echo("jdgen: up to date: nothing changed since the last build, nothing written "
                   "(--force builds again)", err=True)
        return
    from jdgen.api import LintFailed, run_build

    library = _library(workspace)
    library.seed(reads)  # each input read once: the build parses the bytes the key was made from
    try:
        built = run_build(role, company_file, options.out_dir, options.docs, options.formats,
                          library, tuple(map(Path, options.templates)), options.excel,
                          options.bundle, options.reference_docx, blind, strict=options.strict)
    except LintFailed as failed:
        refused = batch.Result(item, "failed")
        batch.lint_lines(refused, failed.report)
        _show_lint(refused, explain)
        raise
    result = batch.built_result(item, built)
    for path in result.paths:
        click.echo(path)
    _show_lint(result, explain)
    batch.record(batch.Planned(item, folder, key), result,
                 gate.enclosing(Path(options.out_dir), library.roots))


def _build_batch(roles, all_roles, company_files, workspace, workspace_dir, options, template_dir,
                 blind, jobs, force, watch, shard, quiet) -> None:
    """Every role × company in one command: see :mod:`jdgen.batch`."""
    import sys

    from jdgen import batch

    patterns = company_files or (str(_company(None, workspace)),)

    def make_plan() -> list:
        library = options.library()
        ids = batch.role_ids(roles, all_roles, library, options.docs)
        return batch.plan(ids, batch.company_files(patterns), options, library, shard, watch)

    def report(result) -> None:
        for path in result.paths if result.status == "built" else ():
            click.echo(path)
        for line in result.lint:
            click.echo(line, err=True)
        if result.lint_summary and (result.lint or result.status == "failed" or not quiet):
            explain = _lint_command(result.item.role, Path(result.item.company), template_dir,
                                    workspace_dir, blind)
            click.echo(f"{result.item}: {result.lint_summary} (details: {explain})", err=True)

    def summarize(summary) -> None:
        for line in summary.lines():
            click.echo(line, err=True)

    planned = make_plan()
    jobs = jobs or batch.default_jobs()
    progress = not quiet and sys.stderr.isatty()
    summary = batch.run(planned, options, jobs, force, progress, report)
    summarize(summary)
    if not watch:
        click.get_current_context().exit(summary.exit_code)

    def after(summary, changed: list[str], error: str) -> None:
        click.echo(f"jdgen: changed: {', '.join(changed)}", err=True)
        if error:
            click.echo(error, err=True)
        if summary is not None:
            summarize(summary)
        click.echo("jdgen: watching (Ctrl+C stops)", err=True)

    click.echo("jdgen: watching for changes (Ctrl+C stops)", err=True)
    batch.watch(make_plan, planned, options, jobs, progress, report, after)


@main.command(short_help="Compare two to four roles side by side (landscape PDF, DOCX, md, html).")
@click.argument("roles", metavar="ROLE ROLE…", nargs=-1, required=True)
@click.option("--company", "company_file", type=click.Path(path_type=Path),
              help="A company file: reporting lines from its org, its pay beside the benchmark "
                   "(default: the workspace's company.yaml, else the library's defaults).")
@click.option("--format", "formats", default="pdf,docx", show_default=True,
              callback=lambda ctx, param, value: _compare_formats(value),
              help="Comma-separated formats: pdf, docx, md, html, or all.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: the workspace's output/, else ./output).")
@WORKSPACE_OPTION
def compare(roles: tuple[str, ...], company_file: Path | None, formats: tuple[str, ...],
            out_dir: Path | None, workspace_dir: Path | None) -> None:
    """Compare ROLEs side by side, one column each (e.g. `jdgen compare cso vp-sales cro`):
    scope, focus, horizon, reporting line, top responsibilities, skills, KPIs, pay benchmark
    and the risk of the wrong profile in the role.  Two to four roles: more columns are too
    narrow to read.  Writes OUT/<company>/comparison-<role>-<role>….<ext> (OUT/comparison-…
    without a company)."""
    from jdgen import gate
    from jdgen.buildinfo import build_datetime
    from jdgen.compare import comparison_files, render_comparison
    from jdgen.documents import ExportOptions
    from jdgen.output import write_files

    workspace = _workspace(workspace_dir)
    if company_file is None and workspace is not None:
        company_file = workspace.company_file
    if out_dir is None:
        out_dir = workspace.output_dir if workspace else Path("output")
    library = _library(workspace)
    document = render_comparison(roles, company_file, library, _templates(None, workspace))
    files = comparison_files(document, formats, out_dir, ExportOptions(build_time=build_datetime()))
    for path in write_files(files, inside=gate.enclosing(out_dir, library.roots)):
        click.echo(str(path))


def _compare_formats(value: str) -> tuple[str, ...]:
    from jdgen.compare import FORMATS

    names = _format_names(value, FORMATS, f"a comparison is made as {', '.join(FORMATS)} or all")
    return FORMATS if names == ("all",) else names


def _lint_command(role: str, company_file: Path, template_dir: Path | None,
                  workspace_dir: Path | None, blind: bool) -> str:
    """The `jdgen lint` command that explains this build's findings, to run as printed."""
    import shlex
    import sys

    program = sys.argv[0] if Path(sys.argv[0]).name == "jdgen" else "jdgen"
    words = [program, "lint", role, "--company", str(company_file), "--compliance"]
    if template_dir is not None:
        words += ["--templates", str(template_dir)]
    if workspace_dir is not None:
        words += ["--workspace", str(workspace_dir)]
    if blind:
        words.append("--blind")
    return shlex.join(words)


def _show_lint(result, explain: str) -> None:
    """The posting's lint as built (:func:`jdgen.batch.lint_lines`): every pay-transparency
    error in full, then one summary line."""
    for line in result.lint:
        click.echo(line, err=True)
    if result.lint_summary:
        click.echo(f"{result.lint_summary} (details: {explain})", err=True)


def _company(company_file: Path | None, workspace) -> Path:
    if company_file is not None:
        return company_file
    if workspace is None:
        raise click.UsageError("name the company file with --company, or run inside a "
                               "workspace (see `jdgen init`)")
    return workspace.company_file


def _templates(template_dir: Path | None, workspace) -> tuple[Path, ...]:
    return ((template_dir,) if template_dir else ()) + (workspace.template_dirs if workspace else ())


@main.command(short_help="Lint a job description: inclusive language, readability, pay laws.")
@click.argument("targets", metavar="ROLE | PATH…", nargs=-1, required=True)
@click.option("--role", "as_role", is_flag=True, help="Read the argument as a role id.")
@click.option("--file", "as_file", is_flag=True,
              help="Read the arguments as posting files (.txt, .md, .html, .docx, .pdf; - is "
                   "standard input).")
@click.option("--company", "company_file", type=click.Path(path_type=Path),
              help="The company's YAML file (default: the workspace's company.yaml).")
@click.option("--format", "output", type=click.Choice(["text", "json", "sarif"]), default="text",
              show_default=True, help="Compiler-style text, JSON, or SARIF 2.1.0.")
@click.option("--compliance", is_flag=True,
              help="Also check the pay-transparency laws of every place the job is posted.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]),
              help="Evaluate the laws on this date (YYYY-MM-DD) instead of today.")
@click.option("--strict", is_flag=True, help="Exit 1 on any finding, not only on errors.")
@click.option("--verbose", "-v", is_flag=True, help="List information findings too (text format).")
@click.option("--templates", "template_dir", type=click.Path(file_okay=False, path_type=Path),
              help="A folder of your own templates, searched before the workspace's and built-in ones.")
@click.option("--blind", is_flag=True, help="Lint the confidential form of the posting.")
@click.option("--location", "locations", multiple=True, metavar="PLACE",
              help='For a posting file with --compliance: a place it is posted ("New York, NY", '
                   '"Berlin, Germany", remote:US-CA); repeat for each.')
@click.option("--all", "show_all", is_flag=True,
              help="For your own role, also list findings in jdgen's own files (inherited text).")
@WORKSPACE_OPTION
def lint(targets: tuple[str, ...], as_role: bool, as_file: bool, company_file: Path | None,
         output: str, compliance: bool, as_of, strict: bool, verbose: bool,
         template_dir: Path | None, blind: bool, locations: tuple[str, ...], show_all: bool,
         workspace_dir: Path | None) -> None:
    """Lint ROLE's job description, or posting files you already have (PATH: .txt, .md, .html,
    .docx, .pdf, or - for standard input): inclusive language, readability and pay transparency.

    Every finding names the file, line and column its text came from: the role's YAML or the
    template, or the posting file itself (a Word file's paragraph, a PDF's page and line).
    Exit codes: 0 clean, 1 errors (with --strict: any finding), 2 bad input.
    """
    from jdgen.lint import lint_file, merge_reports, run_lint
    from jdgen.lint.files import FILE_LIMIT, STDIN, posting_kind
    from jdgen.lint.output import as_json, as_sarif, as_text

    if as_role and as_file:
        raise click.UsageError("give --role or --file, not both")
    files = as_file or (not as_role and all(
        t == STDIN or posting_kind(t) is not None or Path(t).is_file() for t in targets))
    day = as_of.date() if as_of else None
    if files:
        stdin = None
        if STDIN in targets:
            with click.open_file(STDIN, "rb") as stream:
                stdin = stream.read(FILE_LIMIT + 1)
        report = merge_reports([lint_file(target, stdin, day, compliance, locations, company_file)
                                for target in targets])
    else:
        if len(targets) > 1:
            raise click.UsageError(f"one role at a time, or posting files: {' '.join(targets)} "
                                   "(pass --file if these are files)")
        workspace = _workspace(workspace_dir)
        report = run_lint(targets[0], _company(company_file, workspace), _library(workspace),
                          _templates(template_dir, workspace), compliance=compliance,
                          as_of=day, blind=blind, show_all=show_all)
    if output == "json":
        click.echo(as_json(report))
    elif output == "sarif":
        click.echo(as_sarif(report))
    else:
        click.echo(as_text(report, verbose))
    if report.failed(strict):
        raise SystemExit(1)


@main.command(short_help="List the pay-transparency laws: in force, and coming.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]),
              help="Show which laws are in force on this date (YYYY-MM-DD) instead of today.")
def laws(as_of) -> None:
    """List the pay-transparency laws `jdgen lint --compliance` checks: those in force on the date,
    then those passed but not yet in force, each with its law, effective date, what it requires,
    its source and the day it was last checked. Not legal advice."""
    import datetime as dt

    from jdgen.lint.laws import report

    click.echo(report(as_of.date() if as_of else dt.date.today()))


@main.command()
@WORKSPACE_OPTION
def roles(workspace_dir: Path | None) -> None:
    """List the roles in the library, top of the hierarchy first, with the market benchmark
    (for your own planning: postings show only your company's range)."""
    from jdgen.render import money

    for role in _library(_workspace(workspace_dir)).roles():
        bench = role.pay_benchmark
        note = (f"  benchmark {money(bench.base_min, bench.currency)}–{money(bench.base_max, bench.currency)}"
                f" per {bench.period}" if bench else "")
        click.echo(f"{role.id:<20} {role.title:<28}{note}".rstrip())


@main.command(short_help="Recommend a CSO, a VP of Sales or a CRO for a company, with reasons.")
@click.option("--company", "company_file", type=click.Path(path_type=Path),
              help="The company's YAML file (default: the workspace's company.yaml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md", "pdf"]), default="text",
              show_default=True, help="Text for a terminal, JSON, Markdown or PDF.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (atomically) instead of standard output; a PDF goes to "
                   "OUTPUT/<company>/advice.pdf without it.")
@click.option("--rules", "rules_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A rules table of your own (default: jdgen's advisor/rules.yaml).")
@WORKSPACE_OPTION
def advise(company_file: Path | None, fmt: str, out_file: Path | None, rules_file: Path | None,
           workspace_dir: Path | None) -> None:
    """Recommend one role, CSO, VP of Sales or CRO, from the company's facts: the first line is
    `Recommendation: <role title>`, then the reasons (each rule, the fact that triggered it and
    the article behind it), the runner-up, the fact changes that would change the answer and,
    for a named internal candidate, the readiness signals present and missing."""
    from jdgen import api, gate
    from jdgen.advisor.output import EXTENSIONS, export
    from jdgen.buildinfo import build_datetime
    from jdgen.documents import ExportOptions
    from jdgen.loading import company_path
    from jdgen.output import write_files

    workspace = _workspace(workspace_dir)
    company_file = _company(company_file, workspace)
    library = _library(workspace)
    advice, company = api.advise(company_file, library, rules_file)
    data = export(advice, fmt, company, company_path(company_file),
                  ExportOptions(build_datetime()), _templates(None, workspace))
    if out_file is None and fmt == "pdf":
        out_dir = workspace.output_dir if workspace else Path("output")
        out_file = out_dir / company.output_slug / f"advice.{EXTENSIONS[fmt]}"
    if out_file is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    for path in write_files({out_file: data}, inside=gate.enclosing(out_file, library.roots)):
        click.echo(str(path))


@main.command(short_help="Make a workspace: company.yaml, roles/, templates/, schemas/.")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Make a workspace in DIRECTORY: company.yaml, roles/, checklists/, templates/, schemas/."""
    from jdgen.workspace import init_workspace

    for path in init_workspace(directory):
        click.echo(str(path))


@main.group(short_help="List the templates, or eject a built-in one to edit.")
def templates() -> None:
    """List the templates, or copy a built-in one into the workspace to edit."""


@templates.command("list")
@WORKSPACE_OPTION
def templates_list(workspace_dir: Path | None) -> None:
    """Every template and where it comes from (workspace or builtin), in lookup order."""
    from jdgen.template_files import list_templates

    workspace = _workspace(workspace_dir)
    renders = {kind.template: kind.title for kind in DOCUMENTS.values()}
    for item in list_templates(workspace.template_dirs if workspace else ()):
        notes = [f"the {renders[item.name].lower()}"] if item.name in renders else []
        notes += ["overrides builtin"] if item.overrides else []
        note = f"  ({'; '.join(notes)})" if notes else ""
        click.echo(f"{item.name:<28} {item.origin:<10} {item.path}{note}")


@templates.command("eject")
@click.argument("name")
@click.option("--force", is_flag=True, help="Replace a workspace template of the same name.")
@WORKSPACE_OPTION
def templates_eject(name: str, force: bool, workspace_dir: Path | None) -> None:
    """Copy built-in template NAME into the workspace's templates/ folder to edit.

    NAME may also be job-description.docx or search-checklist.docx: a Word file with Jinja tags
    that then replaces the Word output of that document.
    """
    from jdgen.template_files import eject

    workspace = _workspace(workspace_dir)
    if workspace is None:
        raise click.UsageError("eject writes into a workspace: run `jdgen init DIR` first, "
                               "or pass --workspace")
    click.echo(str(eject(name, workspace, force)))


@main.command(short_help="Run the web page: preview, lint and download every document.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; anything but loopback needs --token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="The port to listen on.")
@click.option("--token", envvar="JDGEN_TOKEN", default=None,
              help="Every request must give it (Authorization: Bearer, or the login form); "
                   "default: JDGEN_TOKEN.")
@click.option("--cache-dir", type=click.Path(path_type=Path), envvar="JDGEN_CACHE_DIR", default=None,
              help="Where downloads are cached (default: JDGEN_CACHE_DIR, else "
                   "~/.cache/jdgen/downloads); JDGEN_CACHE_BYTES bounds it (256 MiB).")
@WORKSPACE_OPTION
def serve(host: str, port: int, token: str | None, cache_dir: Path | None,
          workspace_dir: Path | None) -> None:
    """Serve the web page for one person: the role library, a role's posting preview with its lint
    findings, and every document in every format to download (for several people, run
    `gunicorn 'jdgen.web:create_app()'` with JDGEN_TOKEN and JDGEN_SECRET_KEY set)."""
    import ipaddress

    from jdgen.errors import InputError, Position, Problem
    from jdgen.web import create_app

    try:
        loopback = host == "localhost" or ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not token:
        raise InputError(Problem(Position("option --host"),
                                 f"{host} is not a loopback address, so anyone who can reach it could use "
                                 "the server: refusing to start without a token",
                                 "pass --token (or set JDGEN_TOKEN), or serve on 127.0.0.1"))
    workspace = _workspace(workspace_dir)
    app = create_app(workspace.root if workspace else None, token=token or None, cache_dir=cache_dir)
    click.echo(f"jdgen: serving on http://{host}:{port}/ (Ctrl+C stops it)", err=True)
    app.run(host=host, port=port, debug=False, use_reloader=False, threaded=True)


@main.command()
@click.argument("kind", type=click.Choice(["company", "role", "checklist"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a company, role or checklist file."""
    from jdgen.schemas import json_schema

    click.echo(json.dumps(json_schema(kind), indent=2))


@main.command(short_help="Check the company file, roles and checklists without building.")
@click.argument("role_ids", metavar="[ROLE]...", nargs=-1)
@click.option("--company", "company_file", type=click.Path(path_type=Path),
              help="The company's YAML file (default: the workspace's company.yaml).")
@WORKSPACE_OPTION
def validate(role_ids: tuple[str, ...], company_file: Path | None,
             workspace_dir: Path | None) -> None:
    """Check a company file, roles (all when none are named) and checklists without building;
    warn where a role of the sales ladder overlaps oddly with the one below it."""
    from jdgen.api import validate as validate_inputs

    workspace = _workspace(workspace_dir)
    if company_file is None and workspace is not None:
        company_file = workspace.company_file
    from jdgen.ladder import ladder_problems

    library = _library(workspace)
    checked = validate_inputs(company_file, role_ids, library)
    click.echo(f"ok: {checked}")
    for problem in ladder_problems(library):  # odd, not wrong: the build goes on
        click.echo(f"warning: {problem}", err=True)
