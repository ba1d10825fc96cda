"""The sandbox's plain data and its time limit, as Python code sees them."""

from __future__ import annotations

import threading
import time

import pytest

from jdgen.api import render_documents
from jdgen.sandbox import LimitExceeded, Record, plain, run_limited

from .conftest import COMPANIES


def test_templates_get_records_of_fields_and_computed_values() -> None:
    [document] = render_documents("cso", COMPANIES / "acme.yaml", "jd")
    company = document.context["company"]
    assert isinstance(company, Record)
    assert company.name == "Acme Robotics" and company["output_slug"] == "acme-robotics"
    assert company.locations[0].label == "Austin, Texas, United States"
    assert isinstance(company.locations, tuple)
    assert document.context["pay"].is_benchmark is False
    assert document.models["company"].name == "Acme Robotics"  # the model stays for Python code


def test_every_value_a_template_sees_is_plain_data() -> None:
    documents = render_documents("cso", COMPANIES / "acme.yaml")
    assert [d.kind.key for d in documents] == ["jd", "checklist", "brief", "scorecard", "interview",
                                               "references"]

    def walk(value: object) -> None:
        if isinstance(value, Record):
            for key in value:
                walk(value[key])
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        else:
            assert value is None or type(value).__module__ in ("builtins", "datetime"), type(value)

    for document in documents:
        walk(document.context)


def test_a_record_is_read_only() -> None:
    record = plain({"a": {"b": [1, 2]}})
    with pytest.raises(AttributeError, match="read-only"):
        record.a = 1
    assert record.a.b == (1, 2)
    assert dict(record) == {"a": record.a}


def test_objects_that_are_not_data_are_refused() -> None:
    with pytest.raises(TypeError, match="cannot be given to a template"):
        plain({"f": print})


def test_work_past_the_limit_is_interrupted_and_work_in_time_is_not() -> None:
    def spin() -> None:
        while True:
            pass

    start = time.monotonic()
    with pytest.raises(LimitExceeded, match="did not finish within 0.2 s"):
        run_limited(spin, 0.2)
    assert time.monotonic() - start < 2
    assert run_limited(lambda: 42, 0.2) == 42
    time.sleep(0.4)  # a timer that fired late must not raise into later code


def test_the_limit_works_outside_the_main_thread() -> None:
    outcome: list[BaseException] = []

    def worker() -> None:
        try:
            run_limited(lambda: [None for _ in iter(int, 1)], 0.2)
        except LimitExceeded as exc:
            outcome.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(5)
    assert not thread.is_alive() and len(outcome) == 1


def test_an_interrupt_that_is_swallowed_is_raised_again() -> None:
    """A finalizer or an ``except`` that swallows the watchdog's exception does not let runaway
    work go on: the exception is raised again until the work stops."""
    from jdgen.sandbox import RenderTimeout

    swallowed: list[float] = []

    def work() -> str:
        end = time.monotonic() + 5
        while time.monotonic() < end:
            try:
                while time.monotonic() < end:
                    pass
            except RenderTimeout:
                if swallowed:
                    raise
                swallowed.append(time.monotonic())
        return "ran to the end"

    with pytest.raises(LimitExceeded):
        run_limited(work, 0.1)
    assert len(swallowed) == 1
