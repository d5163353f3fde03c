"""Find a class by the name a module uses for it: in the module itself or in a project module.

The generator documents one module at a time; what a class inherits (scikit-learn's
`_parameter_constraints` spread from a base class, an `Enum` imported from another module) may
be stated in another module of the same project. The project's source texts are given by the
docstring command; a module is parsed the first time one of its classes is asked for. Installed
libraries are not read here (see `inherit` for those).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from functools import lru_cache

from modelsite.docstrings.inherit import module_imports

MAX_HOPS = 4

Found = tuple[ast.ClassDef, "Lookup"]
Lookup = Callable[[str], Found | None]


@lru_cache(maxsize=32)
def _parse(text: str) -> ast.Module | None:
    """A base module's tree, shared by the modules that document its subclasses (few are kept:
    many live syntax trees slow the garbage collector down)."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _top_classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    out: dict[str, ast.ClassDef] = {}
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        s = stack.pop(0)
        if isinstance(s, ast.ClassDef):
            out.setdefault(s.name, s)
        elif isinstance(s, (ast.If, ast.Try)):  # `if TYPE_CHECKING:` and `try:` imports
            stack.extend([*s.body, *s.orelse])
    return out


class ProjectClasses:
    """The classes of a project's modules, parsed on demand from their source text."""

    def __init__(self, modules: dict[str, str] | None = None) -> None:
        self.modules = modules or {}
        self._trees: dict[str, ast.Module | None] = {}

    def tree(self, module: str) -> ast.Module | None:
        if module not in self._trees:
            text = self.modules.get(module)
            self._trees[module] = _parse(text) if text is not None else None
        return self._trees[module]

    def lookup_for(self, tree: ast.Module, module_name: str, hops: int = 0) -> Lookup:
        """A function from a class name used in `tree` to that class (and its own lookup)."""
        classes = _top_classes(tree)
        imports: dict[str, str] | None = None

        def lookup(name: str) -> Found | None:
            nonlocal imports
            if name in classes:
                return classes[name], lookup
            if hops >= MAX_HOPS:
                return None
            if imports is None:
                imports = module_imports(tree, module_name)
            dotted = imports.get(name, "")
            if "." not in dotted:
                return None
            module, attr = dotted.rsplit(".", 1)
            for candidate in (module, f"{module}.__init__"):
                other = self.tree(candidate)
                if other is not None:
                    return self.lookup_for(other, candidate, hops + 1)(attr)
            return None

        return lookup
