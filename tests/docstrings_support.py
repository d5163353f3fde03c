"""Helpers for the docstring tests and benchmark: strip a real tree, lint what was generated.

Not a test module. `benchmarks/bench_docstrings.py` imports it too.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from modelsite.docstrings.generate import plan_module
from modelsite.docstrings.inventory import SourceTree
from modelsite.docstrings.tree import _context, _display, _parse, read_tree

# ------------------------------------------------------------------ stripping docstrings
# The baseline for measuring generated docstrings: strip a real code base (scikit-learn) and
# compare what `--write` generates with what its authors wrote. Whole docstring lines are
# deleted; a docstring that is a class's or function's only statement becomes `pass`.

_DEFS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def strip_docstrings(text: str) -> str:
    """`text` without any docstring (module, class, function); the rest byte for byte."""
    tree = ast.parse(text)
    lines = [ln.encode("utf-8") for ln in text.splitlines(keepends=True)]  # ast offsets: bytes
    edits: list[tuple[int, int, int, int, bytes]] = []  # (line0, col0, line1, col1, new text)
    for node in ast.walk(tree):
        if not isinstance(node, _DEFS) or not node.body:
            continue
        first = node.body[0]
        if not (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            continue
        assert first.end_lineno is not None and first.end_col_offset is not None
        l0, c0 = first.lineno - 1, first.col_offset
        l1, c1 = first.end_lineno - 1, first.end_col_offset
        before, after = lines[l0][:c0], lines[l1][c1:]
        whole = not before.strip() and (not after.strip() or after.strip().startswith(b"#"))
        if whole and (len(node.body) > 1 or isinstance(node, ast.Module)):
            edits.append((l0, 0, l1 + 1, 0, b""))
        else:
            edits.append((l0, c0, l1, c1, b"pass"))
    for l0, c0, l1, c1, new in sorted(edits, reverse=True):
        if (c0, c1, new) == (0, 0, b""):
            del lines[l0:l1]
        else:
            lines[l0 : l1 + 1] = [lines[l0][:c0] + new + lines[l1][c1:]]
    return b"".join(lines).decode("utf-8")


SKLEARN = Path(__import__("sklearn").__file__).parent

# pydoclint options for a numpy-style code base without type annotations (scikit-learn):
# types live in the docstrings only, instance attributes are documented under "Attributes".
PYDOCLINT_UNANNOTATED = [
    "--style=numpy",
    "--arg-type-hints-in-signature=False",
    "--check-return-types=False",
    "--check-yield-types=False",
    "--check-class-attributes=False",
    "--skip-checking-short-docstrings=False",
]
# ... and for annotated code: docstring types must equal the annotations, defaults included.
PYDOCLINT_ANNOTATED = [
    "--style=numpy",
    "--check-arg-defaults=True",
    "--check-class-attributes=False",
    "--skip-checking-short-docstrings=False",
]
# Violations about the code rather than its docstrings: missing or unexpected annotations.
CODE_SIDE = {"DOC106", "DOC107", "DOC108", "DOC109", "DOC110", "DOC111"}
# pydoclint cannot be satisfied for a generator without a return annotation: without a Yields
# section it reports DOC402, with one DOC403. Counted apart.
UNANNOTATED_GENERATOR = {"DOC402", "DOC403", "DOC404"}

# numpydoc's parameter/return/yield checks, except PR07 ("Parameter has no description") and
# RT03 ("Return value has no description"): a generated entry about which nothing can be said
# beyond its name keeps its type and default alone (the numpydoc format allows it, pydoclint
# accepts it), rather than a sentence restating the name (issue 14).
NUMPYDOC_CHECKS = {
    "PR01",
    "PR02",
    "PR03",
    "PR04",
    "PR05",
    "PR06",
    "PR08",
    "PR09",
    "PR10",
    "RT01",
    "RT02",
    "RT04",
    "RT05",
    "YD01",
}


def copy_stripped(
    src: Path, dst: Path, *, skip_tests: bool = False, only: Iterable[str] | None = None
) -> list[Path]:
    """Copy the `.py` files of `src` to `dst` with every docstring removed."""
    if dst.exists():
        shutil.rmtree(dst)
    wanted = tuple(only) if only else None
    out = []
    for f in sorted(src.rglob("*.py")):
        rel = f.relative_to(src)
        if "__pycache__" in rel.parts or (skip_tests and "tests" in rel.parts):
            continue
        if (
            wanted
            and not any(rel.as_posix().startswith(w) for w in wanted)
            and rel.name != "__init__.py"
        ):
            continue
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(strip_docstrings(f.read_text(encoding="utf-8")), encoding="utf-8")
        out.append(target)
    return out


def run_pydoclint(path: Path, options: list[str]) -> list[tuple[str, str]]:
    """(file:line, DOCnnn message) for every pydoclint violation under `path`."""
    exe = Path(sys.executable).parent / "pydoclint"
    proc = subprocess.run(
        [str(exe), *options, "--quiet", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    out = []
    current = ""
    # pydoclint prints file names on stdout and the violations on stderr: both are read, merged
    for line in proc.stdout.splitlines():
        if line and not line.startswith(" "):
            current = line.strip()
        elif line.strip()[:1].isdigit() and "DOC" in line:
            lineno, msg = line.strip().split(":", 1)
            out.append((f"{current}:{lineno}", msg.strip()))
    if proc.returncode not in (0, 1) or "Traceback" in proc.stdout:
        raise RuntimeError(f"pydoclint failed: {proc.stdout[-2000:]}")
    return out


def pydoclint_codes(violations: list[tuple[str, str]]) -> Counter[str]:
    return Counter(msg.split(":", 1)[0] for _, msg in violations)


def numpydoc_violations(files: Iterable[Path]) -> list[tuple[str, str, str]]:
    """(file:line, object, code) for the parameter/return/yield checks of numpydoc.

    Only objects that have a docstring are validated.
    """
    from numpydoc import validate
    from numpydoc.hooks.validate_docstrings import AstValidator

    found = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        stack: list[ast.AST] = []

        def visit(node: ast.AST, path: Path = path, stack: list[ast.AST] = stack) -> None:
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                stack.append(node)
                if ast.get_docstring(node) is not None:
                    name = ".".join(getattr(n, "name", path.stem) for n in stack)
                    report = validate.validate(
                        name, AstValidator, ast_node=node, filename=str(path), ancestry=stack[:-1]
                    )
                    for code, _msg in report["errors"]:
                        if code in NUMPYDOC_CHECKS:
                            found.append((f"{path}:{report['file_line']}", name, code))
                for child in ast.iter_child_nodes(node):
                    visit(child)
                stack.pop()
            else:
                for child in ast.iter_child_nodes(node):
                    visit(child)

        visit(tree)
    return found


def count_docstrings(files: Iterable[Path]) -> int:
    n = 0
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        n += sum(
            1
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and ast.get_docstring(node) is not None
        )
    return n


# ------------------------------------------------------------------ generating without writing
# What the docstring benchmark times: generation alone, no rewriting, over a large tree.


@dataclass(frozen=True)
class Generated:
    """One generated docstring, detached from the syntax tree it was made for."""

    path: Path
    qualname: str
    kind: str
    text: str


def plan_tree(tree: SourceTree, style: str = "auto") -> tuple[str, list[Generated]]:
    """Generate the missing docstrings of `tree` without rewriting anything (benchmark path).

    Files are parsed one at a time and their trees dropped after use: keeping hundreds of
    syntax trees alive makes Python's garbage collector several times slower than parsing.
    """
    sources, _ = read_tree(tree)
    style, index = _context(sources, style, tree.search_path)
    out: list[Generated] = []
    for path, modname, src in sources:
        module = _parse(src, _display(path))
        if isinstance(module, str):
            continue
        out += [
            Generated(path, p.target.qualname, p.target.kind, p.text)
            for p in plan_module(module, modname, style=style, index=index)
        ]
    return style, out
