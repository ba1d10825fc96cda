"""What a download depends on, as one SHA-256: its key in the download cache.

The computation lives in :mod:`jdgen.buildkey`, shared with the incremental `jdgen build`;
see there for what the key covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jdgen.buildkey import add_inputs, start
from jdgen.loading import Library, Upload


def download_key(role_id: str, file_name: str, company: Path | Upload, library: Library,
                 templates: Sequence[Path] = ()) -> str:
    """The SHA-256 (hex) of everything the download ``file_name`` of ``role_id`` depends on
    (see :mod:`jdgen.buildkey`, which an incremental ``jdgen build`` shares)."""
    digest = start()
    digest.add("role", role_id, "download", file_name)
    add_inputs(digest, role_id, company, library.roots, templates)
    return digest.hexdigest()
