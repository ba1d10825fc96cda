"""Load YAML safely and keep where every key and value came from.

PyYAML's composer gives each node a start mark; we construct the data with the safe constructor
from the very same node tree, and record the marks by path (``("locations", 0, "city")``), so
validation errors and, later, lint findings can point at ``FILE:LINE:COL``.

Workspace files are untrusted, so loading is bounded: the file's size, how deep it nests and
how many values it holds once its aliases are expanded (an alias bomb fails while it is being
composed, in milliseconds).
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jdgen.errors import ConfigurationError, Position, Problem
from jdgen.gate import read_bytes

Loc = tuple[str | int, ...]

#: The largest YAML file jdgen reads, in bytes.
MAX_BYTES = 1 << 20
#: The most values a file may hold, each alias counted as the values it repeats.
MAX_VALUES = 100_000
#: The deepest a value may be nested (the top-level mapping is level 1).
MAX_DEPTH = 50
#: The longest plain integer, in characters (longer ones cost quadratic time to convert).
MAX_NUMBER = 100


@dataclass
class SourceMap:
    """Positions of the values (and of the keys) of one loaded YAML file, keyed by path."""

    path: str
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)

    def locate(self, loc: Loc, *, prefer_key: bool = False) -> Position:
        """The position of ``loc``, or of its nearest ancestor that exists in the file."""
        loc = tuple(loc)
        if prefer_key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), Position(self.path, 1, 1))


@dataclass
class Loaded:
    """A YAML document: the plain data and where each piece of it came from."""

    data: Any
    source: SourceMap
    #: How many files its ``extends`` chain merged in (0 for a file that extends nothing).
    depth: int = 0
    #: The bytes it was parsed from (a single file's; empty for a merged ``extends`` chain).
    raw: bytes = field(default=b"", repr=False, compare=False)


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the current folder when inside it."""
    absolute, here = Path(os.path.abspath(path)), Path(os.path.abspath(Path.cwd()))
    try:
        return str(absolute.relative_to(here))  # symlinks are named as written, not resolved
    except ValueError:
        return str(path)


def shown(value: object, limit: int = 60) -> str:
    """``value`` as a message quotes it: one line, control and bidi characters escaped (they could
    break the line or reorder the terminal's text), at most ``limit`` characters."""
    text = "".join(ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch)[0] == "C"
                   else ch for ch in str(value)[:limit + 1])
    return text[:limit] + "…" if len(text) > limit else text


def _position(name: str, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(name)
    return Position(name, mark.line + 1, mark.column + 1)


def _walk(node: yaml.Node, loc: Loc, smap: SourceMap, problems: list[Problem]) -> None:
    smap.values[loc] = _position(smap.path, node.start_mark)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            key_pos = _position(smap.path, key_node.start_mark)
            if key_node.tag != "tag:yaml.org,2002:str":  # 1:, ~:, true:, 2027-01-31: are no names
                problems.append(Problem(key_pos, f'key "{shown(key)}" is not text',
                                        f'quote it: "{shown(key)}":'))
            if key in seen:
                problems.append(Problem(
                    key_pos, f'duplicate key "{shown(key)}" (first set on line {seen[key].line})',
                    "keep one of the two; YAML would silently use the last one"))
            seen[key] = key_pos
            smap.keys[(*loc, key)] = key_pos
            _walk(value_node, (*loc, key), smap, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*loc, index), smap, problems)


def _codepoint(character: int | str) -> str:
    code = character if isinstance(character, int) else ord(character)
    return f"U+{code:04X}"


class _Refused(yaml.MarkedYAMLError):
    """A document jdgen will not load, with where and what to do."""

    def __init__(self, mark: yaml.Mark | None, problem: str, hint: str):
        super().__init__(problem=problem, problem_mark=mark)
        self.hint = hint


class _Bounds:
    """Composition and construction refusing documents nested too deep or too large once aliases
    expand, whichever parser (pure Python or libyaml's) gives the events.

    Each node's size (itself and everything under it) is recorded as it is composed, so an
    alias adds the size of what it repeats without the document ever being expanded.
    """

    def _start_bounds(self) -> None:
        self._values = 0
        self._sizes: dict[int, int] = {}
        self._depth = 0

    def _count(self, size: int, mark: yaml.Mark) -> None:
        self._values += size
        if self._values > MAX_VALUES:
            raise _Refused(mark, f"more than {MAX_VALUES:,} values (each alias counts what it repeats)",
                           "split the file, or remove aliases (*name) that repeat large values")

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)
            if id(node) not in self._sizes:
                raise _Refused(event.start_mark, f'alias "*{event.anchor}" is inside the value it names',
                               "remove the alias: a value cannot contain itself")
            self._count(self._sizes[id(node)], event.start_mark)
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(event.start_mark, f"nested more than {MAX_DEPTH} levels deep",
                           "flatten the structure")
        before = self._values
        node = super().compose_node(parent, index)
        self._depth -= 1
        self._count(1, event.start_mark)
        self._sizes[id(node)] = self._values - before
        return node

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception:  # an explicit tag on a value it does not fit: !!int abc, !!bool maybe
            tag = node.tag.rsplit(":", 1)[-1]
            raise _Refused(node.start_mark, f"not a valid !!{tag} value",
                           "remove the tag, or write a value of that type") from None

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if len(node.value) > MAX_NUMBER:
            raise _Refused(node.start_mark, f"number too long ({len(node.value):,} characters)",
                           f"write at most {MAX_NUMBER} digits, or quote it if it is text")
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        """A date that does not exist (2027-02-30) stays text, for validation to point at."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


class _BoundedLoader(_Bounds, yaml.SafeLoader):
    """The pure-Python safe loader, bounded: its errors are the ones jdgen reports."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._start_bounds()


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)
_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _BoundedLoader.construct_yaml_timestamp)

try:
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None
if _CParser is not None:
    class _FastLoader(_Bounds, yaml.composer.Composer, _CParser, yaml.constructor.SafeConstructor,
                      yaml.resolver.Resolver):
        """libyaml's parser (about ten times faster) under the same Python composer, bounds and
        constructors: its events carry the same line and column.  A document it refuses is
        parsed again with :class:`_BoundedLoader`, so every error reads as before."""

        def __init__(self, stream: str):
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self._start_bounds()

    _FastLoader.yaml_constructors = _BoundedLoader.yaml_constructors
else:  # pragma: no cover - PyYAML without libyaml
    _FastLoader = None


def _read(path: Path, what: str, inside: Sequence[Path] | None) -> bytes:
    """The file's bytes, through the gate: a regular file of at most :data:`MAX_BYTES`."""
    return read_bytes(path, inside=inside, what=what, limit=MAX_BYTES, error=ConfigurationError)


def _decode(data: bytes, name: str) -> str:
    """``data`` as text, refusing invalid UTF-8 by line and column (not byte offset)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ConfigurationError(Problem(Position(name, 1, 1), "saved as UTF-16, not UTF-8",
                                         "save the file as UTF-8"))
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[line_start:exc.start].decode("utf-8").removeprefix("\ufeff")) + 1
        raise ConfigurationError(Problem(
            Position(name, line, col), f"not valid UTF-8 (byte 0x{data[exc.start]:02X})",
            "save the file as UTF-8")) from None


def load_yaml(path: Path, *, what: str = "file", inside: Sequence[Path] | None = None,
              data: bytes | None = None) -> Loaded:
    """Read ``path`` as one YAML document with the safe loader, keeping positions.

    Raises :class:`ConfigurationError` for a missing, unreadable, over-large or non-UTF-8 file,
    bad syntax, unsafe tags, duplicate keys and documents too deep or too large (see
    :data:`MAX_VALUES`), each with file, line and column.  ``inside`` are the folders the file
    must stay in (see :mod:`jdgen.gate`); None for a file the user named.  ``data`` is the
    file's bytes when they were already read through the gate (for a build key), not read again.
    """
    return parse_yaml(_read(path, what, inside) if data is None else data, display_path(path),
                      what=what)


def parse_yaml(data: bytes, name: str, *, what: str = "file") -> Loaded:
    """``data`` (a file's bytes, or an upload named ``name``) as one YAML document, with the
    checks and positioned errors of :func:`load_yaml`.

    The same bytes under the same name parse to the same :class:`Loaded`, kept for the next
    build in this process (a batch, a web app, an API caller building again): it is shared, so
    it is read, never changed (:func:`jdgen.inheritance.resolve` merges into copies)."""
    global _parsed_bytes
    key = (name, what, data)
    with _PARSED_LOCK:  # a web app's threads share it
        if (known := _PARSED.get(key)) is not None:
            _PARSED.move_to_end(key)
            return known
    loaded = _parse(data, name, what)
    with _PARSED_LOCK:
        if key not in _PARSED:
            _PARSED[key] = loaded
            _parsed_bytes += len(data)
        while len(_PARSED) > 1 and (len(_PARSED) > PARSED_ENTRIES or _parsed_bytes > PARSED_BYTES):
            (_, _, dropped), _ = _PARSED.popitem(last=False)
            _parsed_bytes -= len(dropped)
    return loaded


#: How many parsed documents (and bytes of YAML) :func:`parse_yaml` keeps, least recently used
#: dropped first: a library's roles and checklists and a few company files.
PARSED_ENTRIES, PARSED_BYTES = 128, 16 * 2**20
_PARSED: OrderedDict[tuple[str, str, bytes], Loaded] = OrderedDict()
_PARSED_LOCK = threading.Lock()
_parsed_bytes = 0


def _parse(data: bytes, name: str, what: str) -> Loaded:
    if len(data) > MAX_BYTES:
        raise ConfigurationError(Problem(Position(name), f"{what} is larger than "
                                         f"{MAX_BYTES // 1024 // 1024} MiB", "use a smaller file"))
    text = _decode(data, name)

    if _FastLoader is not None and not _NON_PRINTABLE.search(text):
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
            value = loader.construct_document(node) if node is not None else None
        except (yaml.YAMLError, RecursionError):
            pass  # parsed again below, for the error as the pure-Python loader words it
        else:
            return _loaded(data, name, what, node, value)
        finally:
            loader.dispose()

    loader = None
    try:
        loader = _BoundedLoader(text)  # the reader checks every character here already
        loader.name = name
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except _Refused as exc:
        raise ConfigurationError(Problem(_position(name, exc.problem_mark), exc.problem,
                                         exc.hint)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if "could not determine a constructor" in problem:
            tag = problem.rsplit("tag:yaml.org,2002:", 1)[-1].rsplit("tag", 1)[-1].strip(" '")
            raise ConfigurationError(Problem(
                _position(name, mark), f"unsupported YAML tag !!{tag}",
                "remove the tag; jdgen reads plain YAML values only")) from None
        if "unhashable key" in problem:
            raise ConfigurationError(Problem(_position(name, mark), "a key is a list or a mapping",
                                             "write the key as text")) from None
        raise ConfigurationError(Problem(
            _position(name, mark), f"invalid YAML: {problem}",
            "fix the syntax (indentation, a missing colon, or quote the value)")) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ConfigurationError(Problem(
            Position(name, line, col), f"invalid character {_codepoint(exc.character)} in the file",
            "remove it, or write it as an escape inside a double-quoted string")) from None
    except yaml.YAMLError as exc:
        raise ConfigurationError(Problem(Position(name, 1, 1), f"invalid YAML: {exc}",
                                         "fix the syntax")) from None
    finally:
        if loader is not None:
            loader.dispose()
    return _loaded(data, name, what, node, value)


#: Characters the pure-Python reader refuses (yaml.reader.Reader.NON_PRINTABLE); a text with one
#: goes straight to that reader, for its error.
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE


def _loaded(data: bytes, name: str, what: str, node: yaml.Node | None, value: object) -> Loaded:
    """The document's data with the positions of its keys and values, or its problems."""
    smap = SourceMap(name)
    problems: list[Problem] = []
    if node is not None:
        _walk(node, (), smap, problems)
    if problems:
        raise ConfigurationError(problems)
    if not isinstance(value, dict):
        raise ConfigurationError(Problem(
            smap.locate(()), f"expected a mapping of keys to values at the top of the {what}",
            "start the file with lines such as `name: …`"))
    return Loaded(value, smap, raw=data)
