"""What a build depends on, as one SHA-256: the key of the web app's download cache and of an
incremental ``jdgen build`` (``OUT/<company>/.jdgen-build.json``).

The key covers every input a build reads, so a change to any of them is a new key (and a new
render), and the same inputs are the same key in every process:

- jdgen's version, a fingerprint of its code and built-in roles, checklists and templates,
  and the versions of the libraries that shape the files (computed once per process);
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
from collections.abc import Sequence
from functools import cache
from importlib import metadata
from pathlib import Path

from jdgen import __version__, gate
from jdgen.buildinfo import build_datetime
from jdgen.errors import InputError
from jdgen.loading import Library, Upload, company_path, load_company_yaml
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
    names, the role's and checklist's files, the workspace's roles and checklists, the templates."""
    company_model, loaded = load_company_yaml(company, library.roots)  # as the build reads it
    company_file = company_path(company)
    digest.add("company", company_file.name, loaded.raw)
    folder = company_file.parent
    for value, limit in ((company_model.brand.logo, gate.IMAGE_LIMIT),
                         (company_model.brand.reference_docx, gate.DOCX_LIMIT)):
        if value:
            digest.add_file(value, folder / value, (folder,), limit, "the company file's folder")

    sources = [("roles", role_id)]
    if role_id in library.checklist_files:
        sources.append(("checklists", library.checklist_files[role_id]))
    for kind, item_id in sources:
        for file in library.files_read(kind, item_id):
            digest.add_file(f"{kind}/{file.name}", file, gate.enclosing(file, library.roots),
                            gate.YAML_LIMIT)
    for root in library.roots:
        for kind in ("roles", "checklists"):
            folder = root / kind
            if os.path.isdir(folder):  # as the library lists them: *.yaml, not in subfolders
                for file in sorted(folder.glob("*.yaml")):
                    digest.add_file(f"workspace {kind}/{file.name}", file, (root,), gate.YAML_LIMIT,
                                    strict=False)
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
    """A SHA-256 of jdgen's own files (code, built-in roles, checklists, templates, lint data)
    and the versions of the libraries that shape its files: a new install or an edited
    built-in template is a new key.  Computed once per process (``cache_clear()`` to redo it)."""
    digest = Digest()
    folders = [("package", _PACKAGE)]
    folders += [(kind, builtin_dir(kind)) for kind in ("roles", "checklists", "templates")]
    for label, folder in folders:
        for file in gate.files_in(folder):
            relative = file.relative_to(folder)
            if "__pycache__" not in relative.parts:
                digest.add(label, relative.as_posix(), file.read_bytes())
    for name in LIBRARIES:
        try:
            digest.add(name, metadata.version(name))
        except metadata.PackageNotFoundError:
            digest.add(name, "absent")
    return digest.hexdigest()
