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
- every role and checklist file of the workspace (a role, what it ``extends``, its checklist,
  and the job titles and reporting lines of the others): the built-in ones are in the
  installation's fingerprint;
- every file in the workspace's template folders.

Every file is read as the build reads it, through :mod:`jdgen.gate`: nothing a request sends is
joined to a path.  Nothing is validated, so the key needs no schema: a company file that does
not parse raises the :class:`~jdgen.errors.InputError` the build would raise, one that does not
validate is reported by the build; a workspace file the gate refuses counts by its refusal (the
build reports it, if it reads it).
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
from jdgen.errors import InputError, Position, Problem
from jdgen.paths import builtin_dir
from jdgen.uploads import Upload, company_path

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
                 place: str = "the workspace", strict: bool = True) -> bytes | None:
        """A file's name and bytes, read through the gate (returned); unless ``strict``, a
        refusal counts by its message instead of raising (and None is returned)."""
        try:
            data = gate.read_bytes(path, inside=inside, what="file", limit=limit, place=place)
        except InputError as exc:
            if strict:
                raise
            self.add("refused", name, *map(str, exc.problems))
            return None
        except (ValueError, OSError) as exc:  # a name no file can have (a NUL in it)
            if strict:
                raise InputError(Problem(Position(str(name)), f"cannot read {name!r}: {exc}",
                                         "check the file's name")) from None
            self.add("refused", name, str(exc))
            return None
        self.add("file", name, data)
        return data

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def start(digest: Digest | None = None) -> Digest:
    """A digest that holds jdgen's installation and the build date (or time)."""
    digest = digest or Digest()
    digest.add("jdgen", __version__, "installation", installation_fingerprint())
    digest.add("build time", build_stamp())
    return digest


def add_inputs(digest: Digest, role_id: str, company: Path | Upload, roots: Sequence[Path],
               templates: Sequence[Path] = (), reads: dict[Path, bytes] | None = None) -> str | None:
    """Add what a build of ``role_id`` for ``company`` reads: the company file and the files it
    names, the images a template may embed from its folder, every role and checklist file of
    the workspaces (the built-in ones are in :func:`installation_fingerprint`), and the
    templates.  Return the company's output folder name as its raw YAML gives it (None when it
    does not say).

    Nothing is validated, so an up-to-date check needs no schema (pydantic is most of its
    cost): the company file is only parsed, for its output folder and the logo and reference
    document it names (cleaned as validation cleans them).  What is read goes into ``reads`` by
    path (at most :data:`KEPT_BYTES` in all), for the build to use rather than read again."""
    from jdgen.names import drop_control_characters, raw_output_slug
    from jdgen.sources import load_yaml, parse_yaml

    reads = {} if reads is None else reads
    company_file = company_path(company)
    if isinstance(company, Upload):
        loaded = parse_yaml(company.data, company.name, what="company file")
    else:  # read and parsed as the build does it
        loaded = load_yaml(company_file, what="company file",
                           inside=gate.enclosing(company_file, roots))
        reads[company_file] = loaded.raw
    digest.add("company", company_file.name, loaded.raw)
    raw = loaded.data
    brand = raw.get("brand") if isinstance(raw, dict) else None
    folder = company_file.parent
    for key, limit in (("logo", gate.IMAGE_LIMIT), ("reference_docx", gate.DOCX_LIMIT)):
        value = brand.get(key) if isinstance(brand, dict) else None
        value = drop_control_characters(value).strip() if isinstance(value, str) else ""
        read = digest.add_file(value, folder / value, (folder,), limit, "the company file's folder",
                               strict=False) if value else None
        if read is not None:
            reads[folder / value] = read
    digest.add("images", *_images(folder))
    kept = sum(map(len, reads.values()))
    for root in roots:
        for kind in ("roles", "checklists"):
            if os.path.isdir(root / kind):  # as the library lists them: *.yaml, not in subfolders
                for file in sorted((root / kind).glob("*.yaml")):
                    read = digest.add_file(f"workspace {kind}/{file.name}", file, (root,),
                                           gate.YAML_LIMIT, strict=False)
                    if read is not None and kept + len(read) <= KEPT_BYTES:
                        reads[file] = read
                        kept += len(read)
    for templates_folder in map(Path, templates):
        for file in gate.files_in(templates_folder):
            digest.add_file(f"templates/{file.relative_to(templates_folder).as_posix()}", file,
                            (templates_folder,), gate.limit_for(file), "the templates folder",
                            strict=False)
    return raw_output_slug(raw)


#: How many bytes of what a key read are kept for the build (more is read again by the build).
KEPT_BYTES = 32 * 2**20
#: How many entries of the company file's folder :func:`_images` looks at.
FOLDER_ENTRIES = 5000


#: Folders under the company file's folder that hold no template's images.
NOT_IMAGES = ("output", "node_modules", "__pycache__")


def _images(folder: Path) -> list[str]:
    """The PNG and JPEG files under the company file's folder (a template may embed one), each by
    path, size and modification time; hidden folders (``.git``) and :data:`NOT_IMAGES` are left
    out.  A folder of more than :data:`FOLDER_ENTRIES` entries counts as changed at every build:
    its builds are never skipped."""
    found, seen = [], 0
    for current, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in NOT_IMAGES)
        seen += len(folders) + len(files)
        if seen > FOLDER_ENTRIES:
            return [f"more than {FOLDER_ENTRIES} entries", os.urandom(16).hex()]
        for name in sorted(files):
            if name.lower().endswith((".png", ".jpg", ".jpeg")):
                path = Path(current) / name
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                found.append(f"{path.relative_to(folder).as_posix()} {info.st_size} {info.st_mtime_ns}")
    return found


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
