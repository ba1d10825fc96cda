"""HTML, Markdown and plain text: golden files plus the properties each format promises."""

from __future__ import annotations

import json
import re

import lxml.html
import pytest

from jdgen.api import render_documents
from jdgen.export.markdown import to_markdown
from jdgen.export.text import WIDTH, to_text

from .conftest import JD_HEADINGS, applicable_ids, read_yaml

STEMS = ("cso-job-description", "cso-search-checklist")


@pytest.mark.parametrize("extension", ["html", "md", "txt"])
@pytest.mark.parametrize("stem", STEMS)
def test_matches_golden_file(all_formats: dict[str, bytes], golden, stem: str, extension: str) -> None:
    golden(f"acme/{stem}.{extension}", all_formats[f"{stem}.{extension}"])


# --- HTML ------------------------------------------------------------------------------------

@pytest.mark.parametrize("stem", STEMS)
def test_html_is_self_contained(all_formats: dict[str, bytes], stem: str) -> None:
    root = lxml.html.document_fromstring(all_formats[f"{stem}.html"])
    sources = [e.get("src") for e in root.iter() if e.get("src")]
    assert sources and all(src.startswith("data:image/png;base64,") for src in sources)
    assert not root.xpath("//link[@rel='stylesheet'] | //*[starts-with(@href, 'file:')]")
    assert root.xpath("//head/style") and "@import" not in all_formats[f"{stem}.html"].decode()
    assert root.xpath("//meta[@name='viewport']")
    assert len(root.xpath("//h1")) == 1


def test_html_job_description_embeds_its_json_ld(all_formats: dict[str, bytes]) -> None:
    root = lxml.html.document_fromstring(all_formats["cso-job-description.html"])
    scripts = root.xpath("//script[@type='application/ld+json']")
    assert len(scripts) == 1
    assert json.loads(scripts[0].text) == json.loads(all_formats["cso-job-description.jsonld"])
    assert [h.text_content() for h in root.xpath("//h2")] == JD_HEADINGS
    checklist = lxml.html.document_fromstring(all_formats["cso-search-checklist.html"])
    assert not checklist.xpath("//script")
    assert len(checklist.xpath("//input[@type='checkbox']")) == len(applicable_ids("acme"))


def test_json_ld_cannot_break_out_of_its_script(company_copy) -> None:
    from jdgen.documents import ExportOptions
    from jdgen.export import html

    from .conftest import FIXED_TIME

    company = company_copy(("name: Acme Robotics", 'name: "Acme </script><b>x</b>"'))
    document = render_documents("cso", company, "jd")[0]
    page = html.export(document, ExportOptions(FIXED_TIME)).decode()
    script = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "</" not in script
    assert json.loads(script)["hiringOrganization"]["name"] == "Acme </script><b>x</b>"


# --- Markdown --------------------------------------------------------------------------------

def test_markdown_checklist_is_a_task_list_under_phase_headings(all_formats: dict[str, bytes]) -> None:
    text = all_formats["cso-search-checklist.md"].decode()
    tasks = re.findall(r"^- \[ \] (.+?) — Owner: ", text, re.M)
    assert len(tasks) == len(applicable_ids("acme"))
    phases = [p["title"] for p in read_yaml("checklists/cso-search.yaml")["phases"]]
    headings = [re.sub(r"^\d+\\?\. ", "", h) for h in re.findall(r"^## (.+)$", text, re.M)]
    assert headings == phases


def test_markdown_job_description_pastes_cleanly(all_formats: dict[str, bytes]) -> None:
    text = all_formats["cso-job-description.md"].decode()
    assert text.startswith("# Chief Sales Officer\n")
    assert re.findall(r"^## (.+)$", text, re.M) == JD_HEADINGS
    assert "- **Reports to:** Chief Executive Officer" in text
    assert "<https://acme-robotics.example/careers>" in text
    assert "<" not in text.replace("<https://", "")  # no raw HTML, only autolinks


def test_markdown_escapes_text_that_looks_like_markup() -> None:
    text = to_markdown("<html><body><h1>A *bold* &lt;script&gt; [x](y) _claim_</h1></body></html>")
    assert text.strip() == r"# A \*bold\* \<script\> \[x\](y) \_claim\_"


# --- plain text ------------------------------------------------------------------------------

@pytest.mark.parametrize("stem", STEMS)
def test_text_wraps_at_80_columns(all_formats: dict[str, bytes], stem: str) -> None:
    for line in all_formats[f"{stem}.txt"].decode().splitlines():
        assert len(line) <= WIDTH or " " not in line.strip(), line


def test_text_checklist_rows(all_formats: dict[str, bytes]) -> None:
    text = all_formats["cso-search-checklist.txt"].decode()
    assert text.count("\n[ ] ") == len(applicable_ids("acme"))
    assert "Decide the role and get alignment\n-----" in text


def test_text_keeps_long_links_whole() -> None:
    url = "https://example.com/" + "a" * 90
    text = to_text(f'<html><body><p>Apply at <a href="{url}">{url}</a></p></body></html>')
    assert url in text.split()
