"""CSV: one row per applicable task, RFC 4180 quoting, and a byte-order mark for Excel."""

from __future__ import annotations

import csv
import io

from jdgen.context import TailoredChecklist, TailoredPhase
from jdgen.documents import DOCUMENTS, ExportOptions, RenderedDocument
from jdgen.export import csv as csv_export
from jdgen.models import Checklist

from .conftest import FIXED_TIME, applicable_ids, tailored


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_one_row_per_applicable_task(all_formats: dict[str, bytes]) -> None:
    data = all_formats["cso-search-checklist.csv"]
    assert not data.startswith(b"\xef\xbb\xbf")
    table = rows(data)
    assert [r["id"] for r in table] == applicable_ids("acme")
    assert list(table[0]) == ["id", "phase_number", "phase", "task", "owner", "owner_name",
                              "due_week", "due_date", "done", "detail"]
    assert [int(r["phase_number"]) for r in table] == sorted(int(r["phase_number"]) for r in table)
    first = tailored("acme").phases[0]
    assert table[0]["phase"] == first.phase.title
    assert table[0]["task"] == first.tasks[0].task
    assert table[0]["owner"] == first.tasks[0].owner and table[0]["done"] == "no"
    # Acme's file gives a kick-off (2026-10-19) and the search team
    assert (table[0]["owner_name"], table[0]["due_date"]) == ("Dana Whitfield", "2026-10-19")
    by_id = {r["id"]: r for r in table}
    assert by_id["long-list"]["owner"] == "Search partner"
    assert by_id["long-list"]["owner_name"] == "Lena Okafor, Halden Partners"
    assert by_id["long-list"]["due_date"] == "2026-11-30"  # week 6
    assert b"\r\n" in data


def test_commas_quotes_and_newlines_survive(all_formats: dict[str, bytes]) -> None:
    checklist = Checklist.model_validate({
        "id": "t", "role": "cso", "title": "T", "summary": "S",
        "phases": [{"id": "p", "title": "Phase, one", "tasks": [
            {"id": "a", "task": 'Ask "why", then\nlisten.', "owner": "CEO", "due_week": 2},
            {"id": "b", "task": "No week.", "owner": "HR"}]}]})
    tailored_list = TailoredChecklist(checklist, [TailoredPhase(checklist.phases[0], 1,
                                                                checklist.tasks)], 2)
    document = RenderedDocument(DOCUMENTS["checklist"], "cso", "x", "<html></html>", "T", "A",
                                "en", "A4", ("/nonexistent",), {"checklist": tailored_list})
    data = csv_export.export(document, ExportOptions(FIXED_TIME, excel=True))
    assert data.startswith(b"\xef\xbb\xbf")
    assert b'"Ask ""why"", then\nlisten."' in data
    table = rows(data)
    assert table[0]["task"] == 'Ask "why", then\nlisten.' and table[0]["phase"] == "Phase, one"
    assert table[1]["due_week"] == ""
