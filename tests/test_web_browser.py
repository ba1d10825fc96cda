"""The web page in a real browser: Playwright driving Debian's Chromium.

Open the library, choose the CSO, fill the company form, see a mistake's message beside its
field, fix it, watch the preview change and a finding marked in it, download the PDF, the DOCX
and the company YAML and open them; upload a file with a mistake; use the page without
JavaScript. Every page is saved as a
screenshot in ``output/screenshots/`` to look at.
"""

from __future__ import annotations

import io
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader

from .conftest import COMPANIES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).resolve().parent.parent / "output" / "screenshots"
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app on a free loopback port, in a thread."""
    from werkzeug.serving import make_server

    from jdgen.web import create_app

    httpd = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_recruiter_fills_the_form_fixes_it_and_downloads(server: str, browser) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(accept_downloads=True, viewport={"width": 1600, "height": 1000})
    page.goto(server)
    assert page.locator("h1").inner_text() == "Role library"
    shot(page, "1-library")

    page.get_by_role("link", name="Chief Sales Officer").click()
    assert page.locator("h1").inner_text() == "Chief Sales Officer"
    preview = page.frame_locator(".preview iframe").locator("body")
    expect(preview).to_contain_text("About Acme Robotics")
    shot(page, "2-role-acme")

    # a mistake: the message appears beside the field as it is typed, in the CLI's words
    page.get_by_label("Headcount").fill("lots")
    error = page.locator("#f-headcount-error")
    expect(error).to_contain_text('headcount "lots": input should be a valid integer')
    expect(page.get_by_label("Headcount")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".downloads")).to_be_hidden()
    shot(page, "3-form-error")

    # fixed, and the company renamed: the preview follows within a second (the script's pause
    # is 0.2 s; expect's 5 s is only the test's patience)
    page.get_by_label("Headcount").fill("640")
    page.get_by_label("Name", exact=False).first.fill("Globex Robotics")
    expect(preview).to_contain_text("About Globex Robotics")
    expect(error).to_be_hidden()
    expect(page.locator(".downloads")).to_be_visible()

    # a finding shows where it is in the preview
    page.get_by_label("About", exact=False).first.fill("Globex builds robots. We want a rockstar.")
    finding = page.locator(".finding", has_text="rockstar").first
    expect(finding).to_be_visible()
    finding.get_by_role("link", name="Show in preview").click()
    mark = page.frame_locator(".preview iframe").locator("mark.active")
    expect(mark).to_have_text(re.compile("rockstar", re.I))
    shot(page, "4-form-preview")

    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="cso-job-description.pdf").click()
    assert pdf_download.value.suggested_filename == "cso-job-description.pdf"
    text = "".join(p.extract_text() for p in PdfReader(Path(pdf_download.value.path())).pages)
    assert "Chief Sales Officer" in text and "Globex Robotics" in text

    with page.expect_download() as docx_download:
        page.get_by_role("button", name="cso-job-description.docx").click()
    document = docx.Document(io.BytesIO(Path(docx_download.value.path()).read_bytes()))
    assert document.paragraphs[0].text == "Chief Sales Officer"
    assert any("Globex Robotics" in p.text for p in document.paragraphs)

    with page.expect_download() as yaml_download:
        page.get_by_role("button", name="Download company YAML").first.click()
    saved = yaml.safe_load(Path(yaml_download.value.path()).read_text(encoding="utf-8"))
    assert saved["name"] == "Globex Robotics" and saved["headcount"] == 640
    page.close()


def test_an_uploaded_file_with_a_mistake_is_named_at_its_line(server: str, browser,
                                                               tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(server + "/roles/cso")
    company = (COMPANIES / "acme.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "my company.yaml"
    broken.write_text(company.replace("headcount: 640", "headcount: lots"), encoding="utf-8")
    page.set_input_files("#company_file", str(broken))
    page.get_by_role("button", name="Upload and fill the form").click()
    summary = page.locator(".problems").inner_text()
    assert "my company.yaml:" in summary and "headcount" in summary and "whole number" in summary
    assert page.get_by_label("Headcount").input_value() == "lots"  # the form holds the file
    shot(page, "5-upload-error")
    page.close()


def test_the_page_works_without_javascript(server: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.goto(server + "/roles/sdr?company=northwind")
    from playwright.sync_api import expect

    page.locator("#f-name").fill("Northwind Harbour")
    page.get_by_role("button", name="Update preview").first.click()
    expect(page.frame_locator(".preview iframe").locator("body")).to_contain_text(
        "About Northwind Harbour")
    assert page.locator("#f-name").input_value() == "Northwind Harbour"
    shot(page, "6-no-javascript")
    context.close()


@pytest.mark.parametrize("path", ["/", "/roles/cso", "/roles/sdr?company=northwind", "/nope",
                                  "/advisor?company=acme", "/advisor?company=northwind",
                                  "/compare?roles=cso&roles=vp-sales&roles=cro&company=acme"])
def test_pages_pass_axe_core(server: str, browser, path: str) -> None:
    """axe-core's automated accessibility rules (WCAG 2.x A and AA among them) on every page."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    page = browser.new_page()
    page.goto(server + path)
    found = axe.Axe().run(page).response["violations"]
    shot(page, "axe-" + (path.strip("/").replace("/", "-").replace("?", "-") or "home"))
    page.close()
    assert [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in found] == []
