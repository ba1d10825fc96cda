"""Shared fixtures: the bundled companies, one session-wide build, and edited company copies."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
import yaml

from jdgen.api import build, export_documents, render_documents
from jdgen.context import TailoredChecklist, tailor
from jdgen.documents import ExportOptions
from jdgen.export import EXPORTERS
from jdgen.loading import Library, load_company

ROOT = Path(__file__).resolve().parent.parent
COMPANIES = ROOT / "companies"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def acme() -> Path:
    return COMPANIES / "acme.yaml"


@pytest.fixture(scope="session")
def northwind() -> Path:
    return COMPANIES / "northwind.yaml"


@pytest.fixture(scope="session", autouse=True)
def download_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The web app's download cache in a folder of the test session, never ~/.cache."""
    folder = tmp_path_factory.mktemp("download-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JDGEN_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def acme_build(tmp_path_factory: pytest.TempPathFactory, acme: Path) -> dict[str, Path]:
    """`jdgen build cso --company acme.yaml` once per session, files keyed by name."""
    out = tmp_path_factory.mktemp("acme-build")
    return {path.name: path for path in build("cso", acme, out)}


@pytest.fixture(scope="session")
def northwind_build(tmp_path_factory: pytest.TempPathFactory, northwind: Path) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("northwind-build")
    return {path.name: path for path in build("cso", northwind, out)}


@pytest.fixture
def company_copy(tmp_path: Path) -> Callable[..., Path]:
    """Copy acme.yaml (and its logo) into tmp_path, applying ``old → new`` text replacements."""

    def make(*replacements: tuple[str, str], name: str = "company.yaml") -> Path:
        text = (COMPANIES / "acme.yaml").read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"fixture edit does not apply: {old!r}"
            text = text.replace(old, new, 1)
        shutil.copy(COMPANIES / "acme-logo.png", tmp_path / "acme-logo.png")
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


# --- shared expectations and helpers ---------------------------------------------------------

#: Fixture name of the session build of each bundled company.
BUILDS = {"acme": "acme_build", "northwind": "northwind_build"}

#: The job description's section headings, in order, for Acme.
JD_HEADINGS = [
    "About Acme Robotics",
    "The role",
    "What you will do",
    "What you bring",
    "How success is measured",
    "Compensation",
    "Benefits",
    "How to apply",
    "Equal opportunity",
]


def yaml_at(path: Path, line_has: str, at: str | None = None, name: str | None = None) -> str:
    """``NAME:LINE:COL`` of the first line of ``path`` holding ``line_has``: the column of ``at``
    in that line, else of its first character that is not a space; ``name`` (default: the
    file's) names the copy a test builds.  Tests name positions this way so that editing an
    example company file does not break them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number, line = next((i, text) for i, text in enumerate(lines, 1) if line_has in text)
    column = line.index(at) if at is not None else len(line) - len(line.lstrip(" "))
    return f"{name or path.name}:{number}:{column + 1}"


def without_range(company: Path, tmp_path: Path, *roles: str) -> Path:
    """A copy of ``company`` in ``tmp_path`` whose ``compensation:`` has no entry for ``roles``."""
    text = company.read_text(encoding="utf-8")
    for role in roles:
        block = re.compile(rf"^  {role}:\n(?:    .*\n)+", re.MULTILINE)
        assert block.search(text), f"no compensation for {role}"
        text = block.sub("", text, count=1)
    path = tmp_path / company.name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def northwind_unpaid(tmp_path: Path, northwind: Path) -> Path:
    """Northwind with a pay range for its CSO only: the others fall back to nothing."""
    return without_range(northwind, tmp_path, "cro", "vp-sales", "sales-manager", "sales-team-lead",
                         "account-executive", "bdr", "sdr")


def built_files(request: pytest.FixtureRequest, company: str) -> dict[str, Path]:
    """The session build of ``company`` ("acme" or "northwind")."""
    return request.getfixturevalue(BUILDS[company])


def shown_role(company: str, role: str = "cso"):
    """The role as its posting for a bundled company shows it: only the lines whose `when:`
    holds, each a plain string."""
    from jdgen.api import render_documents

    return render_documents(role, COMPANIES / f"{company}.yaml", "jd")[0].models["role"]


def read_yaml(relative: str) -> dict:
    """A YAML file of the repository, read independently of jdgen's loader."""
    return yaml.safe_load((ROOT / relative).read_text(encoding="utf-8"))


@cache
def tailored(company: str) -> TailoredChecklist:
    """The CSO checklist tailored to a bundled company."""
    loaded, _ = load_company(COMPANIES / f"{company}.yaml")
    found = Library().checklist_for("cso")
    assert found is not None, "the cso role should have a search checklist"
    return tailor(*found, loaded)


def applicable_ids(company: str) -> list[str]:
    return [task.id for phase in tailored(company).phases for task in phase.tasks]


@pytest.fixture
def override(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a template override into ``tmp_path/templates`` and return that folder."""

    def make(body: str, name: str = "job-description.html") -> Path:
        templates = tmp_path / "templates"
        templates.mkdir(exist_ok=True)
        (templates / name).write_text(body, encoding="utf-8")
        return templates

    return make


# --- golden files ----------------------------------------------------------------------------

GOLDEN = Path(__file__).parent / "golden"
#: A fixed build time, so golden files and reproducibility checks do not depend on the clock.
FIXED_TIME = dt.datetime(2026, 11, 2, 9, 30)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite tests/golden/ from the current output instead of comparing.")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, bytes], None]:
    """Compare bytes with ``tests/golden/NAME``; ``pytest --update-golden`` rewrites the file."""

    def check(name: str, data: bytes) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.is_file(), f"no golden file {name}: run pytest --update-golden"
        expected = path.read_bytes().decode("utf-8")
        actual = data.decode("utf-8")
        assert actual == expected, f"{name} differs from its golden file (pytest --update-golden)"

    return check


@pytest.fixture(scope="session")
def all_formats(acme: Path) -> dict[str, bytes]:
    """Every format of Acme's CSO build, in memory, at :data:`FIXED_TIME`."""
    documents = render_documents("cso", acme)
    files = export_documents(documents, list(EXPORTERS), Path("out"),
                             ExportOptions(build_time=FIXED_TIME))
    return {path.name: data for path, data in files.items()}


# --- the web app ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def app():
    """The web app with the bundled examples (a module's tests share it)."""
    from jdgen.web import create_app

    return create_app()


@pytest.fixture
def client(app):
    return app.test_client()


def csrf(page: str) -> str:
    """The CSRF token a page's forms carry."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def form_values(page: str) -> dict[str, str]:
    """What a browser sends for the role page's company form as the page shows it."""
    import lxml.html

    form = lxml.html.fromstring(page).get_element_by_id("company-form")
    return dict(form.form_values())


def empty_paragraph_word_file(target: Path, paragraphs: int = 1_000_000) -> Path:
    """A valid Word file whose body is ``paragraphs`` empty paragraphs (a few kilobytes
    compressed): what the paragraph bound must refuse before python-docx parses it."""
    import io
    import zipfile

    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = re.sub(rb"<w:body>.*</w:body>", b"<w:body>" + b"<w:p/>" * paragraphs
                              + b"</w:body>", data, flags=re.S)
            out.writestr(info, data)
    return target
