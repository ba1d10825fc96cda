"""Exporters: each turns one :class:`~jdgen.documents.RenderedDocument` into a file's bytes.

A format is one module here with ``EXTENSION`` and ``export(document, options) -> bytes``, plus
one line in :data:`EXPORTERS`; a document kind lists the formats it takes
(:attr:`jdgen.documents.DocumentKind.formats`).  Modules are imported only when their format
is built, so commands that make no PDF never import WeasyPrint.
"""

from __future__ import annotations

import importlib
from types import ModuleType

#: Format name → module that exports it, in the order files are written.
EXPORTERS: dict[str, str] = {
    "pdf": "jdgen.export.pdf",
    "docx": "jdgen.export.docx",
    "html": "jdgen.export.html",
    "md": "jdgen.export.markdown",
    "txt": "jdgen.export.text",
    "jsonld": "jdgen.export.jsonld",
    "csv": "jdgen.export.csv",
}

DEFAULT_FORMATS = ("pdf", "docx")


def exporter(name: str) -> ModuleType:
    """The exporter module for format ``name`` (see :data:`EXPORTERS`)."""
    return importlib.import_module(EXPORTERS[name])


def applies(name: str, kind: str) -> bool:
    """Whether format ``name`` makes a file for documents of ``kind`` (``jd``, ``checklist``…)."""
    from jdgen.documents import DOCUMENTS

    return name in DOCUMENTS[kind].formats
