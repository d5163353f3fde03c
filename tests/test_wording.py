"""Counted nouns in messages and pages."""

from __future__ import annotations

import pytest

from modelsite.wording import count


@pytest.mark.parametrize(
    ("n", "noun", "plural", "text"),
    [
        (0, "metric", None, "0 metrics"),
        (1, "metric", None, "1 metric"),
        (2, "metric", None, "2 metrics"),
        (1, "fix", None, "1 fix"),
        (3, "fix", None, "3 fixes"),
        (2, "unseeded source", None, "2 unseeded sources"),
        (2, "library", "libraries", "2 libraries"),
    ],
)
def test_count_says_the_noun_in_the_right_number(
    n: int, noun: str, plural: str | None, text: str
) -> None:
    assert count(n, noun, plural) == text
