"""Cold `modelsite inspect --json` against a cold `skops.io.load`, on random forests.

    .venv/bin/python benchmarks/bench_inspect.py [--runs 5] [--trees 100 300 1000]

For each forest size (trained on scikit-learn's bundled breast-cancer data, saved with
`skops.io.dump` into benchmarks/.work/), both commands run as fresh processes, interleaved
(`common.measure_pair`: one warm-up each, then `--runs` timed runs):

- baseline: `python -c "import skops.io; skops.io.load(MODEL, trusted=[...])"` with the trusted
  types given up front (what a user who reviewed them runs; skops.card loads the same way);
- ours: `python -m modelsite inspect --json MODEL` (the schema-only reader). Its signature cache
  is built once per environment before timing (a private cache folder); that one-off cost is
  printed separately. modelsite's sources are byte-compiled first, as installing a wheel does
  (scikit-learn and skops already are).

Rows (merged into benchmarks/results.json; `ratio` is ours / baseline, lower is better): median
wall time (goal <= 0.05x, i.e. at least 20x faster), median CPU time (user + system, read with
`wait4`: much less sensitive than wall time to a busy machine), and median peak RSS
(goal <= 0.1x). Prints the rows as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from common import REPO, WORK, Row, measure_pair, merge_results, print_table

# Runs one command, waits with wait4, prints its wall, CPU and exit code as JSON. It is small
# (`python -I -S`), so the child's RSS is not inflated by this benchmark process.
_CPU_LAUNCHER = """
import json, os, sys, time
cmd = json.loads(sys.argv[1])
null = os.open(os.devnull, os.O_WRONLY)
start = time.perf_counter()
pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, null, 1)])
_, status, usage = os.wait4(pid, 0)
print(json.dumps({"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
                  "code": os.waitstatus_to_exitcode(status)}))
"""


def train(trees: int) -> Path:
    import skops.io as sio
    from sklearn.datasets import load_breast_cancer
    from sklearn.ensemble import RandomForestClassifier

    path = WORK / f"rf-{trees}.skops"
    if path.exists():
        return path
    X, y = load_breast_cancer(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = RandomForestClassifier(n_estimators=trees, random_state=0, n_jobs=-1).fit(X, y)
    WORK.mkdir(parents=True, exist_ok=True)
    sio.dump(model, path)
    return path


def cpu_seconds(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one cold run of `cmd`."""
    proc = subprocess.run(
        [sys.executable, "-I", "-S", "-c", _CPU_LAUNCHER, json.dumps(cmd)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        result = json.loads(proc.stdout)
    except ValueError:
        raise SystemExit(f"launcher failed:\n{proc.stderr}") from None
    if result["code"] != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({result['code']}):\n{proc.stderr}")
    return result["wall"], result["cpu"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--trees", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--no-save", action="store_true", help="do not write results.json")
    args = parser.parse_args(argv)

    import skops.io as sio

    # Byte-compile modelsite as a wheel install does: scikit-learn and skops come with their
    # .pyc files, and with PYTHONDONTWRITEBYTECODE set (as in some CI images) an editable
    # modelsite would otherwise be compiled from source on every run (~50 ms).
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "modelsite")], check=True
    )
    cache = tempfile.mkdtemp(prefix="modelsite-bench-cache-")
    env = {**os.environ, "MODELSITE_CACHE_DIR": cache, "PYTHONWARNINGS": "ignore"}
    py = sys.executable
    paths = {trees: train(trees) for trees in args.trees}
    first_wall, first_cpu = cpu_seconds(
        [py, "-m", "modelsite", "inspect", "--json", str(paths[args.trees[0]])], env
    )
    rows: list[Row] = []
    for trees, path in paths.items():
        trusted = sio.get_untrusted_types(file=path)
        load = "import sys, skops.io as s; s.load(sys.argv[1], trusted=sys.argv[2:])"
        baseline = [py, "-c", load, str(path), *trusted]
        ours = [py, "-m", "modelsite", "inspect", "--json", str(path)]
        base_m, ours_m = measure_pair(baseline, ours, runs=args.runs, warmup=1, env=env)
        cpu_pairs = [
            (cpu_seconds(baseline, env)[1], cpu_seconds(ours, env)[1]) for _ in range(args.runs)
        ]
        base_cpu = statistics.median(b for b, _ in cpu_pairs)
        ours_cpu = statistics.median(o for _, o in cpu_pairs)
        what = (
            f"inspect vs skops.io.load: RandomForestClassifier, {trees} trees "
            f"({path.stat().st_size / 1e6:.1f} MB file)"
        )
        rows += [
            Row.timed(
                f"{what}, cold wall time",
                "skops.io.load",
                base_m,
                "modelsite inspect --json",
                ours_m,
                max_ratio=0.05,
            ),
            Row(
                what=f"{what}, cold CPU time (user + system)",
                baseline=f"skops.io.load: {base_cpu:.3f} s",
                ours=f"modelsite inspect --json: {ours_cpu:.3f} s",
                ratio=ours_cpu / base_cpu,
                runs=args.runs,
                goal="<= 0.05x",
                met=ours_cpu / base_cpu <= 0.05,
            ),
            Row.memory(
                f"{what}, peak memory",
                "skops.io.load",
                base_m,
                "modelsite inspect --json",
                ours_m,
                max_ratio=0.1,
            ),
        ]
    print_table(rows)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nLoad average at the end: {load:.1f} on {os.cpu_count()} cores. One-off: the first "
        f"`modelsite inspect` in an environment builds its signature cache ({first_wall:.2f} s "
        f"wall, {first_cpu:.2f} s CPU); every later run reads it."
    )
    if not args.no_save:
        merge_results(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
