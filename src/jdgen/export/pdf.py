"""PDF exporter: the rendered HTML through WeasyPrint, with fillable checkboxes.

WeasyPrint is imported here and nowhere else, so only PDF builds pay for it.
"""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from jdgen.documents import RenderedDocument
from jdgen.errors import BuildError
from jdgen.export.resources import ResourceRefused, read_resource

EXTENSION = "pdf"


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


def export(document: RenderedDocument) -> bytes:
    html = HTML(string=document.html, base_url=document.resource_roots[0],
                url_fetcher=WorkspaceFetcher(document.resource_roots))
    try:
        return html.write_pdf(pdf_forms=True)
    except FatalURLFetchingError as exc:
        raise BuildError(f"{document.file_name(EXTENSION)}: {exc}") from None
