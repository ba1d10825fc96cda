"""One exception family: domain code raises these, the CLI prints them as one line per problem.

Every error is a :class:`click.ClickException`, so the CLI shows the message and exits with
``exit_code`` without a traceback.  Input problems carry a source position so the message reads
like a compiler's: ``FILE:LINE:COL: what is wrong — what to do``.
"""

from __future__ import annotations

from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Position:
    """A place in a source file; ``line`` and ``col`` are 1-based, ``None`` when not known."""

    path: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, where it is, and what to do about it."""

    where: Position
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class JdgenError(click.ClickException):
    """Base of every error jdgen raises on purpose."""

    exit_code = 1

    def show(self, file=None) -> None:  # noqa: D102 - one clean line per problem, no "Error:" noise
        click.echo(self.format_message(), err=True, file=file)


class InputError(JdgenError):
    """Bad input (a YAML file, a template, an argument): exit code 2."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigurationError(InputError):
    """A company, role or checklist file does not load or does not validate."""


class TemplateError(InputError):
    """A template does not compile or fails while rendering."""


class BuildError(JdgenError):
    """A build could not finish for a reason other than bad input (disk full, renderer failure)."""
