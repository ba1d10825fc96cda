"""CSV exporter: the search checklist as a spreadsheet, one row per applicable task.

``phase_number`` keeps the phases in order when a spreadsheet sorts by another column.
``owner`` is the owner as this company runs the search (a retained firm takes over its tasks).
When the company file gives ``search.team`` and ``search.kickoff``, ``owner_name`` follows
``owner`` and ``due_date`` (ISO 8601, kick-off plus ``due_week`` weeks) follows ``due_week``.

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
COLUMNS = ("id", "phase_number", "phase", "task", "owner", "due_week", "done", "detail")
#: What makes a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(value: object) -> str:
    """``value`` as text no spreadsheet evaluates: ``=1+1`` → ``'=1+1``."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def columns(checklist: object) -> tuple[str, ...]:
    """:data:`COLUMNS`, with ``owner_name`` and ``due_date`` where this checklist knows them."""
    names = getattr(checklist, "has_names", False)
    dates = getattr(checklist, "has_dates", False)
    out: list[str] = []
    for column in COLUMNS:
        out.append(column)
        if column == "owner" and names:
            out.append("owner_name")
        if column == "due_week" and dates:
            out.append("due_date")
    return tuple(out)


def export(document: RenderedDocument, options: ExportOptions) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    checklist = document.context["checklist"]
    header = columns(checklist)
    writer.writerow(header)
    for item in checklist.phases:
        for task in item.tasks:
            due_date = getattr(task, "due_date", None)
            row = {"id": task.id, "phase_number": item.number, "phase": item.phase.title,
                   "task": task.task, "owner": task.owner,
                   "owner_name": getattr(task, "owner_name", None) or "",
                   "due_week": "" if task.due_week is None else task.due_week,
                   "due_date": due_date.isoformat() if due_date else "",
                   "done": "no", "detail": task.detail or ""}
            writer.writerow(inert_cell(row[column]) for column in header)
    return (("\ufeff" if options.excel else "") + buffer.getvalue()).encode("utf-8")
