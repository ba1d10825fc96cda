"""What a build depends on, as one SHA-256: the key of the web app's download cache and of an
incremental ``jdgen build`` (``OUT/<company>/.jdgen-build.json``).

The key covers every input a build reads, so a change to any of them is a new key (and a new
render), and the same inputs are the same key in every process:

- jdgen's version, a fingerprint of its code and built-in roles, checklists and templates,
  the versions of the libraries that shape the files, and the fonts and font settings a PDF
  may use (computed once per process);
- the build date (:func:`jdgen.buildinfo.build_datetime`; with ``SOURCE_DATE_EPOCH`` set, the
  whole time, which the files carry), so a file is at most a day old and dates such as a
  posting's default ``datePosted`` are today's;
- what the caller adds for the files asked for (a download's file name; a build's options);
- the company file's name and bytes (an upload's, or the file as the build reads it), and the
  logo and reference document it names;
- the role's and its checklist's files, with everything they ``extends``, and every role and
  checklist file of the workspace (job titles and reporting lines come from other roles);
- every file in the workspace's template folders.

Every file is read as the build reads it, through :mod:`jdgen.gate`: nothing a request sends is
joined to a path.  A company file with problems raises the :class:`~jdgen.errors.InputError`
the build would raise; a workspace file the gate refuses counts by its refusal (the build
reports it, if it reads it).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jdgen import __version__, gate
from jdgen.buildinfo import build_datetime
from jdgen.errors import InputError
from jdgen.loading import Library, Upload, company_path
from jdgen.paths import builtin_dir

#: Libraries whose version changes what a file holds.
LIBRARIES = ("jinja2", "weasyprint", "pydyf", "python-docx", "docxtpl", "lxml", "nh3", "tinycss2",
             "markdownify", "pillow", "pyyaml", "pydantic")
_PACKAGE = Path(__file__).resolve().parent


class Digest:
    """A SHA-256 over parts, each length-prefixed."""

    def __init__(self, label: bytes = b"jdgen download key 1\0") -> None:
        self._hash = hashlib.sha256(label)

    def add(self, *parts: str | bytes) -> None:
        """Each part with its length first, so no two sequences of parts hash alike."""
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            self._hash.update(len(data).to_bytes(8, "big") + data)

    def add_file(self, name: str, path: Path, inside: Sequence[Path] | None, limit: int,
                 place: str = "the workspace", strict: bool = True) -> None:
        """A file's name and bytes, read through the gate; unless ``strict``, a refusal counts
        by its message instead of raising."""
        try:
            self.add("file", name, gate.read_bytes(path, inside=inside, what="file", limit=limit,
                                                   place=place))
        except InputError as exc:
            if strict:
                raise
            self.add("refused", name, *map(str, exc.problems))

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def start(digest: Digest | None = None) -> Digest:
    """A digest that holds jdgen's installation and the build date (or time)."""
    digest = digest or Digest()
    digest.add("jdgen", __version__, "installation", installation_fingerprint())
    digest.add("build time", build_stamp())
    return digest


def add_inputs(digest: Digest, role_id: str, company: Path | Upload, library: Library,
               templates: Sequence[Path] = ()) -> None:
    """Add what a build of ``role_id`` for ``company`` reads: the company file and the files it
    names, the role's and checklist's files, the workspace's roles and checklists, the templates.

    The company file, the files it names, and the roles and checklists are read through
    ``library``, which keeps them: the build that follows with the same library reads none of
    them again."""
    company_model, loaded = library.company(company)
    company_file = company_path(company)
    digest.add("company", company_file.name, loaded.raw)
    folder = company_file.parent
    for value, limit in ((company_model.brand.logo, gate.IMAGE_LIMIT),
                         (company_model.brand.reference_docx, gate.DOCX_LIMIT)):
        if value:
            data = library.bytes_of(folder / value)
            if data is None:
                digest.add_file(value, folder / value, (folder,), limit, "the company file's folder")
            else:
                digest.add("file", value, data)

    sources = [("roles", role_id)]
    if role_id in library.checklist_files:
        sources.append(("checklists", library.checklist_files[role_id]))
    for kind, item_id in sources:
        for file, data in library.bytes_read(kind, item_id):
            digest.add("file", f"{kind}/{file.name}", data)
    for kind in ("roles", "checklists"):
        for item_id, file in library.workspace_files(kind).items():
            try:
                read = library.bytes_read(kind, item_id)
            except InputError as exc:  # counts by its refusal: the build reports it, if it reads it
                digest.add("refused", f"workspace {kind}/{file.name}", *map(str, exc.problems))
            else:
                digest.add("file", f"workspace {kind}/{file.name}", read[0][1])
    for folder in map(Path, templates):
        for file in gate.files_in(folder):
            digest.add_file(f"templates/{file.relative_to(folder).as_posix()}", file, (folder,),
                            gate.limit_for(file), "the templates folder", strict=False)


def build_stamp() -> str:
    """The build date; with ``SOURCE_DATE_EPOCH``, the build time (every file carries it)."""
    when = build_datetime()
    return when.isoformat() if os.environ.get("SOURCE_DATE_EPOCH", "").strip() else when.date().isoformat()


@cache
def installation_fingerprint() -> str:
    """A SHA-256 of jdgen's own files (code, built-in roles, checklists, templates, lint data),
    the versions of the libraries that shape its files, and the fonts a PDF may use: a new
    install, an edited built-in template or a font installed or removed is a new key.  Files
    count by name, size and modification time (an edit changes both; reading every file would
    cost each build more than the check saves).  Computed once per process (``cache_clear()``
    to redo it)."""
    digest = Digest()
    folders = [("package", _PACKAGE)]
    folders += [(kind, builtin_dir(kind)) for kind in ("roles", "checklists", "templates")]
    folders += [("fonts", folder) for folder in font_folders()]
    for label, folder in folders:
        for file in gate.files_in(folder):
            relative = file.relative_to(folder)
            if "__pycache__" in relative.parts:
                continue
            try:
                info = file.stat()
            except OSError:  # a dangling link: counts as absent
                continue
            digest.add(label, relative.as_posix(), str(info.st_size), str(info.st_mtime_ns))
    versions = installed_versions()
    for name in LIBRARIES:
        digest.add(name, versions.get(_normalized(name), "absent"))
    return digest.hexdigest()


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def installed_versions() -> dict[str, str]:
    """Each installed distribution's version by normalized name, read off the names of the
    ``NAME-VERSION.dist-info`` folders on ``sys.path`` as :mod:`importlib.metadata` finds them
    (the first wins), in one listing of each folder rather than a search per library."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if dot and suffix in ("dist-info", "egg-info") and "-" in stem:
                project, version = stem.split("-", 2)[:2]
                found.setdefault(_normalized(project), version)
    return found


def font_folders() -> list[Path]:
    """Where fontconfig (WeasyPrint's font lookup) finds fonts and its settings, on Linux and
    macOS: a font installed or removed there changes a PDF."""
    home = Path.home()
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    candidates = [Path("/etc/fonts"), Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
                  data / "fonts", home / ".fonts", Path("/Library/Fonts"), home / "Library" / "Fonts"]
    return [folder for folder in candidates if folder.is_dir()]
