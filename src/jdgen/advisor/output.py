"""The advice as a reader gets it: text for a terminal, JSON, and a document (``advice.html``,
rendered like every document) that the Markdown and PDF exporters turn into files."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from pathlib import Path

from jdgen import __version__
from jdgen.advisor import Advice, Change
from jdgen.documents import DocumentKind, ExportOptions, RenderedDocument
from jdgen.models import Company

#: The advice as a document: what the exporters and the file name go by.
ADVICE = DocumentKind("advice", "Which role: CSO, VP of Sales or CRO?", "advice.html", "advice",
                      formats=("pdf", "md"))
#: Formats of ``jdgen advise``: text and JSON are made here, Markdown and PDF by the exporters.
FORMATS = ("text", "json", "md", "pdf")
EXTENSIONS = {"text": "txt", "json": "json", "md": "md", "pdf": "pdf"}
WIDTH = 88


def change_line(change: Change) -> str:
    """``sales_channels 1 → 2: Chief Sales Officer (3 to 2)``."""
    facts = [f"{fact.key} {fact.now} → {fact.then}" for fact in change.facts]
    said = facts[0] if len(facts) == 1 else ", ".join(facts[:-1]) + " and " + facts[-1]
    ranked = sorted(change.scores.values(), reverse=True)
    return f"{said}: {change.title} ({ranked[0]} to {ranked[1]})"


def view(advice: Advice) -> dict[str, object]:
    """What the text, the JSON and the template show, worked out once."""
    runner = advice.runner_up
    readiness = advice.readiness
    return {
        "advice": advice,
        "ranked": [{"role": role, "title": advice.titles[role], "score": advice.scores[role]}
                   for role in sorted(advice.scores, key=lambda r: -advice.scores[r])],
        "why": [(reason, reason.weights[advice.role]) for reason in advice.reasons_for(advice.role)],
        "runner_up": {"role": runner, "title": advice.titles[runner],
                      "score": advice.scores[runner]},
        "runner_why": [(reason, reason.weights[runner]) for reason in advice.reasons_for(runner)],
        "changes": [change_line(change) for change in advice.changes],
        "readiness_title": advice.titles[readiness.role] if readiness else "",
    }


def as_text(advice: Advice) -> str:
    """For a terminal: the first line is ``Recommendation: <role title>``."""
    shown = view(advice)
    lines = [f"Recommendation: {advice.title}", f"Company: {advice.company}",
             "Scores: " + ", ".join(f"{r['title']} {r['score']}" for r in shown["ranked"]), ""]

    def reasons(items: list, heading: str) -> None:
        lines.append(heading)
        if not items:
            lines.append("  (no rule adds to it)")
        for reason, weight in items:
            lines.extend(textwrap.wrap(f"{weight:+d}  {reason.key} = {reason.value} ({reason.test}) "
                                       f"[{reason.rule}]", WIDTH, initial_indent="  ",
                                       subsequent_indent=" " * 6))
            lines.extend(textwrap.wrap(f"{reason.finding} Source: {reason.source}.", WIDTH,
                                       initial_indent=" " * 6, subsequent_indent=" " * 6))
        lines.append("")

    reasons(shown["why"], f"Why a {advice.title}:")
    runner = shown["runner_up"]
    reasons(shown["runner_why"], f"Runner-up: {runner['title']} ({runner['score']})")
    lines.append("What would change the answer:")
    lines.extend(textwrap.fill(line, WIDTH, initial_indent="  - ", subsequent_indent="    ")
                 for line in shown["changes"] or ["no change of up to three facts would"])
    if advice.unknown:
        lines += ["", "Not given, so no rule on them counted: " + ", ".join(advice.unknown)]
    if advice.readiness is not None:
        ready = advice.readiness
        now = f" ({ready.current_role})" if ready.current_role else ""
        total = len(ready.present) + len(ready.missing)
        lines += ["", f"Internal candidate: {ready.name}{now}"]
        if total:
            lines.append(f"Readiness for the {shown['readiness_title']} role: {len(ready.present)} "
                         f"of {total} signals")
            for mark, label, items in (("+", "Present", ready.present), ("-", "Missing", ready.missing)):
                lines.append(f"  {label}:" if items else f"  {label}: none")
                for item in items:
                    lines.extend(textwrap.wrap(item, WIDTH, initial_indent=f"    {mark} ",
                                               subsequent_indent="      "))
        else:
            lines.append(f"The role library lists no readiness signals for the "
                         f"{shown['readiness_title']} role.")
    return "\n".join(lines).rstrip() + "\n"


def as_json(advice: Advice) -> str:
    shown = view(advice)
    data = {
        "recommendation": {"role": advice.role, "title": advice.title,
                           "score": advice.scores[advice.role]},
        "company": advice.company,
        "scores": shown["ranked"],
        "runner_up": shown["runner_up"],
        "reasons": [dataclasses.asdict(reason) for reason in advice.reasons],
        "changes": [dataclasses.asdict(change) for change in advice.changes],
        "readiness": dataclasses.asdict(advice.readiness) if advice.readiness else None,
        "unknown": advice.unknown,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def document(advice: Advice, company: Company, company_file: Path,
             template_dirs: tuple[Path, ...] = ()) -> RenderedDocument:
    """The advice rendered from ``advice.html`` (which extends ``base.html``), for the exporters."""
    from jdgen.paths import builtin_dir
    from jdgen.render import render

    logo = (company_file.parent / company.brand.logo).resolve() if company.brand.logo else None
    context = {"company": company, "lang": company.language, "jdgen_version": __version__,
               "logo_url": logo.as_uri() if logo else None, **view(advice)}
    markup = render(ADVICE.template, context, template_dirs)
    roots = (str(company_file.parent.resolve()), *map(str, template_dirs),
             str(builtin_dir("templates")))
    return RenderedDocument(ADVICE, advice.role, company.output_slug, markup,
                            f"Recommendation: {advice.title} — {company.name}", company.name,
                            company.language, company.brand.page_size, roots)


def export(advice: Advice, fmt: str, company: Company, company_file: Path,
           options: ExportOptions, template_dirs: tuple[Path, ...] = ()) -> bytes:
    """The advice in ``fmt`` (one of :data:`FORMATS`), as the bytes of a file."""
    if fmt == "text":
        return as_text(advice).encode("utf-8")
    if fmt == "json":
        return as_json(advice).encode("utf-8")
    from jdgen.export import exporter

    return exporter(fmt).export(document(advice, company, company_file, template_dirs), options)
