"""What a document may embed and link to: only its own workspace's files, never the network."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urljoin, urlsplit

from jdgen import gate
from jdgen.errors import BuildError, InputError


class ResourceRefused(BuildError):
    """A document asked for a file outside its resource roots, or for a remote URL.

    The document's template or data asked for it, so it is bad input: exit code 2.
    """

    exit_code = 2


def absolute_url(url: str, roots: tuple[str, ...]) -> str:
    """``url`` resolved against the first root, as WeasyPrint resolves it against its base URL."""
    return urljoin(Path(roots[0]).as_uri() + "/", url)


def local_file(url: str, roots: tuple[str, ...]) -> Path:
    """The file a ``file:`` URL names, after checking it lies inside one of ``roots``.

    Symlinks are resolved first, so a link that points outside the roots is refused too.
    """
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise ResourceRefused(f"refused to fetch {url!r}: only the workspace's own files are read")
    path = Path(unquote(parts.path)).resolve()
    if not any(path.is_relative_to(Path(root).resolve()) for root in roots):
        raise ResourceRefused(f"refused to read {path}: it is outside the workspace")
    return path


def read_resource(url: str, roots: tuple[str, ...]) -> bytes:
    """The bytes behind a ``data:`` URL, or behind a workspace file (relative or ``file:``)."""
    url = absolute_url(url, roots)
    if url.startswith("data:"):
        header, _, payload = url[5:].partition(",")
        return base64.b64decode(payload) if header.endswith(";base64") else unquote_to_bytes(payload)
    path = local_file(url, roots)
    try:
        return gate.read_bytes(path, inside=[Path(root) for root in roots], what="file",
                               limit=gate.IMAGE_LIMIT)
    except InputError as exc:
        raise ResourceRefused(str(exc)) from None

