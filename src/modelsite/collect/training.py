"""Find the training command a project states: a Makefile target, a `dvc.yaml` stage, a
`[project.scripts]` entry, a top-level `train.py`, or a module whose `__main__` fits and saves.

Read statically (text and `ast`); nothing of the project is imported or run. Each command comes
with where it was found (`Makefile, target train`), which the reproduce page shows.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelsite.astnames import dotted_name
from modelsite.errors import InputError
from modelsite.yamlfile import read_yaml

MAKEFILES = ("GNUmakefile", "makefile", "Makefile")
MAKE_TARGETS = ("train", "model", "all")
# Calls that write a model file (the last part of the dotted name, and its module's first part).
_DUMPS = {
    ("skops", "dump"),
    ("joblib", "dump"),
    ("pickle", "dump"),
    ("modelsite", "export"),
    ("cloudpickle", "dump"),
}
_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class TrainCommand:
    command: str
    """One shell line, e.g. `python train.py` or `make train`."""
    source: str
    """Where it was found, e.g. `Makefile, target train`."""
    detail: str = ""
    """What the project states there (the recipe or stage command), when it differs."""


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > _MAX_BYTES:
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _one_line(command: str) -> bool:
    return bool(command) and command.isprintable() and len(command) <= 1000


# ---------------------------------------------------------------- Makefile


def make_targets(text: str) -> dict[str, tuple[list[str], list[str]]]:
    """`{target: (prerequisites, recipe lines)}` of the explicit rules in a Makefile."""
    rules: dict[str, tuple[list[str], list[str]]] = {}
    current: list[str] = []
    lines = text.replace("\\\n", " ").splitlines()
    for line in lines:
        if line.startswith("\t"):
            recipe = line.strip()
            if recipe and not recipe.startswith("#"):
                for target in current:
                    rules[target][1].append(recipe)
            continue
        stripped = line.split("#", 1)[0].rstrip()
        m = re.match(r"^([A-Za-z0-9_.\-/ ]+?)\s*::?(?!=)\s*(.*)$", stripped)
        if not m or line.startswith(" "):
            current = []
            continue
        prereqs, _, inline = m.group(2).partition(";")
        # special targets (`.PHONY`, `.DEFAULT`) are not rules; `.make/train` stamps are
        current = [t for t in m.group(1).split() if not re.fullmatch(r"\.[A-Z_]+", t)]
        for target in current:
            rules.setdefault(target, ([], []))
            rules[target][0].extend(prereqs.split())
            if inline.strip():
                rules[target][1].append(inline.strip())
    return rules


def _clean_recipe(line: str) -> str:
    return line.lstrip("@-+ ").strip()


def _trains(rules: dict[str, tuple[list[str], list[str]]], target: str, seen: set[str]) -> bool:
    """Does `target` (or a prerequisite) run Python or name a model file?"""
    if target in seen or target not in rules:
        return False
    seen.add(target)
    prereqs, recipe = rules[target]
    if any(re.search(r"\bpython[0-9.]*\b|\.skops\b", r) for r in recipe):
        return True
    return any(p.endswith(".skops") or _trains(rules, p, seen) for p in prereqs)


def from_makefile(root: Path) -> TrainCommand | None:
    for name in MAKEFILES:
        path = root / name
        if not path.is_file():
            continue
        rules = make_targets(_read(path))
        for target in MAKE_TARGETS:
            if target not in rules:
                continue
            if target == "all" and not _trains(rules, target, set()):
                continue  # `all` often means lint and tests
            recipe = [_clean_recipe(r) for r in rules[target][1]]
            shown = " && ".join(recipe)
            single = (
                len(recipe) == 1
                and not rules[target][0]
                and "$" not in recipe[0]
                and _one_line(recipe[0])
            )
            return TrainCommand(
                command=recipe[0] if single else f"make {target}",
                source=f"{name}, target {target}",
                detail="" if single or not _one_line(shown) else shown,
            )
    return None


# ---------------------------------------------------------------- dvc.yaml


def from_dvc(root: Path, model_path: str = "") -> TrainCommand | None:
    path = root / "dvc.yaml"
    if not path.is_file():
        return None
    try:
        data = read_yaml(path)
    except InputError:
        return None
    stages = data.get("stages") if isinstance(data, dict) else None
    if not isinstance(stages, dict):
        return None

    def outs(stage: Any) -> list[str]:
        found = []
        for out in stage.get("outs", []) or []:
            found.append(str(next(iter(out))) if isinstance(out, dict) and out else str(out))
        return found

    chosen = ""
    for name, stage in stages.items():
        if isinstance(stage, dict) and model_path and model_path in outs(stage):
            chosen = str(name)
            break
    if not chosen:
        for name, stage in stages.items():
            if isinstance(stage, dict) and any(o.endswith(".skops") for o in outs(stage)):
                chosen = str(name)
                break
    if not chosen and isinstance(stages.get("train"), dict):
        chosen = "train"
    if not chosen:
        return None
    cmd = stages[chosen].get("cmd")
    if isinstance(cmd, list):
        cmd = " && ".join(str(c) for c in cmd)
    if not isinstance(cmd, str) or not _one_line(cmd.strip()) or "${" in cmd:
        return TrainCommand(command=f"dvc repro {chosen}", source=f"dvc.yaml, stage {chosen}")
    return TrainCommand(command=cmd.strip(), source=f"dvc.yaml, stage {chosen}")


# ---------------------------------------------------------------- [project.scripts]


def from_scripts(pyproject: dict[str, Any]) -> TrainCommand | None:
    scripts = pyproject.get("project", {}).get("scripts", {})
    if not isinstance(scripts, dict):
        return None
    for name, target in scripts.items():
        if "train" in str(name).lower() and re.fullmatch(r"[A-Za-z0-9_.-]+", str(name)):
            return TrainCommand(
                command=str(name),
                source=f"pyproject.toml, [project.scripts] {name}",
                detail=f"{name} = {target}",
            )
    return None


# ---------------------------------------------------------------- scripts and modules


def fits_and_saves(tree: ast.Module) -> bool:
    """Does the module call `.fit(...)` and a function that writes a model file?"""
    imports: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imports[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    fit = save = False
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr in {"fit", "fit_transform"}:
            fit = True
        dotted = dotted_name(node.func)
        head, _, rest = dotted.partition(".")
        full = imports.get(head, head) + ("." + rest if rest else "")
        parts = full.split(".")
        if (parts[0], parts[-1]) in _DUMPS:
            save = True
    return fit and save


def _has_main_guard(tree: ast.Module) -> bool:
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare):
            test = node.test
            names = [test.left, *test.comparators]
            if any(isinstance(n, ast.Name) and n.id == "__name__" for n in names) and any(
                isinstance(n, ast.Constant) and n.value == "__main__" for n in names
            ):
                return True
    return False


def _parse(path: Path) -> ast.Module | None:
    text = _read(path)
    if not text:
        return None
    try:
        return ast.parse(text, filename=str(path))
    except (SyntaxError, ValueError):
        return None


def from_script(root: Path) -> TrainCommand | None:
    for name in ("train.py", "fit.py", "train_model.py"):
        path = root / name
        tree = _parse(path) if path.is_file() else None
        if tree is not None and fits_and_saves(tree):
            return TrainCommand(
                command=f"python {name}",
                source=f"{name} (it fits a model and saves it)",
            )
    return None


def from_modules(
    root: Path, packages: tuple[str, ...], search_paths: tuple[str, ...]
) -> TrainCommand | None:
    """`python -m pkg.mod` for the first module of the packages whose `__main__` block (or
    `__main__.py`) fits a model and saves it; modules named like `train` first."""
    found: list[tuple[int, str, str]] = []
    for base in search_paths or (".",):
        for package in packages:
            folder = root / base / package
            files = (
                sorted(folder.rglob("*.py")) if folder.is_dir() else [root / base / f"{package}.py"]
            )
            for path in files:
                if "__pycache__" in path.parts or not path.is_file():
                    continue
                tree = _parse(path)
                if tree is None:
                    continue
                main = path.name == "__main__.py"
                if not (main or _has_main_guard(tree)) or not fits_and_saves(tree):
                    continue
                rel = path.relative_to(root / base).with_suffix("")
                parts = list(rel.parts)
                if main:
                    parts = parts[:-1]
                module = ".".join(parts)
                if not module or not all(p.isidentifier() for p in parts):
                    continue
                rank = 0 if "train" in path.stem or "fit" in path.stem else 1
                found.append((rank, module, path.relative_to(root).as_posix()))
    if not found:
        return None
    _, module, where = sorted(found)[0]
    return TrainCommand(
        command=f"python -m {module}",
        source=f"{where} (its `__main__` fits a model and saves it)",
    )


def find_train_command(
    root: Path,
    *,
    packages: tuple[str, ...] = (),
    search_paths: tuple[str, ...] = (),
    pyproject: dict[str, Any] | None = None,
    model_path: str = "",
) -> TrainCommand | None:
    """The first training command the project states, in the order of the module docstring."""
    for found in (
        from_makefile(root),
        from_dvc(root, model_path),
        from_scripts(pyproject or {}),
        from_script(root),
        from_modules(root, packages, search_paths),
    ):
        if found is not None and _one_line(found.command):
            return found
    return None
