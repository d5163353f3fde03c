"""Names in Python syntax trees, shared by the readers that look at training code statically."""

from __future__ import annotations

import ast


def dotted_name(node: ast.expr) -> str:
    """`a.b.c` for a name or attribute chain; `""` for anything else (a call, a subscript)."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""
