"""HTML exporter: one self-contained file per document, ready for a careers page or an email.

The rendered HTML with every image inlined as a ``data:`` URI (no external requests) and, for a
job description, its JSON-LD ``JobPosting`` in ``<script type="application/ld+json">``.  A
Content-Security-Policy forbids every request but ``data:`` images and runs no script, in case
anything got past the sanitiser.
"""

from __future__ import annotations

import base64
import mimetypes

import lxml.html

from jdgen.documents import ExportOptions, RenderedDocument
from jdgen.export import jsonld
from jdgen.export.resources import read_resource

EXTENSION = "html"
#: Defense in depth: the file needs nothing but its inline CSS and its ``data:`` images.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def export(document: RenderedDocument, options: ExportOptions) -> bytes:
    root = lxml.html.document_fromstring(document.html)
    policy = lxml.html.Element("meta", {"http-equiv": "Content-Security-Policy", "content": CSP})
    policy.tail = "\n"
    charset = root.head.find("meta[@charset]")
    root.head.insert(0 if charset is None else root.head.index(charset) + 1, policy)
    for image in root.iter("img"):
        src = image.get("src", "")
        if not src:
            continue
        data = read_resource(src, document.resource_roots, document.file_name(EXTENSION))
        if not src.startswith("data:"):  # a workspace file, inlined (checked either way)
            kind = mimetypes.guess_type(src)[0] or "application/octet-stream"
            image.set("src", f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}")
    if "jsonld" in document.kind.formats:
        script = lxml.html.Element("script", type="application/ld+json")
        script.text = "\n" + jsonld.dumps(jsonld.job_posting(document, options), for_html=True) + "\n"
        root.head.append(script)
    return lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8")
