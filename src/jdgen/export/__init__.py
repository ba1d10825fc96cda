"""Exporters: each turns one :class:`~jdgen.documents.RenderedDocument` into a file's bytes.

A format is one module here with ``EXTENSION`` and ``export(document) -> bytes``, plus one line
in :data:`EXPORTERS`.  Modules are imported only when their format is built, so commands that make
no PDF never import WeasyPrint.
"""

from __future__ import annotations

import importlib
from types import ModuleType

#: Format name → module that exports it.
EXPORTERS: dict[str, str] = {
    "pdf": "jdgen.export.pdf",
    "docx": "jdgen.export.docx",
}

DEFAULT_FORMATS = ("pdf", "docx")


def exporter(name: str) -> ModuleType:
    """The exporter module for format ``name`` (see :data:`EXPORTERS`)."""
    return importlib.import_module(EXPORTERS[name])
