"""Checklist ``when:`` conditions: small Jinja expressions over a company's facts.

They run in the templates' sandbox (:mod:`jdgen.sandbox`) with strict undefined names, so a
condition can only read the facts it is given (:data:`jdgen.models.FACT_NAMES`), can never call
into Python, and is bounded in size and time like a template.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from jinja2 import StrictUndefined, TemplateSyntaxError, meta

from jdgen.models import FACT_NAMES
from jdgen.sandbox import DataSandbox, make_environment


class ConditionError(ValueError):
    """A condition that does not parse or names a fact that does not exist."""


@cache
def _env() -> DataSandbox:
    env = make_environment(undefined=StrictUndefined)
    env.add_filters()
    return env


@lru_cache(maxsize=4096)  # conditions come from user files: bounded for a long-running server
def compile_condition(expression: str) -> Callable[..., object]:
    """Compile ``expression`` after checking its syntax and the names it uses."""
    env = _env()
    try:
        names = meta.find_undeclared_variables(env.parse("{{ (" + expression + ") }}"))
        compiled = env.compile_expression(expression, undefined_to_none=False)
    except TemplateSyntaxError as exc:
        raise ConditionError(f"condition does not parse: {exc.message}") from None
    except RecursionError:
        raise ConditionError("condition is nested too deeply") from None
    unknown = sorted(names - set(FACT_NAMES))
    if unknown:
        raise ConditionError(f'condition uses unknown name "{unknown[0]}"')
    return compiled


def evaluate(expression: str, facts: dict[str, object]) -> bool:
    """True when ``expression`` holds for ``facts``."""
    return bool(compile_condition(expression)(**facts))
