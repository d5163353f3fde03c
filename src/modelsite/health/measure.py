"""Measure the code health of a training project into `HealthInfo` (the `/code-health/` page).

One `ruff check` and one `ruff format --check` run on the package folders, type-hint coverage
from griffe, docstring coverage from the code inventory the site already has.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from modelsite.collect.layout import NOT_CODE_DIRS, NOT_CODE_FILES, glob_match, walk
from modelsite.health import ruff
from modelsite.health.ruff import FormatResult, LintResult
from modelsite.health.typehints import Span, TypeHintInfo, analyze, innermost
from modelsite.log import warn
from modelsite.sitemodel import CodeInfo, ProjectInfo


@dataclass(frozen=True, kw_only=True)
class Coverage:
    """`documented` of `total` objects."""

    documented: int
    total: int

    @property
    def coverage(self) -> float:
        return 100.0 * self.documented / self.total if self.total else 100.0


@dataclass(frozen=True, kw_only=True)
class LintLink:
    """Where a lint finding's `file:line` points to on the site or the forge."""

    module: str = ""
    """Dotted module whose reference page shows the finding's code, or `""`."""
    anchor: str = ""
    """Dotted path of the innermost class or function containing the line, or `""`."""
    source_url: str = ""
    """The line in the repository's web view at the built commit, when known."""


@dataclass(frozen=True, kw_only=True)
class HealthInfo:
    """Everything the `/code-health/` page and `modelsite check` report."""

    paths: tuple[str, ...]
    """Package folders/files checked, relative to the project root."""
    ruff_version: str
    ruff_config: str
    """The project's ruff configuration file, or `""` when modelsite's default rules apply."""
    select: tuple[str, ...]
    """The default rules used when the project has no ruff configuration (else empty)."""
    lint: LintResult
    format: FormatResult
    docstrings: Coverage
    typehints: TypeHintInfo
    links: Mapping[str, LintLink] = field(default_factory=dict)
    """`file:line` of each finding -> where to link it."""
    anchors: Mapping[str, str] = field(default_factory=dict)
    """Function with missing type hints -> its anchor on the module's reference page (or `""`)."""
    fixes: Mapping[str, str] = field(default_factory=dict)
    """One-line commands that fix (or list) each kind of problem: lint, format, docstrings,
    typehints, check."""
    problems: tuple[str, ...] = ()
    """Located messages: ruff missing, a broken ruff configuration, files that cannot be parsed."""

    def link(self, file: str, line: int) -> LintLink:
        return self.links.get(f"{file}:{line}", LintLink())


def package_paths(project: ProjectInfo) -> tuple[str, ...]:
    """The training code's top-level folders and files, relative to the project root: each
    package, namespace package or folder of scripts, and each top-level script."""
    found: list[str] = []
    bases = [b for b in project.search_paths if b != "."]
    for rel in project.code_files:
        base = next((b for b in bases if rel.startswith(b + "/")), "")
        inner = rel[len(base) + 1 :] if base else rel
        top = inner.split("/", 1)[0]
        path = f"{base}/{top}" if base else top
        if path not in found:
            found.append(path)
    if not project.code_files:  # a project collected before files were listed
        for name in project.packages:
            for base in project.search_paths or (".",):
                candidate = Path(base) / name.replace(".", "/")
                for each in (candidate, candidate.with_suffix(".py")):
                    if (project.root / each).exists() and each.as_posix() not in found:
                        found.append(each.as_posix())
    return tuple(found)


RUFF_SUFFIXES = (".py", ".pyi", ".ipynb")
"""What ruff lints when it walks a folder."""


def lint_exclude(project: ProjectInfo, paths: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What ruff leaves out under the training code's folders `paths`: the default exclusions
    (tests, docs, examples...) and `code.exclude` that match a file ruff would lint there,
    unless that file is training code anyway. (A pattern matching nothing under `paths` would
    only lengthen the command shown on `/code-health/`.)"""
    root = project.root
    present: list[str] = []
    for path in paths:
        top = root / path
        if top.is_dir():
            present += [f for f in walk(root, "", top).files if f.endswith(RUFF_SUFFIXES)]
    code = set(project.code_files)
    others = [f for f in present if f not in code]
    patterns = [*sorted(NOT_CODE_DIRS), *NOT_CODE_FILES, *project.code_exclude]
    kept = [
        p
        for p in patterns
        if any(glob_match(p, f) for f in others)
        and not any(glob_match(p, f) for f in project.code_files)
    ]
    return tuple(kept)


def shown_objects(code: CodeInfo) -> frozenset[str]:
    """Objects the API reference shows with an anchor of their own: documented and public
    (mkdocstrings leaves out undocumented and private members by default)."""
    shown = set()
    for module in code.modules:
        for obj in module.objects:
            inner = obj.path[len(module.name) + 1 :].split(".")
            if (
                obj.kind != "module"
                and obj.documented
                and not any(part.startswith("_") and not part.endswith("__") for part in inner)
            ):
                shown.add(obj.path)
    return frozenset(shown)


def anchor(path: str, module: str, shown: frozenset[str]) -> str:
    """The reference anchor for `path`: itself, else its nearest shown parent, else `""`."""
    while path and path != module:
        if path in shown:
            return path
        path = path.rpartition(".")[0]
    return ""


def _links(
    project: ProjectInfo,
    code: CodeInfo,
    lint: LintResult,
    spans: tuple[Span, ...],
    modules: Mapping[str, str],
    shown: frozenset[str],
) -> dict[str, LintLink]:
    git = project.git
    prefix = git.prefix if git.web_url and git.commit and not git.dirty else None
    links: dict[str, LintLink] = {}
    by_file: dict[Path, list[Span]] = {}
    for each in spans:
        by_file.setdefault(each.file, []).append(each)
    resolved: dict[str, Path] = {}
    for finding in lint.findings:
        key = f"{finding.file}:{finding.line}"
        if key in links:
            continue
        if finding.file not in resolved:
            resolved[finding.file] = (project.root / finding.file).resolve()
        file = resolved[finding.file]
        span = innermost(tuple(by_file.get(file, ())), file, finding.line)
        source = ""
        if prefix is not None:
            source = f"{git.web_url}/blob/{git.commit}/{prefix}{finding.file}#L{finding.line}"
        module, path = code.public_path(span.path) if span else ("", "")
        if not span:
            module = modules.get(finding.file, "")
        links[key] = LintLink(
            module=module,
            anchor=anchor(path, module, shown) if module and path else "",
            source_url=source,
        )
    return links


def _where_shown(typehints: TypeHintInfo, code: CodeInfo) -> TypeHintInfo:
    """Each function missing hints named where the reference shows it (`pkg.Thing.fit` for
    `pkg._impl.Thing.fit`); `module` is `""` when the reference does not show it."""
    missing = []
    for m in typehints.missing:
        module, path = code.public_path(m.path)
        missing.append(replace(m, module=module, path=path or m.path))
    return replace(typehints, missing=tuple(missing))


def _fixes(setup: ruff.RuffSetup, paths: tuple[str, ...]) -> dict[str, str]:
    if not paths:
        return {}
    docs_target = paths[0] if len(paths) == 1 else "."
    return {
        "lint": setup.shown("check", "--fix"),
        "format": setup.shown("format"),
        "docstrings": shlex.join(["modelsite", "docstrings", docs_target, "--write"]),
        "typehints": shlex.join(
            ["ruff", "check", "--isolated", "--select", "ANN", *setup.file_options(), *paths]
        ),
        "check": "modelsite check",
    }


def collect_health(project: ProjectInfo, code: CodeInfo) -> HealthInfo:
    """Lint, format, docstring and type-hint health of the project's training packages."""
    root = project.root
    paths = package_paths(project)
    setup = ruff.setup(root, paths, project.python_requires, exclude=lint_exclude(project, paths))
    # the two ruff processes run while this one reads the type hints (they only wait here)
    with ThreadPoolExecutor(max_workers=2) as pool:
        lint_run = pool.submit(ruff.lint, setup, root)
        fmt_run = pool.submit(ruff.check_format, setup, root)
        typehints, spans, th_problems = analyze(
            root, project.packages, project.search_paths, project.code_files or None
        )
        lint, fmt = lint_run.result(), fmt_run.result()
    modules = {m.file: m.name for m in code.modules}
    typehints = _where_shown(typehints, code)
    docstrings = Coverage(documented=code.documented, total=code.total)
    shown = shown_objects(code)
    problems: list[str] = []
    seen: set[str] = set()
    lint_problems, fmt_problems = list(lint.problems), list(fmt.problems)
    for i, problem in enumerate(lint_problems):
        # the same failure (a broken configuration) in both runs: one message
        both = problem.replace("; lint check skipped", "; format check skipped")
        if problem.endswith("; lint check skipped") and both in fmt_problems:
            fmt_problems.remove(both)
            lint_problems[i] = problem.replace("; lint check skipped", f"; {ruff.SKIPPED}")
    for problem in (*lint_problems, *fmt_problems, *th_problems):
        # Both ruff runs report an unparsable file or a broken configuration: say it once.
        key = problem.split(": ", 1)[0] if ruff.UNPARSABLE in problem else problem
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    for problem in problems:
        warn(None, problem)
    return HealthInfo(
        paths=paths,
        ruff_version=setup.version,
        ruff_config=setup.config,
        select=() if setup.config else ruff.DEFAULT_SELECT,
        lint=lint,
        format=fmt,
        docstrings=docstrings,
        typehints=typehints,
        links=_links(project, code, lint, spans, modules, shown),
        anchors={m.path: anchor(m.path, m.module, shown) for m in typehints.missing},
        fixes=_fixes(setup, paths),
        problems=tuple(problems),
    )
