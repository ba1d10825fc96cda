"""The company form: every field of the company schema (:class:`jdgen.models.Company`), filled
from a company file's YAML, and read back into the YAML the library loads.

The form is made from the pydantic models, so a field added to the schema appears on the page
without touching a template.  A field's name is its path in the file, dotted
(``compensation.cso.zones.0.base_min``); reading a form back walks the same schema, so a
name the schema does not have is ignored, and a list index or role id never becomes anything
but a key.  What the form sends is turned into YAML and loaded like any company file, so its
errors are the command line's, word for word (:class:`jdgen.errors.Problem` carries the field).
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from jdgen.errors import Position, Problem
from jdgen.models import Company
from jdgen.sources import SourceMap

Loc = tuple[str | int, ...]

#: Fields written in sentences get a text area rather than one line.
LONG_TEXT = {"about", "eeo_statement", "instructions", "variable_note", "equity", "note"}
#: The most items a list on the form may have (a longer list keeps its first items).
MAX_ITEMS = 100
#: Labels where the key, capitalised, would read badly.
LABELS = {
    "eeo_statement": "Equal-opportunity statement", "hr_lead": "HR lead", "ceo": "CEO",
    "url": "URL", "base_min": "Base pay from", "base_max": "Base pay to",
    "variable_target": "Variable pay at target", "variable_note": "Variable pay note",
    "primary_color": "Primary colour", "reference_docx": "Word reference document",
    "title_suffix": "Title suffix", "work_model": "Work model", "page_size": "Page size",
    "sales_channels": "Sales channels", "product_lines": "Product lines",
    "years_min": "Minimum years", "board_approval": "The board approves the hire",
    "internal_candidate": "An internal candidate is considered",
    "first_sales_leader": "This is the first sales leader",
    "use_search_firm": "A search firm is retained", "confidential": "Confidential search",
    "remote": "Remote", "kickoff": "Search kickoff", "reports_to": "Reports to",
    "hiring_manager": "Hiring manager", "search_partner": "Search partner",
    "board_chair": "Board chair", "org": "Sales organisation", "apply": "How to apply",
    "postings": "Per-role postings", "lint": "Lint settings", "disable": "Rules switched off",
}


@dataclass
class FormField:
    """One input: ``name`` is its dotted path in the company file."""

    name: str
    label: str
    kind: str  # text, textarea, lines, number, date, checkbox, select
    help: str
    required: bool
    value: str | bool = ""
    choices: tuple[str, ...] = ()
    #: What applies when the field is left empty, as shown ("" when nothing does).
    default: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-")

    is_group = False


@dataclass
class Group:
    """A fieldset: a nested mapping, one item of a list, or one role's entry in a role map."""

    name: str
    legend: str
    help: str
    items: list[FormField | Group] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: Shown folded (``<details>``) until it holds something.
    foldable: bool = False

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-")

    is_group = True

    @property
    def filled(self) -> bool:
        """Whether any field inside has a value or an error (a folded group then opens)."""
        return bool(self.errors) or any(
            item.filled if isinstance(item, Group) else bool(item.value or item.errors)
            for item in self.items)


@dataclass(frozen=True)
class RoleName:
    """A role of the library, for the form's per-role entries."""

    id: str
    title: str


# --- the schema's shapes ----------------------------------------------------------------------

def _unwrap(annotation: object) -> tuple[object, bool]:
    """The annotation without ``Annotated`` and ``None``; whether ``None`` was allowed."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, optional


def _is_model(annotation: object) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _shape(annotation: object) -> tuple[str, object]:
    """What a field holds: ``model``, ``models`` (a list of them), ``role-models`` (a map of
    them by role id), ``role-text``, ``lines``, ``checkbox``, ``number``, ``date``, ``select``
    or ``text``; and the inner type (the model, or the choices)."""
    annotation, _ = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if _is_model(annotation):
        return "model", annotation
    if origin is list:
        inner, _ = _unwrap(typing.get_args(annotation)[0])
        return ("models", inner) if _is_model(inner) else ("lines", None)
    if origin is dict:
        inner, _ = _unwrap(typing.get_args(annotation)[1])
        return ("role-models", inner) if _is_model(inner) else ("role-text", None)
    if origin is typing.Literal:
        return "select", typing.get_args(annotation)
    if annotation is bool:
        return "checkbox", None
    if annotation is int:
        return "number", None
    if annotation is dt.date:
        return "date", None
    return "text", None


def _fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    """A model's fields by the key the file uses (``from`` for ``from_``)."""
    return {spec.alias or name: spec for name, spec in model.model_fields.items()}


def _label(key: str) -> str:
    return LABELS.get(key) or key.replace("_", " ").capitalize()


def _help(spec: FieldInfo) -> str:
    return spec.description or ""


# --- building the form ------------------------------------------------------------------------

def build(data: object, roles: Sequence[RoleName], problems: Sequence[Problem] = (),
          first_role: str | None = None) -> tuple[list[FormField | Group], list[str | None]]:
    """The form for a company file's data (as parsed, valid or not), with ``problems`` beside
    the fields they are about; returns the form and, for each problem, the id of the field or
    fieldset that shows it (None: no field does).

    ``roles`` gives the entries of the per-role maps (``compensation``, ``org``…);
    ``first_role`` (the page's role) comes first and open.
    """
    data = data if isinstance(data, Mapping) else {}
    ordered = sorted(roles, key=lambda r: r.id != first_role)
    form = _model_items(Company, data, (), ordered)
    index: dict[str, FormField | Group] = {}
    _index(form, index)
    anchors: list[str | None] = []
    for problem in problems:
        target = _target(problem.field, index)
        if target is not None:
            target.errors.append(message_of(problem))
        anchors.append(target.id if target else None)
    return form, anchors


def message_of(problem: Problem) -> str:
    """A problem as the form shows it: the command line's words without the file position."""
    return f"{problem.message} — {problem.hint}" if problem.hint else problem.message


def _index(items: Sequence[FormField | Group], index: dict[str, FormField | Group]) -> None:
    for item in items:
        index[item.name] = item
        if isinstance(item, Group):
            _index(item.items, index)


def _target(loc: Loc | None, index: Mapping[str, FormField | Group]) -> FormField | Group | None:
    """The field a problem is about, else its nearest enclosing group on the form."""
    while loc:
        name = ".".join(map(str, loc))
        if name in index:
            return index[name]
        loc = loc[:-1]
    return None


def _model_items(model: type[BaseModel], data: Mapping, loc: Loc,
                 roles: Sequence[RoleName]) -> list[FormField | Group]:
    items: list[FormField | Group] = []
    for key, spec in _fields(model).items():
        items.append(_item(key, spec, data.get(key), (*loc, key), roles))
    return items


def _item(key: str, spec: FieldInfo, value: object, loc: Loc,
          roles: Sequence[RoleName]) -> FormField | Group:
    name = ".".join(map(str, loc))
    shape, inner = _shape(spec.annotation)
    label, help_text = _label(key), _help(spec)
    if shape == "model":
        return Group(name, label, help_text, _model_items(inner, _mapping(value), loc, roles))
    if shape == "models":
        present = value if isinstance(value, list) else []
        entries = [*present[:MAX_ITEMS], {}] if len(present) < MAX_ITEMS else present[:MAX_ITEMS]
        groups: list[FormField | Group] = [
            Group(f"{name}.{i}", f"{_label(key)[:-1] if key.endswith('s') else _label(key)} {i + 1}"
                  + (" (new: fill it in to add one)" if i == len(present) else ""), "",
                  _model_items(inner, _mapping(entry), (*loc, i), roles))
            for i, entry in enumerate(entries)]
        return Group(name, label, help_text + (" Clear every field of an item to remove it."
                                               if help_text else "Clear every field of an item "
                                               "to remove it."), groups)
    if shape in ("role-models", "role-text"):
        entries = _mapping(value)
        keys = [r.id for r in roles] + [k for k in entries if k not in {r.id for r in roles}]
        titles = {r.id: r.title for r in roles}
        members: list[FormField | Group] = []
        for role_id in keys[:MAX_ITEMS]:
            role_loc, legend = (*loc, role_id), f"{titles.get(role_id, role_id)} ({role_id})"
            if shape == "role-models":
                members.append(Group(".".join(map(str, role_loc)), legend, "",
                                     _model_items(inner, _mapping(entries.get(role_id)), role_loc,
                                                  roles), foldable=True))
            else:
                members.append(FormField(".".join(map(str, role_loc)), legend, "text", "", False,
                                         _shown(entries.get(role_id))))
        return Group(name, label, help_text, members)
    kind = "textarea" if shape == "text" and key in LONG_TEXT else shape
    choices = tuple(str(c) for c in inner) if shape == "select" else ()
    shown = bool(value) if shape == "checkbox" and isinstance(value, bool) else (
        False if shape == "checkbox" else _shown(value))
    return FormField(name, label, kind, help_text, spec.is_required(), shown, choices,
                     _default(spec))


def _default(spec: FieldInfo) -> str:
    default = spec.get_default(call_default_factory=True)
    if spec.is_required() or default in (None, False, "", [], {}) or isinstance(default, BaseModel):
        return ""
    return _shown(default)


def _mapping(value: object) -> Mapping:
    return value if isinstance(value, Mapping) else {}


def _shown(value: object) -> str:
    """A value of the file as an input shows it (a list one item a line)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_shown(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- reading the form back --------------------------------------------------------------------

def read(form: Mapping[str, str], roles: Sequence[RoleName]) -> dict:
    """The company file's data from a submitted form: empty fields and empty items left out,
    numbers and dates typed when they read as such (else kept as written, so validation says
    what is wrong with them); names the schema does not have are ignored."""
    data: dict = {}
    for name, raw in form.items():
        parts = name.split(".")
        if len(parts) > 8:
            continue
        shape = _resolve(Company, parts)
        if shape is None:
            continue
        value = _typed(shape, raw)
        if value is not None:
            _put(data, parts, value)
    return _tidy(Company, data)


def _resolve(model: type[BaseModel], parts: Sequence[str]) -> str | None:
    """The leaf shape a dotted name stands for in the schema, or None if it stands for nothing."""
    fields = _fields(model)
    if not parts or parts[0] not in fields:
        return None
    shape, inner = _shape(fields[parts[0]].annotation)
    rest = parts[1:]
    if shape == "model":
        return _resolve(inner, rest)
    if shape == "models":
        if len(rest) < 2 or not _INDEX.fullmatch(rest[0]) or int(rest[0]) >= MAX_ITEMS:
            return None
        return _resolve(inner, rest[1:])
    if shape == "role-models":
        return _resolve(inner, rest[1:]) if len(rest) >= 2 and _SLUG.match(rest[0]) else None
    if shape == "role-text":
        return "text" if len(rest) == 1 and _SLUG.match(rest[0]) else None
    return shape if not rest else None


_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: A list index as the form writes it: ASCII digits, no leading zero (``str.isdigit`` would
#: take "²" or "١", which ``int`` refuses or reads as another item's index).
_INDEX = re.compile(r"0|[1-9][0-9]*")


def _typed(shape: str, raw: str) -> object:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if shape == "checkbox":
        return True if text else None
    if shape == "lines":
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        return lines or None
    text = text.strip()
    if not text:
        return None
    if shape == "number" and re.fullmatch(r"\d[\d,_]{0,20}", text):
        return int(re.sub(r"[,_]", "", text))
    if shape == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _put(data: dict, parts: Sequence[str], value: object) -> None:
    for part in parts[:-1]:
        data = data.setdefault(part, {})
        if not isinstance(data, dict):
            return
    data[parts[-1]] = value


def _tidy(model: type[BaseModel], data: dict) -> dict:
    """Lists back from their numbered entries (empty ones dropped), in the schema's key order."""
    out: dict = {}
    for key, spec in _fields(model).items():
        if key not in data:
            continue
        shape, inner = _shape(spec.annotation)
        value = data[key]
        if shape == "model":
            value = _tidy(inner, value)
        elif shape == "models":
            value = [_tidy(inner, value[i]) for i in sorted(value, key=int)]
            value = [item for item in value if item]
        elif shape == "role-models":
            value = {role: tidied for role, entry in value.items() if (tidied := _tidy(inner, entry))}
        if value not in ({}, []):
            out[key] = value
    return out


def to_yaml(data: Mapping) -> bytes:
    """The company file for ``data``, as a person would write it."""
    header = ("# Company file made with the jdgen web page. `jdgen schema company` documents every\n"
              "# key; `jdgen build ROLE --company THIS-FILE` builds its documents.\n")
    body = yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=96,
                          default_flow_style=False)
    return (header + body).encode("utf-8")


# --- where a finding is -----------------------------------------------------------------------

def field_at(source: SourceMap, where: Position) -> Loc | None:
    """The field of a company file made from the form that a position falls in: the last value
    that starts at or before it (the deepest, where a mapping and its first key start together)."""
    if where.line is None:
        return None
    here = (where.line, where.col or 1)
    best: tuple[tuple[int, int], int, Loc] | None = None
    for loc, position in source.values.items():
        start = (position.line or 0, position.col or 0)
        if loc and start <= here and (best is None or (start, len(loc)) > best[:2]):
            best = (start, len(loc), loc)
    return best[2] if best else None


def label_of(loc: Loc) -> str:
    """A field's path as the form names it: "Compensation › cso › Base pay from"."""
    names, model = [], Company
    parts = list(loc)
    while parts and model is not None:
        key = parts.pop(0)
        spec = _fields(model).get(str(key))
        if spec is None:
            break
        names.append(_label(str(key)))
        shape, inner = _shape(spec.annotation)
        model = None
        if shape == "model":
            model = inner
        elif shape in ("models", "role-models", "role-text") and parts:
            index = parts.pop(0)
            names.append(str(index + 1) if isinstance(index, int) else str(index))
            model = inner if shape != "role-text" else None
    return " › ".join(names)


def submitted(items: Sequence[FormField | Group]) -> dict[str, str]:
    """What a browser sends for the form as built: each filled field's value (a ticked box
    sends "true"); for scripts and tests that post a company the way the page does."""
    values: dict[str, str] = {}
    for item in items:
        if isinstance(item, Group):
            values |= submitted(item.items)
        elif item.kind == "checkbox":
            if item.value:
                values[item.name] = "true"
        elif item.value:
            values[item.name] = str(item.value)
    return values
