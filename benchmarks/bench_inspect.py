"""Cold `modelsite inspect --json` against a cold `skops.io.load`, on random forests.

    .venv/bin/python benchmarks/bench_inspect.py [--runs 5] [--trees 100 300 1000]

For each forest size (trained on scikit-learn's bundled breast-cancer data, saved with
`skops.io.dump` into benchmarks/.work/), each side runs `--runs` times as a fresh process:

- ours: `python -m modelsite inspect --json MODEL` (the schema-only reader; its per-environment
  signature cache is built once before timing, and that one-off cost is reported separately);
- baseline: `python -c "import skops.io; skops.io.load(MODEL, trusted=[...])"` with the trusted
  types given up front (what a user who reviewed them would run; skops.card loads the same way).

Wall time and CPU time (user + system; less sensitive to a busy machine) are medians over
runs; peak memory is the median of each child's own `ru_maxrss`
(read with `os.wait4` by a minimal launcher process, so neither this process's size
nor another child's peak leaks into it). Prints a Markdown table
and merges rows into benchmarks/results.json (a list of
`{what, baseline, ours, ratio, runs, machine}`; `ratio` is baseline / ours, so higher is better
for both time and memory).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
RESULTS = HERE / "results.json"


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


LAUNCHER = """
import json, os, sys, time
cmd = json.loads(sys.argv[1])
fd = os.open(os.devnull, os.O_WRONLY)
start = time.perf_counter()
pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, fd, 1)])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "kb": usage.ru_maxrss,
                  "code": os.waitstatus_to_exitcode(status)}))
"""


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one child process.

    The child is started by a minimal launcher (`python -I -S`, a few MB): on Linux a child's
    `ru_maxrss` starts at the resident size of the process that spawned it, so spawning from
    this process (scikit-learn imported for training) would report this process's size.
    """
    proc = subprocess.run([sys.executable, "-I", "-S", "-c", LAUNCHER, json.dumps(cmd)],
                          env=env, capture_output=True, text=True, check=False)
    try:
        result = json.loads(proc.stdout)
    except ValueError:
        raise SystemExit(f"launcher failed:\n{proc.stderr}") from None
    if result["code"] != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({result['code']}):\n{proc.stderr}")
    return result["wall"], result["cpu"], result["kb"] / 1024  # kilobytes on Linux


def measure(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    samples = [run(cmd, env) for _ in range(runs)]
    return tuple(statistics.median(s[i] for s in samples) for i in range(3))  # type: ignore[return-value]


def machine() -> str:
    return (f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}")


def merge_results(rows: list[dict[str, object]]) -> None:
    existing: list[dict[str, object]] = []
    if RESULTS.exists():
        try:
            existing = json.loads(RESULTS.read_text(encoding="utf-8"))
        except ValueError:
            existing = []
    keys = {(r["what"], r["machine"]) for r in rows}
    merged = [r for r in existing if (r.get("what"), r.get("machine")) not in keys] + rows
    RESULTS.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--trees", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--no-save", action="store_true", help="do not write results.json")
    args = parser.parse_args(argv)

    import skops.io as sio

    cache = tempfile.mkdtemp(prefix="modelsite-bench-cache-")
    env = {**os.environ, "MODELSITE_CACHE_DIR": cache, "PYTHONWARNINGS": "ignore"}
    py = sys.executable
    host = machine()
    rows: list[dict[str, object]] = []
    table = ["| forest | skops.io.load wall | inspect wall | speed-up | skops CPU | inspect CPU | "
             "CPU ratio | skops peak MB | inspect peak MB | memory ratio |",
             "|---|---|---|---|---|---|---|---|---|---|"]

    first = train(args.trees[0])
    build_wall, _, build_mb = run([py, "-m", "modelsite", "inspect", "--json", str(first)], env)
    for trees in args.trees:
        path = train(trees)
        trusted = sio.get_untrusted_types(file=path)
        baseline_cmd = [py, "-c", "import sys, skops.io as s; "
                        "s.load(sys.argv[1], trusted=sys.argv[2:])", str(path), *trusted]
        ours_cmd = [py, "-m", "modelsite", "inspect", "--json", str(path)]
        run(ours_cmd, env)  # warm the OS file cache for both sides alike
        run(baseline_cmd, env)
        base_t, base_c, base_m = measure(baseline_cmd, env, args.runs)
        ours_t, ours_c, ours_m = measure(ours_cmd, env, args.runs)
        size_mb = path.stat().st_size / 1e6
        label = f"RandomForestClassifier, {trees} trees ({size_mb:.1f} MB file)"
        table.append(f"| {trees} trees, {size_mb:.1f} MB | {base_t:.3f} s | {ours_t:.3f} s | "
                     f"{base_t / ours_t:.1f}x | {base_c:.3f} s | {ours_c:.3f} s | "
                     f"{base_c / ours_c:.1f}x | {base_m:.0f} | {ours_m:.0f} | "
                     f"{base_m / ours_m:.1f}x |")
        rows += [
            {"what": f"cold wall time (s, median): skops.io.load vs modelsite inspect --json; "
                     f"{label}", "baseline": round(base_t, 4), "ours": round(ours_t, 4),
             "ratio": round(base_t / ours_t, 2), "runs": args.runs, "machine": host},
            {"what": f"cold CPU time (s, user+system, median): skops.io.load vs modelsite "
                     f"inspect --json; {label}", "baseline": round(base_c, 4),
             "ours": round(ours_c, 4), "ratio": round(base_c / ours_c, 2), "runs": args.runs,
             "machine": host},
            {"what": f"peak memory (MB, median ru_maxrss): skops.io.load vs modelsite inspect "
                     f"--json; {label}", "baseline": round(base_m, 1), "ours": round(ours_m, 1),
             "ratio": round(base_m / ours_m, 2), "runs": args.runs, "machine": host},
        ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Machine: {host}; load average {load:.1f} at the end; {args.runs} runs per cell, "
          "medians.\n")
    print("\n".join(table))
    print(f"\nOne-off: the first `modelsite inspect` in an environment builds the signature "
          f"cache ({build_wall:.2f} s, {build_mb:.0f} MB peak); every later run reads it.")
    if not args.no_save:
        merge_results(rows)
        print(f"\nrows merged into {RESULTS.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
