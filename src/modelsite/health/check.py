"""`modelsite check [PROJECT]`: every check for CI in one command, with a short table.

Runs the docstring check (as `modelsite docstrings --check` on each package), the lint and format
checks (the same ruff runs as the `/code-health/` page) and the model-card lint (as
`modelsite card --check`). Exit 1 when any fails; each check stays available on its own.
Type-hint coverage is shown for information and never fails the run.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from modelsite.errors import InputError
from modelsite.sitemodel import Site
from modelsite.wording import count

OK, FAIL, SKIP, INFO = "ok", "FAIL", "skip", "info"
MAX_DETAILS = 20


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    name: str
    status: str
    """`ok`, `FAIL`, `skip` or `info`."""
    summary: str
    details: tuple[str, ...] = ()
    fix: str = ""


def check_docstrings(site: Site) -> CheckResult:
    """Undocumented public objects, counted as `modelsite docstrings --check` counts them."""
    from modelsite.docstrings.inventory import discover
    from modelsite.docstrings.tree import coverage, missing_lines

    health = site.health
    paths = health.paths if health else ()
    if not paths:
        return CheckResult(name="docstrings", status=SKIP, summary="no training package found")
    documented = total = 0
    missing: list[str] = []
    problems: list[str] = []
    for rel in paths:
        tree = discover(site.project.root / rel)
        info = coverage(tree)
        documented += info.documented
        total += info.total
        missing += missing_lines(info, tree)
        problems += info.problems
    pct = 100.0 * documented / total if total else 100.0
    fix = health.fixes.get("docstrings", "") if health else ""
    status = FAIL if missing or problems else OK
    unread = f", {count(len(problems), 'file')} could not be read" if problems else ""
    return CheckResult(
        name="docstrings",
        status=status,
        summary=f"{documented}/{total} documented ({pct:.1f}%){unread}",
        details=tuple(problems + missing),
        fix=fix if missing else "",
    )


def check_lint(site: Site) -> CheckResult:
    health = site.health
    if health is None or not health.paths:
        return CheckResult(name="lint", status=SKIP, summary="no training package found")
    lint = health.lint
    if not lint.ran:
        return CheckResult(
            name="lint", status=FAIL, summary="ruff check could not run", details=lint.problems
        )
    if not lint.count:
        return CheckResult(name="lint", status=OK, summary="no ruff findings")
    by_rule = Counter(f.code for f in lint.findings)
    rules = ", ".join(f"{code} x{n}" for code, n in by_rule.most_common(5))
    more = f", +{len(by_rule) - 5} rules" if len(by_rule) > 5 else ""
    return CheckResult(
        name="lint",
        status=FAIL,
        summary=f"{lint.count} finding{'s' if lint.count != 1 else ''} ({rules}{more})",
        details=tuple(f"{f.file}:{f.line}:{f.column}: {f.code} {f.message}" for f in lint.findings),
        fix=health.fixes.get("lint", ""),
    )


def check_format(site: Site) -> CheckResult:
    health = site.health
    if health is None or not health.paths:
        return CheckResult(name="format", status=SKIP, summary="no training package found")
    fmt = health.format
    if not fmt.ran:
        return CheckResult(
            name="format", status=FAIL, summary="ruff format could not run", details=fmt.problems
        )
    if not fmt.count and not fmt.problems:
        return CheckResult(name="format", status=OK, summary="all files formatted")
    return CheckResult(
        name="format",
        status=FAIL,
        summary=f"{fmt.count} file{'s' if fmt.count != 1 else ''} would be reformatted"
        + (f", {len(fmt.problems)} could not be parsed" if fmt.problems else ""),
        details=fmt.problems + tuple(f"{file}: would be reformatted" for file in fmt.files),
        fix=health.fixes.get("format", ""),
    )


def check_card(site: Site) -> CheckResult:
    """The Hugging Face model card (Markdown) as `modelsite card --check` lints it."""
    try:
        from modelsite.card import huggingface
        from modelsite.card.content import card_for
        from modelsite.card.exports import render_card
        from modelsite.card.lint import lint_card
    except ImportError:  # pragma: no cover - the card package ships with modelsite
        return CheckResult(name="card", status=SKIP, summary="card lint not available")
    if site.model is None:
        return CheckResult(name="card", status=SKIP, summary="no *.skops model file found")
    try:
        text = render_card(site, "md", site.model)
        expected = huggingface.hub_metadata(card_for(site, site.model))
    except InputError as exc:
        return CheckResult(
            name="card", status=FAIL, summary="the card could not be made", details=(str(exc),)
        )
    problems = lint_card(text, "md", expected)
    if not problems:
        return CheckResult(name="card", status=OK, summary="model card lints clean")
    return CheckResult(
        name="card",
        status=FAIL,
        summary=f"{len(problems)} problem{'s' if len(problems) != 1 else ''}",
        details=tuple(problems),
        fix="modelsite card --check",
    )


def typehints_info(site: Site) -> CheckResult:
    health = site.health
    if health is None or not health.typehints.total:
        return CheckResult(name="type hints", status=INFO, summary="no functions found")
    th = health.typehints
    return CheckResult(
        name="type hints",
        status=INFO,
        summary=f"{th.coverage:.1f}% annotated ({th.annotated}/{th.total})",
    )


def run_checks(site: Site) -> list[CheckResult]:
    return [
        check_docstrings(site),
        check_lint(site),
        check_format(site),
        check_card(site),
        typehints_info(site),
    ]


def print_table(results: list[CheckResult], out: TextIO) -> None:
    width = max(len(r.name) for r in results)
    print(f"{'check'.ljust(width)}  result  summary", file=out)
    for r in results:
        print(f"{r.name.ljust(width)}  {r.status.ljust(6)}  {r.summary}", file=out)
    for r in results:
        if r.status != FAIL:
            continue
        print(f"\n{r.name}:", file=out)
        for line in r.details[:MAX_DETAILS]:
            print(f"  {line}", file=out)
        if len(r.details) > MAX_DETAILS:
            print(f"  ... and {len(r.details) - MAX_DETAILS} more", file=out)
        if r.fix:
            print(f"  fix: {r.fix}", file=out)


def check_command(project: Path, *, out: TextIO | None = None) -> int:
    """Run every check on `project`; print the table; 0 when all pass, 1 when any fails."""
    from modelsite.pipeline import collect_site

    out = out or sys.stdout
    if not project.is_dir():
        raise InputError(project, "not a folder; give the training project's folder")
    results = run_checks(collect_site(project))
    print_table(results, out)
    failed = [r.name for r in results if r.status == FAIL]
    if failed:
        if project.resolve() != Path.cwd().resolve() and any(r.fix for r in results):
            print(f"\n(run the fix commands in {project})", file=out)
        print(f"\nfailed: {', '.join(failed)}", file=out)
        return 1
    print("\nall checks passed", file=out)
    return 0
