"""CSV exporter: the search checklist as a spreadsheet, one row per applicable task.

``phase_number`` keeps the phases in order when a spreadsheet sorts by another column.

UTF-8 with CRLF line ends and RFC 4180 quoting (commas, quotes and newlines in a task survive);
``--excel`` adds a byte-order mark so Excel opens accents correctly on a double-click.
"""

from __future__ import annotations

import csv
import io

from jdgen.documents import ExportOptions, RenderedDocument

EXTENSION = "csv"
KINDS = frozenset({"checklist"})
COLUMNS = ("id", "phase_number", "phase", "task", "owner", "due_week", "done", "detail")


def export(document: RenderedDocument, options: ExportOptions) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in document.context["checklist"].phases:
        for task in item.tasks:
            due = "" if task.due_week is None else task.due_week
            writer.writerow((task.id, item.number, item.phase.title, task.task, task.owner, due,
                             "no", task.detail or ""))
    return (("\ufeff" if options.excel else "") + buffer.getvalue()).encode("utf-8")
