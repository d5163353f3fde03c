"""Run every benchmark, print one Markdown table, write results.json and docs/benchmarks.md.

Each bench script runs as its own process and merges its rows into `benchmarks/results.json`.
A script that is missing or fails is reported in the table as not run, with the reason; the
others still run. A full run starts from an empty results.json, so the table never mixes in
numbers from an earlier run; `--only` keeps the rows of the scripts it does not run.

    python benchmarks/run.py            # everything (make bench); takes several minutes
    python benchmarks/run.py --list     # the scripts and whether they are present; runs nothing
    python benchmarks/run.py --only bench_build.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from common import (
    BENCH_DIR,
    REPO,
    RESULTS,
    load_results,
    machine,
    machine_summary,
    markdown_table,
    save_results,
)

SCRIPTS = (
    "bench_inspect.py",
    "bench_build.py",
    "bench_layout_build.py",
    "bench_serve.py",
    "bench_docstrings.py",
)
"""Run in this order (the cheap ones first)."""
DOC = REPO / "docs" / "benchmarks.md"
ANALYSIS = BENCH_DIR / "analysis.md"
"""Hand-written findings (profiles, why a goal is not met yet), appended to docs/benchmarks.md."""
RERUN = "make bench  # or: .venv/bin/python benchmarks/run.py"


def not_run_row(script: str, reason: str) -> dict[str, Any]:
    return {
        "what": script,
        "baseline": "",
        "ours": "",
        "ratio": None,
        "runs": 0,
        "machine": machine_summary(),
        "goal": "",
        "met": None,
        "note": f"not run: {reason}",
    }


def run_script(script: str, timeout: float | None) -> str | None:
    """Run one bench script; its output goes to our terminal. Return why it failed, or None."""
    path = BENCH_DIR / script
    if not path.is_file():
        return f"benchmarks/{script} is missing"
    print(f"\n## {script}\n", flush=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
    try:
        proc = subprocess.run(
            [sys.executable, str(path)],
            cwd=REPO,
            env=env,
            timeout=timeout,
            stdout=sys.stdout,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:g} s"
    except OSError as exc:
        return f"could not start: {exc}"
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        lines = [line.strip() for line in proc.stderr.strip().splitlines() if line.strip()]
        last = lines[-1] if lines else "no error output"
        return f"exited {proc.returncode}: {last[:200]}"
    return None


def _versions_line(info: dict[str, Any]) -> str:
    return ", ".join(f"{name} {version}" for name, version in info["versions"].items())


ROW_ORDER = ("inspect", "site build", "serve", "docstring")
"""Rows in the issue's order: model metadata, site build, serve, docstrings, then the rest."""


def _row_order(row: dict[str, Any]) -> int:
    what = str(row.get("what", "")).lower()
    return next((i for i, word in enumerate(ROW_ORDER) if word in what), len(ROW_ORDER))


def write_doc(rows: list[dict[str, Any]], info: dict[str, Any], path: Path = DOC) -> None:
    """docs/benchmarks.md: the table, what is not met, the machine, the command to rerun."""
    rows = sorted(rows, key=_row_order)
    unmet = [r for r in rows if r.get("met") is False]
    not_run = [r for r in rows if str(r.get("note", "")).startswith("not run")]
    memory = f"{info['memory_gib']} GiB" if info["memory_gib"] else "unknown"
    stamp = RESULTS.stat().st_mtime if RESULTS.exists() else dt.datetime.now().timestamp()
    measured = dt.datetime.fromtimestamp(stamp, dt.timezone.utc)
    parts = [
        "# Benchmarks",
        "",
        "How fast modelsite is against the tools a user would otherwise use, measured side by "
        "side in the same run. Each number is the median of several runs; the **ratio is ours / "
        "baseline** (below 1: modelsite is faster or smaller), and the goal column states the "
        "target. The machines these run on are small and noisy (and were shared with other "
        "jobs): compare ratios, not seconds.",
        "",
        markdown_table(rows),
        "",
    ]
    if unmet or not_run:
        parts += ["## Goals not met yet", ""]
        parts += [
            f"- **{r['what']}**: ratio {r['ratio']:.2f}x, goal {r['goal']}."
            for r in unmet
            if isinstance(r.get("ratio"), (int, float))
        ]
        parts += [f"- **{r['what']}**: {str(r['note']).rstrip('.')}." for r in not_run]
        parts += ["", "The analysis below says why, where it is known.", ""]
    else:
        parts += ["Every goal in the table is met on this machine.", ""]
    parts += [
        "## Machine",
        "",
        f"- CPU: {info['cpu']}, {info['cores']} cores",
        f"- Memory: {memory}",
        f"- OS: {info['os']}",
        f"- Python {info['python']}",
        f"- Versions: {_versions_line(info)}",
        f"- Measured: {measured:%Y-%m-%d %H:%M} UTC",
        "",
        "## Rerun",
        "",
        "```bash",
        RERUN,
        "```",
        "",
        "Each script also runs alone, e.g. `.venv/bin/python benchmarks/bench_build.py --help`.",
        "Inputs are generated under `benchmarks/.work/` (ignored by git).",
        "",
    ]
    if ANALYSIS.is_file():
        parts += [ANALYSIS.read_text(encoding="utf-8").rstrip(), ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text("\n".join(parts), encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--list", action="store_true", help="list the bench scripts and the machine; run nothing"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=SCRIPTS,
        help="run only this script (repeatable); keeps the other rows",
    )
    parser.add_argument(
        "--timeout", type=float, default=None, help="seconds after which a script counts as not run"
    )
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/benchmarks.md")
    parser.add_argument(
        "--doc-only",
        action="store_true",
        help="run nothing; rewrite docs/benchmarks.md from results.json",
    )
    args = parser.parse_args(argv)
    info = machine()
    if args.doc_only:
        write_doc(load_results(), info)
        print(f"wrote {DOC.relative_to(REPO)}")
        return 0
    if args.list:
        for script in SCRIPTS:
            state = "present" if (BENCH_DIR / script).is_file() else "missing"
            print(f"{script}\t{state}")
        print(f"machine\t{machine_summary(info)}")
        return 0
    scripts = args.only or list(SCRIPTS)
    if not args.only and RESULTS.exists():
        RESULTS.replace(RESULTS.with_name("results.previous.json"))
    failures = {}
    for script in scripts:
        reason = run_script(script, args.timeout)
        if reason is not None:
            print(f"{script}: not run: {reason}", file=sys.stderr, flush=True)
            failures[script] = reason
    # Rows named after a script are its "not run" rows: drop those of this run's scripts, then
    # add one per failure.
    rows = [r for r in load_results() if r.get("what") not in scripts]
    rows += [not_run_row(s, r) for s, r in failures.items()]
    save_results(rows)
    print("\n## All results\n")
    print(markdown_table(rows), flush=True)
    if not args.no_doc:
        write_doc(rows, info)
        print(f"\nwrote {DOC.relative_to(REPO)} and {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
