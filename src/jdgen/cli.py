"""The command line: a thin face over :mod:`jdgen.api`.

Each command imports its implementation when it runs, so ``jdgen --help`` stays fast and only a
PDF build imports WeasyPrint.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from jdgen import __version__

FORMAT_HELP = "Comma-separated formats (pdf, docx, html, md, txt, jsonld, csv) or all."
WORKSPACE_OPTION = click.option(
    "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
    help="The workspace folder; by default the nearest folder above with a company.yaml.")


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from jdgen.export import EXPORTERS

    names = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    if names == ("all",):
        return names
    unknown = [n for n in names if n not in EXPORTERS]
    if unknown or not names:
        problem = f"unknown format {unknown[0]!r}" if unknown else "no format named"
        raise click.BadParameter(f"{problem} — choose from {', '.join(EXPORTERS)} or all")
    return names


def _workspace(option: Path | None):
    """The workspace named by ``--workspace``, else the one around the current folder, or None."""
    from jdgen.workspace import find_workspace, open_workspace

    return open_workspace(option) if option else find_workspace()


def _library(workspace):
    from jdgen.loading import Library

    return Library((workspace.root,) if workspace else ())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jdgen")
def main() -> None:
    """jdgen turns a sales-leadership role library and a company file into hiring documents."""


@main.command()
@click.argument("role")
@click.option("--company", "company_file", type=click.Path(path_type=Path),
              help="The company's YAML file (default: the workspace's company.yaml).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: the workspace's output/, else ./output).")
@click.option("--doc", type=click.Choice(["jd", "checklist", "all"]), default="all",
              show_default=True, help="Which documents: job description, search checklist, both.")
@click.option("--format", "formats", default="pdf,docx", show_default=True,
              callback=_formats, help=FORMAT_HELP)
@click.option("--templates", "template_dir", type=click.Path(file_okay=False, path_type=Path),
              help="A folder of your own templates, searched before the workspace's and built-in ones.")
@click.option("--reference-docx", type=click.Path(dir_okay=False, path_type=Path),
              help="A Word file whose styles the DOCX output uses (like pandoc's --reference-doc).")
@click.option("--excel", is_flag=True, help="Write CSV with a byte-order mark, for Excel.")
@click.option("--bundle", is_flag=True,
              help="Also write <role>-bundle.zip: every file plus a manifest of SHA-256 hashes.")
@WORKSPACE_OPTION
def build(role: str, company_file: Path | None, out_dir: Path | None, doc: str,
          formats: tuple[str, ...], template_dir: Path | None, reference_docx: Path | None,
          excel: bool, bundle: bool, workspace_dir: Path | None) -> None:
    """Build ROLE's documents for a company (e.g. `jdgen build cso --company acme.yaml`)."""
    from jdgen.api import build as build_documents

    workspace = _workspace(workspace_dir)
    if company_file is None:
        if workspace is None:
            raise click.UsageError("name the company file with --company, or run inside a "
                                   "workspace (see `jdgen init`)")
        company_file = workspace.company_file
    if out_dir is None:
        out_dir = workspace.output_dir if workspace else Path("output")
    templates = ((template_dir,) if template_dir else ()) + (workspace.template_dirs if workspace else ())
    for path in build_documents(role, company_file, out_dir, doc, formats,
                                library=_library(workspace), templates=templates, excel=excel,
                                bundle=bundle, reference_docx=reference_docx):
        click.echo(str(path))


@main.command()
@WORKSPACE_OPTION
def roles(workspace_dir: Path | None) -> None:
    """List the roles in the library, top of the hierarchy first."""
    for role in _library(_workspace(workspace_dir)).roles():
        click.echo(f"{role.id:<20} {role.title}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Make a workspace in DIRECTORY: company.yaml, roles/, checklists/, templates/, schemas/."""
    from jdgen.workspace import init_workspace

    for path in init_workspace(directory):
        click.echo(str(path))


@main.group()
def templates() -> None:
    """List the templates, or copy a built-in one into the workspace to edit."""


@templates.command("list")
@WORKSPACE_OPTION
def templates_list(workspace_dir: Path | None) -> None:
    """Every template and where it comes from (workspace or builtin), in lookup order."""
    from jdgen.template_files import list_templates

    workspace = _workspace(workspace_dir)
    for item in list_templates(workspace.template_dirs if workspace else ()):
        note = "  (overrides builtin)" if item.overrides else ""
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
    click.echo(str(eject(name, workspace.templates_dir, force)))


@main.command()
@click.argument("kind", type=click.Choice(["company", "role", "checklist"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a company, role or checklist file."""
    from jdgen.schemas import json_schema

    click.echo(json.dumps(json_schema(kind), indent=2))


@main.command()
@click.argument("role_ids", metavar="[ROLE]...", nargs=-1)
@click.option("--company", "company_file", type=click.Path(path_type=Path),
              help="The company's YAML file (default: the workspace's company.yaml).")
@WORKSPACE_OPTION
def validate(role_ids: tuple[str, ...], company_file: Path | None,
             workspace_dir: Path | None) -> None:
    """Check a company file, roles (all when none are named) and checklists without building."""
    from jdgen.api import validate as validate_inputs

    workspace = _workspace(workspace_dir)
    if company_file is None and workspace is not None:
        company_file = workspace.company_file
    checked = validate_inputs(company_file, role_ids, _library(workspace))
    click.echo(f"ok: {checked}")
