"""The web page against hostile input: what a recruiter's form, an uploaded company file or
another user of the server could send (a review with an attacker's eyes)."""

from __future__ import annotations

import re

import lxml.html
import pytest
from flask import Flask
from werkzeug.http import parse_options_header

from jdgen.web import company_form, create_app
from jdgen.web.company_form import RoleName

ROLES = [RoleName("cso", "Chief Sales Officer")]


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app()


@pytest.fixture
def client(app: Flask):
    return app.test_client()


def form_values(page: str) -> dict[str, str]:
    form = lxml.html.fromstring(page).get_element_by_id("company-form")
    return dict(form.form_values())


@pytest.fixture
def values(client) -> dict[str, str]:
    """The company form as the role page shows it for acme (with this client's CSRF token)."""
    return form_values(client.get("/roles/cso").text)


# --- the form reader ----------------------------------------------------------------------------

@pytest.mark.parametrize("index", ["²", "١", "٣", "𝟗", "01", "+1", " 1", "1 "])
def test_a_list_index_is_ascii_digits_only(client, values, index: str) -> None:
    """"²".isdigit() is true but int("²") fails (it was a 500); "١" read as item 1."""
    assert company_form.read({f"locations.{index}.city": "Austin"}, ROLES) == {}
    reply = client.post("/roles/cso", data=values | {f"locations.{index}.city": "Austin"})
    assert reply.status_code == 200
    assert "Internal error" not in reply.text


# --- the company file's name -------------------------------------------------------------------

@pytest.mark.parametrize(("sent", "named"), [
    ("a\r\nSet-Cookie: x=1\r\n.yaml", "aSet-Cookie: x=1.yaml"),  # was a 500 (a header with a newline)
    ("evil\x00.yaml", "evil.yaml"),
    ("tab\there.yaml", "tabhere.yaml"),
    ("..\\..\\windows\\x.yaml", "x.yaml"),
    ("../../etc/passwd.yaml", "passwd.yaml"),
    ("line\u2028break.yaml", "linebreak.yaml"),
    ("\r\n", "company.yaml"),
])
def test_the_company_file_name_is_one_printable_name(client, values, sent: str, named: str) -> None:
    reply = client.post("/company.yaml", data=values | {"company_name": sent})
    assert reply.status_code == 200
    disposition = reply.headers["Content-Disposition"]
    assert not re.search(r"[\x00-\x1f\x7f]", disposition)
    assert parse_options_header(disposition) == ("attachment", {"filename": named})


def test_a_quoted_or_unicode_name_is_quoted_in_the_header(client, values) -> None:
    reply = client.post("/company.yaml", data=values | {"company_name": 'a"b wörld.yaml'})
    assert reply.headers["Content-Disposition"] == (
        "attachment; filename=\"a\\\"b world.yaml\"; filename*=UTF-8''a%22b%20w%C3%B6rld.yaml")
