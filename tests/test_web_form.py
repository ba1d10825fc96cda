"""The company form (jdgen.web.company_form): made from the schema, filled from a file, read back
into the same company; its errors are the command line's, beside the field they are about."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel

from jdgen.cli import main
from jdgen.loading import Upload, load_company_yaml
from jdgen.models import Company
from jdgen.web import company_form
from jdgen.web.company_form import RoleName

from .conftest import COMPANIES, form_values

ROLES = [RoleName("cso", "Chief Sales Officer"), RoleName("vp-sales", "VP of Sales"),
         RoleName("sdr", "Sales Development Representative")]


def leaf_paths(model: type[BaseModel], prefix: tuple = ()) -> list[tuple]:
    """Every scalar field of the schema, with list items and role entries as ``*``."""
    paths = []
    for key, spec in company_form._fields(model).items():
        shape, inner = company_form._shape(spec.annotation)
        if shape == "model":
            paths += leaf_paths(inner, (*prefix, key))
        elif shape in ("models", "role-models"):
            paths += leaf_paths(inner, (*prefix, key, "*"))
        elif shape == "role-text":
            paths.append((*prefix, key, "*"))
        else:
            paths.append((*prefix, key))
    return paths


def test_per_role_maps_have_every_role_the_pages_role_first(client) -> None:
    page = client.get("/roles/vp-sales").text
    entries = re.findall(r'<details class="entry" id="f-compensation-([a-z-]+)"', page)
    assert entries[0] == "vp-sales" and len(entries) == 8
    assert re.search(r'<details class="entry" id="f-compensation-vp-sales" open>', page)  # filled
    assert re.search(r'<details class="entry" id="f-postings-bdr">', page)  # empty: folded


def test_every_schema_field_is_an_input(client) -> None:
    """Each leaf of the schema is an input named by its path (a list's first item, a role's entry)."""
    names = set(re.findall(r'\bname="([^"]+)"', client.get("/roles/cso").text))
    for path in leaf_paths(Company):
        name = ".".join(("0" if path[i - 1] in ("locations", "zones") else "cso") if part == "*"
                        else part for i, part in enumerate(path))
        assert name in names, name


@pytest.mark.parametrize("company", ["acme", "northwind"])
def test_a_file_survives_the_form_whole(client, company: str) -> None:
    """Load the file, send the form as the page shows it: the YAML that comes back is the same
    company, field for field."""
    original, _ = load_company_yaml(COMPANIES / f"{company}.yaml")
    page = client.get(f"/roles/cso?company={company}")
    assert page.status_code == 200
    reply = client.post("/company.yaml", data=form_values(page.text))
    assert reply.status_code == 200
    assert reply.headers["Content-Disposition"] == f"attachment; filename={company}.yaml"
    again, _ = load_company_yaml(Upload(f"{company}.yaml", reply.data, COMPANIES))
    assert again == original
    assert reply.data.startswith(b"# Company file made with the jdgen web page")


def test_read_ignores_names_the_schema_does_not_have() -> None:
    data = company_form.read({
        "name": " Zenith ", "__class__": "x", "name.more": "x", "headcount": "1,200",
        "locations.0.city": "Austin", "locations.0.country": "US", "locations.1.city": "",
        "locations.99999.city": "Far", "locations.x.city": "Nope", "org.cso.count": "2",
        "org.Bad Key.count": "3", "compensation.cso.zones.0.location": "NYC",
        "apply.deadline": "2027-01-31", "apply.posted": "31/01/2027", "markets": "EU\r\n\r\n US \n",
        "search.confidential": "true", "reports_to.sdr": "Sales Team Lead"}, ROLES)
    assert data == {
        "name": "Zenith", "locations": [{"city": "Austin", "country": "US"}], "headcount": 1200,
        "markets": ["EU", "US"], "reports_to": {"sdr": "Sales Team Lead"},
        "org": {"cso": {"count": 2}},
        "apply": {"deadline": __import__("datetime").date(2027, 1, 31), "posted": "31/01/2027"},
        "compensation": {"cso": {"zones": [{"location": "NYC"}]}},
        "search": {"confidential": True}}
    assert b"deadline: 2027-01-31" in company_form.to_yaml(data)


def cli_message(tmp_path: Path, yaml_text: str) -> list[str]:
    """What ``jdgen validate`` says of a company file, without its FILE:LINE:COL."""
    file = tmp_path / "company.yaml"
    file.write_text(yaml_text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--company", str(file)])
    assert result.exit_code == 2
    return [re.sub(r"^\S*company\.yaml:\d+:\d+: ", "", line) for line in result.stderr.splitlines()
            if "company.yaml:" in line]


def test_a_field_error_has_the_clis_words_beside_the_field(client, tmp_path: Path) -> None:
    values = form_values(client.get("/roles/cso").text)
    values |= {"headcount": "lots", "website": "acme.example", "locations.1.city": ""}
    page = client.post("/roles/cso", data=values)
    assert page.status_code == 400
    text = html.unescape(page.text)
    sent = client.post("/company.yaml", data=values).data.decode()
    expected = cli_message(tmp_path, sent)
    assert len(expected) == 3
    boxes = {box: re.search(rf'id="{box}-error">(.*?)</p>', text, re.S).group(1)
             for box in ("f-headcount", "f-website", "f-locations-1")}
    for line in expected:
        assert any(f"<span>{line}</span>" in box for box in boxes.values()), line
    assert 'aria-invalid="true"' in re.search(r'<input [^>]*id="f-headcount"[^>]*>', text).group(0)
    # the summary links each problem to its field; no line numbers of YAML the user never saw
    assert '<a href="#f-headcount"><code>headcount "lots": ' in text
    assert "company.yaml:" not in text.split('id="results"')[1].split("</section>")[0]
    # what was typed stays in the form
    assert form_values(page.text)["headcount"] == "lots"


def test_a_date_problem_is_shown_at_its_field(client) -> None:
    values = form_values(client.get("/roles/cso").text) | {"apply.deadline": "2026-11-01"}
    text = html.unescape(client.post("/roles/cso", data=values).text)
    box = re.search(r'id="f-apply-deadline-error">(.*?)</p>', text, re.S).group(1)
    assert "the application deadline 2026-11-01 is before the posting date 2026-11-20" in box


def test_the_live_preview_answers_with_the_preview_and_field_errors(client) -> None:
    values = form_values(client.get("/roles/cso").text)
    good = client.post("/roles/cso/preview", data=values | {"name": "Zenith Robotics"})
    assert good.status_code == 200 and good.json["fields"] == {}
    preview = client.get(good.json["preview"]).text
    assert "About Zenith Robotics" in preview
    assert "lint:" in good.json["results"]
    bad = client.post("/roles/cso/preview", data=values | {"name": ""})
    assert bad.json["preview"] is None
    assert bad.json["fields"] == {"f-name": ['missing required key "name" — add "name:" with a value']}
    assert "1 problem to fix" in bad.json["results"]


def test_findings_are_marked_in_the_preview_and_point_at_their_field(client) -> None:
    values = form_values(client.get("/roles/cso").text)
    about = values["about"] + " We want a rockstar who dominates the market."
    page = client.post("/roles/cso", data=values | {"about": about})
    assert page.status_code == 200
    text = html.unescape(page.text)
    item = next(li for li in re.findall(r'<li class="finding warning">(.*?)</li>', text, re.S)
                if "rockstar" in li)
    mark = re.search(r'href="/previews/[0-9a-f]{64}#(finding-\d+)" target="preview"', item).group(1)
    assert '<a href="#f-about">About</a>' in item
    preview = client.get(re.search(r'src="(/previews/[0-9a-f]{64})"', page.text).group(1)).text
    marked = re.search(rf'<mark class="lint lint-warning" id="{mark}"[^>]*>([^<]*)</mark>', preview)
    assert marked and marked.group(1).lower() == "rockstar"


def test_field_at_finds_the_value_a_position_is_in() -> None:
    from jdgen.errors import Position
    from jdgen.sources import parse_yaml

    loaded = parse_yaml(b"name: A\nabout: >-\n  one two\n  three\nlocations:\n  - city: X\n"
                        b"    country: US\n", "c.yaml")
    assert company_form.field_at(loaded.source, Position("c.yaml", 4, 3)) == ("about",)
    assert company_form.field_at(loaded.source, Position("c.yaml", 7, 14)) == ("locations", 0, "country")
    assert company_form.label_of(("compensation", "cso", "zones", 0, "base_min")) == \
        "Compensation › cso › Zones › 1 › Base pay from"


def test_upload_then_download_yaml_keeps_every_value(client) -> None:
    raw = (COMPANIES / "northwind.yaml").read_bytes()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/roles/cso").text).group(1)
    import io

    page = client.post("/roles/cso", data={"csrf_token": token, "action": "upload",
                                           "company_file": (io.BytesIO(raw), "nw.yaml")},
                       content_type="multipart/form-data")
    assert page.status_code == 200
    back = client.post("/company.yaml", data=form_values(page.text))
    assert back.headers["Content-Disposition"] == "attachment; filename=nw.yaml"
    assert yaml.safe_load(back.data) == yaml.safe_load(raw)
