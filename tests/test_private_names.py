"""No module of modelsite uses a private name (`_name`) of another of its modules (issue 19).

A name with a leading underscore is free to change with its module; a second module that needs
it should get a public name. Checked on the syntax trees of src/: `from modelsite.x import _name`
and `x._name` where `x` is one of our modules imported by name.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def our_modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def private_uses(module: str, tree: ast.Module, modules: dict[str, Path]) -> list[str]:
    found: list[str] = []
    bound: dict[str, str] = {}  # local name -> our module it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.partition(".")[0] != "modelsite":
                continue
            for alias in node.names:
                if _private(alias.name) and node.module != module:
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
                if f"{node.module}.{alias.name}" in modules:
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.partition(".")[0] == "modelsite":
                    local = alias.asname or alias.name.partition(".")[0]
                    bound[local] = alias.name if alias.asname else "modelsite"
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and _private(node.attr)):
            continue
        chain, value = [], node.value
        while isinstance(value, ast.Attribute):
            chain.append(value.attr)
            value = value.value
        if isinstance(value, ast.Name) and value.id in bound:
            target = ".".join([bound[value.id], *reversed(chain)])
            if target in modules and target != module:
                found.append(f"{node.lineno}: {target}.{node.attr}")
    return found


def test_the_checker_sees_both_forms() -> None:
    modules = {"modelsite.a": Path("a.py"), "modelsite.b": Path("b.py")}
    tree = ast.parse(
        "from modelsite.b import _helper, public\n"
        "from modelsite import b\n"
        "b._other()\n"
        "b.public()\n"
        "self._own = 1\n"
    )
    assert private_uses("modelsite.a", tree, modules) == [
        "1: from modelsite.b import _helper",
        "3: modelsite.b._other",
    ]


def test_no_module_uses_another_modules_private_name() -> None:
    modules = our_modules()
    assert len(modules) > 50
    problems = [
        f"{path.relative_to(SRC)}:{line}"
        for module, path in sorted(modules.items())
        for line in private_uses(module, ast.parse(path.read_text(encoding="utf-8")), modules)
    ]
    assert problems == []
