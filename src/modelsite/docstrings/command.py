"""`modelsite docstrings PATH [--check|--diff|--write] [--style ...]`.

- report (default): docstring coverage per module and overall, counted like interrogate;
- `--check`: the same, then every undocumented public object as `path:line: ...`; exit 1 if any;
- `--diff`: the unified diff `--write` would apply;
- `--write`: insert the generated docstrings (atomically, verified, idempotent).
"""

from __future__ import annotations

import ast
import difflib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from modelsite.collect.code import project_style as project_code_style
from modelsite.collect.layout import find_code
from modelsite.docstrings.generate import ProjectIndex
from modelsite.docstrings.inventory import SourceTree, coverage_inventory, discover
from modelsite.docstrings.rewrite import (
    FileChanged,
    FileResult,
    SourceFile,
    rewrite_text,
    write_source,
)
from modelsite.docstrings.style import detect_style_text
from modelsite.errors import UsageError
from modelsite.paths import relative_posix
from modelsite.sitemodel import CodeInfo
from modelsite.wording import count

MODES = ("report", "check", "diff", "write")
STYLE_CHOICES = ("auto", "numpy", "google", "sphinx")


@dataclass
class Generation:
    """The docstrings generated for a whole source tree (nothing written yet)."""

    style: str
    results: list[FileResult] = field(default_factory=list)
    sources: dict[Path, SourceFile] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def planned(self) -> int:
        return sum(r.count for r in self.results if r.new_text is not None)


def _display(path: Path) -> str:
    return relative_posix(path, Path.cwd())


def read_tree(tree: SourceTree) -> tuple[list[tuple[Path, str, SourceFile]], list[str]]:
    """Read and decode every file of `tree`; unreadable ones are listed as problems."""
    sources: list[tuple[Path, str, SourceFile]] = []
    problems: list[str] = [f"{p}; skipped" if p.endswith("left out") else p for p in tree.problems]
    for path, modname in tree.files:
        try:
            sources.append((path, modname, SourceFile.read(path)))
        except (OSError, UnicodeError) as exc:
            problems.append(f"{_display(path)}:0: cannot be read ({exc}); skipped")
    return sources, problems


def _parse(src: SourceFile, shown: str) -> ast.Module | str:
    try:
        return ast.parse(src.text, filename=shown)
    except SyntaxError as exc:
        return f"{shown}:{exc.lineno or 0}: does not parse ({exc.msg}); skipped"
    except ValueError as exc:
        return f"{shown}:0: does not parse ({exc}); skipped"


PROJECT_MARKERS = ("pyproject.toml", "modelsite.yml", "setup.py", "setup.cfg", ".git")


def project_root(path: Path) -> Path:
    """The nearest folder at or above `path` holding a project marker (`PROJECT_MARKERS`),
    else the folder of `path` itself."""
    here = Path(os.path.abspath(path))
    start = here if here.is_dir() else here.parent
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in PROJECT_MARKERS):
            return folder
    return start


def project_style(path: Path, texts: list[str]) -> str:
    """The style most docstring sections of the whole project around `path` use (its training
    code, `collect.layout`), else of `texts`, else numpy."""
    root = project_root(path)
    style = project_code_style(root, find_code(root).files) if root else ""
    return style or detect_style_text(texts)


def _context(
    sources: list[tuple[Path, str, SourceFile]], style: str, where: Path | None = None
) -> tuple[str, ProjectIndex]:
    """The style to write in and the cross-module index, both read from the source text."""
    texts = [src.text for _, _, src in sources]
    if style == "auto":
        style = project_style(where, texts) if where is not None else detect_style_text(texts)
    index = ProjectIndex()
    for text in texts:
        index.add_source(text)
    index.modules = {modname: src.text for _, modname, src in sources}
    return style, index


def generate_tree(tree: SourceTree, style: str = "auto") -> Generation:
    """Plan and insert the missing docstrings of every file of `tree`, in memory."""
    sources, problems = read_tree(tree)
    style, index = _context(sources, style, tree.search_path)
    gen = Generation(style=style, problems=problems)
    for path, modname, src in sources:
        shown = _display(path)
        module = _parse(src, shown)
        if isinstance(module, str):
            gen.problems.append(module)
            continue
        gen.sources[path] = src
        result = rewrite_text(src.text, modname, style=style, index=index, path=shown, tree=module)
        result.path = path
        result.count = len(result.planned)
        result.planned = []  # let the syntax tree go: hundreds alive slow the garbage collector
        if result.new_text is not None:
            try:
                src.encode(result.new_text)
            except UnicodeError:
                result.problem = (
                    f"{shown}:1: the docstrings cannot be written in the file's "
                    f"encoding ({src.encoding}); left alone"
                )
                result.new_text = None
        if result.problem:
            gen.problems.append(result.problem)
        gen.results.append(result)
    return gen


def write_generation(gen: Generation) -> tuple[int, int]:
    """Write every verified rewrite; return (files written, docstrings added)."""
    files = added = 0
    for r in gen.results:
        if r.new_text is None:
            continue
        try:
            write_source(gen.sources[r.path], r.new_text)
        except FileChanged:
            gen.problems.append(
                f"{_display(r.path)}:1: changed on disk since it was read; left alone (run again)"
            )
            continue
        except OSError as exc:
            gen.problems.append(f"{_display(r.path)}:1: could not be written ({exc}); left alone")
            continue
        r.written = True
        files += 1
        added += r.count
    return files, added


def coverage(tree: SourceTree) -> CodeInfo:
    """Coverage of the files of `tree` (a single module when PATH named one)."""
    # the files are relative to the working directory, as PATH was given; the inventory
    # reads relative paths under the search path, so hand it absolute ones
    files = [Path(os.path.abspath(f)) for f, _ in tree.files]
    info = coverage_inventory(tree.search_path, tree.packages, tree.paths, files=files)
    return CodeInfo(
        packages=info.packages,
        search_paths=info.search_paths,
        modules=info.modules,
        problems=(*tree.problems, *info.problems),
    )


def print_report(info: CodeInfo, out: TextIO) -> None:
    """A Markdown table of coverage per module, then the overall figure."""
    rows = [(m.name, m.documented, m.total) for m in info.modules]
    width = max([len("module"), *(len(r[0]) for r in rows)])
    print(f"| {'module'.ljust(width)} | documented | total | coverage |", file=out)
    print(f"| {'-' * width} | ---------: | ----: | -------: |", file=out)
    for name, doc, total in rows:
        pct = 100.0 * doc / total if total else 100.0
        print(f"| {name.ljust(width)} | {doc:10d} | {total:5d} | {pct:7.1f}% |", file=out)
    print(f"\noverall: {info.documented}/{info.total} documented ({info.coverage:.1f}%)", file=out)


def missing_lines(info: CodeInfo, tree: SourceTree) -> list[str]:
    """`file:line: <kind> <path> has no docstring` for each undocumented object."""
    out = []
    for m in info.modules:
        file = tree.search_path / m.file
        for o in m.objects:
            if not o.documented:
                out.append(
                    f"{_display(file)}:{o.lineno or 1}: {o.kind} `{o.path}` has no docstring"
                )
    return out


def docstrings_command(
    path: Path,
    *,
    mode: str = "report",
    style: str = "auto",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run `modelsite docstrings`; return the exit code (0 ok, 1 problems found, 2 bad input)."""
    out = out or sys.stdout
    err = err or sys.stderr
    if mode not in MODES:
        raise UsageError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
    if style not in STYLE_CHOICES:
        raise UsageError(f"unknown style {style!r}; choose one of {', '.join(STYLE_CHOICES)}")
    tree = discover(Path(path))
    if mode in ("report", "check"):
        info = coverage(tree)
        print_report(info, out)
        for problem in info.problems:
            print(f"warning: {problem}", file=err)
        if mode == "check":
            missing = missing_lines(info, tree)
            for line in missing:
                print(line, file=out)
            if missing:
                print(
                    f"{count(len(missing), 'public object')} without a docstring; "
                    f"`modelsite docstrings {path} --write` adds them",
                    file=err,
                )
                return 1
        return 0
    gen = generate_tree(tree, style)
    for problem in gen.problems:
        print(f"warning: {problem}", file=err)
    if mode == "diff":
        for r in gen.results:
            if r.new_text is None:
                continue
            shown = _display(r.path)
            old = gen.sources[r.path].text.splitlines(keepends=True)
            new = r.new_text.splitlines(keepends=True)
            rel = shown.lstrip("/")
            out.writelines(difflib.unified_diff(old, new, fromfile=f"a/{rel}", tofile=f"b/{rel}"))
        print(
            f"{count(gen.planned, 'docstring')} to add in "
            f"{count(sum(1 for r in gen.results if r.new_text is not None), 'file')} "
            f"({gen.style} style)",
            file=err,
        )
        return 0
    files, added = write_generation(gen)
    print(
        f"added {count(added, 'docstring')} in {count(files, 'file')} ({gen.style} style)", file=out
    )
    return 1 if gen.problems else 0
