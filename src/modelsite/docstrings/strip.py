"""Remove docstrings from source text: the baseline for measuring generated docstrings.

Used by the tests and benchmarks to strip a real code base (scikit-learn) and compare what
`--write` generates with what its authors wrote. Whole docstring lines are deleted; a docstring
that is a class's or function's only statement becomes `pass`.
"""

from __future__ import annotations

import ast

_DEFS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def strip_docstrings(text: str) -> str:
    """`text` without any docstring (module, class, function); the rest byte for byte."""
    tree = ast.parse(text)
    lines = [ln.encode("utf-8") for ln in text.splitlines(keepends=True)]  # ast offsets: bytes
    edits: list[tuple[int, int, int, int, bytes]] = []  # (line0, col0, line1, col1, new text)
    for node in ast.walk(tree):
        if not isinstance(node, _DEFS) or not node.body:
            continue
        first = node.body[0]
        if not (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            continue
        assert first.end_lineno is not None and first.end_col_offset is not None
        l0, c0 = first.lineno - 1, first.col_offset
        l1, c1 = first.end_lineno - 1, first.end_col_offset
        before, after = lines[l0][:c0], lines[l1][c1:]
        whole = not before.strip() and (not after.strip() or after.strip().startswith(b"#"))
        if whole and (len(node.body) > 1 or isinstance(node, ast.Module)):
            edits.append((l0, 0, l1 + 1, 0, b""))
        else:
            edits.append((l0, c0, l1, c1, b"pass"))
    for l0, c0, l1, c1, new in sorted(edits, reverse=True):
        if (c0, c1, new) == (0, 0, b""):
            del lines[l0:l1]
        else:
            lines[l0 : l1 + 1] = [lines[l0][:c0] + new + lines[l1][c1:]]
    return b"".join(lines).decode("utf-8")
