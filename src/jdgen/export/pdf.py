"""PDF exporter: the rendered HTML through WeasyPrint, as tagged PDF/UA-1 with fillable form fields.

PDF/UA-1 gives a structure tree, the document language, ``pdfuaid`` in the XMP metadata, the
title shown in the viewer's title bar, bookmarks from the headings and a ``/Scope`` on every
table header cell (:func:`scope_table_headers`).  Form fields (:mod:`jdgen.export.fields`)
become AcroForm fields: a text field for ``<input type="text">``, a multi-line one for
``<textarea>``, a checkbox, and one radio group per ``name`` of radio buttons; each field's
``/TU`` is its accessible name (:func:`name_fields`, :func:`fix_radio_groups`).  The file is
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
from jdgen.export import fields
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


def name_fields(markup: str) -> str:
    """Give each form field a ``title``, its accessible name, which WeasyPrint writes as the
    field's ``/TU`` (it reads ``<label>`` only inside a ``<form>``, and never ``aria-label``).

    A radio group's ``/TU`` is its first button's: the fieldset's legend (``Forecasting``).
    """
    if "<input" not in markup and "<textarea" not in markup:
        return markup
    root = lxml.html.document_fromstring(markup)
    found = False
    for element in root.iter("input", "textarea"):
        kind = fields.kind(element)
        if kind is None:
            continue
        found = True
        if kind == "radio":
            name = fields.group_label(element) or fields.accessible_name(element)
        else:
            name = fields.accessible_name(element)
        element.set("title", name)
        if kind == "textarea":  # room for its rows, as a browser gives (line height 1.45)
            rows = fields.rows(element)
            style = (element.get("style") or "").strip().rstrip(";")
            element.set("style", f"{style}; min-height: {rows * 1.45 + 0.6:.2f}em".lstrip("; "))
    if not found:
        return markup
    return lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode")


def fix_radio_groups(_document: object, pdf: pydyf.PDF) -> None:
    """Make each radio group one field whose buttons are its widgets (PDF 32000-1, 12.7.4.2.4).

    WeasyPrint 70 gives each radio button's widget the group's ``/T`` and ``/TU`` and lists it
    in the form's ``/Fields`` beside the group, so a viewer sees a field ``r.r`` per button as
    well as the group ``r``.  The widgets lose their name and the list keeps only the group.
    """
    if "AcroForm" not in pdf.catalog:
        return
    by_reference = {obj.reference: obj for obj in pdf.objects if isinstance(obj, pydyf.Dictionary)}
    kids: set[bytes] = set()
    for obj in by_reference.values():
        if obj.get("FT") == "/Btn" and int(obj.get("Ff", 0)) & FF_RADIO and "Kids" in obj:
            for reference in obj["Kids"]:
                kids.add(reference)
                widget = by_reference.get(reference)
                if widget is not None:
                    for key in ("T", "TU", "FT"):
                        widget.pop(key, None)
    if kids:
        form = pdf.catalog["AcroForm"]
        form["Fields"] = pydyf.Array(ref for ref in form["Fields"] if ref not in kids)


#: The radio flag of a button field (PDF 32000-1, table 226).
FF_RADIO = 1 << 15


def finish(document: object, pdf: pydyf.PDF) -> None:
    fix_radio_groups(document, pdf)
    scope_table_headers(document, pdf)


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
    markup = name_fields(left_to_right_paragraphs(document.html))
    html = HTML(string=markup, base_url=document.resource_roots[0],
                url_fetcher=WorkspaceFetcher(document.resource_roots))
    stamp = options.build_time.strftime("%Y-%m-%dT%H:%M:%SZ")

    def layout() -> bytes:
        rendered = html.render(pdf_variant=VARIANT, pdf_forms=True)
        rendered.metadata.created = rendered.metadata.modified = stamp
        return rendered.write_pdf(pdf_variant=VARIANT, pdf_identifier=True, finisher=finish)

    try:
        return run_limited(layout, TIME_LIMIT)
    except LimitExceeded:
        raise InputError(Problem(
            Position(document.file_name(EXTENSION)),
            f"laying out the PDF did not finish within {TIME_LIMIT:g} s",
            "the document is far longer than a posting; check the templates' loops")) from None
    except FatalURLFetchingError as exc:  # only WorkspaceFetcher raises it: a refused resource
        raise ResourceRefused(f"{document.file_name(EXTENSION)}: {exc}") from None
