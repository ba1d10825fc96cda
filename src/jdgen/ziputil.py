"""Deterministic ZIP archives: fixed entry order, timestamps and permissions.

Used for the bundle and to re-pack DOCX files (python-docx stamps each part with the current
time), so the same inputs and ``SOURCE_DATE_EPOCH`` give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

#: The earliest time a ZIP entry can hold.
ZIP_EPOCH = dt.datetime(1980, 1, 1)


def write_zip(entries: Iterable[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """A ZIP of ``(name, data)`` entries, in the given order, every entry stamped ``when``."""
    stamp = max(when.replace(tzinfo=None), ZIP_EPOCH).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever machine builds it
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def repack(data: bytes, when: dt.datetime) -> bytes:
    """``data`` (a ZIP) rewritten with :func:`write_zip`, keeping its entry order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return write_zip(entries, when)
