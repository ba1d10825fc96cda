"""JSON Schemas of the YAML files, from the pydantic models, for editors that autocomplete."""

from __future__ import annotations

import copy

from jdgen.models import Checklist, Company, Role

MODELS = {"company": Company, "role": Role, "checklist": Checklist}


def json_schema(kind: str) -> dict[str, object]:
    """The JSON Schema for a ``company``, ``role`` or ``checklist`` file.

    Role and checklist schemas also accept derived files: ``extends`` and, for each list,
    ``key+`` (append); a derived file needs no other key.  Checklists also take ``drop``,
    ``reword`` and ``add``.
    """
    model = MODELS[kind]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"jdgen {kind} file"
    if kind == "company":
        return schema
    properties = schema["properties"]
    for name, spec in list(properties.items()):
        if spec.get("type") == "array" or any(s.get("type") == "array" for s in spec.get("anyOf", [])):
            appended = copy.deepcopy(spec)
            appended["description"] = f"Items appended to the parent's `{name}`."
            properties[f"{name}+"] = appended
    properties["extends"] = {
        "type": "string", "pattern": r"^(builtin/)?[a-z0-9]+(-[a-z0-9]+)*$",
        "description": f"Inherit every key from another {kind} (`builtin/ID` for the built-in one).",
        "examples": ["vp-sales" if kind == "role" else "cso-search"]}
    if kind == "checklist":
        task = schema["$defs"]["Task"]
        properties["drop"] = {"type": "array", "items": {"type": "string"},
                              "description": "Ids of parent tasks to leave out."}
        properties["reword"] = {"type": "object", "description": "Fields to change, by task id.",
                                "additionalProperties": {"type": "object",
                                                         "properties": task["properties"],
                                                         "additionalProperties": False}}
        properties["add"] = {"type": "array", "description": "Tasks to insert into a phase.",
                             "items": {"type": "object", "required": ["phase", "id", "task", "owner"],
                                       "properties": {"phase": {"type": "string"},
                                                      "after": {"type": "string"},
                                                      **task["properties"]},
                                       "additionalProperties": False}}
    required = schema.pop("required", [])
    schema["anyOf"] = [{"required": ["extends"]}, {"required": required}]
    return schema
