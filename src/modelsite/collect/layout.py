"""Find the training code in any layout: which files it is, and the names griffe loads it by.

The rules (also in docs/configuration.md, "Which code is documented"):

- Every `.py` file under the project folder is training code, except in folders that are never
  entered (version control, virtual environments, caches, build output, hidden folders:
  `NEVER_ENTER`) and, by default, tests, docs, examples, benchmarks and vendored copies
  (`NOT_CODE_DIRS`, `NOT_CODE_FILES`). `code.exclude` globs in `modelsite.yml` leave out more;
  `code.include` globs bring back files the defaults leave out.
- A file is loaded under the import name it has from its *search path*: `src/` when `src/` holds
  packages (the src layout), `X/` for a nested project `X/X/`, else the project folder. So
  `src/pkg/a.py` is `pkg.a`, `ml_project/ml_project/a.py` is `ml_project.a`, a top-level
  `train.py` is `train`, and a folder of scripts without `__init__.py` is a namespace package
  (PEP 420): `scripts/train.py` is `scripts.train`, documented at `/reference/scripts/train/`.
- Walks follow no symbolic link to a folder; a linked file is read only if it resolves to a file
  inside the project; FIFOs, devices and sockets (or links to them) are never opened: each is
  left out with a warning naming it. Inside a package folder, which griffe reads whole (and
  follows links in), such a file or a link to a folder outside the project or to its own
  parent is an error naming it instead (griffe would block on it or walk forever).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from modelsite.errors import InputError

NEVER_ENTER = frozenset(
    {
        # version control
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        # virtual environments (also any folder holding `pyvenv.cfg` or `conda-meta/`)
        ".venv",
        "venv",
        "env",
        "virtualenv",
        # caches
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".cache",
        ".ipynb_checkpoints",
        "node_modules",
        "htmlcov",
        # build output
        "build",
        "dist",
        "site",
        "_build",
        ".eggs",
    }
)
"""Folders no walk enters (models are not searched there either). Hidden folders and
`*.egg-info` are never entered too."""

NOT_CODE_DIRS = frozenset(
    {
        "tests",
        "test",
        "docs",
        "doc",
        "examples",
        "benchmarks",
        "vendor",
        "vendored",
        "_vendor",
        "third_party",
    }
)
"""Folders, at any depth, whose files are not training code unless `code.include` names them."""

NOT_CODE_FILES = ("test_*.py", "*_test.py", "conftest.py", "setup.py", "noxfile.py", "tasks.py")
"""File names that are not training code unless `code.include` names them."""


def never_entered(folder: Path) -> bool:
    """True for a folder no walk enters (see `NEVER_ENTER`)."""
    name = folder.name
    if name in NEVER_ENTER or name.startswith(".") or name.endswith(".egg-info"):
        return True
    return (folder / "pyvenv.cfg").is_file() or (folder / "conda-meta").is_dir()


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip().strip("/")
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + "(?:/.*)?")


def glob_match(pattern: str, rel: str) -> bool:
    """Whether the project-relative path `rel` (posix) matches `pattern`.

    A pattern without `/` matches a file or folder name at any depth (`test_*.py`, `legacy`); one
    with `/` matches from the project folder (`scripts/old_*.py`, `src/**/generated.py`). A
    pattern matching a folder matches everything below it.
    """
    if "/" not in pattern.strip().strip("/"):
        parts = rel.split("/")
        return any(_glob_regex(pattern).fullmatch(part) for part in parts)
    return _glob_regex(pattern).fullmatch(rel) is not None


def default_excluded(rel: str) -> bool:
    """Whether the relative path `rel` is left out by default (tests, docs, examples...)."""
    parts = rel.split("/")
    if any(part in NOT_CODE_DIRS for part in parts[:-1]):
        return True
    return any(glob_match(p, parts[-1]) for p in NOT_CODE_FILES)


@dataclass(frozen=True)
class Walked:
    """The files of one walk, and the linked files it left out."""

    files: tuple[str, ...]
    """Regular files (or links to files inside the root), posix paths relative to the root."""
    problems: tuple[str, ...] = ()


def walk(root: Path, suffix: str, top: Path | None = None) -> Walked:
    """Every file ending in `suffix` under `top` (default: `root`), outside `NEVER_ENTER` folders.

    No link to a folder is followed (so no loop and no escape); a link to a file is kept only
    when it resolves to a regular file inside `root`, else it is a one-line problem.
    """
    root_resolved = root.resolve()
    start = top or root
    found: list[str] = []
    problems: list[str] = []
    for here, dirs, names in os.walk(start, followlinks=False):
        base = Path(here)
        dirs[:] = sorted(d for d in dirs if not never_entered(base / d))
        for name in sorted(names):
            if not name.endswith(suffix):
                continue
            path = base / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    problems.append(f"{rel}: broken symbolic link; left out")
                    continue
                if not target.is_relative_to(root_resolved):
                    problems.append(
                        f"{rel}: symbolic link to {target}, outside the project; left out"
                    )
                    continue
            if path.is_file():
                found.append(rel)
            elif path.exists():
                problems.append(f"{rel}: {_not_regular(path)}; left out")
    return Walked(tuple(found), tuple(problems))


def _not_regular(path: Path) -> str:
    """Why `path` (which exists and is no regular file) is not read."""
    target = path.resolve() if path.is_symlink() else path
    what = "a folder" if target.is_dir() else "not a regular file (a FIFO, device or socket)"
    return f"symbolic link to {target}, {what}" if path.is_symlink() else f"is {what}"


_GRIFFE_SUFFIXES = (".py", ".pyi")


def griffe_hazard(folder: Path, root: Path) -> tuple[Path, str] | None:
    """What in the package `folder` would hang griffe, which reads a package whole (every
    `.py`/`.pyi` under it, following links to folders, in any subfolder but `__pycache__`):
    a FIFO, device or socket (or a link to one) opened for reading blocks or never ends; a link
    to a folder outside the project, or to one of its own parents, walks out or forever.
    Broken links and links to regular files are harmless there (griffe reads or skips them)."""
    root_resolved = root.resolve()
    for here, dirs, names in os.walk(folder, followlinks=False):
        base = Path(here)
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for d in dirs:
            link = base / d
            if not link.is_symlink():
                continue
            target = link.resolve()
            if not target.is_relative_to(root_resolved):
                return link, f"symbolic link to {target}, a folder outside the project"
            if base.resolve().is_relative_to(target):
                return link, f"symbolic link to {target}, a folder it is inside of (a loop)"
        for name in sorted(names):
            if not name.endswith(_GRIFFE_SUFFIXES):
                continue
            path = base / name
            if path.exists() and not path.is_file():
                return path, _not_regular(path)
    return None


@dataclass(frozen=True)
class CodeLayout:
    """Where a project's training code is and how griffe loads it."""

    packages: tuple[str, ...]
    """Top-level names griffe loads: packages, namespace packages, modules."""
    search_paths: tuple[str, ...]
    """Folders they load from, relative to the root (`src`, `.`, ...), most specific first."""
    files: tuple[str, ...]
    """Every training file, relative to the root: linted, audited, documented."""
    modules: tuple[tuple[str, str], ...] = ()
    """`(file, dotted module name)` of each file in the API reference."""
    problems: tuple[str, ...] = ()


def _search_paths(root: Path, files: Iterable[str]) -> list[str]:
    """`src` when it holds a package, each nested `X` of `X/X/`, then `.`."""
    files = list(files)
    bases: list[str] = []
    src = root / "src"
    if (
        src.is_dir()
        and not (src / "__init__.py").is_file()
        and any(f.startswith("src/") and f.endswith("/__init__.py") for f in files)
    ):
        bases.append("src")
    tops = sorted({f.split("/", 1)[0] for f in files if "/" in f})
    for top in tops:
        nested = any(f.startswith(f"{top}/{top}/") for f in files)
        if top != "src" and nested and not (root / top / "__init__.py").is_file():
            bases.append(top)
    bases.append(".")
    return bases


def _base_of(rel: str, bases: list[str]) -> str:
    for base in bases:
        if base == "." or rel.startswith(base + "/"):
            return base
    return "."


def module_name(rel_to_base: str) -> str:
    """`pkg/sub/__init__.py` -> `pkg.sub`, `scripts/train.py` -> `scripts.train`."""
    parts = rel_to_base.removesuffix(".py").split("/")
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def find_code(
    root: Path,
    *,
    packages: tuple[str, ...] = (),
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
) -> CodeLayout:
    """The training code under `root` (see the module docstring for the rules).

    `packages` (from `modelsite.yml`) keeps only those top-level names; `include` and `exclude`
    are globs (see `glob_match`).
    """
    walked = walk(root, ".py")
    problems = list(walked.problems)
    files = [
        f for f in walked.files if not default_excluded(f) or any(glob_match(p, f) for p in include)
    ]
    files = [f for f in files if not any(glob_match(p, f) for p in exclude)]
    bases = _search_paths(root, files)
    owner: dict[str, str] = {}  # top-level name -> the base it loads from
    modules: list[tuple[str, str]] = []
    kept: list[str] = []
    for rel in files:
        base = _base_of(rel, bases)
        inner = rel if base == "." else rel[len(base) + 1 :]
        top = inner.split("/", 1)[0].removesuffix(".py")
        if top.startswith("_") and top != "__init__":
            continue  # a private top-level folder or module: not part of the API
        if top == "__init__":
            continue  # an `__init__.py` directly in a search path: not a module of its own
        if packages and top not in packages:
            continue
        kept.append(rel)
        name = module_name(inner)
        if not all(_NAME.match(part) for part in name.split(".")):
            problems.append(
                f"{rel}: `{name}` is not an importable module name; left out of the API "
                "reference (still linted and audited)"
            )
            continue
        first = owner.setdefault(top, base)
        if first != base:
            shown = f"{first}/{top}" if first != "." else top
            problems.append(
                f"{rel}: `{top}` already loads from `{shown}`; left out of the API reference "
                "(rename one, or exclude one under `code.exclude` in modelsite.yml)"
            )
            continue
        modules.append((rel, name))
    if packages:
        missing = [name for name in packages if name not in owner]
        if missing:
            raise InputError(
                root / "modelsite.yml",
                f"package `{missing[0]}` not found under {root} or {root / 'src'}",
            )
        names = list(packages)
    else:
        order = {base: i for i, base in enumerate(bases)}
        names = sorted(owner, key=lambda n: (order[owner[n]], n))
    used = [b for b in bases if b in set(owner.values())]
    for name in names:
        folder = root / owner[name] / name
        hazard = griffe_hazard(folder, root) if folder.is_dir() else None
        if hazard:
            raise InputError(
                hazard[0],
                f"{hazard[1]}, inside package `{name}`, which the API reference reads whole; "
                "remove it from the package folder",
            )
    return CodeLayout(
        packages=tuple(names),
        search_paths=tuple(used),
        files=tuple(kept),
        modules=tuple(modules),
        problems=tuple(problems),
    )
