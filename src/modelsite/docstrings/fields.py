"""What the fields of a dataclass, an attrs class or a pydantic model say about themselves.

A field's help text (`field(metadata={"help": ...})`, attrs' `metadata=`, pydantic's
`Field(description=...)`), its default (`= 0.1`, `default=`, `default_factory=list`, attrs'
`Factory(list)`) and, for attrs, the values its `validators.in_([...])` accepts. The words are
the author's; the default is the code's. Read from the class body only.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from modelsite.astnames import dotted_name

_DATACLASS = {"dataclass", "dataclasses.dataclass", "pydantic.dataclasses.dataclass"}
_ATTRS = {"attr.s", "attr.attrs", "attrs.define", "attrs.frozen", "attrs.mutable", "define"}
_ATTRS |= {"frozen", "mutable", "attr.define", "attr.frozen", "attr.mutable", "attrs.attrs"}
_FIELD_CALLS = {"field", "ib", "attrib", "Field"}
_EMPTY = {"list": "an empty list", "dict": "an empty dict", "set": "an empty set"}


@dataclass(frozen=True)
class FieldFacts:
    """What one field's definition states."""

    help: str = ""
    default: str = ""
    """The default as a phrase: `` `0.1` ``, `an empty list`, `` `Foo()` ``."""
    choices: tuple[str, ...] = ()

    def description(self) -> str:
        parts = []
        if self.help:
            text = " ".join(self.help.split())
            parts.append(text if text.endswith((".", "!", "?")) else text + ".")
        if self.choices:
            shown = [f"`{c}`" for c in self.choices]
            listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" or {shown[-1]}"
            parts.append(f"One of {listed}.")
        if self.default:
            parts.append(f"Defaults to {self.default}.")
        return " ".join(parts)


def field_class_kind(cls: ast.ClassDef) -> str:
    """`dataclass`, `attrs`, `pydantic` or `` for a class whose body fields make `__init__`."""
    for d in cls.decorator_list:
        name = dotted_name(d.func if isinstance(d, ast.Call) else d)
        if name in _DATACLASS:
            return "dataclass"
        if name in _ATTRS:
            return "attrs"
    for b in cls.bases:
        if dotted_name(b).rsplit(".", 1)[-1] in ("BaseModel", "BaseSettings"):
            return "pydantic"
    return ""


def _short(node: ast.expr) -> str:
    try:
        src = ast.unparse(node)
    except (ValueError, AttributeError, RecursionError):  # pragma: no cover - odd trees
        return ""
    return f"`{src}`" if len(src) <= 40 and "\n" not in src else ""


def _default(node: ast.expr) -> str:
    if isinstance(node, ast.Call) and dotted_name(node.func).rsplit(".", 1)[-1] == "Factory":
        return _factory(node.args[0]) if node.args else ""
    return _short(node)


def _factory(node: ast.expr) -> str:
    name = dotted_name(node)
    if name in _EMPTY:
        return _EMPTY[name]
    return f"`{name}()`" if name and len(name) <= 40 else ""


def _string(node: ast.expr | None) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return ""


def _metadata_help(node: ast.expr) -> str:
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values, strict=True):
            if _string(k) in ("help", "description", "doc"):
                return _string(v)
    return ""


def _in_choices(node: ast.expr) -> tuple[str, ...]:
    validators = node.elts if isinstance(node, (ast.List, ast.Tuple)) else [node]
    for v in validators:
        if (
            isinstance(v, ast.Call)
            and dotted_name(v.func).rsplit(".", 1)[-1] == "in_"
            and len(v.args) == 1
            and isinstance(v.args[0], (ast.List, ast.Tuple, ast.Set))
            and all(isinstance(e, ast.Constant) for e in v.args[0].elts)
        ):
            return tuple(repr(e.value) for e in v.args[0].elts if isinstance(e, ast.Constant))
    return ()


def field_facts(kind: str, value: ast.expr | None) -> FieldFacts:
    """What a field's assigned value (`= 3`, `= field(...)`, `= attr.ib(...)`) states."""
    if value is None:
        return FieldFacts()
    if not (
        isinstance(value, ast.Call) and dotted_name(value.func).rsplit(".", 1)[-1] in _FIELD_CALLS
    ):
        return FieldFacts(default=_default(value))
    help_text, default = "", ""
    choices: tuple[str, ...] = ()
    if kind == "pydantic" and value.args:
        first = value.args[0]
        if not (isinstance(first, ast.Constant) and first.value is ...):
            default = _default(first)
    for kw in value.keywords:
        if kw.arg == "default":
            default = _default(kw.value)
        elif kw.arg in ("default_factory", "factory"):
            default = _factory(kw.value)
        elif kw.arg == "metadata":
            help_text = _metadata_help(kw.value)
        elif kw.arg in ("description", "help") and kind == "pydantic":
            help_text = _string(kw.value)
        elif kw.arg == "validator" and kind == "attrs":
            choices = _in_choices(kw.value)
    return FieldFacts(help=help_text, default=default, choices=choices)
