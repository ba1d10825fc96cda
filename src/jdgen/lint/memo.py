"""Remembering what lint computes from a text, for texts short enough to keep."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

R = TypeVar("R")

#: The longest text :func:`text_cache` keeps a result for (a posting's pieces are far shorter).
CACHED_TEXT = 2000


def text_cache(maxsize: int) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Remember a function of a text (its first argument) for texts of at most
    :data:`CACHED_TEXT` characters, the ``maxsize`` most recent: a posting's pieces recur build
    after build in a batch or a web app, and a long text is never kept."""
    def wrap(function: Callable[..., R]) -> Callable[..., R]:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def call(text: str, *args: object) -> R:
            return (cached if len(text) <= CACHED_TEXT else function)(text, *args)

        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call
    return wrap
