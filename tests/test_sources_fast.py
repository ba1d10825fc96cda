"""libyaml's parser (the fast path of :mod:`jdgen.sources`) loads exactly what the pure-Python
loader loads: the same data, the same line and column for every key and value, the same errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from jdgen import sources
from jdgen.errors import ConfigurationError

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted({*ROOT.glob("roles/*.yaml"), *ROOT.glob("checklists/*.yaml"), *ROOT.glob("companies/*.yaml"),
                *ROOT.glob("src/jdgen/**/*.yaml"), *ROOT.glob("tests/**/*.yaml")})

SNIPPETS = [
    "a: 1\nb: [x, y, {c: d}]\n",
    "base: &b {x: 1, y: [1, 2]}\nother: *b\nmore: [*b, *b]\n",
    "text: |\n  line one\n  line two\n\nfolded: >\n  one\n  two\n",
    "quoted: \"tab\\there \\u00e9\"\nsingle: 'it''s'\n",
    "date: 2027-01-31\nbad_date: 2027-02-30\nnum: 0x1F\nfloat: 1e3\nnull: ~\nyes: yes\n",
    "\ufeffname: BOM and ünïcödé — “quotes”\n",
    "name: x\r\nother: y\r\n",
    "list:\n- a\n-   b: c\n    d: e\n- - nested\n  - seq\n",
    "? complex\n: value\n",
    "# only a comment\n",
    "",
    "key: value: other\n",
    "a: 1\na: 2\n",
    "1: one\n",
    "a: !!int abc\n",
    "a: !!python/object:os.system x\n",
    "a: *nowhere\n",
    "a: [1, 2\n",
    "a:\n\t- tab\n",
    "a: \x07bell\n",
    "a: &x [*x]\n",
    "a: " + "[" * 60 + "]" * 60 + "\n",
    "n: " + "9" * 150 + "\n",
    "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "- just\n- a list\n",
]


def _outcome(data: bytes) -> object:
    try:
        loaded = sources.parse_yaml(data, "f.yaml")
    except ConfigurationError as exc:
        return ("error", exc.message)
    return (loaded.data, loaded.source.values, loaded.source.keys)


@pytest.fixture
def pure(monkeypatch):
    def load(data: bytes) -> object:
        with monkeypatch.context() as patch:
            patch.setattr(sources, "_FastLoader", None)
            return _outcome(data)
    return load


def test_libyaml_is_used_when_available() -> None:
    import yaml

    assert (sources._FastLoader is not None) == bool(getattr(yaml, "__with_libyaml__", False))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_files_load_the_same(path: Path, pure) -> None:
    data = path.read_bytes()
    assert _outcome(data) == pure(data)


@pytest.mark.parametrize("text", SNIPPETS)
def test_snippets_load_the_same(text: str, pure) -> None:
    data = text.encode("utf-8")
    assert _outcome(data) == pure(data)
