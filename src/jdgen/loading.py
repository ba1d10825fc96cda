"""Load and validate: YAML files into pydantic models, every error mapped to FILE:LINE:COL."""

from __future__ import annotations

import difflib
import os
import threading
import types
import typing
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from jdgen import gate, inheritance, models
from jdgen.errors import ConfigurationError, InputError, Position, Problem
from jdgen.images import ImageRefused, check_image
from jdgen.models import FACT_NAMES, LINE_TAGS, Checklist, Company, Role
from jdgen.paths import builtin_dir
from jdgen.sources import Loaded, SourceMap, load_yaml, parse_yaml, shown
from jdgen.uploads import Upload, company_path
from jdgen.wordfile import NotAWordFile, check_word_file

M = TypeVar("M", bound=BaseModel)

_TYPE_HINTS = {
    "int_parsing": "write a whole number, without quotes, commas or a currency sign",
    "int_type": "write a whole number",
    "int_from_float": "write a whole number",
    "bool_parsing": "write true or false",
    "bool_type": "write true or false",
    "string_type": "write text; quote it if it looks like a number, a date or true/false",
    "list_type": "write a list, one `- item` per line",
    "dict_type": "write a mapping of keys to values",
    "model_type": "write a mapping of keys to values",
    "model_attributes_type": "write a mapping of keys to values",
    "literal_error": "use one of the values listed",
    "date_from_datetime_parsing": "write a date as YYYY-MM-DD",
    "date_parsing": "write a date as YYYY-MM-DD",
    "date_type": "write a date as YYYY-MM-DD",
    "too_short": "add at least one entry",
    "string_too_short": "write some text, or remove the key",
    "greater_than_equal": "use a larger number",
    "less_than_equal": "use a smaller number",
}
_PATTERN_HINTS = {
    models.HEX_COLOUR: "write a colour as #RRGGBB, e.g. #1F4E79",
    models.FONT_NAME: "use a font family name of letters, digits, spaces and hyphens",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "use lowercase letters, digits and single hyphens, e.g. vp-sales",
    r"^[A-Z]{3}$": "use a three-letter ISO 4217 currency code such as USD, EUR or GBP",
    r"^https?://\S+$": "write a full web address starting with https://",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": "write an email address such as jobs@example.com",
    r"^[a-z]{2}(-[A-Z]{2})?$": "write a language code such as en or en-GB",
}


def _unwrap(annotation: object) -> object:
    """Strip ``Optional`` and ``Annotated`` from a type annotation."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin in (typing.Union, types.UnionType):
            annotation = next(a for a in args if a is not type(None))
        elif origin is typing.Annotated:
            annotation = args[0]
        else:
            return annotation


def _mapping_model(model: type[BaseModel], fields: tuple[str, ...]) -> type[BaseModel] | None:
    """The model of the mapping reached by following ``fields`` (list items and dict values
    are stepped into, so ``("compensation", "cso")`` from Company gives Compensation)."""
    current: object = model
    for part in fields:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next((f for name, f in current.model_fields.items() if part in (name, f.alias)), None)
        if field is None:
            return None
        current = _unwrap(field.annotation)
        if typing.get_origin(current) in (list, dict):
            current = _unwrap(typing.get_args(current)[-1])
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_names(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{shown(part, 40)}" if out else shown(part, 40))
    return out


def _problem(error: dict, source: SourceMap, model: type[BaseModel]) -> Problem:
    loc = tuple(part for part in error["loc"] if part not in LINE_TAGS)
    kind = error["type"]
    ctx = error.get("ctx") or {}
    on_key = bool(loc) and loc[-1] == "[key]"
    if on_key:
        loc = loc[:-1]
    loc = (*loc, *ctx.get("loc", ()), *((ctx["field"],) if "field" in ctx else ()))
    container = tuple(p for p in loc[:-1] if not isinstance(p, int)) if loc else ()
    name = loc[-1] if loc else ""

    if kind == "extra_forbidden":
        allowed = _field_names(_mapping_model(model, _field_path(model, loc[:-1])))
        close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        hint = (f'did you mean "{close[0]}"?' if close
                else f"remove it; keys allowed here: {', '.join(allowed)}")
        return Problem(source.locate(loc, prefer_key=True), f'unknown key "{shown(name)}"', hint,
                       loc)
    if kind == "missing":
        where = f' in "{_dotted(container)}"' if container else ""
        return Problem(source.locate(loc[:-1], prefer_key=True),
                       f'missing required key "{name}"{where}', f'add "{name}:" with a value', loc)
    value = error.get("input")
    quoted = f' "{shown(value)}"' if isinstance(value, str | int | float) and not isinstance(value, bool) \
        and kind not in ("range_inverted",) else ""
    if kind == "string_pattern_mismatch":
        return Problem(source.locate(loc), f'{_dotted(loc)}{quoted} is not in the expected format',
                       _PATTERN_HINTS.get(ctx.get("pattern", ""), "see the schema for the format"), loc)
    if on_key:
        return Problem(source.locate(loc, prefer_key=True), f'key "{shown(name)}" is not valid',
                       _PATTERN_HINTS.get(ctx.get("pattern", ""), "rename it"), loc)
    hint = ctx.get("hint") or _TYPE_HINTS.get(kind, "see the schema for what is allowed")
    if kind == "too_short" and ctx.get("min_length", 1) > 1:  # a kit's outcomes: at least 5
        hint = f"give at least {ctx['min_length']} entries"
    message = error["msg"]
    message = message[0].lower() + message[1:] if message else kind
    subject = (_dotted(loc) or "file") + quoted
    return Problem(source.locate(loc), f"{subject}: {message}", hint, loc)


def _field_path(model: type[BaseModel], loc: tuple) -> tuple[str, ...]:
    """``loc`` without list indexes and dict keys: only the names of fields."""
    fields: list[str] = []
    for part in loc:
        current = _mapping_model(model, tuple(fields))
        if current is not None and part in _field_names(current):
            fields.append(part)
    return tuple(fields)


def validate(loaded: Loaded, model: type[M]) -> M:
    """Validate loaded YAML against ``model``; every error becomes a positioned Problem.

    The same parsed document (:func:`jdgen.sources.parse_yaml` keeps one per file's bytes)
    validates once per process: the models are frozen, so builds one after another share them."""
    key = (model, id(loaded))
    with _VALID_LOCK:
        if (known := _VALID.get(key)) is not None and known[0] is loaded:
            _VALID.move_to_end(key)
            return known[1]
    try:
        result = model.model_validate(loaded.data)
    except ValidationError as exc:
        raise ConfigurationError([_problem(e, loaded.source, model) for e in exc.errors()]) from None
    with _VALID_LOCK:
        _VALID[key] = (loaded, result)  # holding ``loaded`` keeps its id from being reused
        while len(_VALID) > 128:
            _VALID.popitem(last=False)
    return result


_VALID: OrderedDict[tuple[type, int], tuple[Loaded, BaseModel]] = OrderedDict()
_VALID_LOCK = threading.Lock()


def _brand_file(company_file: Path, key: str, value: str, where: Position, what: str,
                suffixes: tuple[str, ...], label: str, limit: int,
                check: Callable[[bytes], None], reads: dict[Path, bytes]) -> list[Problem]:
    """Problems with a file the company file names in ``brand.KEY``: it must sit in the company
    file's folder, and ``check`` its content (raising :class:`ImageRefused` or
    :class:`NotAWordFile`).  The bytes checked go into ``reads``, by path, or come from it when
    they were read already."""
    at = ("brand", key)
    if Path(value).suffix.lower() not in suffixes:
        return [Problem(where, f'{what} "{value}" is not a {label} file',
                        f"give the path of a {label} file", at)]
    data = reads.get(company_file.parent / value)
    if data is None:
        try:
            data = gate.read_bytes(company_file.parent / value, inside=(company_file.parent,),
                                   what=f'{what} "{value}"', where=where, limit=limit,
                                   place="the company file's folder")
        except InputError as exc:
            return [replace(problem, field=at) for problem in exc.problems]
        reads[company_file.parent / value] = data
    try:
        check(data)
    except (ImageRefused, NotAWordFile) as exc:
        return [Problem(where, f'{what} "{value}" {exc.reason}', exc.hint, at)]
    return []


def load_company(path: Path, roots: Sequence[Path] = ()) -> tuple[Company, SourceMap]:
    """Load and validate a company file, and check the files it names.

    ``roots`` are the workspace roots: a company file in one of them must stay inside it.
    """
    company, loaded = load_company_yaml(path, roots)
    return company, loaded.source


def load_company_yaml(source: Path | Upload, roots: Sequence[Path] = (),
                      reads: dict[Path, bytes] | None = None,
                      data: bytes | None = None) -> tuple[Company, Loaded]:
    """:func:`load_company`, with the parsed YAML and its positions (what lint traces text to);
    ``source`` is a company file or an :class:`Upload`.  The logo and reference document are
    read to be checked; their bytes go into ``reads``, by path, when it is given (and files
    already in it, read through the gate for a build key, are not read again).  ``data`` is
    the company file's bytes when they were read so already."""
    reads = {} if reads is None else reads
    path = company_path(source)
    if isinstance(source, Upload):
        loaded = parse_yaml(source.data, source.name, what="company file")
    else:
        loaded = load_yaml(path, what="company file", inside=gate.enclosing(path, roots), data=data)
    company = validate(loaded, Company)
    problems = []
    if company.brand.logo:
        suffix = Path(company.brand.logo).suffix
        problems += _brand_file(path, "logo", company.brand.logo,
                                loaded.source.locate(("brand", "logo")),
                                "logo", (".png", ".jpg", ".jpeg"), "PNG or JPEG", gate.IMAGE_LIMIT,
                                lambda data: check_image(data, suffix), reads)
    if company.brand.reference_docx:
        problems += _brand_file(path, "reference_docx", company.brand.reference_docx,
                                loaded.source.locate(("brand", "reference_docx")),
                                "reference document", (".docx",), "Word .docx", gate.DOCX_LIMIT,
                                check_word_file, reads)
    if problems:
        raise ConfigurationError(problems)
    return company, loaded


def check_logo_for_word(company: Company, source: SourceMap, data: bytes) -> None:
    """The company's logo (``data``, checked at load) must be one Word can place too, for a DOCX:
    a :class:`ConfigurationError` at its line in the company file when it is not."""
    from jdgen.images import check_word_image

    name = company.brand.logo or ""
    try:
        check_word_image(data, Path(name).suffix)
    except ImageRefused as exc:
        raise ConfigurationError(Problem(source.locate(("brand", "logo")), f'logo "{name}" {exc.reason}',
                                         exc.hint, ("brand", "logo"))) from None


class Library:
    """Roles and checklists: a workspace's own folders first, then the built-in ones.

    A file may extend another with ``extends: ID`` (the first file of that id in lookup order)
    or ``extends: builtin/ID`` (the built-in one, so a workspace file can refine the built-in
    file it shadows).
    """

    def __init__(self, roots: tuple[Path, ...] = ()):
        self.roots = tuple(Path(r) for r in roots)
        self._roles: dict[str, tuple[Role, SourceMap]] = {}
        self._raw: dict[tuple[str, str], Loaded] = {}
        self._read: dict[tuple[str, str], list[Path]] = {}
        self._bytes: dict[Path, bytes] = {}
        self._listing: dict[tuple[str, bool], dict[str, Path]] = {}
        self._companies: dict[Path, tuple[tuple[int, ...], tuple[Company, Loaded]]] = {}
        self._seeded: dict[Path, bytes] = {}

    def company(self, source: Path | Upload) -> tuple[Company, Loaded]:
        """:func:`load_company_yaml`, once per library: a batch's items for one company, and
        ``--watch``'s reads and the build, share one load of the company file and the files it
        names.  A file that changed since (another size, time or inode) is loaded again; an
        upload is parsed each time (and nothing of it is kept: a web app's library lives for
        many uploads)."""
        if isinstance(source, Upload):
            return load_company_yaml(source, self.roots)
        path = Path(source)
        seeded = self._seeded.pop(path, None)
        try:
            info = path.stat()
        except OSError:  # the loader says what is wrong
            return load_company_yaml(path, self.roots, self._bytes, seeded)
        stamp, key = (info.st_ino, info.st_size, info.st_mtime_ns), path.absolute()
        if (cached := self._companies.get(key)) is not None and cached[0] == stamp:
            return cached[1]
        loaded = load_company_yaml(path, self.roots, self._bytes, seeded)
        self._companies[key] = (stamp, loaded)
        return loaded

    def seed(self, reads: dict[Path, bytes]) -> None:
        """Files a build key read through the gate (:func:`jdgen.buildkey.add_inputs`), for
        this library to parse rather than read again: the build uses exactly the bytes its key
        was made from."""
        for path, data in reads.items():
            if path.suffix.lower() in (".yaml", ".yml"):  # parsed when first asked for
                self._seeded.setdefault(path, data)
            else:  # a logo or reference document: checked at load, embedded by the exporters
                self._bytes.setdefault(path, data)

    def bytes_of(self, path: Path) -> bytes | None:
        """The bytes of a file this library read (a role, checklist, logo, reference document)."""
        return self._bytes.get(path)

    def _dirs(self, kind: str) -> list[Path]:
        """The workspaces' ``kind`` folders (each must stay inside its workspace), then the built-in one."""
        found = []
        for root in self.roots:
            if os.path.lexists(folder := root / kind):
                gate.checked_dir(folder, inside=(root,), what=f"{kind} folder", error=ConfigurationError)
                found.append(folder)
        return [*found, builtin_dir(kind)]

    def _files(self, kind: str, builtin_only: bool = False) -> dict[str, Path]:
        """Id → file for ``kind``, listed once per library (``raw`` asks for it often)."""
        key = (kind, builtin_only)
        if key not in self._listing:
            found: dict[str, Path] = {}
            for folder in [builtin_dir(kind)] if builtin_only else self._dirs(kind):
                for file in sorted(folder.glob("*.yaml")):
                    found.setdefault(file.stem, file)
            self._listing[key] = found
        return self._listing[key]

    def stamp(self, kind: str) -> tuple[tuple[str, int, int, int], ...]:
        """Every ``kind`` file of the library's folders (shadowed ones too: a file may extend
        the built-in one it shadows) by path, inode, size and modification time: equal stamps,
        unchanged files."""
        found = []
        for folder in self._dirs(kind):
            for file in sorted(folder.glob("*.yaml")):
                try:
                    info = file.stat()
                except OSError:
                    continue
                found.append((str(file), info.st_ino, info.st_size, info.st_mtime_ns))
        return tuple(found)

    @cached_property
    def role_files(self) -> dict[str, Path]:
        """Every role id and the file that defines it (earlier folders win)."""
        return self._files("roles")

    @cached_property
    def checklist_ids(self) -> dict[str, Path]:
        """Every checklist id and the file that defines it (earlier folders win)."""
        return self._files("checklists")

    def _path(self, kind: str, item_id: str) -> Path:
        if item_id.startswith("builtin/"):
            return self._files(kind, builtin_only=True)[item_id.removeprefix("builtin/")]
        return self._files(kind)[item_id]

    def _known(self, kind: str) -> list[str]:
        return [*self._files(kind), *(f"builtin/{i}" for i in self._files(kind, builtin_only=True))]

    def raw(self, kind: str, item_id: str, chain: tuple[str, ...] = ()) -> Loaded:
        """The YAML of a role or checklist with its ``extends`` chain merged in, not validated."""
        if (kind, item_id) not in self._raw:
            path = self._path(kind, item_id)
            loaded = load_yaml(path, what=f"{kind[:-1]} file", inside=gate.enclosing(path, self.roots),
                               data=self._seeded.pop(path, None))
            self._bytes[path] = loaded.raw
            own_id = item_id.removeprefix("builtin/")
            parents: list[str] = []

            def parent(parent_id: str) -> Loaded:
                parents.append(parent_id)
                return self.raw(kind, parent_id, (*chain, item_id))

            self._raw[(kind, item_id)] = inheritance.resolve(
                loaded, own_id, parent, lambda: self._known(kind), chain,
                inheritance.edit_checklist if kind == "checklists" else None)
            self._read[(kind, item_id)] = [path, *(f for p in parents for f in self._read[(kind, p)])]
        return self._raw[(kind, item_id)]

    def files_read(self, kind: str, item_id: str) -> list[Path]:
        """The file of a role or checklist and the files of everything it extends."""
        self.raw(kind, item_id)
        return self._read[(kind, item_id)]

    def bytes_read(self, kind: str, item_id: str) -> list[tuple[Path, bytes]]:
        """:meth:`files_read` with each file's bytes as they were parsed (never read again)."""
        return [(path, self._bytes[path]) for path in self.files_read(kind, item_id)]

    def role(self, role_id: str) -> Role:
        """The validated role ``role_id``; an unknown id lists the known ones."""
        return self.role_with_source(role_id)[0]

    def role_with_source(self, role_id: str) -> tuple[Role, SourceMap]:
        if role_id not in self.role_files:
            known = ", ".join(sorted(self.role_files))
            close = difflib.get_close_matches(role_id, list(self.role_files), n=1)
            hint = (f'did you mean "{close[0]}"? ' if close else "") + f"known roles: {known}"
            raise InputError(Problem(Position("argument ROLE"), f'unknown role "{role_id}"', hint))
        if role_id not in self._roles:
            loaded = self.raw("roles", role_id)
            role = validate(loaded, Role)
            if role.id != role_id:
                raise ConfigurationError(Problem(
                    loaded.source.locate(("id",)),
                    f'role id "{role.id}" does not match the file name "{role_id}.yaml"',
                    f'set `id: {role_id}` or rename the file'))
            from jdgen.conditions import ConditionError, compile_condition

            problems = []
            for loc, when in role.conditions():
                try:
                    compile_condition(when)
                except ConditionError as exc:
                    problems.append(Problem(
                        loaded.source.locate(loc), str(exc),
                        f"conditions may use: {', '.join(FACT_NAMES)}, with and/or/not and "
                        "comparisons"))
            if problems:
                raise ConfigurationError(problems)
            self._roles[role_id] = (role, loaded.source)
        return self._roles[role_id]

    def roles(self) -> list[Role]:
        """All roles, top of the hierarchy first."""
        return sorted((self.role(r) for r in self.role_files), key=lambda r: (r.level, r.id))

    @cached_property
    def checklist_files(self) -> dict[str, str]:
        """The id of the checklist written for each role (earlier folders win)."""
        found: dict[str, str] = {}
        for checklist_id in self.checklist_ids:
            role = self.raw("checklists", checklist_id).data.get("role")
            if isinstance(role, str):
                found.setdefault(role, checklist_id)
        return found

    def checklist_for(self, role_id: str) -> tuple[Checklist, SourceMap] | None:
        """The search checklist written for ``role_id``, if there is one."""
        if role_id not in self.checklist_files:
            return None
        loaded = self.raw("checklists", self.checklist_files[role_id])
        return load_checklist(loaded), loaded.source


def load_checklist(loaded: Loaded) -> Checklist:
    """Validate a checklist, including that every ``when:`` condition parses."""
    from jdgen.conditions import ConditionError, compile_condition

    checklist = validate(loaded, Checklist)
    problems = []
    for p, phase in enumerate(checklist.phases):
        for t, task in enumerate(phase.tasks):
            if task.when is None:
                continue
            try:
                compile_condition(task.when)
            except ConditionError as exc:
                problems.append(Problem(
                    loaded.source.locate(("phases", p, "tasks", t, "when")), str(exc),
                    f"conditions may use: {', '.join(FACT_NAMES)}, with and/or/not and comparisons"))
    if problems:
        raise ConfigurationError(problems)
    return checklist
