"""Markdown exporter: GitHub-flavoured Markdown that pastes cleanly into an ATS or a wiki.

markdownify does the conversion and the escaping (so ``<script>`` in a company name stays text);
this module adds what our documents need: checklist rows become ``- [ ]`` task items, the
at-a-glance facts become a bullet list, and the masthead (a logo) is left out.  Links are written
so no value can break out of them: the target is percent-encoded (no space, ``()``, ``<>`` or
``[]`` left), the text escaped, and only web, mail and ``#anchor`` links are kept.  Form
fields are for paper, as in the plain text: ``Interviewer: ____``, a textarea's ruled lines,
``[ ]`` for a radio button or checkbox (:func:`jdgen.export.text.blank`).
"""

from __future__ import annotations

import re
from urllib.parse import quote

import lxml.html
from markdownify import MarkdownConverter, chomp

from jdgen.documents import ExportOptions, RenderedDocument
from jdgen.export import fields
from jdgen.export.text import blank
from jdgen.sanitize import is_safe_link

EXTENSION = "md"
#: What a link target keeps as it is (besides letters and digits); the rest is percent-encoded.
URL_KEEPS = "!#$%&*+,-./:;=?@_~"


def link_target(href: str) -> str:
    """``href`` with every character that could end a Markdown link or autolink percent-encoded."""
    return quote(href.strip(), safe=URL_KEEPS)


#: Marks a line break inside a table cell until the cell is written (then ``<br>``).
CELL_BREAK = "\ue000"


class _Converter(MarkdownConverter):
    def _drop(self, el, text, parent_tags) -> str:
        return ""

    # A GFM table cell is one line: its paragraphs, list items ("• ") and line breaks are
    # kept apart with <br>, which GitHub and most Markdown viewers show as a line break.

    def convert_p(self, el, text, parent_tags) -> str:
        if "_inline" in parent_tags and ({"td", "th"} & parent_tags):
            return text.strip() + CELL_BREAK
        return super().convert_p(el, text, parent_tags)

    def convert_br(self, el, text, parent_tags) -> str:
        if "_inline" in parent_tags and ({"td", "th"} & parent_tags):
            return CELL_BREAK
        return super().convert_br(el, text, parent_tags)

    def convert_list(self, el, text, parent_tags) -> str:
        if {"td", "th"} & parent_tags:
            return CELL_BREAK + text
        return super().convert_list(el, text, parent_tags)

    convert_ul = convert_ol = convert_list

    def convert_li(self, el, text, parent_tags) -> str:
        if {"td", "th"} & parent_tags:
            return f"• {(text or '').strip()}{CELL_BREAK}"
        return super().convert_li(el, text, parent_tags)

    def _cell(self, text: str) -> str:
        lines = [line.strip() for line in text.replace("\n", " ").split(CELL_BREAK)]
        return "<br>".join(line for line in lines if line)

    def convert_td(self, el, text, parent_tags) -> str:
        return super().convert_td(el, self._cell(text), parent_tags)

    def convert_th(self, el, text, parent_tags) -> str:
        return super().convert_th(el, self._cell(text), parent_tags)

    convert_head = convert_title = convert_header = convert_img = _drop

    def convert_a(self, el, text, parent_tags) -> str:
        prefix, suffix, text = chomp(text)  # text: the link's content, already escaped
        href = (el.get("href") or "").strip()
        if "_noformat" in parent_tags or not text or not is_safe_link(href):
            return prefix + text + suffix
        target = link_target(href)
        if el.get_text().strip() == href and not href.startswith("#"):
            return f"{prefix}<{target}>{suffix}"
        return f"{prefix}[{text}]({target}){suffix}"

    def convert_input(self, el, text, parent_tags) -> str:
        return el.get("data-paper", "")

    def convert_textarea(self, el, text, parent_tags) -> str:
        name = self.escape(el.get("data-name", ""), parent_tags)
        return f"\n\n{name + ':' if name else ''}\n\n{el.get('data-paper', '').strip()}\n\n"

    def convert_label(self, el, text, parent_tags) -> str:
        if el.has_attr("data-colon") and text.strip() and not text.rstrip().endswith(":"):
            return text.rstrip() + ":" + text[len(text.rstrip()):]
        return text

    def convert_legend(self, el, text, parent_tags) -> str:
        return f"\n\n**{text.strip()}**\n\n" if text.strip() else ""

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


def paper_fields(html: str) -> str:
    """``html`` with each form field's paper form in ``data-paper`` (a textarea's accessible name
    in ``data-name``) and ``data-colon`` on each label of a text field, for the converter."""
    if "<input" not in html and "<textarea" not in html:
        return html
    root = lxml.html.document_fromstring(html)
    ids = {}
    for element in root.iter("input", "textarea"):
        if fields.kind(element) is None:
            continue
        element.set("data-paper", blank(element))
        if element.tag == "textarea":
            element.set("data-name", fields.accessible_name(element))
        if element.get("id") and fields.kind(element) in ("text", "textarea"):
            ids[element.get("id")] = element
    for label in root.iter("label"):
        if label.get("for") in ids:
            label.set("data-colon", "")
    return lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode")


def to_markdown(html: str) -> str:
    html = paper_fields(html)
    text = _Converter(heading_style="ATX", bullets="-", escape_misc=True, autolinks=True).convert(html)
    text = "\n".join(_unescape_inner_dots(line) for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def export(document: RenderedDocument, options: ExportOptions) -> bytes:
    return to_markdown(document.html).encode("utf-8")
