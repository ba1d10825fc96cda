"""Render: one Jinja template per document, to semantic HTML.

Templates run in Jinja's sandbox with autoescaping and strict undefined names.  The loader looks
in the given folders first and then in the built-in ``templates/``; a name starting with
``builtin/`` always means the built-in file, so a user template can extend the one it replaces.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from jdgen.errors import JdgenError, Position, Problem, TemplateError
from jdgen.models import drop_control_characters
from jdgen.paths import builtin_dir
from jdgen.sources import display_path

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹",
                  "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "CHF": "CHF "}


def clean_text(value: object) -> object:
    """Drop control characters from every value a template prints, whatever its source."""
    if isinstance(value, Markup):
        return Markup(drop_control_characters(value))
    if isinstance(value, str):
        return drop_control_characters(value)
    return value


def money(amount: int, currency: str) -> str:
    """``money(284126, "USD")`` → ``$284,126``; unknown currencies keep their code."""
    sign = CURRENCY_SIGNS.get(currency)
    return f"{sign}{amount:,}" if sign else f"{currency} {amount:,}"


def join_words(items: list[str], last: str = "and") -> str:
    """``["a", "b", "c"]`` → ``a, b and c``."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def long_date(value: dt.date, language: str = "en") -> str:
    """``2027-01-31`` → ``31 January 2027``, or ``January 31, 2027`` for ``en-US``."""
    if language == "en-US":
        return f"{value:%B} {value.day}, {value.year}"
    return f"{value.day} {value:%B %Y}"


class ContainedLoader(FileSystemLoader):
    """A FileSystemLoader that refuses a template linking to a file outside its folder."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(root).resolve()) for root in self.searchpath):
            raise TemplateError(Problem(Position(display_path(Path(filename))),
                                        "template links to a file outside the workspace",
                                        "copy the file into the templates folder instead"))
        return source, filename, uptodate


@cache
def environment(template_dirs: tuple[Path, ...] = ()) -> SandboxedEnvironment:
    builtin = FileSystemLoader(str(builtin_dir("templates")))
    loader = ChoiceLoader([
        PrefixLoader({"builtin": builtin}),
        ContainedLoader([str(d) for d in template_dirs]),
        builtin,
    ])
    env = SandboxedEnvironment(
        loader=loader,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        finalize=clean_text,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=money, join_words=join_words, long_date=long_date)
    return env


def _template_position(exc: BaseException) -> Position | None:
    """The innermost template frame of a rendering error's traceback.

    Jinja reports lines only; the column is that of the first name quoted in the error
    message (``'Role object' has no attribute 'sumary'``) when the line contains it.
    """
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css", ".xml", ".txt", ".md")):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    if found is None:
        return None
    path, line = found
    col = None
    try:
        text = path.read_text(encoding="utf-8").splitlines()[line - 1]
        for name in reversed(re.findall(r"'([A-Za-z_][A-Za-z0-9_]*)'", str(exc))):
            if (index := text.find(name)) >= 0:
                col = index + 1
                break
    except (OSError, IndexError):
        pass
    return Position(display_path(path), line, col)


#: Schemes a link in a document may use; any other ``href`` is dropped after rendering.
LINK_SCHEMES = ("http", "https", "mailto")


def is_safe_link(href: str) -> bool:
    """True for web, mail and in-document links; false for ``file:``, ``javascript:`` and the rest."""
    href = href.strip()
    scheme = urlsplit(href).scheme.lower()
    return scheme in LINK_SCHEMES or (not scheme and href.startswith("#"))


def drop_unsafe_links(markup: str) -> str:
    """Remove every ``href`` that is not a web, mail or in-document link."""
    if "href" not in markup:
        return markup
    root = lxml.html.document_fromstring(markup)
    unsafe = [a for a in root.iter("a", "area") if a.get("href") and not is_safe_link(a.get("href"))]
    if not unsafe:
        return markup
    for element in unsafe:
        del element.attrib["href"]
    return lxml.html.tostring(root, doctype="<!DOCTYPE html>", encoding="unicode")


def _outer_blocks(node: nodes.Node):
    """Blocks not nested in another block: the ones a child template overrides."""
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Block):
            yield child
        else:
            yield from _outer_blocks(child)


def _blocks(env: SandboxedEnvironment, name: str,
            outer: bool = False) -> tuple[dict[str, int], str | None, str]:
    """The blocks a template defines (with their lines), the template it extends, its file."""
    source, filename, _ = env.loader.get_source(env, name)
    tree = env.parse(source, name, filename)
    extends = next(tree.find_all(nodes.Extends), None)
    parent = extends.template.value if extends and isinstance(extends.template, nodes.Const) else None
    found = _outer_blocks(tree) if outer else tree.find_all(nodes.Block)
    return {block.name: block.lineno for block in found}, parent, filename


def check_blocks(env: SandboxedEnvironment, name: str) -> None:
    """A template that extends another may only override blocks the parent chain defines."""
    own, parent, filename = _blocks(env, name, outer=True)
    if parent is None:
        return
    available: set[str] = set()
    ancestor: str | None = parent
    while ancestor is not None:
        blocks, ancestor, _ = _blocks(env, ancestor)
        available |= set(blocks)
    for block, line in own.items():
        if block not in available:
            close = difflib.get_close_matches(block, sorted(available), n=1)
            hint = f'did you mean "{close[0]}"?' if close else \
                f"blocks you can override: {', '.join(sorted(available))}"
            raise TemplateError(Problem(Position(display_path(Path(filename)), line),
                                        f'block "{block}" does not exist in "{parent}"', hint))
    check_blocks(env, parent)


def render(template: str, context: dict[str, object],
           template_dirs: tuple[Path, ...] = ()) -> str:
    """Render ``template`` with ``context``; errors name the template file and line."""
    env = environment(tuple(template_dirs))
    try:
        if template_dirs:
            check_blocks(env, template)
        return drop_unsafe_links(env.get_template(template).render(context))
    except JdgenError:
        raise
    except TemplateSyntaxError as exc:
        where = Position(display_path(Path(exc.filename or exc.name or template)), exc.lineno)
        raise TemplateError(Problem(where, f"template syntax error: {exc.message}",
                                    "fix the tag on that line")) from None
    except TemplateNotFound as exc:
        raise TemplateError(Problem(Position(template), f'template "{exc.name}" not found',
                                    "check the name in {% extends %} or {% include %}")) from None
    except Exception as exc:  # noqa: BLE001 - any failure inside a template is the template's
        where = _template_position(exc) or Position(template)
        message = getattr(exc, "message", None) or str(exc)
        raise TemplateError(Problem(where, f"template error: {message}",
                                    "check the names used on that line")) from None
