"""Workspaces: a folder with its own company.yaml, roles/, checklists/, templates/ and output/.

Commands find the workspace by walking up from the current folder, as git finds a repository,
or take ``--workspace DIR``.  Its files are looked up before the built-in ones.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from jdgen import gate
from jdgen.errors import InputError, Position, Problem
from jdgen.output import write_files
from jdgen.sources import display_path

MARKER = "company.yaml"
SCHEMA_DIR = "schemas"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def company_file(self) -> Path:
        return self.root / MARKER

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """``templates/`` when there is one; it must not link out of the workspace."""
        if not os.path.lexists(self.templates_dir):
            return ()
        gate.checked_dir(self.templates_dir, inside=(self.root,), what="templates folder")
        return (self.templates_dir,)


def find_workspace(start: Path | None = None) -> Workspace | None:
    """The nearest folder at or above ``start`` (default: the current one) with a company.yaml.

    A workspace another user owns is not adopted silently (as git does with a repository):
    its files would decide what this user's build reads and writes.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        marker = folder / MARKER
        if os.path.lexists(marker):
            owners = {os.lstat(marker).st_uid, os.stat(folder).st_uid}
            if owners != {os.geteuid()}:
                other = next(iter(owners - {os.geteuid()}))
                raise InputError(Problem(
                    Position(display_path(marker)),
                    f"this workspace belongs to another user (uid {other}), so jdgen does not use it",
                    f"if you trust it, pass --workspace {display_path(folder)}"))
            return Workspace(folder)
    return None


def open_workspace(path: Path) -> Workspace:
    """The workspace at ``path`` (from ``--workspace``), which must hold a company.yaml."""
    if not os.path.lexists(path / MARKER):
        raise InputError(Problem(Position(str(path)), f"not a jdgen workspace (no {MARKER})",
                                 f"run `jdgen init {path}` to make one"))
    return Workspace(path.resolve())


COMPANY_TEMPLATE = """\
# yaml-language-server: $schema=schemas/company.schema.json
# The company every document in this workspace is built for. Edit the values; unknown keys are
# errors, so a typo is reported with its line and column. `jdgen validate` checks this file.

name: Example Company
website: https://example.com
industry: B2B software
about: >-
  One paragraph about the company: what it makes, for whom, and why people join.
headquarters:
  city: London
  country: United Kingdom
locations:                      # where the role may be based; `remote: true` for remote
  - city: London
    country: United Kingdom
  - remote: true
    country: United Kingdom
headcount: 150
stage: series-b                 # bootstrapped, seed, series-a … growth, private-equity, public
sales_channels: [direct sales, partners]
product_lines: 2
markets: [United Kingdom, Ireland]
reports_to:                     # who each role reports to here, by role id (optional)
  cso: Chief Executive Officer
hiring_manager:
  name: Sam Taylor
  title: Chief Executive Officer
  email: sam.taylor@example.com
apply:
  url: https://example.com/careers
  email: careers@example.com
  # deadline: 2027-03-31
compensation:                   # your own ranges, by role id; else the role's market benchmark
  cso:
    currency: GBP
    base_min: 180000
    base_max: 220000
    variable_target: 90000
    variable_note: Annual bonus tied to revenue and margin targets.
    equity: Share options.
benefits:
  - 28 days of holiday plus public holidays.
  - Private medical cover.
eeo_statement: >-
  We welcome applicants of every background and judge every application on skills and
  potential alone. Tell us about any adjustment you need during the process.
search:                         # facts that decide which checklist tasks apply
  internal_candidate: false
  first_sales_leader: false
  use_search_firm: true
  confidential: false
  board_approval: true
brand:
  primary_color: "#1F4E79"
  # logo: logo.png              # PNG or JPEG in this folder
  # reference_docx: styles.docx # a Word file whose styles the DOCX output uses
  page_size: A4                 # or Letter
"""

README_TEMPLATE = """\
# jdgen workspace

- `company.yaml`: the company every document here is built for (`jdgen validate` checks it).
- `roles/`: your own roles, or roles that refine a built-in one:

  ```yaml
  # roles/vp-sales-emea.yaml
  extends: vp-sales              # inherit everything from the built-in VP of Sales
  title: VP of Sales, EMEA
  responsibilities+:             # `+` appends to the parent's list; a plain key replaces
    - area: EMEA expansion
      items: [Open the first partner channel in the Nordics.]
  ```

- `checklists/`: your own checklists, or one that extends `cso-search` and drops, rewords or
  adds tasks by id (`drop: [task-id]`, `reword: {task-id: {owner: HR}}`,
  `add: [{phase: sourcing, id: …, task: …, owner: HR}]`).
- `templates/`: templates here replace the built-in ones of the same name. Override one block:

  ```html
  {# templates/job-description.html #}
  {% extends "builtin/job-description.html" %}
  {% block summary %}<h2>Why this role</h2><p>{{ role.summary }}</p>{% endblock %}
  ```

  `jdgen templates list` shows every template and where it comes from; `jdgen templates eject
  NAME` copies a built-in one here to edit. A `templates/job-description.docx` written in Word
  with Jinja tags replaces the Word output of that document.
- `schemas/`: JSON Schemas your editor uses to autocomplete and check the YAML files.
- `output/`: what `jdgen build ROLE` writes.
"""


def init_workspace(root: Path) -> list[Path]:
    """Scaffold a workspace in ``root``; refuses to overwrite an existing company.yaml."""
    if os.path.lexists(root / MARKER):
        raise InputError(Problem(Position(str(root / MARKER)), "a workspace is already here",
                                 "pick another folder, or edit the files that are there"))
    if root.exists() and not root.is_dir():
        raise InputError(Problem(Position(str(root)), "is a file, not a folder",
                                 "name a new or empty folder for the workspace"))
    try:
        return _scaffold(root)
    except OSError as exc:
        raise InputError(Problem(Position(display_path(Path(exc.filename or root))),
                                 f"cannot create the workspace here: {exc.strerror or exc}",
                                 "choose a folder you can write to")) from None


def _scaffold(root: Path) -> list[Path]:
    from jdgen.schemas import MODELS, json_schema

    for folder in ("roles", "checklists", "templates", "output", SCHEMA_DIR):
        (root / folder).mkdir(parents=True, exist_ok=True)
    files = {
        MARKER: COMPANY_TEMPLATE,
        "README.md": README_TEMPLATE,
        ".gitignore": "output/\n",
        **{f"{SCHEMA_DIR}/{kind}.schema.json": json.dumps(json_schema(kind), indent=2) + "\n"
           for kind in MODELS},
    }
    return write_files(  # never through a link planted in the folder
        {root / name: text.encode("utf-8") for name, text in files.items()},
        inside=(root,), what="workspace file")
