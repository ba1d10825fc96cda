"""The data a document may need beyond the role and the company: one source per name.

A :class:`~jdgen.documents.DocumentKind` lists the sources it needs (``data=("kit",)``); a role
has the document when it has every one of them, and the template gets what each source gives
under its own names.  A source also names the files it read, for the bundle's manifest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jdgen.errors import InputError
from jdgen.loading import Library
from jdgen.models import Company, KitGuide, Role


@dataclass(frozen=True)
class Request:
    """What a source is given: the role (validated, before the company's conditions apply) and
    the company."""

    role_id: str
    role: Role
    company: Company
    library: Library


@dataclass(frozen=True)
class Source:
    """One kind of data: whether a role has it, what it gives a template, what it says when a
    role lacks it, and the files it read (``kind``, ``id`` of :meth:`Library.bytes_read`)."""

    name: str
    has: Callable[[str, Library], bool]
    load: Callable[[Request], Mapping[str, object]]
    missing: str
    hint: str
    files: Callable[[str, Library], list[tuple[str, str]]] = lambda role_id, library: []
    #: What it adds once the template context is built (the role tailored to the company).
    extend: Callable[[Mapping[str, object]], Mapping[str, object]] | None = None


def _checklist(request: Request) -> Mapping[str, object]:
    from jdgen.context import tailor

    checklist, source = request.library.checklist_for(request.role_id)
    return {"checklist": tailor(checklist, source, request.company)}


def _has_kit(role_id: str, library: Library) -> bool:
    try:
        return library.role(role_id).kit is not None
    except InputError:  # a role that does not load is reported when it is built
        return False


def _kit(request: Request) -> Mapping[str, object]:
    """The role's kit and the shared guide; the search checklist too where the role has one
    (the hiring brief shows its milestones)."""
    found: dict[str, object] = {"kit": request.role.kit, "guide": kit_guide(),
                                "advice": _advice(request)}
    if request.role_id in request.library.checklist_files:
        found |= _checklist(request)
    return found


def _advice(request: Request) -> object | None:
    """For a role the advisor weighs (CSO, VP of Sales, CRO): its advice for the company, which
    the hiring brief gives as "why this role now" (or as a warning, when it advises another)."""
    from jdgen import advisor

    rules, _ = advisor.load_rules(request.library)
    if request.role_id not in rules.roles:
        return None
    return advisor.advise(request.company, request.library, rules)


def _kit_files(role_id: str, library: Library) -> list[tuple[str, str]]:
    return [("checklists", library.checklist_files[role_id])] if role_id in library.checklist_files else []


def _kit_context(models: Mapping[str, object]) -> Mapping[str, object]:
    from jdgen.kit import kit_context

    return kit_context(models)


@lru_cache(maxsize=1)
def kit_guide() -> KitGuide:
    """The stages, scale and reference wording every kit shares (``jdgen/kit/guide.yaml``)."""
    from jdgen.loading import validate
    from jdgen.sources import load_yaml

    return validate(load_yaml(Path(__file__).parent / "kit" / "guide.yaml", what="kit guide"),
                    KitGuide)


SOURCES: dict[str, Source] = {source.name: source for source in (
    Source("checklist", lambda role_id, library: role_id in library.checklist_files, _checklist,
           "has no search checklist", "build --doc jd, or add a checklist whose `role:` is this role",
           lambda role_id, library: [("checklists", library.checklist_files[role_id])]),
    Source("kit", _has_kit, _kit, "has no hiring kit",
           "add `kit:` to the role (see `jdgen schema role`), or build --doc jd", _kit_files,
           _kit_context),
)}
