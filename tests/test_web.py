"""The web page (jdgen.web): pages, uploads, downloads and security, with Flask's test client."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner
from flask import Flask

from jdgen.cli import main
from jdgen.errors import InputError
from jdgen.loading import Upload, load_company_yaml
from jdgen.web import create_app

from .conftest import csrf, form_values

ROOT = Path(__file__).resolve().parent.parent
ACME = (ROOT / "companies" / "acme.yaml").read_bytes()


def upload(client, data: bytes, name: str = "acme.yaml", token: str | None = None):
    token = token if token is not None else csrf(client.get("/roles/cso").text)
    return client.post("/roles/cso", data={"csrf_token": token, "action": "upload",
                                           "company_file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def preview_of(client, page: str) -> str:
    key = re.search(r'<iframe [^>]*src="/previews/([0-9a-f]{64})"', page).group(1)
    reply = client.get(f"/previews/{key}")
    assert reply.status_code == 200
    return reply.text


def test_home_lists_the_role_library(client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    rows = re.findall(r'<th scope="row"><a href="/roles/([a-z-]+)">([^<]+)</a></th>\s*'
                      r"<td>(\d+)</td>\s*<td>([^<]+)</td>", page.text)
    assert len(rows) == 8
    assert rows[0] == ("cso", "Chief Sales Officer", "1", "Chief Executive Officer")
    assert ("vp-sales", "VP of Sales", "3", "Chief Sales Officer") in rows


def test_role_page_shows_the_preview_and_lint_for_acme(client) -> None:
    page = client.get("/roles/cso")
    assert page.status_code == 200
    preview = preview_of(client, page.text)
    assert "<h1" in preview and "Acme Robotics" in preview and "Chief Sales Officer" in preview
    assert "Content-Security-Policy" in preview  # the document's own policy, inside the frame
    assert re.search(r'<p class="summary">lint: \d+ errors?, \d+ warnings?, \d+ infos?</p>', page.text)
    assert 'aria-labelledby="lint-heading"' in page.text
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    for name in ("cso-job-description.pdf", "cso-search-checklist.docx", "cso-bundle.zip"):
        assert f'name="file" value="{name}"' in page.text


def test_the_preview_is_framed_only_here_and_never_runs_anything(client) -> None:
    page = client.get("/roles/cso").text
    key = re.search(r'src="/previews/([0-9a-f]{64})"', page).group(1)
    reply = client.get(f"/previews/{key}")
    policy = reply.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox allow-same-origin" in policy
    assert "frame-ancestors 'self'" in policy and "script" not in policy
    assert reply.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert 'sandbox="allow-same-origin"' in page  # the frame: no scripts, forms or popups
    assert client.get("/previews/" + "0" * 64).status_code == 404
    assert client.get("/previews/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_another_example_company_and_role(client) -> None:
    page = client.get("/roles/vp-sales?company=northwind")
    assert page.status_code == 200
    assert "Northwind" in html.unescape(page.text)


def test_an_upload_with_a_yaml_error_shows_the_cli_message(client) -> None:
    bad = ACME.replace(b"  internal_candidate:", b"  internal_candidat:", 1)
    assert bad != ACME
    with pytest.raises(InputError) as raised:
        load_company_yaml(Upload("acme.yaml", bad, ROOT / "companies"))
    page = upload(client, bad)
    assert page.status_code == 400
    text = html.unescape(page.text)
    assert 'unknown key "internal_candidat"' in text
    for problem in raised.value.problems:
        assert str(problem) in text  # the CLI's words, with FILE:LINE:COL
        assert re.match(r"acme\.yaml:\d+:\d+: ", str(problem))
    assert "Traceback" not in text and 'src="/previews/' not in text
    # the form is filled from the file all the same, so nothing typed is lost
    assert form_values(page.text)["search.use_search_firm"] == "true"
    assert "search.internal_candidate" not in form_values(page.text)  # the misspelt key
    assert re.search(r'id="f-search-error">[^<]*<span>unknown key "internal_candidat" — did you mean ', text)
    assert '<a href="#f-search"><code>acme.yaml:' in text  # the list links to the fieldset


def test_an_upload_that_is_not_yaml_is_a_400(client) -> None:
    page = upload(client, b"name: [unclosed\n", name="broken.yaml")
    assert page.status_code == 400
    assert re.search(r"broken\.yaml:\d+:\d+: ", html.unescape(page.text))


def test_an_upload_previews_and_downloads(client) -> None:
    page = upload(client, ACME.replace(b"name: Acme Robotics", b"name: Acme Uploaded", 1))
    assert page.status_code == 200, page.text
    assert "Acme Uploaded" in preview_of(client, page.text)
    values = form_values(page.text)
    assert values["name"] == "Acme Uploaded" and values["company_name"] == "acme.yaml"
    reply = client.post("/roles/cso/download", data={**values, "file": "cso-job-description.docx"})
    assert reply.status_code == 200
    assert reply.headers["Content-Disposition"] == "attachment; filename=cso-job-description.docx"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(reply.data)).paragraphs)
    assert "Acme Uploaded" in text


def test_pdf_download_opens_with_the_title(client) -> None:
    reply = client.get("/roles/cso/download/cso-job-description.pdf?company=acme")
    assert reply.status_code == 200
    assert reply.headers["Content-Disposition"] == "attachment; filename=cso-job-description.pdf"
    assert reply.mimetype == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(reply.data))
    assert "Chief Sales Officer" in pdf.metadata.title
    assert "Chief Sales Officer" in pdf.pages[0].extract_text()


def test_docx_download_opens(client) -> None:
    reply = client.get("/roles/cso/download/cso-search-checklist.docx?company=acme")
    assert reply.status_code == 200
    assert reply.headers["Content-Disposition"] == "attachment; filename=cso-search-checklist.docx"
    document = docx.Document(io.BytesIO(reply.data))
    assert any("Chief Sales Officer" in p.text for p in document.paragraphs)


def test_text_formats_download(client) -> None:
    reply = client.get("/roles/sdr/download/sdr-job-description.md?company=acme")
    assert reply.status_code == 200 and reply.mimetype == "text/markdown"
    assert reply.data.decode().startswith("#")


@pytest.mark.parametrize("url", [
    "/roles/cfo",                                               # not in the library
    "/roles/..%2F..%2Fetc%2Fpasswd",                            # ids are looked up, never joined
    "/roles/cso/download/..%2Fcso-job-description.pdf",
    "/roles/cso/download/cso-job-description.exe?company=acme",  # not a file the role has
    "/roles/cso/download/cso-job-description.pdf?company=../../etc/passwd",
])
def test_unknown_names_are_404(client, url: str) -> None:
    reply = client.get(url)
    assert reply.status_code == 404
    assert "Traceback" not in reply.text


def test_an_unknown_company_choice_is_a_400(client) -> None:
    reply = client.get("/roles/cso?company=../../etc/passwd")
    assert reply.status_code == 400
    assert 'unknown company' in html.unescape(reply.text)


def test_post_without_the_csrf_token_is_refused(client) -> None:
    client.get("/roles/cso")  # a session with a token exists; the form omits it
    reply = client.post("/roles/cso", data={"company_file": (io.BytesIO(ACME), "acme.yaml")},
                        content_type="multipart/form-data")
    assert reply.status_code == 400
    assert "form has expired" in reply.text
    assert upload(client, ACME, token="forged").status_code == 400
    values = form_values(client.get("/roles/cso").text)
    reply = client.post("/roles/cso/download", data={**values, "csrf_token": "forged",
                                                     "file": "cso-job-description.pdf"})
    assert reply.status_code == 400
    assert client.post("/roles/cso/preview", data={**values, "csrf_token": ""}).status_code == 400


def test_an_oversized_upload_is_a_413_page(client) -> None:
    reply = upload(client, b"#" * (3 * 1024 * 1024))
    assert reply.status_code == 413
    assert "at most 1 MiB" in reply.text


def test_security_headers(client) -> None:
    for reply in (client.get("/"), client.get("/roles/cso/download/cso-job-description.txt?company=acme")):
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["Referrer-Policy"] == "no-referrer"
        assert reply.headers["X-Frame-Options"] == "DENY"
        policy = reply.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "sandbox" in reply.headers["Content-Security-Policy"]  # a download never runs as a page
    cookie = client.get("/roles/cso").headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_a_token_guards_every_page() -> None:
    client = create_app(token="s3cret").test_client()
    assert client.get("/").status_code == 303
    assert client.get("/").headers["Location"].endswith("/login")
    assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    login = client.get("/login")
    assert login.status_code == 200 and '<label for="token">' in login.text
    assert client.post("/login", data={"csrf_token": csrf(login.text), "token": "nope"}).status_code == 401
    assert client.post("/login", data={"token": "s3cret"}).status_code == 400  # no CSRF token
    assert client.post("/login", data={"csrf_token": csrf(login.text), "token": "s3cret"}).status_code == 303
    assert client.get("/").status_code == 200


def test_pages_label_every_field_and_order_headings(client) -> None:
    page = client.get("/roles/cso").text
    fields = re.findall(r'<(?:input|select|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', page)
    assert len(fields) > 150  # every field of the company schema
    for field in fields:
        assert f'<label for="{field}">' in page
    outside = page.split("<iframe")[0] + page.split("</iframe>")[1]  # the preview has its own
    levels = [int(n) for n in re.findall(r"<h([1-6])\b", outside)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_serve_refuses_a_public_address_without_a_token(monkeypatch) -> None:
    monkeypatch.delenv("JDGEN_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--token" in lines[0] and "0.0.0.0" in lines[0]


def test_serve_starts_with_a_token_or_on_loopback(monkeypatch) -> None:
    started = []
    monkeypatch.setattr(Flask, "run", lambda self, **kw: started.append((self.config["JDGEN_TOKEN"], kw)))
    monkeypatch.setenv("JDGEN_TOKEN", "from-env")
    assert CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "9000"]).exit_code == 0
    monkeypatch.delenv("JDGEN_TOKEN")
    assert CliRunner().invoke(main, ["serve"]).exit_code == 0
    assert started[0][0] == "from-env"
    assert started[0][1]["host"] == "0.0.0.0" and started[0][1]["port"] == 9000
    assert started[1][0] is None and started[1][1]["host"] == "127.0.0.1"


def test_a_workspace_company_is_the_default(tmp_path: Path) -> None:
    from jdgen.workspace import init_workspace

    init_workspace(tmp_path / "ws")
    client = create_app(workspace=tmp_path / "ws").test_client()
    page = client.get("/roles/cso")
    assert page.status_code == 200, page.text
    assert '<option value="workspace" selected>' in page.text
    reply = client.get("/roles/cso/download/cso-job-description.txt?company=workspace")
    assert reply.status_code == 200 and b"Chief Sales Officer" in reply.data
    assert not (tmp_path / "ws" / "output").exists() or not any((tmp_path / "ws" / "output").iterdir())


def test_pages_name_files_without_the_servers_folders(client) -> None:
    page = client.get("/roles/cso").get_data(as_text=True)
    assert "acme.yaml:" in page and str(Path(__file__).resolve().parent.parent) not in page


def test_an_edit_to_a_workspace_role_shows_on_the_next_page(tmp_path: Path) -> None:
    from jdgen.workspace import init_workspace

    init_workspace(tmp_path / "ws")
    role = tmp_path / "ws" / "roles" / "cso.yaml"
    role.parent.mkdir(exist_ok=True)
    role.write_text("extends: builtin/cso\ntitle: Chief Sales Officer, EMEA\n", encoding="utf-8")
    client = create_app(workspace=tmp_path / "ws").test_client()
    assert "Chief Sales Officer, EMEA" in client.get("/").text
    role.write_text("extends: builtin/cso\ntitle: Chief Sales Officer, Americas\n", encoding="utf-8")
    page = client.get("/").text
    assert "Chief Sales Officer, Americas" in page and "EMEA" not in page


def test_behind_tls_the_cookie_is_secure_and_hsts_is_sent(monkeypatch) -> None:
    monkeypatch.setenv("JDGEN_HTTPS", "1")
    reply = create_app().test_client().get("/roles/cso")
    assert "Secure" in reply.headers["Set-Cookie"]
    assert reply.headers["Strict-Transport-Security"] == "max-age=31536000"
