"""The documents jdgen makes: which template renders each, and what its files are called.

Add a document here (one line) and a template under ``templates/``; every exporter then makes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class DocumentKind:
    key: str
    template: str
    file_stem: str
    needs_checklist: bool = False

    def file_name(self, role_id: str, extension: str) -> str:
        return f"{role_id}-{self.file_stem}.{extension}"


DOCUMENTS: dict[str, DocumentKind] = {
    "jd": DocumentKind("jd", "job-description.html", "job-description"),
    "checklist": DocumentKind("checklist", "search-checklist.html", "search-checklist",
                              needs_checklist=True),
}


@dataclass(frozen=True)
class RenderedDocument:
    """One document rendered to semantic HTML: the single input of every exporter.

    Layout formats (PDF, DOCX, HTML, Markdown, text) read ``html``; data formats (JSON-LD,
    CSV) and Word templates read the same ``context`` the template was rendered from: plain,
    read-only data (:func:`jdgen.sandbox.plain`).  ``models`` holds the validated role, company,
    pay and checklist that data was made from, for Python code such as lint; no template sees it.
    """

    kind: DocumentKind
    role_id: str
    company_slug: str
    html: str
    title: str
    author: str
    lang: str
    page_size: str
    #: Folders whose files the document may embed (logo, stylesheets); nothing else is read.
    resource_roots: tuple[str, ...]
    context: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    models: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    #: The user's template folders (a workspace's ``templates/``), searched before the built-in ones.
    template_dirs: tuple[str, ...] = ()

    def file_name(self, extension: str) -> str:
        return self.kind.file_name(self.role_id, extension)


@dataclass(frozen=True)
class ExportOptions:
    """Settings shared by every exporter of one build."""

    #: The one timestamp a build writes into its files (``SOURCE_DATE_EPOCH`` when set).
    build_time: dt.datetime
    #: CSV for Excel: a UTF-8 byte-order mark so accents survive opening by double-click.
    excel: bool = False
    #: A Word file whose styles the DOCX exporter uses instead of its own.
    reference_docx: Path | None = None
