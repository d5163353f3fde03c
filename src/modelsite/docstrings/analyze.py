"""Read facts from a function's code: how each parameter is used, what it returns, yields, raises.

One pass over the body (nested functions and classes are not entered, except to see which
parameters they use). Everything here is plain data for `generate` to phrase.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from modelsite.astnames import dotted_name

_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


@dataclass
class Use:
    """How one parameter is used in the body."""

    referenced: bool = False
    passed_to: list[tuple[str, str | None]] = field(default_factory=list)
    """(callee, keyword or None for positional)."""
    methods: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    iterated: bool = False
    subscripted: bool = False
    called: bool = False
    opened: bool = False
    length: bool = False
    arithmetic: bool = False
    tested: bool = False
    none_fallback: str = ""
    """Source of `EXPR` in `if p is None: p = EXPR`."""
    isinstance_types: list[str] = field(default_factory=list)
    stored_as: list[str] = field(default_factory=list)
    """`self.<name> = p` attribute names."""
    compared_with: list[str] = field(default_factory=list)
    membership: bool = False
    """Used as the container of an `in` test."""
    branch: str = ""
    """What `if p:` (or `if not p:`) does, e.g. `When true, `score` is updated.`"""
    feeds: list[str] = field(default_factory=list)
    """What expressions using it compute: assignment targets, or `the return value`."""


@dataclass
class RaiseFact:
    """One `raise` statement, as pydoclint names it, with the conditions that lead to it."""

    name: str
    conditions: list[str]
    message: str = ""
    handler: str = ""
    """Source of the statement in the `try` body, when raised from an `except` clause."""
    lineno: int = 0


@dataclass
class Facts:
    """What a function's body shows."""

    uses: dict[str, Use]
    returns: list[ast.expr | None]
    """Every `return` expression (None for a bare `return`)."""
    yields: list[ast.expr | None]
    yield_from: list[ast.expr]
    raises: list[RaiseFact]
    calls: list[str]
    """Dotted names of called functions, in order, without repeats."""
    self_attrs: dict[str, ast.expr | None]
    """`self.<attr> = value` targets in order (value None for augmented or tuple targets)."""
    self_attr_ann: dict[str, ast.expr]
    writes_files: bool = False
    prints: bool = False
    is_stub: bool = False
    """Body is only `pass`, `...`, a docstring or `raise NotImplementedError`."""
    not_implemented: bool = False
    local_assign: dict[str, ast.expr] = field(default_factory=dict)
    """Last simple assignment of each local name."""
    call_nodes: dict[str, ast.Call] = field(default_factory=dict)
    """The first call of each name in `calls`."""


def unparse(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except (ValueError, AttributeError, RecursionError):  # pragma: no cover - odd trees
        return ""


def is_stub_body(body: list[ast.stmt]) -> bool:
    stmts = list(body)
    if (
        stmts
        and isinstance(stmts[0], ast.Expr)
        and isinstance(stmts[0].value, ast.Constant)
        and isinstance(stmts[0].value.value, str)
    ):
        stmts = stmts[1:]
    if not stmts:
        return True
    if len(stmts) != 1:
        return False
    s = stmts[0]
    if isinstance(s, ast.Pass):
        return True
    if isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and s.value.value is ...:
        return True
    if isinstance(s, ast.Raise) and s.exc is not None:
        name = dotted_name(s.exc.func if isinstance(s.exc, ast.Call) else s.exc, through_calls=True)
        return name.endswith("NotImplementedError")
    return False


def param_names(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    a = node.args
    names = [x.arg for x in (*a.posonlyargs, *a.args)]
    if a.vararg:
        names.append(a.vararg.arg)
    names += [x.arg for x in a.kwonlyargs]
    if a.kwarg:
        names.append(a.kwarg.arg)
    return names


class _Walker:
    def __init__(self, params: list[str], self_name: str | None) -> None:
        self.params = set(params)
        self.self_name = self_name
        self.uses: dict[str, Use] = {p: Use() for p in params}
        self.returns: list[ast.expr | None] = []
        self.yields: list[ast.expr | None] = []
        self.yield_from: list[ast.expr] = []
        self.raises: list[RaiseFact] = []
        self.calls: list[str] = []
        self.call_nodes: dict[str, ast.Call] = {}
        self._seen_calls: set[str] = set()
        self.self_attrs: dict[str, ast.expr | None] = {}
        self.self_attr_ann: dict[str, ast.expr] = {}
        self.writes_files = False
        self.prints = False
        self.local_assign: dict[str, ast.expr] = {}
        self._feeding = ""

    def feeding(self, target: str, value: ast.expr) -> None:
        """Walk `value`, noting that the parameters in it feed `target`."""
        self._feeding = target
        self.expr(value)
        self._feeding = ""

    # ---------------------------------------------------------------- statements
    def block(
        self,
        stmts: list[ast.stmt],
        conds: list[str],
        handler: ast.ExceptHandler | None,
        try_src: str,
    ) -> None:
        for i, stmt in enumerate(stmts):
            self.stmt(stmt, conds, handler, try_src)
            # `if cond: raise/return` makes the rest of the block run under `not cond`
            if (
                isinstance(stmt, ast.If)
                and not stmt.orelse
                and stmt.body
                and isinstance(stmt.body[-1], (ast.Raise, ast.Return, ast.Continue, ast.Break))
            ):
                rest = stmts[i + 1 :]
                if rest:
                    self.block(rest, [*conds, negated_condition(stmt.test)], handler, try_src)
                return

    def stmt(
        self, s: ast.stmt, conds: list[str], handler: ast.ExceptHandler | None, try_src: str
    ) -> None:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for d in getattr(s, "decorator_list", []):
                self.expr(d)
            for sub in ast.walk(s):  # parameters used by closures count as used
                if isinstance(sub, ast.Name) and sub.id in self.params:
                    self.uses[sub.id].referenced = True
            return
        if isinstance(s, ast.Return):
            self.returns.append(s.value)
            if s.value is not None:
                self.feeding("the return value", s.value)
            return
        if isinstance(s, ast.Raise):
            self.raise_(s, conds, handler, try_src)
            if s.exc is not None:
                self.expr(s.exc)
            return
        if isinstance(s, ast.If):
            self.expr(s.test)
            self._none_fallback(s)
            self._branch(s)
            test = condition_text(s.test)
            self.block(s.body, [*conds, test], handler, try_src)
            if s.orelse:
                self.block(s.orelse, [*conds, negated_condition(s.test)], handler, try_src)
            return
        if isinstance(s, (ast.For, ast.AsyncFor)):
            self.expr(s.iter)
            self._mark_iter(s.iter)
            self.expr(s.target)
            self.block(s.body, conds, handler, try_src)
            self.block(s.orelse, conds, handler, try_src)
            return
        if isinstance(s, ast.While):
            self.expr(s.test)
            self.block(s.body, [*conds, condition_text(s.test)], handler, try_src)
            self.block(s.orelse, conds, handler, try_src)
            return
        if isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
            body = s.body  # type: ignore[attr-defined]
            self.block(body, conds, handler, try_src)
            src = _first_call_src(body)
            for h in s.handlers:  # type: ignore[attr-defined]
                if h.type is not None:
                    self.expr(h.type)
                self.block(h.body, conds, h, src)
            self.block(s.orelse, conds, handler, try_src)  # type: ignore[attr-defined]
            self.block(s.finalbody, conds, handler, try_src)  # type: ignore[attr-defined]
            return
        if isinstance(s, (ast.With, ast.AsyncWith)):
            for item in s.items:
                self.expr(item.context_expr)
                if item.optional_vars is not None:
                    self.expr(item.optional_vars)
            self.block(s.body, conds, handler, try_src)
            return
        if type(s).__name__ == "Match":
            self.expr(s.subject)  # type: ignore[attr-defined]
            for case in s.cases:  # type: ignore[attr-defined]
                if case.guard is not None:
                    self.expr(case.guard)
                self.block(case.body, conds, handler, try_src)
            return
        if isinstance(s, ast.Assign):
            target = unparse(s.targets[0]) if len(s.targets) == 1 else ""
            self.feeding(f"`{target}`" if target and len(target) <= 30 else "", s.value)
            for t in s.targets:
                self.target(t, s.value)
            return
        if isinstance(s, ast.AnnAssign):
            if s.value is not None:
                self.expr(s.value)
            self.target(s.target, s.value)
            if self._is_self_attr(s.target) and isinstance(s.target, ast.Attribute):
                self.self_attr_ann[s.target.attr] = s.annotation
            return
        if isinstance(s, ast.AugAssign):
            target = unparse(s.target)
            self.feeding(f"`{target}`" if len(target) <= 30 else "", s.value)
            self.expr(s.target)
            if self._is_self_attr(s.target) and isinstance(s.target, ast.Attribute):
                self.self_attrs.setdefault(s.target.attr, None)
            if isinstance(s.value, ast.Name) and s.value.id in self.params:
                self.uses[s.value.id].arithmetic = True
            return
        for child in ast.iter_child_nodes(s):
            if isinstance(child, ast.expr):
                self.expr(child)

    def _is_self_attr(self, t: ast.expr) -> bool:
        return (
            self.self_name is not None
            and isinstance(t, ast.Attribute)
            and isinstance(t.value, ast.Name)
            and t.value.id == self.self_name
        )

    def target(self, t: ast.expr, value: ast.expr | None) -> None:
        if self._is_self_attr(t):
            assert isinstance(t, ast.Attribute)
            if t.attr not in self.self_attrs or self.self_attrs[t.attr] is None:
                self.self_attrs[t.attr] = value
            if isinstance(value, ast.Name) and value.id in self.params:
                self.uses[value.id].stored_as.append(t.attr)
                self.uses[value.id].referenced = True
            return
        if isinstance(t, ast.Name):
            if value is not None:
                self.local_assign[t.id] = value
            return
        if isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                self.target(e, None)
            return
        self.expr(t)

    def _none_fallback(self, s: ast.If) -> None:
        t = s.test
        if (
            isinstance(t, ast.Compare)
            and len(t.ops) == 1
            and isinstance(t.ops[0], ast.Is)
            and isinstance(t.left, ast.Name)
            and t.left.id in self.params
            and isinstance(t.comparators[0], ast.Constant)
            and t.comparators[0].value is None
            and len(s.body) == 1
            and isinstance(s.body[0], ast.Assign)
            and len(s.body[0].targets) == 1
            and isinstance(s.body[0].targets[0], ast.Name)
            and s.body[0].targets[0].id == t.left.id
        ):
            src = unparse(s.body[0].value)
            if src and len(src) <= 60 and "\n" not in src:
                self.uses[t.left.id].none_fallback = src

    def _branch(self, s: ast.If) -> None:
        t, positive = s.test, True
        if isinstance(t, ast.UnaryOp) and isinstance(t.op, ast.Not):
            t, positive = t.operand, False
        if not (isinstance(t, ast.Name) and t.id in self.params):
            return
        u = self.uses[t.id]
        u.tested = True
        if u.branch or not s.body:
            return
        first = s.body[0]
        effect = ""
        if isinstance(first, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            target = first.targets[0] if isinstance(first, ast.Assign) else first.target
            src = unparse(target)
            if len(src) <= 30:
                effect = f"`{src}` is {'set' if isinstance(first, ast.Assign) else 'updated'}"
        elif isinstance(first, ast.Return):
            effect = "the function returns early"
        elif isinstance(first, ast.Raise):
            effect = "an error is raised"
        elif isinstance(first, ast.Expr) and isinstance(first.value, ast.Call):
            callee = dotted_name(first.value.func, through_calls=True)
            if callee and len(callee) <= 40:
                effect = f"`{callee}` is called"
        if effect:
            u.branch = f"When {'true' if positive else 'false'}, {effect}."

    def _mark_iter(self, it: ast.expr) -> None:
        if isinstance(it, ast.Name) and it.id in self.params:
            self.uses[it.id].iterated = True
        elif (
            isinstance(it, ast.Call)
            and isinstance(it.func, ast.Name)
            and it.func.id in ("enumerate", "zip", "sorted", "reversed", "list", "tuple", "set")
        ):
            for a in it.args:
                self._mark_iter(a)
        elif (
            isinstance(it, ast.Call)
            and isinstance(it.func, ast.Attribute)
            and it.func.attr in ("items", "keys", "values")
            and isinstance(it.func.value, ast.Name)
            and it.func.value.id in self.params
        ):
            self.uses[it.func.value.id].iterated = True

    def raise_(
        self, s: ast.Raise, conds: list[str], handler: ast.ExceptHandler | None, try_src: str
    ) -> None:
        names = _pydoclint_raise_names(s, handler)
        message = ""
        if isinstance(s.exc, ast.Call) and s.exc.args:
            first = s.exc.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                message = first.value
            elif isinstance(first, ast.JoinedStr):
                message = "".join(
                    v.value
                    for v in first.values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                )
        for name in names:
            self.raises.append(
                RaiseFact(
                    name=name,
                    conditions=list(conds),
                    message=message,
                    handler=try_src if handler is not None else "",
                    lineno=s.lineno,
                )
            )

    # ---------------------------------------------------------------- expressions
    def expr(self, e: ast.expr) -> None:
        stack: list[ast.AST] = [e]
        while stack:
            n = stack.pop()
            if isinstance(n, ast.Lambda):
                for sub in ast.walk(n.body):
                    if isinstance(sub, ast.Name) and sub.id in self.params:
                        self.uses[sub.id].referenced = True
                continue
            if isinstance(n, (ast.Yield, ast.YieldFrom)):
                if isinstance(n, ast.Yield):
                    self.yields.append(n.value)
                else:
                    self.yield_from.append(n.value)
            elif isinstance(n, ast.Name):
                if n.id in self.params:
                    u = self.uses[n.id]
                    u.referenced = True
                    if (
                        self._feeding
                        and self._feeding not in u.feeds
                        and self._feeding != f"`{n.id}`"
                    ):
                        u.feeds.append(self._feeding)
            elif isinstance(n, ast.Call):
                self.call(n)
            elif isinstance(n, ast.Attribute):
                if isinstance(n.value, ast.Name) and n.value.id in self.params:
                    self.uses[n.value.id].attributes.append(n.attr)
            elif isinstance(n, ast.Subscript):
                if isinstance(n.value, ast.Name) and n.value.id in self.params:
                    self.uses[n.value.id].subscripted = True
            elif isinstance(n, ast.BinOp):
                for side in (n.left, n.right):
                    if (
                        isinstance(side, ast.Name)
                        and side.id in self.params
                        and not isinstance(n.op, ast.Mod)
                    ):
                        self.uses[side.id].arithmetic = True
            elif isinstance(n, ast.Compare):
                self.compare(n)
            elif isinstance(n, (ast.If, ast.IfExp, ast.BoolOp, ast.UnaryOp)):
                tests = (
                    [n.test]
                    if isinstance(n, ast.IfExp)
                    else (
                        n.values
                        if isinstance(n, ast.BoolOp)
                        else [n.operand]
                        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not)
                        else []
                    )
                )
                for t in tests:
                    if isinstance(t, ast.Name) and t.id in self.params:
                        self.uses[t.id].tested = True
            elif isinstance(n, ast.comprehension):
                self._mark_iter(n.iter)
            stack.extend(ast.iter_child_nodes(n))

    def compare(self, n: ast.Compare) -> None:
        items = [n.left, *n.comparators]
        for i, op in enumerate(n.ops):
            left, right = items[i], items[i + 1]
            for a, b in ((left, right), (right, left)):
                if not (isinstance(a, ast.Name) and a.id in self.params):
                    continue
                u = self.uses[a.id]
                if isinstance(b, ast.Constant) and b.value is None:
                    continue  # `p is None`: no value to compare with
                if isinstance(op, (ast.In, ast.NotIn)) and a is right:
                    u.membership = True
                else:
                    src = unparse(b)
                    if src and len(src) < 40:
                        u.compared_with.append(src)

    def call(self, n: ast.Call) -> None:
        name = dotted_name(n.func, through_calls=True)
        if name and name not in self._seen_calls:
            self._seen_calls.add(name)
            self.calls.append(name)
            self.call_nodes[name] = n
        short = name.rsplit(".", 1)[-1]
        if short == "print":
            self.prints = True
        if short in {
            "savefig",
            "to_csv",
            "to_json",
            "to_parquet",
            "write_text",
            "write_bytes",
            "dump",
            "dumps",
            "save",
            "to_pickle",
            "write",
            "to_excel",
            "to_html",
        }:
            self.writes_files = True
        if (
            short == "open"
            and len(n.args) > 1
            and isinstance(n.args[1], ast.Constant)
            and isinstance(n.args[1].value, str)
            and any(c in n.args[1].value for c in "wax")
        ):
            self.writes_files = True
        if (
            isinstance(n.func, ast.Attribute)
            and isinstance(n.func.value, ast.Name)
            and n.func.value.id in self.params
        ):
            u = self.uses[n.func.value.id]
            if n.func.attr not in u.methods:
                u.methods.append(n.func.attr)
        if isinstance(n.func, ast.Name) and n.func.id in self.params:
            self.uses[n.func.id].called = True
        for pos, a in enumerate(n.args):
            if isinstance(a, ast.Starred):
                a = a.value
            if isinstance(a, ast.Name) and a.id in self.params:
                u = self.uses[a.id]
                if short in {"open", "Path", "PurePath"} and pos == 0:
                    u.opened = True
                elif short == "len":
                    u.length = True
                elif short == "isinstance" and pos == 0 and len(n.args) > 1:
                    u.isinstance_types.extend(_type_names(n.args[1]))
                elif name:
                    u.passed_to.append((name, None))
        for kw in n.keywords:
            if isinstance(kw.value, ast.Name) and kw.value.id in self.params and name:
                self.uses[kw.value.id].passed_to.append((name, kw.arg))


def _type_names(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Tuple):
        return [n for e in node.elts for n in _type_names(e)]
    name = dotted_name(node, through_calls=True)
    return [name] if name else []


def condition_text(test: ast.expr) -> str:
    return unparse(test)


def negated_condition(test: ast.expr) -> str:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return unparse(test.operand)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        flip = {
            ast.Is: ast.IsNot,
            ast.IsNot: ast.Is,
            ast.In: ast.NotIn,
            ast.NotIn: ast.In,
            ast.Eq: ast.NotEq,
            ast.NotEq: ast.Eq,
            ast.Lt: ast.GtE,
            ast.GtE: ast.Lt,
            ast.Gt: ast.LtE,
            ast.LtE: ast.Gt,
        }
        op = flip.get(type(test.ops[0]))
        if op is not None:
            return unparse(ast.Compare(left=test.left, ops=[op()], comparators=test.comparators))
    src = unparse(test)
    return (
        f"not {src}"
        if isinstance(test, (ast.Name, ast.Attribute, ast.Call, ast.Subscript))
        else f"not ({src})"
    )


def _first_call_src(body: list[ast.stmt]) -> str:
    for s in body:
        for n in ast.walk(s):
            if isinstance(n, ast.Call):
                name = dotted_name(n.func, through_calls=True)
                if name:
                    return name
    return ""


def _pydoclint_raise_names(s: ast.Raise, handler: ast.ExceptHandler | None) -> list[str]:
    """The exception names pydoclint expects in the Raises section for this statement."""
    if s.exc is None:
        return _handler_names(handler) if handler is not None else []
    if isinstance(s.exc, ast.Attribute):
        return [unparse(s.exc)]
    if isinstance(s.exc, ast.Call) and isinstance(s.exc.func, ast.Attribute):
        return [unparse(s.exc.func)]
    for sub in _dfs(s):
        if isinstance(sub, ast.Name):
            if handler is not None and handler.name and sub.id == handler.name:
                return _handler_names(handler)
            return [sub.id]
    return []


def _dfs(node: ast.AST) -> list[ast.AST]:
    out: list[ast.AST] = []
    stack = [node]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(reversed(list(ast.iter_child_nodes(n))))
    return out


def _handler_names(h: ast.ExceptHandler) -> list[str]:
    t = h.type
    if t is None:
        return []
    if isinstance(t, (ast.Name, ast.Attribute)):
        return [unparse(t)]
    if isinstance(t, ast.Tuple):
        return [unparse(e) for e in t.elts if isinstance(e, (ast.Name, ast.Attribute))]
    return []


def analyze(node: ast.FunctionDef | ast.AsyncFunctionDef, *, is_method: bool) -> Facts:
    """Collect the facts of one function or method body."""
    params = param_names(node)
    self_name = params[0] if is_method and params and not _is_static(node) else None
    w = _Walker(params, self_name)
    w.block(node.body, [], None, "")
    return Facts(
        uses=w.uses,
        returns=w.returns,
        yields=w.yields,
        yield_from=w.yield_from,
        raises=w.raises,
        calls=w.calls,
        self_attrs=w.self_attrs,
        self_attr_ann=w.self_attr_ann,
        writes_files=w.writes_files,
        prints=w.prints,
        is_stub=is_stub_body(node.body),
        not_implemented=any(r.name.endswith("NotImplementedError") for r in w.raises),
        local_assign=w.local_assign,
        call_nodes=w.call_nodes,
    )


def _is_static(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(dotted_name(d, through_calls=True) in ("staticmethod",) for d in node.decorator_list)
