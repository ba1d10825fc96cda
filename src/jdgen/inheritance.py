"""Derived roles and checklists: ``extends: PARENT`` merged before validation, positions kept.

Roles: a plain key replaces the parent's value; ``key+: [...]`` appends to the parent's list;
a mapping that holds ``+`` keys merges into the parent's mapping the same way.

Checklists: besides plain keys, ``drop: [task-id…]`` removes tasks, ``reword: {task-id: {…}}``
changes fields of a task, and ``add: [{phase: PHASE-ID, after: TASK-ID, …task…}]`` inserts tasks.

Every merged value keeps the position it came from (the parent's file or the derived file), so
a validation error in a derived role still points at the right FILE:LINE:COL.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable

from jdgen.errors import ConfigurationError, Problem
from jdgen.sources import Loaded, Loc, SourceMap

APPEND = "+"
CHECKLIST_EDITS = ("drop", "reword", "add")


def _graft(target: SourceMap, source: SourceMap, old: Loc, new: Loc) -> None:
    """Copy ``source``'s positions under ``old`` into ``target`` under ``new``."""
    for table_name in ("values", "keys"):
        table, into = getattr(source, table_name), getattr(target, table_name)
        for loc, position in table.items():
            if loc[:len(old)] == old:
                into[new + loc[len(old):]] = position


def _prune(target: SourceMap, prefix: Loc) -> None:
    for table in (target.values, target.keys):
        for loc in [loc for loc in table if loc[:len(prefix)] == prefix]:
            del table[loc]


def merge_mapping(parent: dict, child: dict, smap: SourceMap, child_map: SourceMap,
                  loc: Loc = ()) -> dict:
    """``child`` merged over ``parent`` (see module doc); ``smap`` is updated to match."""
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
            for index in range(len(value)):
                _graft(smap, child_map, (*loc, key, index), (*loc, base, len(existing) + index))
            merged[base] = existing + value
        elif (isinstance(value, dict) and isinstance(merged.get(key), dict)
              and any(isinstance(k, str) and k.endswith(APPEND) for k in value)):
            merged[key] = merge_mapping(merged[key], value, smap, child_map, (*loc, key))
        else:
            _prune(smap, (*loc, key))
            _graft(smap, child_map, (*loc, key), (*loc, key))
            merged[key] = value
    return merged


def resolve(loaded: Loaded, item_id: str, load_parent: Callable[[str], Loaded],
            known: Callable[[], list[str]], chain: tuple[str, ...] = (),
            edits: Callable[[dict, Loaded, SourceMap], dict] | None = None) -> Loaded:
    """``loaded`` with its ``extends:`` chain merged in; errors for unknown parents and cycles.

    ``load_parent(id)`` returns the parent's raw, already resolved document; ``edits`` applies
    kind-specific instructions (the checklist ones) after the plain merge.
    """
    data = dict(loaded.data)
    parent_id = data.pop("extends", None)
    if parent_id is None:
        return loaded
    where = loaded.source.locate(("extends",))
    if not isinstance(parent_id, str) or parent_id not in known():
        names = sorted(n for n in known() if not n.startswith("builtin/"))
        close = difflib.get_close_matches(str(parent_id), names, n=1)
        hint = f'did you mean "{close[0]}"?' if close else \
            f"extend one of: {', '.join(names)} (or builtin/ID for a built-in one)"
        raise ConfigurationError(Problem(where, f'extends an unknown "{parent_id}"', hint))
    if parent_id in (*chain, item_id):
        cycle = " → ".join((*chain, item_id, parent_id))
        raise ConfigurationError(Problem(where, f"extends form a cycle: {cycle}",
                                         "break the cycle: a parent cannot extend its child"))
    parent = load_parent(parent_id)
    smap = SourceMap(loaded.source.path)
    _graft(smap, parent.source, (), ())
    instructions = {k: data.pop(k) for k in CHECKLIST_EDITS if edits and k in data}
    merged = merge_mapping(copy.deepcopy(parent.data), data, smap, loaded.source)
    if "id" not in data:
        merged["id"] = item_id  # a derived file is named after its own id
    smap.values[()] = loaded.source.locate(())
    result = Loaded(merged, smap)
    if edits and instructions:
        result = Loaded(edits(merged, Loaded(instructions, loaded.source), smap), smap)
    return result


def edit_checklist(merged: dict, instructions: Loaded, smap: SourceMap) -> dict:
    """Apply ``drop``, ``reword`` and ``add`` to a merged checklist's phases, by task id."""
    source, edits = instructions.source, instructions.data
    phases = merged.get("phases") or []
    problems: list[Problem] = []
    before = SourceMap(smap.path, dict(smap.values), dict(smap.keys))
    # each task with the map and place its positions come from
    tasks: list[list[tuple[dict, SourceMap, Loc]]] = [
        [(task, before, ("phases", p, "tasks", t)) for t, task in enumerate(phase.get("tasks", []))]
        for p, phase in enumerate(phases)]
    located: dict[str, tuple[int, int]] = {}

    def reindex() -> None:
        located.clear()
        for p, entries in enumerate(tasks):
            for t, (task, _, _) in enumerate(entries):
                located[task.get("id")] = (p, t)

    def unknown(loc: Loc, task_id: object) -> None:
        problems.append(Problem(source.locate(loc), f'no task "{task_id}" to change',
                                "use a task id from the parent checklist"))

    reindex()
    for i, task_id in enumerate(edits.get("drop") or []):
        if task_id in located:
            p, t = located[task_id]
            del tasks[p][t]
            reindex()
        else:
            unknown(("drop", i), task_id)
    for task_id, fields in (edits.get("reword") or {}).items():
        if task_id not in located or not isinstance(fields, dict):
            unknown(("reword", task_id), task_id)
            continue
        p, t = located[task_id]
        task, origin, at = tasks[p][t]
        changed = {**task, **fields}
        patch = SourceMap(origin.path)
        _graft(patch, origin, at, ())
        for field in fields:
            _graft(patch, source, ("reword", task_id, field), (field,))
        tasks[p][t] = (changed, patch, ())
    phase_ids = [phase.get("id") for phase in phases]
    for i, entry in enumerate(edits.get("add") or []):
        if not isinstance(entry, dict) or entry.get("phase") not in phase_ids:
            phase_id = entry.get("phase") if isinstance(entry, dict) else entry
            problems.append(Problem(source.locate(("add", i, "phase")),
                                    f'no phase "{phase_id}" to add a task to',
                                    f"use one of: {', '.join(map(str, phase_ids))}"))
            continue
        p = phase_ids.index(entry["phase"])
        after = entry.get("after")
        position = len(tasks[p])
        if after is not None:
            if located.get(after, (None,))[0] != p:
                problems.append(Problem(source.locate(("add", i, "after")),
                                        f'no task "{after}" in phase "{entry["phase"]}"',
                                        "name a task of that phase, or leave `after` out"))
                continue
            position = located[after][1] + 1
        task = {k: v for k, v in entry.items() if k not in ("phase", "after")}
        tasks[p].insert(position, (task, source, ("add", i)))
        reindex()
    if problems:
        raise ConfigurationError(problems)

    result = []
    for p, (phase, entries) in enumerate(zip(phases, tasks, strict=True)):
        result.append({**phase, "tasks": [task for task, _, _ in entries]})
        _prune(smap, ("phases", p, "tasks"))
        for t, (_, origin, at) in enumerate(entries):
            _graft(smap, origin, at, ("phases", p, "tasks", t))
    return {**merged, "phases": result}
