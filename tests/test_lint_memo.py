"""jdgen.lint.memo: results kept for short texts only, bounded."""

from __future__ import annotations

from jdgen.lint.memo import CACHED_TEXT, text_cache


def test_short_texts_are_remembered_long_ones_never() -> None:
    calls: list[str] = []

    @text_cache(2)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    long = "x" * (CACHED_TEXT + 1)
    assert [shout(t) for t in ("a", "a", long, long)] == ["A", "A", long.upper(), long.upper()]
    assert calls == ["a", long, long]
    shout("b"), shout("c"), shout("a")  # a bound of two: "a" was dropped
    assert calls[-1] == "a"
