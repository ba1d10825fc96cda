"""Render: one Jinja template per document, to semantic HTML.

Templates run in Jinja's sandbox with autoescaping and strict undefined names.  The loader looks
in the given folders first and then in the built-in ``templates/``; a name starting with
``builtin/`` always means the built-in file, so a user template can extend the one it replaces.
"""

from __future__ import annotations

import datetime as dt
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
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from jdgen.errors import Position, Problem, TemplateError
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


def long_date(value: dt.date) -> str:
    """``2027-01-31`` → ``31 January 2027``."""
    return f"{value.day} {value:%B %Y}"


@cache
def environment(template_dirs: tuple[Path, ...] = ()) -> SandboxedEnvironment:
    builtin = FileSystemLoader(str(builtin_dir("templates")))
    loader = ChoiceLoader([
        PrefixLoader({"builtin": builtin}),
        FileSystemLoader([str(d) for d in template_dirs]),
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


def render(template: str, context: dict[str, object],
           template_dirs: tuple[Path, ...] = ()) -> str:
    """Render ``template`` with ``context``; errors name the template file and line."""
    env = environment(tuple(template_dirs))
    try:
        return drop_unsafe_links(env.get_template(template).render(context))
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
