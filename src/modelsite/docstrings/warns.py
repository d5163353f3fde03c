"""The warnings a function issues (`warnings.warn(...)`), read from its body for a Warns section.

Each `warnings.warn(message, Category)` call (or `warn(...)` imported from `warnings`) in the
function's own body gives the warning class (`UserWarning` when none is passed), the conditions
of the `if` statements around it and its message in the code's own words. A message built at
run time (an f-string with values in it, `%` or `.format`) is left out rather than shown with
holes; a category that is not a plain class name leaves the call out altogether.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from modelsite.astnames import dotted_name
from modelsite.docstrings.analyze import _cond_src, _negate, unparse

Def = ast.FunctionDef | ast.AsyncFunctionDef
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


@dataclass(frozen=True)
class WarnFact:
    """One `warnings.warn` call."""

    category: str
    conditions: tuple[str, ...]
    message: str = ""


def warn_names(tree: ast.Module | None) -> frozenset[str]:
    """The names `warnings.warn` goes by in a module (`warn` after `from warnings import warn`).

    Only imports at the module's top level (and inside its `if`/`try` blocks) are read.
    """
    names = {"warnings.warn"}
    stack: list[ast.stmt] = list(tree.body) if tree is not None else []
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "warnings":
            names |= {a.asname or a.name for a in stmt.names if a.name == "warn"}
        elif isinstance(stmt, ast.Import):
            names |= {f"{a.asname}.warn" for a in stmt.names if a.name == "warnings" and a.asname}
        elif isinstance(stmt, (ast.If, ast.Try)):
            stack.extend([*stmt.body, *stmt.orelse])
    return frozenset(names)


def _constant_strings(node: Def) -> dict[str, str]:
    """Local names assigned once, to a string literal, in the function body."""
    seen: dict[str, list[ast.expr]] = {}
    for sub in ast.walk(node):
        if isinstance(sub, ast.Assign):
            for t in sub.targets:
                if isinstance(t, ast.Name):
                    seen.setdefault(t.id, []).append(sub.value)
        elif isinstance(sub, (ast.AugAssign, ast.AnnAssign)) and isinstance(sub.target, ast.Name):
            seen.setdefault(sub.target.id, []).extend([sub.target, sub.target])
    out = {}
    for name, values in seen.items():
        if len(values) == 1:
            text = _message(values[0], {})
            if text:
                out[name] = text
    return out


def _message(node: ast.expr, local: dict[str, str]) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        if all(isinstance(v, ast.Constant) for v in node.values):
            return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        return ""  # values filled in at run time: not shown with holes
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _message(node.left, local), _message(node.right, local)
        return left + right if left and right else ""
    if isinstance(node, ast.Name):
        return local.get(node.id, "")
    return ""


def _category(call: ast.Call) -> str | None:
    cat: ast.expr | None = call.args[1] if len(call.args) > 1 else None
    for kw in call.keywords:
        if kw.arg == "category":
            cat = kw.value
    if cat is None:
        return "UserWarning"
    name = dotted_name(cat)
    # a class name (capitalised last part), not a variable holding one
    if name and name.rsplit(".", 1)[-1][:1].isupper():
        return name
    return None


def warn_facts(node: Def, names: frozenset[str] = frozenset({"warnings.warn"})) -> list[WarnFact]:
    """The warnings issued directly by `node`'s body, in source order.

    `names` are the names `warnings.warn` goes by in the module (see `warn_names`).
    """
    local = _constant_strings(node)
    out: list[WarnFact] = []

    def visit_expr(e: ast.AST, conds: list[str]) -> None:
        stack = [e]
        while stack:
            n = stack.pop()
            if isinstance(n, _NESTED):
                continue
            if isinstance(n, ast.Call) and dotted_name(n.func) in names:
                cat = _category(n)
                if cat is not None:
                    msg = _message(n.args[0], local) if n.args else ""
                    out.append(WarnFact(cat, tuple(conds), msg))
            stack.extend(reversed(list(ast.iter_child_nodes(n))))

    def block(stmts: list[ast.stmt], conds: list[str]) -> None:
        for i, s in enumerate(stmts):
            if isinstance(s, _NESTED):
                continue
            if isinstance(s, ast.If):
                visit_expr(s.test, conds)
                block(s.body, [*conds, _cond_src(s.test)])
                block(s.orelse, [*conds, _negate(s.test)])
                if not s.orelse and s.body and isinstance(s.body[-1], (ast.Raise, ast.Return)):
                    block(stmts[i + 1 :], [*conds, _negate(s.test)])
                    return
                continue
            if isinstance(s, (ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith)):
                head = (
                    [s.iter]
                    if isinstance(s, (ast.For, ast.AsyncFor))
                    else [s.test]
                    if isinstance(s, ast.While)
                    else [item.context_expr for item in s.items]
                )
                for h in head:
                    visit_expr(h, conds)
                block(s.body, conds)
                block(getattr(s, "orelse", []) or [], conds)
                continue
            if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
                block(s.body, conds)  # type: ignore[attr-defined]
                for h in s.handlers:  # type: ignore[attr-defined]
                    where = unparse(h.type) if h.type is not None else "an error"
                    block(h.body, [*conds, f"__except__{where}"])
                block(s.orelse, conds)  # type: ignore[attr-defined]
                block(s.finalbody, conds)  # type: ignore[attr-defined]
                continue
            if type(s).__name__ == "Match":
                for case in s.cases:  # type: ignore[attr-defined]
                    block(case.body, [*conds, "__match__"])
                continue
            visit_expr(s, conds)

    block(node.body, [])
    return out


def _message_text(message: str) -> str:
    return " ".join(message.split()).strip().rstrip(".:").replace("`", "'").replace('"', "'")


def _join(conds: list[str]) -> str:
    return conds[0] if len(conds) == 1 else ", ".join(conds[:-1]) + f" and {conds[-1]}"


def describe(fact: WarnFact) -> str:
    """When the warning is issued and what it says, as one sentence ("" if nothing is known)."""
    shown = []
    # every condition on the path, or none: a part of them would not be enough to warn
    for c in fact.conditions if len(fact.conditions) <= 3 else ("__match__",):
        if c.startswith("__except__"):
            shown.append(f"`{c[len('__except__') :]}` is caught")
        elif c == "__match__" or len(c) > 60:
            shown = []
            break
        else:
            shown.append(f"`{c}`")
    text = _message_text(fact.message)
    said = text if text and len(text) <= 120 and "\\" not in text else ""
    if shown and said:
        return f'If {_join(shown)}, with the message "{said}".'
    if shown:
        return f"If {_join(shown)}."
    if said:
        return f'With the message "{said}".'
    return ""


def warn_entries(
    node: Def, names: frozenset[str] = frozenset({"warnings.warn"})
) -> list[tuple[str, str]]:
    """(warning class, description) for each class of warning the body issues."""
    by_cat: dict[str, list[str]] = {}
    for fact in warn_facts(node, names):
        descs = by_cat.setdefault(fact.category, [])
        d = describe(fact)
        if d and d not in descs:
            descs.append(d)
    out = []
    for cat, descs in by_cat.items():
        if 0 < len(descs) <= 3:
            out += [(cat, d) for d in descs]  # numpydoc and Google allow a class more than once
        else:
            out.append((cat, ""))  # nothing known, or too many paths to list: the class alone
    return out
