"""Helpers for tests that look inside a `.skops` file's schema."""

from __future__ import annotations

from typing import Any


def schema_nodes(state: Any) -> list[dict[str, Any]]:
    """Every skops node (a dict with a `__loader__`) in a decoded schema, in no set order."""
    out: list[dict[str, Any]] = []
    stack = [state]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "__loader__" in node:
                out.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return out
