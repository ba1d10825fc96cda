"""A company file given as bytes (a web upload), and the path a company source stands for: no
schema needed, so an up-to-date check can name them without importing pydantic."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Upload:
    """A company file given as bytes (a web upload), never as a path: ``name`` is how messages
    call it, and the files it names (logo, reference document) are looked up in ``folder``."""

    name: str
    data: bytes = field(repr=False)
    folder: Path

    @property
    def path(self) -> Path:
        """Where the upload stands in for a file (``folder/name``); nothing is read from it."""
        return self.folder / Path(self.name).name


def company_path(source: str | Path | Upload) -> Path:
    """The path a company source stands for: a file's own, or an upload's ``folder/name``."""
    return source.path if isinstance(source, Upload) else Path(source)
