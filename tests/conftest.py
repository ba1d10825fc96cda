"""Shared fixtures: the bundled companies, one session-wide build, and edited company copies."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from jdgen.api import build

ROOT = Path(__file__).resolve().parent.parent
COMPANIES = ROOT / "companies"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def acme() -> Path:
    return COMPANIES / "acme.yaml"


@pytest.fixture(scope="session")
def northwind() -> Path:
    return COMPANIES / "northwind.yaml"


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
