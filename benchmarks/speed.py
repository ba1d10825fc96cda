"""jdgen's per-document cost against the floor (the library doing the real work, alone), interleaved.

    python benchmarks/speed.py [--pairs N] [--json PATH] [--only ROW,ROW] [--company FILE]
    python benchmarks/speed.py --steps [--pairs N]      # where a warm build's time goes

Each row alternates jdgen and its floor N times in one run, and reports the median CPU time of
each (a fresh process: user + system time of that child from ``os.wait4``; in-process:
``time.process_time``), the median wall time, and the ratio of the CPU medians against the
issue's target.  Floors use exactly jdgen's options on exactly jdgen's input:

* PDF: WeasyPrint alone on the HTML jdgen hands it, with jdgen's options (PDF/UA-1, form
  fields, a reproducible identifier, the build time as the dates);
* DOCX: python-docx alone writing the same paragraphs (style and text) and tables;
* ``--help``: a process importing click, jinja2 and yaml.

Where installed, what a user might pick instead is measured against the same floor
(pandoc HTML → DOCX, LibreOffice DOCX → PDF).  Peak memory is ``ru_maxrss`` of a default build
(every document, PDF and DOCX).  No thresholds: read the ratios.

Python's bytecode for jdgen is written first (``compileall``), as ``pip install`` does: an
editable install run with ``PYTHONDONTWRITEBYTECODE`` set would otherwise compile every jdgen
module in every process, about 100 ms the library floors never pay.

The batch rows build 16 job descriptions (every role, two companies) and the whole kit; the
``-j 2`` rows compare wall time (the speed-up; on Linux the workers fork from a server that is
not the jdgen process's child, so their CPU is not in the CPU column).

``--steps`` instead times each step of a warm build of every document in this process (load and
render, lint, each exporter, the whole build) against WeasyPrint alone on the same documents.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

PDF_FLOOR = r"""
import sys
from weasyprint import HTML
markup = open(sys.argv[1], encoding="utf-8").read()
html = HTML(string=markup, base_url=sys.argv[2])
rendered = html.render(pdf_variant="pdf/ua-1", pdf_forms=True)
rendered.metadata.created = rendered.metadata.modified = "2026-01-01T00:00:00Z"
open(sys.argv[3], "wb").write(rendered.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True))
"""

DOCX_FLOOR = r"""
import io, json, sys
from docx import Document
content = json.load(open(sys.argv[1], encoding="utf-8"))
document = Document()
for item in content:
    if item[0] == "p":
        try:
            document.add_paragraph(item[2], style=item[1])
        except KeyError:
            document.add_paragraph(item[2])
    else:
        rows = item[1]
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for cells, row in zip(rows, table.rows):
            for text, cell in zip(cells, row.cells):
                cell.text = text
document.save(io.BytesIO())
"""

HELP_FLOOR = "import click, jinja2, yaml"


def fresh(command: list[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """CPU seconds (user + system, the child and what it waited for), wall seconds and peak RSS
    (KiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{error}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss


def in_process(work: Callable[[], object]) -> tuple[float, float, int]:
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall, 0


def interleave(pairs: int, ours: Callable[[], tuple], floor: Callable[[], tuple]) -> dict:
    """Alternate ``ours`` and ``floor`` (which goes first swaps each pair); medians of each."""
    samples: dict[str, list[tuple]] = {"ours": [], "floor": []}
    for index in range(pairs):
        order = (("ours", ours), ("floor", floor)) if index % 2 == 0 else (("floor", floor), ("ours", ours))
        for name, work in order:
            samples[name].append(work())
    result = {}
    for name, runs in samples.items():
        result[name] = {"cpu_s": statistics.median(r[0] for r in runs),
                        "wall_s": statistics.median(r[1] for r in runs),
                        "max_rss_kib": max(r[2] for r in runs)}
    result["ratio_cpu"] = result["ours"]["cpu_s"] / result["floor"]["cpu_s"]
    result["ratio_wall"] = result["ours"]["wall_s"] / result["floor"]["wall_s"]
    result["pairs"] = pairs
    return result


def docx_content(path: Path) -> list:
    """The paragraphs (style, text) and tables of a DOCX, in body order."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    content: list = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(block, document)
            content.append(["p", paragraph.style.name if paragraph.style else None, paragraph.text])
        elif tag == "tbl":
            table = Table(block, document)
            content.append(["t", [[cell.text for cell in row.cells] for row in table.rows]])
    return content


def steps(role: str, company: str, pairs: int) -> None:
    """Each step of a warm build of every document, as CPU time against the floor."""
    from weasyprint import HTML

    from jdgen.api import export_documents, render_documents, run_build
    from jdgen.buildinfo import build_datetime
    from jdgen.documents import ExportOptions
    from jdgen.export import EXPORTERS
    from jdgen.lint import lint_document
    from jdgen.loading import Library

    documents = render_documents(role, company)
    out = Path(tempfile.mkdtemp(prefix="jdgen-steps-"))
    options = ExportOptions(build_time=build_datetime())
    export_documents(documents, ("pdf", "docx"), out, options)  # warm: imports, fonts, caches

    def floor() -> None:
        for document in documents:
            HTML(string=document.html, base_url=document.resource_roots[0]).render(
                pdf_variant="pdf/ua-1", pdf_forms=True).write_pdf(pdf_variant="pdf/ua-1",
                                                                  pdf_identifier=True)

    def export(name: str) -> Callable[[], object]:
        return lambda: export_documents(documents, (name,), out, options)

    posting = next(d for d in documents if d.kind.key == "jd")
    lint_document(posting, compliance=True)  # warm: lint's data and compiled phrases
    work = {
        "floor: WeasyPrint alone, every document": floor,
        "load + validate + render (a new library)": lambda: render_documents(role, company, "all",
                                                                             Library()),
        "lint the job description": lambda: lint_document(posting, compliance=True),
        **{f"export {name}": export(name) for name in EXPORTERS},
        "run_build: every document, pdf + docx": lambda: run_build(role, company, out),
    }
    times = {name: statistics.median(in_process(task)[0] for _ in range(pairs))
             for name, task in work.items()}
    base = times["floor: WeasyPrint alone, every document"]
    print(f"{len(documents)} documents of {role} for {company}; median CPU of {pairs} runs")
    for name, seconds in times.items():
        print(f"{name:<44} {seconds * 1000:8.1f} ms {seconds / base:6.2f}× floor")
    shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10, help="interleaved pairs per row (default 10)")
    parser.add_argument("--rebuild-pairs", type=int, default=2,
                        help="pairs for the default-build rows, which take far longer (default 2)")
    parser.add_argument("--company", default="companies/acme.yaml")
    parser.add_argument("--role", default="cso")
    parser.add_argument("--only", default="", help="comma-separated row keys (see the JSON)")
    parser.add_argument("--json", dest="json_path", type=Path, help="also write the results here")
    parser.add_argument("--steps", action="store_true",
                        help="time each step of a warm build instead (in this process)")
    args = parser.parse_args()
    only = {key for key in args.only.split(",") if key}
    os.chdir(ROOT)
    import compileall

    import jdgen

    compileall.compile_dir(Path(jdgen.__file__).parent, quiet=1)  # as an installed package has it
    if args.steps:
        steps(args.role, args.company, args.pairs)
        return

    from jdgen.api import render_documents
    from jdgen.export.pdf import left_to_right_paragraphs, name_fields

    work = Path(tempfile.mkdtemp(prefix="jdgen-speed-"))
    out = work / "out"
    jdgen = [PY, "-m", "jdgen"]

    def build_cmd(doc: str, fmt: str, where: Path = out) -> list[str]:
        """A build that builds (``--force``: the same inputs again would be skipped)."""
        return [*jdgen, "build", args.role, "--company", args.company, "--doc", doc, "--format", fmt,
                "--out", str(where), "--force"]

    # the floors' inputs: exactly the HTML jdgen hands WeasyPrint, the DOCX's own paragraphs
    documents = {d.kind.key: d for d in render_documents(args.role, args.company, "all")}
    inputs = {}
    for key in ("jd", "checklist"):
        document = documents[key]
        markup = work / f"{key}.html"
        markup.write_text(name_fields(left_to_right_paragraphs(document.html)), encoding="utf-8")
        inputs[key] = (markup, document.resource_roots[0] + "/")
    fresh(build_cmd("jd", "docx"))
    jd_docx = next(out.rglob("*job-description.docx"))
    (work / "jd-docx.json").write_text(json.dumps(docx_content(jd_docx)), encoding="utf-8")

    def pdf_floor(key: str) -> Callable[[], tuple]:
        markup, base = inputs[key]
        return lambda: fresh([PY, "-c", PDF_FLOOR, str(markup), base, str(work / f"floor-{key}.pdf")])

    rows: list[tuple[str, str, float | None, Callable[[], dict]]] = []

    def row(key: str, label: str, target: float | None):
        def register(measure: Callable[[], dict]) -> Callable[[], dict]:
            rows.append((key, label, target, measure))
            return measure
        return register

    pairs = args.pairs

    @row("jd-pdf-fresh", "one JD PDF, fresh process", 1.15)
    def _():
        return interleave(pairs, lambda: fresh(build_cmd("jd", "pdf")), pdf_floor("jd"))

    @row("checklist-pdf-fresh", "one checklist PDF, fresh process", 1.15)
    def _():
        return interleave(pairs, lambda: fresh(build_cmd("checklist", "pdf")), pdf_floor("checklist"))

    @row("jd-docx-fresh", "one JD DOCX, fresh process", 1.5)
    def _():
        floor = [PY, "-c", DOCX_FLOOR, str(work / "jd-docx.json")]
        return interleave(pairs, lambda: fresh(build_cmd("jd", "docx")), lambda: fresh(floor))

    @row("help", "jdgen --help vs importing click, jinja2, yaml", None)
    def _():
        return interleave(pairs, lambda: fresh([*jdgen, "--help"]), lambda: fresh([PY, "-c", HELP_FLOOR]))

    def warm(lint: bool) -> dict:
        from weasyprint import HTML

        from jdgen.api import run_build

        markup, base = inputs["jd"]
        text = markup.read_text(encoding="utf-8")
        warm_out = work / "warm"

        def ours():
            run_build(args.role, args.company, warm_out, docs="jd", formats=("pdf",), lint=lint)

        def floor():
            rendered = HTML(string=text, base_url=base).render(pdf_variant="pdf/ua-1", pdf_forms=True)
            rendered.metadata.created = rendered.metadata.modified = "2026-01-01T00:00:00Z"
            rendered.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True)

        ours(), floor()  # warm: imports, fonts, caches
        return interleave(pairs, lambda: in_process(ours), lambda: in_process(floor))

    row("jd-pdf-warm", "one JD PDF, warm, api.run_build", 1.10)(lambda: warm(True))
    row("jd-pdf-warm-nolint", "  the same without lint (lint=False)", None)(lambda: warm(False))

    @row("rebuild", "identical default rebuild vs fresh (fresh processes)", None)
    def _():
        again = work / "again"
        fresh([*jdgen, "build", args.role, "--company", args.company, "--out", str(again)])

        def into_empty():
            target = Path(tempfile.mkdtemp(dir=work))
            return fresh([*jdgen, "build", args.role, "--company", args.company, "--out", str(target)])

        return interleave(args.rebuild_pairs,
                          lambda: fresh([*jdgen, "build", args.role, "--company", args.company,
                                         "--out", str(again)]), into_empty)

    # a batch: every role's JD PDF for two companies (16 items)
    companies = [args.company, "companies/northwind.yaml"]
    batch_args = ["build", "--all-roles", *(a for c in companies for a in ("--company", c)),
                  "--doc", "jd", "--format", "pdf", "--force", "-q"]

    @row("batch-processes", "16 JD PDFs: 16 processes vs one batch (-j 1)", None)
    def _():
        library_roles = sorted(p.stem for p in (ROOT / "roles").glob("*.yaml"))

        def one_by_one():
            runs = [fresh([*jdgen, "build", role, "--company", company, "--doc", "jd", "--format",
                           "pdf", "--force", "--out", str(work / "singles")])
                    for company in companies for role in library_roles]
            return sum(r[0] for r in runs), sum(r[1] for r in runs), max(r[2] for r in runs)

        return interleave(args.rebuild_pairs, one_by_one,
                          lambda: fresh([*jdgen, *batch_args, "-j", "1", "--out", str(work / "b1")]))

    @row("batch-jobs", "16 JD PDFs: -j 1 vs -j 2 (the wall ratio is the speed-up)", None)
    def _():
        return interleave(args.rebuild_pairs,
                          lambda: fresh([*jdgen, *batch_args, "-j", "1", "--out", str(work / "j1")]),
                          lambda: fresh([*jdgen, *batch_args, "-j", "2", "--out", str(work / "j2")]))

    kit_args = [a if a != "jd" else "all" for a in batch_args]

    @row("batch-jobs-kit", "the whole kit, 8 roles x 2 companies: -j 1 vs -j 2 (wall)", None)
    def _():
        return interleave(args.rebuild_pairs,
                          lambda: fresh([*jdgen, *kit_args, "-j", "1", "--out", str(work / "k1")]),
                          lambda: fresh([*jdgen, *kit_args, "-j", "2", "--out", str(work / "k2")]))

    if pandoc := shutil.which("pandoc"):
        @row("pandoc-docx", "alternative: pandoc HTML → DOCX vs the jdgen JD DOCX", None)
        def _():
            markup, _base = inputs["jd"]
            return interleave(pairs, lambda: fresh([pandoc, str(markup), "-o", str(work / "pandoc.docx")]),
                              lambda: fresh(build_cmd("jd", "docx")))

    if soffice := shutil.which("soffice"):
        @row("soffice-pdf", "alternative: LibreOffice DOCX → PDF vs the WeasyPrint floor", None)
        def _():
            profile = (work / "lo-profile").as_uri()
            command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                       "--outdir", str(work / "lo"), str(jd_docx)]
            fresh(command)  # the first start creates the profile
            return interleave(pairs, lambda: fresh(command), pdf_floor("jd"))

    results: dict[str, object] = {
        "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
        "role": args.role, "company": args.company, "rows": {},
    }
    print(f"{'what':<56} {'jdgen CPU':>10} {'floor CPU':>10} {'ratio':>7} {'wall ratio':>10} {'target':>7}")
    for key, label, target, measure in rows:
        if only and key not in only:
            continue
        measured = measure()
        measured |= {"label": label, "target": target}
        results["rows"][key] = measured
        ours, floor = measured["ours"], measured["floor"]
        print(f"{label:<56} {ours['cpu_s'] * 1000:8.0f}ms {floor['cpu_s'] * 1000:8.0f}ms "
              f"{measured['ratio_cpu']:6.2f}× {measured['ratio_wall']:9.2f}× "
              f"{f'≤ {target:.2f}×' if target else '':>7}", flush=True)

    if not only or "memory" in only:
        _, _, rss = fresh([*jdgen, "build", args.role, "--company", args.company,
                           "--out", str(work / "memory")])
        results["rows"]["memory"] = {"label": "peak memory, default build", "max_rss_mib": rss / 1024,
                                     "target_mib": 200 * 1000 * 1000 / 2**20}
        print(f"{'peak memory, default build (ru_maxrss)':<56} {rss / 1024:8.0f} MiB {'':>24} "
              f"{'< 200 MB':>7}")
    if args.json_path:
        args.json_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
