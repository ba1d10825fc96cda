"""One exception family: the library raises these; each front end (the CLI) formats them.

They are plain exceptions, independent of any front end.  Input problems carry a source
position so the message reads like a compiler's: ``FILE:LINE:COL: what is wrong — what to do``;
``exit_code`` says how a command line should end (2 bad input, 1 anything else).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Position:
    """A place in a source file; ``line`` and ``col`` are 1-based, ``None`` when not known.
    In a PDF, ``page`` is the page the line is on (``file.pdf#page=2:14:3``)."""

    path: str
    line: int | None = None
    col: int | None = None
    page: int | None = None

    def __str__(self) -> str:
        parts = [self.path + (f"#page={self.page}" if self.page else "")]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, where it is, and what to do about it.

    ``field`` is the path of the value in the file (``("locations", 0, "city")``) when the
    problem is about one, so a form can show it next to that field."""

    where: Position
    message: str
    hint: str = ""
    field: tuple[str | int, ...] | None = None

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class JdgenError(Exception):
    """Base of every error jdgen raises on purpose: ``message`` is one line per problem."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        return self.message


class InputError(JdgenError):
    """Bad input (a YAML file, a template, an argument): exit code 2."""

    exit_code = 2

    #: The most problems one message lists; a file with thousands of bad keys says how many more.
    SHOWN = 50

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        lines = [str(p) for p in self.problems[:self.SHOWN]]
        if len(self.problems) > self.SHOWN:
            lines.append(f"… and {len(self.problems) - self.SHOWN:,} more problems like these")
        super().__init__("\n".join(lines))


class ConfigurationError(InputError):
    """A company, role or checklist file does not load or does not validate."""


class TemplateError(InputError):
    """A template does not compile or fails while rendering."""


class BuildError(JdgenError):
    """A build could not finish for a reason other than bad input (a renderer failure, or lint
    errors with ``--strict``): exit code 1."""


class OutputError(BuildError):
    """The output cannot be written where asked (a folder that is not writable, a full disk).

    The user can fix it, as bad input, so the exit code is 2.
    """

    exit_code = 2
