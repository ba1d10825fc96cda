"""CSV exporter: the search checklist as a spreadsheet, one row per applicable task.

``phase_number`` keeps the phases in order when a spreadsheet sorts by another column.

UTF-8 with CRLF line ends and RFC 4180 quoting (commas, quotes and newlines in a task survive);
``--excel`` adds a byte-order mark so Excel opens accents correctly on a double-click.  Every
cell of every CSV follows OWASP's rule against formula injection: one that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``, so no spreadsheet runs it.
"""

from __future__ import annotations

import csv
import io

from jdgen.documents import ExportOptions, RenderedDocument

EXTENSION = "csv"
KINDS = frozenset({"checklist"})
COLUMNS = ("id", "phase_number", "phase", "task", "owner", "due_week", "done", "detail")
#: What makes a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: object) -> str:
    """``value`` as text no spreadsheet evaluates: ``=1+1`` → ``'=1+1``."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export(document: RenderedDocument, options: ExportOptions) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in document.context["checklist"].phases:
        for task in item.tasks:
            due = "" if task.due_week is None else task.due_week
            writer.writerow(map(inert_cell, (task.id, item.number, item.phase.title, task.task,
                                             task.owner, due, "no", task.detail or "")))
    return (("\ufeff" if options.excel else "") + buffer.getvalue()).encode("utf-8")
