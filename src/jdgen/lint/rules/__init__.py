"""The lint rules, one small module each.

A rule module has ``RULES`` (the :class:`~jdgen.lint.findings.Rule` s it reports),
``COMPLIANCE`` (true when it runs only with ``--compliance``) and
``check(context) -> Iterable[Finding]``.  Add a rule: one module here and one line below.
"""

from __future__ import annotations

import importlib
from types import ModuleType

RULE_MODULES = (
    "jdgen.lint.rules.gendered_language",
    "jdgen.lint.rules.gender_coded",
    "jdgen.lint.rules.exclusionary",
    "jdgen.lint.rules.readability",
    "jdgen.lint.rules.pay_transparency",
    "jdgen.lint.rules.org_seat",
    "jdgen.lint.rules.kit_trace",
)


def modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in RULE_MODULES]
