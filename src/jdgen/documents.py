"""The documents jdgen makes: one registration each (:data:`DOCUMENTS`).

A kind names its template, its file names, the data it needs beyond the role and the company
(a :mod:`jdgen.document_data` source: the role's search checklist, its hiring kit), the formats
it takes and the ``--doc`` groups it belongs to.  ``--doc`` choices, ``jdgen templates``, the
bundle, the web page's downloads and the tests all come from here.  To add a document: a
template under ``templates/``, its data (a source in :mod:`jdgen.document_data`, if it needs
more than the role and company), and one :class:`DocumentKind` below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

#: Formats every document takes: the layout formats, all made from the rendered HTML.
LAYOUT_FORMATS = ("pdf", "docx", "html", "md", "txt")


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document."""

    key: str  # what --doc calls it
    title: str
    template: str
    file_stem: str
    #: Data beyond the role and company, by source name (:data:`jdgen.document_data.SOURCES`);
    #: a role has the document only when it has every one of them.
    data: tuple[str, ...] = ()
    formats: tuple[str, ...] = LAYOUT_FORMATS
    #: ``--doc`` groups that include it, besides ``all``.
    groups: tuple[str, ...] = ()
    #: Posted to candidates (a confidential search makes it blind; lint checks it); the others
    #: are internal to the search.
    public: bool = False

    @property
    def needs_checklist(self) -> bool:
        return "checklist" in self.data

    def file_name(self, role_id: str, extension: str) -> str:
        return f"{role_id}-{self.file_stem}.{extension}"


def _registry(*kinds: DocumentKind) -> dict[str, DocumentKind]:
    return {kind.key: kind for kind in kinds}


DOCUMENTS: dict[str, DocumentKind] = _registry(
    DocumentKind("jd", "Job description", "job-description.html", "job-description",
                 formats=(*LAYOUT_FORMATS, "jsonld"), public=True),
    DocumentKind("checklist", "Search checklist", "search-checklist.html", "search-checklist",
                 data=("checklist",), formats=(*LAYOUT_FORMATS, "csv")),
    DocumentKind("brief", "Hiring brief", "hiring-brief.html", "hiring-brief", data=("kit",),
                 groups=("kit",)),
    DocumentKind("scorecard", "Scorecard", "scorecard.html", "scorecard", data=("kit",),
                 groups=("kit",)),
    DocumentKind("interview", "Interview guide", "interview-guide.html", "interview-guide",
                 data=("kit",), groups=("kit",)),
    DocumentKind("references", "Reference-check guide", "reference-check.html", "reference-check",
                 data=("kit",), groups=("kit",)),
)

#: ``--doc`` takes a kind, a group, or ``all``.
GROUPS: dict[str, tuple[str, ...]] = {
    group: tuple(k.key for k in DOCUMENTS.values() if group in k.groups)
    for group in dict.fromkeys(g for k in DOCUMENTS.values() for g in k.groups)}
DOC_CHOICES = (*DOCUMENTS, *GROUPS, "all")


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
