"""The values a parameter may take, when the code lists them: enum members and checked constants.

- A parameter annotated with an `Enum` class defined in the project (also `X | None`,
  `Optional[X]`) takes one of that class's members.
- A parameter the function checks against literals before doing anything else takes one of
  those literals: `if method not in ("fast", "exact"): raise ValueError(...)`, or an
  `if method == "fast": ... elif method == "exact": ... else: raise ...` chain. Only statements
  at the top of the body count, and only when every test of the chain is such a comparison and
  the parameter is not rebound first: a value the code lets through is never left out.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from modelsite.astnames import dotted_name
from modelsite.docstrings.project_classes import Lookup

Def = ast.FunctionDef | ast.AsyncFunctionDef
TOP = 8
"""How many of a body's first statements are looked at for a check of a parameter."""
_ENUM_BASES = {"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"}


@dataclass(frozen=True)
class Choices:
    """The values a parameter takes, as numpydoc type text and as a sentence."""

    type: str
    """`{'fast', 'exact'}` for literals; empty for enum members (the annotation is the type)."""
    description: str


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" or {items[-1]}"


# ---------------------------------------------------------------- enums


def enum_members(cls: ast.ClassDef) -> list[str]:
    """The member names of an `Enum` class ([] for any other class)."""
    if not any(dotted_name(b).rsplit(".", 1)[-1] in _ENUM_BASES for b in cls.bases):
        return []
    members = []
    for s in cls.body:
        targets = (
            s.targets
            if isinstance(s, ast.Assign)
            else [s.target]
            if isinstance(s, ast.AnnAssign) and s.value is not None
            else []
        )
        for t in targets:
            if isinstance(t, ast.Name) and not t.id.startswith("_"):
                members.append(t.id)
    return members


def enum_choices(ann: ast.expr | None, lookup: Lookup) -> Choices | None:
    """The members of the one project enum the annotation names (alone or with None)."""
    if ann is None:
        return None
    found: dict[str, list[str]] = {}
    for sub in ast.walk(ann):
        name = ""
        if isinstance(sub, ast.Name):
            name = sub.id
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            name = sub.value  # a quoted forward reference
        if name and name[0].isupper() and name not in found:
            cls = lookup(name)
            members = enum_members(cls[0]) if cls is not None else []
            if members:
                found[name] = members
    if len(found) != 1:
        return None
    ((name, names),) = found.items()
    if len(names) > 12:
        return None
    members = [f"`{name}.{m}`" for m in names]
    return Choices("", f"One of {_or_list(members)}.")


# ---------------------------------------------------------------- checked constants


def _literals(node: ast.expr) -> list[object] | None:
    elts = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
    out: list[object] = []
    for e in elts:
        if not isinstance(e, ast.Constant) or not isinstance(e.value, (str, int, float)):
            return None
        if isinstance(e.value, bool):
            return None
        out.append(e.value)
    return out


def _test_values(test: ast.expr, name: str, *, negated: bool) -> list[object] | None:
    """Literals `test` compares `name` with: `name == lit` / `name in (...)`, or their negations."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or) and not negated:
        out: list[object] = []
        for v in test.values:
            got = _test_values(v, name, negated=False)
            if got is None:
                return None
            out += got
        return out
    if not (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.left, ast.Name)
        and test.left.id == name
    ):
        return None
    op = test.ops[0]
    wanted = (ast.NotEq, ast.NotIn) if negated else (ast.Eq, ast.In)
    if not isinstance(op, wanted):
        return None
    if isinstance(op, (ast.Eq, ast.NotEq)) and isinstance(test.comparators[0], ast.Tuple):
        return None
    return _literals(test.comparators[0])


def _raises(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], ast.Raise) and body[-1].exc is not None


def _rebinds(stmt: ast.stmt, name: str) -> bool:
    return any(
        isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, (ast.Store, ast.Del))
        for n in ast.walk(stmt)
    )


def checked_values(node: Def, name: str) -> list[object] | None:
    """The literals `name` must equal, from a check at the top of `node`'s body; else None."""
    for stmt in node.body[:TOP]:
        if isinstance(stmt, ast.If):
            # `if name not in (...): raise`
            values = _test_values(stmt.test, name, negated=True)
            if values is not None and not stmt.orelse and _raises(stmt.body):
                return values
            # `if name == a: ... elif name == b: ... else: raise`
            chain: list[object] = []
            cur: ast.If | None = stmt
            while cur is not None:
                got = _test_values(cur.test, name, negated=False)
                if got is None:
                    chain = []
                    break
                chain += got
                if len(cur.orelse) == 1 and isinstance(cur.orelse[0], ast.If):
                    cur = cur.orelse[0]
                    continue
                if not _raises(cur.orelse):
                    chain = []
                break
            if chain:
                return chain
        if _rebinds(stmt, name):
            return None
    return None


def literal_choices(node: Def, name: str, default: ast.expr | None) -> Choices | None:
    """`{'fast', 'exact'}` and "One of ..." when the body checks `name` against literals."""
    values = checked_values(node, name)
    if not values:
        return None
    values = list(dict.fromkeys(values))
    if default is not None and (
        not isinstance(default, ast.Constant) or default.value not in values
    ):
        return None  # the default is let through some other way: the check is not the rule
    shown = [repr(v) for v in values]
    if len(shown) > 10:
        return None
    return Choices("{" + ", ".join(shown) + "}", f"One of {_or_list([f'`{s}`' for s in shown])}.")
