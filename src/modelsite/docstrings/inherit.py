"""What an overridden method of an installed library's base class says about itself.

A method that overrides a method of a base class importable from an installed library (say
`score` of scikit-learn's `ClassifierMixin`) takes that method's summary and the descriptions of
the parameters it shares. The bases are found statically: the class's base expressions are
resolved through the module's imports (and through classes of the same module), the library's
source file is located with `importlib.util.find_spec` on its top-level package (which imports
nothing) and read with griffe's visitor; neither the project nor the library is imported.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import griffe

from modelsite.astnames import dotted_name

MAX_DEPTH = 4


@dataclass(frozen=True)
class Inherited:
    """The documented contract of the base method a method overrides."""

    source: str
    """Dotted path of the base method (`sklearn.base.ClassifierMixin.score`)."""
    summary: str
    params: dict[str, str] = field(default_factory=dict)
    """Parameter name -> the base's description, as one line of prose."""


def module_imports(tree: ast.Module, module_name: str) -> dict[str, str]:
    """Local name -> the dotted path it was imported from (`Mixin` -> `sklearn.base.Mixin`)."""
    out: dict[str, str] = {}
    package = module_name.rsplit(".", 1)[0] if "." in module_name else ""
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom):
            mod = stmt.module or ""
            if stmt.level:
                base = package.split(".")[: max(0, len(package.split(".")) - stmt.level + 1)]
                mod = ".".join([*base, mod] if mod else base)
            for a in stmt.names:
                out[a.asname or a.name] = f"{mod}.{a.name}"
        elif isinstance(stmt, ast.Import):
            for a in stmt.names:
                if a.asname:
                    out[a.asname] = a.name
                else:
                    out[a.name.split(".")[0]] = a.name.split(".")[0]
    return out


@lru_cache(maxsize=256)
def _library_module(dotted_module: str) -> griffe.Module | None:
    """The griffe module of an installed library's module, from its source file, or None."""
    top = dotted_module.split(".")[0]
    try:
        spec = importlib.util.find_spec(top)  # a top-level name: finds it without importing
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        if spec is not None and spec.origin and dotted_module == top:
            path = Path(spec.origin)
        else:
            return None
    else:
        root = Path(next(iter(spec.submodule_search_locations)))
        rel = dotted_module.split(".")[1:]
        path = root.joinpath(*rel).with_suffix(".py")
        if not path.is_file():
            path = root.joinpath(*rel, "__init__.py")
    if not path.is_file() or path.suffix != ".py":
        return None
    try:
        code = path.read_text(encoding="utf-8")
        return griffe.visit(dotted_module, path, code)
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return None


def _library_class(path: str, depth: int = 0) -> griffe.Class | None:
    """The class at dotted `path` in an installed library, following re-exports."""
    if depth > MAX_DEPTH or "." not in path:
        return None
    mod_name, name = path.rsplit(".", 1)
    mod = _library_module(mod_name)
    if mod is None:
        return None
    member = mod.members.get(name)
    if member is None:
        return None
    if member.is_alias:
        target = getattr(member, "target_path", "")
        return _library_class(target, depth + 1) if target and target != path else None
    return member if isinstance(member, griffe.Class) else None


def _class_bases(cls: griffe.Class) -> list[str]:
    """Dotted paths of a library class's bases, resolved through its module's imports."""
    mod = cls.module
    out = []
    for b in cls.bases:
        text = str(b)
        head, _, tail = text.partition(".")
        member = mod.members.get(head)
        if member is not None and member.is_alias:
            target = getattr(member, "target_path", "")
            out.append(f"{target}.{tail}" if tail else target)
        elif member is not None:
            out.append(f"{mod.path}.{text}")
    return out


_ROLE = re.compile(r":[\w:.-]+:`([^`<]*?)\s*(?:<[^>`]*>)?`")


def _paragraph(text: str) -> str:
    """The first paragraph, on one line, with reST roles reduced to their text."""
    lines = []
    for line in text.strip().split("\n\n", 1)[0].splitlines():
        if line.strip().startswith(".."):
            break
        lines.append(line.strip())
    one = " ".join(lines).strip()
    one = _ROLE.sub(lambda m: m.group(1).lstrip("~!"), one)
    return one.replace("``", "`")


_SENTENCE = re.compile(r"^(.+?\.)(?:\s|$)")


def _usable(text: str) -> bool:
    return bool(text) and "\\" not in text and '"""' not in text and "`<" not in text


def _method_doc(cls: griffe.Class, method: str, seen: set[str], depth: int) -> Inherited | None:
    if depth > MAX_DEPTH or cls.path in seen:
        return None
    seen.add(cls.path)
    member = cls.members.get(method)
    if isinstance(member, griffe.Function) and member.docstring is not None:
        doc = member.docstring
        m = _SENTENCE.match(_paragraph(doc.value))
        summary = m.group(1) if m else ""
        params: dict[str, str] = {}
        try:
            sections = doc.parse("numpy")
        except Exception:  # a library's docstring that cannot be parsed gives nothing
            sections = []
        for section in sections:
            if section.kind.value == "parameters":
                for p in section.value:
                    desc = " ".join(_paragraph(p.description or "").split())
                    if _usable(desc):
                        params[p.name] = desc
        if _usable(summary):
            return Inherited(source=f"{cls.path}.{method}", summary=summary, params=params)
        return None
    for base in _class_bases(cls):
        found = _library_class(base)
        if found is not None:
            got = _method_doc(found, method, seen, depth + 1)
            if got is not None:
                return got
    return None


def inherited_doc(
    tree: ast.Module, module_name: str, cls: ast.ClassDef, method: str
) -> Inherited | None:
    """The docstring contract of the library method `cls.method` overrides, if any."""
    imports = module_imports(tree, module_name)
    project_top = module_name.split(".")[0]
    local = {s.name: s for s in tree.body if isinstance(s, ast.ClassDef)}
    todo: list[tuple[ast.ClassDef, int]] = [(cls, 0)]
    visited: set[str] = set()
    while todo:
        node, depth = todo.pop(0)
        if node.name in visited or depth > MAX_DEPTH:
            continue
        visited.add(node.name)
        for b in node.bases:
            text = dotted_name(b)
            if not text:
                continue
            head, _, tail = text.partition(".")
            if head in local and not tail:
                todo.append((local[head], depth + 1))
                continue
            target = imports.get(head)
            if not target:
                continue
            path = f"{target}.{tail}" if tail else target
            if path.split(".")[0] in (project_top, "") or path.startswith("."):
                continue  # the project's own classes are not an installed library
            found = _library_class(path)
            if found is not None:
                got = _method_doc(found, method, set(), 0)
                if got is not None:
                    return got
    return None
