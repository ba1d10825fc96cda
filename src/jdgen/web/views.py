"""The pages: the role library, a role's preview and lint findings, downloads, and the login form.

Every document comes from the library (:func:`jdgen.api.render_documents`,
:func:`jdgen.api.export_documents`, :func:`jdgen.lint.lint_document`), in memory: the web app
writes no file but its download cache (:mod:`jdgen.web.cache`).  Nothing a request names
reaches the file system: a role id is looked up in the library, a company is one of a fixed set
of files or uploaded bytes (:class:`Upload`), a download's file name is looked up among the
names the role's documents have, and a cache entry is named by a SHA-256 of its inputs.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import io
from dataclasses import dataclass
from pathlib import Path, PurePath

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from werkzeug.exceptions import HTTPException

from jdgen.errors import InputError, JdgenError, Position, Problem
from jdgen.loading import Library, Upload

#: Each format's media type (a download is always an attachment).
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "jsonld": "application/ld+json",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}
#: How the page names each format.
FORMAT_LABELS = {"pdf": "PDF", "docx": "Word (DOCX)", "html": "HTML", "md": "Markdown",
                 "txt": "Plain text", "jsonld": "JSON-LD", "csv": "CSV"}
BUNDLE = "bundle"


@dataclass(frozen=True)
class CompanyChoice:
    """A company file the server offers (never a path from a request)."""

    key: str
    label: str
    path: Path


@dataclass(frozen=True)
class Download:
    """One file a role's page offers: ``doc`` (a document key, or ``bundle``) in ``fmt``."""

    file_name: str
    doc: str
    fmt: str
    label: str


def init_app(app: Flask) -> None:
    app.add_url_rule("/", "home", home)
    app.add_url_rule("/roles/<role_id>", "role", role_page, methods=["GET", "POST"])
    app.add_url_rule("/roles/<role_id>/download/<file_name>", "download", download)
    app.add_url_rule("/roles/<role_id>/download", "download_upload", download_upload,
                     methods=["POST"])
    app.add_url_rule("/login", "login", login, methods=["GET", "POST"])
    app.register_error_handler(InputError, _input_error)
    app.register_error_handler(JdgenError, _build_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _internal_error)
    app.add_template_filter(place)


def place(where: Position) -> str:
    """A position as a page shows it: the file's name only, never where the server keeps it."""
    return str(Position(PurePath(where.path).name or where.path, where.line, where.col, where.page))


# --- inputs, looked up ------------------------------------------------------------------------

def _workspace():
    return current_app.config["JDGEN_WORKSPACE"]


def _library() -> Library:
    """A library per request, so edits to a workspace show on the next page."""
    workspace = _workspace()
    return Library((workspace.root,) if workspace else ())


def _templates() -> tuple[Path, ...]:
    workspace = _workspace()
    return workspace.template_dirs if workspace else ()


def _examples_dir() -> Path | None:
    from jdgen.paths import builtin_dir

    try:
        return builtin_dir("companies")
    except FileNotFoundError:
        return None


def company_choices() -> dict[str, CompanyChoice]:
    """The workspace's company file (first, the default), then the bundled examples."""
    choices = {}
    if workspace := _workspace():
        choices["workspace"] = CompanyChoice("workspace", "This workspace's company.yaml",
                                             workspace.company_file)
    if folder := _examples_dir():
        for file in sorted(folder.glob("*.yaml")):
            choices[file.stem] = CompanyChoice(file.stem, f"Example: {file.name}", file)
    return choices


def _default_company(choices: dict[str, CompanyChoice]) -> str:
    return "workspace" if "workspace" in choices else "acme" if "acme" in choices else next(iter(choices), "")


def _upload_folder() -> Path:
    """Where an uploaded company file's logo is looked up: the workspace, else the examples."""
    workspace = _workspace()
    return workspace.root if workspace else (_examples_dir() or Path.cwd())


def _upload(name: str | None, data: bytes) -> Upload:
    name = Path(name or "").name[:100]
    if name in ("", ".", ".."):
        name = "company.yaml"
    return Upload(name, data, _upload_folder())


def _role_or_404(library: Library, role_id: str) -> str:
    if role_id not in library.role_files:
        abort(404, f'unknown role "{role_id}" — choose one from the role library')
    return role_id


def downloads(role_id: str, library: Library) -> list[Download]:
    """Every document of the role in every format it takes, then the ZIP bundle."""
    from jdgen.api import documents_for
    from jdgen.export import EXPORTERS, applies, exporter

    found = []
    for kind in documents_for(role_id, library):
        for fmt in EXPORTERS:
            if applies(fmt, kind.key):
                found.append(Download(kind.file_name(role_id, exporter(fmt).EXTENSION), kind.key, fmt,
                                      FORMAT_LABELS.get(fmt, fmt)))
    found.append(Download(f"{role_id}-bundle.zip", BUNDLE, "zip", "ZIP: every file and a manifest"))
    return found


# --- pages ------------------------------------------------------------------------------------

def home() -> str:
    library = _library()
    roles, problems = [], []
    for role_id in library.role_files:
        try:
            roles.append(library.role(role_id))
        except InputError as exc:
            problems.extend(exc.problems)
    roles.sort(key=lambda r: (r.level, r.id))
    return render_template("home.html", roles=roles, problems=problems)


def role_page(role_id: str) -> tuple[str, int] | str:
    """GET: the posting for a company the server offers; POST: for an uploaded company file."""
    library = _library()
    _role_or_404(library, role_id)
    role = library.role(role_id)
    choices = company_choices()
    upload = None
    if request.method == "POST":
        file = request.files.get("company_file")
        if file is None or not file.filename:
            return _role_error(role, choices, "", [Problem(
                Position("company file"), "no file chosen", "choose a company YAML file to upload")])
        data = file.read(current_app.config["JDGEN_UPLOAD_LIMIT"] + 1)
        upload = _upload(file.filename, data)
        company, selected = upload, ""
    else:
        selected = request.args.get("company") or _default_company(choices)
        if selected not in choices:
            return _role_error(role, choices, "", [Problem(
                Position("company"), f'unknown company "{selected}"',
                f"choose one of: {', '.join(choices)}, or upload a company file")])
        company = choices[selected].path
    try:
        preview, report = _preview(role_id, company, library)
    except InputError as exc:
        return _role_error(role, choices, selected, exc.problems)
    from jdgen.web.security import style_hashes

    g.style_hashes = style_hashes(preview)
    return render_template(
        "role.html", role=role, choices=choices, selected=selected, preview=preview,
        report=report, findings=_findings(report), downloads=downloads(role_id, library),
        upload_name=upload.name if upload else None,
        upload_data=base64.b64encode(upload.data).decode("ascii") if upload else None)


def _role_error(role, choices, selected: str, problems: list[Problem]) -> tuple[str, int]:
    return render_template("role.html", role=role, choices=choices, selected=selected,
                           problems=problems), 400


def _preview(role_id: str, company: Path | Upload, library: Library):
    """The job description as its HTML file (the document's own CSP inside), and its lint."""
    from jdgen.api import export_documents, render_documents
    from jdgen.buildinfo import build_datetime
    from jdgen.documents import ExportOptions
    from jdgen.lint import lint_document

    posting = render_documents(role_id, company, "jd", library, _templates())[0]
    report = lint_document(posting, compliance=True)
    files = export_documents([posting], ["html"], Path("preview"), ExportOptions(build_datetime()))
    return next(iter(files.values())).decode("utf-8"), report


def _findings(report) -> list:
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(report.findings, key=lambda f: order[f.severity])


def download(role_id: str, file_name: str) -> Response:
    """A document of the role for a company the server offers (``?company=KEY``)."""
    library = _library()
    _role_or_404(library, role_id)
    choices = company_choices()
    key = request.args.get("company") or _default_company(choices)
    if key not in choices:
        abort(404, f'unknown company "{key}"')
    return _send(role_id, file_name, choices[key].path, library)


def download_upload(role_id: str) -> Response:
    """A document of the role for the company file uploaded on its page (sent back as base64)."""
    library = _library()
    _role_or_404(library, role_id)
    try:
        data = base64.b64decode(request.form.get("company_data", ""), validate=True)
    except (binascii.Error, ValueError):
        abort(400, "the uploaded company file did not come back whole — upload it again")
    if not data:
        abort(400, "no company file — upload it again on the role's page")
    return _send(role_id, request.form.get("file", ""), _upload(request.form.get("company_name"), data),
                 library)


def _send(role_id: str, file_name: str, company: Path | Upload, library: Library) -> Response:
    """The file, from the download cache when the same inputs made it before (see
    :mod:`jdgen.web.download_key`), else rendered (once, however many ask at the same time)."""
    from jdgen import api
    from jdgen.loading import company_path
    from jdgen.web.download_key import download_key

    wanted = next((d for d in downloads(role_id, library) if d.file_name == file_name), None)
    if wanted is None:
        abort(404, f'"{file_name}" is not a file this role has')
    templates = _templates()

    def make() -> bytes:
        bundled = wanted.doc == BUNDLE
        documents = api.render_documents(role_id, company, "all" if bundled else wanted.doc,
                                         library, templates)
        files = api.build_files(documents, company_path(company), library, Path("out"),
                                ["all"] if bundled else [wanted.fmt], bundle=bundled)
        return next(content for path, content in files.items() if path.name == file_name)

    key = download_key(role_id, file_name, company, library, templates)
    data = _download_cache().get_or_make(key, make)
    return send_file(io.BytesIO(data), mimetype=MEDIA_TYPES[wanted.fmt], as_attachment=True,
                     download_name=file_name, max_age=0)


def _download_cache():
    """The app's :class:`jdgen.web.cache.DiskCache` of downloads (shared by its workers)."""
    return current_app.config["JDGEN_CACHE"]


def login() -> Response | str | tuple[str, int]:
    from jdgen.web.security import token_digest

    token = current_app.config["JDGEN_TOKEN"]
    if token is None:
        return redirect(url_for("home"), 303)
    if request.method == "POST":
        given = request.form.get("token", "")
        if hmac.compare_digest(given.encode(), token.encode()):
            session.clear()
            session["auth"] = token_digest(token)
            return redirect(url_for("home"), 303)
        return render_template("login.html", error="That token is not this server's."), 401
    return render_template("login.html", error=None)


# --- errors: the CLI's wording, never a traceback ---------------------------------------------

def _input_error(exc: InputError) -> tuple[str, int]:
    return render_template("error.html", title="The input has problems", problems=exc.problems,
                           message=None), 400


def _build_error(exc: JdgenError) -> tuple[str, int]:
    return render_template("error.html", title="The documents could not be made", problems=[],
                           message=exc.message), 422


def _http_error(exc: HTTPException) -> tuple[str, int]:
    message = exc.description if exc.code in (400, 401, 404) else None
    if exc.code == 413:
        limit = current_app.config["MAX_CONTENT_LENGTH"] // 1024 // 1024
        message = f"the upload is larger than {limit} MiB; a company file is at most 1 MiB"
    return render_template("error.html", title=f"{exc.code} {exc.name}", problems=[],
                           message=message), exc.code or 500


def _internal_error(exc: Exception) -> tuple[str, int]:
    from jdgen import __version__

    current_app.logger.exception("internal error")
    return render_template(
        "error.html", title="Internal error", problems=[],
        message=f"internal error ({type(exc).__name__}) in jdgen {__version__}; "
                "please report it with what you did (see SECURITY.md)"), 500

