"""A workspace template can never run code, reach Python objects, or make a build hang or bloat.

Each case is a hostile block override in the workspace's ``templates/job-description.html``
(or a Word template, or a checklist condition) built with the real command line.
"""

from __future__ import annotations

import time
from pathlib import Path

import docx
import pytest

from jdgen import sandbox

from .conftest import Outside, refused, run

OVERRIDE = '{{% extends "builtin/job-description.html" %}}\n{{% block summary %}}{body}{{% endblock %}}\n'
BUILD = ("build", "cso", "--doc", "jd", "--format", "html")


def attack(workspace: Path, body: str) -> str:
    """Build with ``body`` as the summary block; the refusal's message (exit 2)."""
    (workspace / "templates" / "job-description.html").write_text(OVERRIDE.format(body=body),
                                                                 encoding="utf-8")
    message = refused(*BUILD)
    assert not list((workspace / "output").rglob("*.html")), "a refused build writes nothing"
    return message


def where(message: str) -> str:
    return message.split(": ", 1)[0]


# --- templates get data, not objects -------------------------------------------------------------

def test_the_pickle_remote_code_execution_is_gone(workspace: Path, outside: Outside) -> None:
    """The reported exploit: pydantic's deprecated parse_raw with proto="pickle" ran any command."""
    payload = f"cos\\nsystem\\n(S'touch {outside.marker}'\\ntR."
    message = attack(workspace, f'{{{{ company.parse_raw("{payload}", proto="pickle") }}}}')
    assert message.startswith("templates/job-description.html:2:")
    assert 'no field "parse_raw" here; fields: name, slug,' in message


@pytest.mark.parametrize("method", ["parse_file", "model_dump_json", "model_copy", "model_validate",
                                    "schema_json", "facts", "model_fields"])
def test_no_model_method_is_reachable(workspace: Path, method: str) -> None:
    message = attack(workspace, f"{{{{ company.{method}() }}}}")
    assert f'template error: no field "{method}" here' in message


@pytest.mark.parametrize(("expression", "refused_name", "kind"), [
    ("company.__class__.__mro__", "__class__", "a record"),
    ("role.__init__.__globals__", "__init__", "a record"),
    ("pay.__dict__", "__dict__", "a record"),
    ('"".__class__.__base__.__subclasses__()', "__class__", "a str"),
    ("cycler.__init__.__globals__.os", "__init__", "a type"),
    ("namespace.__init__", "__init__", "a type"),
    ("range.__globals__", "__globals__", "a function"),
    ("self._TemplateReference__context", "_TemplateReference__context", "a TemplateReference"),
    ('role.title.format.__globals__', "__globals__", "a function"),
])
def test_python_internals_are_refused(workspace: Path, expression: str, refused_name: str,
                                      kind: str) -> None:
    message = attack(workspace, f"{{{{ {expression} }}}}")
    assert f"template error: {kind} has no '{refused_name}' that a template may use" in message
    assert message.endswith("— templates get plain data: use the fields of role, company, pay "
                            "and checklist")


@pytest.mark.parametrize(("expression", "method", "kind"), [
    ('role.title.encode("utf-8")', "encode", "a str"),
    ("company.locations.append(1)", "append", "a tuple"),
    ("role.title.join(role.title)", "join", "a str"),
    ('role.title.replace("a", "b")', "replace", "a str"),
    ("(company.apply.deadline).replace(year=1)", "replace", "a date"),
])
def test_library_methods_outside_the_allow_list_are_refused(workspace: Path, expression: str,
                                                            method: str, kind: str) -> None:
    message = attack(workspace, f"{{{{ {expression} }}}}")
    assert f"{kind} has no '{method}' that a template may use" in message


@pytest.mark.parametrize("name", ["lipsum", "config", "request", "os", "__builtins__"])
def test_only_the_allowed_globals_exist(workspace: Path, name: str) -> None:
    message = attack(workspace, f"{{{{ {name} }}}}")
    assert f"template error: '{name}' is undefined" in message


def test_a_dict_made_in_a_template_is_a_read_only_record(workspace: Path) -> None:
    message = attack(workspace, '{% set d = dict(a=1) %}{{ d.update({"a": 2}) }}')
    assert 'no field "update" here; fields: a' in message


def test_a_mistyped_field_suggests_the_close_match(workspace: Path) -> None:
    message = attack(workspace, "{{ role.sumary }}")
    assert message == ('templates/job-description.html:2:28: template error: no field "sumary" here; '
                       'did you mean "summary"? — check the names used on that line')


def test_what_a_template_legitimately_uses_still_works(workspace: Path) -> None:
    body = ('{% macro item(text) %}<li>{{ text }}{{ caller() if caller is defined }}</li>{% endmacro %}'
            "<p>{{ super() }}</p><ul>{% for kpi in role.kpis %}{{ item(kpi.name ~ loop.cycle('!', '?')) }}"
            "{% endfor %}{% call item('called') %}+{% endcall %}</ul>"
            '{% set ns = namespace(n=0) %}{% for g in role.responsibilities %}{% set ns.n = ns.n + '
            "g['items'] | length %}{% endfor %}<p>{{ ns.n }} duties, {{ role.title.upper() }}, "
            '{{ "{} at {}".format(role.short_title, company.name) }}, {{ "%d%%" % 40 }}, '
            "{{ company.apply.deadline.year }}, {{ pay.is_benchmark }}, {{ company.output_slug }}, "
            "{{ role.kpis | map(attribute='name') | first }}, {{ dict(a=1).a }}</p>")
    (workspace / "templates" / "job-description.html").write_text(OVERRIDE.format(body=body),
                                                                 encoding="utf-8")
    result = run(*BUILD)
    assert result.exit_code == 0, result.stderr
    html = (workspace / "output" / "acme-robotics" / "cso-job-description.html").read_text()
    assert "Pipeline coverage!" in html or "!</li>" in html
    assert "<li>called+</li>" in html
    assert "CHIEF SALES OFFICER, CSO at Acme Robotics, 40%, 2026, False, acme-robotics" in html


# --- bounded work ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "expected"), [
    ('{{ "x" * 100000000 }}', "a text of 100,000,000 characters (at most 4,000,000)"),
    ("{{ [1] * 10000000 }}", "a list of 10,000,000 items (at most 100,000)"),
    ("{{ 10 ** 100000 }}", "10 ** 100000 is too large for a document"),
    ("{{ 2 ** 4000 }}", "2 ** 4000 is too large for a document"),
    ("{{ (2 ** 2000) * (2 ** 2000) * (2 ** 2000) }}", "a product too large for a document"),
    ("{% for i in range(1000000) %}{% endfor %}", "range() of 1,000,000 numbers (at most 100,000)"),
    ('{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
     "a joined text (~) of more than 4,000,000 characters"),
    ('{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}',
     "a result would hold 4,194,304 characters (at most 4,000,000)"),
    ('{{ "a" | center(1000000000) }}', 'the "center" filter takes numbers up to 1000'),
    ('{{ "%999999999d" | format(1) }}', "a format with a field width or precision of 1000 or more"),
    ('{{ "%999999999d" % 1 }}', "a format with a field width or precision of 1000 or more"),
    ('{{ "{:>999999999}".format(1) }}', "a format with a field width or precision of 1000 or more"),
    ('{{ "%*d" % (999999999, 1) }}', "a format with a field width or precision of 1000 or more"),
    ('{{ ("ab" * 1000000) | replace("", "xyz") }}',
     'the "replace" filter would make more than 4,000,000 characters'),
    ('{{ ("\\n" * 3000000) | indent(5000) }}', 'the "indent" filter takes numbers up to 1000'),
    ('{{ ("\\n" * 3000000) | indent(100) }}',
     'the "indent" filter would make more than 4,000,000 characters'),
    ('{{ (["x" * 100000] * 30) | join("y" * 100000) }}',
     'the "join" filter would make more than 4,000,000 characters'),
    ('{% for i in range(100000) %}{{ "x" * 1000 }}{% endfor %}',
     "the document would be more than 2,000,000 characters long"),
    # found by a red-team review: a mapping key hid the width; nested lists printed in one step
    ('{{ "%(a)2999999999s" % dict(a="x") }}', "a format with a field width or precision of 1000 or more"),
    ('{{ "%(a)999999999s" | format(a="x") }}', "a format with a field width or precision of 1000 or more"),
    ('{% set s = "x" * 4000000 %}{% set t = [s, s, s, s, s] %}{{ [t, t, t] }}',
     "a value would print as more than 4,000,000 characters"),
    ('{% set x = ["a" * 1000] %}' + '{% set x = [x] * 10 %}' * 5 + "{{ x | string }}",
     "a text of 10,021,110 characters (at most 4,000,000)"),
    ('{% set t = range(100000) | list %}{{ ([t] * 300) | sum(start=[]) }}',
     "a text of 750,000,300 characters (at most 4,000,000)"),
    ('{{ [1, "a"] | sum }}', 'the "sum" filter adds numbers only'),
    ('{% set s = "x" * 4000000 %}{{ "%s" % ([s, s],) }}',
     "a % format's values would print as more than 4,000,000 characters"),
    ('{% set s = "x" * 3000000 %}{{ "{}{}".format(s, s) }}',
     "format()'s values would print as more than 4,000,000 characters"),
])
def test_size_limits(workspace: Path, body: str, expected: str) -> None:
    start = time.monotonic()
    message = attack(workspace, body)
    assert f"template does too much: {expected}" in message
    assert message.endswith("— a document needs far less; check the loop or expression on that line")
    assert time.monotonic() - start < 10, "refused before doing the work"


@pytest.mark.parametrize("body", [
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}",
    '{% set s = "ab" * 1000000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}',
])
def test_a_render_that_runs_too_long_is_stopped(workspace: Path, monkeypatch: pytest.MonkeyPatch,
                                               body: str) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 1.0)
    start = time.monotonic()
    message = attack(workspace, body)
    assert where(message) == "templates/job-description.html:2"
    assert "template does too much: rendering did not finish within 1 s" in message
    assert time.monotonic() - start < 8


def test_a_template_that_extends_itself_is_named(workspace: Path) -> None:
    (workspace / "templates" / "job-description.html").write_text(
        '{% extends "job-description.html" %}\n', encoding="utf-8")
    assert refused(*BUILD) == (
        "templates/job-description.html:1: templates extend each other in a cycle: "
        "job-description.html → job-description.html — extend \"builtin/job-description.html\" "
        "to build on the built-in template")


def test_templates_that_extend_each_other_are_named(workspace: Path) -> None:
    (workspace / "templates" / "job-description.html").write_text(
        '{% extends "base.html" %}\n', encoding="utf-8")
    (workspace / "templates" / "base.html").write_text(
        '{# a colleague\'s base #}\n{% extends "job-description.html" %}\n', encoding="utf-8")
    message = refused(*BUILD)
    assert message.startswith("templates/base.html:2: templates extend each other in a cycle: "
                              "job-description.html → base.html → job-description.html")


@pytest.mark.parametrize("body", ['{% include "job-description.html" %}',
                                  "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"])
def test_endless_include_or_recursion_is_an_error(workspace: Path, body: str) -> None:
    message = attack(workspace, body)
    assert where(message).startswith("templates/job-description.html:")  # a line of the cycle
    assert message.split(": ", 1)[1] == (
        "templates include, extend or call each other without end — break the cycle of "
        "{% include %}, {% extends %} or macro calls")


def test_deeply_nested_brackets_are_an_error(workspace: Path) -> None:
    message = attack(workspace, "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}")
    assert message == ("job-description.html: template nests too deeply to read — use fewer "
                       "brackets or nested tags")


# --- the same sandbox everywhere ----------------------------------------------------------------

def condition_refused(workspace: Path, when: str) -> str:
    """Build the checklist with a workspace checklist whose first task has condition ``when``."""
    (workspace / "checklists" / "cso-search.yaml").write_text(
        f"extends: builtin/cso-search\nreword:\n  confirm-need:\n    when: {when}\n", encoding="utf-8")
    return refused("build", "cso", "--doc", "checklist", "--format", "html")


@pytest.mark.parametrize(("when", "problem"), [
    ('"headcount ** 100000 > 1"', "640 ** 100000 is too large for a document"),
    ("stage.__class__", "a str has no '__class__' that a template may use"),
    ('"(stage * 100000000) == stage"', "a text of 800,000,000 characters (at most 4,000,000)"),
])
def test_checklist_conditions_share_the_sandbox(workspace: Path, when: str, problem: str) -> None:
    assert condition_refused(workspace, when) == (
        f"checklists/cso-search.yaml:4:11: condition failed: {problem} — fix the condition")


def test_a_condition_is_not_folded_at_compile_time() -> None:
    from jdgen.conditions import compile_condition

    start = time.monotonic()
    compiled = compile_condition("2 ** 100000000 > headcount")
    assert time.monotonic() - start < 1
    with pytest.raises(sandbox.LimitExceeded, match="too large"):
        compiled(headcount=1)


def _word_template(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_a_word_template_gets_the_same_sandbox(workspace: Path, outside: Outside) -> None:
    _word_template(workspace / "templates" / "job-description.docx", "{{ role.title }}",
                   f'{{{{ company.parse_raw("cos\\nsystem\\n(S\'touch {outside.marker}\'\\ntR.", '
                   'proto="pickle") }}')
    message = refused("build", "cso", "--doc", "jd", "--format", "docx")
    assert message.startswith("templates/job-description.docx: paragraph 2: template error: "
                              'no field "parse_raw" here')


def test_a_word_template_that_runs_too_long_is_stopped(workspace: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 1.0)
    _word_template(workspace / "templates" / "job-description.docx", "{{ role.title }}",
                   "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}")
    start = time.monotonic()
    message = refused("build", "cso", "--doc", "jd", "--format", "docx")
    assert "template error: rendering did not finish within 1 s" in message
    assert time.monotonic() - start < 8


# --- found by a red-team review: what reaches the PDF renderer is bounded too -------------------

SVG_BOMB = ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><defs>'
            '<rect id="a0" width="1" height="1"/>'
            + "".join(f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, 12))
            + '</defs><use href="#a11"/></svg>')


@pytest.mark.parametrize(("name", "src"), [
    ("bomb.svg", "bomb.svg"),
    ("bomb.png", "bomb.png"),  # an SVG named .png
    (None, "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="),
])
def test_only_whole_png_and_jpeg_images_reach_a_renderer(workspace: Path, name: str | None,
                                                         src: str) -> None:
    if name:
        (workspace / name).write_text(SVG_BOMB, encoding="utf-8")
    (workspace / "templates" / "job-description.html").write_text(
        OVERRIDE.format(body=f'<img src="{src}" alt="x">'), encoding="utf-8")
    start = time.monotonic()
    for fmt in ("pdf", "docx", "html"):
        message = refused("build", "cso", "--doc", "jd", "--format", fmt)
        assert message.startswith(f"cso-job-description.{fmt}: image '")
        assert "a document embeds only whole PNG and JPEG images" in message
    assert time.monotonic() - start < 15


def test_a_document_with_too_many_elements_is_refused(workspace: Path) -> None:
    message = attack(workspace, "{% for i in range(60000) %}<p>paragraph {{ i }}</p>{% endfor %}")
    assert message == ("job-description.html: template does too much: the document would have "
                       "more than 20,000 elements — a posting has a few hundred; check the "
                       "templates' loops")


def test_pdf_layout_is_bounded_in_time(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jdgen.export import pdf

    monkeypatch.setattr(pdf, "TIME_LIMIT", 0.5)
    (workspace / "templates" / "job-description.html").write_text(
        OVERRIDE.format(body="{% for i in range(4000) %}<p>paragraph {{ i }}</p>{% endfor %}"),
        encoding="utf-8")
    start = time.monotonic()
    message = refused("build", "cso", "--doc", "jd", "--format", "pdf")
    assert message == ("cso-job-description.pdf: laying out the PDF did not finish within 0.5 s — "
                       "the document is far longer than a posting; check the templates' loops")
    assert time.monotonic() - start < 10


def test_a_missing_block_is_named(workspace: Path) -> None:
    message = attack(workspace, "{{ self.contnet() }}")
    assert 'template error: no block "contnet" in this template' in message


def test_a_hard_link_to_a_file_outside_is_refused(workspace: Path, outside: Outside) -> None:
    import os

    os.link(outside.secret, workspace / "templates" / "secret.txt")
    message = attack(workspace, 'X{% include "secret.txt" %}Y')
    assert "secret.txt is a hard link to another file" in message or \
        "is a hard link to another file" in message
    assert "TOP-SECRET" not in message


def test_writing_the_output_to_a_full_disk_is_one_line(workspace: Path) -> None:
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "jdgen", "roles"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == ("jdgen: cannot write the output: No space left on device — check where "
                           "the output goes (a full disk, a closed pipe)\n")
