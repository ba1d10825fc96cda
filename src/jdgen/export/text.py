"""Plain-text exporter: the document for an email body, wrapped at 80 columns.

Headings are underlined, lists get hanging indents, checklist rows become ``[ ]`` lines and
links show their address after the text.  Form fields (:mod:`jdgen.export.fields`) are for
paper: a text field is a line to write on (``Interviewer: ____``), a textarea a few ruled lines,
a radio button or checkbox ``[ ]``.
"""

from __future__ import annotations

import re
import textwrap

import lxml.html

from jdgen.documents import ExportOptions, RenderedDocument
from jdgen.export import fields

EXTENSION = "txt"
WIDTH = 80
SKIPPED = {"head", "header", "script", "style", "img", "template"}
#: A line to write a one-line answer on, and one ruled line of a textarea.
BLANK = "_" * 24
RULED = "_" * 64


def blank(element) -> str:
    """What a form field is on paper: a line to write on, or a box to tick."""
    kind = fields.kind(element)
    if kind in ("radio", "checkbox"):
        return "[x]" if element.get("checked") is not None else "[ ]"
    if kind == "textarea":
        return "\n" + "\n\n".join([RULED] * fields.rows(element))
    return BLANK


def label_text(label, inline) -> str:
    """A label's text, with a colon when it names a text field written after it."""
    text = inline(label)
    target = label.get("for")
    if target and text and not text.endswith(":"):
        field = next((e for e in label.getroottree().iter("input", "textarea")
                      if e.get("id") == target), None)
        if field is not None and fields.kind(field) in ("text", "textarea"):
            return text + ":"
    return text


def _inline(element) -> str:
    """The text of an element with links spelled out, white space collapsed."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in SKIPPED:
            parts.append(_piece(child))
        parts.append(child.tail or "")
    return re.sub(r"[ \t\r\f\v]*\n[ \t\r\f\v]*", "\n", re.sub(r"[ \t\r\f\v\n]+(?!\n)", " ",
                                                                  "".join(parts))).strip()


def _piece(child) -> str:
    """The text of one inline element (without its tail)."""
    if fields.kind(child) is not None:
        return blank(child)
    if child.tag == "label":
        return label_text(child, _inline)
    if child.tag == "br":
        return "\n"
    text = _inline(child)
    shown = (child.get("href", "") if child.tag == "a" else "").removeprefix("mailto:")
    return f"{text} <{shown}>" if shown and shown not in text else text


def _wrap(text: str, first: str = "", rest: str = "") -> str:
    return "\n".join(textwrap.fill(line, WIDTH, initial_indent=first if i == 0 else rest,
                                   subsequent_indent=rest, break_on_hyphens=False,
                                   break_long_words=False)
                     for i, line in enumerate(text.split("\n")))


class _Writer:
    def __init__(self) -> None:
        self.blocks: list[str] = []

    def walk(self, element, depth: int = 0) -> None:
        line: list[str] = []  # labels and fields loose in a container (a fieldset): one line
        for child in element:
            if not isinstance(child.tag, str) or child.tag in SKIPPED:
                continue
            tag = child.tag
            if tag == "label" or fields.kind(child) in ("text", "radio", "checkbox"):
                line += [_piece(child), child.tail or ""]
                continue
            self._line(line)
            if tag == "h1":
                title = _inline(child)
                self.blocks.append(f"{title}\n{'=' * min(len(title), WIDTH)}")
            elif tag == "h2":
                title = _inline(child)
                self.blocks.append(f"{title}\n{'-' * min(len(title), WIDTH)}")
            elif tag in ("h3", "h4", "p", "blockquote"):
                self.blocks.append(_wrap(_inline(child)))
            elif tag in ("ul", "ol"):
                self.blocks.append(self.list(child, depth))
            elif tag == "dl":
                self.blocks.append(self.facts(child))
            elif tag == "table":
                self.blocks.append(self.table(child))
            elif tag == "textarea":
                name = fields.accessible_name(child)
                self.blocks.append((_wrap(name + ":") + "\n" if name else "") + blank(child).strip())
            elif tag == "legend":
                self.blocks.append(_wrap(_inline(child)))
            else:
                self.walk(child, depth)
        self._line(line)

    def _line(self, parts: list[str]) -> None:
        text = re.sub(r"\s+", " ", "".join(parts)).strip()
        if text:
            self.blocks.append(_wrap(text))
        parts.clear()

    def list(self, element, depth: int) -> str:
        lines = []
        indent = "  " * depth
        for number, item in enumerate(element.iterchildren("li"), 1):
            marker = f"{number}. " if element.tag == "ol" else "* "
            nested = [c for c in item if c.tag in ("ul", "ol")]
            for c in nested:
                item.remove(c)
            lines.append(_wrap(_inline(item), indent + marker, indent + " " * len(marker)))
            lines += [self.list(c, depth + 1) for c in nested]
        return "\n".join(lines)

    def facts(self, element) -> str:
        pairs = [(_inline(dt) + ":", _inline(dt.getnext())) for dt in element.iterchildren("dt")]
        width = max(len(label) for label, _ in pairs) + 2
        return "\n".join(_wrap(value, label.ljust(width), " " * width) for label, value in pairs)

    def table(self, element) -> str:
        headers = [_inline(th) for th in element.iter("th")]
        lines = []
        for row in element.iter("tr"):
            cells = [c for c in row if c.tag == "td"]
            if not cells:
                continue
            texts = [_inline(c.find("p") if c.find("p") is not None else c) for c in cells]
            if cells[0].find(".//input[@type='checkbox']") is not None:
                extras = " · ".join(f"{headers[i]}: {t}" if i < len(headers) else t
                                    for i, t in enumerate(texts[2:], 2))
                lines.append(_wrap(f"{texts[1]} ({extras})" if extras else texts[1],
                                   texts[0] + " ", "    "))
                lines += [_wrap(_inline(note), "    ", "    ") for note in cells[1].findall("p")[1:]]
            else:
                lines.append(_wrap(" | ".join(texts)))
        return "\n".join(lines)


def to_text(html: str) -> str:
    writer = _Writer()
    writer.walk(lxml.html.document_fromstring(html).body)
    return "\n\n".join(block for block in writer.blocks if block.strip()) + "\n"


def export(document: RenderedDocument, options: ExportOptions) -> bytes:
    return to_text(document.html).encode("utf-8")
