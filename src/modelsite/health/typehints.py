"""Type-hint coverage of the training code, read statically with griffe (nothing is imported).

Every function and method counts its parameters (except `self`/`cls` of methods) and its return.
The same walk records where each class and function starts and ends, so a lint finding at
`file:line` can link to the reference entry of the object that contains it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import griffe

from modelsite.collect.code import load_package
from modelsite.paths import relative_posix


@dataclass(frozen=True, kw_only=True)
class MissingHints:
    """A function with parameters or a return left unannotated."""

    path: str
    """Dotted path of the function."""
    module: str
    file: str
    line: int
    names: tuple[str, ...]
    """Unannotated parameter names, and `return` when the return is unannotated."""


@dataclass(frozen=True, kw_only=True)
class TypeHintInfo:
    """How much of the training code's signatures carry type hints."""

    params_annotated: int = 0
    params_total: int = 0
    returns_annotated: int = 0
    returns_total: int = 0
    functions: int = 0
    missing: tuple[MissingHints, ...] = ()

    @property
    def annotated(self) -> int:
        return self.params_annotated + self.returns_annotated

    @property
    def total(self) -> int:
        return self.params_total + self.returns_total

    @property
    def coverage(self) -> float:
        """Share (percent) of parameters and returns annotated; 100 when there are none."""
        return 100.0 * self.annotated / self.total if self.total else 100.0


@dataclass(frozen=True, kw_only=True)
class Span:
    """Where an object's definition sits in its (resolved) file, lines inclusive."""

    path: str
    module: str
    file: Path
    start: int
    end: int


def _objects(obj: griffe.Object) -> Iterator[griffe.Object]:
    for member in obj.members.values():
        if isinstance(member, griffe.Alias):
            continue
        if member.is_module:
            yield member
            yield from _objects(member)
        elif member.is_class or member.is_function or "property" in member.labels:
            yield member
            if member.is_class:
                yield from _objects(member)


def _module_of(obj: griffe.Object) -> str:
    while not obj.is_module and obj.parent is not None:
        obj = obj.parent
    return obj.path


def _counted_parameters(func: griffe.Function) -> list[griffe.Parameter]:
    params = list(func.parameters)
    is_method = func.parent is not None and func.parent.is_class
    if is_method and "staticmethod" not in func.labels and params:
        params = params[1:]  # self / cls
    return params


def analyze(
    root: Path,
    packages: tuple[str, ...],
    search_paths: tuple[str, ...],
    files: tuple[str, ...] | None = None,
) -> tuple[TypeHintInfo, tuple[Span, ...], tuple[str, ...]]:
    """Type-hint coverage, definition spans, and problems (packages griffe could not load).

    `files` (relative to `root`): only objects defined in these files count (tests inside a
    package do not); default: every file of the packages.
    """
    abs_paths = [str((root / p).resolve()) for p in search_paths]
    wanted = None if files is None else {(root / f).resolve() for f in files}
    counts = {"pa": 0, "pt": 0, "ra": 0, "rt": 0, "fn": 0}
    missing: list[MissingHints] = []
    spans: list[Span] = []
    problems: list[str] = []
    for name in packages:
        try:
            package = load_package(name, abs_paths)
        except (ImportError, SyntaxError, OSError) as exc:
            problems.append(f"{name}: could not be loaded ({exc}); type hints not counted")
            continue
        for obj in [package, *_objects(package)]:
            if wanted is not None and not (
                isinstance(obj.filepath, Path) and obj.filepath.resolve() in wanted
            ):
                continue
            if isinstance(obj.filepath, Path) and obj.lineno and not obj.is_module:
                spans.append(
                    Span(
                        path=obj.path,
                        module=_module_of(obj),
                        file=obj.filepath.resolve(),
                        start=obj.lineno,
                        end=obj.endlineno or obj.lineno,
                    )
                )
            if isinstance(obj, griffe.Attribute) and "property" in obj.labels:
                # griffe 2 models a property as an attribute; its annotation is the return's
                counts["fn"] += 1
                counts["rt"] += 1
                if obj.annotation is not None:
                    counts["ra"] += 1
                elif isinstance(obj.filepath, Path):
                    missing.append(
                        MissingHints(
                            path=obj.path,
                            module=_module_of(obj),
                            file=relative_posix(obj.filepath, root),
                            line=obj.lineno or 0,
                            names=("return",),
                        )
                    )
                continue
            if not isinstance(obj, griffe.Function):
                continue
            counts["fn"] += 1
            names = [p.name for p in _counted_parameters(obj) if p.annotation is None]
            params = _counted_parameters(obj)
            counts["pt"] += len(params)
            counts["pa"] += len(params) - len(names)
            counts["rt"] += 1
            if obj.returns is None:
                names.append("return")
            else:
                counts["ra"] += 1
            if names and isinstance(obj.filepath, Path):
                missing.append(
                    MissingHints(
                        path=obj.path,
                        module=_module_of(obj),
                        file=relative_posix(obj.filepath, root),
                        line=obj.lineno or 0,
                        names=tuple(names),
                    )
                )
    info = TypeHintInfo(
        params_annotated=counts["pa"],
        params_total=counts["pt"],
        returns_annotated=counts["ra"],
        returns_total=counts["rt"],
        functions=counts["fn"],
        missing=tuple(sorted(missing, key=lambda m: (m.file, m.line))),
    )
    return info, tuple(spans), tuple(problems)


def innermost(spans: tuple[Span, ...], file: Path, line: int) -> Span | None:
    """The smallest class or function definition containing `file:line`, if any."""
    file = file.resolve()
    best: Span | None = None
    for span in spans:
        if (
            span.start <= line <= span.end
            and span.file == file
            and (best is None or span.end - span.start < best.end - best.start)
        ):
            best = span
    return best
