"""The web page in a real browser: Playwright driving Debian's Chromium.

Open the library, choose the CSO, upload a company file with a mistake, see the message, fix it,
see the preview change, download the PDF and the DOCX and open them. Every page is saved as a
screenshot in ``output/screenshots/`` to look at.
"""

from __future__ import annotations

import io
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
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


def test_a_recruiter_previews_fixes_and_downloads(server: str, browser, tmp_path: Path) -> None:
    page = browser.new_page(accept_downloads=True)
    page.goto(server)
    assert page.locator("h1").inner_text() == "Role library"
    shot(page, "1-library")

    page.get_by_role("link", name="Chief Sales Officer").click()
    assert page.locator("h1").inner_text() == "Chief Sales Officer"
    preview = page.frame_locator("iframe")
    assert "About Acme Robotics" in preview.locator("body").inner_text()
    shot(page, "2-role-acme")

    company = (COMPANIES / "acme.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "my company.yaml"
    broken.write_text(company.replace("headcount: 640", "headcount: lots"), encoding="utf-8")
    page.set_input_files("#company_file", str(broken))
    page.get_by_role("button", name="Upload and preview").click()
    alert = page.get_by_role("alert").inner_text()
    assert "my company.yaml:" in alert and "headcount" in alert and "whole number" in alert
    shot(page, "3-upload-error")

    fixed = tmp_path / "my company.yaml"
    fixed.write_text(company.replace("name: Acme Robotics", "name: Globex Robotics"), encoding="utf-8")
    page.set_input_files("#company_file", str(fixed))
    page.get_by_role("button", name="Upload and preview").click()
    assert "About Globex Robotics" in page.frame_locator("iframe").locator("body").inner_text()
    assert page.get_by_role("alert").count() == 0
    shot(page, "4-upload-preview")

    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="cso-job-description.pdf").click()
    pdf = Path(pdf_download.value.path())
    assert pdf_download.value.suggested_filename == "cso-job-description.pdf"
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Chief Sales Officer" in text and "Globex Robotics" in text

    with page.expect_download() as docx_download:
        page.get_by_role("button", name="cso-job-description.docx").click()
    document = docx.Document(io.BytesIO(Path(docx_download.value.path()).read_bytes()))
    assert document.paragraphs[0].text == "Chief Sales Officer"
    assert any("Globex Robotics" in p.text for p in document.paragraphs)
    page.close()


@pytest.mark.parametrize("path", ["/", "/roles/cso", "/roles/sdr?company=northwind", "/nope"])
def test_pages_pass_axe_core(server: str, browser, path: str) -> None:
    """axe-core's automated accessibility rules (WCAG 2.x A and AA among them) on every page."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    page = browser.new_page()
    page.goto(server + path)
    found = axe.Axe().run(page).response["violations"]
    shot(page, "axe-" + (path.strip("/").replace("/", "-").replace("?", "-") or "home"))
    page.close()
    assert [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in found] == []
