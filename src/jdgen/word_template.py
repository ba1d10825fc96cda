"""Word templates: a ``.docx`` written in Word with Jinja tags (docxtpl), rendered to a DOCX.

A workspace's ``templates/<document>.docx`` replaces the HTML → DOCX path for that document.  It
runs in the same sandbox as the HTML templates (autoescaping, strict undefined names, the
``money``/``join_words``/``long_date`` filters) and sees the same context.  docxtpl's own tags work:
``{%p … %}`` stands alone in a paragraph, ``{%tr … %}`` in a table row, ``{%tc … %}`` in a cell.

Errors name the place a Word user can find: ``paragraph 4`` (body paragraphs outside tables,
counted from 1) or ``table 1, row 2, cell 3``.  docxtpl only reports a line of its internal XML, so
the place is found again from the document itself: every paragraph (or table cell paragraph) is
one line of a plain Jinja source, tags normalised the way docxtpl does, and that source is parsed
(syntax errors) or rendered (everything else) to learn the line that fails.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateSyntaxError
from lxml import etree

from jdgen import gate
from jdgen.buildinfo import build_datetime
from jdgen.docx_links import apply_link_policy
from jdgen.errors import JdgenError, Position, Problem, TemplateError
from jdgen.export.docx import TABLE_STYLE, add_field, drop_template_leftovers, set_up_styles
from jdgen.models import drop_control_characters
from jdgen.render import FILTERS, clean_text
from jdgen.sandbox import DataSandbox, make_environment, plain, run_limited
from jdgen.sources import display_path
from jdgen.ziputil import repack

#: Core properties docxtpl renders as templates (the string ones Word shows under File › Info).
PROPERTIES = ("title", "subject", "author", "comments", "identifier", "language")
#: Word stores at most this many characters in a core property.
PROPERTY_LIMIT = 255
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
#: Seconds spent re-running a failed template to name the paragraph at fault.
LOCATE_SECONDS = 2.0
#: The file name Jinja gives a template made from a string, in its rewritten tracebacks.
JINJA_FILENAME = "<template>"

W_P, W_T, W_TBL, W_TR, W_TC = (qn(f"w:{tag}") for tag in ("p", "t", "tbl", "tr", "tc"))
W_SECTPR, W_FOOTNOTE = qn("w:sectPr"), qn("w:footnote")


def render_word_template(template: Path, context: Mapping[str, object],
                         build_time: dt.datetime, spell: Callable[[str], str] | None = None) -> bytes:
    """Render the Word template ``template`` with ``context``: the bytes of a reproducible DOCX;
    ``spell`` (British spelling, say) rewrites the text of every run afterwards.

    Raises :class:`TemplateError` naming the file and the paragraph or table cell at fault.
    """
    template = Path(template)
    where = Position(display_path(template))
    data = gate.read_bytes(template, inside=None, what="Word template", limit=gate.DOCX_LIMIT,
                           where=where, error=TemplateError)
    try:
        Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - whatever fails to open is not a Word document
        raise TemplateError(Problem(where, "not a Word .docx file",
                                    "save it from Word as a Word Document (.docx)")) from None

    env = _environment()
    document = _Template(io.BytesIO(data), where)
    fields = plain(context).fields()  # templates get plain data, never model objects
    try:
        run_limited(lambda: document.render(fields, jinja_env=env, autoescape=True))
    except JdgenError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure inside a template is the template's
        raise _template_error(where, data, fields, exc) from None

    doc = document.docx
    drop_template_leftovers(doc)
    if spell:
        _respell(doc, spell)
    apply_link_policy(doc)
    props = doc.core_properties
    props.created = props.modified = build_time
    buffer = io.BytesIO()
    document.save(buffer)
    return repack(buffer.getvalue(), build_time)


def _respell(doc, spell: Callable[[str], str]) -> None:
    """Apply ``spell`` to the text of each run of the body, headers and footers (a word Word
    split across two runs keeps its spelling)."""
    parts = [doc.element.body] + [
        part._element for section in doc.sections
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header, section.even_page_footer)
        if not part.is_linked_to_previous]
    for root in parts:
        for text in root.iter(W_T):
            if text.text:
                text.text = spell(text.text)


def _environment() -> DataSandbox:
    """The HTML templates' sandbox and filters, without a loader: a Word template is one file."""
    env = make_environment(undefined=StrictUndefined, autoescape=True, finalize=clean_text)
    env.add_filters(**FILTERS)
    return env


class _Template(DocxTemplate):
    """docxtpl with three fixes: strict XML, properties rendered unescaped, footnotes once."""

    def __init__(self, template_file, where: Position):
        super().__init__(template_file)
        self.where = where

    def fix_tables(self, xml):
        # docxtpl parses the rendered XML with recover=True, which drops whatever does not nest:
        # a tag spanning a table and a paragraph would silently lose text instead of failing.
        # (Headers and footers are parsed strictly by python-docx already.)
        etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
        return super().fix_tables(xml)

    def render_properties(self, context, jinja_env=None) -> None:
        # docxtpl renders them with the autoescaping environment: "A & B" would become "A &amp; B".
        env = jinja_env.overlay(autoescape=False)
        props = self.docx.core_properties
        for name in PROPERTIES:
            source = getattr(props, name) or ""
            if "{" not in source:
                continue
            try:
                value = env.from_string(source).render(context)
            except Exception as exc:  # noqa: BLE001
                raise TemplateError(_problem(self.where, f'document property "{name}"', exc)) from None
            setattr(props, name, drop_control_characters(value)[:PROPERTY_LIMIT])

    def render_footnotes(self, context, jinja_env=None) -> None:
        # docxtpl renders the footnotes once per section, i.e. its own output again: once is enough.
        for part in self.docx.part.package.iter_parts():
            if part.content_type == FOOTNOTES:
                xml = self.patch_xml(part.blob.decode("utf-8"))
                part._blob = self.render_xml_part(xml, part, context, jinja_env).encode("utf-8")


# --- where an error is -------------------------------------------------------------------------

def _problem(where: Position, label: str | None, exc: BaseException) -> Problem:
    """One problem: ``LABEL: template (syntax) error: MESSAGE — hint``."""
    kind = "template syntax error" if isinstance(exc, TemplateSyntaxError) else "template error"
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if isinstance(exc, etree.XMLSyntaxError):  # the rendered XML, not the template: see fix_tables
        return Problem(where, "the tags produce a document Word cannot read",
                       "give a tag that spans paragraphs, rows or cells a paragraph of its own "
                       "({%p … %}, {%tr … %}, {%tc … %}) and print no markup with | safe")
    unit = "template"
    if label:
        unit = "cell" if "cell" in label else "property" if "property" in label else "paragraph"
    if isinstance(exc, TemplateSyntaxError):
        hint = f"fix the tag in that {unit}" if label else "fix the tag"
    else:
        hint = f"check the names used in that {unit}" if label else "check the names used in the template"
    text = f"{label}: {kind}: {message}" if label else f"{kind}: {message}"
    return Problem(where, text, hint)


def _template_error(where: Position, data: bytes, context: dict[str, object],
                    exc: Exception) -> TemplateError:
    try:  # the template runs again to find the place: bounded, as the first run was
        label = run_limited(lambda: _locate(data, context, exc), LOCATE_SECONDS)
    except Exception:  # noqa: BLE001 - finding the place is a courtesy; the error is what matters
        label = None
    return TemplateError(_problem(where, label, exc))


def _locate(data: bytes, context: dict[str, object], exc: Exception) -> str | None:
    """The label of the paragraph or cell where ``exc`` happened, if it can be found."""
    if isinstance(exc, etree.XMLSyntaxError):
        return None
    groups = _unit_groups(data)
    env = _environment()
    # docxtpl renders the body, then headers, then footers, then footnotes: the first part whose
    # plain source fails the same way is the one at fault.
    for units in groups:
        source = "\n".join(text for _, text in units)
        line = None
        try:
            compiled = env.from_string(source)
        except TemplateSyntaxError as error:
            line = error.lineno
            if "end of template" in error.message.lower():
                # Jinja reports the last line; the fault is the block left open.
                line = _unclosed_block(units) or line
        else:
            if not isinstance(exc, TemplateSyntaxError):
                try:
                    compiled.render(context)
                except Exception as error:  # noqa: BLE001
                    line = _template_line(error)
        if line is not None and 1 <= line <= len(units):
            return units[line - 1][0]
    return None


BLOCK_TAG = re.compile(r"\{%[-+]?\s*(\w+)([^%]*)%\}")
BLOCKS = {"for", "if", "macro", "call", "filter", "block", "with", "autoescape", "raw", "trans", "set"}


def _unclosed_block(units: list[tuple[str, str]]) -> int | None:
    """The 1-based line of the innermost block tag that is never closed, if any."""
    stack: list[tuple[str, int]] = []
    for line, (_, text) in enumerate(units, start=1):
        for match in BLOCK_TAG.finditer(text):
            name, rest = match.groups()
            if name in BLOCKS and not (name == "set" and "=" in rest):
                stack.append((name, line))
            elif name.startswith("end") and stack and stack[-1][0] == name[3:]:
                stack.pop()
    return stack[-1][1] if stack else None


def _template_line(exc: BaseException) -> int | None:
    """The innermost template line of a rendering error's traceback (Jinja rewrites it so)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == JINJA_FILENAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# --- the document as lines of Jinja --------------------------------------------------------------

def _prefixed(level: str) -> re.Pattern[str]:
    """docxtpl's ``{%p … %}`` / ``{{p … }}`` / ``{#p … #}`` (for p, tr, tc, r)."""
    return re.compile(rf"(\{{%|\{{\{{){level} ([^}}%]*(?:%\}}|\}}\}}))|(\{{#){level} ([^}}#]*#\}})")


LEVELS = {level: _prefixed(level) for level in ("tr", "tc", "p")}
RUN_TAG = re.compile(r"(\{%|\{\{)r ")
MERGE_TAG = re.compile(r"\{%\s*(?:vm|hm)\s*%\}")
CELL_TAG = re.compile(r"\{%\s*(?:colspan|cellbg)\s+([^%]*)\s*%\}")
IN_TAG = re.compile(r"(?<=\{[{%])(.*?)(?=[}%]\})")
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _collapsed(text: str, level: str) -> str | None:
    """The tag alone if ``text`` holds a ``{%<level> … %}`` tag (docxtpl drops the rest)."""
    match = LEVELS[level].search(text)
    if match is None:
        return None
    opening, body = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return f"{opening} {body}"


def _plain(text: str) -> str:
    """One line of Jinja as docxtpl would hand it over: run tags, cell tags and quotes cleaned."""
    text = RUN_TAG.sub(r"\1 ", text)
    text = MERGE_TAG.sub("", text)
    text = CELL_TAG.sub(r"{{ \1 }}", text)
    text = IN_TAG.sub(lambda m: m.group(1).translate(QUOTES), text)
    return re.sub(r"[\r\n]", " ", text)


def _text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(W_T))


def _find(element, tags: set[str]) -> Iterator:
    """The nearest descendants of ``element`` with one of ``tags``, in document order."""
    for child in element:
        if child.tag in tags:
            yield child
        elif child.tag != W_SECTPR:
            yield from _find(child, tags)


def _paragraph_unit(label: str, text: str) -> tuple[str, str]:
    return label, _plain(_collapsed(text, "p") or text)


def _table_units(table, label: str) -> list[tuple[str, str]]:
    units = []
    for r, row in enumerate(_find(table, {W_TR}), start=1):
        cells = [[_text(p) for p in _find(cell, {W_P})] for cell in _find(row, {W_TC})]
        row_tag = next(((c, tag) for c, texts in enumerate(cells, start=1) for text in texts
                        if (tag := _collapsed(text, "tr"))), None)
        if row_tag:
            units.append((f"{label}, row {r}, cell {row_tag[0]}", _plain(row_tag[1])))
            continue
        for c, texts in enumerate(cells, start=1):
            where = f"{label}, row {r}, cell {c}"
            cell_tag = next((tag for text in texts if (tag := _collapsed(text, "tc"))), None)
            if cell_tag:
                units.append((where, _plain(cell_tag)))
            else:
                units.extend(_paragraph_unit(where, text) for text in texts)
    return units


def _units(root, prefix: str = "") -> list[tuple[str, str]]:
    """``(label, line)`` for every paragraph and table cell paragraph of ``root``, in order."""
    units: list[tuple[str, str]] = []
    paragraphs = tables = 0
    for element in _find(root, {W_P, W_TBL}):
        if element.tag == W_P:
            paragraphs += 1
            units.append(_paragraph_unit(f"{prefix}paragraph {paragraphs}", _text(element)))
        else:
            tables += 1
            units.extend(_table_units(element, f"{prefix}table {tables}"))
    return units


def _unit_groups(data: bytes) -> list[list[tuple[str, str]]]:
    """The body, each header, each footer and the footnotes: docxtpl's rendering order."""
    doc = Document(io.BytesIO(data))
    groups = [_units(doc.element.body)]
    for reltype, name in ((RT.HEADER, "page header"), (RT.FOOTER, "page footer")):
        parts = [rel.target_part for rel in doc.part.rels.values()
                 if rel.reltype == reltype and rel.target_part.blob]
        for i, part in enumerate(parts, start=1):
            label = f"{name} {i}, " if len(parts) > 1 else f"{name}, "
            groups.append(_units(parse_xml(part.blob), label))
    for part in doc.part.package.iter_parts():
        if part.content_type == FOOTNOTES:
            root = parse_xml(part.blob)
            notes = [n for n in root.iter(W_FOOTNOTE) if n.get(qn("w:type")) is None]
            groups.append([unit for n, note in enumerate(notes, start=1)
                           for unit in _units(note, f"footnote {n}, ")])
    return groups


# --- starter templates ---------------------------------------------------------------------------

#: The look of the starting templates: jdgen's default brand colour, a font every Word has.
STARTER_BRAND = RGBColor(0x1F, 0x4E, 0x79)
STARTER_FONT = "Arial"
TAG_STYLE = "Template Tag"


def starter_template(kind: str) -> bytes:
    """A Word template to start from for ``kind`` (``"jd"`` or ``"checklist"``), as .docx bytes.

    It uses Word's own styles (Title, Heading 1/2, List Bullet, a table style), so restyling in
    Word restyles the output; paragraphs in the grey "Template Tag" style hold docxtpl tags and
    vanish from the rendered document.
    """
    builders: dict[str, Callable[[_Starter], None]] = {"jd": _job_description, "checklist": _checklist}
    if kind not in builders:
        raise ValueError(f'no Word starter template for "{kind}": use one of {", ".join(builders)}')
    starter = _Starter()
    builders[kind](starter)
    return starter.save(kind)


class _Starter:
    """A python-docx document being written paragraph by paragraph."""

    def __init__(self) -> None:
        self.doc = Document()
        set_up_styles(self.doc, STARTER_BRAND, STARTER_FONT)
        for empty in self.doc.paragraphs:  # python-docx's blank document may start with one
            empty._p.getparent().remove(empty._p)
        tag = self.doc.styles.add_style(TAG_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        tag.base_style = self.doc.styles["Normal"]
        tag.font.name, tag.font.size = "Courier New", Pt(8)
        tag.font.color.rgb = RGBColor(0x7B, 0x87, 0x94)
        tag.paragraph_format.space_after = Pt(0)
        self.style_ids = {style.name: style.style_id for style in self.doc.styles}
        section = self.doc.sections[0]
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin = section.right_margin = Mm(18)

    @property
    def width(self) -> int:
        section = self.doc.sections[0]
        return section.page_width - section.left_margin - section.right_margin

    def para(self, *runs: str | tuple[str, str], style: str | None = None, container=None) -> Paragraph:
        """A paragraph of ``runs``: plain text, or ``(text, character style)``."""
        container = container or self.doc
        paragraph = container.add_paragraph(style=style)
        for run in runs:
            text, char_style = (run, None) if isinstance(run, str) else run
            added = paragraph.add_run(text)
            if char_style:
                added._r.style = self.style_ids[char_style]
        return paragraph

    def tag(self, text: str, container=None) -> Paragraph:
        """A ``{%p … %}`` paragraph: logic the recruiter sees in Word, absent from the output."""
        return self.para(text, style=TAG_STYLE, container=container)

    def bullets(self, loop: str, item: str = "{{ item }}") -> None:
        self.tag(f"{{%p for item in {loop} %}}")
        self.para(item, style="List Bullet")
        self.tag("{%p endfor %}")

    def fact(self, name: str, value: str) -> None:
        self.para((name, "Strong"), "\t", value, style="Key Fact")

    def header_footer(self, footer_text: str) -> None:
        section = self.doc.sections[0]
        header = section.header.paragraphs[0]
        header.style = self.doc.styles["Header"]
        header.add_run("{{ company.name }}")
        footer = section.footer.paragraphs[0]
        footer.style = self.doc.styles["Footer"]
        self.doc.styles["Footer"].paragraph_format.tab_stops.add_tab_stop(self.width, WD_TAB_ALIGNMENT.RIGHT)
        footer.add_run(f"{footer_text}\tPage ")
        add_field(footer, "PAGE", "1")
        footer.add_run(" of ")
        add_field(footer, "NUMPAGES", "1")

    def save(self, kind: str) -> bytes:
        drop_template_leftovers(self.doc)
        props = self.doc.core_properties
        when = build_datetime()
        props.author, props.language = "{{ company.name }}", "{{ lang }}"
        props.comments = "Made with jdgen: a Word template (docxtpl tags); see jdgen templates eject"
        props.keywords, props.category, props.subject = kind, "", ""
        props.last_modified_by, props.revision = "jdgen", 1
        props.created = props.modified = when
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return repack(buffer.getvalue(), when)


INTRO = ("jdgen Word template. Words in double curly brackets are filled in from the company file; "
         "grey lines like this one are instructions for jdgen (repeat, show if) and are removed from "
         "the finished document. Change the wording, the order and the styles freely.")


def _job_description(s: _Starter) -> None:
    s.doc.core_properties.title = "{{ title }} — {{ company.name }}"
    s.header_footer("{{ title }} — {{ company.name }}")
    s.tag(f"{{#p {INTRO} #}}")
    s.para("{{ title }}", style="Title")
    s.para('{% if blind %}Confidential search{% else %}{{ company.name }}{% endif %} · {{ where }}',
           style="Subtitle")

    s.fact("Location", '{{ locations | join("; ") }}')
    s.fact("Reports to", "{{ reports_to }}")
    s.tag("{%p if role.direct_reports %}")
    s.fact("Direct reports", "{{ role.direct_reports | join_words }}")
    s.tag("{%p endif %}")
    s.fact("Employment", '{{ role.employment_type | capitalize }}'
                         "{% if posting.work_model %}, {{ posting.work_model }}{% endif %}")
    s.tag("{%p if pay %}")
    s.fact("Base pay", "{{ pay.base_min | money(pay.currency) }} – {{ pay.base_max | money(pay.currency) }}"
                       " per {{ pay.period }}{% for zone in pay.zones %}; {{ zone.location }}: "
                       "{{ zone.base_min | money(pay.currency) }} – {{ zone.base_max | money(pay.currency) }}"
                       "{% endfor %}")
    s.tag("{%p endif %}")

    s.para("{% if blind %}About the company{% else %}About {{ company.name }}{% endif %}",
           style="Heading 1")
    s.para("{{ company.about }}")
    s.para("The role", style="Heading 1")
    s.para("{{ role.summary }}")

    s.para("What you will do", style="Heading 1")
    s.tag("{%p for group in role.responsibilities %}")
    s.para("{{ group.area }}", style="Heading 2")
    s.bullets("group.items")
    s.tag("{%p endfor %}")

    s.para("What you bring", style="Heading 1")
    s.tag("{%p if role.experience.years_min %}")
    s.para("At least {{ role.experience.years_min }} year{{ 's' if role.experience.years_min != 1 }} "
           "of relevant experience.", style="List Bullet")
    s.tag("{%p endif %}")
    s.bullets("role.experience.items")
    s.bullets("company.requirements")
    s.bullets("role.qualifications")
    s.para("Skills", style="Heading 2")
    s.bullets("role.skills.hard")
    s.para("How you work", style="Heading 2")
    s.bullets("role.skills.soft")
    s.tag("{%p if role.nice_to_have %}")
    s.para("Nice to have", style="Heading 2")
    s.bullets("role.nice_to_have")
    s.tag("{%p endif %}")

    s.para("How success is measured", style="Heading 1")
    s.tag("{%p for kpi in role.kpis %}")
    s.para(("{{ kpi.name }}.", "Strong"), " {{ kpi.description }}", style="List Bullet")
    s.tag("{%p endfor %}")

    s.tag("{%p if pay %}")
    s.para("Compensation", style="Heading 1")
    s.tag("{%p for zone in pay.zones %}")
    s.para("Base salary in {{ zone.location }}: {{ zone.base_min | money(pay.currency) }} to "
           "{{ zone.base_max | money(pay.currency) }} per {{ pay.period }}.", style="List Bullet")
    s.tag("{%p endfor %}")
    s.para("Base salary{% if pay.zones %} in every other location{% endif %}: "
           "{{ pay.base_min | money(pay.currency) }} to "
           "{{ pay.base_max | money(pay.currency) }} per {{ pay.period }}.", style="List Bullet")
    s.tag("{%p if pay.variable_target %}")
    s.para("On-target variable pay: {{ pay.variable_target | money(pay.currency) }} per {{ pay.period }}"
           "{% if pay.variable_note %}. {{ pay.variable_note }}{% else %}.{% endif %}", style="List Bullet")
    s.tag("{%p elif pay.variable_note %}")
    s.para("{{ pay.variable_note }}", style="List Bullet")
    s.tag("{%p endif %}")
    s.tag("{%p if pay.equity %}")
    s.para("Equity: {{ pay.equity }}", style="List Bullet")
    s.tag("{%p endif %}")
    s.tag("{%p endif %}")

    s.tag("{%p if company.benefits %}")
    s.para("Benefits", style="Heading 1")
    s.bullets("company.benefits")
    s.tag("{%p endif %}")

    s.para("How to apply", style="Heading 1")
    s.tag("{%p if apply.instructions or company.apply.instructions %}")
    s.para("{{ apply.instructions or company.apply.instructions }}")
    s.tag("{%p endif %}")
    s.tag("{%p if apply.url %}")
    s.para("Apply online: {{ apply.url }}", style="List Bullet")
    s.tag("{%p endif %}")
    s.tag("{%p if apply.email %}")
    s.para("Email: {{ apply.email }}", style="List Bullet")
    s.tag("{%p endif %}")
    s.tag("{%p if posting.hiring_manager %}")
    s.para("Hiring manager: {{ posting.hiring_manager.name }}{% if posting.hiring_manager.title %}, "
           "{{ posting.hiring_manager.title }}{% endif %}", style="List Bullet")
    s.tag("{%p endif %}")
    s.tag("{%p if posting.deadline %}")
    s.para("Applications close on {{ posting.deadline | long_date(company.language) }}.",
           style="List Bullet")
    s.tag("{%p endif %}")

    s.para("Equal opportunity", style="Heading 1")
    s.para("{{ company.eeo_statement }}")


#: The checklist table: heading, share of the line width.
CHECKLIST_COLUMNS = (("Done", 0.08), ("Task", 0.64), ("Owner", 0.17), ("Week", 0.11))
BALLOT_BOX = "\u2610"


def _checklist(s: _Starter) -> None:
    s.doc.core_properties.title = "{{ checklist.checklist.title }} — {{ company.name }}"
    s.header_footer("{{ checklist.checklist.title }} — {{ company.name }}")
    s.tag(f"{{#p {INTRO} #}}")
    s.para("{{ checklist.checklist.title }}", style="Title")
    s.para("{{ company.name }} · {{ role.title }} search", style="Subtitle")
    s.para("{{ checklist.checklist.summary }}")
    applicable = "{{ checklist.applicable }} of {{ checklist.total }} tasks apply to {{ company.name }}"
    s.para((applicable, "Strong"),
           '{% if search_profile %}, chosen for this search: {{ search_profile | join("; ") }}{% endif %}.',
           style="Key Fact")
    s.para("Tick each box as the task is done. {% if checklist.kickoff %}Week numbers count from the "
           "kick-off on {{ checklist.kickoff | long_date(lang) }}, and each task shows its target "
           "date.{% else %}Week numbers count from the search kick-off.{% endif %}"
           "{% if checklist.has_names %} The person in each owner's seat is named in brackets.{% endif %}",
           style="Note")

    s.tag("{%p for item in checklist.phases %}")
    s.para("{{ item.number }}. {{ item.phase.title }}", style="Heading 1")
    s.tag("{%p if item.phase.summary %}")
    s.para("{{ item.phase.summary }}")
    s.tag("{%p endif %}")
    _task_table(s)
    s.tag("{%p endfor %}")
    s.para("Made with jdgen {{ jdgen_version }}.", style="Note")


def _task_table(s: _Starter) -> None:
    """Header row, ``{%tr for %}`` row, the task row, ``{%tr endfor %}`` row."""
    table = s.doc.add_table(rows=4, cols=len(CHECKLIST_COLUMNS))
    table.style = s.doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [int(s.width * share) for _, share in CHECKLIST_COLUMNS]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))

    def fill(cell, *paragraphs: tuple[str, str | None]) -> None:
        first, *rest = paragraphs
        cell.paragraphs[0].add_run(first[0])
        if first[1]:
            cell.paragraphs[0].style = s.doc.styles[first[1]]
        for text, style in rest:
            s.para(text, style=style, container=cell)

    head, loop, task, end = table.rows
    for cell, (name, _) in zip(head.cells, CHECKLIST_COLUMNS, strict=True):
        fill(cell, (name, None))
    for row in (loop, end):  # one wide cell each, so the tag reads on one line
        row.cells[0].merge(row.cells[-1])
    fill(loop.cells[0], ("{%tr for task in item.tasks %}", TAG_STYLE))
    fill(task.cells[0], (BALLOT_BOX, None))
    fill(task.cells[1], ("{{ task.task }}", None), ("{%p if task.detail %}", TAG_STYLE),
         ("{{ task.detail }}", "Note"), ("{%p endif %}", TAG_STYLE))
    fill(task.cells[2], ("{{ task.owner }}", None), ("{%p if task.owner_name %}", TAG_STYLE),
         ("({{ task.owner_name }})", "Note"), ("{%p endif %}", TAG_STYLE))
    fill(task.cells[3], ('{{ task.due_week if task.due_week is not none else "–" }}', None),
         ("{%p if task.due_date %}", TAG_STYLE), ("({{ task.due_date | long_date(lang) }})", "Note"),
         ("{%p endif %}", TAG_STYLE))
    fill(end.cells[0], ("{%tr endfor %}", TAG_STYLE))
