"""Which local files a document may embed: only those under its resource roots."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


class ResourceRefused(ValueError):
    """A document asked for a file outside its resource roots, or for a remote URL."""


def local_file(url: str, roots: tuple[str, ...]) -> Path:
    """The file a ``file:`` URL names, after checking it lies inside one of ``roots``.

    Symlinks are resolved first, so a link that points outside the roots is refused too.
    """
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise ResourceRefused(f"refused to fetch {url!r}: only the workspace's own files are read")
    path = Path(unquote(parts.path)).resolve()
    for root in roots:
        if path.is_relative_to(Path(root).resolve()):
            return path
    raise ResourceRefused(f"refused to read {path}: it is outside the workspace")
