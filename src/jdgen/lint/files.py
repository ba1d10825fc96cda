"""Posting files a recruiter already has, read for lint: plain text, Markdown, HTML, Word, PDF.

Each format becomes the posting's visible text and its source pieces, every piece at its own
place in the file, so a finding points where a person would look:

* ``.txt``, ``.md`` and standard input (``-``): LINE:COL of the file itself;
* ``.html``: the line of the element that holds the text, and the column where it can be found;
* ``.docx``: LINE is the paragraph (body paragraphs and table cells in reading order, from 1)
  and COL the character in it;
* ``.pdf``: the page as ``file.pdf#page=N`` (the PDF open parameter every viewer accepts), then
  the line on that page and the character in it.

Work is bounded: a file of at most :data:`FILE_LIMIT` bytes, read within :data:`READ_SECONDS`,
at most :data:`TEXT_LIMIT` characters of text and :data:`PAGE_LIMIT` PDF pages (pypdf caps what
one stream may unpack to).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from jdgen import gate
from jdgen.errors import InputError, Position, Problem
from jdgen.lint.tracing import TextPiece, normalise
from jdgen.sandbox import LimitExceeded, run_limited

FILE_LIMIT = 20 * gate.MiB
TEXT_LIMIT = 200_000  # about 30,000 words: forty times a long posting
PAGE_LIMIT = 100
#: How long reading one file may take (a PDF whose streams unpack to far more than it holds).
READ_SECONDS = 30
FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
           ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
STDIN = "-"
#: The origin of a piece that is a list item in its file (a bullet, for counting must-haves).
ITEM = "file-item"
#: The blocks of an HTML page whose text a reader sees as one paragraph.
HTML_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "td", "th", "blockquote",
               "figcaption", "caption", "pre", "address", "summary", "label", "title")


@dataclass(frozen=True)
class PlainPiece(TextPiece):
    """A piece whose text is the file's own, from ``where``: an index maps to a line and column
    by counting in the piece (for files that are not text, and for standard input)."""

    def locate(self, start: int, phrase: str) -> Position:
        before = self.text[:start]
        line = (self.where.line or 1) + before.count("\n")
        col = start - before.rfind("\n") if "\n" in before else (self.where.col or 1) + start
        return Position(self.where.path, line, col, self.where.page)


@dataclass(frozen=True)
class SourcePiece(TextPiece):
    """A piece of an HTML page: located in the page's own lines as they were read (the file is
    never opened again, so it cannot change in between)."""

    lines: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def source_lines(self) -> tuple[str, ...]:
        return self.lines


@dataclass(frozen=True)
class PostingFile:
    """A posting read from a file: its visible text (one block a line) and its pieces."""

    path: str
    kind: str
    text: str
    pieces: list[TextPiece]

    @property
    def start(self) -> Position:
        """The document as a whole, for findings about all of it (length, balance)."""
        return Position(self.path)


def posting_kind(path: str) -> str | None:
    """The format ``path`` is read as, from its extension; ``-`` is text on standard input."""
    return "text" if path == STDIN else FORMATS.get(Path(path).suffix.lower())


def read_posting(path: str, stdin: bytes | None = None) -> PostingFile:
    """Read the posting at ``path`` (``-``: ``stdin``) for lint."""
    kind = posting_kind(path)
    if kind is None:
        raise InputError(Problem(Position(path), "is not a posting jdgen can read",
                                 "give a .txt, .md, .html, .docx or .pdf file, or - for standard input"))
    if path == STDIN:
        data = (stdin or b"")[: FILE_LIMIT + 1]
        if len(data) > FILE_LIMIT:
            raise InputError(Problem(Position("<stdin>"), "standard input is larger than 20 MiB",
                                     "lint a shorter posting"))
        name = "<stdin>"
    else:
        data = gate.read_bytes(Path(path), inside=None, what=f'posting "{path}"', limit=FILE_LIMIT)
        name = path
    reader = {"text": _text, "markdown": _text, "html": _html, "docx": _docx, "pdf": _pdf}[kind]
    try:
        pieces = run_limited(lambda: reader(name, data), READ_SECONDS)
    except LimitExceeded:
        raise InputError(Problem(Position(name), f"could not be read within {READ_SECONDS} s",
                                 "save the posting alone as .txt and lint that")) from None
    too_long = InputError(Problem(Position(name), f"holds more than {TEXT_LIMIT:,} characters of "
                                  "text", "lint the posting alone, not a whole site or document set"))
    if sum(len(piece.text) for piece in pieces) > TEXT_LIMIT:  # what the rules will scan
        raise too_long
    text = "\n".join(("- " if piece.origin == ITEM else "") + normalise(line)
                     for piece in pieces for line in piece.text.splitlines() if line.strip())
    if len(text) > TEXT_LIMIT:  # and what is shown
        raise too_long
    return PostingFile(name, kind, text, pieces)


def _decode(name: str, data: bytes) -> str:
    """UTF-8 text (a byte-order mark dropped), or UTF-16 when it starts with one; anything else
    is refused at its line, never guessed."""
    utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
    try:
        return data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        what = "UTF-16 text" if utf16 else "UTF-8 text"
        raise InputError(Problem(Position(name, line), f"is not {what}",
                                 "save it as UTF-8 (most editors: Save As → Encoding)")) from None


def _text(name: str, data: bytes) -> list[TextPiece]:
    text = _decode(name, data).replace("\r\n", "\n").replace("\r", "\n")
    return [PlainPiece(text, Position(name, 1, 1), "file")]


def _html(name: str, data: bytes) -> list[TextPiece]:
    import lxml.html

    try:
        root = lxml.html.document_fromstring(data)
    except Exception:  # noqa: BLE001 - lxml's parser errors are many and all mean the same
        raise InputError(Problem(Position(name), "is not an HTML page jdgen can read",
                                 "save the posting as .txt and lint that")) from None
    for skipped in root.xpath("//script|//style|//noscript|//template"):
        skipped.drop_tree()
    lines = tuple(_decode(name, data).splitlines())
    pieces = []
    for element in root.iter(HTML_BLOCKS):
        if any(ancestor.tag in HTML_BLOCKS for ancestor in element.iterancestors()):
            continue  # a block inside a block is read with its parent
        text = normalise(element.text_content())
        if not text:
            continue
        line = element.sourceline or 1
        first = text.split()[0]
        col = lines[line - 1].find(first) + 1 if line <= len(lines) and first in lines[line - 1] else 1
        origin = ITEM if element.tag == "li" else "file"
        pieces.append(SourcePiece(text, Position(name, line, col), origin, lines))
    return pieces


def _docx(name: str, data: bytes) -> list[TextPiece]:
    from jdgen.wordfile import NotAWordFile, check_word_file

    try:
        body = check_word_file(data).element.body
    except NotAWordFile as exc:
        raise InputError(Problem(Position(name), exc.reason, exc.hint)) from None
    pieces = []
    for number, paragraph in enumerate(body.iter("{*}p"), 1):
        text = "".join(node.text or "" if node.tag.endswith("}t") else "\t"
                       for node in paragraph.iter("{*}t", "{*}tab"))
        if text.strip():
            style = paragraph.find("{*}pPr/{*}pStyle")
            style_id = next((value for key, value in style.attrib.items() if key.endswith("}val")),
                            "") if style is not None else ""
            listed = paragraph.find("{*}pPr/{*}numPr") is not None or style_id.startswith("List")
            pieces.append(PlainPiece(text, Position(name, number, 1), ITEM if listed else "file"))
    return pieces


def _pdf(name: str, data: bytes) -> list[TextPiece]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR + 1)  # its warnings are not the user's
    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) > PAGE_LIMIT:
            raise InputError(Problem(Position(name), f"has more than {PAGE_LIMIT} pages",
                                     "lint the posting alone"))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        raise InputError(Problem(Position(name), "is not a PDF jdgen can read",
                                 "export the posting again as PDF, or save it as .txt")) from None
    if not any(page.strip() for page in pages):
        raise InputError(Problem(Position(name), "has no text layer (a scanned image?)",
                                 "lint the document it was made from, or its text"))
    return [PlainPiece(re.sub(r"[ \t]+\n", "\n", page), Position(name, 1, 1, page=number), "file")
            for number, page in enumerate(pages, 1) if page.strip()]
