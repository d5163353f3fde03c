"""What the code states about itself in machine-readable form, gathered for `generate`.

One object per module tree, asked by the generator for each parameter (and, for classes and
functions, for further sections): scikit-learn's parameter constraints (`constraints`), enum
members and constants a parameter is checked against (`choices`), the warnings a body issues
(`warns`), the fields of dataclasses, attrs classes and pydantic models (`fields`), a script's
command-line options (`cli_options`). Each source is read from the syntax tree only; nothing
is imported or executed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from modelsite.docstrings.choices import enum_choices, literal_choices
from modelsite.docstrings.cli_options import (
    argparse_parser,
    click_params,
    command_help,
    typer_help,
)
from modelsite.docstrings.constraints import Constraint, class_constraints, function_constraints
from modelsite.docstrings.fields import field_class_kind, field_facts
from modelsite.docstrings.project_classes import ProjectClasses
from modelsite.docstrings.render_docstring import DocEntry
from modelsite.docstrings.warns import warn_entries, warn_names

Def = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class Stated:
    """What the code states about one parameter: its type and a description to add."""

    type: str = ""
    description: str = ""
    replaces: bool = False
    """The description is the author's own help text: it replaces what the generator says."""


NOTHING = Stated()
_COMPARED = re.compile(r"Compared with [^.]*\.(?:\s|$)")


class StatedMeaning:
    """The machine-readable statements of one module, computed once per class or function."""

    def __init__(
        self, tree: ast.Module, module_name: str = "", modules: dict[str, str] | None = None
    ) -> None:
        self.tree = tree
        self.lookup = ProjectClasses(modules).lookup_for(tree, module_name)
        """Finds a class this module names, here or in another module of the project."""
        self._constraints: dict[int, dict[str, Constraint]] = {}
        self._warn_names: frozenset[str] | None = None

    def constraints(self, node: Def, cls: ast.ClassDef | None) -> dict[str, Constraint]:
        """`@validate_params` of `node`, or the class's `_parameter_constraints` for `__init__`."""
        key = id(node)
        if key not in self._constraints:
            found = function_constraints(node)
            if not found and cls is not None and node.name == "__init__":
                found = class_constraints(self.tree, cls, self.lookup)
            self._constraints[key] = found
        return self._constraints[key]

    def param(
        self,
        node: Def,
        cls: ast.ClassDef | None,
        name: str,
        annotation: ast.expr | None = None,
        default: ast.expr | None = None,
    ) -> Stated:
        """What the code states about parameter `name` of `node`, most authoritative first."""
        c = self.constraints(node, cls).get(name)
        if c is not None:
            return Stated(c.type, c.description)
        cl = click_params(node).get(name)
        if cl is not None:
            return Stated(cl[0] if annotation is None else "", cl[1], replaces=bool(cl[1]))
        ty = typer_help(annotation, default)
        if ty:
            return Stated("", ty, replaces=True)
        e = enum_choices(annotation, self.lookup)
        if e is not None:
            return Stated(e.type, e.description)
        if annotation is None:  # an annotation already states the type; a check then adds nothing
            lit = literal_choices(node, name, default)
            if lit is not None:
                return Stated(lit.type, lit.description)
        return NOTHING

    def warn_names(self) -> frozenset[str]:
        if self._warn_names is None:
            self._warn_names = warn_names(self.tree)
        return self._warn_names

    def warns(self, node: Def, calls: list[str] | None = None) -> tuple[DocEntry, ...]:
        """The Warns entries of `node`: each warning class its body issues, and when.

        `calls` (the names the body calls, when known) saves reading a body that never warns.
        """
        if calls is not None and not self.warn_names().intersection(calls):
            return ()
        return tuple(
            DocEntry(name="", type=cat, description=desc)
            for cat, desc in warn_entries(node, self.warn_names())
        )

    def field_description(self, cls: ast.ClassDef, value: ast.expr | None) -> str:
        """For a field of a dataclass, attrs class or pydantic model: its help, choices, default."""
        kind = field_class_kind(cls)
        return field_facts(kind, value).description() if kind else ""

    @staticmethod
    def merge(desc: str, stated: Stated) -> str:
        """`desc` with the stated description added (a "Compared with" it repeats dropped)."""
        if not stated.description or stated.description in desc:
            return desc
        if stated.replaces:
            return stated.description
        if stated.description.startswith("One of "):
            desc = _COMPARED.sub("", desc).strip()
        return f"{desc} {stated.description}".strip()

    def cli_options(self, node: Def, calls: list[str] | None = None) -> tuple[DocEntry, ...]:
        """The options of the argparse parser `node`'s body builds (`calls` as for `warns`)."""
        if calls is not None and not any(c.endswith("add_argument") for c in calls):
            return ()
        parser = argparse_parser(node)
        if parser is None:
            return ()
        return tuple(DocEntry(o.flags, o.type, o.description) for o in parser.options)

    def cli_summary(self, node: Def, cls: ast.ClassDef | None) -> str:
        """A script entry point's summary in its help's words ("" when it has none).

        From `@click.command(help=...)`/`@app.command(help=...)`, or for `main` (and `cli`)
        from the `description=` of the argparse parser it builds or gets from a function of the
        same module.
        """
        if cls is not None:
            return ""
        text = command_help(node)
        if text or node.name not in ("main", "cli"):
            return text
        parser = argparse_parser(node)
        if parser is None:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
                    builder = self.functions().get(sub.func.id)
                    if builder is not None and builder is not node:
                        parser = argparse_parser(builder)
                        if parser is not None:
                            break
        return _first_sentence(parser.description) if parser is not None else ""

    def functions(self) -> dict[str, Def]:
        return {
            s.name: s
            for s in self.tree.body
            if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
        }


def _first_sentence(text: str) -> str:
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].strip()
    return first if 0 < len(first) <= 79 else ""
