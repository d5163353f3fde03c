"""The model's estimator tree as a Mermaid flowchart (the overview's picture of the pipeline).

Labels keep only characters Mermaid cannot read as syntax or markup, so step names from a
model file can neither break the diagram nor inject HTML into it.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from modelsite.sitemodel import EstimatorNode

MAX_NODES = 40
_UNSAFE = re.compile(r"[^A-Za-z0-9_.:, ()+-]")
_SEQUENTIAL = ("Pipeline",)


def mermaid_label(text: str) -> str:
    """Text that is safe inside a quoted Mermaid label (`["..."]`)."""
    return _UNSAFE.sub("_", " ".join(str(text).split()))[:80] or "_"


def pipeline_mermaid(tree: EstimatorNode) -> Markup:
    """`flowchart LR` source: a pipeline's steps chained in order, other children fanned out.

    Empty when the model is a single estimator (nothing to draw).
    """
    if not tree.children:
        return Markup("")
    lines = ["flowchart LR"]
    counter = 0

    def visit(node: EstimatorNode) -> str:
        nonlocal counter
        counter += 1
        ident = f"n{counter}"
        label = f"{node.name}: {node.short_cls}" if node.name else node.short_cls
        shape = '(["{}"])' if not node.path else '["{}"]'
        lines.append(f"    {ident}{shape.format(mermaid_label(label))}")
        previous = ident
        for child in node.children:
            if counter >= MAX_NODES:
                break
            child_id = visit(child)
            lines.append(f"    {previous} --> {child_id}")
            if node.short_cls in _SEQUENTIAL:
                previous = child_id
        return ident

    visit(tree)
    return Markup("\n".join(lines))
