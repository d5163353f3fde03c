"""Inventory of the training code with griffe static loading (nothing is imported or run)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import griffe

from modelsite.collect.layout import walk
from modelsite.docstrings.inventory import coverage_inventory
from modelsite.docstrings.style import detect_style_text
from modelsite.log import warn
from modelsite.sitemodel import CodeInfo


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
    return dataclasses.replace(code, docstring_style=project_style(root, files or ()))


def project_style(root: Path, files: tuple[str, ...]) -> str:
    """The style most docstring sections of `files` are written in, `""` when none has any."""
    texts = []
    for rel in files:
        try:
            texts.append((root / rel).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    return detect_style_text(texts, default="")
