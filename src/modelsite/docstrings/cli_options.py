"""A script's command-line options, in their help's own words: argparse, click and typer.

- argparse: a function whose body builds an `ArgumentParser` and adds arguments to it gets the
  parser's `description=` as its summary source and a list of its options (flags, `type=`,
  `default=`, `choices=`, `help=`).
- click: each `@click.option(...)`/`@click.argument(...)` decorator documents the function
  parameter it fills (`help=`, `type=`, `default=`, `is_flag=`, `click.Choice([...])`).
- typer: a parameter whose default (or `Annotated[...]` metadata) is `typer.Option(...)` or
  `typer.Argument(...)` is described by its `help=`.

Help text with argparse's `%(...)s` placeholders other than `%(default)s` is left out rather
than shown with holes.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from modelsite.astnames import dotted_name

Def = ast.FunctionDef | ast.AsyncFunctionDef
_TYPES = {"int": "int", "float": "float", "str": "str", "bool": "bool", "Path": "path"}
_TYPES |= {"FileType": "file", "pathlib.Path": "path", "click.Path": "path", "click.File": "file"}
_TYPES |= {"click.INT": "int", "click.FLOAT": "float", "click.STRING": "str", "click.BOOL": "bool"}


@dataclass(frozen=True)
class CliOption:
    """One documented command-line argument."""

    flags: str
    """`--n-estimators, -n` or the positional argument's name."""
    type: str = ""
    description: str = ""


@dataclass(frozen=True)
class CliParser:
    """What an argparse parser built in a function's body says."""

    description: str
    options: tuple[CliOption, ...]


def _src(node: ast.expr) -> str:
    try:
        src = ast.unparse(node)
    except (ValueError, AttributeError, RecursionError):  # pragma: no cover - odd trees
        return ""
    return src if len(src) <= 40 and "\n" not in src else ""


def _string(node: ast.expr | None) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in node.values):
        return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    return ""


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip().replace("`", "'")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _help(node: ast.expr | None, default: str) -> str:
    text = _string(node)
    if "%(default)s" in text or "%(default)r" in text:
        if not default:
            return ""
        text = text.replace("%(default)s", default).replace("%(default)r", default)
    if re.search(r"%\(\w+\)", text):
        return ""  # a placeholder filled by argparse at run time
    return _sentence(text.replace("%%", "%"))


def _choices(node: ast.expr) -> list[str]:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)) and all(
        isinstance(e, ast.Constant) for e in node.elts
    ):
        return [repr(e.value) for e in node.elts if isinstance(e, ast.Constant)]
    return []


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" or {items[-1]}"


def _true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _details(call: ast.Call, *, click: bool) -> tuple[str, str, str]:
    """(type, default, help) of an `add_argument`/`click.option` call."""
    kw = {k.arg: k.value for k in call.keywords if k.arg}
    typ = ""
    default = _src(kw["default"]) if "default" in kw else ""
    if "type" in kw:
        t = kw["type"]
        name = dotted_name(t.func if isinstance(t, ast.Call) else t)
        if isinstance(t, ast.Call) and name.rsplit(".", 1)[-1] == "Choice" and t.args:
            shown = _choices(t.args[0])
            typ = "{" + ", ".join(shown) + "}" if shown else ""
        else:
            typ = _TYPES.get(name, _TYPES.get(name.rsplit(".", 1)[-1], ""))
    action = _string(kw.get("action"))
    if action in ("store_true", "store_false") or (click and _true(kw.get("is_flag"))):
        typ = "flag"
    if "choices" in kw:
        shown = _choices(kw["choices"])
        if shown:
            typ = "{" + ", ".join(shown) + "}"
    text = _help(kw.get("help"), default)
    parts = [text] if text else []
    if _true(kw.get("required")):
        parts.append("Required.")
    elif default and default != "None" and typ != "flag" and default not in text:
        parts.append(f"Defaults to `{default}`.")
    nargs = _string(kw.get("nargs"))
    if nargs in ("+", "*"):
        parts.append("Takes one or more values." if nargs == "+" else "Takes any number of values.")
    return typ, default, " ".join(parts)


# ---------------------------------------------------------------- argparse


def argparse_parser(node: Def) -> CliParser | None:
    """The options `node`'s own body adds: to an `ArgumentParser` it builds or one passed in."""
    parsers: dict[str, str] = {}  # variable -> description
    groups: set[str] = set()
    options: list[CliOption] = []
    # a parser passed in (`def add_fit_args(parser)`) gets its options from this body too
    a = node.args
    params = {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)}
    for stmt in ast.walk(node):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt is not node:
            continue
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            t, v = stmt.targets[0], stmt.value
            if isinstance(t, ast.Name) and isinstance(v, ast.Call):
                callee = dotted_name(v.func)
                if callee.rsplit(".", 1)[-1] == "ArgumentParser":
                    kw = {k.arg: k.value for k in v.keywords}
                    parsers[t.id] = _string(kw.get("description"))
                elif (
                    isinstance(v.func, ast.Attribute)
                    and v.func.attr in ("add_argument_group", "add_mutually_exclusive_group")
                    and isinstance(v.func.value, ast.Name)
                    and (v.func.value.id in parsers or v.func.value.id in groups | params)
                ):
                    groups.add(t.id)
    receivers = set(parsers) | groups | params
    if not parsers and not any(
        isinstance(sub, ast.Call)
        and isinstance(sub.func, ast.Attribute)
        and sub.func.attr == "add_argument"
        and isinstance(sub.func.value, ast.Name)
        and sub.func.value.id in receivers
        for sub in ast.walk(node)
    ):
        return None
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Attribute)
            and sub.func.attr == "add_argument"
            and isinstance(sub.func.value, ast.Name)
            and sub.func.value.id in receivers
        ):
            flags = [_string(a) for a in sub.args]
            if not flags or not all(flags):
                continue
            typ, _default, desc = _details(sub, click=False)
            options.append(CliOption(", ".join(flags), typ, desc))
    description = next((d for d in parsers.values() if d), "")
    return CliParser(_sentence(description), tuple(options))


# ---------------------------------------------------------------- click


def _click_param_name(decls: list[str]) -> str:
    plain = [d for d in decls if d.isidentifier()]
    if plain:
        return plain[0]
    longs = [d for d in decls if d.startswith("--")]
    chosen = longs[0] if longs else (decls[0] if decls else "")
    chosen = chosen.split("/", 1)[0]  # `--shout/--no-shout`
    return chosen.lstrip("-").replace("-", "_").lower()


def click_params(node: Def) -> dict[str, tuple[str, str]]:
    """Parameter name -> (type, description) from the function's `click` decorators."""
    out: dict[str, tuple[str, str]] = {}
    for d in node.decorator_list:
        if not isinstance(d, ast.Call):
            continue
        name = dotted_name(d.func)
        if name.rsplit(".", 1)[-1] not in ("option", "argument") or "click" not in name:
            continue
        decls = [_string(a) for a in d.args]
        if not decls or not all(decls):
            continue
        typ, _default, desc = _details(d, click=True)
        if any("/" in x for x in decls):
            typ = "flag"  # `--plot/--no-plot`
        out[_click_param_name(decls)] = ("bool" if typ == "flag" else typ, desc)
    return out


# ---------------------------------------------------------------- typer


def _typer_call(node: ast.expr | None) -> ast.Call | None:
    if node is None:
        return None
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Call)
            and dotted_name(sub.func).rsplit(".", 1)[-1] in ("Option", "Argument")
            and "typer" in dotted_name(sub.func)
        ):
            return sub
    return None


def typer_help(annotation: ast.expr | None, default: ast.expr | None) -> str:
    """The description of a typer parameter: its `help=` and default."""
    call = _typer_call(default) or _typer_call(annotation)
    if call is None:
        return ""
    kw = {k.arg: k.value for k in call.keywords if k.arg}
    text = _sentence(_string(kw.get("help")))
    value: ast.expr | None = kw.get("default")
    if value is None and call.args:
        value = call.args[0]
    shown = _src(value) if value is not None else ""
    if shown and shown not in ("...", "Ellipsis", "None"):
        text = f"{text} Defaults to `{shown}`.".strip()
    return text


def command_help(node: Def) -> str:
    """The first sentence of `help=` in `@click.command(...)`/`@app.command(...)`."""
    for d in node.decorator_list:
        if isinstance(d, ast.Call) and dotted_name(d.func).rsplit(".", 1)[-1] in (
            "command",
            "group",
        ):
            kw = {k.arg: k.value for k in d.keywords if k.arg}
            text = _sentence(_string(kw.get("help")) or _string(kw.get("short_help")))
            first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].strip()
            if 0 < len(first) <= 79:
                return first
    return ""
