"""Names in Python syntax trees, shared by the readers that look at training code statically."""

from __future__ import annotations

import ast


def dotted_name(node: ast.expr, *, through_calls: bool = False) -> str:
    """`a.b.c` for a name or attribute chain; `""` for anything else (a subscript, a literal).

    With `through_calls`, a call inside the chain is kept as `()`: `super().__init__` and
    `a.b().c`; without it such a chain gives `""`.
    """
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if through_calls and isinstance(node, ast.Call):
        inner = dotted_name(node.func, through_calls=True)
        if inner:
            parts.append(inner + "()")
            return ".".join(reversed(parts))
    return ""
