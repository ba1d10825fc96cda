"""Write outputs atomically: every file is staged beside its target, then renamed into place.

All files of a build are staged before the first rename, so a build that fails while writing
leaves no partial file behind and every earlier good file untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from jdgen.errors import BuildError


def write_files(files: dict[Path, bytes]) -> list[Path]:
    """Write each ``path: data`` pair atomically; return the paths written."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((Path(temp), path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o644)
        for temp, path in staged:
            os.replace(temp, path)
    except OSError as exc:
        for temp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
        raise BuildError(f"{exc.filename or 'output'}: cannot write: {exc.strerror} — "
                         "check that the output folder is writable and the disk has room") from None
    return [path for _, path in staged]
