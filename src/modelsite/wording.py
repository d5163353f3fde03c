"""Counted nouns for messages and pages: `1 metric`, `3 metrics`, never `3 metric(s)`."""

from __future__ import annotations

_IRREGULAR = {"fix": "fixes", "was": "were", "is": "are", "does": "do"}


def count(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and `noun`, in the plural unless `n` is 1 (`plural` for irregular nouns)."""
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {plural or _IRREGULAR.get(noun) or noun + 's'}"


def filled(text: str) -> str:
    """`text`, or `""` when it is empty or still the `TODO: ...` that `modelsite init` wrote."""
    stripped = text.strip()
    return "" if not stripped or stripped.upper().startswith("TODO") else text
