"""Lint findings marked in the preview: each finding's text wrapped in ``<mark>``, so the page
can show the reader where it is."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import lxml.html

from jdgen.lint.findings import Finding

#: How marks look in the preview (its own policy allows inline styles).
MARK_STYLE = """
mark.lint { background: #fff1a8; color: inherit; border-bottom: 2px solid #b08900; }
mark.lint-error { background: #ffd7d5; border-bottom-color: #a40e26; }
mark.lint-info { background: #e8f1ff; border-bottom: 1px dotted #0b5cad; }
mark.lint:target, mark.lint.active { outline: 3px solid #b35900; outline-offset: 2px; }
"""
#: Elements whose text is never marked.
SKIPPED = {"head", "title", "style", "script", "mark"}
#: The most findings looked for in the preview (the first ones: the page lists errors first).
#: Each one is a walk over the whole document, so a posting with thousands of findings (a
#: long text that repeats a flagged word) would otherwise take minutes, outside any time limit.
MAX_MARKS = 200
#: A finding's text longer than this is about a passage, not a phrase: it is not marked.
MAX_TEXT = 500


@dataclass
class Marked:
    """The preview's HTML with marks, and each finding's mark id (None: its text was not found
    in one piece of the document, e.g. a finding about the whole posting)."""

    html: str
    marks: list[str | None]


def mark_findings(markup: str, findings: Sequence[Finding]) -> Marked:
    """Wrap the first unmarked occurrence of each finding's text in ``<mark id="finding-N">``
    (the first :data:`MAX_MARKS` findings, whose text is at most :data:`MAX_TEXT` long)."""
    document = lxml.html.document_fromstring(markup)
    body = document.find("body")
    marks: list[str | None] = []
    for number, finding in enumerate(findings, 1):
        text = finding.text.strip()
        found = (bool(text) and len(text) <= MAX_TEXT and number <= MAX_MARKS and body is not None
                 and _mark(body, text, finding, f"finding-{number}"))
        marks.append(f"finding-{number}" if found else None)
    head = document.find("head")
    if head is not None:
        style = lxml.html.Element("style")
        style.text = MARK_STYLE
        head.append(style)
    return Marked(lxml.html.tostring(document, doctype="<!DOCTYPE html>", encoding="unicode"),
                  marks)


def _mark(body, text: str, finding: Finding, mark_id: str) -> bool:
    pattern = re.compile(r"(?<!\w)" + re.escape(text).replace(r"\ ", r"\s+") + r"(?!\w)", re.I)
    for element, slot in _slots(body):
        value = getattr(element, slot)
        if value and (match := pattern.search(value)):
            mark = _new_mark(match.group(0), value[match.end():], finding, mark_id)
            setattr(element, slot, value[:match.start()])
            if slot == "text":
                element.insert(0, mark)
            else:
                element.addnext(mark)
            return True
    return False


def _slots(element) -> Iterator[tuple[object, str]]:
    """The text of ``element``'s subtree in reading order, as (element, "text" or "tail")."""
    if not isinstance(element.tag, str) or element.tag in SKIPPED:
        return
    yield element, "text"
    for child in element:
        yield from _slots(child)
        yield child, "tail"


def _new_mark(text: str, tail: str, finding: Finding, mark_id: str):
    mark = lxml.html.Element("mark", {
        "class": f"lint lint-{finding.severity}", "id": mark_id,
        "title": f"{finding.rule}: {finding.message}"})
    mark.text, mark.tail = text, tail
    return mark
