"""Render: one Jinja template per document, to semantic HTML.

Templates run in Jinja's sandbox with autoescaping and strict undefined names.  The loader looks
in the given folders first and then in the built-in ``templates/``; a name starting with
``builtin/`` always means the built-in file, so a user template can extend the one it replaces.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
from jinja2.loaders import split_template_path
from jinja2.sandbox import SecurityError
from markupsafe import Markup

from jdgen import gate
from jdgen.errors import JdgenError, Position, Problem, TemplateError
from jdgen.models import drop_control_characters
from jdgen.paths import builtin_dir
from jdgen.sandbox import (
    DataSandbox,
    LimitExceeded,
    RenderTimeout,
    make_environment,
    plain,
    render_bounded,
    run_limited,
)
from jdgen.sanitize import sanitize
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


#: The most elements (tags) a rendered document may hold; the search checklist has about 1,100.
MAX_ELEMENTS = 20_000
#: The filters jdgen adds to Jinja's own, in HTML and Word templates alike.
FILTERS = {"money": money, "join_words": join_words, "long_date": long_date}


class ContainedLoader(FileSystemLoader):
    """A FileSystemLoader that reads through :mod:`jdgen.gate`: a template is a regular file
    of bounded size inside its folder; a link out, a FIFO or a device is refused, never read."""

    def get_source(self, environment, template):
        pieces = split_template_path(template)  # refuses ".." and absolute names
        for folder in self.searchpath:
            filename = os.path.join(folder, *pieces)
            if os.path.lexists(filename):
                break
        else:
            raise TemplateNotFound(template)
        path = Path(filename)
        data = gate.read_bytes(path, inside=(Path(folder),), what="template",
                               limit=gate.TEMPLATE_LIMIT, place="the templates folder",
                               error=TemplateError)
        try:
            source = data.decode(self.encoding)
        except UnicodeDecodeError as exc:
            line_start = data.rfind(b"\n", 0, exc.start) + 1
            col = len(data[line_start:exc.start].decode(self.encoding, "replace")) + 1
            raise TemplateError(Problem(
                Position(display_path(path), data.count(b"\n", 0, exc.start) + 1, col),
                "not valid UTF-8", "save the file as UTF-8")) from None
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return source, os.path.normpath(filename), uptodate


@lru_cache(maxsize=32)  # one per set of template folders: bounded for a long-running server
def environment(template_dirs: tuple[Path, ...] = ()) -> DataSandbox:
    """The sandbox the HTML templates render in (see :mod:`jdgen.sandbox`), one per folder set."""
    builtin = FileSystemLoader(str(builtin_dir("templates")))
    loader = ChoiceLoader([
        PrefixLoader({"builtin": builtin}),
        ContainedLoader([str(d) for d in template_dirs]),
        builtin,
    ])
    env = make_environment(
        loader=loader,
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        finalize=clean_text,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.add_filters(**FILTERS)
    return env


def _template_position(exc: BaseException | None, prefer_user: bool = False) -> Position | None:
    """The innermost template frame of a rendering error's traceback (with ``prefer_user``,
    the innermost one outside the built-in templates, if any: where a cycle was made).

    Jinja reports lines only; the column is that of the first name quoted in the error
    message (``'Role object' has no attribute 'sumary'``) when the line contains it.
    """
    if exc is None:
        return None
    found = user = None
    builtin = str(builtin_dir("templates"))
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css", ".xml", ".txt", ".md")):
            found = (Path(filename), tb.tb_lineno)
            if not filename.startswith(builtin):
                user = found
        tb = tb.tb_next
    found = (user or found) if prefer_user else found
    if found is None:
        return None
    path, line = found
    col = None
    try:
        text = path.read_text(encoding="utf-8").splitlines()[line - 1]
        asked = str(exc).split("; did you mean")[0]  # the name used, not the one suggested
        for name in reversed(re.findall(r"['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]", asked)):
            if (index := text.find(name)) >= 0:
                col = index + 1
                break
    except (OSError, IndexError):
        pass
    return Position(display_path(path), line, col)


def _outer_blocks(node: nodes.Node):
    """Blocks not nested in another block: the ones a child template overrides."""
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Block):
            yield child
        else:
            yield from _outer_blocks(child)


@dataclass(frozen=True)
class _Parsed:
    """What :func:`check_blocks` needs of one template of an ``{% extends %}`` chain."""

    name: str
    filename: str
    parent: str | None
    extends_line: int | None
    outer: dict[str, int]  # the blocks it overrides, with their lines
    blocks: frozenset[str]  # every block it defines


def _parse(env: DataSandbox, name: str) -> _Parsed:
    source, filename, _ = env.loader.get_source(env, name)
    tree = env.parse(source, name, filename)
    extends = next(tree.find_all(nodes.Extends), None)
    parent = extends.template.value if extends and isinstance(extends.template, nodes.Const) else None
    return _Parsed(name, filename, parent, extends.lineno if extends else None,
                   {block.name: block.lineno for block in _outer_blocks(tree)},
                   frozenset(block.name for block in tree.find_all(nodes.Block)))


def _chain(env: DataSandbox, name: str) -> list[_Parsed]:
    """``name`` and the templates it extends, nearest first; a cycle is an error."""
    chain: list[_Parsed] = []
    current: str | None = name
    while current is not None:
        parsed = _parse(env, current)
        if any(p.filename == parsed.filename for p in chain):
            child = chain[-1]
            names = " → ".join([*(p.name for p in chain), parsed.name])
            raise TemplateError(Problem(
                Position(display_path(Path(child.filename)), child.extends_line),
                f"templates extend each other in a cycle: {names}",
                f'extend "builtin/{child.parent}" to build on the built-in template'
                if not str(child.parent).startswith("builtin/") else "break the cycle"))
        chain.append(parsed)
        current = parsed.parent
    return chain


def check_blocks(env: DataSandbox, name: str) -> None:
    """A template that extends another may only override blocks the parent chain defines."""
    chain = _chain(env, name)
    for level, parsed in enumerate(chain[:-1]):
        available = frozenset().union(*(p.blocks for p in chain[level + 1:]))
        for block, line in parsed.outer.items():
            if block not in available:
                close = difflib.get_close_matches(block, sorted(available), n=1)
                hint = f'did you mean "{close[0]}"?' if close else \
                    f"blocks you can override: {', '.join(sorted(available))}"
                raise TemplateError(Problem(Position(display_path(Path(parsed.filename)), line),
                                            f'block "{block}" does not exist in "{parsed.parent}"', hint))


def render(template: str, context: Mapping[str, object],
           template_dirs: tuple[Path, ...] = ()) -> str:
    """Render ``template`` with ``context`` (made plain data first) in the bounded sandbox.

    Errors name the template file and line: syntax errors, unknown names, anything the sandbox
    refuses, and a template that runs too long or makes too much.
    """
    env = environment(tuple(template_dirs))
    data = plain(context)

    def work() -> str:
        compiled = env.get_template(template)
        try:
            return render_bounded(compiled.root_render_func(compiled.new_context(data.fields())),
                                  display_path(Path(compiled.filename or template)))
        except (Exception, RenderTimeout):
            env.handle_exception()  # re-raises with the template's own lines in the traceback
            raise

    try:
        if template_dirs:
            check_blocks(env, template)
        return check_elements(sanitize(run_limited(work)), template)
    except JdgenError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure inside a template is the template's
        raise TemplateError(template_problem(exc, template)) from None


def check_elements(markup: str, template: str) -> str:
    """``markup``, unless it holds more elements than any document needs (:data:`MAX_ELEMENTS`):
    every element is a box the PDF renderer lays out, in time and memory."""
    if markup.count("<") > MAX_ELEMENTS:
        raise TemplateError(Problem(
            Position(template), f"template does too much: the document would have more than "
            f"{MAX_ELEMENTS:,} elements", "a posting has a few hundred; check the templates' loops"))
    return markup


def template_problem(exc: BaseException, template: str) -> Problem:
    """The one-line problem a failed render reports, at the template's file and line."""
    if isinstance(exc, TemplateSyntaxError):
        where = Position(display_path(Path(exc.filename or exc.name or template)), exc.lineno)
        return Problem(where, f"template syntax error: {exc.message}", "fix the tag on that line")
    if isinstance(exc, TemplateNotFound):
        return Problem(Position(template), f'template "{exc.name}" not found',
                       "check the name in {% extends %} or {% include %}")
    if isinstance(exc, RecursionError):
        where = _template_position(exc, prefer_user=True)
        if where is None:  # while reading the template, before any of it ran
            return Problem(Position(template), "template nests too deeply to read",
                           "use fewer brackets or nested tags")
        return Problem(where, "templates include, extend or call each other without end",
                       "break the cycle of {% include %}, {% extends %} or macro calls")
    where = (_template_position(exc) or _template_position(exc.__cause__)
             or Position(getattr(exc, "template", template)))
    if isinstance(exc, MemoryError):
        return Problem(where, "template does too much: it ran out of memory",
                       "a document needs far less; check the loops and expressions")
    if isinstance(exc, LimitExceeded):
        return Problem(where, f"template does too much: {exc}",
                       "a document needs far less; check the loop or expression on that line")
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, SecurityError):
        return Problem(where, f"template error: {message}",
                       "templates get plain data: use the fields of role, company, pay and checklist")
    return Problem(where, f"template error: {message}", "check the names used on that line")
