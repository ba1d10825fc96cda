"""PDF exporter: the rendered HTML through WeasyPrint, as tagged PDF/UA-1 with fillable checkboxes.

PDF/UA-1 gives a structure tree, the document language, ``pdfuaid`` in the XMP metadata, the
title shown in the viewer's title bar, bookmarks from the headings and a ``/Scope`` on every
table header cell (:func:`scope_table_headers`).  The file is
reproducible: its dates are the build time and its ``/ID`` is a hash of its content.
WeasyPrint is imported here and nowhere else, so only PDF builds pay for it.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import lxml.html
import pydyf
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from jdgen.documents import ExportOptions, RenderedDocument
from jdgen.errors import InputError, Position, Problem
from jdgen.export.resources import ResourceRefused, read_resource
from jdgen.sandbox import LimitExceeded, run_limited

EXTENSION = "pdf"
VARIANT = "pdf/ua-1"
#: Seconds WeasyPrint may take to lay out and write one document (a posting takes about one).
TIME_LIMIT = 30.0


class WorkspaceFetcher(URLFetcher):
    """Reads ``data:`` URLs and files under the document's resource roots; refuses the rest."""

    def __init__(self, roots: tuple[str, ...]):
        super().__init__(allowed_protocols=("file", "data"))
        self.roots = roots

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            data = read_resource(url, self.roots)  # a whole PNG or JPEG, or refused
            if url.startswith("data:"):
                return super().fetch(url, headers)  # keeps the media type the URL declares
            return URLFetcherResponse(url, data)
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


def scope_table_headers(_document: object, pdf: pydyf.PDF) -> None:
    """Give every ``/TH`` structure element a ``/Scope`` attribute (PDF/UA-1 §7.5).

    WeasyPrint ties header cells to data cells with ``/ID`` on each ``/TH`` and ``/Headers`` on
    each ``/TD``, but writes no ``/Scope``, so a reader that looks at the header cell alone
    cannot tell whether it names a column or a row.  The scope is read back from WeasyPrint's
    own association: a header that only data cells of its own row refer to is a row header
    (``<th scope="row">``), every other header is a column header, as WeasyPrint decided.
    """
    cells = [obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary)
             and obj.get("Type") == "/StructElem" and obj.get("S") in ("/TH", "/TD")]
    rows_citing: defaultdict[str, set[bytes]] = defaultdict(set)  # header ID → rows of its cells
    for cell in cells:
        if cell["S"] == "/TD":
            for header in cell.get("A", {}).get("Headers", ()):
                rows_citing[getattr(header, "string", header)].add(bytes(cell["P"]))
    for cell in cells:
        if cell["S"] != "/TH":
            continue
        key = getattr(cell.get("ID"), "string", None)
        rows = rows_citing.get(key, set()) if key is not None else set()
        scope = "/Row" if rows and rows == {bytes(cell["P"])} else "/Column"
        attributes = cell.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
        if isinstance(attributes, pydyf.Dictionary) and attributes.get("O") == "/Table":
            attributes["Scope"] = scope


def export(document: RenderedDocument, options: ExportOptions) -> bytes:
    html = HTML(string=left_to_right_paragraphs(document.html), base_url=document.resource_roots[0],
                url_fetcher=WorkspaceFetcher(document.resource_roots))
    stamp = options.build_time.strftime("%Y-%m-%dT%H:%M:%SZ")

    def layout() -> bytes:
        rendered = html.render(pdf_variant=VARIANT, pdf_forms=True)
        rendered.metadata.created = rendered.metadata.modified = stamp
        return rendered.write_pdf(pdf_variant=VARIANT, pdf_identifier=True, finisher=scope_table_headers)

    try:
        return run_limited(layout, TIME_LIMIT)
    except LimitExceeded:
        raise InputError(Problem(
            Position(document.file_name(EXTENSION)),
            f"laying out the PDF did not finish within {TIME_LIMIT:g} s",
            "the document is far longer than a posting; check the templates' loops")) from None
    except FatalURLFetchingError as exc:  # only WorkspaceFetcher raises it: a refused resource
        raise ResourceRefused(f"{document.file_name(EXTENSION)}: {exc}") from None
