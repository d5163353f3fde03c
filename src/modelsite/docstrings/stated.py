"""What the code states about itself in machine-readable form, gathered for `generate`.

One object per module tree, asked by the generator for each parameter (and, for classes and
functions, for further sections): scikit-learn's parameter constraints (`constraints`), the
warnings a body issues (`warns`). Each
source is read from the syntax tree only; nothing is imported or executed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from modelsite.docstrings.constraints import Constraint, class_constraints, function_constraints
from modelsite.docstrings.render_docstring import DocEntry
from modelsite.docstrings.warns import warn_entries

Def = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class Stated:
    """What the code states about one parameter: its type and a description to add."""

    type: str = ""
    description: str = ""


NOTHING = Stated()


class StatedMeaning:
    """The machine-readable statements of one module, computed once per class or function."""

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self._constraints: dict[int, dict[str, Constraint]] = {}

    def constraints(self, node: Def, cls: ast.ClassDef | None) -> dict[str, Constraint]:
        """`@validate_params` of `node`, or the class's `_parameter_constraints` for `__init__`."""
        key = id(node)
        if key not in self._constraints:
            found = function_constraints(node)
            if not found and cls is not None and node.name == "__init__":
                found = class_constraints(self.tree, cls)
            self._constraints[key] = found
        return self._constraints[key]

    def param(self, node: Def, cls: ast.ClassDef | None, name: str) -> Stated:
        """What the code states about parameter `name` of `node`."""
        c = self.constraints(node, cls).get(name)
        if c is not None:
            return Stated(c.type, c.description)
        return NOTHING

    def warns(self, node: Def) -> tuple[DocEntry, ...]:
        """The Warns entries of `node`: each warning class its body issues, and when."""
        return tuple(
            DocEntry(name="", type=cat, description=desc)
            for cat, desc in warn_entries(node, self.tree)
        )
