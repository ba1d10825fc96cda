"""The command line: a thin face over :mod:`jdgen.api`.

Each command imports its implementation when it runs, so ``jdgen --help`` stays fast and only a
PDF build imports WeasyPrint.
"""

from __future__ import annotations

from pathlib import Path

import click

from jdgen import __version__

FORMAT_HELP = "Comma-separated formats (pdf, docx, html, md, txt, jsonld, csv) or all."


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    from jdgen.export import EXPORTERS

    names = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    if names == ("all",):
        return tuple(EXPORTERS)
    unknown = [n for n in names if n not in EXPORTERS]
    if unknown or not names:
        problem = f"unknown format {unknown[0]!r}" if unknown else "no format named"
        raise click.BadParameter(f"{problem} — choose from {', '.join(EXPORTERS)} or all")
    return names


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jdgen")
def main() -> None:
    """jdgen turns a sales-leadership role library and a company file into hiring documents."""


@main.command()
@click.argument("role")
@click.option("--company", "company_file", required=True, type=click.Path(path_type=Path),
              help="The company's YAML file, e.g. companies/acme.yaml.")
@click.option("--out", "out_dir", default="output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--doc", type=click.Choice(["jd", "checklist", "all"]), default="all",
              show_default=True, help="Which documents: job description, search checklist, both.")
@click.option("--format", "formats", default="pdf,docx", show_default=True,
              callback=_formats, help=FORMAT_HELP)
@click.option("--templates", "template_dir", type=click.Path(file_okay=False, path_type=Path),
              help="A folder of your own templates, searched before the built-in ones.")
@click.option("--excel", is_flag=True, help="Write CSV with a byte-order mark, for Excel.")
@click.option("--bundle", is_flag=True,
              help="Also write <role>-bundle.zip: every file plus a manifest of SHA-256 hashes.")
def build(role: str, company_file: Path, out_dir: Path, doc: str, formats: tuple[str, ...],
          template_dir: Path | None, excel: bool, bundle: bool) -> None:
    """Build ROLE's documents for a company (e.g. `jdgen build cso --company acme.yaml`)."""
    from jdgen.api import build as build_documents

    templates = (template_dir,) if template_dir else ()
    for path in build_documents(role, company_file, out_dir, doc, formats, templates=templates,
                                excel=excel, bundle=bundle):
        click.echo(str(path))


@main.command()
def roles() -> None:
    """List the roles in the library, top of the hierarchy first."""
    from jdgen.api import list_roles

    for role in list_roles():
        click.echo(f"{role.id:<20} {role.title}")
