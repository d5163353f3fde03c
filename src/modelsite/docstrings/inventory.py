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
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import griffe

from modelsite.collect.layout import default_excluded, find_code, walk
from modelsite.errors import InputError
from modelsite.paths import relative_posix
from modelsite.sitemodel import CodeInfo, ModuleInfo, ObjectInfo


@dataclass(frozen=True)
class SourceTree:
    """Where the code under `modelsite docstrings PATH` lives."""

    packages: tuple[str, ...]
    """Top-level package or module names to load."""
    search_path: Path
    """Folder the paths below are relative to."""
    files: tuple[tuple[Path, str], ...]
    """Every Python file with its dotted module name."""
    paths: tuple[str, ...] = (".",)
    """Folders, relative to `search_path`, the packages load from (`src`, `.`, ...)."""
    problems: tuple[str, ...] = ()
    """Files left out (a broken link, a link out of the folder, an unimportable name)."""


def module_name_for(file: Path, search_path: Path) -> str:
    rel = Path(os.path.abspath(file)).relative_to(os.path.abspath(search_path)).with_suffix("")
    parts = list(rel.parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _package_files(folder: Path) -> tuple[list[tuple[Path, str]], list[str]]:
    """The files of the package `folder` (tests and the like left out), with their names."""
    walked = walk(folder, ".py")
    sp = folder.parent
    files = []
    for rel in walked.files:
        if default_excluded(rel):
            continue
        path = folder / rel
        name = module_name_for(path, sp)
        if all(part.isidentifier() for part in name.split(".")):
            files.append((path, name))
    return files, [f"{folder / p}" for p in walked.problems]


def _single_file(path: Path) -> None:
    if path.is_symlink():
        try:
            path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise InputError(path, "is a broken symbolic link") from None
    if path.suffix != ".py":
        raise InputError(path, "is not a Python file (.py) nor a folder")
    if not path.is_file():
        raise InputError(path, "is not a regular file")


def discover(path: Path) -> SourceTree:
    """Find the code under PATH: a module file, a package folder, or any other folder.

    Any other folder (a project, a folder of scripts, a namespace package) is read with the
    site's rules (`collect.layout`): packages, namespace packages, scripts and top-level
    modules, tests and the like left out.
    """
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise InputError(path, "does not exist")
    if not path.is_dir():
        _single_file(path)
        parent = path.parent
        if (parent / "__init__.py").exists():  # a module inside a package: load the package
            top = parent
            while (top.parent / "__init__.py").exists():
                top = top.parent
            sp = top.parent
            return SourceTree((top.name,), sp, ((path, module_name_for(path, sp)),))
        return SourceTree((path.stem,), parent, ((path, path.stem),))
    if (path / "__init__.py").exists():
        files, problems = _package_files(path)
        return SourceTree((path.name,), path.parent, tuple(files), problems=tuple(problems))
    layout = find_code(path)
    if not layout.packages:
        raise InputError(
            path,
            "no Python file found (tests, docs, examples, virtual environments and build "
            "output are left out)",
        )
    files = []
    for rel, name in layout.modules:
        files.append((path / rel, name))
    return SourceTree(
        layout.packages,
        path,
        tuple(files),
        paths=layout.search_paths,
        problems=tuple(f"{path / p}" if not p.startswith("/") else p for p in layout.problems),
    )


# ---------------------------------------------------------------- griffe walk


def _is_counted_name(name: str) -> bool:
    return not name.startswith("_")


def _is_property(obj: griffe.Object) -> bool:
    # griffe 2 loads properties as attributes labelled `property`; griffe 1 as functions
    return "property" in obj.labels or "cached_property" in obj.labels


def kind_of(obj: griffe.Object) -> str:
    """`class`, `function`, `method`, `property`, `module`... as the coverage lists it."""
    if _is_property(obj):
        return "property"
    if obj.is_function:
        return "method" if obj.parent is not None and obj.parent.is_class else "function"
    return obj.kind.value


def _documented(obj: griffe.Object) -> bool:
    return obj.docstring is not None and obj.docstring.value.strip() != ""


def counted_members(obj: griffe.Object) -> Iterator[griffe.Object]:
    """The members of a module or class the coverage counts (see the module docstring)."""
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
            yield from counted_members(member)  # type: ignore[arg-type]


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


def module_info(module: griffe.Module, root: Path) -> ModuleInfo:
    """Coverage of one griffe module: the module itself and its counted members."""
    filepath = module.filepath if isinstance(module.filepath, Path) else Path(str(module.path))
    objects = [
        ObjectInfo(path=module.path, kind="module", lineno=1, documented=_documented(module))
    ]
    objects += [
        ObjectInfo(
            path=obj.path,
            kind=kind_of(obj),
            lineno=obj.lineno,
            documented=_documented(obj),
        )
        for obj in counted_members(module)
    ]
    summary = ""
    if module.docstring and module.docstring.value.strip():
        summary = module.docstring.value.strip().splitlines()[0]
    return ModuleInfo(
        name=module.path,
        file=relative_posix(filepath, root),
        summary=summary,
        objects=tuple(objects),
    )


def coverage_inventory(
    root: Path,
    packages: Sequence[str],
    search_paths: Sequence[str],
    *,
    load: Callable[[str, list[str]], griffe.Module] = load_static,
    left_out: str = "skipped",
    files: Collection[Path] | None = None,
) -> CodeInfo:
    """Docstring coverage of `packages` (importable from `search_paths`, relative to `root`).

    Counted like interrogate (see the module docstring); the site's code inventory
    (`collect.code.collect_code`) is this with the process-wide package cache. Files that do
    not parse are listed in `problems` as `path:line: message ...; {left_out}`. `load` loads
    one package from absolute search paths (the site passes a loader that reuses a package
    already loaded in the process). `files`: when given, only modules whose file is one of them
    are counted (tests inside a package, excluded files are not); a listed file griffe did not
    load is checked for a syntax error.
    """
    root = Path(root)
    wanted = None if files is None else {_absolute(f, root) for f in files}
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
                continue  # a namespace package: a folder, no file of its own
            if wanted is not None and _absolute(module.filepath, root) not in wanted:
                continue
            seen.add(module.filepath.resolve())
            modules.append(module_info(module, root))
        if wanted is not None:
            continue
        if isinstance(package.filepath, Path) and package.filepath.name == "__init__.py":
            for path in (p for p, _ in _package_files(package.filepath.parent)[0]):
                if path.resolve() not in seen:
                    problem = parse_problem(path, root, left_out)
                    if problem:
                        problems.append(problem)
    if wanted is not None:
        loaded = {Path(m.file) for m in modules}
        for path in sorted(wanted):
            rel = Path(relative_posix(path, root))
            if rel not in loaded:
                problem = parse_problem(path, root, left_out)
                if problem:
                    problems.append(problem)
    return CodeInfo(
        packages=tuple(packages),
        search_paths=tuple(search_paths),
        modules=tuple(sorted(modules, key=lambda m: m.name)),
        problems=tuple(problems),
    )


def _absolute(path: Path, root: Path) -> Path:
    """`path` made absolute under the resolved root, links not resolved (griffe's view)."""
    path = Path(path)
    return Path(os.path.abspath(path if path.is_absolute() else root.resolve() / path))


def parse_problem(path: Path, root: Path, left_out: str = "skipped") -> str | None:
    """`path:line: message; {left_out}` when the file cannot be parsed, else None."""
    try:
        ast.parse(path.read_bytes(), filename=str(path))
    except SyntaxError as exc:
        where = f"{relative_posix(path, root)}:{exc.lineno or 0}"
        return f"{where}: does not parse ({exc.msg}); {left_out}"
    except (OSError, ValueError) as exc:
        return f"{relative_posix(path, root)}:0: cannot be read ({exc}); {left_out}"
    return None
