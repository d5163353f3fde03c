"""Docstring coverage with griffe static loading, counted like interrogate.

Counted: every module (one per file), and every public class, function, method and property
reachable without entering a function body. Not counted (interrogate's `--ignore-private
--ignore-semiprivate --ignore-magic --ignore-init-method --ignore-nested-functions
--ignore-nested-classes --ignore-property-setters --ignore-overloaded-functions`): names with a
leading underscore, dunder methods (a class's `__init__` is documented by the class docstring),
functions nested in functions, classes nested in classes or functions, property setters and
deleters, overloads. An empty
docstring does not count as documented.

`coverage_inventory` returns the site model's `CodeInfo`, so the site and the
`modelsite docstrings` command count the same way.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import griffe

from modelsite.errors import InputError
from modelsite.sitemodel import CodeInfo, ModuleInfo, ObjectInfo

_SKIP_DIRS = {
    "__pycache__",
    ".git",
    ".venv",
    "venv",
    ".tox",
    "build",
    "dist",
    "node_modules",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "site",
}


@dataclass(frozen=True)
class SourceTree:
    """Where the code under `modelsite docstrings PATH` lives."""

    packages: tuple[str, ...]
    """Top-level package or module names to load."""
    search_path: Path
    """Folder they import from."""
    files: tuple[tuple[Path, str], ...]
    """Every Python file with its dotted module name."""


def module_name_for(file: Path, search_path: Path) -> str:
    rel = file.resolve().relative_to(search_path.resolve()).with_suffix("")
    parts = list(rel.parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _py_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*.py")):
        rel = path.relative_to(folder).parts
        if any(p in _SKIP_DIRS or p.startswith(".") for p in rel[:-1]):
            continue
        if not all(part.isidentifier() for part in (*rel[:-1], path.stem)):
            continue
        yield path


def discover(path: Path) -> SourceTree:
    """Find the packages under PATH: a module file, a package folder, or a project folder.

    A project's packages are the folders with an `__init__.py` under `src/` if it exists, else
    at the top level (tests, docs and examples folders left out).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, "does not exist")
    if path.is_file():
        if path.suffix != ".py":
            raise InputError(path, "is not a Python file (.py) nor a folder")
        parent = path.parent
        if (parent / "__init__.py").exists():  # a module inside a package: load the package
            top = parent
            while (top.parent / "__init__.py").exists():
                top = top.parent
            sp = top.parent
            return SourceTree((top.name,), sp, ((path, module_name_for(path, sp)),))
        return SourceTree((path.stem,), parent, ((path, path.stem),))
    if (path / "__init__.py").exists():
        sp = path.parent
        return SourceTree(
            (path.name,), sp, tuple((f, module_name_for(f, sp)) for f in _py_files(path))
        )
    sp = path / "src" if (path / "src").is_dir() else path
    packages = []
    found: list[tuple[Path, str]] = []
    for child in sorted(sp.iterdir()):
        if (
            child.name in _SKIP_DIRS
            or child.name.startswith(".")
            or child.name in ("tests", "test", "docs", "examples", "benchmarks", "scripts")
        ):
            continue
        if child.is_dir() and (child / "__init__.py").exists() and child.name.isidentifier():
            packages.append(child.name)
            found += [(f, module_name_for(f, sp)) for f in _py_files(child)]
        elif child.is_file() and child.suffix == ".py" and child.stem.isidentifier() and sp != path:
            packages.append(child.stem)
            found.append((child, child.stem))
    if not packages:
        raise InputError(
            path,
            "no Python package or module found (looked for folders with an "
            "__init__.py" + (" under src/" if sp != path else "") + ")",
        )
    return SourceTree(tuple(packages), sp, tuple(found))


# ---------------------------------------------------------------- griffe walk


def _is_counted_name(name: str) -> bool:
    return not name.startswith("_")


def _is_property(obj: griffe.Object) -> bool:
    # griffe 2 loads properties as attributes labelled `property`; griffe 1 as functions
    return "property" in obj.labels or "cached_property" in obj.labels


def _kind(obj: griffe.Object) -> str:
    if _is_property(obj):
        return "property"
    if obj.is_function:
        return "method" if obj.parent is not None and obj.parent.is_class else "function"
    return obj.kind.value


def _documented(obj: griffe.Object) -> bool:
    return obj.docstring is not None and obj.docstring.value.strip() != ""


def _members(obj: griffe.Object) -> Iterator[griffe.Object]:
    for member in obj.members.values():
        if member.is_alias or member.is_module:
            continue
        if not (member.is_class or member.is_function or _is_property(member)):  # type: ignore[arg-type]
            continue
        if not _is_counted_name(member.name):
            continue
        if member.is_class and obj.is_class:
            continue  # a class nested in a class (interrogate's --ignore-nested-classes)
        yield member  # type: ignore[misc]
        if member.is_class:
            yield from _members(member)  # type: ignore[arg-type]


def _modules(module: griffe.Module) -> Iterator[griffe.Module]:
    yield module
    for member in module.members.values():
        if not member.is_alias and member.is_module:
            yield from _modules(member)  # type: ignore[arg-type]


def load_static(
    package: str, search_paths: Sequence[str | Path], extensions: griffe.Extensions | None = None
) -> griffe.Module:
    """Load one package or module with griffe, statically (nothing imported or run)."""
    loader = griffe.GriffeLoader(
        search_paths=[str(p) for p in search_paths],
        extensions=extensions or griffe.load_extensions(),
    )
    module = loader.load(package)
    assert isinstance(module, griffe.Module)
    return module


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def module_info(module: griffe.Module, root: Path) -> ModuleInfo:
    """Coverage of one griffe module: the module itself and its counted members."""
    filepath = module.filepath if isinstance(module.filepath, Path) else Path(str(module.path))
    objects = [
        ObjectInfo(
            path=module.path, kind="module", lineno=1, documented=_documented(module), public=True
        )
    ]
    objects += [
        ObjectInfo(
            path=obj.path,
            kind=_kind(obj),
            lineno=obj.lineno,
            documented=_documented(obj),
            public=True,
        )
        for obj in _members(module)
    ]
    summary = ""
    if module.docstring and module.docstring.value.strip():
        summary = module.docstring.value.strip().splitlines()[0]
    return ModuleInfo(
        name=module.path, file=_relative(filepath, root), summary=summary, objects=tuple(objects)
    )


def coverage_inventory(
    root: Path,
    packages: Sequence[str],
    search_paths: Sequence[str],
    *,
    load: Callable[[str, list[str]], griffe.Module] = load_static,
    left_out: str = "skipped",
) -> CodeInfo:
    """Docstring coverage of `packages` (importable from `search_paths`, relative to `root`).

    Counted like interrogate (see the module docstring); the site's code inventory
    (`collect.code.collect_code`) is this with the process-wide package cache. Files that do
    not parse are listed in `problems` as `path:line: message ...; {left_out}`. `load` loads
    one package from absolute search paths (the site passes a loader that reuses a package
    already loaded in the process).
    """
    root = Path(root)
    abs_paths = [str((root / p).resolve()) for p in search_paths]
    modules: list[ModuleInfo] = []
    problems: list[str] = []
    for name in packages:
        try:
            package = load(name, abs_paths)
        except (ImportError, SyntaxError, OSError, UnicodeError) as exc:
            problems.append(f"{name}: could not be loaded ({exc}); {left_out}")
            continue
        seen: set[Path] = set()
        for module in _modules(package):
            if not isinstance(module.filepath, Path):
                continue
            seen.add(module.filepath.resolve())
            modules.append(module_info(module, root))
        if isinstance(package.filepath, Path) and package.filepath.name == "__init__.py":
            for path in _py_files(package.filepath.parent):
                if path.resolve() not in seen:
                    problem = parse_problem(path, root, left_out)
                    if problem:
                        problems.append(problem)
    return CodeInfo(
        packages=tuple(packages),
        search_paths=tuple(search_paths),
        modules=tuple(sorted(modules, key=lambda m: m.name)),
        problems=tuple(problems),
    )


def parse_problem(path: Path, root: Path, left_out: str = "skipped") -> str | None:
    """`path:line: message; {left_out}` when the file cannot be parsed, else None."""
    try:
        ast.parse(path.read_bytes(), filename=str(path))
    except SyntaxError as exc:
        where = f"{_relative(path, root)}:{exc.lineno or 0}"
        return f"{where}: does not parse ({exc.msg}); {left_out}"
    except (OSError, ValueError) as exc:
        return f"{_relative(path, root)}:0: cannot be read ({exc}); {left_out}"
    return None
