"""Which templates exist, where each comes from, and ejecting a built-in one to edit."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from jdgen.documents import DOCUMENTS
from jdgen.errors import InputError, Position, Problem
from jdgen.output import write_files
from jdgen.paths import builtin_dir
from jdgen.workspace import Workspace

#: Word templates ``jdgen templates eject`` has a starter for, by file name → document kind
#: (:func:`jdgen.word_template.starter_template`); a workspace may hold one for any kind.
WORD_TEMPLATES = {f"{DOCUMENTS[key].file_stem}.docx": key for key in ("jd", "checklist")}
TEMPLATE_SUFFIXES = (".html", ".css", ".docx")


@dataclass(frozen=True)
class TemplateFile:
    name: str
    origin: str  # "workspace" or "builtin"
    path: Path
    overrides: bool = False  # a workspace file that replaces the built-in one of the same name


def _names(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in TEMPLATE_SUFFIXES}


def list_templates(template_dirs: tuple[Path, ...] = ()) -> list[TemplateFile]:
    """Every template in lookup order: the workspace's first, then the built-in ones."""
    builtin = _names(builtin_dir("templates"))
    found: list[TemplateFile] = []
    seen: set[str] = set()
    for folder in template_dirs:
        for name, path in _names(folder).items():
            if name not in seen:
                seen.add(name)
                found.append(TemplateFile(name, "workspace", path, name in builtin))
    found += [TemplateFile(name, "builtin", path) for name, path in builtin.items()]
    return found


def eject(name: str, workspace: Workspace, force: bool = False) -> Path:
    """Copy built-in template ``name`` into the workspace's ``templates/`` (a Word starter for
    ``*.docx``); the target may not be a link, nor lie outside the workspace."""
    builtin = _names(builtin_dir("templates"))
    if name not in builtin and name not in WORD_TEMPLATES:
        known = ", ".join([*builtin, *WORD_TEMPLATES])
        raise InputError(Problem(Position("argument NAME"), f'no built-in template "{name}"',
                                 f"eject one of: {known}"))
    target = workspace.templates_dir / name
    if os.path.lexists(target) and not force:
        raise InputError(Problem(Position(str(target)), "already exists",
                                 "edit it, or pass --force to replace it with the built-in one"))
    if name in WORD_TEMPLATES:
        from jdgen.word_template import starter_template

        data = starter_template(WORD_TEMPLATES[name])
    else:
        data = builtin[name].read_bytes()
    return write_files({target: data}, inside=(workspace.root,), what="template")[0]
