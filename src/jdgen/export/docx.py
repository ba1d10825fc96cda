"""DOCX exporter: the rendered HTML mapped onto real Word styles with python-docx.

The document's structure comes only from the HTML; this module knows how each element looks in
Word: ``h1`` → Title, ``h2``/``h3`` → Heading 1/2, lists → List Bullet/List Number, tables → a
table style with a repeating header row, ``<dl>`` → "Key Fact" paragraphs, form fields
(:mod:`jdgen.export.fields`) → Word content controls: a text input a plain-text control, a
textarea a multi-line plain-text control in its own boxed paragraph ("Form Field"), a checkbox or
radio button a checkbox control (``w14:checkbox``; Word has no radio control, so a group is
ticked by hand), ``<header>``/``<footer>`` → page header and footer.  Formatting lives in
style definitions, never on runs, so a user's styles apply.
For a screen reader, pictures keep their ``alt`` text, each table has a title and description,
and each checkbox is named after its task.
"""

from __future__ import annotations

import copy
import io
import os
import re
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path

import lxml.etree
import lxml.html
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from jdgen import gate
from jdgen.documents import ExportOptions, RenderedDocument
from jdgen.docx_links import apply_link_policy
from jdgen.errors import InputError, JdgenError, Position, Problem, TemplateError
from jdgen.export import fields
from jdgen.export.resources import read_resource
from jdgen.loading import check_logo_for_word
from jdgen.sources import display_path
from jdgen.ziputil import repack

EXTENSION = "docx"

HEADING_STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
#: ``<p class="…">`` → paragraph style.
CLASS_STYLES = {"subtitle": "Subtitle", "note": "Note", "lead-in": "Lead In"}
INLINE_STYLES = {"strong": "Strong", "b": "Strong", "em": "Emphasis", "i": "Emphasis"}
TABLE_STYLE = "Light List Accent 1"
CONTAINERS = {"main", "section", "article", "div", "nav", "aside", "body"}
SKIPPED = {"script", "style", "template", "head", "title", "meta", "link", "hr"}
PAGE_SIZES = {"A4": (Mm(210), Mm(297)), "Letter": (Mm(215.9), Mm(279.4))}
BALLOT_BOX, BALLOT_BOX_CHECKED = "2610", "2612"
CHECKBOX_FONT = "MS Gothic"
#: What an empty text control shows, as Word's own ("Placeholder Text" style, grey).
PLACEHOLDER = "Click or tap here to enter text."
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def export(document: RenderedDocument, options: ExportOptions) -> bytes:
    if word := word_template_for(document):
        from jdgen.posting import british
        from jdgen.word_template import render_word_template

        company = document.models["company"]
        spell = ((lambda text: british(text, keep=(company.name,)))
                 if company.language == "en-GB" else None)
        return render_word_template(word, document.context, options.build_time, spell)
    if not options.reference_docx:
        return _export(document, options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # python-docx on a reference's nameless styles
        try:
            return _export(document, options)
        except JdgenError:
            raise
        except Exception:  # noqa: BLE001 - a Word file whose styles or page jdgen cannot use
            raise InputError(Problem(
                Position(display_path(options.reference_docx)),
                "reference document cannot be used: its styles, page or properties are not as Word "
                "writes them", "open it in Word and save it again as a Word Document (.docx)",
            )) from None


def _export(document: RenderedDocument, options: ExportOptions) -> bytes:
    root = lxml.html.document_fromstring(document.html)
    brand = _brand_colour(root)
    if options.reference_docx:
        doc = Document(str(options.reference_docx))
        _clear_body(doc)
        _borrow_missing_styles(doc)
        _add_own_styles(doc, brand)
    else:
        doc = Document()
        set_up_styles(doc, brand, _font(root), document.lang, root.get("dir") == "rtl")
        _set_up_page(doc, document)
    _set_up_footer(doc, document)
    drop_template_leftovers(doc)
    writer = _Writer(doc, document)
    writer.blocks(root.body, doc)
    if root.get("dir") == "rtl":
        _paragraph_directions(doc)
    # python-docx's template starts with one empty paragraph; remove it if still empty.
    first = doc.paragraphs[0] if doc.paragraphs else None
    if first is not None and not first.text and not first._p.xpath(".//w:drawing|.//w:sdt"):
        first._p.getparent().remove(first._p)
    props = doc.core_properties
    title, author = document.title[:255], document.author[:255]  # Word's limit for a property
    props.title, props.author, props.language = title, author, document.lang
    props.comments, props.keywords = "Made with jdgen", document.kind.key
    props.created = props.modified = options.build_time
    props.last_modified_by, props.revision = author, 1
    apply_link_policy(doc)  # a reference document is a workspace file too
    if doc.element.find(".//" + qn("w14:checkbox")) is not None:
        declare_w14(doc.element)
    buffer = io.BytesIO()
    doc.save(buffer)
    return repack(buffer.getvalue(), options.build_time)


# --- styles and page -------------------------------------------------------------------------

def _brand_colour(root: lxml.html.HtmlElement) -> RGBColor:
    match = re.search(r"--brand:\s*#([0-9A-Fa-f]{6})", "".join(root.xpath("//style/text()")))
    return RGBColor.from_string(match.group(1).upper() if match else "1F4E79")


#: Free fonts and the metric-compatible font Word has on every desktop; LibreOffice maps back.
WORD_FONTS = {"Liberation Sans": "Arial", "Liberation Serif": "Times New Roman",
              "Liberation Mono": "Courier New", "Arimo": "Arial", "Tinos": "Times New Roman"}


def _font(root: lxml.html.HtmlElement) -> str:
    match = re.search(r'html\s*{[^}]*font-family:\s*"([^"]+)"', "".join(root.xpath("//style/text()")))
    font = match.group(1) if match else "Liberation Sans"
    return WORD_FONTS.get(font, font)


#: The East Asian font Word has for each language (Windows and Office for Mac carry them);
#: elsewhere, as in LibreOffice, it falls back per glyph to Noto Sans CJK, as the PDF does.
EAST_ASIAN_FONTS = {"ja": "Yu Gothic", "zh": "Microsoft YaHei", "zh-TW": "Microsoft JhengHei",
                    "zh-HK": "Microsoft JhengHei", "zh-MO": "Microsoft JhengHei",
                    "ko": "Malgun Gothic"}


def east_asian_font(lang: str) -> str:
    """Word's font for Chinese, Japanese and Korean text in a document in ``lang``."""
    return EAST_ASIAN_FONTS.get(lang) or EAST_ASIAN_FONTS.get(lang[:2], "Yu Gothic")


def set_up_styles(doc, brand: RGBColor, font: str, lang: str = "en", rtl: bool = False) -> None:
    """Style the document: ``font`` for Latin text, Word's East Asian font for ``lang`` and a
    font with Hebrew and Arabic (Arial, Times New Roman) for complex scripts; with ``rtl``,
    paragraphs run right to left."""
    styles = doc.styles
    _rebrand(styles.element, brand)
    normal = styles["Normal"]
    normal.font.name, normal.font.size = font, Pt(10)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian_font(lang))
    fonts.set(qn("w:cs"), font if font in WORD_FONTS.values() else "Arial")
    language = OxmlElement("w:lang")  # spelling, and Word's choice of font for shared characters
    kind = "eastAsia" if lang[:2] in ("ja", "zh", "ko") else "bidi" if rtl else "val"
    language.set(qn(f"w:{kind}"), lang)  # Latin text stays Latin: no Japanese line breaks in it
    rpr.append(language)
    for default in styles.element.iter(qn("w:rPrDefault")):  # the default under every style too
        for lang_element in default.iter(qn("w:lang")):
            lang_element.set(qn(f"w:{kind}"), lang)
    if rtl:
        _set_direction(normal.element.get_or_add_pPr(), rtl=True)
    normal.paragraph_format.space_after = Pt(4)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Subtitle"):
        styles[name].paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.font.color.rgb, title.font.size, title.font.bold = RGBColor(0x1F, 0x29, 0x33), Pt(24), True
    styles["Heading 1"].font.color.rgb = brand
    styles["Heading 2"].font.color.rgb = RGBColor(0x1F, 0x29, 0x33)  # as the PDF's h3
    styles["Heading 1"].font.size = Pt(14)
    styles["Heading 2"].font.size = Pt(11.5)
    for name, before, after in (("Heading 1", 14, 3), ("Heading 2", 8, 2)):
        styles[name].paragraph_format.space_before = Pt(before)
        styles[name].paragraph_format.space_after = Pt(after)
    for name in ("List Bullet", "List Number"):
        styles[name].paragraph_format.space_after = Pt(2)
    subtitle = styles["Subtitle"]
    subtitle.font.italic, subtitle.font.size = False, Pt(11)
    subtitle.font.color.rgb = RGBColor(0x52, 0x60, 0x6D)
    for spacing in subtitle.element.rPr.findall(qn("w:spacing")):
        subtitle.element.rPr.remove(spacing)

    footer = styles["Footer"]
    footer.font.size, footer.font.color.rgb = Pt(8), RGBColor(0x7B, 0x87, 0x94)
    footer.paragraph_format.tab_stops.clear_all()

    _add_own_styles(doc, brand)
    _complex_script_twins(styles.element.iter(qn("w:rPr")))


#: What may follow ``w:bidi`` in a paragraph's properties (ECMA-376 CT_PPrBase order).
AFTER_BIDI = ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
              "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
              "w:rPr", "w:sectPr", "w:pPrChange")


def _set_direction(ppr, rtl: bool) -> None:
    for old in ppr.findall(qn("w:bidi")):
        ppr.remove(old)
    bidi = OxmlElement("w:bidi")
    if not rtl:
        bidi.set(qn("w:val"), "0")
    ppr.insert_element_before(bidi, *AFTER_BIDI)


def first_strong_direction(text: str) -> str | None:
    """``"ltr"`` or ``"rtl"`` from the first letter with a direction (Unicode rule P2), if any."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def _paragraph_directions(doc) -> None:
    """In a right-to-left document, a paragraph that starts with a left-to-right letter (an
    English sentence, "Page 1 of 3") runs left to right, so its punctuation stays at its end."""
    parts = [doc.element.body]
    for section in doc.sections:
        parts += [part._element for part in (section.header, section.footer)
                  if not part.is_linked_to_previous]  # else asking would add an empty one
    for part in parts:
        for paragraph in part.iter(qn("w:p")):
            text = "".join(paragraph.itertext())
            if first_strong_direction(text) == "ltr":
                _set_direction(paragraph.get_or_add_pPr(), rtl=False)


def _complex_script_twins(run_properties) -> None:
    """Give each size, bold and italic its complex-script twin (Hebrew, Arabic), as Word does."""
    for rpr in run_properties:
        for tag in ("sz", "b", "i"):
            plain = rpr.find(qn(f"w:{tag}"))
            if plain is None:
                continue
            twin = rpr.find(qn(f"w:{tag}Cs"))
            if twin is None:
                twin = OxmlElement(f"w:{tag}Cs")
                plain.addnext(twin)  # the twin follows its plain element in the schema
            twin.attrib.clear()
            twin.attrib.update(plain.attrib)


def _add_own_styles(doc, brand: RGBColor) -> None:
    """The styles jdgen defines itself, unless the document (a reference .docx) has them."""
    styles = doc.styles
    names = {style.name for style in styles}
    if "Note" not in names:
        note = styles.add_style("Note", WD_STYLE_TYPE.PARAGRAPH)
        note.base_style, note.quick_style = styles["Normal"], True
        note.font.size, note.font.color.rgb = Pt(9), RGBColor(0x52, 0x60, 0x6D)
    if "Lead In" not in names:  # a paragraph introducing a table stays on its page
        lead = styles.add_style("Lead In", WD_STYLE_TYPE.PARAGRAPH)
        lead.base_style, lead.quick_style = styles["Normal"], True
        lead.paragraph_format.keep_with_next = True
    if "Key Fact" not in names:
        fact = styles.add_style("Key Fact", WD_STYLE_TYPE.PARAGRAPH)
        fact.base_style, fact.quick_style = styles["Normal"], True
        _shade(fact.element.get_or_add_pPr(), "F5F7FA", str(brand))  # before tabs: schema order
        fact.paragraph_format.space_after = Pt(1)
        fact.paragraph_format.left_indent = Mm(33)  # a value that wraps lines up under itself
        fact.paragraph_format.first_line_indent = Mm(-30)
        fact.paragraph_format.tab_stops.add_tab_stop(Mm(33), WD_TAB_ALIGNMENT.LEFT)
    if "Hyperlink" not in names:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb, link.font.underline = brand, True
    if "Placeholder Text" not in names:  # Word's style for a content control's placeholder
        placeholder = styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
        placeholder.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    if "Form Field" not in names:  # a boxed paragraph with room to write (a textarea)
        box = styles.add_style("Form Field", WD_STYLE_TYPE.PARAGRAPH)
        box.base_style, box.quick_style = styles["Normal"], True
        borders = OxmlElement("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            edge = OxmlElement(f"w:{side}")
            for key, value in (("val", "single"), ("sz", "4"), ("space", "4"), ("color", "7B8794")):
                edge.set(qn(f"w:{key}"), value)
            borders.append(edge)
        box.element.get_or_add_pPr().append(borders)
        box.paragraph_format.space_before, box.paragraph_format.space_after = Pt(3), Pt(10)
        box.paragraph_format.left_indent = box.paragraph_format.right_indent = Pt(4)


#: Styles the exporter uses that a reference document may lack (Word keeps unused built-in
#: styles latent, out of styles.xml); they are borrowed from python-docx's default template.
BORROWED_STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet",
                   "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
                   "List Number 3", "Quote", "Footer", "Strong", "Emphasis", TABLE_STYLE)


def _borrow_missing_styles(doc) -> None:
    default = Document()
    have = {style.name for style in doc.styles}
    for name in BORROWED_STYLES:
        if name in have:
            continue
        element = copy.deepcopy(default.styles[name].element)
        num_ids = element.xpath("./w:pPr/w:numPr/w:numId")
        if num_ids:
            num_ids[0].set(qn("w:val"), _copy_numbering(default, doc, num_ids[0].get(qn("w:val"))))
        doc.styles.element.append(element)


def _copy_numbering(source, target, num_id: str) -> str:
    """Copy list numbering ``num_id`` (and its abstract definition) into ``target``; new id."""
    src = source.part.numbering_part.element
    dst = target.part.numbering_part.element
    num = src.xpath(f"./w:num[@w:numId='{num_id}']")[0]
    abstract_id = num.xpath("./w:abstractNumId")[0].get(qn("w:val"))
    abstract = copy.deepcopy(src.xpath(f"./w:abstractNum[@w:abstractNumId='{abstract_id}']")[0])
    new_abstract = str(1 + max([int(a) for a in dst.xpath("./w:abstractNum/@w:abstractNumId")] or [0]))
    new_num = str(1 + max([int(n) for n in dst.xpath("./w:num/@w:numId")] or [0]))
    abstract.set(qn("w:abstractNumId"), new_abstract)
    nums = dst.xpath("./w:num")
    if nums:
        nums[0].addprevious(abstract)  # every abstractNum precedes every num
    else:
        dst.append(abstract)
    new = copy.deepcopy(num)
    new.set(qn("w:numId"), new_num)
    new.xpath("./w:abstractNumId")[0].set(qn("w:val"), new_abstract)
    dst.append(new)
    return new_num


def _clear_body(doc) -> None:
    """Remove a reference document's content, keeping its section settings."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    body.append(OxmlElement("w:p"))  # the exporter drops this first paragraph if unused


def declare_w14(root) -> None:
    """Declare Word 2010's namespace on the document's root and list it in ``mc:Ignorable``, as
    Word does, so the checkbox controls open everywhere (a reference document may lack it)."""
    ignorable = (root.get(f"{{{MC}}}Ignorable") or "").split()
    if root.nsmap.get("w14") == W14 and root.nsmap.get("mc") == MC and "w14" in ignorable:
        return
    keep = [prefix for prefix in root.nsmap if prefix] + ignorable + ["w14", "mc"]
    lxml.etree.cleanup_namespaces(root, top_nsmap={"w14": W14, "mc": MC}, keep_ns_prefixes=keep)
    root.set(f"{{{MC}}}Ignorable", " ".join([*ignorable, "w14"] if "w14" not in ignorable
                                            else ignorable))


def word_template_for(document: RenderedDocument) -> Path | None:
    """A workspace's Word template for this document (``templates/<document>.docx``), if any."""
    for folder in map(Path, document.template_dirs):
        candidate = folder / f"{document.kind.file_stem}.docx"
        if os.path.lexists(candidate):  # a FIFO or a link out is refused, not skipped
            return gate.checked_file(candidate, inside=(folder,), what="Word template",
                                     limit=gate.DOCX_LIMIT, place="the templates folder",
                                     error=TemplateError)
    return None


def _adjust(colour: RGBColor, tint: str | None, shade: str | None) -> str:
    """Word's theme tint/shade applied to an RGB colour (both are hex fractions of 255)."""
    channels = list(colour)
    if tint:
        t = int(tint, 16) / 255
        channels = [round(255 - (255 - c) * t) for c in channels]
    if shade:
        f = int(shade, 16) / 255
        channels = [round(c * f) for c in channels]
    return "".join(f"{c:02X}" for c in channels)


def _rebrand(styles_element, brand: RGBColor) -> None:
    """Swap the template's accent-1 blue for the brand colour and its theme fonts for ours.

    Word prefers a theme reference over an explicit value, so the references are removed and
    the explicit colours computed, tints and shades included; table styles then follow the brand.
    """
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    theme_fonts = [f"{w}{a}" for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")]
    for element in styles_element.iter(f"{w}rFonts"):
        for attr in theme_fonts:
            element.attrib.pop(attr, None)
    for element in styles_element.xpath("//*[@w:themeColor='accent1']"):
        target = f"{w}val" if element.tag == f"{w}color" else f"{w}color"
        element.set(target, _adjust(brand, element.get(f"{w}themeTint"), element.get(f"{w}themeShade")))
        for attr in ("themeColor", "themeTint", "themeShade"):
            element.attrib.pop(f"{w}{attr}", None)
    for element in styles_element.xpath("//*[@w:themeFill='accent1']"):
        element.set(f"{w}fill", _adjust(brand, element.get(f"{w}themeFillTint"),
                                        element.get(f"{w}themeFillShade")))
        for attr in ("themeFill", "themeFillTint", "themeFillShade"):
            element.attrib.pop(f"{w}{attr}", None)


def _shade(ppr, fill: str, border: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    bdr = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("val", "single"), ("sz", "18"), ("space", "6"), ("color", border)):
        left.set(qn(f"w:{key}"), value)
    bdr.append(left)
    ppr.append(bdr)
    ppr.append(shd)


def _set_up_page(doc, document: RenderedDocument) -> None:
    """The page size as the PDF's; ``"A4 landscape"`` (a comparison's) turns the page."""
    section = doc.sections[0]
    size, _, orientation = document.page_size.partition(" ")
    width, height = PAGE_SIZES.get(size, PAGE_SIZES["A4"])
    if orientation == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin = Mm(16), Mm(18)  # as the PDF
    section.header_distance = section.footer_distance = Mm(8)
    section.left_margin = section.right_margin = Mm(18)


def _set_up_footer(doc, document: RenderedDocument) -> None:
    """Title and "Page N of M" in the footer, unless a reference document brings its own."""
    section = doc.sections[0]
    if any(p.text.strip() for p in section.footer.paragraphs):
        return
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    width = section.page_width - section.left_margin - section.right_margin
    doc.styles["Footer"].paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run(f"{document.title}\tPage ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES", "1")


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = shown
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def drop_template_leftovers(doc) -> None:
    """Remove what python-docx's template carries: a blank-page thumbnail that file browsers
    show, a bibliography part, and an app.xml that names Microsoft Word as the author tool."""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML:
            del doc.part.rels[rid]
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = re.sub(rb"<Application>[^<]*</Application>",
                                b"<Application>jdgen</Application>", part.blob)


# --- content ---------------------------------------------------------------------------------

def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


class _Writer:
    def __init__(self, doc, document: RenderedDocument):
        self.doc = doc
        self.document = document
        self.checkbox_id = 1000
        # python-docx looks a style name up by scanning every style; do it once per document
        self.style_ids = {style.name: style.style_id for style in doc.styles}

    def run(self, paragraph: Paragraph, text: str = "", style: str | None = None):
        run = paragraph.add_run(text)
        if style:
            run._r.style = self.style_ids[style]
        return run

    # blocks

    def blocks(self, element, container, list_level: int = 0) -> None:
        pending: list = []  # loose inline content (text and inline elements) between blocks
        if element.text and element.text.strip():
            pending.append(element.text)
        for child in element:
            if not isinstance(child.tag, str) or child.tag in SKIPPED:
                if child.tail and child.tail.strip():
                    pending.append(child.tail)
                continue
            if self._is_inline(child):
                pending.append(child)
            else:
                self._flush(pending, container)
                self.block(child, container, list_level)
            if child.tail and (child.tail.strip() or (pending and pending[-1] is child)):
                pending.append(child.tail)  # a space between inline elements stays
        self._flush(pending, container)

    def _flush(self, pending: list, container) -> None:
        if pending:
            paragraph = self._paragraph(container, None)
            for item in pending:
                if isinstance(item, str):
                    self.run(paragraph, _collapse(item))
                else:
                    self.inline(item, paragraph, None, tail=False)
            _trim(paragraph)
            pending.clear()

    def _is_inline(self, element) -> bool:
        return element.tag in {"a", "span", "strong", "b", "em", "i", "br", "input", "code",
                               "small", "abbr", "time", "label"}

    def block(self, element, container, list_level: int = 0) -> None:
        tag = element.tag
        if tag in HEADING_STYLES:
            self.text_paragraph(element, container, HEADING_STYLES[tag])
        elif tag == "p":
            classes = element.get("class", "").split()
            style = next((CLASS_STYLES[c] for c in classes if c in CLASS_STYLES), None)
            paragraph = self.text_paragraph(element, container, style)
            follower = element.getnext()
            if follower is not None and follower.tag == "textarea":  # a field stays with its label
                paragraph.paragraph_format.keep_with_next = True
        elif tag in ("ul", "ol"):
            self.list(element, container, list_level + 1)
        elif tag == "dl":
            self.definition_list(element, container)
        elif tag == "table":
            self.table(element, container)
        elif tag == "blockquote":
            self.text_paragraph(element, container, "Quote")
        elif tag == "img":
            self.picture(element, self._paragraph(container, None))
        elif tag == "textarea":
            self.text_control(self._paragraph(container, "Form Field"), element, multiline=True)
        elif tag == "legend":  # with the fields it names
            legend = self.text_paragraph(element, container, "Lead In", "Strong")
            legend.paragraph_format.keep_with_next = True
        elif tag == "header" and container is self.doc:
            self.masthead(element)
        elif tag == "footer" and container is self.doc:
            self.blocks(element, self.doc.sections[0].footer)
        else:  # section, main, div and unknown containers: their children carry the content
            self.blocks(element, container, list_level)

    def masthead(self, element) -> None:
        """The page header on one line: the logo, then the header's text against the right margin."""
        section = self.doc.sections[0]
        paragraph = section.header.paragraphs[0]
        header_style = self.doc.styles["Header"]
        header_style.paragraph_format.tab_stops.clear_all()
        width = section.page_width - section.left_margin - section.right_margin
        header_style.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        header_style.paragraph_format.space_after = Pt(10)
        paragraph.style = header_style
        for image in element.iter("img"):
            self.picture(image, paragraph)
        text = " ".join(_collapse(p.text_content()).strip() for p in element.iter("p"))
        if text:
            self.run(paragraph, f"\t{text}", "Strong")

    def _paragraph(self, container, style: str | None) -> Paragraph:
        """A new paragraph, reusing the empty one a new cell or header starts with."""
        paragraphs = container.paragraphs
        if (paragraphs and len(paragraphs) == 1 and not paragraphs[0].text
                and not paragraphs[0]._p.xpath("./w:r|./w:sdt|./w:hyperlink")
                and getattr(container, "_jdgen_used", False) is False
                and container is not self.doc):
            paragraph = paragraphs[0]
            if style:
                paragraph._p.style = self.style_ids[style]
        else:
            paragraph = container.add_paragraph()
            if style:
                paragraph._p.style = self.style_ids[style]
        container._jdgen_used = True
        return paragraph

    def text_paragraph(self, element, container, style: str | None,
                       run_style: str | None = None) -> Paragraph:
        paragraph = self._paragraph(container, style)
        self.inline_children(element, paragraph, run_style)
        _trim(paragraph)
        return paragraph

    def list(self, element, container, level: int) -> None:
        base = "List Number" if element.tag == "ol" else "List Bullet"
        style = base if level == 1 else f"{base} {min(level, 3)}"
        items = list(element.iterchildren("li"))
        for i, item in enumerate(items):
            paragraph = self._paragraph(container, style)
            if len(items) > 1 and i in (0, len(items) - 2):  # no item alone at a page break
                paragraph.paragraph_format.keep_with_next = True
            if item.text:
                self.run(paragraph, _collapse(item.text))
            for child in item:
                if isinstance(child.tag, str) and child.tag in ("ul", "ol"):
                    _trim(paragraph)
                    self.list(child, container, level + 1)
                else:
                    self.inline(child, paragraph, None)
            _trim(paragraph)

    def definition_list(self, element, container) -> None:
        paragraph = None
        for child in element:
            if child.tag == "dt":
                paragraph = self._paragraph(container, "Key Fact")
                self.inline_children(child, paragraph, "Strong")
                self.run(paragraph, "\t")
            elif child.tag == "dd" and paragraph is not None:
                self.inline_children(child, paragraph, None)
                _trim(paragraph)

    def table(self, element, container) -> None:
        rows = list(_rows(element))
        if not rows:
            return
        columns = max(len(cells) for _, cells in rows)
        table = container.add_table(rows=len(rows), cols=columns)
        table.style = self.doc.styles[TABLE_STYLE]
        _look(table, header_row=any(is_header for is_header, _ in rows),
              header_column=all(cells and cells[0].tag == "th" for is_header, cells in rows
                                if not is_header))
        widths = _column_widths(element, columns)
        usable = self.doc.sections[0].page_width - self.doc.sections[0].left_margin \
            - self.doc.sections[0].right_margin
        for r, (is_header, cells) in enumerate(rows):
            row = table.rows[r]
            if is_header:
                tr_pr = row._tr.get_or_add_trPr()
                header = OxmlElement("w:tblHeader")
                tr_pr.append(header)
            cant_split = OxmlElement("w:cantSplit")
            row._tr.get_or_add_trPr().append(cant_split)
            for c, cell_element in enumerate(cells):
                cell = row.cells[c]
                if widths:
                    cell.width = int(usable * widths[c])
                self.blocks(cell_element, cell)
        if widths:
            table.autofit = False
            for column, fraction in zip(table.columns, widths, strict=True):
                column.width = int(usable * fraction)
        describe_table(table, *table_summary(element, rows))

    def picture(self, element, paragraph: Paragraph) -> None:
        data = read_resource(element.get("src", ""), self.document.resource_roots,
                             self.document.file_name(EXTENSION))
        logo = "logo" in element.get("class", "")
        if logo:
            check_logo_for_word(self.document.models["company"],
                                self.document.models["company_yaml"].source, data)
        height = Mm(12) if logo else None
        try:
            shape = self.run(paragraph).add_picture(io.BytesIO(data), height=height)
        except UnrecognizedImageError:
            raise InputError(Problem(
                Position(self.document.file_name(EXTENSION)),
                f"image {element.get('src', '')[:80]!r} in a template is not a PNG, JPEG or GIF",
                "use a PNG or JPEG image in the template")) from None
        set_alt_text(shape, _collapse(element.get("alt", "")).strip())

    # inline content

    def inline_children(self, element, paragraph: Paragraph, style: str | None) -> None:
        if element.text:
            self.run(paragraph, _collapse(element.text), style)
        for child in element:
            self.inline(child, paragraph, style)

    def inline(self, element, paragraph: Paragraph, style: str | None, tail: bool = True) -> None:
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None or tag in SKIPPED:
            pass
        elif tag == "br":
            self.run(paragraph).add_break()
        elif fields.kind(element) in ("checkbox", "radio"):
            self.checkbox(paragraph, element)
        elif fields.kind(element) in ("text", "textarea"):
            self.text_control(paragraph, element, multiline=tag == "textarea")
        elif tag == "img":
            self.picture(element, paragraph)
        elif tag == "a" and element.get("href", "").startswith(("http://", "https://", "mailto:")):
            self.hyperlink(paragraph, element)
        else:
            self.inline_children(element, paragraph, INLINE_STYLES.get(tag, style))
        if tail and element.tail:
            self.run(paragraph, _collapse(element.tail), style)

    def hyperlink(self, paragraph: Paragraph, element) -> None:
        rid = paragraph.part.relate_to(element.get("href"), RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rid)
        run = self.run(paragraph, _collapse(element.text_content()), "Hyperlink")
        link.append(run._r)  # moves the run inside the hyperlink
        paragraph._p.append(link)

    def _control_properties(self, alias: str, tag: str):
        """A content control (``w:sdt``) with its title, tag and a unique id, and no content yet."""
        self.checkbox_id += 1
        sdt = OxmlElement("w:sdt")
        pr = OxmlElement("w:sdtPr")
        for name, value in (("w:alias", alias), ("w:tag", tag), ("w:id", str(self.checkbox_id))):
            child = OxmlElement(name)
            child.set(qn("w:val"), value[:255])
            pr.append(child)
        sdt.append(pr)
        return sdt, pr

    def text_control(self, paragraph: Paragraph, element, multiline: bool = False) -> None:
        """A plain-text content control showing Word's placeholder until something is typed; a
        multi-line one (a textarea) keeps a line per row of room while it is empty."""
        name = fields.field_name(element)
        sdt, pr = self._control_properties(fields.accessible_name(element) or "Text",
                                           name or f"text-{self.checkbox_id + 1}")
        pr.append(OxmlElement("w:showingPlcHdr"))
        text = OxmlElement("w:text")
        if multiline:
            text.set(qn("w:multiLine"), "1")
        pr.append(text)
        content = OxmlElement("w:sdtContent")
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), self.style_ids["Placeholder Text"])
        rpr.append(style)
        run.append(rpr)
        shown = OxmlElement("w:t")
        shown.text = PLACEHOLDER
        run.append(shown)
        content.append(run)
        sdt.append(content)
        paragraph._p.append(sdt)
        if multiline:  # the box keeps a line per row, typed in or written on paper
            room = self.run(paragraph)
            for _ in range(fields.rows(element) - 1):
                room.add_break()

    def checkbox(self, paragraph: Paragraph, element) -> None:
        """A Word checkbox content control that can be ticked with a click: a checkbox, or one
        radio button (tagged ``name=value``; Word has no radio control)."""
        checked = element.get("checked") is not None
        name = fields.field_name(element)
        if fields.kind(element) == "radio":
            tag = f"{name}={element.get('value', 'on')}"
        else:
            tag = name or f"checkbox-{self.checkbox_id + 1}"
        sdt, pr = self._control_properties(fields.accessible_name(element) or "Done", tag)
        box = OxmlElement("w14:checkbox")
        state = OxmlElement("w14:checked")
        state.set(qn("w14:val"), "1" if checked else "0")
        box.append(state)
        for tag, glyph in (("w14:checkedState", BALLOT_BOX_CHECKED),
                           ("w14:uncheckedState", BALLOT_BOX)):
            child = OxmlElement(tag)
            child.set(qn("w14:val"), glyph)
            child.set(qn("w14:font"), CHECKBOX_FONT)
            box.append(child)
        pr.append(box)
        content = OxmlElement("w:sdtContent")
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        fonts = OxmlElement("w:rFonts")
        for attr in ("ascii", "eastAsia", "hAnsi"):
            fonts.set(qn(f"w:{attr}"), CHECKBOX_FONT)
        fonts.set(qn("w:hint"), "eastAsia")
        rpr.append(fonts)
        run.append(rpr)
        text = OxmlElement("w:t")
        text.text = chr(int(BALLOT_BOX_CHECKED if checked else BALLOT_BOX, 16))
        run.append(text)
        content.append(run)
        sdt.append(content)
        paragraph._p.append(sdt)


def set_alt_text(shape, alt: str) -> None:
    """The picture's alternative text, what a screen reader says for it (``descr`` on
    ``wp:docPr``); an image whose ``alt`` is empty is marked decorative, as Word does."""
    doc_pr = shape._inline.docPr
    if alt:
        doc_pr.set("descr", alt[:4096])
        return
    extensions = OxmlElement("a:extLst")
    extension = OxmlElement("a:ext")
    extension.set("uri", DECORATIVE_URI)
    decorative = lxml.etree.SubElement(extension, f"{{{DECORATIVE_NS}}}decorative",
                                       nsmap={"adec": DECORATIVE_NS})
    decorative.set("val", "1")
    extensions.append(extension)
    doc_pr.append(extensions)


def table_summary(element, rows: list[tuple[bool, list]]) -> tuple[str, str]:
    """A table's title and description for a screen reader: its ``<caption>`` (else its
    ``aria-label`` or ``title``, else the heading it follows) and what its columns are."""
    caption = element.find("caption")
    title = _collapse(caption.text_content()).strip() if caption is not None else ""
    title = title or element.get("aria-label", "").strip() or element.get("title", "").strip()
    if not title:
        heading = next(iter(element.xpath("preceding::*[self::h1 or self::h2 or self::h3 or self::h4][1]")),
                       None)
        title = _collapse(heading.text_content()).strip() if heading is not None else ""
    headers = [_collapse(cell.text_content()).strip() for is_header, cells in rows if is_header
               for cell in cells]
    body = sum(1 for is_header, _ in rows if not is_header)
    description = f"{body} row{'s' if body != 1 else ''}"
    if headers:
        description = f"Columns: {', '.join(h for h in headers if h)}. {description}"
    return title, description + "."


def describe_table(table, title: str, description: str) -> None:
    """``w:tblCaption`` and ``w:tblDescription``: Word's alternative text for a table."""
    tbl_pr = table._tbl.tblPr
    for tag, value in (("w:tblCaption", title), ("w:tblDescription", description)):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
        if value:
            child = OxmlElement(tag)
            child.set(qn("w:val"), value[:255])
            tbl_pr.insert_element_before(child, *TBL_PR_AFTER[tag])


#: What may follow the caption and the description in a table's properties (ECMA-376 CT_TblPr).
TBL_PR_AFTER = {"w:tblCaption": ("w:tblDescription", "w:tblPrChange"), "w:tblDescription": ("w:tblPrChange",)}
#: Word's mark of a decorative picture (Office 2019 and later), in ``wp:docPr``'s extensions.
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def _rows(table) -> Iterator[tuple[bool, list]]:
    for tr in table.iter("tr"):
        cells = [c for c in tr if c.tag in ("td", "th")]
        in_head = tr.getparent().tag == "thead" or all(c.tag == "th" for c in cells)
        yield in_head, cells


def _column_widths(table, columns: int) -> list[float] | None:
    """Fractions of the line width from ``<col style="width: N%">``, if every column has one."""
    widths = []
    for col in table.iter("col"):
        match = re.search(r"width:\s*([\d.]+)%", col.get("style", ""))
        widths.append(float(match.group(1)) / 100 if match else None)
    if len(widths) != columns or None in widths:
        return None
    return widths


def _trim(paragraph: Paragraph) -> None:
    """HTML ignores leading and trailing white space in a block; so does Word here (a space
    next to a content control or a picture is not at the block's edge)."""
    items = paragraph._p.xpath("./w:r/w:t|./w:r/w:drawing|./w:hyperlink/w:r/w:t|./w:sdt")
    texts = [item for item in items if item.tag == qn("w:t")]
    if texts:
        if items[0] is texts[0]:
            texts[0].text = texts[0].text.lstrip()
        if items[-1] is texts[-1]:
            texts[-1].text = texts[-1].text.rstrip()
    for t in texts:
        if t.text and (t.text[0] == " " or t.text[-1] == " "):
            t.set(qn("xml:space"), "preserve")


def _look(table, header_row: bool, header_column: bool) -> None:
    """Which parts of the table style apply: the header row only for a table with ``<thead>``
    rows, the first column only where every body row starts with a ``<th>``."""
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        properties.append(look)
    flags = {"firstRow": (header_row, 0x20), "lastRow": (False, 0x40),
             "firstColumn": (header_column, 0x80), "lastColumn": (False, 0x100),
             "noHBand": (False, 0x200), "noVBand": (True, 0x400)}
    for name, (value, _) in flags.items():
        look.set(qn(f"w:{name}"), "1" if value else "0")
    # the same flags as one hex number, for word processors that read only that
    look.set(qn("w:val"), f"{sum(bit for value, bit in flags.values() if value):04X}")
