"""What every lint rule sees: the document's text, its traced source pieces, and the models."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from jdgen.context import Pay
from jdgen.errors import Position
from jdgen.lint.files import PostingFile
from jdgen.lint.findings import Finding, Rule
from jdgen.lint.tracing import TextPiece, _phrase_pattern
from jdgen.models import Company, Role
from jdgen.sources import SourceMap

DATA = Path(__file__).parent / "data"


@cache
def data_file(name: str) -> dict:
    """A rule's data file (word lists, the law table) from ``jdgen/lint/data/``: jdgen's own, so
    read with libyaml's safe loader when PyYAML has it (no positions needed; ten times faster)."""
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=_SAFE_LOADER)


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class LintContext:
    """A posting to lint: built from the library (``role`` and ``company`` set) or read from a
    file a recruiter already has (``posting`` set: no role, no company file)."""

    text: str  # the visible text of the rendered job description
    pieces: list[TextPiece]  # the source text that produced it
    role: Role | None
    role_source: SourceMap | None
    company: Company | None
    company_source: SourceMap | None
    pay: Pay | None
    as_of: dt.date
    #: the file a posting was read from (see :mod:`jdgen.lint.files`)
    posting: PostingFile | None = None
    #: the user's own role file, for findings about the whole posting
    whole: Position | None = None
    #: for a posting file linted with --compliance: where the file states its pay, benefits
    #: and deadline (keys ``compensation``, ``benefits``, ``apply``); ``locations`` from options
    stated_at: dict[str, Position] | None = None

    @property
    def role_id(self) -> str:
        """The role's id, or ``posting`` for a posting file."""
        return self.role.id if self.role else "posting"

    @property
    def title(self) -> str:
        """The role's title, or a posting file's first line."""
        if self.role:
            return self.role.title
        first = next((line for line in self.text.splitlines() if line.strip()), "the posting")
        return first.removeprefix("- ")[:80]

    @property
    def start(self) -> Position:
        """Where a finding about the whole posting points: the posting file, the user's own
        role file, or a built-in role's summary."""
        if self.posting is not None:
            return self.posting.start
        return self.whole or self.role_position("summary")

    def find(self, phrase: str) -> Iterator[tuple[TextPiece, re.Match[str]]]:
        """Every occurrence of ``phrase`` (whole words, any case) in the source pieces."""
        pattern = _phrase_pattern(phrase)
        for piece in self.pieces:
            for match in pattern.finditer(piece.text):
                yield piece, match

    def company_position(self, *loc: str | int) -> Position:
        """Where a company value is: in its company file; for a posting file, where the file
        states it (pay, benefits, deadline), else the ``--location`` option or the file."""
        if self.posting is not None and (self.company_source is None or loc[:1] in (
                ("compensation",), ("benefits",), ("apply",))):
            places = self.stated_at or {}
            return places.get(str(loc[0]) if loc else "", self.posting.start)
        return self.company_source.locate(loc, prefer_key=True)

    def role_position(self, *loc: str | int) -> Position:
        return self.role_source.locate(loc, prefer_key=True)


def finding(rule: Rule, text: str, message: str, where: Position, suggestion: str | None = None,
            link: str | None = None, severity: str | None = None) -> Finding:
    return Finding(rule.id, rule.category, severity or rule.severity, text, message, where,
                   suggestion, link or rule.source or None)
