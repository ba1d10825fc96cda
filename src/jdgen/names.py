"""Text rules that need no schema: characters no document may hold, and the folder a company's
files go in.  :mod:`jdgen.models` applies them to validated values; an up-to-date check applies
them to a company file's raw YAML without importing pydantic."""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: Characters XML 1.0 cannot hold, so neither can DOCX nor PDF metadata.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


#: Bidi embeddings and overrides (U+202A–U+202E): they reorder all that follows them, the trick
#: behind ``invoice\u202efdp.exe``; documents keep direction with isolates or ``dir`` instead.
BIDI_OVERRIDES = re.compile("[\u202a-\u202e]")
#: Bidi isolates: an opening one (U+2066–U+2068) and the one that closes it (U+2069).
ISOLATE_OPEN, ISOLATE_CLOSE = "\u2066\u2067\u2068", "\u2069"


def drop_control_characters(value: str) -> str:
    """Remove characters no document format can hold (a BEL from a YAML escape, say) and bidi
    overrides, and close any bidi isolate left open, so a value cannot reorder the text after it."""
    value = BIDI_OVERRIDES.sub("", NOT_XML.sub("", value))
    depth = 0
    for char in value:
        if char in ISOLATE_OPEN:
            depth += 1
        elif char == ISOLATE_CLOSE and depth:
            depth -= 1
    return value + ISOLATE_CLOSE * depth


SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def output_slug(name: str, slug: str | None = None) -> str:
    """`slug`, else `name` folded to ASCII (Café Müller → cafe-muller).  A name with letters
    that do not fold (株式会社ロボテック, שלום בע״מ), or a long one, also gets 8 hex digits
    of its SHA-256 (company-dd59b9c8), so two such companies never share a folder."""
    if slug:
        return slug
    name = unicodedata.normalize("NFC", name)
    latin = name.translate(str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae",
                                          "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
                                          "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d",
                                          "Ð": "d", "þ": "th", "Þ": "th", "ı": "i"}))

    def fold(text: str) -> str:
        return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()

    folded = re.sub(r"[^a-z0-9]+", "-", fold(latin).lower()).strip("-")
    lost = any(c.isalnum() and not fold(c).isalnum() for c in latin)
    short = folded[:60].rstrip("-")
    reserved = re.fullmatch(r"con|prn|aux|nul|com\d|lpt\d", short)  # no such folder on Windows
    if short and short == folded and not (lost or reserved):
        return short
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{short or 'company'}-{digest}"


def raw_output_slug(data: object) -> str | None:
    """:func:`output_slug` of a company file's raw YAML, as validation would clean its ``name``
    and ``slug``; None when they are not plain text (the file would not validate)."""
    if not isinstance(data, dict):
        return None
    slug, name = data.get("slug"), data.get("name")
    if slug is not None:
        return slug if isinstance(slug, str) and SLUG.fullmatch(slug) else None
    if not isinstance(name, str):
        return None
    name = drop_control_characters(name).strip()
    return output_slug(name) if name else None
