"""What a lint finding is, and how a set of them is summarised."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from jdgen.errors import Position

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Rule:
    """A lint rule: its id, category, default severity and a one-line description."""

    id: str
    category: str
    severity: Severity
    description: str
    source: str = ""  # where its data comes from (a study, a law)


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: Severity
    text: str  # the flagged text, as it appears in the document
    message: str  # a one-line explanation
    where: Position
    suggestion: str | None = None
    link: str | None = None  # the law or study behind the rule

    def as_dict(self) -> dict[str, object]:
        found = {"rule": self.rule, "category": self.category, "severity": self.severity,
                 "text": self.text, "message": self.message, "file": self.where.path,
                 "page": self.where.page,
                 "line": self.where.line, "column": self.where.col,
                 "suggestion": self.suggestion, "link": self.link}
        return {key: value for key, value in found.items() if value is not None}


@dataclass
class LintReport:
    findings: list[Finding]
    rules: dict[str, Rule]
    #: Document measures (word count, reading ease, gender balance…) for the summary.
    metrics: dict[str, object] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(f.severity for f in self.findings)
        return {severity: counted.get(severity, 0) for severity in SEVERITIES}

    def failed(self, strict: bool = False) -> bool:
        """Errors always fail; with ``strict``, any finding does."""
        return bool(self.findings) if strict else self.counts["error"] > 0

    def summary_line(self) -> str:
        counts = self.counts
        parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items()]
        return "lint: " + ", ".join(parts)
