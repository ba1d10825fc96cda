"""Bounded input: every YAML file, image and reference document a workspace holds is refused
quickly and cleanly when it is too big, too deep, not what it claims to be, or otherwise bad.

Each case asserts the exact one-line message (FILE:LINE:COL where there is one), exit code 2,
and a time bound: bombs must fail in well under a second, so they get :data:`FAST` (a generous
hang detector), the rest the suite's :data:`HANG_LIMIT`.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest
from PIL import Image

from ..conftest import COMPANIES, empty_paragraph_word_file, yaml_at
from .conftest import HANG_LIMIT, edit, refused, run

#: A bomb must be refused within this many seconds (it takes milliseconds).
FAST = 2.0
LOGO_AT = yaml_at(COMPANIES / "acme.yaml", "logo: acme-logo.png", "acme-logo.png", name="company.yaml")
DATE_HINT = "write a date as YYYY-MM-DD"


@contextmanager
def within(seconds: float) -> Iterator[None]:
    start = time.monotonic()
    yield
    assert time.monotonic() - start < seconds, f"took {time.monotonic() - start:.2f} s"


def company(workspace: Path, text: str | bytes) -> None:
    target = workspace / "company.yaml"
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def checklist(workspace: Path, text: str) -> None:
    (workspace / "checklists" / "mine.yaml").write_text("extends: cso-search\n" + text, encoding="utf-8")


# --- YAML: bombs and bounds ------------------------------------------------------------------

BILLION_LAUGHS = "".join(
    [f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
     for prev, name in zip("abcdefgh", "bcdefghi", strict=True)]
)


def test_alias_bomb_is_refused_while_composing(workspace: Path) -> None:
    company(workspace, 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
            + BILLION_LAUGHS)
    with within(FAST):
        message = refused("validate")
    assert message == ("company.yaml:6:8: more than 100,000 values (each alias counts what it "
                       "repeats) — split the file, or remove aliases (*name) that repeat large values")


def test_alias_bomb_in_a_role_file(workspace: Path) -> None:
    (workspace / "roles" / "bomb.yaml").write_text(
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + BILLION_LAUGHS,
        encoding="utf-8")
    with within(FAST):
        assert refused("build", "bomb", "--format", "md") == (
            "roles/bomb.yaml:6:8: more than 100,000 values (each alias counts what it repeats) — split "
            "the file, or remove aliases (*name) that repeat large values")


def test_recursive_alias(workspace: Path) -> None:
    company(workspace, "name: &a [x, *a]\n")
    with within(FAST):
        assert refused("validate") == (
            'company.yaml:1:14: alias "*a" is inside the value it names — remove the alias: a value '
            "cannot contain itself")


@pytest.mark.parametrize("nest", [
    pytest.param(lambda n: "name: " + "[" * n + "]" * n + "\n", id="flow"),
    pytest.param(lambda n: "".join(f"{'  ' * i}k:\n" for i in range(n)), id="block"),
])
def test_deep_nesting_is_a_positioned_error_not_a_recursion_error(workspace: Path, nest) -> None:
    company(workspace, nest(400))
    with within(FAST):
        message = refused("validate")
    where = "company.yaml:1:56" if message.startswith("company.yaml:1:") else "company.yaml:50:99"
    assert message == f"{where}: nested more than 50 levels deep — flatten the structure"


def test_sexagesimal_number_that_would_take_minutes_to_convert(workspace: Path) -> None:
    company(workspace, "headcount: 1" + ":1" * 300_000 + "\n")
    with within(FAST):
        assert refused("validate") == ("company.yaml:1:12: number too long (600,001 characters) — "
                                       "write at most 100 digits, or quote it if it is text")


def test_over_long_integer(workspace: Path) -> None:
    edit(workspace / "company.yaml", ("headcount: 640", "headcount: " + "9" * 5000))
    assert refused("validate") == ("company.yaml:24:12: number too long (5,000 characters) — "
                                   "write at most 100 digits, or quote it if it is text")


def test_file_over_one_mebibyte(workspace: Path) -> None:
    company(workspace, "name: x\n" + "# padding\n" * 120_000)
    with within(FAST):
        assert refused("validate") == (
            "company.yaml: company file is larger than 1 MiB (1.1 MiB) — use a smaller file")


def test_too_many_values_without_aliases(workspace: Path) -> None:
    company(workspace, "markets: [" + "a, " * 120_000 + "]\n")
    with within(HANG_LIMIT):
        message = refused("validate")
    assert message == ("company.yaml:1:300008: more than 100,000 values (each alias counts what it "
                       "repeats) — split the file, or remove aliases (*name) that repeat large values")


# --- YAML: values PyYAML used to raise on ----------------------------------------------------

@pytest.mark.parametrize(("date", "detail"), [
    ("2027-02-30", "input should be a valid date or datetime, day value is outside expected range"),
    ("0000-01-01", "input should be a valid date in the format YYYY-MM-DD, year 0 is out of range"),
    ("2026-12-11T25:00:00",
     "input should be a valid date or datetime, hour value is outside expected range of 0-23"),
])
def test_impossible_date_reaches_validation(workspace: Path, date: str, detail: str) -> None:
    edit(workspace / "company.yaml", ("deadline: 2026-12-11", f"deadline: {date}"))
    assert refused("build", "cso", "--company", "company.yaml") == (
        f'{yaml_at(workspace / "company.yaml", f"deadline: {date}", at=date)}: apply.deadline '
        f'"{date}": {detail} — {DATE_HINT}')


@pytest.mark.parametrize(("value", "tag"), [("!!int abc", "int"), ("!!timestamp soon", "timestamp"),
                                            ("!!bool maybe", "bool"), ("!!float x", "float")])
def test_explicit_tag_that_does_not_fit(workspace: Path, value: str, tag: str) -> None:
    edit(workspace / "company.yaml", ("headcount: 640", f"headcount: {value}"))
    assert refused("validate") == (
        f"company.yaml:24:12: not a valid !!{tag} value — remove the tag, or write a value of that type")


# --- encodings -------------------------------------------------------------------------------

def test_invalid_utf8_is_reported_by_line_and_column(workspace: Path) -> None:
    text = (workspace / "company.yaml").read_bytes()
    company(workspace, text.replace(b"Acme Robotics\n", b"Acme R\xc3\xb6bo\xfftics\n", 1))
    assert refused("validate") == "company.yaml:3:16: not valid UTF-8 (byte 0xFF) — save the file as UTF-8"


def test_utf16_file(workspace: Path) -> None:
    company(workspace, (workspace / "company.yaml").read_text(encoding="utf-8").encode("utf-16"))
    assert refused("validate") == "company.yaml:1:1: saved as UTF-16, not UTF-8 — save the file as UTF-8"


def test_byte_order_mark_is_not_a_column(workspace: Path) -> None:
    company(workspace, b"\xef\xbb\xbfname: !!int Acme\n")
    assert refused("validate") == ("company.yaml:1:7: not a valid !!int value — remove the tag, or write a "
                                   "value of that type")
    company(workspace, b"\xef\xbb\xbfname: Acme R\xc3\xb6b\xffotics\n")
    assert refused("validate") == "company.yaml:1:15: not valid UTF-8 (byte 0xFF) — save the file as UTF-8"


def test_nul_byte(workspace: Path) -> None:
    company(workspace, (workspace / "company.yaml").read_bytes().replace(b"Robotics\n", b"Robo\0tics\n", 1))
    assert refused("validate") == ("company.yaml:3:16: invalid character U+0000 in the file — remove it, "
                                   "or write it as an escape inside a double-quoted string")


def test_crlf_line_endings_keep_positions(workspace: Path) -> None:
    text = (workspace / "company.yaml").read_text(encoding="utf-8")
    company(workspace, text.replace("headcount: 640", "headcount: lots").replace("\n", "\r\n"))
    assert refused("validate") == ('company.yaml:24:12: headcount "lots": input should be a valid integer, '
                                   "unable to parse string as an integer — write a whole number, without "
                                   "quotes, commas or a currency sign")


# --- the shape of a file -----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just text\n", "\ufeff"])
def test_company_file_that_is_not_a_mapping(workspace: Path, text: str) -> None:
    company(workspace, text)
    assert refused("validate") == ("company.yaml:1:1: expected a mapping of keys to values at the top of the "
                                   "company file — start the file with lines such as `name: …`")


def test_role_file_that_is_a_list(workspace: Path) -> None:
    (workspace / "roles" / "listed.yaml").write_text("- id: listed\n- title: Listed\n", encoding="utf-8")
    assert refused("build", "listed", "--format", "md") == (
        "roles/listed.yaml:1:1: expected a mapping of keys to values at the top of the role file "
        "— start the file with lines such as `name: …`")


def test_non_string_keys(workspace: Path) -> None:
    edit(workspace / "company.yaml", ("headcount: 640", "headcount: 640\n1: one\n~: nothing"))
    assert refused("validate") == ('company.yaml:25:1: key "1" is not text — quote it: "1":\n'
                                   'company.yaml:26:1: key "~" is not text — quote it: "~":')
    edit(workspace / "company.yaml", ("~: nothing", "[a]: b"))
    assert refused("validate") == "company.yaml:26:1: a key is a list or a mapping — write the key as text"


def test_quoted_values_stay_on_one_short_line(workspace: Path) -> None:
    edit(workspace / "company.yaml",
         ("headcount: 640", 'headcount: "lots\\nof\\u202epeople"\n"k\\u202ey": 1'),
         ("website: https://acme-robotics.example", "website: " + "x" * 5000))
    assert refused("validate") == (
        f'company.yaml:4:10: website "{"x" * 60}…" is not in the expected format — write a full web '
        "address starting with https://\n"
        'company.yaml:24:12: headcount "lots\\nof\\u202epeople": input should be a valid integer, unable '
        "to parse string as an integer — write a whole number, without quotes, commas or a currency sign\n"
        'company.yaml:25:1: unknown key "k\\u202ey" — remove it; keys allowed here: name, slug, website, '
        "industry, about, headquarters, locations, headcount, stage, sales_channels, product_lines, "
        "markets, reports_to, org, hiring_manager, apply, compensation, postings, work_model, benefits, "
            "requirements, "
        "eeo_statement, search, brand, language, title_suffix, lint, advisor")


# --- extends and checklist edits -----------------------------------------------------------------

def test_extends_a_list(workspace: Path) -> None:
    (workspace / "roles" / "mine.yaml").write_text("extends: [vp-sales]\ntitle: Mine\n", encoding="utf-8")
    assert refused("build", "mine", "--format", "md") == (
        "roles/mine.yaml:1:10: extends must name one parent by its id — write `extends: ID`, "
        "e.g. `extends: vp-sales`")


def test_extends_chain_deeper_than_ten(workspace: Path) -> None:
    roles = workspace / "roles"
    (roles / "r0.yaml").write_text("extends: vp-sales\n", encoding="utf-8")
    for n in range(1, 300):
        (roles / f"r{n}.yaml").write_text(f"extends: r{n - 1}\n", encoding="utf-8")
    too_deep = "extends goes more than 10 files deep — extend a file nearer the top of the chain"
    with within(FAST):
        assert refused("build", "r299", "--format", "md") == f"roles/r249.yaml:1:10: {too_deep}"
    assert refused("build", "r30", "--format", "md") == f"roles/r10.yaml:1:10: {too_deep}"
    assert refused("build", "r10", "--format", "md") == f"roles/r10.yaml:1:10: {too_deep}"
    assert run("build", "r9", "--format", "md").exit_code == 0


@pytest.mark.parametrize(("edits", "message"), [
    ("drop: 5\n", 'checklists/mine.yaml:2:7: "drop" must be a list of task ids — write `drop: [task-id, …]`'),
    ("reword: [confirm-need]\n", 'checklists/mine.yaml:2:9: "reword" must be a mapping of task ids to the '
     "fields they change — write `reword: {task-id: {owner: HR}}`"),
    ("reword: {confirm-need: HR}\n", 'checklists/mine.yaml:2:24: "reword" of "confirm-need" must be a '
     "mapping of the fields it changes — write `confirm-need: {owner: HR}`"),
    ('add: "x"\n', 'checklists/mine.yaml:2:6: "add" must be a list of tasks — write `add: [{phase: PHASE-ID, '
     "id: …, task: …, owner: …}]`"),
    ("add: [x]\n", 'checklists/mine.yaml:2:7: "add" entries must be tasks — write `- {phase: PHASE-ID, '
     "id: …, task: …, owner: …}`"),
    ("drop: [[confirm-need]]\n", 'checklists/mine.yaml:2:8: "drop" entries must be task ids — write '
     "`drop: [task-id, …]`"),
    ("drop: [confirm-need, confirm-need]\n", 'checklists/mine.yaml:2:22: no task "confirm-need" to change '
     "— use a task id from the parent checklist"),
])
def test_checklist_edits_of_the_wrong_shape(workspace: Path, edits: str, message: str) -> None:
    checklist(workspace, edits)
    assert refused("build", "cso", "--doc", "checklist", "--format", "md") == message


def test_checklist_condition_that_is_a_number(workspace: Path) -> None:
    checklist(workspace, "reword: {confirm-need: {when: 1}}\n")
    assert refused("build", "cso", "--doc", "checklist", "--format", "md") == (
        'checklists/mine.yaml:2:31: phases[0].tasks[0].when "1": input should be a valid string — write '
        "text; quote it if it looks like a number, a date or true/false")


def test_many_checklist_edits_merge_in_linear_time(workspace: Path) -> None:
    """15,000 drops of 15,000 tasks and 1,000 insertions: a minute when each edit rescans every task.

    (1,000 tasks keep the rendered checklist under the sandbox's 20,000 elements.)"""
    tasks = "".join(f"      - {{id: t{n}}}\n" for n in range(1, 15_000))
    (workspace / "checklists" / "zbig.yaml").write_text(
        "id: zbig\nrole: cso\ntitle: Big\nsummary: Big.\nphases:\n  - id: p\n    title: P\n"
        "    summary: P.\n    tasks:\n      - {id: t0, task: First., owner: HR}\n" + tasks, encoding="utf-8")
    (workspace / "checklists" / "mine.yaml").write_text(
        "extends: zbig\ndrop: [" + ", ".join(f"t{n}" for n in range(1, 15_000)) + "]\nadd:\n"
        + "".join(f"  - {{phase: p, after: t0, id: n{n}, task: New., owner: HR}}\n" for n in range(1000)),
        encoding="utf-8")
    with within(HANG_LIMIT):
        assert run("build", "cso", "--doc", "checklist", "--format", "csv").exit_code == 0
    rows = (workspace / "output" / "acme-robotics" / "cso-search-checklist.csv").read_text().splitlines()
    assert [row.split(",")[0] for row in rows[1:4]] == ["t0", "n999", "n998"]
    assert len(rows) == 1002


# --- images ----------------------------------------------------------------------------------------

def _png_declaring(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def _jpeg(jfif: bool = True) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(buffer, "JPEG")
    data = buffer.getvalue()
    if jfif:
        return data
    app0 = struct.unpack(">H", data[4:6])[0]
    return data[:2] + data[4 + app0:]  # the JFIF marker gone: Pillow reads it, python-docx cannot


def _logo(workspace: Path) -> bytes:
    return (workspace / "acme-logo.png").read_bytes()


LOGOS = {
    "text-named-png": (lambda ws: b"not an image\n", "acme-logo.png",
                       'logo "acme-logo.png" is not a PNG image — export it again as PNG'),
    "jpeg-named-png": (lambda ws: _jpeg(), "acme-logo.png",
                       'logo "acme-logo.png" is a JPEG image named .png — rename it to .jpg'),
    "png-named-jpg": (_logo, "logo.jpg", 'logo "logo.jpg" is a PNG image named .jpg — rename it to .png'),
    "gigapixel": (lambda ws: _png_declaring(100_000, 100_000), "acme-logo.png",
                  'logo "acme-logo.png" declares far more pixels than allowed (at most 8000 a side and '
                  "16 million in all) — scale it down; a logo needs a few hundred pixels across"),
    "too-many-pixels": (lambda ws: _png_declaring(5000, 5000), "acme-logo.png",
                        'logo "acme-logo.png" is 5000x5000 pixels (at most 8000 a side and 16 million in '
                        "all) — scale it down; a logo needs a few hundred pixels across"),
    "truncated": (lambda ws: _logo(ws)[:len(_logo(ws)) // 2], "acme-logo.png",
                  'logo "acme-logo.png" is damaged or cut short (image file is truncated) — export it '
                  "again as PNG"),
    "jpeg-without-jfif": (lambda ws: _jpeg(jfif=False), "logo.jpg",
                          'logo "logo.jpg" cannot be placed in a Word document — export it again as JPEG '
                          "from an image editor (JPEGs need a JFIF or Exif header)"),
}


#: Logos a PDF and a web page show, which python-docx cannot place: refused for a DOCX only.
WORD_ONLY = {"jpeg-without-jfif"}


@pytest.mark.parametrize("case", LOGOS)
@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_bad_logo_is_refused_in_every_format_it_cannot_be_used_in(workspace: Path, case: str,
                                                                  fmt: str) -> None:
    data, name, message = LOGOS[case]
    content = data(workspace)
    (workspace / name).write_bytes(content)
    edit(workspace / "company.yaml", ("logo: acme-logo.png", f"logo: {name}"))
    if case in WORD_ONLY and fmt != "docx":  # a PDF or a web page shows it: only Word cannot
        result = run("build", "cso", "--doc", "jd", "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert refused("validate") == f"{LOGO_AT}: {message}", "validate says what a DOCX would"
        return
    with within(FAST if case == "gigapixel" else HANG_LIMIT):  # a pixel bomb is refused unread
        assert refused("build", "cso", "--doc", "jd", "--format", fmt) == f"{LOGO_AT}: {message}"
    assert not list((workspace / "output").rglob("*.*")), "nothing is written"


def test_a_cut_short_logo_is_refused_after_weasyprint_is_imported(workspace: Path) -> None:
    """Importing WeasyPrint makes Pillow accept truncated files process-wide; the check does not."""
    import weasyprint  # noqa: F401 - the import is the point
    from PIL import ImageFile

    from jdgen.images import ImageRefused, check_image

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    with pytest.raises(ImageRefused, match="cut short"):
        check_image(_logo(workspace)[: len(_logo(workspace)) // 2], ".png")
    assert ImageFile.LOAD_TRUNCATED_IMAGES, "WeasyPrint's setting is restored"


def test_good_jpeg_logo_builds_every_format(workspace: Path) -> None:
    (workspace / "logo.jpg").write_bytes(_jpeg())
    edit(workspace / "company.yaml", ("logo: acme-logo.png", "logo: logo.jpg"))
    assert run("build", "cso", "--doc", "jd", "--format", "pdf,docx,html").exit_code == 0


# --- reference documents ---------------------------------------------------------------------------

def _not_word(kind: str) -> bytes:
    if kind == "text":
        return b"plain text, named .docx\n"
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    if kind == "truncated":
        return buffer.getvalue()[:2000]
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main", b"spreadsheetml.sheet.main")
            target.writestr(info, data)
    return out.getvalue()


REFERENCES = {
    "text": "is not a Word file (not a ZIP package)",
    "truncated": "is not a Word file (not a ZIP package)",
    "spreadsheet": "is not a Word document (another kind of Office file)",
}


@pytest.mark.parametrize("kind", REFERENCES)
def test_reference_document_that_is_not_a_word_file(workspace: Path, kind: str) -> None:
    (workspace / "styles.docx").write_bytes(_not_word(kind))
    edit(workspace / "company.yaml",
         ("  page_size: Letter", "  page_size: Letter\n  reference_docx: styles.docx"))
    at = yaml_at(workspace / "company.yaml", "reference_docx:", "styles.docx")
    message = (f'{at}: reference document "styles.docx" {REFERENCES[kind]} '
               "— save it from Word as a Word Document (.docx)")
    assert refused("build", "cso", "--format", "docx") == message
    assert refused("validate") == message


def test_reference_docx_option_that_is_not_a_word_file(workspace: Path) -> None:
    (workspace / "styles.docx").write_bytes(_not_word("text"))
    assert refused("build", "cso", "--format", "docx", "--reference-docx", "styles.docx") == (
        'option --reference-docx: reference document "styles.docx" is not a Word file (not a ZIP '
        "package) — save it from Word as a Word Document (.docx)")


def test_reference_docx_of_a_million_empty_paragraphs_is_refused_before_parsing(workspace: Path) -> None:
    empty_paragraph_word_file(workspace / "styles.docx")
    assert refused("build", "cso", "--format", "docx", "--reference-docx", "styles.docx") == (
        'option --reference-docx: reference document "styles.docx" has more than 20,000 '
        "paragraphs — keep the text it needs in a shorter file")


WORD_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ODD_WORD_FILES = {  # each opens in python-docx but once crashed the exporter
    "word/styles.xml": b'<?xml version="1.0"?><w:styles ' + WORD_NS + b"/>",  # no Normal style
    "word/document.xml": b'<?xml version="1.0"?><w:document ' + WORD_NS + b"><w:body/></w:document>",
    "docProps/core.xml": b'<?xml version="1.0"?><properties/>',
}


@pytest.mark.parametrize("part", ODD_WORD_FILES)
def test_reference_document_the_exporter_cannot_use(workspace: Path, part: str) -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, ODD_WORD_FILES[part] if info.filename == part else source.read(info))
    (workspace / "odd.docx").write_bytes(out.getvalue())
    assert refused("build", "cso", "--format", "docx", "--reference-docx", "odd.docx") == (
        "odd.docx: reference document cannot be used: its styles, page or properties are not as Word "
        "writes them — open it in Word and save it again as a Word Document (.docx)")


# --- the environment and the workspace folder ----------------------------------------------------

@pytest.mark.parametrize("value", ["yesterday", "-1", "1.5", "4354819200", "9" * 5000])
def test_source_date_epoch_malformed_or_out_of_range(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                                     value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    shown = value if len(value) <= 40 else value[:40] + "…"
    assert refused("build", "cso", "--format", "md") == (
        f'SOURCE_DATE_EPOCH: "{shown}" is not a number of seconds from 1970 to 2107 (at most 4354819199) '
        "— set it to a Unix time such as 1767225600, or unset it")
    assert not list((workspace / "output").rglob("*.*"))


def test_source_date_epoch_at_the_edges_builds(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # acme.yaml gives a posting date, so its deadline is checked against that, not the build date
    for value in ("0", "4354819199"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        assert run("build", "cso", "--format", "docx,md", "--bundle").exit_code == 0


def test_init_below_a_file(workspace: Path) -> None:
    assert refused("init", "company.yaml/new") == (
        "company.yaml/new/roles: cannot create the workspace here: Not a directory — choose a folder "
        "you can write to")


def test_company_file_that_is_a_folder(workspace: Path) -> None:
    (workspace / "elsewhere.yaml").mkdir()
    assert refused("validate", "--company", "elsewhere.yaml") == (
        "elsewhere.yaml: company file is a folder, not a regular file — name a file inside it")
