"""Time a full `jdgen build` against the floor: raw WeasyPrint on the same HTML, in the same run.

    python benchmarks/bench_build.py [--repeat N] [--company companies/acme.yaml]

Prints, per step, the median wall time and its ratio to the floor. No thresholds: read the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--company", default=str(ROOT / "companies" / "acme.yaml"))
    args = parser.parse_args()

    from weasyprint import HTML

    from jdgen.api import build, export_documents, render_documents
    from jdgen.buildinfo import build_datetime
    from jdgen.documents import ExportOptions
    from jdgen.export import EXPORTERS
    from jdgen.lint import run_lint

    documents = render_documents("cso", args.company)
    out = Path(tempfile.mkdtemp())
    options = ExportOptions(build_time=build_datetime())
    export_documents(documents, ("pdf", "docx"), out, options)  # warm caches and fonts

    def floor(**settings) -> None:
        for document in documents:
            HTML(string=document.html, base_url=document.resource_roots[0]).write_pdf(**settings)

    def export(name: str) -> Callable[[], object]:
        return lambda: export_documents(documents, (name,), out, options)

    steps = {
        "floor: raw WeasyPrint, same HTML": floor,
        "raw WeasyPrint + pdf/ua-1 + forms": lambda: floor(pdf_variant="pdf/ua-1", pdf_forms=True),
        "load + validate + render (HTML)": lambda: render_documents("cso", args.company),
        **{f"export {name}": export(name) for name in EXPORTERS},
        "lint cso --compliance": lambda: run_lint("cso", args.company, compliance=True),
        "jdgen build cso (pdf+docx, written)": lambda: build("cso", args.company, out),
    }
    results = {name: median_seconds(work, args.repeat) for name, work in steps.items()}
    base = results["floor: raw WeasyPrint, same HTML"]
    print(f"{len(documents)} documents, median of {args.repeat} runs")
    for name, seconds in results.items():
        print(f"{name:<40} {seconds * 1000:8.1f} ms   {seconds / base:5.2f}× floor")


if __name__ == "__main__":
    main()
