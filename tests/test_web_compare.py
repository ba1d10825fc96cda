"""The role comparison on the web page (jdgen.web.compare_page), with Flask's test client."""

from __future__ import annotations

import io
import re

import docx
import lxml.html
import pypdf
import pytest
from docx.enum.section import WD_ORIENT

from jdgen.web import create_app, views

URL = "/compare?roles=cso&roles=vp-sales&roles=cro&company=acme"


def test_navigation_offers_the_comparison_once(client) -> None:
    create_app()  # a second app does not add the entry again
    assert views.NAVIGATION.count(("compare", "Compare roles")) == 1
    page = lxml.html.fromstring(client.get("/").text)
    assert [a.get("href") for a in page.xpath("//nav//a")] == ["/", "/advisor", "/compare"]


def test_form_without_roles(client) -> None:
    reply = client.get("/compare")
    assert reply.status_code == 200
    page = lxml.html.fromstring(reply.text)
    fieldset = page.xpath("//form//fieldset")[0]
    assert "Roles" in fieldset.find("legend").text_content()
    boxes = fieldset.xpath('.//input[@type="checkbox"][@name="roles"]')
    assert len(boxes) == 8
    for box in boxes:  # every checkbox has its label
        assert page.xpath(f'//label[@for="{box.get("id")}"]')
    options = [o.get("value") for o in page.xpath("//select[@id='company']/option")]
    assert options[0] == "none" and {"acme", "northwind"} <= set(options)
    assert not page.xpath("//table[@class='compare']")


def test_comparison_table_and_downloads(client) -> None:
    reply = client.get(URL)
    assert reply.status_code == 200
    page = lxml.html.fromstring(reply.text)
    table = page.xpath("//table[@class='compare']")[0]
    heads = table.xpath("thead/tr/th")
    assert [th.get("scope") for th in heads] == ["col"] * 4
    # the library's order, top of the hierarchy first, whatever order the query gives
    assert [th.text_content().split("Level")[0].strip() for th in heads[1:]] == [
        "Chief Sales Officer", "Chief Revenue Officer", "VP of Sales"]
    assert all(tr.find("th").get("scope") == "row" for tr in table.xpath("tbody/tr"))
    assert "Acme Robotics" in table.find("caption").text_content()
    assert "Chief Sales Officer (being hired)" in table.text_content()
    assert not table.xpath(".//*[@style]")  # the page's policy allows no inline style
    checked = [box.get("value") for box in page.xpath('//input[@name="roles"][@checked]')]
    assert checked == ["cso", "cro", "vp-sales"]
    assert page.xpath("//select[@id='company']/option[@selected]")[0].get("value") == "acme"
    links = [a.get("href") for a in page.xpath("//section[@class='downloads']//a")]
    assert [link.split("?")[0] for link in links] == [
        "/compare/download/comparison-cso-cro-vp-sales.pdf",
        "/compare/download/comparison-cso-cro-vp-sales.docx"]

    pdf = client.get(links[0])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"] == "attachment; filename=comparison-cso-cro-vp-sales.pdf"
    reader = pypdf.PdfReader(io.BytesIO(pdf.data))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height
    assert "Acme Robotics" in reader.pages[0].extract_text()

    word = client.get(links[1])
    assert word.status_code == 200
    assert word.headers["Content-Disposition"] == "attachment; filename=comparison-cso-cro-vp-sales.docx"
    document = docx.Document(io.BytesIO(word.data))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert len(document.tables[0].columns) == 4
    again = client.get(links[1])  # from the download cache: the same bytes
    assert again.data == word.data


def test_without_a_company_the_library_defaults(client) -> None:
    reply = client.get("/compare?roles=vp-sales&roles=sales-manager")
    assert reply.status_code == 200
    table = lxml.html.fromstring(reply.text).xpath("//table[@class='compare']")[0]
    assert "being hired" not in table.text_content()
    pdf = client.get("/compare/download/comparison-vp-sales-sales-manager.pdf"
                     "?roles=vp-sales&roles=sales-manager")
    assert pdf.status_code == 200


@pytest.mark.parametrize(("query", "message"), [
    ("roles=cso", "at least 2 roles"),
    ("roles=cso&roles=cfo", "unknown role &#34;cfo&#34;"),
    ("roles=cso&roles=cro&roles=vp-sales&roles=sdr&roles=bdr", "at most 4 roles"),
])
def test_bad_choices_show_the_form_with_the_problem(client, query: str, message: str) -> None:
    reply = client.get(f"/compare?{query}")
    assert reply.status_code == 400
    assert message in reply.text
    assert 'role="alert"' in reply.text
    assert "<form" in reply.text  # to fix it on the spot
    assert not re.search(r'<table class="compare"', reply.text)


def test_unknown_company_or_file_name(client) -> None:
    assert client.get("/compare?roles=cso&roles=cro&company=../../etc/passwd").status_code == 400
    assert client.get("/compare/download/comparison-cso-cro.txt?roles=cso&roles=cro").status_code == 404
    assert client.get("/compare/download/comparison-cso-vp-sales.pdf?roles=cso&roles=cro").status_code == 404
    assert client.get("/compare/download/comparison-cso.pdf?roles=cso").status_code == 400
