"""Inventory of the training code with griffe static loading (nothing is imported or run)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import griffe

from modelsite.collect.layout import walk
from modelsite.docstrings.inventory import counted_members, coverage_inventory, kind_of
from modelsite.docstrings.reexports import is_private_module, modules, reexports
from modelsite.docstrings.sphinx_roles import plain_roles
from modelsite.docstrings.style import detect_style_text
from modelsite.log import warn
from modelsite.sitemodel import CodeInfo, ModuleInfo, ObjectInfo


def _sources_fingerprint(name: str, search_paths: list[str]) -> tuple[object, ...] | None:
    """Paths, sizes and mtimes of the package's sources (None if not a plain folder or file)."""
    for base in map(Path, search_paths):
        folder, single = base / name, base / f"{name}.py"
        files = (
            [folder / rel for rel in walk(folder, ".py").files]
            if folder.is_dir()
            else ([single] if single.is_file() else [])
        )
        if files:
            try:
                return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
            except OSError:
                return None
    return None


_LOADED: dict[tuple[str, tuple[str, ...]], tuple[tuple[object, ...], griffe.Module]] = {}
"""Packages loaded in this process, with the fingerprint of their sources when loaded."""


def load_package(name: str, search_paths: list[str]) -> griffe.Module:
    """Load one package or module statically.

    The code inventory and the code-health page both need the package: it is loaded once per
    process and reused while its sources are unchanged (sizes and mtimes; `serve` reloads an edited
    package). Callers must not modify the returned tree.
    """
    key = (name, tuple(search_paths))
    fingerprint = _sources_fingerprint(name, search_paths)
    cached = _LOADED.get(key)
    if fingerprint is not None and cached is not None and cached[0] == fingerprint:
        return cached[1]
    loader = griffe.GriffeLoader(search_paths=search_paths)
    module = loader.load(name)
    assert isinstance(module, griffe.Module)
    if fingerprint is not None:
        _LOADED[key] = (fingerprint, module)
    return module


def collect_code(
    root: Path,
    packages: tuple[str, ...],
    search_paths: tuple[str, ...],
    files: tuple[str, ...] | None = None,
) -> CodeInfo:
    """Inventory every module, class, function, method and property of the packages.

    Counted as `modelsite docstrings` counts (like interrogate): public objects only. `files`
    (relative to `root`): the modules documented; other modules griffe loads (tests inside a
    package, excluded files) are left out.
    """
    code = coverage_inventory(
        root,
        packages,
        search_paths,
        load=load_package,
        left_out="left out of the API reference",
        files=None if files is None else [root.resolve() / f for f in files],
    )
    for problem in code.problems:
        warn(None, problem)
    code = public_api(code, packages, [str((root / p).resolve()) for p in search_paths])
    code = dataclasses.replace(
        code,
        modules=tuple(
            dataclasses.replace(m, summary=plain_roles(m.summary, None, markdown=False))
            for m in code.modules
        ),
    )
    return dataclasses.replace(code, docstring_style=project_style(root, files or ()))


def _documented(obj: griffe.Object) -> bool:
    return obj.docstring is not None and obj.docstring.value.strip() != ""


def _reexported_objects(module: griffe.Module, where: dict[str, str]) -> list[ObjectInfo]:
    """What `module` documents of a private module's objects (`docstrings.reexports`), under
    the path users import them by (`pkg.Thing`, `pkg.Thing.run`); `where` gets each one's
    canonical path -> that path, the first module (by name) re-exporting it winning."""
    out: list[ObjectInfo] = []
    for alias in reexports(module):
        target = alias.final_target
        if not is_private_module(target.module.path):
            continue  # documented (and counted) in its own public module as well
        if not (target.is_class or target.is_function) or target.path in where:
            continue
        where[target.path] = alias.path
        objects = [target, *counted_members(target)]
        for obj in objects:
            out.append(
                ObjectInfo(
                    path=alias.path + obj.path[len(target.path) :],
                    kind=kind_of(obj),
                    lineno=None,  # in another file than the module's
                    documented=_documented(obj),
                )
            )
    return out


def public_api(code: CodeInfo, packages: tuple[str, ...], search_paths: list[str]) -> CodeInfo:
    """The reference's view of `code`, following mkdocstrings' conventions: a private module
    (`pkg._impl`) has no page and is not counted; what a public module re-exports from one is
    counted in that module, where the reference documents it (`docstrings.reexports`)."""
    if not any(is_private_module(m.name) for m in code.modules):
        return code
    loaded = {}
    for name in packages:
        try:
            loaded[name] = load_package(name, search_paths)
        except (ImportError, SyntaxError, OSError, UnicodeError):
            continue
    by_name = {m.path: m for pkg in loaded.values() for m in modules(pkg)}
    kept: list[ModuleInfo] = []
    where: dict[str, str] = {}
    private = [m.name for m in code.modules if is_private_module(m.name)]
    for info in code.modules:  # sorted by name: a package before its submodules
        if is_private_module(info.name):
            continue
        griffe_module = by_name.get(info.name)
        extra = _reexported_objects(griffe_module, where) if griffe_module is not None else []
        known = {o.path for o in info.objects}
        extra = [o for o in extra if o.path not in known]
        kept.append(dataclasses.replace(info, objects=info.objects + tuple(extra)))
    return dataclasses.replace(
        code,
        modules=tuple(kept),
        reexported=tuple(where.items()),
        private_modules=tuple(private),
    )


def project_style(root: Path, files: tuple[str, ...]) -> str:
    """The style most docstring sections of `files` are written in, `""` when none has any."""
    texts = []
    for rel in files:
        try:
            texts.append((root / rel).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    return detect_style_text(texts, default="")
