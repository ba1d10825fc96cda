"""The one gate between a path from user input and the bytes read from or written to it.

A workspace may be untrusted, so every file it names goes through here.  A path must resolve
inside its roots (a link that leaves them is refused; the package's own data is always
allowed), name a regular file (never a FIFO, a device or a folder) and stay under a size cap;
a write target must not be a link, nor sit in a folder that links out of its root.

``inside=None`` marks a path the user chose on the command line: it may be anywhere, but it is
still a regular file of bounded size.  Use :func:`enclosing` to tell the two apart: a path
that lies in a workspace (as written) must stay in it, however it was named.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jdgen.errors import InputError, Position, Problem
from jdgen.paths import builtin_dir

MiB = 1024 * 1024
#: A company, role or checklist file.
YAML_LIMIT = 1 * MiB
#: A logo, or any other file a document embeds.
IMAGE_LIMIT = 5 * MiB
#: A reference document or a Word template.
DOCX_LIMIT = 20 * MiB
#: An HTML or CSS template.
TEMPLATE_LIMIT = 1 * MiB

#: What a path is when it is not a regular file, for messages.
_KINDS = ((stat.S_ISREG, "a file"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
_OPEN_FLAGS = (os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0))

Roots = Sequence[Path] | None


def _name(path: Path) -> str:
    from jdgen.sources import display_path  # imported here: sources reads through the gate

    return display_path(path)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "an unknown kind of file")


def _size(count: int) -> str:
    if count % MiB == 0:
        return f"{count // MiB} MiB"
    return f"{count / MiB:.1f} MiB" if count >= MiB else f"{count:,} bytes"


def limit_for(path: Path) -> int:
    """The size cap of a file found in a template folder, by its kind."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return DOCX_LIMIT
    return TEMPLATE_LIMIT if suffix in (".html", ".css") else IMAGE_LIMIT


def enclosing(path: Path, roots: Sequence[Path]) -> tuple[Path, ...] | None:
    """The roots that hold ``path`` as written (before links are followed), else None.

    A path in a workspace must stay in it; a path in none is one the user chose.
    """
    absolute = Path(os.path.abspath(path))
    held = tuple(root for root in roots
                 if absolute.is_relative_to(os.path.abspath(root))
                 or absolute.is_relative_to(os.path.realpath(root)))
    return held or None


def _inside(real: Path, inside: Sequence[Path]) -> bool:
    return any(real.is_relative_to(os.path.realpath(root)) for root in inside)


@cache
def _package() -> tuple[Path, ...]:
    return tuple(Path(os.path.realpath(builtin_dir(kind)))
                 for kind in ("roles", "checklists", "templates"))


def _contained(path: Path, inside: Roots, *, what: str, place: str, where: Position,
               error: type[InputError]) -> Path:
    """``path`` with every link followed, after checking it lands inside ``inside``."""
    real = Path(os.path.realpath(path))
    if inside is None:
        return real
    if _inside(real, inside) or _inside(real, _package()):
        return real
    if enclosing(path, inside):  # inside as written: a link leads out
        raise error(Problem(where, f"{what} links outside {place}",
                            f"copy it into {place} instead of linking to it"))
    raise error(Problem(where, f"{what} is outside {place}", f"copy it into {place}"))


def _regular(info: os.stat_result, *, what: str, where: Position, limit: int,
             error: type[InputError]) -> None:
    """Refuse anything but a regular file of at most ``limit`` bytes."""
    if not stat.S_ISREG(info.st_mode):
        hint = "name a file inside it" if stat.S_ISDIR(info.st_mode) else \
            "replace it with an ordinary file"
        raise error(Problem(where, f"{what} is {_kind(info.st_mode)}, not a regular file", hint))
    if info.st_size > limit:
        raise error(Problem(where, f"{what} is larger than {_size(limit)} ({_size(info.st_size)})",
                            "use a smaller file"))


def _open(path: Path, inside: Roots, *, what: str, place: str, where: Position | None,
          limit: int, error: type[InputError]) -> int:
    """An open descriptor on the regular file ``path`` resolves to, of at most ``limit`` bytes.

    A FIFO, device or socket is refused before it is opened (opening one may block or act);
    the open is non-blocking and checked again, in case the file was swapped in between.
    """
    where = where or Position(_name(path))
    real = _contained(path, inside, what=what, place=place, where=where, error=error)
    try:
        _regular(os.stat(real), what=what, where=where, limit=limit, error=error)
        fd = os.open(real, _OPEN_FLAGS)
    except FileNotFoundError:
        raise error(Problem(where, f"{what} not found", "check the path and the spelling")) from None
    except OSError as exc:
        raise error(Problem(where, f"cannot read {what}: {exc.strerror or exc}",
                            "check that it exists and can be read")) from None
    try:
        info = os.fstat(fd)
        _regular(info, what=what, where=where, limit=limit, error=error)
        if inside is not None and info.st_nlink > 1 and not _inside(real, _package()):
            # a hard link is another name for a file that may lie anywhere on the disk
            raise error(Problem(where, f"{what} is a hard link to another file",
                                f"replace it with a copy of its own ({place} may hold only its own files)"))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_bytes(path: Path, *, inside: Roots, what: str, limit: int, where: Position | None = None,
               place: str = "the workspace", error: type[InputError] = InputError) -> bytes:
    """The bytes of ``path``, a regular file inside ``inside`` of at most ``limit`` bytes.

    ``what`` names the file in messages (``company file``, ``logo "x.png"``); ``where`` is the
    YAML position the path came from, else the message names the file itself.
    """
    fd = _open(Path(path), inside, what=what, place=place, where=where, limit=limit, error=error)
    chunks: list[bytes] = []
    total = 0
    try:
        while total <= limit and (chunk := os.read(fd, min(limit + 1 - total, MiB))):
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise error(Problem(where or Position(_name(Path(path))),
                            f"cannot read {what}: {exc.strerror or exc}",
                            "check that it can be read")) from None
    finally:
        os.close(fd)
    if total > limit:  # it grew after it was opened
        raise error(Problem(where or Position(_name(Path(path))),
                            f"{what} is larger than {_size(limit)}", "use a smaller file"))
    return b"".join(chunks)


def checked_file(path: Path, *, inside: Roots, what: str, limit: int,
                 where: Position | None = None, place: str = "the workspace",
                 error: type[InputError] = InputError) -> Path:
    """The real path of ``path`` after the checks of :func:`read_bytes`, for readers that
    open files by name (python-docx)."""
    os.close(_open(Path(path), inside, what=what, place=place, where=where, limit=limit,
                   error=error))
    return Path(os.path.realpath(path))


def checked_dir(path: Path, *, inside: Roots, what: str, where: Position | None = None,
                place: str = "the workspace", error: type[InputError] = InputError) -> Path:
    """The real path of the folder ``path``, which must resolve inside ``inside``."""
    where = where or Position(_name(Path(path)))
    real = _contained(Path(path), inside, what=what, place=place, where=where, error=error)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        raise error(Problem(where, f"{what} not found", "check the path and the spelling")) from None
    except OSError as exc:
        raise error(Problem(where, f"cannot open {what}: {exc.strerror or exc}",
                            "check its permissions")) from None
    if not stat.S_ISDIR(mode):
        raise error(Problem(where, f"{what} is {_kind(mode)}, not a folder", "name a folder"))
    return real


def files_in(folder: Path) -> list[Path]:
    """Every file under ``folder`` (anything but a folder), sorted, without following links to
    folders; read each through :func:`read_bytes`."""
    return sorted(Path(current) / name for current, _, files in os.walk(folder) for name in files)


def write_target(path: Path, *, inside: Roots, what: str = "output file",
                 place: str = "the workspace", error: type[InputError] = InputError) -> Path:
    """Check that writing ``path`` cannot land elsewhere: not a link itself, and its folder
    (made yet or not) inside ``inside``.  Returns ``path``."""
    path = Path(path)
    folder = Path(os.path.abspath(path.parent))
    if inside is not None and not _inside(Path(os.path.realpath(folder)), inside):
        link = next((f for f in (*reversed(folder.parents), folder)
                     if enclosing(f, inside) and not _inside(Path(os.path.realpath(f)), inside)),
                    folder)
        raise error(Problem(Position(_name(link)), f"folder links outside {place}; "
                            "jdgen does not write through it", "replace the link with a real folder"))
    try:
        mode = os.lstat(path).st_mode
    except OSError:  # not there yet, or its folder cannot be made: the writer reports that
        return path
    if stat.S_ISLNK(mode):
        raise error(Problem(Position(_name(path)),
                            f"{what} is a symbolic link; jdgen does not write through links",
                            "remove the link and run the command again"))
    return path
