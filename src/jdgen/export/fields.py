"""Form fields in a rendered document: what each exporter needs to know about them.

Templates write fill-in forms (a scorecard, a reference-check guide) as plain HTML fields, which
the sanitiser lets through (:data:`jdgen.sanitize.INPUT_TYPES`):

- ``<input type="text" name>``: one line of text;
- ``<textarea name rows>``: several lines;
- ``<input type="radio" name value>``: one choice of a group of the same ``name`` (in a
  ``<fieldset>`` whose ``<legend>`` names the group);
- ``<input type="checkbox" name>``: a tick box.

Each has an accessible name, found as a browser finds it: ``aria-label``, else a ``<label
for>`` or a ``<label>`` around it, else ``title``, else (a radio button) its fieldset's legend,
else its ``name``.  Every format makes a real field of each (PDF form fields, Word content
controls, HTML inputs) or, on paper-only formats, a line to write on or a box to tick.
"""

from __future__ import annotations

import re

#: The kinds of field: ``text``, ``textarea``, ``radio`` and ``checkbox``.
KINDS = ("text", "textarea", "radio", "checkbox")
#: Lines a ``<textarea>`` without ``rows`` gives room for.
DEFAULT_ROWS = 3


def kind(element) -> str | None:
    """The field kind of an lxml element, or ``None`` if it is no field."""
    if not isinstance(element.tag, str):
        return None
    if element.tag == "textarea":
        return "textarea"
    if element.tag == "input":
        found = (element.get("type") or "").strip().lower()
        return found if found in KINDS else None
    return None


def rows(element) -> int:
    """The lines a textarea gives room for (``rows``, 1 to 40)."""
    value = (element.get("rows") or "").strip()
    return min(int(value), 40) if value.isdigit() and int(value) >= 1 else DEFAULT_ROWS


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _label_text(label, field) -> str:
    """A label's text without the field it may wrap (nor that field's value)."""
    parts = [label.text or ""]
    for child in label:
        if child is not field and isinstance(child.tag, str) and kind(child) is None:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return _squash("".join(parts))


def own_label(element) -> str:
    """The field's own accessible name (``aria-label``, label, ``title``), or ``""``."""
    if text := _squash(element.get("aria-label") or ""):
        return text
    field_id = element.get("id")
    if field_id:
        root = element.getroottree().getroot()
        for label in root.iter("label"):
            if label.get("for") == field_id and (text := _label_text(label, element)):
                return text
    for parent in element.iterancestors("label"):
        if text := _label_text(parent, element):
            return text
    return _squash(element.get("title") or "")


def group_label(element) -> str:
    """A radio button's group name: its fieldset's legend or ``aria-label``, else ``""``."""
    for fieldset in element.iterancestors("fieldset"):
        legend = fieldset.find("legend")
        if legend is not None and (text := _squash(legend.text_content())):
            return text
        if text := _squash(fieldset.get("aria-label") or ""):
            return text
    return ""


def accessible_name(element) -> str:
    """What a screen reader calls the field: for a radio button, its group and its own label
    (``Forecasting: 3``); for any field without a name of its own, its ``name``."""
    own = own_label(element)
    if kind(element) == "radio":
        group = group_label(element)
        if group and own:
            return f"{group}: {own}"
        return group or own or _squash(element.get("name") or "")
    return own or _squash(element.get("name") or "")


def field_name(element) -> str:
    """The field's ``name`` (what a filled-in form is read back by)."""
    return (element.get("name") or "").strip()
