"""PDF exporter: the rendered HTML through WeasyPrint, as tagged PDF/UA-1 with fillable checkboxes.

PDF/UA-1 gives a structure tree, the document language, ``pdfuaid`` in the XMP metadata, the
title shown in the viewer's title bar and bookmarks from the headings.  The file is
reproducible: its dates are the build time and its ``/ID`` is a hash of its content.
WeasyPrint is imported here and nowhere else, so only PDF builds pay for it.
"""

from __future__ import annotations

import unicodedata

import lxml.html
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from jdgen.documents import ExportOptions, RenderedDocument
from jdgen.export.resources import ResourceRefused, read_resource

EXTENSION = "pdf"
KINDS = None
VARIANT = "pdf/ua-1"


class WorkspaceFetcher(URLFetcher):
    """Reads ``data:`` URLs and files under the document's resource roots; refuses the rest."""

    def __init__(self, roots: tuple[str, ...]):
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = roots

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)  # keeps the media type the URL declares
        try:
            return URLFetcherResponse(url, read_resource(url, self.roots))
        except ResourceRefused as exc:
            raise FatalURLFetchingError(str(exc)) from None


#: Elements whose text is one paragraph with a direction of its own.
PARAGRAPHS = ("h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "th", "td", "caption")


def _first_strong(text: str) -> str | None:
    """The bidi class (``L``, ``R`` or ``AL``) of the first letter that has a direction."""
    return next((kind for char in text if (kind := unicodedata.bidirectional(char)) in ("L", "R", "AL")),
                None)


def left_to_right_paragraphs(markup: str) -> str:
    """In a right-to-left document, give each paragraph that starts in a left-to-right script
    that direction (``dir="ltr"``).

    Browsers find each paragraph's direction themselves (``unicode-bidi: plaintext`` in the
    stylesheet); WeasyPrint does not, and lays out each line apart, so an English sentence in a
    Hebrew posting would show the full stop and the comma at each line's end on the wrong side.
    """
    if 'dir="rtl"' not in markup[:2000]:
        return markup
    root = lxml.html.document_fromstring(markup)
    if root.get("dir") != "rtl":
        return markup
    for element in root.iter(*PARAGRAPHS):
        if element.get("dir") is None and _first_strong(element.text_content()) == "L":
            element.set("dir", "ltr")
    return lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode")


def export(document: RenderedDocument, options: ExportOptions) -> bytes:
    html = HTML(string=left_to_right_paragraphs(document.html), base_url=document.resource_roots[0],
                url_fetcher=WorkspaceFetcher(document.resource_roots))
    stamp = options.build_time.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        rendered = html.render(pdf_variant=VARIANT, pdf_forms=True)
        rendered.metadata.created = rendered.metadata.modified = stamp
        return rendered.write_pdf(pdf_variant=VARIANT, pdf_identifier=True)
    except FatalURLFetchingError as exc:  # only WorkspaceFetcher raises it: a refused resource
        raise ResourceRefused(f"{document.file_name(EXTENSION)}: {exc}") from None
