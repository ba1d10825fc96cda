"""Derived roles and checklists: ``extends: PARENT`` merged before validation, positions kept.

Roles: a plain key replaces the parent's value; ``key+: [...]`` appends to the parent's list;
a mapping that holds ``+`` keys merges into the parent's mapping the same way.

Checklists: besides plain keys, ``drop: [task-id…]`` removes tasks, ``reword: {task-id: {…}}``
changes fields of a task, and ``add: [{phase: PHASE-ID, after: TASK-ID, …task…}]`` inserts tasks.

Every merged value keeps the position it came from (the parent's file or the derived file), so
a validation error in a derived role still points at the right FILE:LINE:COL.  Positions are
moved in passes over each file's position tables, never once per key, so a hostile file of
many keys or tasks costs linear time.  Chains are at most :data:`MAX_EXTENDS` files deep.
"""

from __future__ import annotations

import copy
import difflib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field

from jdgen.errors import ConfigurationError, Position, Problem
from jdgen.sources import Loaded, Loc, SourceMap, shown

APPEND = "+"
CHECKLIST_EDITS = ("drop", "reword", "add")
#: The most parents a file may have above it: its parent, grandparent… up to this many.
MAX_EXTENDS = 10
#: The most files that may wait on their parents at once: a longer chain is refused before it
#: can exhaust the stack (below this, the error names the first file too deep from the top).
_MAX_WAITING = 5 * MAX_EXTENDS

#: One position of a source map: its table ("values" or "keys"), its path, the position.
Entry = tuple[str, Loc, Position]


def _entries(smap: SourceMap) -> Iterator[Entry]:
    for table in ("values", "keys"):
        for loc, position in getattr(smap, table).items():
            yield table, loc, position


def _group(smap: SourceMap, depth: int) -> dict[Loc, list[Entry]]:
    """``smap``'s entries by the first ``depth`` parts of their path, paths made relative to that."""
    groups: dict[Loc, list[Entry]] = defaultdict(list)
    for table, loc, position in _entries(smap):
        if len(loc) >= depth:
            groups[loc[:depth]].append((table, loc[depth:], position))
    return groups


@dataclass
class _Plan:
    """What a merge does to positions: paths the child replaces, and lists it appends to."""

    replaced: set[Loc] = field(default_factory=set)
    #: the child's ``key+`` path → the list it appends to and the index its first item gets
    appended: dict[Loc, tuple[Loc, int]] = field(default_factory=dict)


def _merge(parent: dict, child: dict, child_map: SourceMap, plan: _Plan, loc: Loc = ()) -> dict:
    """``child`` merged over ``parent`` (see module doc), recording in ``plan`` what moved."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(key, str) and key.endswith(APPEND):
            base = key[:-1]
            existing = merged.get(base, [])
            if not isinstance(existing, list) or not isinstance(value, list):
                raise ConfigurationError(Problem(
                    child_map.locate((*loc, key), prefer_key=True),
                    f'"{key}" appends to a list, but "{base}" is not a list here',
                    f'write "{base}:" to replace the value instead'))
            plan.appended[(*loc, key)] = ((*loc, base), len(existing))
            merged[base] = existing + value
        elif (isinstance(value, dict) and isinstance(merged.get(key), dict)
              and any(isinstance(k, str) and k.endswith(APPEND) for k in value)):
            merged[key] = _merge(merged[key], value, child_map, plan, (*loc, key))
        else:
            plan.replaced.add((*loc, key))
            if isinstance(key, str):  # a `key+` earlier in this mapping appended to what is replaced
                plan.appended.pop((*loc, key + APPEND), None)
            merged[key] = value
    return merged


def _positions(parent: SourceMap, child: SourceMap, plan: _Plan) -> SourceMap:
    """The merged file's positions: the parent's, except where ``plan`` says the child's."""
    smap = SourceMap(child.path)
    for table, loc, position in _entries(parent):
        if not any(loc[:k] in plan.replaced for k in range(1, len(loc) + 1)):
            getattr(smap, table)[loc] = position
    for table, loc, position in _entries(child):
        for k in range(1, len(loc) + 1):
            if loc[:k] in plan.replaced:
                getattr(smap, table)[loc] = position
                break
            if loc[:k] in plan.appended:
                if len(loc) > k:
                    base, offset = plan.appended[loc[:k]]
                    getattr(smap, table)[(*base, offset + loc[k], *loc[k + 1:])] = position
                break
    return smap


def resolve(loaded: Loaded, item_id: str, load_parent: Callable[[str], Loaded],
            known: Callable[[], list[str]], chain: tuple[str, ...] = (),
            edits: Callable[[dict, Loaded, SourceMap], dict] | None = None) -> Loaded:
    """``loaded`` with its ``extends:`` chain merged in; errors for unknown parents, cycles and
    chains more than :data:`MAX_EXTENDS` deep.

    ``load_parent(id)`` returns the parent's raw, already resolved document; ``chain`` holds the
    files waiting on this one; ``edits`` applies kind-specific instructions (the checklist ones)
    after the plain merge.
    """
    data = dict(loaded.data)
    parent_id = data.pop("extends", None)
    if parent_id is None:
        return loaded
    where = loaded.source.locate(("extends",))
    if not isinstance(parent_id, str):
        raise ConfigurationError(Problem(where, "extends must name one parent by its id",
                                         "write `extends: ID`, e.g. `extends: vp-sales`"))
    if parent_id not in known():
        names = sorted(n for n in known() if not n.startswith("builtin/"))
        close = difflib.get_close_matches(parent_id, names, n=1)
        hint = f'did you mean "{close[0]}"?' if close else \
            f"extend one of: {_some(names)} (or builtin/ID for a built-in one)"
        raise ConfigurationError(Problem(where, f'extends an unknown "{shown(parent_id)}"', hint))
    if parent_id in (*chain, item_id):
        cycle = " → ".join((*chain, item_id, parent_id))
        raise ConfigurationError(Problem(where, f"extends form a cycle: {cycle}",
                                         "break the cycle: a parent cannot extend its child"))
    too_deep = Problem(where, f"extends goes more than {MAX_EXTENDS} files deep",
                       "extend a file nearer the top of the chain")
    if len(chain) >= _MAX_WAITING:
        raise ConfigurationError(too_deep)
    parent = load_parent(parent_id)
    if parent.depth >= MAX_EXTENDS:
        raise ConfigurationError(too_deep)
    instructions = {k: data.pop(k) for k in CHECKLIST_EDITS if edits and k in data}
    plan = _Plan()
    merged = _merge(copy.deepcopy(parent.data), data, loaded.source, plan)
    smap = _positions(parent.source, loaded.source, plan)
    if "id" not in data:
        merged["id"] = item_id  # a derived file is named after its own id
    smap.values[()] = loaded.source.locate(())
    if edits and instructions:
        merged = edits(merged, Loaded(instructions, loaded.source), smap)
    return Loaded(merged, smap, parent.depth + 1)


_SHAPES = {
    "drop": (list, "a list of task ids", "write `drop: [task-id, …]`"),
    "reword": (dict, "a mapping of task ids to the fields they change",
               "write `reword: {task-id: {owner: HR}}`"),
    "add": (list, "a list of tasks", "write `add: [{phase: PHASE-ID, id: …, task: …, owner: …}]`"),
}


def _check_shapes(edits: dict, source: SourceMap) -> None:
    """Refuse ``drop``, ``reword`` and ``add`` that are not written as the module doc says."""
    problems = [Problem(source.locate((key,)), f'"{key}" must be {what}', hint)
                for key, (kind, what, hint) in _SHAPES.items()
                if edits.get(key) is not None and not isinstance(edits[key], kind)]
    if isinstance(edits.get("drop"), list):
        problems += [Problem(source.locate(("drop", i)), '"drop" entries must be task ids',
                             "write `drop: [task-id, …]`")
                     for i, task_id in enumerate(edits["drop"]) if isinstance(task_id, list | dict)]
    if isinstance(edits.get("reword"), dict):
        problems += [Problem(source.locate(("reword", task_id)),
                             f'"reword" of "{task_id}" must be a mapping of the fields it changes',
                             f"write `{task_id}: {{owner: HR}}`")
                     for task_id, fields in edits["reword"].items() if not isinstance(fields, dict)]
    if isinstance(edits.get("add"), list):
        problems += [Problem(source.locate(("add", i)), '"add" entries must be tasks',
                             "write `- {phase: PHASE-ID, id: …, task: …, owner: …}`")
                     for i, entry in enumerate(edits["add"]) if not isinstance(entry, dict)]
    if problems:
        raise ConfigurationError(problems)


def _some(names: Iterable[object], limit: int = 12) -> str:
    """``names`` joined by commas, at most ``limit`` of them."""
    names = list(names)
    listed = ", ".join(shown(name, 40) for name in names[:limit])
    return f"{listed}, … ({len(names) - limit} more)" if len(names) > limit else listed


def _well_formed(phases: object) -> bool:
    return isinstance(phases, list) and all(
        isinstance(phase, dict) and isinstance(phase.get("tasks") or [], list)
        and all(isinstance(task, dict) for task in phase.get("tasks") or [])
        for phase in phases)


def _ordered(row: list[int], after: dict[int, list[int]]) -> list[int]:
    """``row`` with the tasks inserted after each task placed right behind it, newest first
    (as repeated list insertions at ``index(anchor) + 1`` would place them)."""
    order: list[int] = []
    stack = row[::-1]
    while stack:
        task = stack.pop()
        order.append(task)
        stack.extend(after.get(task, ()))
    return order


def edit_checklist(merged: dict, instructions: Loaded, smap: SourceMap) -> dict:
    """Apply ``drop``, ``reword`` and ``add`` to a merged checklist's phases, by task id."""
    source, edits = instructions.source, instructions.data
    phases = merged.get("phases") or []
    if not _well_formed(phases):
        return merged  # validation reports what is wrong with the phases
    _check_shapes(edits, source)
    inherited, written = _group(smap, 4), _group(source, 2)
    # every task once, with its positions (paths relative to the task); rows list them by phase
    tasks: list[tuple[dict, list[Entry]]] = []
    rows: list[list[int]] = []
    for p, phase in enumerate(phases):
        rows.append([])
        for t, task in enumerate(phase.get("tasks") or []):
            rows[p].append(len(tasks))
            tasks.append((task, inherited.get(("phases", p, "tasks", t), [])))
    problems: list[Problem] = []

    def locate() -> dict[Hashable, tuple[int, int]]:
        return {task_id: (p, n) for p, row in enumerate(rows) for n in row
                if isinstance(task_id := tasks[n][0].get("id"), Hashable)}

    def unknown(loc: Loc, task_id: object) -> None:
        problems.append(Problem(source.locate(loc), f'no task "{shown(task_id)}" to change',
                                "use a task id from the parent checklist"))

    located, dropped = locate(), set()
    for i, task_id in enumerate(edits.get("drop") or []):
        n = located.get(task_id, (0, None))[1]
        if n is None or n in dropped:
            unknown(("drop", i), task_id)
        else:
            dropped.add(n)
    rows = [[n for n in row if n not in dropped] for row in rows]
    located = locate()
    for task_id, fields in (edits.get("reword") or {}).items():
        if task_id not in located:
            unknown(("reword", task_id), task_id)
            continue
        n = located[task_id][1]
        task, entries = tasks[n]
        kept = [e for e in entries if not (e[1] and e[1][0] in fields)]
        new = [e for e in written.get(("reword", task_id), []) if e[1] and e[1][0] in fields]
        tasks[n] = ({**task, **fields}, kept + new)
    phase_at: dict[Hashable, int] = {}
    for p, phase in reversed(list(enumerate(phases))):
        if isinstance(phase.get("id"), Hashable):
            phase_at[phase.get("id")] = p
    after_task: dict[int, list[int]] = defaultdict(list)
    for i, entry in enumerate(edits.get("add") or []):
        p = phase_at.get(entry.get("phase")) if isinstance(entry.get("phase"), Hashable) else None
        if p is None:
            problems.append(Problem(source.locate(("add", i, "phase")),
                                    f'no phase "{shown(entry.get("phase"))}" to add a task to',
                                    f"use one of: {_some(phase.get('id') for phase in phases)}"))
            continue
        after = entry.get("after")
        if after is None:
            rows[p].append(len(tasks))
        elif isinstance(after, Hashable) and located.get(after, (None,))[0] == p:
            after_task[located[after][1]].append(len(tasks))
        else:
            problems.append(Problem(source.locate(("add", i, "after")),
                                    f'no task "{shown(after)}" in phase "{shown(entry["phase"])}"',
                                    "name a task of that phase, or leave `after` out"))
            continue
        task = {k: v for k, v in entry.items() if k not in ("phase", "after")}
        if isinstance(task.get("id"), Hashable):
            located[task.get("id")] = (p, len(tasks))
        tasks.append((task, [e for e in written.get(("add", i), [])
                             if not (e[1] and e[1][0] in ("phase", "after"))]))
    if problems:
        raise ConfigurationError(problems)

    for table in (smap.values, smap.keys):
        for loc in [loc for loc in table if len(loc) > 3 and loc[0] == "phases" and loc[2] == "tasks"]:
            del table[loc]
    result = []
    for p, phase in enumerate(phases):
        order = _ordered(rows[p], after_task)
        result.append({**phase, "tasks": [tasks[n][0] for n in order]})
        for t, n in enumerate(order):
            for table, loc, position in tasks[n][1]:
                getattr(smap, table)[("phases", p, "tasks", t, *loc)] = position
    return {**merged, "phases": result}
