"""Zero-config build of real third-party packages as shipped (tests in the tree) vs plain MkDocs.

Issue 12: `modelsite build` finds the code itself and leaves the tests out. Each case is a real
package exactly as it is distributed, tests, private modules and all, with no `modelsite.yml`:

- `imblearn`: imbalanced-learn 0.14.2 (a scikit-learn-contrib library), its wheel from the package
  index (`pip download`), unpacked: `imblearn/` with `tests/` folders inside;
- `sklearn`: the installed scikit-learn's package folder, copied whole (every `tests/` folder,
  `externals/`, private modules), the largest real case.

The baseline is what a user would write by hand for the same API: the builder's `build` (MkDocs
or Zensical, Zensical's `.cache` removed before each run) of a
`mkdocs.yml` with the same theme, Markdown extensions and mkdocstrings options as the
zero-config build (`modelsite.docs_tree.mkdocs_config`, minus modelsite's plugin and griffe
extensions) and one `::: module` page for each module modelsite documents, so tests are left out
on both sides. Cold processes, interleaved (plain, ours, plain, ours...); medians and the ratio
ours / plain are printed and merged into results.json.

    python benchmarks/bench_layout_build.py [--runs 3] [--case imblearn]
                                            [--builder mkdocs --builder zensical] [--list]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from bench_build import write_plain_site
from common import WORK, Row, measure_pair, merge_results, print_table, which

LAYOUT_WORK = WORK / "layout"
GOAL = 1.0
IMBLEARN = "imbalanced-learn==0.14.2"


def _imblearn() -> Path:
    """`.work/layout/imblearn/project`: the wheel's files (its `*.dist-info` left out)."""
    project = LAYOUT_WORK / "imblearn" / "project"
    if (project / ".complete").exists():
        return project
    wheels = LAYOUT_WORK / "imblearn" / "wheel"
    wheels.mkdir(parents=True, exist_ok=True)
    if not list(wheels.glob("*.whl")):
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:"]
        subprocess.run(
            [*pip, "-d", str(wheels), IMBLEARN],
            check=True,
            capture_output=True,
        )
    shutil.rmtree(project, ignore_errors=True)
    with zipfile.ZipFile(next(wheels.glob("*.whl"))) as wheel:
        for name in wheel.namelist():
            if ".dist-info/" not in name:
                wheel.extract(name, project)
    (project / ".complete").write_text("", encoding="utf-8")
    return project


def _sklearn() -> Path:
    """`.work/layout/sklearn/project/sklearn`: the installed package folder as shipped."""
    import sklearn

    project = LAYOUT_WORK / "sklearn" / "project"
    if (project / ".complete").exists():
        return project
    shutil.rmtree(project, ignore_errors=True)
    source = Path(sklearn.__file__).parent
    shutil.copytree(
        source,
        project / "sklearn",
        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd", "*.c", "*.cpp"),
    )
    (project / ".complete").write_text("", encoding="utf-8")
    return project


CASES: dict[str, Callable[[], Path]] = {"imblearn": _imblearn, "sklearn": _sklearn}
DESCRIPTIONS = {
    "imblearn": "imbalanced-learn 0.14.2 as shipped (tests inside), zero-config",
    "sklearn": "scikit-learn as shipped (tests inside), zero-config",
}


def plain_site(name: str, project: Path) -> tuple[Path, int, int]:
    """Write the hand-written site for the modules modelsite documents
    (`bench_build.write_plain_site`); with the number of module pages and of test files in the
    tree (left out on both sides)."""
    from modelsite.collect.layout import default_excluded, walk
    from modelsite.pipeline import collect_site

    site = collect_site(project)
    work = write_plain_site(site, LAYOUT_WORK / name / "plain")
    tests = sum(1 for f in walk(project, ".py").files if default_excluded(f))
    return work, len(site.code.modules), tests


def _builder_command(builder: str) -> list[str]:
    if builder == "mkdocs":
        return [which("mkdocs"), "build", "-q"]
    return [sys.executable, "-m", "zensical", "build"]


def bench_case(name: str, runs: int, warmup: int, builder: str = "mkdocs") -> list[Row]:
    project = CASES[name]()
    plain, modules, tests = plain_site(name, project)
    ours_out = LAYOUT_WORK / name / f"site-ours-{builder}"
    plain_out = plain / "site"

    def clean() -> None:
        # Zensical's cache too: modelsite builds a fresh docs tree each time
        for folder in (ours_out, plain_out, plain / ".cache"):
            shutil.rmtree(folder, ignore_errors=True)

    baseline, ours = measure_pair(
        [*_builder_command(builder), "-f", str(plain / "mkdocs.yml")],
        [which("modelsite"), "build", str(project), "-o", str(ours_out), "--builder", builder],
        runs=runs,
        warmup=warmup,
        before_each=clean,
        cwd=plain,
    )
    note = (
        f"{modules} module pages, {tests} test and other non-code files left out on both "
        f"sides; spread {max(baseline.spread, ours.spread):.0%}"
    )
    label = "" if builder == "mkdocs" else f" ({builder})"
    wall = Row.timed(
        f"zero-config site build{label}: {DESCRIPTIONS[name]}",
        f"plain {builder} build",
        baseline,
        "modelsite build",
        ours,
        max_ratio=GOAL,
        note=note,
    )
    cpu = Row.cpu(
        f"zero-config site build, CPU time{label}: {DESCRIPTIONS[name]}",
        f"plain {builder} build",
        baseline,
        "modelsite build",
        ours,
        max_ratio=GOAL,
        note="user + system",
    )
    return [wall, cpu]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each build (median)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed pairs first")
    parser.add_argument(
        "--case", action="append", choices=sorted(CASES), help="only these (default: all)"
    )
    parser.add_argument(
        "--builder",
        action="append",
        choices=["mkdocs", "zensical"],
        help="only these builders (repeatable; default: both when Zensical is installed)",
    )
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--no-save", action="store_true", help="do not merge into results.json")
    args = parser.parse_args(argv)
    if args.list:
        for name in CASES:
            print(f"{name}: {DESCRIPTIONS[name]}")
        return 0
    builders = args.builder or (
        ["mkdocs", "zensical"] if importlib.util.find_spec("zensical") else ["mkdocs"]
    )
    rows = []
    for name in args.case or list(CASES):
        for builder in builders:
            print(f"building {name} with {builder} ...", file=sys.stderr, flush=True)
            warmup = 0 if name == "sklearn" else args.warmup
            case_rows = bench_case(name, args.runs, warmup, builder)
            rows += case_rows
            if not args.no_save:
                merge_results(case_rows)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
