"""PDF exporter: the rendered HTML through WeasyPrint, as tagged PDF/UA-1 with fillable checkboxes.

PDF/UA-1 gives a structure tree, the document language, ``pdfuaid`` in the XMP metadata, the
title shown in the viewer's title bar and bookmarks from the headings.  The file is
reproducible: its dates are the build time and its ``/ID`` is a hash of its content.
WeasyPrint is imported here and nowhere else, so only PDF builds pay for it.
"""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from jdgen.documents import ExportOptions, RenderedDocument
from jdgen.errors import BuildError
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


def export(document: RenderedDocument, options: ExportOptions) -> bytes:
    html = HTML(string=document.html, base_url=document.resource_roots[0],
                url_fetcher=WorkspaceFetcher(document.resource_roots))
    stamp = options.build_time.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        rendered = html.render(pdf_variant=VARIANT, pdf_forms=True)
        rendered.metadata.created = rendered.metadata.modified = stamp
        return rendered.write_pdf(pdf_variant=VARIANT, pdf_identifier=True)
    except FatalURLFetchingError as exc:
        raise BuildError(f"{document.file_name(EXTENSION)}: {exc}") from None
