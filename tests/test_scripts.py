"""Every script renders: Japanese, Chinese, Korean, Hebrew, Arabic and emoji with real glyphs.

Each case builds a job description (PDF and DOCX, through :func:`jdgen.api.build`) for a company
whose name, about text and benefits are in one script, then reads the files back: the PDF's
text with pypdf, its fonts with poppler's ``pdffonts`` (the font each script needs is embedded,
none is a Type 3 font, none has missing glyphs), the DOCX's text and styles with python-docx.
Also here: the output folder a company's name gives (:attr:`Company.output_slug`).
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from jdgen.api import build, render_documents
from jdgen.loading import load_company

ROOT = Path(__file__).resolve().parent.parent
COMPANIES = ROOT / "companies"
EMOJI = "🤖"
#: A woman technologist: four code points joined by a zero-width joiner, one glyph.
ZWJ_EMOJI = "\U0001F469\u200D\U0001F4BB"
INSTALL = "install the README's fonts: apt-get install fonts-noto-cjk fonts-noto-color-emoji"


@dataclass(frozen=True)
class Script:
    language: str
    name: str
    about: str
    benefit: str
    font: str  # the PostScript family pdffonts shows for this script's glyphs
    rtl: bool = False


SCRIPTS = {
    "ja": Script("ja", "株式会社ロボテック", "ロボテックは東京の産業用ロボットメーカーです。",
                 "健康保険と厚生年金", "Noto-Sans-CJK-JP"),
    "zh": Script("zh-CN", "北京机器人科技有限公司", "我们为制造企业提供自动化软件和机器人。",
                 "五险一金", "Noto-Sans-CJK-SC"),
    "zh-TW": Script("zh-TW", "臺北機器人股份有限公司", "我們為製造業提供自動化軟體與機器人。",
                    "勞健保與團體保險", "Noto-Sans-CJK-TC"),
    "ko": Script("ko", "주식회사 로보텍", "로보텍은 서울에 본사를 둔 산업용 로봇 회사입니다.",
                 "4대 보험", "Noto-Sans-CJK-KR"),
    "he": Script("he", "שלום רובוטיקה בע״מ", "שלום רובוטיקה בונה תוכנה ורובוטים למפעלים בישראל.",
                 "ביטוח בריאות מלא", "Liberation-Sans", rtl=True),
    "ar": Script("ar", "شركة الروبوتات المتقدمة", "نحن نبني البرمجيات والروبوتات للمصانع في الخليج.",
                 "تأمين صحي شامل", "DejaVu-Sans", rtl=True),
}


def company_text(script: Script) -> str:
    """acme.yaml with the name, about, benefits and language in ``script``, emoji included."""
    text = (COMPANIES / "acme.yaml").read_text(encoding="utf-8")
    about = re.search(r"^about: >-\n(?:  .*\n)+", text, re.MULTILINE)
    benefits = re.search(r"^benefits:\n(?:  - .*\n)+", text, re.MULTILINE)
    assert about and benefits, "acme.yaml changed shape; update company_text"
    text = (text[:about.start()] + f'about: "{script.about}"\n' + text[about.end():benefits.start()]
            + f'benefits:\n  - "{script.benefit} {EMOJI}"\n  - "{ZWJ_EMOJI} Remote days"\n'
            + text[benefits.end():])
    for old, new in (("name: Acme Robotics", f'name: "{script.name}"'),
                     ("language: en-US", f"language: {script.language}")):
        assert old in text
        text = text.replace(old, new, 1)
    return text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Path]]:
    """Build a script's job description once per module: ``{"pdf": …, "docx": …, "dir": …}``."""
    cache: dict[str, dict[str, Path]] = {}

    def make(key: str) -> dict[str, Path]:
        if key not in cache:
            folder = tmp_path_factory.mktemp(f"script-{key}")
            shutil.copy(COMPANIES / "acme-logo.png", folder / "acme-logo.png")
            company = folder / "company.yaml"
            company.write_text(company_text(SCRIPTS[key]), encoding="utf-8")
            files = build("cso", company, folder / "out", docs="jd", formats=("pdf", "docx"))
            paths = {path.suffix[1:]: path for path in files}
            cache[key] = {**paths, "dir": paths["pdf"].parent}
        return cache[key]

    return make


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """``pdffonts`` rows: name (subset prefix removed), type, encoding, emb."""
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts is missing: apt-get install poppler-utils")
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        tokens = line.split()
        rows.append({"name": tokens[0].split("+", 1)[-1], "type": " ".join(tokens[1:-6]),
                     "encoding": tokens[-6], "emb": tokens[-5]})
    return rows


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [p.text for section in document.sections for p in section.header.paragraphs]
    return "\n".join(parts)


# --- the PDF ---------------------------------------------------------------------------------

@pytest.mark.parametrize("key", SCRIPTS)
def test_pdf_has_the_text(built, key: str) -> None:
    script, text = SCRIPTS[key], pdf_text(built(key)["pdf"])
    for expected in (script.name, script.about, f"{script.benefit} {EMOJI}", ZWJ_EMOJI):
        # pypdf reads a right-to-left line back in logical order, but a full stop or an emoji
        # at its end may come out at the other end: compare right-to-left text word by word
        for part in re.findall(r"[^\s.]+", expected) if script.rtl else [expected]:
            assert part in text, f"{part!r} is not in the PDF's text"


@pytest.mark.parametrize("key", SCRIPTS)
def test_pdf_embeds_real_glyphs(built, key: str) -> None:
    fonts = pdf_fonts(built(key)["pdf"])
    names = {font["name"] for font in fonts}
    assert SCRIPTS[key].font in names, f"{SCRIPTS[key].font} not embedded ({INSTALL}): {names}"
    assert "Noto-Color-Emoji" in names, f"no emoji font embedded ({INSTALL}): {names}"
    for font in fonts:
        assert font["emb"] == "yes", f"{font['name']} is not embedded"
        assert font["type"] != "Type 3", f"{font['name']} is a Type 3 fallback"
        # WeasyPrint gives a font a custom encoding only to draw .notdef boxes for missing glyphs
        assert font["encoding"] == "Identity-H", f"{font['name']} has missing glyphs (tofu)"


def test_no_missing_glyph_warnings(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """WeasyPrint warns for each character no font has; a build of every script warns for none."""
    shutil.copy(COMPANIES / "acme-logo.png", tmp_path / "acme-logo.png")
    company = tmp_path / "company.yaml"
    every = Script("en", " ".join(s.name for s in SCRIPTS.values()),
                   " ".join(s.about for s in SCRIPTS.values()), "🌴 ☕ 🇯🇵", "")
    company.write_text(company_text(every), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        build("cso", company, tmp_path / "out", docs="jd", formats=("pdf",))
    missing = [r.getMessage() for r in caplog.records if ".notdef" in r.getMessage()]
    assert not missing, missing


def test_latin_documents_keep_liberation_sans(acme_build: dict[str, Path]) -> None:
    for name in ("cso-job-description.pdf", "cso-search-checklist.pdf"):
        assert {f["name"] for f in pdf_fonts(acme_build[name])} == {
            "Liberation-Sans", "Liberation-Sans-Bold"}


@pytest.mark.parametrize("key", SCRIPTS)
def test_html_direction(key: str, tmp_path: Path) -> None:
    company = tmp_path / "company.yaml"
    shutil.copy(COMPANIES / "acme-logo.png", tmp_path / "acme-logo.png")
    company.write_text(company_text(SCRIPTS[key]), encoding="utf-8")
    html = render_documents("cso", company, docs="jd")[0].html
    opening = re.search(r"<html[^>]*>", html).group(0)
    assert f'lang="{SCRIPTS[key].language}"' in opening
    assert ('dir="rtl"' in opening) == SCRIPTS[key].rtl, opening


# --- the DOCX --------------------------------------------------------------------------------

@pytest.mark.parametrize("key", SCRIPTS)
def test_docx_has_the_text(built, key: str) -> None:
    script, text = SCRIPTS[key], docx_text(built(key)["docx"])
    for expected in (script.name, script.about, f"{script.benefit} {EMOJI}", ZWJ_EMOJI):
        assert expected in text, f"{expected!r} is not in the DOCX's text"


@pytest.mark.parametrize(("key", "east_asian"), [
    ("ja", "Yu Gothic"), ("zh", "Microsoft YaHei"), ("zh-TW", "Microsoft JhengHei"),
    ("ko", "Malgun Gothic"), ("he", "Yu Gothic"), ("ar", "Yu Gothic")])
def test_docx_fonts_for_every_script(built, key: str, east_asian: str) -> None:
    normal = docx.Document(str(built(key)["docx"])).styles["Normal"].element
    fonts = normal.rPr.rFonts
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Arial"
    assert fonts.get(qn("w:eastAsia")) == east_asian
    assert fonts.get(qn("w:cs")) == "Arial"  # Word's Arial has Hebrew and Arabic
    # complex scripts (Hebrew, Arabic) at the same size as the rest
    assert normal.rPr.find(qn("w:szCs")).get(qn("w:val")) == "20"
    is_bidi = normal.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None
    assert is_bidi == SCRIPTS[key].rtl


@pytest.mark.parametrize("key", ["he", "ar"])
def test_docx_paragraph_direction_follows_its_first_letter(built, key: str) -> None:
    """Right-to-left by default; an English paragraph runs left to right, full stop at its end."""
    document = docx.Document(str(built(key)["docx"]))

    def ltr(paragraph) -> bool:
        bidi = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:bidi')}")
        return bidi is not None and bidi.get(qn("w:val")) == "0"

    about = next(p for p in document.paragraphs if p.text == SCRIPTS[key].about)
    english = next(p for p in document.paragraphs if p.text.startswith("You set yearly sales targets"))
    footer = document.sections[0].footer.paragraphs[0]
    assert not ltr(about) and ltr(english) and ltr(footer)


def test_docx_styles_keep_bold_and_sizes_for_complex_scripts(built) -> None:
    styles = docx.Document(str(built("ar")["docx"])).styles
    for name in ("Title", "Heading 1", "Heading 2", "Subtitle", "Footer", "Note"):
        rpr = styles[name].element.rPr
        for tag in ("sz", "b", "i"):
            plain = rpr.find(qn(f"w:{tag}"))
            if plain is not None:
                twin = rpr.find(qn(f"w:{tag}Cs"))
                assert twin is not None and twin.attrib == plain.attrib, (name, tag)


# --- the output folder -----------------------------------------------------------------------

def slug_of(name: str) -> str:
    company, _ = load_company(COMPANIES / "acme.yaml")
    return company.model_copy(update={"name": name}).output_slug


def short_hash(name: str) -> str:
    return hashlib.sha256(unicodedata.normalize("NFC", name).encode()).hexdigest()[:8]


@pytest.mark.parametrize(("name", "slug"), [
    ("Acme Robotics", "acme-robotics"),
    ("Northwind Traders", "northwind-traders"),
    ("A.B. & Sons, Inc.", "a-b-sons-inc"),
    ("Café Müller", "cafe-muller"),
    ("Straße & Søn Ølbryggeri", "strasse-son-olbryggeri"),
    ("Łódź Żabka", "lodz-zabka"),
    ("ＡＣＭＥ", "acme"),  # full-width Latin folds too
])
def test_latin_names_fold(name: str, slug: str) -> None:
    assert slug_of(name) == slug


def test_bundled_companies_keep_their_folders(acme_build: dict[str, Path],
                                              northwind_build: dict[str, Path]) -> None:
    assert {p.parent.name for p in acme_build.values()} == {"acme-robotics"}
    assert {p.parent.name for p in northwind_build.values()} == {
        load_company(COMPANIES / "northwind.yaml")[0].output_slug}


@pytest.mark.parametrize("name", ["株式会社ロボテック", "שלום בע״מ", "شركة", "주식회사 로보텍",
                                  "Ελληνική Εταιρεία", "🚀🚀", "!!!"])
def test_non_latin_names_get_a_stable_hashed_folder(name: str) -> None:
    assert slug_of(name) == f"company-{short_hash(name)}"
    assert slug_of(name) == slug_of(unicodedata.normalize("NFD", name))  # same however encoded


def test_non_latin_names_never_share_a_folder() -> None:
    names = ["株式会社ロボテック", "株式会社ロボテック東京", "שלום בע״מ", "شركة", "شركة ب"]
    assert len({slug_of(name) for name in names}) == len(names)


def test_mixed_names_keep_their_latin_part() -> None:
    assert slug_of("Robotech 株式会社") == f"robotech-{short_hash('Robotech 株式会社')}"


def test_long_names_are_cut_and_told_apart() -> None:
    one, two = "Very Long Company " * 10 + "One", "Very Long Company " * 10 + "Two"
    assert slug_of(one) != slug_of(two)
    assert len(slug_of(one)) <= 69 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug_of(one))


def test_windows_device_names_are_not_folders() -> None:
    assert slug_of("CON") == f"con-{short_hash('CON')}"


def test_explicit_slug_wins(company_copy) -> None:
    path = company_copy(("name: Acme Robotics", 'name: "株式会社ロボテック"\nslug: robotech'))
    assert load_company(path)[0].output_slug == "robotech"


def test_two_non_latin_companies_build_into_two_folders(built) -> None:
    folders = {built(key)["dir"].name for key in ("ja", "he", "ar")}
    assert len(folders) == 3 and all(re.fullmatch(r"company-[0-9a-f]{8}", f) for f in folders)
