"""What a document may embed and link to: only its own workspace's files, never the network."""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urljoin, urlsplit

from jdgen import gate
from jdgen.errors import BuildError, InputError
from jdgen.images import ImageRefused, check_image
from jdgen.sources import display_path


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


#: The media types a ``data:`` URL may carry, as the file extension that names each.
IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg"}


def read_resource(url: str, roots: tuple[str, ...], document: str = "") -> bytes:
    """The bytes behind a ``data:`` URL, or behind a workspace file (relative or ``file:``).

    Every resource a document embeds is an image, and it must be a whole PNG or JPEG of
    bounded size, as a logo must: an SVG or a decompression bomb never reaches a renderer.
    ``document`` (the output file's name) starts every refusal's message.
    """
    try:
        return _read(url, roots)
    except ResourceRefused as exc:
        raise ResourceRefused(f"{document}: {exc}" if document else str(exc)) from None


def _read(url: str, roots: tuple[str, ...]) -> bytes:
    url = absolute_url(url, roots)
    if url.startswith("data:"):
        header, _, payload = url[5:].partition(",")
        data = base64.b64decode(payload) if header.endswith(";base64") else unquote_to_bytes(payload)
        suffix = IMAGE_TYPES.get(header.split(";")[0].strip().lower(), "")
    else:
        path = local_file(url, roots)
        try:
            data = gate.read_bytes(path, inside=[Path(root) for root in roots], what="file",
                                   limit=gate.IMAGE_LIMIT)
        except InputError as exc:
            raise ResourceRefused(str(exc)) from None
        suffix = path.suffix
    try:
        check_image(data, suffix)
    except ImageRefused as exc:
        raise ResourceRefused(f"image {shown_url(url)!r} {exc.reason} — a document embeds only whole "
                              "PNG and JPEG images of at most 8,000 pixels a side") from None
    return data


def shown_url(url: str) -> str:
    """A resource's URL as a message shows it: a file by its path, a ``data:`` URL cut short."""
    if url.startswith("file:"):
        return display_path(Path(unquote(urlsplit(url).path)))
    return url if len(url) <= 60 else url[:57] + "…"

