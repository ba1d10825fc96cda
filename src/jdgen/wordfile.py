"""Check that a reference document is a Word file python-docx can open, before a build uses it.

A .docx is a ZIP, so its unpacked size and entry count are bounded before python-docx reads every
part into memory; whatever then fails to open (not a ZIP, a spreadsheet renamed .docx, broken
XML) is one clear error at load time instead of a traceback in the DOCX exporter.
"""

from __future__ import annotations

import io
import re
import zipfile

#: The most a reference document may unpack to, in bytes, and the most parts it may hold.
MAX_UNPACKED = 100 * 2**20
MAX_PARTS = 2000
#: The most paragraphs its body may hold: a few kilobytes of ``<w:p/>`` would take gigabytes.
MAX_PARAGRAPHS = 20_000


class NotAWordFile(ValueError):
    """What is wrong with the file (``reason``) and what to do (``hint``)."""

    def __init__(self, reason: str, hint: str = "save it from Word as a Word Document (.docx)"):
        super().__init__(reason)
        self.reason, self.hint = reason, hint


def check_word_file(data: bytes):
    """The python-docx ``Document`` of ``data``; :class:`NotAWordFile` unless it opens as a Word
    document of bounded size, parts and paragraphs."""
    from docx import Document

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS or sum(part.file_size for part in parts) > MAX_UNPACKED:
                raise NotAWordFile(f"unpacks to more than {MAX_PARTS} parts or "
                                   f"{MAX_UNPACKED // 2**20} MiB",
                                   "save a smaller copy from Word: the styles are all that is used")
            body = archive.read("word/document.xml") if "word/document.xml" in archive.namelist() else b""
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise NotAWordFile("is not a Word file (not a ZIP package)") from None
    if len(re.findall(rb"<w:p[\s/>]", body)) > MAX_PARAGRAPHS:
        raise NotAWordFile(f"has more than {MAX_PARAGRAPHS:,} paragraphs",
                           "keep the text it needs in a shorter file")
    try:
        return Document(io.BytesIO(data))
    except ValueError as exc:
        kind = "another kind of Office file" if "content type" in str(exc) else "its contents are broken"
        raise NotAWordFile(f"is not a Word document ({kind})") from None
    except KeyError:
        raise NotAWordFile("is not a Word file (parts of it are missing)") from None
    except Exception:  # noqa: BLE001 - whatever else python-docx cannot open is damaged
        raise NotAWordFile("is not a Word file (its contents are broken)") from None
