"""A Mermaid flowchart of the estimator tree, drawn from `ModelInfo.tree` (no model loading).

Layout rules that keep nested models readable:

- a `Pipeline` is a chain: its steps sit side by side, joined by arrows;
- every other estimator with children (`ColumnTransformer`, `FeatureUnion`, a grid search, a
  stacking or voting ensemble...) is a box around its children, stacked top to bottom with no
  arrows between them (they work in parallel, or the outer one wraps the inner one);
- a `ColumnTransformer`'s branches name the columns they receive (first few, then a count).

Every label goes through `mermaid_text`: characters other than letters, digits, spaces and
`._-` become Mermaid entity codes (`#60;` for `<`), so class names, step names and column names
from a model file can neither break the diagram's syntax nor inject markup.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

from modelsite.sitemodel import EstimatorNode

MAX_NODES = 150
SEQUENTIAL = {"Pipeline"}

_PLAIN = re.compile(r"[A-Za-z0-9 _.\-]")


def mermaid_text(value: Any) -> str:
    """Text safe inside a quoted Mermaid label: everything unusual as a `#code;` entity."""
    text = " ".join(str(value).split())
    return "".join(c if _PLAIN.fullmatch(c) else f"#{ord(c)};" for c in text)


def _columns(parent: EstimatorNode, child: EstimatorNode) -> str:
    """`[a, b, +3 more]` when the parent's `transformers` lists columns for this child."""
    for item in parent.params.get("transformers", ()) or ():
        if (
            isinstance(item, Sequence)
            and not isinstance(item, str)
            and len(item) == 3
            and item[0] == child.name
        ):
            cols = item[2]
            if isinstance(cols, Sequence) and not isinstance(cols, str):
                names = [str(c) for c in cols]
                shown = ", ".join(names[:3]) + (
                    f", +{len(names) - 3} more" if len(names) > 3 else ""
                )
                return f"[{shown}]"
            return f"[{cols}]"
    return ""


class _Drawer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0
        self.truncated = False

    def new_id(self) -> str:
        self.count += 1
        return f"n{self.count}"

    def label(self, node: EstimatorNode, parent: EstimatorNode | None) -> str:
        parts = [mermaid_text(node.name)] if node.name else []
        parts.append(mermaid_text(node.short_cls))
        cols = _columns(parent, node) if parent is not None else ""
        if cols:
            parts.append(mermaid_text(cols))
        return "<br>".join(parts)

    def draw(self, node: EstimatorNode, parent: EstimatorNode | None, indent: str) -> str:
        """Emit `node` (and its subtree); return the Mermaid id to link to it."""
        node_id = self.new_id()
        if self.count >= MAX_NODES:
            self.truncated = True
            self.lines.append(f'{indent}{node_id}["… (diagram truncated)"]')
            return node_id
        if not node.children:
            self.lines.append(f'{indent}{node_id}["{self.label(node, parent)}"]')
            return node_id
        sequential = node.short_cls in SEQUENTIAL
        self.lines.append(f'{indent}subgraph {node_id} ["{self.label(node, parent)}"]')
        self.lines.append(f"{indent}  direction {'LR' if sequential else 'TB'}")
        ids = []
        for child in node.children:
            if self.truncated:
                break
            ids.append(self.draw(child, node, indent + "  "))
        if sequential:
            for a, b in itertools.pairwise(ids):
                self.lines.append(f"{indent}  {a} --> {b}")
        self.lines.append(f"{indent}end")
        return node_id


def mermaid(tree: EstimatorNode) -> str:
    """The flowchart source (without the code fence): input → model → output."""
    drawer = _Drawer()
    drawer.lines.append("flowchart LR")
    root = drawer.draw(tree, None, "  ")
    drawer.lines.append('  ms_in(["input features"]) --> ' + root)
    drawer.lines.append(f'  {root} --> ms_out(["prediction"])')
    return "\n".join(drawer.lines)


def tree_lines(tree: EstimatorNode) -> tuple[tuple[int, str, str, str], ...]:
    """`(depth, name, class, parameter path)` in tree order, for text outlines (HTML, LaTeX)."""
    out: list[tuple[int, str, str, str]] = []

    def walk(node: EstimatorNode, depth: int) -> None:
        out.append((depth, node.name, node.cls, node.path))
        for child in node.children:
            walk(child, depth + 1)

    walk(tree, 0)
    return tuple(out)
