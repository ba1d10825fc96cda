"""The hostile-input suite: a colleague's workspace is untrusted, so every case here is an attack.

Each case asserts the exact outcome: the message and exit code, that no file outside the
workspace was read or written, that nothing ran, and that it finished in time.  The time bound
is a hang detector (a generous ceiling), not a speed target.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jdgen.cli import main

ROOT = Path(__file__).resolve().parents[2]
COMPANIES = ROOT / "companies"
#: A hostile input must be refused (or finish) well within this many seconds.
HANG_LIMIT = 20.0


@dataclass
class Outside:
    """A folder beside the workspace, standing for the rest of the machine."""

    root: Path
    secret: Path
    marker: Path  # a command run by an attack would create this

    def snapshot(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.root)): p.read_bytes()
                for p in sorted(self.root.rglob("*")) if p.is_file()}


@pytest.fixture
def outside(tmp_path: Path) -> Iterator[Outside]:
    """Files an attack would like to read or overwrite; checked unchanged after the test."""
    root = tmp_path / "outside"
    root.mkdir()
    secret = root / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a\n", encoding="utf-8")
    found = Outside(root, secret, root / "pwned")
    before = found.snapshot()
    yield found
    assert not found.marker.exists(), "an attack ran a command"
    assert found.snapshot() == before, "an attack wrote outside the workspace"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace holding Acme's company file and logo, with empty roles/ and templates/.

    The current folder is the workspace, so messages name files relative to it.
    """
    ws = tmp_path / "ws"
    for folder in ("roles", "checklists", "templates", "output"):
        (ws / folder).mkdir(parents=True)
    shutil.copy(COMPANIES / "acme.yaml", ws / "company.yaml")
    shutil.copy(COMPANIES / "acme-logo.png", ws / "acme-logo.png")
    monkeypatch.chdir(ws)
    return ws


def edit(path: Path, *replacements: tuple[str, str]) -> Path:
    """Apply ``old → new`` text replacements to ``path`` (each must apply)."""
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"edit does not apply: {old!r}"
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str, input: str | bytes | None = None) -> Result:
    """Run ``jdgen ARGS`` in-process; never a traceback, always within :data:`HANG_LIMIT`."""
    start = time.monotonic()
    result = CliRunner().invoke(main, list(args), input=input)
    elapsed = time.monotonic() - start
    assert elapsed < HANG_LIMIT, f"took {elapsed:.1f} s"
    assert "Traceback" not in result.output + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"escaped: {result.exception!r}") from result.exception
    return result


def refused(*args: str, code: int = 2) -> str:
    """Run a command that must fail with ``code``; return its message (standard error)."""
    result = run(*args)
    assert result.exit_code == code, (result.exit_code, result.output, result.stderr)
    message = result.stderr.strip()
    assert message, "a refusal must say why"
    return message
