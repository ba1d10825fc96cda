"""The advisor's page, /advisor: the same advice as `jdgen advise`, for a company the server offers
or an uploaded file, with the CSRF token, the command line's errors and a link to the role."""

from __future__ import annotations

import html
import io

import pytest
from flask import Flask

from jdgen.web import create_app, views

from .conftest import COMPANIES, csrf


def _upload(client, data: bytes, name: str = "company.yaml", token: str | None = None):
    token = token if token is not None else csrf(client.get("/advisor").text)
    return client.post("/advisor", data={"csrf_token": token,
                                         "company_file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_navigation_has_the_advisor_once(app: Flask) -> None:
    create_app()  # a second app in the same process adds no second entry
    assert views.NAVIGATION.count(("advisor", "CSO, VP of Sales or CRO?")) == 1
    page = app.test_client().get("/").text
    assert '<a href="/advisor">CSO, VP of Sales or CRO?</a>' in page


@pytest.mark.parametrize(("key", "title", "role"), [("acme", "Chief Sales Officer", "cso"),
                                                     ("northwind", "VP of Sales", "vp-sales")])
def test_recommendation_for_a_company_on_the_server(client, key: str, title: str, role: str) -> None:
    reply = client.get(f"/advisor?company={key}")
    assert reply.status_code == 200
    page = reply.text
    assert f'<h2 id="recommendation">Recommendation: {title}</h2>' in page
    assert f'href="/roles/{role}?company={key}"' in page
    assert '<h1>CSO, VP of Sales or CRO?</h1>' in page
    assert '<label for="company">' in page and '<label for="company_file">' in page
    assert 'aria-current="page"' in page
    assert "Runner-up:" in page and "What would change the answer" in page


def test_readiness_is_listed(client) -> None:
    page = html.unescape(client.get("/advisor?company=acme").text)
    assert "Internal candidate: Rafael Ortiz (VP of Sales)" in page
    assert "3 of 7 signals" in page
    present, missing = page.split("<h4>Present</h4>")[1].split("<h4>Missing</h4>")
    assert "[channel-plans]" in present and "[several-products]" in missing


def test_upload_gives_the_same_advice(client) -> None:
    reply = _upload(client, (COMPANIES / "northwind.yaml").read_bytes(), "northwind.yaml")
    assert reply.status_code == 200
    assert "Recommendation: VP of Sales" in reply.text
    assert 'href="/roles/vp-sales"' in reply.text


def test_upload_needs_the_csrf_token(client) -> None:
    reply = _upload(client, (COMPANIES / "northwind.yaml").read_bytes(), token="forged")
    assert reply.status_code == 400
    assert "Recommendation" not in reply.text


def test_bad_upload_shows_the_command_lines_error(client) -> None:
    text = (COMPANIES / "northwind.yaml").read_text().replace("sales_trend: growing",
                                                               "sales_trend: sideways")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "sideways" in row)
    reply = _upload(client, text.encode(), "mine.yaml")
    assert reply.status_code == 400
    assert f"mine.yaml:{line}:16: advisor.sales_trend" in html.unescape(reply.text)
    assert "Recommendation" not in reply.text


def test_no_file_and_unknown_company(client) -> None:
    token = csrf(client.get("/advisor").text)
    reply = client.post("/advisor", data={"csrf_token": token}, content_type="multipart/form-data")
    assert reply.status_code == 400 and "no file chosen" in reply.text
    assert client.get("/advisor?company=../../etc/passwd").status_code == 400


def test_hostile_values_are_text(client) -> None:
    text = (COMPANIES / "northwind.yaml").read_text().replace(
        "name: Northwind Ledger GmbH", 'name: "<script>alert(1)</script>"')
    reply = _upload(client, text.encode())
    assert reply.status_code == 200
    assert "<script>alert(1)" not in reply.text and "&lt;script&gt;" in reply.text
