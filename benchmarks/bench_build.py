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

    documents = render_documents("cso", args.company)
    export_documents(documents, ("pdf", "docx"), Path(tempfile.mkdtemp()))  # warm caches, fonts

    def floor() -> None:
        for document in documents:
            HTML(string=document.html, base_url=document.resource_roots[0]).write_pdf()

    out = Path(tempfile.mkdtemp())
    steps = {
        "floor: raw WeasyPrint, same HTML": floor,
        "load + validate + render (HTML)": lambda: render_documents("cso", args.company),
        "export pdf": lambda: export_documents(documents, ("pdf",), out),
        "export docx": lambda: export_documents(documents, ("docx",), out),
        "jdgen build cso (pdf+docx, written)": lambda: build("cso", args.company, out),
    }
    results = {name: median_seconds(work, args.repeat) for name, work in steps.items()}
    base = results["floor: raw WeasyPrint, same HTML"]
    print(f"{len(documents)} documents, median of {args.repeat} runs")
    for name, seconds in results.items():
        print(f"{name:<40} {seconds * 1000:8.1f} ms   {seconds / base:5.2f}× floor")


if __name__ == "__main__":
    main()
