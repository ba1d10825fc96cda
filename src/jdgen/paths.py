"""Where the built-in role library, checklists and templates live.

In a wheel they are package data under ``jdgen/_data``; in a source checkout (or an editable
install) they are the ``roles/``, ``checklists/`` and ``templates/`` folders at the repo root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def builtin_dir(kind: str) -> Path:
    """The built-in folder for ``kind`` (``roles``, ``checklists`` or ``templates``)."""
    for candidate in (_PACKAGE / "_data" / kind, _PACKAGE.parent.parent / kind):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"jdgen's built-in {kind}/ folder is missing from this installation")
