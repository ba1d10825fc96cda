"""Tracing: which source text (YAML scalar or template text) produced which part of a document.

Every string of the resolved role and of the company file keeps the FILE:LINE:COL it was loaded
from; literal text of the templates keeps its template file and line.  A source piece is linted
when it appears in the rendered document, and a word found in it is located in its file by
searching from the piece's own position, so derived roles point into the file that holds the
word, not into the parent.
"""

from __future__ import annotations

import bisect
import html
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import lxml.html
from jinja2 import nodes

from jdgen.errors import Position
from jdgen.lint.memo import text_cache
from jdgen.sources import Loaded, display_path


@dataclass(frozen=True)
class TextPiece:
    """One run of source text that appears in the document."""

    text: str
    where: Position  # where the piece starts in its file
    origin: str  # "role", "company" or "template"

    def source_lines(self) -> tuple[str, ...]:
        """The lines of the file the piece is in."""
        return _file_lines(self.where.path)

    def locate(self, start: int, phrase: str) -> Position:
        """The position of ``phrase``, found at index ``start`` of the piece, in its file: its
        n-th match in the piece is its n-th match in the piece's lines of the file."""
        lines = self.source_lines()
        if not lines or self.where.line is None:
            return self.where
        in_piece, in_file, text = _matches(self, _phrase_pattern(phrase).pattern, lines)
        nth = bisect.bisect_left(in_piece, start)
        if nth >= len(in_file):
            return self.where
        at = in_file[nth]
        first = self.where.line - 1
        line = first + text.count("\n", 0, at) + 1
        return Position(self.where.path, line, at - (text.rfind("\n", 0, at) + 1) + 1)


@lru_cache(maxsize=1024)
def _matches(piece: TextPiece, pattern: str,
             lines: tuple[str, ...]) -> tuple[list[int], list[int], str]:
    """Where ``pattern`` matches in the piece's text and in its lines of the file (from its
    column on), and those lines: found once per piece and phrase, so locating many matches of
    one word costs linear time."""
    compiled = re.compile(pattern, re.I)
    first = piece.where.line - 1
    # the piece's own lines (its text, with room for markup and YAML quoting), not the file
    window = lines[first: first + piece.text.count("\n") + 2 + len(piece.text) // 40]
    text = "\n".join(window)
    offset = (piece.where.col or 1) - 1
    return ([m.start() for m in compiled.finditer(piece.text)],
            [m.start() for m in compiled.finditer(text, offset)], text)


def _file_lines(path: str) -> tuple[str, ...]:
    """The lines of a source file (cached while the file is unchanged)."""
    try:
        stat = os.stat(path)
    except OSError:
        return ()
    return _read_lines(os.path.abspath(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)  # one per version of a file: bounded for a long-running server
def _read_lines(path: str, mtime: int, size: int) -> tuple[str, ...]:
    return tuple(Path(path).read_text(encoding="utf-8").splitlines())


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """``phrase`` as whole words, any space between them; an apostrophe is straight, curly or
    an HTML entity, as a template may spell it (the pieces of a template are unescaped)."""
    apostrophe = "(?:['’]|&rsquo;|&#8217;|&#x2019;|&#39;|&apos;)"
    words = [re.sub("['’]", lambda _: apostrophe, re.escape(w)) for w in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


_SPACES = re.compile(r"\s+")


@text_cache(8192)
def normalise(text: str) -> str:
    """``text`` unescaped, its runs of white space one space each, trimmed."""
    return _SPACES.sub(" ", html.unescape(text)).strip()


def document_text(markup: str) -> str:
    """The visible text of a rendered document, one block per line."""
    root = lxml.html.document_fromstring(markup)
    for element in root.iter("br", "p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th"):
        element.tail = "\n" + (element.tail or "")
    return "\n".join(normalise(line) for line in root.body.text_content().splitlines()
                     if line.strip())


def yaml_pieces(loaded: Loaded, origin: str) -> Iterator[TextPiece]:
    """Every string of a loaded YAML document, at the position it was written."""

    def walk(value: object, loc: tuple) -> Iterator[TextPiece]:
        if isinstance(value, str):
            yield TextPiece(value, loaded.source.locate(loc), origin)
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, (*loc, index))

    yield from walk(loaded.data, ())


def template_pieces(env, name: str, seen: set[str] | None = None) -> Iterator[TextPiece]:
    """The literal text of a template and of every template it extends or includes."""
    seen = seen if seen is not None else set()
    if name in seen:
        return
    seen.add(name)
    source, filename, _ = env.loader.get_source(env, name)
    pieces, children = _literal_text(env, source, name, filename, os.getcwd())
    yield from pieces
    for child in children:
        yield from template_pieces(env, child, seen)


@lru_cache(maxsize=64)  # a batch lints one posting after another from the same templates
def _literal_text(env, source: str, name: str, filename: str,
                  cwd: str) -> tuple[tuple[TextPiece, ...], tuple[str, ...]]:
    """The literal text of one template's source, and the templates it extends or includes
    (``cwd``, which paths are shown from, is part of the key)."""
    tree = env.parse(source, name, filename)
    path = display_path(Path(filename))
    lines = source.splitlines()
    pieces = []
    for data in tree.find_all(nodes.TemplateData):
        for segment in re.split(r"<[^>]*>", data.data):
            text = normalise(segment)
            if not re.search(r"[A-Za-z]{2}", text):
                continue
            line = next((i for i in range(data.lineno - 1, len(lines)) if segment.strip()[:40] in lines[i]),
                        data.lineno - 1)
            col = lines[line].find(segment.strip()[:40]) + 1 if line < len(lines) else 1
            pieces.append(TextPiece(text, Position(path, line + 1, max(col, 1)), "template"))
    children = tuple(node.template.value for node in tree.find_all((nodes.Extends, nodes.Include))
                     if isinstance(node.template, nodes.Const))
    return tuple(pieces), children


def used_pieces(pieces: list[TextPiece], text: str) -> list[TextPiece]:
    """The pieces whose text appears in the rendered document."""
    flat = normalise(text)
    kept, seen = [], set()
    for piece in pieces:
        body = normalise(piece.text)
        key = (body, piece.where)
        if body and key not in seen and body in flat:
            seen.add(key)
            kept.append(piece)
    return kept
