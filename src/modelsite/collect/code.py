"""Inventory of the training code with griffe static loading (nothing is imported or run)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import griffe

from modelsite.docstrings.inventory import module_info
from modelsite.log import warn
from modelsite.sitemodel import CodeInfo, ModuleInfo


def _modules(module: griffe.Module) -> Iterator[griffe.Module]:
    yield module
    for member in module.members.values():
        if not member.is_alias and member.is_module:
            yield from _modules(member)  # type: ignore[arg-type]


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _parse_problem(path: Path, root: Path) -> str | None:
    try:
        ast.parse(path.read_bytes(), filename=str(path))
    except SyntaxError as exc:
        where = f"{_relative(path, root)}:{exc.lineno or 0}"
        return f"{where}: could not be parsed ({exc.msg}); left out of the API reference"
    except (OSError, ValueError) as exc:
        return f"{_relative(path, root)}: could not be read ({exc}); left out of the API reference"
    return None


def _sources_fingerprint(name: str, search_paths: list[str]) -> tuple[object, ...] | None:
    """Paths, sizes and mtimes of the package's sources (None if not a plain folder or file)."""
    for base in map(Path, search_paths):
        folder, single = base / name, base / f"{name}.py"
        files = (
            sorted(folder.rglob("*.py*"))
            if (folder / "__init__.py").is_file()
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


def collect_code(root: Path, packages: tuple[str, ...], search_paths: tuple[str, ...]) -> CodeInfo:
    """Inventory every module, class, function, method and property of the packages."""
    abs_paths = [str((root / p).resolve()) for p in search_paths]
    modules: list[ModuleInfo] = []
    problems: list[str] = []
    for name in packages:
        try:
            package = load_package(name, abs_paths)
        except (ImportError, SyntaxError, OSError) as exc:
            problems.append(f"{name}: could not be loaded ({exc}); left out of the API reference")
            continue
        seen: set[Path] = set()
        for module in _modules(package):
            if not isinstance(module.filepath, Path):
                continue
            seen.add(module.filepath.resolve())
            # counted as `modelsite docstrings` counts (like interrogate): public objects only
            modules.append(module_info(module, root))
        if isinstance(package.filepath, Path) and package.filepath.name == "__init__.py":
            for path in sorted(package.filepath.parent.rglob("*.py")):
                if path.resolve() not in seen and "__pycache__" not in path.parts:
                    problem = _parse_problem(path, root)
                    if problem:
                        problems.append(problem)
    for problem in problems:
        warn(None, problem)
    return CodeInfo(
        packages=packages,
        search_paths=search_paths,
        modules=tuple(sorted(modules, key=lambda m: m.name)),
        problems=tuple(problems),
    )
