"""The role comparison on the web page: ``GET /compare?roles=cso&roles=vp-sales[&company=KEY]``.

A form (a checkbox per role, a company select), the comparison table as ``jdgen compare`` makes
it (the table of the rendered document, so the page shows what the files hold), and the PDF and
DOCX to download.  Roles are looked up in the library and the company among the files the
server offers (:func:`jdgen.web.views.company_choices`); nothing a request names reaches a path.
Downloads go through the server's download cache, keyed by a SHA-256 of everything they read.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import lxml.html
from flask import Flask, Response, abort, render_template, request, send_file
from markupsafe import Markup

from jdgen.errors import InputError
from jdgen.loading import Library
from jdgen.web import views

#: The formats the page offers to download.
DOWNLOAD_FORMATS = ("pdf", "docx")
#: The company choice that means none: the library's defaults.
NO_COMPANY = "none"


def init_app(app: Flask) -> None:
    """Register the comparison's routes and its entry in the main navigation."""
    app.add_url_rule("/compare", "compare", compare_page)
    app.add_url_rule("/compare/download/<file_name>", "compare_download", compare_download)
    if ("compare", "Compare roles") not in views.NAVIGATION:
        views.NAVIGATION.append(("compare", "Compare roles"))


def _asked() -> tuple[list[str], str]:
    """The roles (in the library's order, top first) and the company key the request names."""
    roles = [r for r in request.args.getlist("roles") if r]
    key = request.args.get("company", NO_COMPANY)
    if key != NO_COMPANY and key not in views.company_choices():
        abort(400, f'unknown company "{key}" — choose one of: '
                   f'{", ".join([NO_COMPANY, *views.company_choices()])}')
    return roles, key


def _company(key: str) -> Path | None:
    return None if key == NO_COMPANY else views.company_choices()[key].path


def _ordered(roles: list[str], library: Library) -> list[str]:
    """Known roles top of the hierarchy first (a checkbox form sends them in page order);
    unknown ones last, as sent, so the comparison reports them."""
    rank = {name.id: i for i, name in enumerate(views._role_names(library))}
    return sorted(roles, key=lambda r: rank.get(r, len(rank)))


def compare_page() -> tuple[str, int] | str:
    from jdgen.compare import COMPARISON, MAX_ROLES, MIN_ROLES, render_comparison

    library = views._library()
    roles, key = _asked()
    roles = _ordered(roles, library)
    table, problems, downloads = None, [], []
    if roles:
        try:
            document = render_comparison(roles, _company(key), library, views._templates())
        except InputError as exc:
            problems = exc.problems
        else:
            table = comparison_table(document.html)
            downloads = [COMPARISON.file_name(document.role_id, fmt) for fmt in DOWNLOAD_FORMATS]
    page = render_template(
        "compare.html", roles=views._role_names(library), chosen=roles, company=key,
        choices=views.company_choices(), no_company=NO_COMPANY, table=table, problems=problems,
        downloads=downloads, min_roles=MIN_ROLES, max_roles=MAX_ROLES)
    return (page, 400) if problems else page


def comparison_table(markup: str) -> Markup:
    """The comparison's ``<table>`` from the rendered (sanitised) document, without the inline
    styles the page's Content-Security-Policy would refuse."""
    root = lxml.html.document_fromstring(markup)
    table = root.find(".//table")
    for element in table.iter():
        element.attrib.pop("style", None)
    return Markup(lxml.html.tostring(table, encoding="unicode"))


def compare_download(file_name: str) -> Response:
    """The comparison as a file: ``comparison-cso-vp-sales.pdf?roles=cso&roles=vp-sales``."""
    from jdgen import api
    from jdgen.buildinfo import build_datetime
    from jdgen.compare import COMPARISON, check_roles, render_comparison
    from jdgen.documents import ExportOptions
    from jdgen.export import exporter

    library = views._library()
    roles, key = _asked()
    roles = check_roles(_ordered(roles, library), library)  # an InputError is the error page
    wanted = {COMPARISON.file_name("-".join(roles), exporter(fmt).EXTENSION): fmt
              for fmt in DOWNLOAD_FORMATS}
    if file_name not in wanted:
        abort(404, f'"{file_name}" is not a file of this comparison')
    company, templates = _company(key), views._templates()

    def make() -> bytes:
        document = render_comparison(roles, company, library, templates)
        files = api.export_documents([document], [wanted[file_name]], Path("out"),
                                     ExportOptions(build_time=build_datetime()))
        return next(iter(files.values()))

    data = views._cache().get_or_make(comparison_key(roles, file_name, company, library, templates),
                                      make)
    return send_file(io.BytesIO(data), mimetype=views.MEDIA_TYPES[wanted[file_name]],
                     as_attachment=True, download_name=file_name, max_age=0)


def comparison_key(roles: list[str], file_name: str, company: Path | None, library: Library,
                   templates: tuple[Path, ...]) -> str:
    """The SHA-256 of what a comparison's file reads, as :func:`~jdgen.web.download_key.
    download_key` computes it for a role's documents: jdgen's installation, the build date, the
    roles and the file name, the company file (and its logo), each role's files and the
    workspace's roles and templates."""
    from jdgen.web.download_key import download_key

    keys = [download_key(role_id, file_name, company, library, templates) if company else
            _without_company(role_id, file_name, library, templates) for role_id in roles]
    return hashlib.sha256("\0".join(["jdgen comparison 1", *roles, *keys]).encode()).hexdigest()


def _without_company(role_id: str, file_name: str, library: Library,
                     templates: tuple[Path, ...]) -> str:
    """A role's part of the key when no company file is given."""
    from jdgen import gate
    from jdgen.buildkey import Digest, build_stamp, installation_fingerprint

    digest = Digest()
    digest.add("installation", installation_fingerprint(), "build time", build_stamp())
    digest.add("role", role_id, "download", file_name)
    for file in library.files_read("roles", role_id):
        digest.add_file(f"roles/{file.name}", file, gate.enclosing(file, library.roots),
                        gate.YAML_LIMIT)
    for root in library.roots:
        for file in sorted((root / "roles").glob("*.yaml")):
            digest.add_file(f"workspace roles/{file.name}", file, (root,), gate.YAML_LIMIT,
                            strict=False)
    for folder in templates:
        for file in gate.files_in(folder):
            digest.add_file(f"templates/{file.relative_to(folder).as_posix()}", file, (folder,),
                            gate.limit_for(file), "the templates folder", strict=False)
    return digest.hexdigest()

