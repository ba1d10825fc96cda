"""Write outputs so that nothing is lost: stage every file, then rename every file into place.

Each file is staged beside its target (``.NAME.PID.RANDOM.tmp``) before the first rename, so a
build that fails while writing leaves no partial file.  While renaming, each file it replaces
is kept as a hard link, so a rename that fails puts every earlier file back: the folder is never
half old, half new.  A build killed mid-way leaves only whole files and its temporary ones,
which the next build to write there removes.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from jdgen import gate
from jdgen.errors import OutputError
from jdgen.sources import display_path

#: ``.NAME.PID.RANDOM.tmp``, or ``.NAME.RANDOM.tmp`` from a jdgen before the PID was added.
_TEMP = r"\.{name}\.(?:(?P<pid>\d+)\.)?[a-z0-9_]+\.tmp"


def _running(pid: int) -> bool:
    """True when another live process has this id (its build may still be writing)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, but another user's
        return True
    return True


def remove_stale(target: Path) -> None:
    """Remove what a killed build left of ``target``: its temporary files and backups."""
    pattern = re.compile(_TEMP.format(name=re.escape(target.name)))
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(target.parent):
            match = pattern.fullmatch(entry.name)
            if match and not entry.is_dir(follow_symlinks=False) \
                    and not (match["pid"] and _running(int(match["pid"]))):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)


def _temp(target: Path) -> Path:
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.",
                                suffix=".tmp")
    os.close(fd)
    return Path(name)


def _stage(target: Path, data: bytes) -> Path:
    temp = _temp(target)
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _backup(target: Path) -> Path | None:
    """A hard link to the file ``target`` holds now (None when there is none), to restore."""
    if not target.is_file():  # nothing there, or nothing a build wrote (a folder)
        return None
    backup = _temp(target)
    os.unlink(backup)
    os.link(target, backup, follow_symlinks=False)
    return backup


def _failed(target: Path, exc: OSError) -> OutputError:
    return OutputError(f"{display_path(target)}: cannot write: {exc.strerror or exc} — check that "
                      "the output folder is writable and the disk has room; earlier files were "
                      "kept as they were")


def write_files(files: dict[Path, bytes], inside: Sequence[Path] | None = None,
                what: str = "output file") -> list[Path]:
    """Write each ``path: data`` pair so that all are replaced or none; return the paths.

    ``inside`` are the roots the files must stay in (a workspace's), None for a folder the
    user named: see :func:`jdgen.gate.write_target`.
    """
    targets = [gate.write_target(path, inside=inside, what=what) for path in files]
    staged: list[tuple[Path, Path]] = []
    replaced: list[tuple[Path, Path | None]] = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            remove_stale(target)
            staged.append((_stage(target, files[target]), target))
        for temp, target in staged:
            backup = _backup(target)
            try:
                os.replace(temp, target)
            except OSError:
                if backup is not None:
                    backup.unlink()
                raise
            replaced.append((target, backup))
    except OSError as exc:
        _restore(replaced)
        raise _failed(target, exc) from None
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
    for _, backup in replaced:
        if backup is not None:
            backup.unlink(missing_ok=True)
    return targets


def _restore(replaced: list[tuple[Path, Path | None]]) -> None:
    """Put back the files ``replaced`` held before this build, newest first."""
    for target, backup in reversed(replaced):
        with contextlib.suppress(OSError):
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(backup, target)
