"""The advisor: which sales leader a company needs, a CSO, a VP of Sales or a CRO, and why.

:func:`advise` is pure: it weighs a company's facts (:func:`facts_of`) with a table of rules
(``rules.yaml`` beside this module, loaded by :func:`load_rules` through the project's YAML
loader, so a bad rule is reported at its FILE:LINE:COL) and returns an :class:`Advice`: the
recommendation, each role's score, the reasons (each rule that held, the fact and value that
triggered it, the article's finding and its source, the weight), the runner-up, the smallest
changes of facts that would change the answer (found by re-scoring, never written by hand),
and, for a named internal candidate, which readiness signals they show and which they lack.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from jdgen.errors import ConfigurationError, Problem
from jdgen.models import Currency, Slug, SourceRef, Stage, Strict, Text
from jdgen.sources import SourceMap

if TYPE_CHECKING:
    from jdgen.loading import Library
    from jdgen.models import Company

#: The rules shipped with jdgen.
RULES_FILE = Path(__file__).resolve().parent / "rules.yaml"

#: The facts a rule may test: name → (kind, what it is).  ``int`` facts are counts or numbers,
#: ``money`` an amount in the company's currency, ``bool`` yes or no, ``choice`` one of a set.
FACTS: dict[str, tuple[str, str]] = {
    "sales_channels": ("int", "how many sales channels (`sales_channels`)"),
    "product_lines": ("int", "how many product lines (`product_lines`)"),
    "markets": ("int", "how many markets (`markets`)"),
    "verticals": ("int", "how many verticals (`advisor.verticals`)"),
    "headcount": ("int", "employees today (`headcount`)"),
    "stage": ("choice", "funding stage (`stage`)"),
    "revenue": ("money", "yearly revenue (`advisor.revenue`)"),
    "recurring_revenue": ("bool", "most revenue recurs (`advisor.revenue.recurring`)"),
    "sales_trend": ("choice", "sales over the last year (`advisor.sales_trend`)"),
    "new_regions": ("int", "new regions planned (`advisor.expansion.new_regions`)"),
    "new_products": ("int", "new products planned (`advisor.expansion.new_products`)"),
    "one_owner_for_revenue": ("bool", "marketing, customer success and sales under one leader "
                                      "(`advisor.one_owner_for_revenue`)"),
    "board_approval": ("bool", "the board approves the hire (`search.board_approval`)"),
    "cso_readiness": ("int", "CSO readiness signals the internal candidate shows "
                             "(`advisor.internal_candidate.readiness`)"),
}
#: The values a ``choice`` fact may take.
CHOICES: dict[str, tuple[str, ...]] = {
    "stage": Stage.__args__,
    "sales_trend": ("growing", "flat", "declining"),
}
#: Where each fact comes from in a company file, for the reasons' wording.
FACT_KEYS = {name: text.rsplit("(`", 1)[1].rstrip("`)") for name, (_, text) in FACTS.items()}

Threshold = int | dict[Currency, Annotated[int, Field(ge=0)]]


class Rule(Strict):
    """One row of the table: a test of one fact, and the weight it adds to each role."""

    id: Slug
    fact: str = Field(description="The fact tested: one of FACTS.")
    at_least: Threshold | None = None
    at_most: Threshold | None = None
    equals: bool | int | str | None = None
    one_of: list[str] | None = None
    weights: dict[Slug, int] = Field(min_length=1)
    finding: Text = Field(description="What the cited article found, in our own words.")
    source: SourceRef

    @model_validator(mode="after")
    def _one_test(self) -> Rule:
        if self.fact not in FACTS:
            raise PydanticCustomError("unknown_fact", 'unknown fact "{fact}"', {
                "fact": self.fact, "field": "fact", "hint": f"use one of: {', '.join(FACTS)}"})
        tests = [name for name in ("at_least", "at_most", "equals", "one_of")
                 if getattr(self, name) is not None]
        if len(tests) != 1:
            raise PydanticCustomError("one_test", "a rule needs exactly one test, not {n}", {
                "n": len(tests), "hint": "give one of at_least, at_most, equals or one_of"})
        test, kind = tests[0], FACTS[self.fact][0]
        value = getattr(self, test)
        if test in ("at_least", "at_most"):
            fits = isinstance(value, dict) if kind == "money" else kind == "int" and not isinstance(
                value, dict)
        elif test == "equals":
            fits = isinstance(value, bool) if kind == "bool" else (
                kind == "choice" and value in CHOICES[self.fact])
        else:
            fits = kind == "choice" and all(v in CHOICES[self.fact] for v in value)
        if not fits:
            expected = {"int": "at_least or at_most with a whole number",
                        "money": "at_least or at_most with a threshold per currency "
                                 "({USD: 50000000})",
                        "bool": "equals: true or equals: false",
                        "choice": "equals or one_of with "
                                  + ", ".join(CHOICES.get(self.fact, ()))}[kind]
            raise PydanticCustomError("test_kind", "{test} does not fit the fact {fact}", {
                "test": test, "fact": self.fact, "field": test, "hint": f"use {expected}"})
        return self

    @property
    def test(self) -> tuple[str, object]:
        return next((name, getattr(self, name)) for name in ("at_least", "at_most", "equals",
                                                             "one_of")
                    if getattr(self, name) is not None)

    def holds(self, value: object) -> bool | None:
        """Whether the test holds for ``value``; None when the value is not known (or, for
        money, when the rule has no threshold in its currency)."""
        if value is None:
            return None
        name, expected = self.test
        if isinstance(value, Money):
            if value.currency not in expected:
                return None
            expected, value = expected[value.currency], value.amount
        if name == "at_least":
            return value >= expected
        if name == "at_most":
            return value <= expected
        if name == "equals":
            return value == expected
        return value in expected

    def describe(self, value: object = None) -> str:
        """The test in words: ``at least 2``, ``one of flat, declining``, ``is yes``; a money
        threshold in ``value``'s currency when it has one."""
        name, expected = self.test
        if isinstance(expected, dict):
            currencies = [value.currency] if isinstance(value, Money) and value.currency in expected \
                else list(expected)
            expected = " / ".join(f"{expected[currency]:,} {currency}" for currency in currencies)
        elif isinstance(expected, list):
            expected = ", ".join(expected)
        elif isinstance(expected, bool):
            expected = "yes" if expected else "no"
        return f"{'is' if name == 'equals' else name.replace('_', ' ')} {expected}"


class Rules(Strict):
    """The advisor's rules file."""

    roles: list[Slug] = Field(min_length=2, description="The roles weighed, in tie order.")
    readiness: dict[Slug, dict[Slug, Annotated[int, Field(ge=1)]]] = Field(
        default={}, description="Per role, the ids of its signals.internal_readiness entries.")
    sources: dict[str, SourceRef] = Field(default={}, description="Sources the rules cite "
                                          "(for YAML anchors).")
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Rules:
        seen: set[str] = set()
        for r, rule in enumerate(self.rules):
            if rule.id in seen:
                raise PydanticCustomError("duplicate_id", 'rule id "{id}" is used twice', {
                    "id": rule.id, "loc": ("rules", r, "id"), "hint": "give each rule its own id"})
            seen.add(rule.id)
            for role in rule.weights:
                if role not in self.roles:
                    raise PydanticCustomError("unknown_role", 'weight for "{role}", which '
                                              "`roles` does not list", {
                                                  "role": role, "loc": ("rules", r, "weights", role),
                                                  "hint": f"use one of: {', '.join(self.roles)}"})
        return self


@dataclass(frozen=True)
class Money:
    amount: int
    currency: str

    def __str__(self) -> str:
        return f"{self.amount:,} {self.currency}"


# --- loading ---------------------------------------------------------------------------------

def load_rules(library: Library, path: Path = RULES_FILE) -> tuple[Rules, SourceMap]:
    """The rules file, validated (positions in every error), and checked against the library:
    each role exists, and each readiness id points at one of the role's signals."""
    from jdgen import gate
    from jdgen.loading import validate
    from jdgen.sources import load_yaml

    loaded = load_yaml(path, what="advisor rules file", inside=gate.enclosing(path, library.roots))
    rules = validate(loaded, Rules)
    problems = []
    for r, role_id in enumerate(rules.roles):
        if role_id not in library.role_files:
            problems.append(Problem(loaded.source.locate(("roles", r)), f'unknown role "{role_id}"',
                                    f"use one of: {', '.join(sorted(library.role_files))}"))
    for role_id, ids in rules.readiness.items():
        if role_id not in library.role_files:
            problems.append(Problem(loaded.source.locate(("readiness", role_id), prefer_key=True),
                                    f'unknown role "{role_id}"', "use a role id of the library"))
            continue
        signals = library.role(role_id).signals
        count = len(signals.internal_readiness) if signals else 0
        for signal_id, number in ids.items():
            if number > count:
                problems.append(Problem(
                    loaded.source.locate(("readiness", role_id, signal_id)),
                    f'{role_id} has {count} readiness signals, not {number}',
                    f"number its signals.internal_readiness entries from 1 to {count}"))
    if problems:
        raise ConfigurationError(problems)
    return rules, loaded.source


def check_company(company: Company, source: SourceMap, rules: Rules) -> None:
    """The company's readiness ids must be ones the rules know (positioned errors)."""
    candidate = company.advisor.internal_candidate
    if candidate is None:
        return
    known = {signal for ids in rules.readiness.values() for signal in ids}
    problems = [
        Problem(source.locate(("advisor", "internal_candidate", "readiness", i)),
                f'unknown readiness signal "{signal}"', f"use one of: {', '.join(sorted(known))}",
                ("advisor", "internal_candidate", "readiness", i))
        for i, signal in enumerate(candidate.readiness) if signal not in known]
    if problems:
        raise ConfigurationError(problems)


# --- the advice --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reason:
    """A rule that held: the fact and its value, the finding behind it, its weight per role."""

    rule: str
    fact: str
    key: str
    value: str
    test: str
    finding: str
    source: str
    weights: dict[str, int]


@dataclass(frozen=True)
class FactChange:
    fact: str
    key: str
    now: str
    then: str


@dataclass(frozen=True)
class Change:
    """Facts that, changed together, would make ``role`` the recommendation."""

    role: str
    title: str
    facts: list[FactChange]
    scores: dict[str, int]


@dataclass(frozen=True)
class Readiness:
    """An internal candidate's readiness for the recommended role."""

    name: str
    current_role: str | None
    role: str
    present: list[str]
    missing: list[str]


@dataclass(frozen=True)
class Advice:
    company: str
    role: str
    title: str
    scores: dict[str, int]
    titles: dict[str, str]
    runner_up: str
    reasons: list[Reason]
    changes: list[Change]
    readiness: Readiness | None
    #: Facts a rule tests that the company file does not give (rules on them did not count).
    unknown: list[str] = field(default_factory=list)

    def reasons_for(self, role: str) -> list[Reason]:
        """The reasons that add to ``role``, heaviest first."""
        return sorted((r for r in self.reasons if r.weights.get(role)),
                      key=lambda r: -r.weights[role])


def facts_of(company: Company, rules: Rules | None = None) -> dict[str, object]:
    """The values of :data:`FACTS` for a company; None where the file does not say."""
    advisor = company.advisor
    revenue = advisor.revenue
    candidate = advisor.internal_candidate
    cso_ids = set(rules.readiness.get("cso", {}) if rules else {})
    return {
        "sales_channels": len(company.sales_channels),
        "product_lines": company.product_lines,
        "markets": len(company.markets),
        "verticals": len(advisor.verticals),
        "headcount": company.headcount,
        "stage": company.stage,
        "revenue": Money(revenue.amount, revenue.currency) if revenue.amount is not None else None,
        "recurring_revenue": revenue.recurring,
        "sales_trend": advisor.sales_trend,
        "new_regions": len(advisor.expansion.new_regions),
        "new_products": len(advisor.expansion.new_products),
        "one_owner_for_revenue": advisor.one_owner_for_revenue,
        "board_approval": company.search.board_approval,
        "cso_readiness": len(cso_ids.intersection(candidate.readiness)) if candidate else 0,
    }


def score(facts: Mapping[str, object], rules: Rules) -> dict[str, int]:
    """Each role's total: the weights of every rule that holds."""
    totals = dict.fromkeys(rules.roles, 0)
    for rule in rules.rules:
        if rule.holds(facts.get(rule.fact)):
            for role, weight in rule.weights.items():
                totals[role] += weight
    return totals


def ranking(scores: Mapping[str, int], rules: Rules) -> list[str]:
    """The roles, best first; a tie goes to the role listed first in ``roles``."""
    return sorted(rules.roles, key=lambda role: (-scores[role], rules.roles.index(role)))


def shown_value(fact: str, value: object, company: Company | None = None) -> str:
    """A fact's value as the advice shows it."""
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if company is not None:  # name the items counted
        items = {"sales_channels": company.sales_channels, "markets": company.markets,
                 "verticals": company.advisor.verticals,
                 "new_regions": company.advisor.expansion.new_regions,
                 "new_products": company.advisor.expansion.new_products}.get(fact)
        if items:
            return f"{value} ({', '.join(items)})"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _source(ref: SourceRef) -> str:
    by = f", {ref.author}" if ref.author else ""
    when = f"accessed {ref.year}" if ref.year_kind == "accessed" else str(ref.year)
    return f"“{ref.title}”{by} ({when})"


def _candidates(fact: str, value: object, rules: Rules) -> list[object]:
    """The other values of ``fact`` worth trying: those on the far side of each threshold a rule
    sets for it, nearest to the present value first."""
    kind = FACTS[fact][0]
    if kind == "bool":
        return [not value]
    if kind == "choice":
        return [choice for choice in CHOICES[fact] if choice != value]
    found: set = set()
    for rule in rules.rules:
        if rule.fact != fact:
            continue
        name, expected = rule.test
        if kind == "money":
            currency = value.currency if isinstance(value, Money) else next(iter(expected))
            if currency not in expected:
                continue
            edge = expected[currency]
            found |= {Money(edge, currency), Money(max(edge - 1, 0), currency)}
        else:
            found |= {expected, expected + 1} if name == "at_most" else {expected, expected - 1}
    found.discard(value)
    if kind == "int":
        found = {v for v in found if v >= 0}

    def distance(v: object) -> float:
        if value is None:
            return 0
        a = v.amount if isinstance(v, Money) else v
        b = value.amount if isinstance(value, Money) else value
        return abs(a - b)

    return sorted(found, key=lambda v: (distance(v), str(v)))


#: The most facts a change may touch, and the most changes an advice lists.
MAX_FACTS_CHANGED, MAX_CHANGES = 3, 6


def changes(facts: Mapping[str, object], rules: Rules, titles: Mapping[str, str]) -> list[Change]:
    """The smallest sets of fact changes that change the recommendation: every single fact
    that does, else every pair, else every three; for each set of facts, the values nearest
    to today's."""
    tested = [name for name in FACTS if any(rule.fact == name for rule in rules.rules)]
    options = {name: _candidates(name, facts.get(name), rules) for name in tested}
    winner = ranking(score(facts, rules), rules)[0]
    for size in range(1, MAX_FACTS_CHANGED + 1):
        found: list[Change] = []
        for names in itertools.combinations(tested, size):
            for values in itertools.product(*(options[name] for name in names)):
                trial = {**facts, **dict(zip(names, values, strict=True))}
                scores = score(trial, rules)
                best = ranking(scores, rules)[0]
                if best != winner:
                    found.append(Change(best, titles.get(best, best), [
                        FactChange(name, FACT_KEYS[name], shown_value(name, facts.get(name)),
                                   shown_value(name, value)) for name, value in zip(names, values,
                                                                                    strict=True)],
                        scores))
                    break  # the nearest values for these facts are enough
        if found:
            return found[:MAX_CHANGES]
    return []


def advise(company: Company, library: Library, rules: Rules) -> Advice:
    """Recommend one role for ``company``: pure (``rules`` from :func:`load_rules`)."""
    titles = {role_id: library.role(role_id).title for role_id in rules.roles}
    facts = facts_of(company, rules)
    scores = score(facts, rules)
    order = ranking(scores, rules)
    reasons = [
        Reason(rule.id, rule.fact, FACT_KEYS[rule.fact],
               shown_value(rule.fact, facts[rule.fact], company), rule.describe(facts[rule.fact]),
               rule.finding,
               _source(rule.source), dict(rule.weights))
        for rule in rules.rules if rule.holds(facts.get(rule.fact))]
    unknown = sorted({FACT_KEYS[rule.fact] for rule in rules.rules
                      if rule.holds(facts.get(rule.fact)) is None})
    return Advice(company.name, order[0], titles[order[0]], scores, titles, order[1], reasons,
                  changes(facts, rules, titles), _readiness(company, library, rules,
                                                                    order[0]), unknown)


def _readiness(company: Company, library: Library, rules: Rules, role_id: str) -> Readiness | None:
    candidate = company.advisor.internal_candidate
    if candidate is None:
        return None
    signals = library.role(role_id).signals
    texts = signals.internal_readiness if signals else []
    ids = {number: signal for signal, number in rules.readiness.get(role_id, {}).items()}
    present, missing = [], []
    for number, text in enumerate(texts, 1):
        shown = f"{text} [{ids[number]}]" if number in ids else text
        (present if ids.get(number) in candidate.readiness else missing).append(shown)
    now = candidate.current_role
    if now in library.role_files:
        now = library.role(now).title
    return Readiness(candidate.name, now, role_id, present, missing)

