"""A bounded on-disk cache of bytes by key, shared by the worker processes of one server.

``DiskCache(folder, max_bytes).get_or_make(key, make)`` returns the bytes kept under ``key``,
or calls ``make()`` once, keeps what it returns and returns it.  Every process of a server (the
workers gunicorn starts) that opens the same folder shares its entries, and a key that is not
there yet is made once: each key has a lock file locked with :func:`fcntl.flock` (between
processes) and a :class:`threading.Lock` (between the threads of one process), and whoever
waited for it reads the entry its maker wrote.

- **Keys** are hex digests (``[0-9a-f]``, 32 to 128 characters) and nothing else, so no key
  names another file, whatever a request sends.
- **Entries** are written to a temporary file (``.KEY.PID.RANDOM.tmp``), then renamed into
  place; each starts with a header holding its length and SHA-256, checked on every read, so
  a partial or damaged entry is never served: it is removed and made again.
- **The bound**: after a write, the least recently used entries (a read refreshes an entry's
  time) are removed until the folder holds at most ``max_bytes``; an entry larger than the
  bound is returned but not kept.  ``max_bytes=0`` keeps nothing (every request makes its
  bytes, one at a time per key).
- **Failure**: the cache never fails a request.  A folder that cannot be read or written
  makes every request call ``make()``, and the error is logged; a folder removed while the
  server runs is made again.

The folder must belong to the user running the server and be writable by nobody else (it is
made with mode 0700): an entry planted by another user would be served as a document.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import re
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

#: A key: a hex digest, lowercase (an MD5's 32 characters to a SHA-512's 128).
KEY = re.compile(r"[0-9a-f]{32,128}")
#: An entry's header: this magic, the payload's length (8 bytes, big-endian), its SHA-256.
MAGIC = b"jdgen-cache 1\n"
HEADER = len(MAGIC) + 8 + 32
#: What a writer leaves before its rename: ``.KEY.PID.RANDOM.tmp``.
_TEMP = re.compile(r"\.[0-9a-f]{32,128}\.(?P<pid>\d+)\.[a-z0-9_]+\.tmp")
#: A temporary file older than this (seconds) is left over, whoever wrote it.
STALE_AFTER = 3600
_OPEN = os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


class CacheFolderError(ValueError):
    """The cache folder cannot be used safely (another user's, or writable by others)."""


def check_key(key: str) -> str:
    """``key`` if it is a hex digest; anything else is refused with :class:`ValueError`."""
    if not isinstance(key, str) or not KEY.fullmatch(key):
        raise ValueError(f"a cache key is a lowercase hex digest, not {key!r:.80}")
    return key


class DiskCache:
    """Bytes by key in ``folder`` (made if missing), at most ``max_bytes`` of entries in all."""

    def __init__(self, folder: str | Path, max_bytes: int):
        if max_bytes < 0:
            raise ValueError("the cache bound is a number of bytes, 0 or more")
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self._guard = threading.Lock()
        self._threads: dict[str, list] = {}  # key → [its Lock, how many threads want it]
        self._last_ns = 0
        _prepare(self.folder)

    # --- reading and writing entries --------------------------------------------------------

    def get(self, key: str) -> bytes | None:
        """The bytes kept under ``key`` (its time refreshed), or None when there are none whole."""
        path = self.folder / check_key(key)
        try:
            fd = os.open(path, os.O_RDONLY | _OPEN)
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("download cache: cannot read %s: %s", path, exc)
            return None
        try:
            info = os.fstat(fd)
            data = None
            if stat.S_ISREG(info.st_mode) and HEADER <= info.st_size <= HEADER + self.max_bytes:
                with open(fd, "rb", closefd=False) as handle:
                    data = _unpack(handle.read(info.st_size + 1))
            if data is None:  # partial, damaged or not ours: never served
                self._discard(path, info)
                return None
            stamp = self._now()
            os.utime(fd, ns=(stamp, stamp))
            return data
        except OSError as exc:
            log.warning("download cache: cannot read %s: %s", path, exc)
            return None
        finally:
            os.close(fd)

    def put(self, key: str, data: bytes) -> bool:
        """Keep ``data`` under ``key`` (then evict down to the bound); False when it was not
        kept: larger than the bound, or the folder could not be written."""
        path = self.folder / check_key(key)
        if HEADER + len(data) > self.max_bytes:
            return False
        temp = None
        try:
            fd, name = tempfile.mkstemp(dir=self.folder, prefix=f".{key}.{os.getpid()}.", suffix=".tmp")
            temp = Path(name)
            with open(fd, "wb") as handle:
                handle.write(_pack(data))
            stamp = self._now()
            os.utime(temp, ns=(stamp, stamp))
            os.replace(temp, path)
            temp = None
        except OSError as exc:
            log.warning("download cache: cannot write %s: %s", path, exc)
            return False
        finally:
            if temp is not None:
                temp.unlink(missing_ok=True)
        self.evict()
        return True

    def get_or_make(self, key: str, make: Callable[[], bytes]) -> bytes:
        """The bytes kept under ``key``; else ``make()`` (once across every process and thread
        that asks at the same time), kept and returned.  What ``make`` raises is raised, and
        nothing is kept."""
        if (data := self.get(key)) is not None:
            return data
        if not os.path.isdir(self.folder):  # removed while the server runs: make it again
            with contextlib.suppress(OSError, CacheFolderError):
                _prepare(self.folder)
        with self._lock(key) as locked:
            if locked and (data := self.get(key)) is not None:
                return data  # made while this request waited
            data = make()
            if not isinstance(data, bytes):
                raise TypeError(f"make() returned {type(data).__name__}, not bytes")
            self.put(key, data)
            return data

    # --- the bound ----------------------------------------------------------------------------

    def size(self) -> int:
        """How many bytes the entries take."""
        return sum(size for _, _, size in self._entries())

    def evict(self) -> None:
        """Remove the least recently used entries until the rest fit the bound (and what killed
        writers left)."""
        try:
            with self._flock(self.folder / ".evict.lock"):
                entries = sorted(self._entries())
                total = sum(size for _, _, size in entries)
                for _, name, size in entries:
                    if total <= self.max_bytes:
                        break
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(self.folder / name)
                    total -= size
        except OSError as exc:
            log.warning("download cache: cannot evict in %s: %s", self.folder, exc)

    def _entries(self) -> list[tuple[int, str, int]]:
        """(time, name, size) of every entry; what dead writers left is removed."""
        found = []
        with os.scandir(self.folder) as listing:
            for item in listing:
                try:
                    if KEY.fullmatch(item.name) and item.is_file(follow_symlinks=False):
                        info = item.stat(follow_symlinks=False)
                        found.append((info.st_mtime_ns, item.name, info.st_size))
                    elif (match := _TEMP.fullmatch(item.name)) and _abandoned(
                            int(match["pid"]), item.stat(follow_symlinks=False).st_mtime):
                        os.unlink(item.path)
                except FileNotFoundError:  # removed meanwhile by another process
                    continue
        return found

    # --- locks --------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _lock(self, key: str) -> Iterator[bool]:
        """Hold ``key`` against every other thread and process; yields False when the lock file
        could not be made (the caller then makes its bytes without the lock)."""
        with self._guard:
            held = self._threads.setdefault(key, [threading.Lock(), 0])
            held[1] += 1
        try:
            with held[0], contextlib.ExitStack() as stack:
                try:
                    stack.enter_context(self._flock(self.folder / f"{key}.lock", remove=True))
                    locked = True
                except OSError as exc:
                    log.warning("download cache: cannot lock %s: %s", key, exc)
                    locked = False
                yield locked
        finally:
            with self._guard:
                held[1] -= 1
                if held[1] == 0:
                    del self._threads[key]

    @staticmethod
    @contextlib.contextmanager
    def _flock(path: Path, remove: bool = False) -> Iterator[None]:
        """An exclusive :func:`fcntl.flock` on the file ``path``.  With ``remove``, the file is
        removed before it is unlocked, so lock files do not pile up: a waiter that locked the
        removed file sees it is no longer the one at ``path`` and locks the new one."""
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | _OPEN, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                mine = os.fstat(fd)
                try:
                    now = os.stat(path, follow_symlinks=False)
                    current = (now.st_dev, now.st_ino) == (mine.st_dev, mine.st_ino)
                except FileNotFoundError:
                    current = False
            except BaseException:
                os.close(fd)
                raise
            if current:
                break
            os.close(fd)  # a holder removed it: lock the file that is there now
        try:
            yield
        finally:
            if remove:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            os.close(fd)  # unlocks

    # --- helpers ------------------------------------------------------------------------------

    def _discard(self, path: Path, info: os.stat_result) -> None:
        """Remove a bad entry, unless another writer has replaced it meanwhile."""
        with contextlib.suppress(OSError):
            now = os.stat(path, follow_symlinks=False)
            if (now.st_dev, now.st_ino) == (info.st_dev, info.st_ino):
                os.unlink(path)

    def _now(self) -> int:
        """Nanoseconds since 1970, rising on every call in this process: an entry's time, set
        explicitly, so recency never depends on the file system's clock granularity."""
        with self._guard:
            self._last_ns = max(time.time_ns(), self._last_ns + 1)
            return self._last_ns


def _abandoned(pid: int, mtime: float) -> bool:
    """True for a temporary file whose writer has died (or that is too old to be in use)."""
    if time.time() - mtime > STALE_AFTER:
        return True
    if pid == os.getpid():
        return False  # another thread of this process is writing it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def _pack(data: bytes) -> bytes:
    return MAGIC + len(data).to_bytes(8, "big") + hashlib.sha256(data).digest() + data


def _unpack(blob: bytes) -> bytes | None:
    """The payload of an entry, or None when it is not whole and unchanged."""
    if not blob.startswith(MAGIC) or len(blob) < HEADER:
        return None
    length = int.from_bytes(blob[len(MAGIC):len(MAGIC) + 8], "big")
    data = blob[HEADER:]
    if len(data) != length or hashlib.sha256(data).digest() != blob[len(MAGIC) + 8:HEADER]:
        return None
    return data


def _prepare(folder: Path) -> None:
    """Make ``folder`` (mode 0700) and check that only this user can write to it."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = os.stat(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise CacheFolderError(f"the download cache {folder} is not a folder")
    if info.st_uid != os.geteuid():
        raise CacheFolderError(f"the download cache {folder} belongs to another user; "
                               "choose a folder of your own")
    if info.st_mode & 0o022:
        raise CacheFolderError(f"the download cache {folder} can be written by other users "
                               f"(chmod 700 {folder}, or choose another folder)")


def default_folder() -> Path:
    """``$XDG_CACHE_HOME/jdgen/downloads``, else ``~/.cache/jdgen/downloads``, else (no home
    folder) ``jdgen-downloads-UID`` in the temporary folder."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and os.path.isabs(base):
        return Path(base) / "jdgen" / "downloads"
    try:
        return Path.home() / ".cache" / "jdgen" / "downloads"
    except RuntimeError:
        return Path(tempfile.gettempdir()) / f"jdgen-downloads-{os.geteuid()}"
