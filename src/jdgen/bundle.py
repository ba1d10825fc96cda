"""The ZIP bundle: every file of a build plus a manifest a recipient can check them against."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from jdgen import __version__
from jdgen.documents import ExportOptions
from jdgen.ziputil import write_zip

MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(files: dict[Path, bytes], inputs: dict[str, bytes], role_id: str,
             options: ExportOptions) -> dict[str, object]:
    """What was built, from what, by which jdgen, and when; with SHA-256 of everything."""
    return {
        "generator": f"jdgen {__version__}",
        "role": role_id,
        "build_time": options.build_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "inputs": [{"path": name, "sha256": sha256(data)} for name, data in inputs.items()],
        "files": [{"name": path.name, "bytes": len(data), "sha256": sha256(data)}
                  for path, data in files.items()],
    }


def bundle(files: dict[Path, bytes], inputs: dict[str, bytes], role_id: str,
           options: ExportOptions) -> bytes:
    """A reproducible ZIP of ``files`` and ``manifest.json``."""
    listing = json.dumps(manifest(files, inputs, role_id, options), indent=2) + "\n"
    entries = [(path.name, data) for path, data in files.items()]
    return write_zip([*entries, (MANIFEST, listing.encode("utf-8"))], options.build_time)
