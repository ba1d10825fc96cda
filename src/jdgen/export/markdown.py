"""Markdown exporter: GitHub-flavoured Markdown that pastes cleanly into an ATS or a wiki.

markdownify does the conversion and the escaping (so ``<script>`` in a company name stays text);
this module adds what our documents need: checklist rows become ``- [ ]`` task items, the
at-a-glance facts become a bullet list, and the masthead (a logo) is left out.
"""

from __future__ import annotations

import re

from markdownify import MarkdownConverter

from jdgen.documents import ExportOptions, RenderedDocument

EXTENSION = "md"
KINDS = None


class _Converter(MarkdownConverter):
    def _drop(self, el, text, parent_tags) -> str:
        return ""

    convert_head = convert_title = convert_header = convert_img = _drop

    def convert_dl(self, el, text, parent_tags) -> str:
        lines = []
        for term in el.find_all("dt"):
            value = term.find_next_sibling("dd")
            label = self.escape(term.get_text(" ", strip=True), parent_tags)
            shown = self.escape(value.get_text(" ", strip=True), parent_tags) if value else ""
            lines.append(f"- **{label}:** {shown}")
        return "\n\n" + "\n".join(lines) + "\n\n"

    def convert_table(self, el, text, parent_tags) -> str:
        if el.find("input", attrs={"type": "checkbox"}) is None:
            return super().convert_table(el, text, parent_tags)
        headers = [th.get_text(" ", strip=True) for th in el.find_all("th")]
        items = []
        for row in el.find_all("tr"):
            cells = row.find_all("td")
            box = row.find("input", attrs={"type": "checkbox"})
            if box is None or len(cells) < 2:
                continue
            mark = "x" if box.has_attr("checked") else " "
            first = cells[1].find("p") or cells[1]
            item = f"- [{mark}] {self.escape(first.get_text(' ', strip=True), parent_tags)}"
            extras = [f"{headers[i]}: {cell.get_text(' ', strip=True)}" if i < len(headers)
                      else cell.get_text(" ", strip=True) for i, cell in enumerate(cells[2:], 2)]
            if extras:
                item += " — " + self.escape(" · ".join(extras), parent_tags)
            for note in cells[1].find_all("p")[1:]:  # a backslash line break survives editors
                item += "\\\n  " + self.escape(note.get_text(" ", strip=True), parent_tags)
            items.append(item)
        return "\n\n" + "\n".join(items) + "\n\n"


def _unescape_inner_dots(line: str) -> str:
    """``1\\.`` needs its backslash only where a line would otherwise start a numbered list."""
    if re.match(r"\s*\d+\\\.", line):
        return line
    return line.replace("\\.", ".")


def to_markdown(html: str) -> str:
    text = _Converter(heading_style="ATX", bullets="-", escape_misc=True, autolinks=True).convert(html)
    text = "\n".join(_unescape_inner_dots(line) for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def export(document: RenderedDocument, options: ExportOptions) -> bytes:
    return to_markdown(document.html).encode("utf-8")
