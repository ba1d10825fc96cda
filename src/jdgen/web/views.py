"""The pages: the role library, a role's preview and lint findings, downloads, and the login form.

Every document comes from the library (:func:`jdgen.api.render_documents`,
:func:`jdgen.api.export_documents`, :func:`jdgen.lint.lint_document`), in memory: the web app
writes no file but its download cache (:mod:`jdgen.web.cache`).  Nothing a request names
reaches the file system: a role id is looked up in the library, a company is one of a fixed set
of files or uploaded bytes (:class:`Upload`), a download's file name is looked up among the
names the role's documents have, and a cache entry is named by a SHA-256 of its inputs.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from jdgen.errors import InputError, JdgenError, Position, Problem
from jdgen.loading import Library, Upload
from jdgen.web import company_form
from jdgen.web.company_form import RoleName

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
    title: str = ""  # the document's title (the bundle's: "Everything")


def init_app(app: Flask) -> None:
    app.add_url_rule("/", "home", home)
    app.add_url_rule("/roles/<role_id>", "role", role_page, methods=["GET", "POST"])
    app.add_url_rule("/roles/<role_id>/download/<file_name>", "download", download)
    app.add_url_rule("/roles/<role_id>/download", "download_upload", download_upload,
                     methods=["POST"])
    app.add_url_rule("/roles/<role_id>/preview", "preview", preview, methods=["POST"])
    app.add_url_rule("/previews/<key>", "preview_file", preview_file)
    app.add_url_rule("/company.yaml", "company_yaml", company_yaml, methods=["POST"])
    app.add_url_rule("/login", "login", login, methods=["GET", "POST"])
    app.register_error_handler(InputError, _input_error)
    app.register_error_handler(JdgenError, _build_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _internal_error)
    app.add_template_filter(place)
    app.add_template_filter(code)
    app.jinja_env.globals["navigation"] = NAVIGATION


def place(where: Position) -> str:
    """A position as a page shows it: the file's name only, never where the server keeps it."""
    return str(Position(PurePath(where.path).name or where.path, where.line, where.col, where.page))


def code(text: str) -> Markup:
    """A schema description as a page shows it: `key` in backticks becomes ``<code>``."""
    parts = str(text).split("`")
    return Markup("".join(f"<code>{escape(part)}</code>" if i % 2 else str(escape(part))
                          for i, part in enumerate(parts)))


# --- inputs, looked up ------------------------------------------------------------------------

def _workspace():
    return current_app.config["JDGEN_WORKSPACE"]


def _library() -> Library:
    """The role library: one per server for the built-in files, which do not change while it
    runs; with a workspace, a new one whenever a file in its roles or checklists changes, so an
    edit shows on the next page."""
    workspace = _workspace()
    roots = (workspace.root,) if workspace else ()
    stamp = _stamp(roots)
    cached = current_app.extensions.get("jdgen.library")
    if cached is None or cached[0] != stamp:
        cached = (stamp, Library(roots))
        current_app.extensions["jdgen.library"] = cached
    return cached[1]


def _stamp(roots: tuple[Path, ...]) -> tuple:
    """What changes when a workspace's role or checklist file does: each file's name, inode,
    size and modification time."""
    found = []
    for root in roots:
        for kind in ("roles", "checklists"):
            try:
                entries = list(os.scandir(root / kind))
            except OSError:
                continue
            for entry in entries:
                try:
                    info = entry.stat()
                except OSError:
                    continue
                found.append((kind, entry.name, info.st_ino, info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


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
                                      FORMAT_LABELS.get(fmt, fmt), kind.title))
    found.append(Download(f"{role_id}-bundle.zip", BUNDLE, "zip", "ZIP: every file and a manifest",
                          "Everything"))
    return found


# --- the company on a page ---------------------------------------------------------------------

@dataclass
class CompanyState:
    """The company a role page shows: the form's data, the source the library builds from
    (the file's own bytes, or the form's data as YAML), and what is wrong with it.

    ``from_file``: the problems point into a file the user has (show their line); otherwise
    into YAML made from the form (show them beside the fields only)."""

    data: dict
    source: Upload | None
    base: str
    name: str
    problems: list[Problem] = field(default_factory=list)
    from_file: bool = True


def _role_names(library: Library) -> list[RoleName]:
    names = []
    for role_id in library.role_files:
        try:
            role = library.role(role_id)
        except InputError:
            continue
        names.append((role.level, RoleName(role.id, role.title)))
    return [name for _, name in sorted(names, key=lambda pair: (pair[0], pair[1].id))]


def _folder(base: str, choices: dict[str, CompanyChoice]) -> Path:
    """Where the files a company names (its logo) are looked up: the folder of the company file
    the form started from, else the workspace, else the examples."""
    return choices[base].path.parent if base in choices else _upload_folder()


def _from_bytes(data: bytes, name: str, base: str, choices: dict[str, CompanyChoice],
                fallback: dict | None = None) -> CompanyState:
    """A company file's bytes: its data for the form (even when it does not validate)."""
    from jdgen.sources import parse_yaml

    source = Upload(name, data, _folder(base, choices))
    try:
        parsed = parse_yaml(data, name, what="company file").data
    except InputError as exc:
        return CompanyState(fallback or {}, None, base, name, exc.problems,
                            from_file=True)
    return CompanyState(parsed if isinstance(parsed, dict) else {}, source, base, name)


def _from_choice(key: str, choices: dict[str, CompanyChoice]) -> CompanyState:
    from jdgen import gate

    choice = choices[key]
    data = gate.read_bytes(choice.path, inside=(choice.path.parent,), what="company file",
                           limit=gate.YAML_LIMIT)
    return _from_bytes(data, choice.path.name, key, choices)


def _from_form(choices: dict[str, CompanyChoice], roles: list[RoleName]) -> CompanyState:
    """The form as sent, or (the form's upload button) the file chosen in it."""
    form = request.form
    if len(form) > current_app.config["MAX_FORM_PARTS"]:  # a multipart form is held to it as parsed
        abort(413, _too_many_fields())
    base = form.get("base", "")
    base = base if base in choices else ""
    name = _file_name(form.get("company_name"))
    data = company_form.read(form, roles)
    if form.get("action") == "upload":
        file = request.files.get("company_file")
        if file is None or not file.filename:
            state = CompanyState(data, None, base, name, [Problem(
                Position("company file"), "no file chosen",
                "choose a company YAML file, then press the upload button")], from_file=False)
            return state
        raw = file.read(current_app.config["JDGEN_UPLOAD_LIMIT"] + 1)
        return _from_bytes(raw, _file_name(file.filename), base, choices, fallback=data)
    return CompanyState(data, Upload(name, company_form.to_yaml(data), _folder(base, choices)),
                        base, name, from_file=False)


def _too_many_fields() -> str:
    return (f"the form has more than {current_app.config['MAX_FORM_PARTS']:,} fields, or one "
            "longer than 2 MiB — reload the page, or upload the company file instead")


def _file_name(name: str | None) -> str:
    """A company file's name as sent (an upload's, or the form's hidden field): its last part
    (``/`` or ``\\``), printable characters only (a line break would end the download's
    ``Content-Disposition`` header), at most 100 characters."""
    name = "".join(ch for ch in name or "" if ch.isprintable()).strip()
    name = PurePath(name.replace("\\", "/")).name[:100]
    return "company.yaml" if name in ("", ".", "..") else name


# --- pages ------------------------------------------------------------------------------------

#: The main navigation: (endpoint, label).  The advisor (CSO, VP of Sales or CRO?) and the role
#: comparison add themselves here when they exist.
NAVIGATION = [("home", "Role library")]


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
    """A role's posting for a company: GET starts from a company file the server offers
    (``?company=KEY``), POST takes the company form as edited (or a file uploaded in it)."""
    library = _library()
    _role_or_404(library, role_id)
    role = library.role(role_id)
    choices, roles = company_choices(), _role_names(library)
    if request.method == "POST":
        state = _from_form(choices, roles)
    else:
        key = request.args.get("company") or _default_company(choices)
        if key not in choices:
            abort(400, f'unknown company "{key}" — choose one of: {", ".join(choices)}')
        state = _from_choice(key, choices)
    result = _result(role_id, state, library)
    status = 200 if result.preview_key else 400
    return render_template("role.html", role=role, choices=choices, state=state, roles=roles,
                           downloads=downloads(role_id, library), **result.page(state, roles,
                                                                              role_id)), status


def preview(role_id: str) -> Response:
    """The live preview: the form as it stands, as JSON for the page's script."""
    library = _library()
    _role_or_404(library, role_id)
    choices, roles = company_choices(), _role_names(library)
    state = _from_form(choices, roles)
    result = _result(role_id, state, library)
    page = result.page(state, roles, role_id)
    fields: dict[str, list[str]] = {}
    _errors(page["form"], fields)
    return jsonify(
        preview=url_for("preview_file", key=result.preview_key) if result.preview_key else None,
        results=render_template("results.html", state=state, **page),
        fields=fields)


def _errors(items, found: dict[str, list[str]]) -> None:
    for item in items:
        if item.errors:
            found[item.id] = item.errors
        if item.is_group:
            _errors(item.items, found)


@dataclass
class Result:
    """What the library made of a company for a role: the preview (a key of the cache) and its
    lint, or the problems that stopped it."""

    preview_key: str | None = None
    report: object = None
    findings: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def page(self, state: CompanyState, roles: list[RoleName], role_id: str) -> dict:
        problems = [*state.problems, *self.problems]
        form, anchors = company_form.build(state.data, roles, problems, role_id)
        return {"form": form, "problems": list(zip(problems, anchors, strict=True)),
                "preview_key": self.preview_key, "report": self.report,
                "findings": self.findings}


def _result(role_id: str, state: CompanyState, library: Library) -> Result:
    if state.source is None:
        return Result()
    try:
        posting, report = _lint(role_id, state.source, library)
    except InputError as exc:
        return Result(problems=exc.problems)
    from jdgen.web.highlight import mark_findings

    findings = _findings(report, posting, state)
    markup = mark_findings(_html(posting), [f.finding for f in findings])
    for shown, mark in zip(findings, markup.marks, strict=True):
        shown.mark = mark
    return Result(_store_preview(markup.html.encode("utf-8")), report, findings)


def _lint(role_id: str, company: Upload, library: Library):
    from jdgen.api import render_documents
    from jdgen.lint import lint_document

    posting = render_documents(role_id, company, "jd", library, _templates())[0]
    return posting, lint_document(posting, compliance=True)


def _html(posting) -> str:
    """The job description as its HTML file (the document's own CSP inside)."""
    from jdgen.api import export_documents
    from jdgen.buildinfo import build_datetime
    from jdgen.documents import ExportOptions

    files = export_documents([posting], ["html"], Path("preview"), ExportOptions(build_datetime()))
    return next(iter(files.values())).decode("utf-8")


@dataclass
class ShownFinding:
    """A lint finding as the page lists it: where it is (a form field, or a file's line) and
    the mark that highlights its text in the preview."""

    finding: object
    field: str | None = None
    label: str | None = None
    mark: str | None = None


def _findings(report, posting, state: CompanyState) -> list[ShownFinding]:
    order = {"error": 0, "warning": 1, "info": 2}
    company = posting.models["company_yaml"].source
    shown = []
    for finding in sorted(report.findings, key=lambda f: order[f.severity]):
        entry = ShownFinding(finding)
        if not state.from_file and finding.where.path == company.path:
            loc = company_form.field_at(company, finding.where)
            if loc:
                entry.field = "f-" + "-".join(map(str, loc))
                entry.label = company_form.label_of(loc)
        shown.append(entry)
    return shown


#: What a preview's cache entry starts with: a download kept in the same cache is never shown
#: as a preview, whatever key is asked for.
PREVIEW_MARK = b"jdgen preview\n"
#: Previews kept in this process when the cache keeps nothing (``JDGEN_CACHE_BYTES=0``).
_previews: OrderedDict[str, bytes] = OrderedDict()


def _store_preview(data: bytes) -> str:
    """The preview's key: a digest of the session's secret with the content, so the same for a
    session's same form (the frame is not reloaded), and one no one else can work out (with a
    shared token, a bare content hash let anyone who could rebuild a guessed posting, say a pay
    range, ask whether someone had previewed it)."""
    from jdgen.web.security import csrf_token

    entry = PREVIEW_MARK + data
    key = hashlib.sha256(b"jdgen preview\0" + csrf_token().encode() + b"\0" + entry).hexdigest()
    if not _cache().put(key, entry):
        _previews[key] = entry
        while len(_previews) > 32:
            _previews.popitem(last=False)
    return key


def preview_file(key: str) -> Response:
    """A preview the page made: the job description with its lint findings marked, shown in
    the page's frame (same origin, so the page can scroll it to a finding; never scripts)."""
    entry = (_cache().get(key) or _previews.get(key)) if re.fullmatch(r"[0-9a-f]{64}", key) else None
    if entry is None or not entry.startswith(PREVIEW_MARK):
        abort(404, "this preview is no longer kept — reload the page")
    response = Response(entry[len(PREVIEW_MARK):], mimetype="text/html")
    response.headers["Content-Security-Policy"] = PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


#: The preview's own policy: its inline styles and images, nothing that runs or fetches.
PREVIEW_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
               "sandbox allow-same-origin; frame-ancestors 'self'; base-uri 'none'; "
               "form-action 'none'")


def company_yaml() -> Response:
    """The company form as a YAML file, so work on the page is never lost."""
    choices, roles = company_choices(), _role_names(_library())
    state = _from_form(choices, roles)
    name = state.name if state.name.endswith((".yaml", ".yml")) else "company.yaml"
    return send_file(io.BytesIO(company_form.to_yaml(state.data)), mimetype="application/yaml",
                     as_attachment=True, download_name=name, max_age=0)


def _cache():
    """The server's :class:`~jdgen.web.cache.DiskCache`: downloads and previews."""
    return current_app.config["JDGEN_CACHE"]


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
    """A document of the role for the company form as it stands (its download buttons)."""
    library = _library()
    _role_or_404(library, role_id)
    state = _from_form(company_choices(), _role_names(library))
    if state.source is None:
        raise InputError(state.problems)
    return _send(role_id, request.form.get("file", ""), state.source, library)


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
    data = _cache().get_or_make(key, make)
    return send_file(io.BytesIO(data), mimetype=MEDIA_TYPES[wanted.fmt], as_attachment=True,
                     download_name=file_name, max_age=0)


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
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        if (request.content_length or 0) > limit:
            message = (f"the upload is larger than {limit // 1024 // 1024} MiB; a company file is "
                       "at most 1 MiB")
        else:  # Werkzeug's limits on a multipart form's parts, or ours on any form
            message = _too_many_fields()
    return render_template("error.html", title=f"{exc.code} {exc.name}", problems=[],
                           message=message), exc.code or 500


def _internal_error(exc: Exception) -> tuple[str, int]:
    from jdgen import __version__

    current_app.logger.exception("internal error")
    return render_template(
        "error.html", title="Internal error", problems=[],
        message=f"internal error ({type(exc).__name__}) in jdgen {__version__}; "
                "please report it with what you did (see SECURITY.md)"), 500

