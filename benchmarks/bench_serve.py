"""Live preview: modelsite's part of a rebuild after editing one module, vs a full build.

The baseline is what a live preview without caches does on every change: `build_site()` (collect
the project, run the whole MkDocs build). Ours is `modelsite serve`'s `Session.rebuild()`: the
collectors reuse what did not change (`modelsite.cache`), the docs tree is rendered again and only
its changed files are rewritten. The builder's own rebuild comes on top of this number: `serve`
uses public APIs only, so MkDocs' `serve` rebuilds the whole site after a change, and
`zensical serve` is started again (its cache rebuilds the changed pages). Both run in this
process after a warm-up, so imports and first-time costs are out of both numbers. Each run
edits the same module the same way (adds a documented public function), so the module page, the
reference index, the overview and the code health page all change, as they would for a real
edit.

Cases: `wine` (examples/wine) and `mkdocs` (a synthetic project documenting a copy of the
installed mkdocs sources, ~35 modules; made by bench_build.py, generated once, untimed).
Projects are copied to `benchmarks/.work/serve/` so the originals are never edited.

    python benchmarks/bench_serve.py [--runs 5] [--case wine --case mkdocs]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from common import WORK, Measurement, Row, Run, merge_results, print_table

GOAL = 0.25
"""A rebuild after one edit should cost at most a quarter of a full build."""
SERVE_WORK = WORK / "serve"
EDITED = {"wine": "src/wine_classifier/data.py", "mkdocs": "src/mkdocs/utils/__init__.py"}
MARK = "\n\n# --- bench_serve edit ---\n"


def project_for(case: str) -> Path:
    import bench_build

    source = bench_build.CASES[case]()
    copy = SERVE_WORK / case
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("site", "__pycache__", ".work"))
    return copy


def edit(module: Path, i: int) -> None:
    """Replace the benchmark's function at the end of `module` with a new one."""
    text = module.read_text(encoding="utf-8").split(MARK)[0]
    module.write_text(
        f"{text}{MARK}def bench_edit_{i}() -> int:\n"
        f'    """Added by bench_serve (edit {i})."""\n    return {i}\n',
        encoding="utf-8",
    )


def bench(case: str, runs: int) -> Row:
    from modelsite.build import build_site
    from modelsite.serve import Session

    project = project_for(case)
    module = project / EDITED[case]
    out = SERVE_WORK / f"{case}-full-site"
    session = Session(project)
    full: list[Run] = []
    partial: list[Run] = []
    kinds: set[str] = set()
    try:
        assert session.rebuild() is not None, session.error
        for i in range(runs + 1):  # the first round warms both paths up and is not kept
            edit(module, i)
            start = time.perf_counter()
            build_site(project, out)
            seconds = time.perf_counter() - start
            if i:
                full.append(Run(seconds, None, 0))
            edit(module, i + 1000)
            start = time.perf_counter()
            result = session.rebuild()
            seconds = time.perf_counter() - start
            if result is None:
                raise RuntimeError(f"rebuild failed: {session.error}")
            if i:
                partial.append(Run(seconds, None, 0))
                kinds.add(result.kind)
    finally:
        session.close()
        shutil.rmtree(out, ignore_errors=True)
    return Row.timed(
        f"serve, docs tree re-render after editing one module: {case}",
        "full build (build_site, warm)",
        Measurement(tuple(full)),
        "Session.rebuild (builder not included)",
        Measurement(tuple(partial)),
        max_ratio=GOAL,
        note=f"render kind: {', '.join(sorted(kinds))}; the builder's rebuild comes on top",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--case", action="append", choices=sorted(EDITED))
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    SERVE_WORK.mkdir(parents=True, exist_ok=True)
    rows = [bench(case, args.runs) for case in args.case or ["wine", "mkdocs"]]
    merge_results(rows)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
