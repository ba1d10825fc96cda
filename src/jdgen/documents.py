"""The documents jdgen makes: which template renders each, and what its files are called.

Add a document here (one line) and a template under ``templates/``; every exporter then makes it.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    """One document rendered to semantic HTML: the single input of every exporter."""

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

    def file_name(self, extension: str) -> str:
        return self.kind.file_name(self.role_id, extension)
