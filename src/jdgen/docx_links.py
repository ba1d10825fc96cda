"""The HTML link policy for a DOCX made from a workspace's Word file.

A Word template, or a reference document whose styles, header and footer the DOCX borrows, is
untrusted, and Word acts on what a document carries when it is opened or clicked.  Before a DOCX
is saved, :func:`apply_link_policy` leaves only what the sanitised HTML may hold:

- hyperlinks to ``http:``, ``https:`` and ``mailto:``; any other (``file:``, ``javascript:``…)
  is unwrapped and its text kept;
- no other external relationship: a remote picture, an attached template, a sub-document, a
  linked OLE object or frame is removed with the drawing, picture or element that uses it;
- only fields that neither fetch, include, run nor prompt (an allow-list: ``INCLUDEPICTURE``,
  ``INCLUDETEXT``, ``LINK``, ``DDE``, ``IMPORT``, ``DATABASE``… are out), so any other field, simple
  or complex, is replaced by the text it shows; a ``HYPERLINK`` field obeys the link rule;
- no imported chunk (``w:altChunk``: HTML or another document Word converts, remote pictures and
  all) and no mail-merge data source (whose query Word runs on opening).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part, XmlPart
from docx.oxml.ns import qn
from lxml import etree

from jdgen.sanitize import is_safe_link

R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
ALTERNATE_CONTENT = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
W_R, W_HYPERLINK, W_FLDSIMPLE, W_FLDDATA, W_FLDCHAR, W_RPR = (
    qn(f"w:{tag}") for tag in ("r", "hyperlink", "fldSimple", "fldData", "fldChar", "rPr"))
INSTRUCTIONS = (qn("w:instrText"), qn("w:delInstrText"))
#: Elements whose whole object goes when a relationship they use is refused.
OBJECTS = (qn("w:drawing"), qn("w:pict"), qn("w:object"))
#: DrawingML links on a picture: removed alone when their target is refused.
PICTURE_LINKS = (qn("a:hlinkClick"), qn("a:hlinkHover"))
#: Removed wherever they are: a mail merge's data source and the query Word runs on opening.
DROPPED = (qn("w:mailMerge"),)
#: Content Word imports and converts on opening: removed with the part it comes from.
ALT_CHUNK = qn("w:altChunk")
#: Word fields that neither fetch, include, run macros, print nor prompt.
SAFE_FIELDS = frozenset({
    "ADVANCE", "AUTHOR", "AUTONUM", "AUTONUMLGL", "AUTONUMOUT", "BIBLIOGRAPHY", "BIDIOUTLINE",
    "CITATION", "COMMENTS", "COMPARE", "CREATEDATE", "DATE", "DOCPROPERTY", "DOCVARIABLE",
    "EDITTIME", "EQ", "FILENAME", "FILESIZE", "FORMCHECKBOX", "FORMDROPDOWN", "FORMTEXT", "IF",
    "INDEX", "INFO", "KEYWORDS", "LASTSAVEDBY", "LISTNUM", "MERGEFIELD", "MERGEREC", "MERGESEQ",
    "NEXT", "NEXTIF", "NOTEREF", "NUMCHARS", "NUMPAGES", "NUMWORDS", "PAGE", "PAGEREF",
    "PRINTDATE", "QUOTE", "REF", "REVNUM", "SAVEDATE", "SECTION", "SECTIONPAGES", "SEQ", "SET",
    "SKIPIF", "STYLEREF", "SUBJECT", "SYMBOL", "TA", "TC", "TEMPLATE", "TIME", "TITLE", "TOA",
    "TOC", "USERADDRESS", "USERINITIALS", "USERNAME", "XE",
})
FIELD = re.compile(r"\s*(=|[A-Za-z]+)(.*)", re.S)
#: A HYPERLINK field's target: the first argument that is not a switch.
FIELD_TARGET = re.compile(r'\s*(?:"([^"]*)"|([^\s\\"]\S*))')


def apply_link_policy(document: Document) -> None:
    """Remove from ``document`` every link, relationship and field the policy refuses."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if _refused(rel):
            del package.rels[rid]
    for part in list(package.iter_parts()):
        refused = {rid for rid, rel in part.rels.items() if _refused(rel)}
        root = _xml(part, bool(refused))
        if root is None:
            for rid in refused:
                del part.rels[rid]
            continue
        refused |= {chunk.get(qn("r:id")) for chunk in root.iter(ALT_CHUNK)} & set(part.rels)
        _drop_references(root, refused)
        for rid in refused:
            del part.rels[rid]
        _drop_fields(root)
        for element in list(root.iter(*DROPPED)):
            _remove(element)
        if not isinstance(part, XmlPart):
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _refused(rel) -> bool:
    """An external relationship other than a web or mail hyperlink."""
    return rel.is_external and not (rel.reltype == RT.HYPERLINK and is_safe_link(rel.target_ref))


def _xml(part: Part, must: bool):
    """The XML of ``part`` when it may need changes, or None."""
    if isinstance(part, XmlPart):
        return part.element
    blob = part.blob
    if not part.content_type.endswith("xml") or not (must or b"fld" in blob or b"nstrText" in blob
                                                      or b"mailMerge" in blob):
        return None
    return etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))


# --- relationships -------------------------------------------------------------------------------

def _drop_references(root, refused: set[str]) -> None:
    """Unwrap hyperlinks to refused targets; remove whatever else uses a refused relationship."""
    if not refused:
        return
    users = [element for element in root.iter()
             if any(name.startswith(R_NS) and value in refused for name, value in element.items())]
    for element in users:
        if element.tag == W_HYPERLINK:
            _unwrap(element)
        elif element.tag in PICTURE_LINKS:
            _remove(element)
        else:
            _remove(_object_of(element))


def _object_of(element):
    """The drawing, picture or OLE object holding ``element`` (with its alternate content)."""
    for found in element.iterancestors(*OBJECTS):
        branch = found.getparent()
        wrapper = branch.getparent() if branch is not None else None
        return wrapper if wrapper is not None and wrapper.tag == ALTERNATE_CONTENT else found
    return element


# --- fields --------------------------------------------------------------------------------------

def _allowed(code: str) -> bool:
    """A field instruction the policy keeps: a safe field, or a HYPERLINK to a safe target."""
    match = FIELD.match(code)
    if match is None:
        return False
    name, rest = match.group(1).upper(), match.group(2)
    if name == "HYPERLINK":
        target = FIELD_TARGET.match(rest)
        return target is None or is_safe_link(target.group(1) or target.group(2) or "#")
    return name == "=" or name in SAFE_FIELDS


@dataclass
class _Field:
    begin: etree._Element
    instructions: list[etree._Element] = field(default_factory=list)
    separate: etree._Element | None = None
    end: etree._Element | None = None

    @property
    def code(self) -> str:
        return "".join(element.text or "" for element in self.instructions)


def _drop_fields(root) -> None:
    """Replace every refused simple or complex field by the text it shows."""
    for simple in reversed(list(root.iter(W_FLDSIMPLE))):
        if not _allowed(simple.get(qn("w:instr"), "")):
            for data in simple.findall(W_FLDDATA):
                simple.remove(data)
            _unwrap(simple)
    fields = _complex_fields(root)
    if not fields:
        return
    runs = list(root.iter(W_R))
    order = {run: index for index, run in enumerate(runs)}
    for found in fields:
        if _allowed(found.code):
            continue
        last = found.separate if found.separate is not None else found.end
        start = order.get(_run_of(found.begin))
        stop = order.get(_run_of(last)) if last is not None else None
        # The instruction goes, nested fields and all; the result (after "separate") stays.
        instruction = runs[start:stop + 1] if start is not None and stop is not None else []
        for element in (*instruction, found.begin, *found.instructions, found.separate, found.end):
            if element is not None:
                run = _run_of(element)
                _remove(element)
                if run is not element and all(child.tag == W_RPR for child in run):
                    _remove(run)


def _complex_fields(root) -> list[_Field]:
    """Every complex field (``w:fldChar`` begin … separate … end), inner fields first."""
    stack: list[_Field] = []
    fields: list[_Field] = []
    for element in root.iter(W_FLDCHAR, *INSTRUCTIONS):
        if element.tag != W_FLDCHAR:
            if stack and stack[-1].separate is None:
                stack[-1].instructions.append(element)
            continue
        kind = element.get(qn("w:fldCharType"))
        if kind == "begin":
            stack.append(_Field(element))
        elif kind == "separate" and stack:
            stack[-1].separate = element
        elif kind == "end" and stack:
            stack[-1].end = element
            fields.append(stack.pop())
    return fields + stack[::-1]  # a field left open is judged all the same


def _run_of(element):
    parent = element.getparent()
    return parent if parent is not None and parent.tag == W_R else element


# --- tree edits ----------------------------------------------------------------------------------

def _unwrap(element) -> None:
    """Put ``element``'s children in its place."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    parent[index:index + 1] = list(element)


def _remove(element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)
