"""The web page against hostile input: what a recruiter's form, an uploaded company file or
another user of the server could send (a review with an attacker's eyes)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import lxml.html
import pytest
from werkzeug.http import parse_options_header

from jdgen.errors import Position
from jdgen.lint.findings import Finding
from jdgen.web import company_form, create_app
from jdgen.web.company_form import RoleName
from jdgen.web.highlight import MAX_MARKS, MAX_TEXT, mark_findings

from .conftest import form_values

ROLES = [RoleName("cso", "Chief Sales Officer")]


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


# --- marks in the preview ----------------------------------------------------------------------

def finding(text: str, message: str = "a message") -> Finding:
    return Finding(rule="some-rule", category="words", severity="warning", text=text,
                   message=message, where=Position("company.yaml", 1, 1))


def test_thousands_of_findings_mark_in_bounded_time() -> None:
    """A long text repeating a flagged word has a finding each time; each mark walked the whole
    document, outside any time limit (5,000 took 12 s; 8,000 from the form took 45 s)."""
    page = "<html><head></head><body><p>" + "We need a rockstar. " * 5000 + "</p></body></html>"
    started = time.monotonic()
    marked = mark_findings(page, [finding("rockstar")] * 5000)
    assert time.monotonic() - started < 2
    assert marked.marks[:MAX_MARKS] == [f"finding-{n}" for n in range(1, MAX_MARKS + 1)]
    assert set(marked.marks[MAX_MARKS:]) == {None}


def test_a_marks_text_is_literal_and_its_title_an_attribute() -> None:
    page = ("<html><head></head><body><p>cost: a.b*c (d) [e] \\1 $ ^ here</p>"
            "<p>across <b>two</b> tags</p></body></html>")
    marked = mark_findings(page, [
        finding("a.b*c (d) [e] \\1 $ ^", message='"><script>alert(1)</script>'),
        finding("across two"),  # spans tags: not marked (no error)
        finding("x" * 100_000), finding("a" * (MAX_TEXT + 1))])
    assert marked.marks == ["finding-1", None, None, None]
    mark = lxml.html.fromstring(marked.html).get_element_by_id("finding-1")
    assert mark.text == "a.b*c (d) [e] \\1 $ ^"
    assert mark.get("title") == 'some-rule: "><script>alert(1)</script>'
    assert "<script>" not in marked.html


def test_a_deeply_nested_preview_is_no_error() -> None:
    page = "<html><head></head><body>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</body></html>"
    assert len(mark_findings(page, [finding("deep")]).marks) == 1


# --- the previews a server keeps -----------------------------------------------------------------

def test_previews_are_kept_in_the_bounded_cache(values, tmp_path: Path) -> None:
    """Every preview was kept for the server's life: form after form filled its memory. They go
    to the download cache now, whose bound drops the least recently used."""
    client = create_app(cache_dir=tmp_path / "cache", cache_bytes=120_000).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/roles/cso").text).group(1)
    first = client.post("/roles/cso/preview", data=values | {"csrf_token": token}).json["preview"]
    assert client.get(first).status_code == 200
    for n in range(6):
        client.post("/roles/cso/preview", data=values | {"csrf_token": token, "name": f"Zenith {n}"})
    reply = client.get(first)
    assert reply.status_code == 404 and "no longer kept" in reply.text
    assert sum(f.stat().st_size for f in (tmp_path / "cache").iterdir()) <= 120_000


def test_a_cache_that_keeps_nothing_still_shows_previews(values, tmp_path: Path) -> None:
    client = create_app(cache_dir=tmp_path / "cache", cache_bytes=0).test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/roles/cso").text).group(1)
    preview = client.post("/roles/cso/preview", data=values | {"csrf_token": token}).json["preview"]
    assert "Acme Robotics" in client.get(preview).text


# --- how much a form may hold --------------------------------------------------------------------

@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_form_with_too_many_fields_is_a_413_that_says_so(client, values, content_type: str) -> None:
    """Werkzeug holds only a multipart form to MAX_FORM_PARTS: 2 MiB of urlencoded
    ``org.rN.count=1`` made some 100,000 role entries (20,000 took 5 s and an 8 MB page)."""
    many = values | {f"org.r{n}.count": "1" for n in range(6000)}
    for url in ("/roles/cso", "/roles/cso/preview", "/company.yaml"):
        reply = client.post(url, data=many, content_type=content_type)
        assert reply.status_code == 413, url
        assert "the form has more than 5,000 fields" in reply.text
        assert "larger than" not in reply.text


def test_a_preview_key_is_no_digest_of_its_content(app) -> None:
    """Another user of a shared token who rebuilds a guessed posting cannot find its key."""
    import hashlib

    first, second = app.test_client(), app.test_client()
    key = first.post("/roles/cso/preview", data=form_values(first.get("/roles/cso").text)).json["preview"]
    data = first.get(key).data
    assert key.rsplit("/", 1)[1] != hashlib.sha256(data).hexdigest()
    again = first.post("/roles/cso/preview", data=form_values(first.get("/roles/cso").text))
    assert again.json["preview"] == key  # the same form in one session: the frame stays
    other = second.post("/roles/cso/preview", data=form_values(second.get("/roles/cso").text))
    assert other.json["preview"] != key and second.get(other.json["preview"]).data == data


# --- what was fine, kept so ----------------------------------------------------------------------

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_hostile_company_values_are_text_everywhere(client, values) -> None:
    """Company values in the page, the field errors, the findings, the live preview's JSON and
    the preview itself: text, never markup."""
    sent = values | {"name": "Acme" + HOSTILE, "about": values["about"] + " a rockstar " + HOSTILE,
                     "benefits": HOSTILE, "locations.0.city": HOSTILE, "org.x-y.count": "2",
                     "org.x-y.title": HOSTILE, "headcount": HOSTILE, "website": "javascript:alert(1)"}
    page = client.post("/roles/cso", data=sent)
    assert page.status_code == 400  # headcount and website: errors beside their fields
    answer = client.post("/roles/cso/preview", data=sent).json
    assert answer["fields"]["f-headcount"][0].startswith(f'headcount "{HOSTILE}"')
    good = client.post("/roles/cso/preview", data=sent | {"headcount": values["headcount"],
                                                             "website": ""}).json
    assert good["fields"] == {}, good["fields"]
    preview = client.get(good["preview"])
    for text in (page.text, answer["results"], good["results"], preview.text):
        assert "<script>alert" not in text and "<img src=x" not in text
        assert 'href="javascript' not in text
    assert "rockstar" in good["results"] and 'class="lint lint-warning"' in preview.text
    assert preview.headers["Content-Security-Policy"].startswith("default-src 'none';")
    assert "sandbox allow-same-origin" in preview.headers["Content-Security-Policy"]
    assert preview.headers["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("typed", [
    "yes", "no", "null", "~", "1e3", "0x10", ".inf", "2027-01-31", "12:30", "!!python/object:os.system",
    "*alias", "&anchor x", "a: b", "- x", "# not a comment", "{a: 1}", "[1]", "%YAML", "@x", "`x",
    "'q'", '"d"', "...", "---", "a #b", "first\nsecond: 2", "x\u2028y", "\x85x", "é 😀", "a\tb"])
def test_yaml_from_the_form_loads_the_strings_typed(typed: str) -> None:
    from jdgen.sources import parse_yaml

    data = company_form.read({"name": typed, "about": typed, "benefits": typed}, ROLES)
    loaded = parse_yaml(company_form.to_yaml(data), "company.yaml").data
    assert loaded["name"] == loaded["about"] == typed.strip()
    assert loaded["benefits"] == [line.strip() for line in typed.split("\n") if line.strip()]


@pytest.mark.parametrize("name", ["__class__", "model_config", "org.__proto__.count", "org.cso",
                                  "locations.0", "name.more", "a.b.c.d.e.f.g.h.i", "org.Cso.count"])
def test_names_the_schema_does_not_have_are_ignored(name: str) -> None:
    assert company_form.read({name: "1"}, ROLES) == {}


def test_every_post_needs_the_csrf_token_but_a_bearer_request(values) -> None:
    app = create_app(token="s3cret")
    client = app.test_client()
    bearer = {"Authorization": "Bearer s3cret"}
    forged = {k: v for k, v in values.items() if k != "csrf_token"}
    for url in ("/roles/cso", "/roles/cso/preview", "/company.yaml", "/roles/cso/download"):
        assert client.post(url, data=forged).status_code == 401  # no login, no bearer
        assert client.post(url, data=forged | {"file": "cso-job-description.txt"},
                           headers=bearer).status_code in (200, 400), url
    login = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', login).group(1)
    assert client.post("/login", data={"csrf_token": token, "token": "s3cret"}).status_code == 303
    for url in ("/roles/cso", "/roles/cso/preview", "/company.yaml", "/roles/cso/download"):
        reply = client.post(url, data=forged | {"csrf_token": values["csrf_token"]})
        assert reply.status_code == 400 and "form has expired" in reply.text, url


@pytest.mark.parametrize("key", ["../../etc/passwd", "%2e%2e%2fetc%2fpasswd", "A" * 64, "0" * 63,
                                 "0" * 64, "0" * 65])
def test_an_unknown_preview_is_a_404(client, key: str) -> None:
    assert client.get(f"/previews/{key}").status_code == 404
