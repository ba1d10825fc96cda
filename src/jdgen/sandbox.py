"""The template sandbox: what a template (HTML or Word) may touch, and how much work it may do.

Templates come from shared workspaces, so they are untrusted.  They receive plain, read-only
data (:class:`Record`, tuples, strings, numbers, dates: see :func:`plain`), never live objects
with methods, and :class:`DataSandbox` allows only what a document needs:

- attributes: a record's own fields; a short list of side-effect-free string methods; Jinja's
  own loop, namespace, cycler, macro and ``super()`` helpers.  Nothing else, whatever its name.
- calls: macros, ``super()``, ``loop.cycle``, the allowed string methods and the globals below.
- work: every string or list a template builds is capped in size (``*``, ``+``, ``~``, ``%``,
  ``**``, filters and string formatting), ``range`` is capped, the output is capped, and a
  document must render within :data:`TIME_LIMIT` seconds (see :func:`time_limit`).

Checklist ``when:`` conditions run in the same sandbox.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import difflib
import functools
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from jinja2 import Undefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import BlockReference, LoopContext, Macro, TemplateReference
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import Cycler, Joiner, Namespace
from pydantic import BaseModel

#: The most characters one value a template builds may hold (about 4 MB of text).
MAX_TEXT = 4_000_000
#: The most characters a rendered document may hold (a job description is about 15,000).
MAX_OUTPUT = 2_000_000
#: The most items a list a template builds may hold, and the longest ``range``.
MAX_ITEMS = 100_000
#: The most bits a whole number a template computes may hold.
MAX_INT_BITS = 4096
#: The largest number a filter accepts as an argument (widths, counts, indents).
MAX_FILTER_NUMBER = 1000
#: Seconds one document may take to render, templates compiled included.
TIME_LIMIT = 10.0


class LimitExceeded(SecurityError):
    """A template asked for more work or output than a document needs."""


class RenderTimeout(BaseException):
    """Raised inside a render that ran past its time limit (a BaseException, so no template
    code or library ``except Exception`` can swallow it)."""


# --- plain data --------------------------------------------------------------------------------

class Record:
    """A read-only record of named fields: what a template sees instead of a model object.

    A template reads ``record.field`` or ``record["field"]``; it has no methods a template can
    reach.  Python code reads fields as attributes too.
    """

    __slots__ = ("_fields",)

    def __init__(self, fields: Mapping[str, Any]):
        object.__setattr__(self, "_fields", dict(fields))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a Record is read-only")

    def __getitem__(self, key: str) -> Any:
        return self._fields[key]

    def __contains__(self, key: object) -> bool:
        return key in self._fields

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self._fields == other._fields

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return f"Record({self._fields!r})"

    def keys(self) -> Iterator[str]:
        """The field names, so ``dict(record)`` works in Python code (templates cannot call it)."""
        return iter(self._fields)

    def fields(self) -> dict[str, Any]:
        """A copy of the fields (for Python code; templates cannot call this)."""
        return dict(self._fields)


T = TypeVar("T")
SCALARS = (str, int, float, bool, type(None), dt.date, dt.datetime)


def _properties(cls: type) -> list[str]:
    """The public ``@property`` names a class defines (computed fields such as ``label``)."""
    names: dict[str, None] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("jdgen."):
            for name, member in vars(klass).items():
                if isinstance(member, property) and not name.startswith("_"):
                    names[name] = None
    return list(names)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    own = list(cls.model_fields) if issubclass(cls, BaseModel) else [f.name for f in dataclasses.fields(cls)]
    return (*own, *(p for p in _properties(cls) if p not in own))


def plain(value: Any) -> Any:
    """``value`` as template data: models and dataclasses become :class:`Record` (fields and
    computed properties), mappings become records, sequences tuples; scalars stay."""
    if isinstance(value, (*SCALARS, Record)):
        return value
    if isinstance(value, BaseModel) or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        return Record({name: plain(getattr(value, name)) for name in _field_names(type(value))})
    if isinstance(value, Mapping):
        return Record({str(key): plain(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(plain(item) for item in value)
    raise TypeError(f"{type(value).__name__} cannot be given to a template")


# --- what a template may reach -----------------------------------------------------------------

#: String methods that return a new value no larger than the string (or a truth value).
STRING_METHODS = frozenset({
    "lower", "upper", "title", "capitalize", "casefold", "swapcase", "strip", "lstrip", "rstrip",
    "startswith", "endswith", "split", "rsplit", "splitlines", "partition", "rpartition",
    "removeprefix", "removesuffix", "find", "rfind", "count", "format",
    "isalnum", "isalpha", "isdigit", "isnumeric", "isspace", "islower", "isupper", "istitle",
})
DATE_ATTRIBUTES = frozenset({"year", "month", "day", "weekday", "isoweekday", "isoformat"})
LOOP_ATTRIBUTES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last",
                             "length", "depth", "depth0", "previtem", "nextitem", "cycle",
                             "changed"})
CYCLER_ATTRIBUTES = frozenset({"current", "next", "reset"})


def _allowed_attribute(obj: Any, attr: str) -> bool:
    if attr.startswith("_"):
        return False
    if isinstance(obj, str):
        return attr in STRING_METHODS
    if isinstance(obj, dt.date):
        return attr in DATE_ATTRIBUTES
    if isinstance(obj, LoopContext):
        return attr in LOOP_ATTRIBUTES
    if isinstance(obj, Cycler):
        return attr in CYCLER_ATTRIBUTES
    # self.BLOCK, super(), {% import %}ed macros, namespace() fields
    return isinstance(obj, TemplateReference | BlockReference | Namespace) or \
        type(obj).__name__ == "TemplateModule"


def _allowed_callable(obj: Any) -> bool:
    if isinstance(obj, Macro | BlockReference | LoopContext | Joiner):
        return True
    if obj in ALLOWED_GLOBALS.values() or getattr(obj, "jdgen_allowed", False):
        return True  # a global, or the sandbox's own str.format
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if isinstance(owner, str):
        return name in STRING_METHODS
    if isinstance(owner, dt.date):
        return name in DATE_ATTRIBUTES
    if isinstance(owner, LoopContext):
        return name in ("cycle", "changed")
    if isinstance(owner, Cycler):
        return name in ("next", "reset")
    return False


def _describe(obj: Any) -> str:
    return "a record" if isinstance(obj, Record) else f"a {type(obj).__name__}"


# --- how much a template may make --------------------------------------------------------------

def _size(value: Any, budget: int = MAX_TEXT + 1) -> int:
    """Characters of text a value stands for when printed: strings by length, containers by
    their items, all the way down (an estimate for other scalars).  Stops counting past
    ``budget``, so a huge nested value is measured in bounded time."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | tuple | Record | dict):
        items = value.values() if isinstance(value, dict) else (
            (value[key] for key in value) if isinstance(value, Record) else value)
        total = len(value)
        for item in items:
            total += _size(item, budget - total)
            if total > budget:
                break
        return total
    return 24  # a number, a date, None: its printed form is short


def check_size(value: Any, what: str = "a value") -> Any:
    """``value``, unless it is more text or more items than a document needs."""
    if isinstance(value, list | tuple) and len(value) > MAX_ITEMS:
        raise LimitExceeded(f"{what} would hold {len(value):,} items (at most {MAX_ITEMS:,})")
    if _size(value) > MAX_TEXT:
        raise LimitExceeded(f"{what} would hold {_size(value):,} characters (at most {MAX_TEXT:,})")
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise LimitExceeded(f"{what} is a number too large for a document")
    return value


def _check_product(left: Any, right: Any) -> None:
    """Refuse ``left * right`` before Python builds a huge string, list or number."""
    if isinstance(left, int) and isinstance(right, int) and not isinstance(left, bool):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise LimitExceeded("a product too large for a document")
        return
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            if isinstance(seq, list | tuple) and len(seq) * times > MAX_ITEMS:
                raise LimitExceeded(f"a list of {len(seq) * times:,} items (at most {MAX_ITEMS:,})")
            if _size(seq) * times > MAX_TEXT:
                raise LimitExceeded(f"a text of {_size(seq) * times:,} characters "
                                    f"(at most {MAX_TEXT:,})")


def _check_power(base: Any, exponent: Any) -> None:
    if (isinstance(base, int) and isinstance(exponent, int) and abs(base) > 1 and exponent > 0
            and abs(base).bit_length() * exponent > MAX_INT_BITS):
        raise LimitExceeded(f"{base} ** {exponent} is too large for a document")


#: A width or precision in a ``%`` or ``{}`` format: ``%9999d``, ``{:>9999}``, ``%*d``.
FORMAT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d{4,})|%(?:\([^)]*\))?[-#0 +]*\d*\.(?:\*|\d{4,})|"
                          r"\{[^{}]*:[^{}]*?\d{4,}[^{}]*\}|\{[^{}]*:[^{}]*\{")


def check_format(template: Any) -> None:
    """Refuse a format string that asks for an enormous field width or precision."""
    if isinstance(template, str) and FORMAT_WIDTH.search(template):
        raise LimitExceeded("a format with a field width or precision of 1000 or more")


def check_printable(value: Any, what: str = "a value") -> Any:
    """``value``, unless printing it (``str()`` of a nested list, say) would make too much text:
    Python builds that text in one step no time limit can interrupt."""
    if not isinstance(value, str) and _size(value) > MAX_TEXT:
        raise LimitExceeded(f"{what} would print as more than {MAX_TEXT:,} characters")
    return value


def _check_filter_arguments(name: str, value: Any, args: tuple, kwargs: dict) -> None:
    for item in (value, *args, *kwargs.values()):
        check_printable(item, f'the "{name}" filter\'s input')
    if name == "sum" and isinstance(value, list | tuple) and not all(
            isinstance(item, int | float) for item in value):
        raise LimitExceeded('the "sum" filter adds numbers only')
    for arg in (*args, *kwargs.values()):
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_FILTER_NUMBER:
            raise LimitExceeded(f'the "{name}" filter takes numbers up to {MAX_FILTER_NUMBER}')
    if name == "format":
        check_format(value)
    elif name == "replace" and isinstance(value, str) and args:
        old, new = str(args[0]), str(args[1]) if len(args) > 1 else ""
        count = value.count(old) if old else len(value) + 1
        if len(value) + count * max(0, len(new) - len(old)) > MAX_TEXT:
            raise LimitExceeded(f'the "replace" filter would make more than {MAX_TEXT:,} characters')
    elif name == "indent" and isinstance(value, str):
        width = args[0] if args else kwargs.get("width", 4)
        width = len(width) if isinstance(width, str) else int(width or 0)
        if len(value) + (value.count("\n") + 1) * width > MAX_TEXT:
            raise LimitExceeded(f'the "indent" filter would make more than {MAX_TEXT:,} characters')
    elif name == "join" and isinstance(value, list | tuple):
        glue = args[0] if args else kwargs.get("d", "")
        if _size(value) + len(value) * len(str(glue)) > MAX_TEXT:
            raise LimitExceeded(f'the "join" filter would make more than {MAX_TEXT:,} characters')


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its arguments checked before and its result checked after."""
    passes = getattr(function, "jinja_pass_arg", None)

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        offset = 1 if passes is not None else 0  # the context/environment argument
        value, rest = (args[offset], args[offset + 1:]) if len(args) > offset else (None, ())
        _check_filter_arguments(name, value, rest, kwargs)
        return check_size(function(*args, **kwargs), f'the "{name}" filter\'s result')

    bounded.jdgen_bounded = True  # type: ignore[attr-defined]
    return bounded


def bounded_range(*args: int) -> Iterator[int]:
    """``range`` for templates: at most :data:`MAX_ITEMS` numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_ITEMS:
        raise LimitExceeded(f"range() of {len(numbers):,} numbers (at most {MAX_ITEMS:,})")
    return numbers


def record(**fields: Any) -> Record:
    """``dict(a=1)`` for templates: a read-only record."""
    return Record(fields)


#: The names every template may use besides its data.
ALLOWED_GLOBALS: dict[str, Any] = {
    "range": bounded_range, "dict": record, "cycler": Cycler, "joiner": Joiner,
    "namespace": Namespace,
}


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator with string concatenation (``~``) checked before joining."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        join = "markup_join" if frame.eval_ctx.volatile or frame.eval_ctx.autoescape else "str_join"
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        self.write(f"environment.checked_concat({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class DataSandbox(SandboxedEnvironment):
    """Jinja's sandbox narrowed to data: see the module documentation."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.clear()
        self.globals.update(ALLOWED_GLOBALS)

    def add_filters(self, **filters: Callable[..., Any]) -> None:
        """Register ``filters`` and wrap every filter with the size checks."""
        self.filters.update(filters)
        self.filters.update({name: _bounded_filter(name, f) for name, f in self.filters.items()
                             if not getattr(f, "jdgen_bounded", False)})

    # attributes and items

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()  # a strict undefined name reports itself
        if attribute.startswith("_") or not (isinstance(obj, Record | dict)
                                             or _allowed_attribute(obj, attribute)):
            raise SecurityError(f"{_describe(obj)} has no {attribute!r} that a template may use")
        if isinstance(obj, Record | dict):
            return self._field(obj, attribute)
        if isinstance(obj, TemplateReference):  # self.BLOCK
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(f'no block "{attribute}" in this template', obj=obj,
                                      name=attribute)
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            return self.undefined(obj=obj, name=attribute)
        return self.wrap_str_format(value) or value

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()
        if isinstance(obj, Record | dict) and not str(argument).startswith("_"):
            return self._field(obj, argument)
        if isinstance(argument, str):
            return self.getattr(obj, argument)
        try:
            return obj[argument]
        except (TypeError, LookupError):
            return self.undefined(obj=obj, name=argument)

    def _field(self, obj: Record | dict, name: Any) -> Any:
        if name in obj:
            return obj[name]
        close = difflib.get_close_matches(str(name), [str(k) for k in obj], n=1)
        hint = (f'no field "{name}" here; did you mean "{close[0]}"?' if close
                else f'no field "{name}" here; fields: {", ".join(map(str, obj)) or "none"}')
        return self.undefined(hint, obj=obj, name=name)

    # calls and operators

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if not _allowed_callable(__obj):
            name = getattr(__obj, "__name__", type(__obj).__name__)
            raise SecurityError(f"calling {name!r} is not allowed in a template")
        return check_size(__context.call(__obj, *args, **kwargs), "a call's result")

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_product(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%":
            check_format(left)
            check_printable(right, "a % format's values")
        return check_size(self.binop_table[operator](left, right), "a result")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        check_format(value.__self__)

        @functools.wraps(wrapped)
        def checked(*args: Any, **kwargs: Any) -> str:
            check_printable((*args, *kwargs.values()), "format()'s values")
            return check_size(wrapped(*args, **kwargs), "format()'s result")

        checked.jdgen_allowed = True  # type: ignore[attr-defined]
        return checked

    @staticmethod
    def checked_concat(join: Callable[[tuple], str], parts: tuple) -> str:
        """``a ~ b ~ c``, refused before joining when the text would be too long."""
        if _size(parts) > MAX_TEXT:
            raise LimitExceeded(f"a joined text (~) of more than {MAX_TEXT:,} characters")
        return check_size(join(parts), "a joined text (~)")


def make_environment(**options: Any) -> DataSandbox:
    """A :class:`DataSandbox` with ``options`` (loader, autoescape, undefined…); whatever it
    prints is checked for size first (``finalize``)."""
    finalize = options.pop("finalize", None) or (lambda value: value)
    return DataSandbox(finalize=lambda value: finalize(check_printable(value)), **options)


class OutputTooLong(LimitExceeded):
    """A render made more than :data:`MAX_OUTPUT` characters; ``template`` names its file."""

    def __init__(self, template: str):
        super().__init__(f"the document would be more than {MAX_OUTPUT:,} characters long")
        self.template = template


def render_bounded(chunks: Iterator[str], template: str = "the template") -> str:
    """Join a template's output chunks, refusing more than :data:`MAX_OUTPUT` characters."""
    out: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT:
            raise OutputTooLong(template)
        out.append(chunk)
    return "".join(out)


# --- time ----------------------------------------------------------------------------------------

def _set_async_exc(thread: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` in ``thread`` at its next bytecode; ``None`` withdraws a pending one."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), ctypes.py_object(exception) if exception else None)


@dataclass(eq=False)
class _Deadline:
    at: float
    thread: int
    fired: bool = False


#: How often an interrupted thread that goes on running is interrupted again.
REPEAT_SECONDS = 0.05


class _Watchdog:
    """One daemon thread that interrupts the threads whose deadline has passed, again and again
    until they stop (:meth:`release`).

    Registering a deadline costs a lock and a notify, not a thread start; the thread is started
    again when missing (after a fork, say).
    """

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._pending: set[_Deadline] = set()
        self._thread: threading.Thread | None = None

    def watch(self, seconds: float) -> _Deadline:
        deadline = _Deadline(time.monotonic() + seconds, threading.get_ident())
        with self._wake:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="jdgen-watchdog", daemon=True)
                self._thread.start()
            self._pending.add(deadline)
            self._wake.notify()
        return deadline

    def release(self, deadline: _Deadline) -> bool:
        """Stop watching ``deadline``; whether it fired (its exception may still be pending)."""
        with self._wake:
            self._pending.discard(deadline)
            return deadline.fired

    def _run(self) -> None:
        with self._wake:
            while True:
                now = time.monotonic()
                for deadline in [d for d in self._pending if d.at <= now]:
                    # raised again until the work stops: a finalizer (``__del__``) that runs
                    # when it lands, or an ``except Exception``, would otherwise swallow it
                    deadline.fired, deadline.at = True, now + REPEAT_SECONDS
                    _set_async_exc(deadline.thread, RenderTimeout)
                nearest = min((d.at for d in self._pending), default=None)
                self._wake.wait(None if nearest is None else nearest - now)


_WATCHDOG = _Watchdog()


def run_limited(work: Callable[[], T], seconds: float | None = None) -> T:
    """``work()``, interrupted with :class:`LimitExceeded` if it runs past ``seconds``.

    A watchdog thread raises :class:`RenderTimeout` in this thread between two Python bytecodes,
    which stops a runaway template loop in any thread (a web server's included), not only in
    the main one.  Work that finishes in time is never interrupted afterwards.
    """
    seconds = TIME_LIMIT if seconds is None else seconds
    try:
        deadline = _WATCHDOG.watch(seconds)
        try:
            return work()
        finally:
            if _WATCHDOG.release(deadline):
                _set_async_exc(deadline.thread, None)  # drop the exception if still pending
    except RenderTimeout as exc:  # the cause keeps the template lines it was interrupted at
        raise LimitExceeded(f"rendering did not finish within {seconds:g} s") from exc
