"""Parameter types and allowed values from scikit-learn's parameter validation, read statically.

scikit-learn states what each parameter accepts in machine-readable form: a class's
`_parameter_constraints` dict (`{"n_estimators": [Interval(Integral, 1, None, closed="left")]}`)
and the dict given to `@validate_params({...})` on a function. This module reads those dicts from
the syntax tree (nothing is imported or run) and phrases them as a numpydoc type
(`int`, `{'auto', 'sqrt'}`, `int or None`, `array-like`) and a sentence on the allowed range
(`Must be at least 1.`).

Say less rather than wrong: a parameter whose constraint list holds anything this module does
not recognise gets nothing from here, so its type is never narrower than what the code accepts.
`Hidden(...)` constraints are accepted by the code but deliberately undocumented by its authors;
they are left out, as scikit-learn's own docstrings do.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from modelsite.astnames import dotted_name
from modelsite.docstrings.project_classes import Found, Lookup, ProjectClasses


@dataclass(frozen=True)
class Constraint:
    """What a parameter's validation constraints say about it."""

    type: str
    """The accepted types, numpydoc style (`int or None`, `{'auto', 'sqrt'}`)."""
    description: str = ""
    """Allowed ranges and deprecated values, as sentences (`Must be at least 1.`)."""


# type names as numpydoc types
_TYPES = {
    "Integral": "int",
    "int": "int",
    "Real": "float",
    "RealNotInt": "float",
    "float": "float",
    "Number": "float",
    "str": "str",
    "bool": "bool",
    "list": "list",
    "tuple": "tuple",
    "dict": "dict",
    "set": "set",
    "ndarray": "ndarray",
    "Path": "path-like",
    "PathLike": "path-like",
    "Mapping": "mapping",
    "Iterable": "iterable",
    "Sequence": "sequence",
    "BaseEstimator": "estimator object",
    "RandomState": "RandomState instance",
    "Generator": "Generator instance",
    "DataFrame": "DataFrame",
}
# scikit-learn's string constraints (`sklearn.utils._param_validation.make_constraint`)
_STRINGS = {
    "array-like": "array-like",
    "sparse matrix": "sparse matrix",
    "random_state": "int, RandomState instance or None",
    "boolean": "bool",
    "verbose": "int or bool",
    "cv_object": "int, cross-validation generator or iterable",
    "nan": "np.nan",
}


# bases that bring no constraints of their own (mixins of scikit-learn and plain objects)
_NO_CONSTRAINTS = {"object", "ABC", "Generic"}


class _Unknown(Exception):
    """A constraint this module cannot phrase: the parameter gets nothing."""


@dataclass
class _Phrased:
    types: list[str]
    sentences: list[str]
    no_validation: bool = False


def _interval(call: ast.Call) -> tuple[str, str]:
    """(type, sentence) for `Interval(type, left, right, closed=...)`."""
    if len(call.args) < 3:
        raise _Unknown
    kind = dotted_name(call.args[0]).rsplit(".", 1)[-1]
    typ = _TYPES.get(kind)
    if typ not in ("int", "float"):
        raise _Unknown
    left, right = (_number(a) for a in call.args[1:3])
    closed = ""
    for kw in call.keywords:
        if kw.arg == "closed" and isinstance(kw.value, ast.Constant):
            closed = str(kw.value.value)
    if len(call.args) > 3 and isinstance(call.args[3], ast.Constant):
        closed = str(call.args[3].value)
    if closed not in ("left", "right", "both", "neither"):
        raise _Unknown
    lc = closed in ("left", "both")
    rc = closed in ("right", "both")
    if left is None and right is None:
        return typ, ""
    if right is None:
        return typ, f"at least {left}" if lc else f"greater than {left}"
    if left is None:
        return typ, f"at most {right}" if rc else f"less than {right}"
    return typ, f"in the range `{'[' if lc else '('}{left}, {right}{']' if rc else ')'}`"


def _number(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and node.value is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        if isinstance(node.value, bool):
            raise _Unknown
        return repr(node.value)
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and isinstance(node.operand.value, (int, float))
    ):
        return f"-{node.operand.value!r}"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    if dotted_name(node) in ("np.inf", "numpy.inf", "math.inf"):
        return None  # unbounded on that side
    raise _Unknown


def _literal_set(node: ast.expr) -> list[str]:
    if not isinstance(node, (ast.Set, ast.List, ast.Tuple)):
        raise _Unknown
    out = []
    for e in node.elts:
        if not isinstance(e, ast.Constant) or isinstance(e.value, bytes):
            raise _Unknown
        out.append(repr(e.value))
    return out


def _options(call: ast.Call, name: str) -> tuple[str, list[str]]:
    """(`{'a', 'b'}`, sentences) for `StrOptions({...})` or `Options(type, {...})`."""
    if name == "StrOptions":
        if not call.args:
            raise _Unknown
        values = _literal_set(call.args[0])
    else:
        if len(call.args) < 2:
            raise _Unknown
        values = _literal_set(call.args[1])
    deprecated: list[str] = []
    for kw in call.keywords:
        if kw.arg == "deprecated":
            deprecated = _literal_set(kw.value)
        else:
            raise _Unknown
    shown = [v for v in values if v not in deprecated]
    sentences = []
    if deprecated:
        listed = ", ".join(f"`{d}`" for d in deprecated)
        sentences.append(f"{listed} {'is' if len(deprecated) == 1 else 'are'} deprecated")
    if not shown:
        raise _Unknown
    return "{" + ", ".join(shown) + "}", sentences


def _has_methods(call: ast.Call) -> tuple[str, str]:
    if len(call.args) != 1:
        raise _Unknown
    arg = call.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        methods = [arg.value]
    else:
        methods = [m.strip("'\"") for m in _literal_set(arg)]
    typ = "estimator object" if "fit" in methods else "object"
    named = [f"`{m}`" for m in methods]
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + f" and {named[-1]}"
    return typ, f"have the {listed} method{'s' if len(named) > 1 else ''}"


def _phrase(items: list[ast.expr]) -> _Phrased:
    out = _Phrased([], [])
    ranges: dict[str, list[str]] = {}
    for item in items:
        if isinstance(item, ast.Constant):
            if item.value is None:
                out.types.append("None")
            elif isinstance(item.value, str) and item.value in _STRINGS:
                out.types.append(_STRINGS[item.value])
            elif item.value == "no_validation":
                out.no_validation = True
            else:
                raise _Unknown
            continue
        if isinstance(item, (ast.Name, ast.Attribute)):
            name = dotted_name(item)
            short = name.rsplit(".", 1)[-1]
            if short == "callable":
                out.types.append("callable")
            elif short in _TYPES:
                out.types.append(_TYPES[short])
            elif short and short[0].isupper():
                out.types.append(f"{short} instance")
            else:
                raise _Unknown
            continue
        if not isinstance(item, ast.Call):
            raise _Unknown
        name = dotted_name(item.func).rsplit(".", 1)[-1]
        if name == "Hidden":
            continue  # accepted but undocumented by the authors
        if name == "Interval":
            typ, sentence = _interval(item)
            out.types.append(typ)
            if sentence:
                ranges.setdefault(typ, []).append(sentence)
        elif name in ("StrOptions", "Options"):
            typ, sentences = _options(item, name)
            out.types.append(typ)
            out.sentences += sentences
        elif name == "HasMethods":
            typ, sentence = _has_methods(item)
            out.types.append(typ)
            ranges.setdefault(typ, []).append(sentence)
        elif name == "MissingValues":
            out.types.append("int, float, str, np.nan or None")
        else:
            raise _Unknown
    several = len({t for t in out.types if t != "None"}) > 1
    for i, (typ, sentences) in enumerate(ranges.items()):
        text = " or ".join(s if s.startswith("have ") else f"be {s}" for s in sentences)
        out.sentences.insert(i, f"if {typ}, must {text}" if several else f"must {text}")
    return out


def _join_types(types: list[str]) -> str:
    seen = list(dict.fromkeys(types))
    if "array-like" in seen and "sparse matrix" in seen:
        i = seen.index("array-like")
        seen = [t for t in seen if t != "sparse matrix"]
        seen[i] = "{array-like, sparse matrix}"
    if "None" in seen:  # numpydoc convention: None last
        seen = [t for t in seen if t != "None"] + ["None"]
    if len(seen) == 1:
        return seen[0]
    return ", ".join(seen[:-1]) + f" or {seen[-1]}"


def _sentence(parts: list[str]) -> str:
    return " ".join(p[0].upper() + p[1:] + "." for p in parts if p)


def phrase_constraints(items: ast.expr) -> Constraint | None:
    """The type and allowed values a list of constraints states; None when not understood."""
    if not isinstance(items, (ast.List, ast.Tuple)):
        return None
    try:
        phrased = _phrase(list(items.elts))
    except _Unknown:
        return None
    if phrased.no_validation or not phrased.types:
        return None
    return Constraint(_join_types(phrased.types), _sentence(phrased.sentences))


def _dict_entries(node: ast.expr, lookup: Lookup, depth: int) -> dict[str, ast.expr | None]:
    """Key -> constraint list of a dict display; None for keys whose constraints are unknown."""
    if not isinstance(node, ast.Dict):
        return {}
    out: dict[str, ast.expr | None] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if key is None:  # `**Base._parameter_constraints`
            spread = _spread_class(value, lookup)
            if spread is not None and depth < 6:
                out.update(_class_entries(spread[0], spread[1], depth + 1) or {})
            else:
                # unknown keys may override the ones already listed
                out = {k: None for k in out}
            continue
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            out[key.value] = value
    return out


def _spread_class(value: ast.expr, lookup: Lookup) -> Found | None:
    if (
        isinstance(value, ast.Attribute)
        and value.attr == "_parameter_constraints"
        and isinstance(value.value, ast.Name)
    ):
        return lookup(value.value.id)
    return None


def _class_entries(
    cls: ast.ClassDef, lookup: Lookup, depth: int = 0
) -> dict[str, ast.expr | None] | None:
    """Key -> constraint list of the class's dict (None for a key not known); `{}` when the dict
    cannot be followed, None when neither the class nor its project bases define one."""
    out: dict[str, ast.expr | None] | None = None
    for stmt in cls.body:
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign):
            target, value = stmt.target, stmt.value
        if isinstance(target, ast.Name) and target.id == "_parameter_constraints":
            out = _dict_entries(value, lookup, depth) if value is not None else {}
            if value is not None and not isinstance(value, ast.Dict):
                return {}
            continue
        if out is None or isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue  # methods run later, on instances: the class's dict is what they see
        # later edits of the dict in the class body
        if (
            isinstance(target, ast.Subscript)
            and dotted_name(target.value) == "_parameter_constraints"
            and isinstance(target.slice, ast.Constant)
            and isinstance(target.slice.value, str)
        ):
            out[target.slice.value] = value
        elif isinstance(stmt, ast.Delete) or (
            isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
        ):
            out = _edited(stmt, out)
        elif _mentions(stmt):
            return {}  # changed in a way not followed: nothing is claimed
    if out is not None:
        return out
    # inherited from the first base class found in the project (the one Python looks in first)
    for base in cls.bases:
        found = lookup(base.id) if isinstance(base, ast.Name) and depth < 6 else None
        if found is not None:
            inherited = _class_entries(found[0], found[1], depth + 1)
            if inherited is not None:
                return inherited
            continue  # a project base without a dict (a mixin): the next base is looked in
        name = dotted_name(base).rsplit(".", 1)[-1]
        if name not in _NO_CONSTRAINTS and not name.endswith("Mixin"):
            return {}  # a base whose constraints are unknown comes first: nothing is claimed
    return None


def _mentions(stmt: ast.stmt) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "_parameter_constraints" for n in ast.walk(stmt))


def _edited(stmt: ast.stmt, out: dict[str, ast.expr | None]) -> dict[str, ast.expr | None]:
    if isinstance(stmt, ast.Delete):
        for t in stmt.targets:
            if (
                isinstance(t, ast.Subscript)
                and dotted_name(t.value) == "_parameter_constraints"
                and isinstance(t.slice, ast.Constant)
            ):
                out.pop(str(t.slice.value), None)
            elif _mentions(stmt):
                return {}
        return out
    assert isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
    call = stmt.value
    func = call.func
    target = dotted_name(func.value) if isinstance(func, ast.Attribute) else ""
    if not isinstance(func, ast.Attribute) or target != "_parameter_constraints":
        return {} if _mentions(stmt) else out
    if func.attr == "pop" and call.args and isinstance(call.args[0], ast.Constant):
        out.pop(str(call.args[0].value), None)
        return out
    if func.attr == "update" and len(call.args) == 1 and isinstance(call.args[0], ast.Dict):
        out.update(_dict_entries(call.args[0], _nowhere, 6))
        return out
    return {}


def _nowhere(name: str) -> Found | None:
    return None


def class_constraints(
    tree: ast.Module, cls: ast.ClassDef, lookup: Lookup | None = None
) -> dict[str, Constraint]:
    """Parameter name -> what the class's `_parameter_constraints` says about it.

    `lookup` finds the classes the module names (its own, and those of other project modules);
    by default only the module's own classes are looked in.
    """
    out = {}
    found = lookup or ProjectClasses().lookup_for(tree, "")
    for name, items in (_class_entries(cls, found) or {}).items():
        phrased = phrase_constraints(items) if items is not None else None
        if phrased is not None:
            out[name] = phrased
    return out


def function_constraints(node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, Constraint]:
    """Parameter name -> what `@validate_params({...})` on the function says about it."""
    for d in node.decorator_list:
        if (
            isinstance(d, ast.Call)
            and dotted_name(d.func).rsplit(".", 1)[-1] == "validate_params"
            and d.args
        ):
            out = {}
            for name, items in _dict_entries(d.args[0], _nowhere, 6).items():
                phrased = phrase_constraints(items) if items is not None else None
                if phrased is not None:
                    out[name] = phrased
            return out
    return {}
