"""Load YAML safely and keep where every key and value came from.

PyYAML's composer gives each node a start mark; we construct the data with the safe constructor
from the very same node tree, and record the marks by path (``("locations", 0, "city")``), so
validation errors and, later, lint findings can point at ``FILE:LINE:COL``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from jdgen.errors import ConfigurationError, Position, Problem

Loc = tuple[str | int, ...]


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


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the current folder when inside it."""
    absolute, here = Path(os.path.abspath(path)), Path(os.path.abspath(Path.cwd()))
    try:
        return str(absolute.relative_to(here))  # symlinks are named as written, not resolved
    except ValueError:
        return str(path)


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
            if key in seen:
                problems.append(Problem(
                    key_pos, f'duplicate key "{key}" (first set on line {seen[key].line})',
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


def load_yaml(path: Path, *, what: str = "file") -> Loaded:
    """Read ``path`` as one YAML document with the safe loader, keeping positions.

    Raises :class:`ConfigurationError` for a missing or unreadable file, bad syntax, unsafe tags
    and duplicate keys, each with file, line and column.
    """
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigurationError(Problem(
            Position(name), f"{what} not found", "check the path and the spelling")) from None
    except IsADirectoryError:
        raise ConfigurationError(Problem(
            Position(name), f"expected a YAML {what}, found a folder",
            "name the .yaml file inside it")) from None
    except UnicodeDecodeError as exc:
        raise ConfigurationError(Problem(
            Position(name), f"not valid UTF-8 (byte {exc.start})", "save the file as UTF-8")) from None
    except OSError as exc:
        raise ConfigurationError(Problem(
            Position(name), f"cannot read {what}: {exc.strerror}", "check its permissions")) from None

    loader = None
    try:
        loader = yaml.SafeLoader(text)  # the reader checks every character here already
        loader.name = name
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if "could not determine a constructor" in problem:
            tag = problem.rsplit("tag:yaml.org,2002:", 1)[-1].rsplit("tag", 1)[-1].strip(" '")
            raise ConfigurationError(Problem(
                _position(name, mark), f"unsupported YAML tag !!{tag}",
                "remove the tag; jdgen reads plain YAML values only")) from None
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

    smap = SourceMap(name)
    problems: list[Problem] = []
    if node is not None:
        _walk(node, (), smap, problems)
    if problems:
        raise ConfigurationError(problems)
    if not isinstance(data, dict):
        raise ConfigurationError(Problem(
            smap.locate(()), f"expected a mapping of keys to values at the top of the {what}",
            "start the file with lines such as `name: …`"))
    return Loaded(data, smap)
