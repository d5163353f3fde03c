"""Shared helpers for the bench scripts: cold timings, peak memory, the machine, results.json.

Every bench script measures ours and the baseline in the same run, several times each, and reports
medians and ratios (these machines are small and noisy). Typical use:

    from common import Row, measure, merge_results, print_table

    plain = measure(["mkdocs", "build", "-q"], runs=3, cwd=work)
    ours = measure(["modelsite", "build", project], runs=3)
    row = Row.timed("site build: wine", "plain mkdocs build", plain, "modelsite build", ours,
                    goal="<= 1.0x")
    merge_results([row])
    print_table([row])

`ratio` is always ours / baseline (time or memory): below 1 means modelsite is faster or smaller.
Run a bench script directly (`python benchmarks/bench_x.py`) or through `benchmarks/run.py`;
`common` is importable from either because Python puts the script's folder on `sys.path`.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
WORK = BENCH_DIR / ".work"
RESULTS = BENCH_DIR / "results.json"
BIN = Path(sys.executable).parent
"""The venv's scripts (`modelsite`, `mkdocs`): the same interpreter that runs the benchmarks."""

VERSIONED = (
    "modelsite",
    "mkdocs",
    "mkdocs-material",
    "mkdocstrings",
    "mkdocstrings-python",
    "griffe",
    "skops",
    "scikit-learn",
)


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One cold run of a command: wall seconds and peak resident memory of the process tree."""

    seconds: float
    peak_rss_mib: float | None
    returncode: int
    cpu_seconds: float | None = None
    """User + system CPU time of the process tree: steadier than wall time on a busy machine."""


@dataclass(frozen=True)
class Measurement:
    """Several runs of the same command."""

    runs: tuple[Run, ...]

    @property
    def seconds(self) -> float:
        """Median wall time."""
        return median([r.seconds for r in self.runs])

    @property
    def cpu_seconds(self) -> float | None:
        """Median CPU time (user + system; None where the platform cannot tell)."""
        values = [r.cpu_seconds for r in self.runs if r.cpu_seconds is not None]
        return median(values) if values else None

    @property
    def peak_rss_mib(self) -> float | None:
        """Median peak RSS (None where the platform cannot tell)."""
        values = [r.peak_rss_mib for r in self.runs if r.peak_rss_mib is not None]
        return median(values) if values else None

    @property
    def spread(self) -> float:
        """(max - min) / median of the wall times: how noisy the runs were."""
        times = [r.seconds for r in self.runs]
        return (max(times) - min(times)) / self.seconds if self.seconds else 0.0


def median(values: Sequence[float]) -> float:
    """The median of a non-empty sequence."""
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


class CommandFailed(RuntimeError):
    """A measured command exited non-zero; the message carries the end of its stderr."""


def run_cold(
    argv: Sequence[str],
    *,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    check: bool = True,
) -> Run:
    """Run `argv` once as a fresh process; time it and read its peak RSS.

    The peak comes from `wait4` in a small parent: GNU `/usr/bin/time -f %M` when it is installed,
    else a tiny Python launcher (`python -S`, ~10 MiB, which then sets the floor). Not measured
    from this process directly: the kernel counts a child's memory from the fork on, so a child of
    a big benchmark process would report at least that process's size.
    """
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        report = Path(tmp) / "rss"
        if _gnu_time():
            wrapped = [GNU_TIME, "-f", "%M %U %S", "-o", str(report), *argv]
        else:
            wrapped = [sys.executable, "-S", "-c", _LAUNCHER, str(report), *argv]
        out_path, err_path = Path(tmp) / "out", Path(tmp) / "err"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            start = time.perf_counter()
            proc = subprocess.run(
                wrapped,
                cwd=cwd,
                env=full_env,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
            seconds = time.perf_counter() - start
        if check and proc.returncode != 0:
            tail = err_path.read_text(errors="replace").strip().splitlines()[-5:]
            raise CommandFailed(
                f"{' '.join(map(str, argv))} exited {proc.returncode}: " + " | ".join(tail)
            )
        try:  # "peak_kib user_s system_s" on the last line
            rss, user, system = report.read_text().splitlines()[-1].split()
            rss_kib: float | None = float(rss)
            cpu: float | None = float(user) + float(system)
        except (OSError, ValueError, IndexError):
            rss_kib = cpu = None
    return Run(seconds, rss_kib / 1024 if rss_kib is not None else None, proc.returncode, cpu)


GNU_TIME = "/usr/bin/time"
# Runs argv, waits with wait4 and writes the child's peak RSS (KiB) to the file argv[1].
_LAUNCHER = """
import os, subprocess, sys
if sys.platform == "win32":
    sys.exit(subprocess.call(sys.argv[2:]))
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
rss = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)
open(sys.argv[1], "w").write(f"{rss} {usage.ru_utime} {usage.ru_stime}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


@lru_cache(maxsize=1)
def _gnu_time() -> bool:
    """Whether GNU time (with `-f` and `-o`) is installed."""
    if not Path(GNU_TIME).is_file():
        return False
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "rss"
        try:
            subprocess.run(
                [GNU_TIME, "-f", "%M %U %S", "-o", str(report), sys.executable, "-c", ""],
                capture_output=True,
                timeout=30,
                check=True,
            )
            rss, user, system = report.read_text().strip().splitlines()[-1].split()
            return rss.isdigit() and float(user) >= 0 and float(system) >= 0
        except (OSError, subprocess.SubprocessError, IndexError, ValueError):
            return False


def measure(
    argv: Sequence[str],
    *,
    runs: int = 5,
    warmup: int = 0,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    before_each: Callable[[], None] | None = None,
) -> Measurement:
    """Run `argv` `warmup + runs` times as cold processes; keep the last `runs`.

    `before_each` runs (untimed) before every run, e.g. to delete the previous output folder.
    """
    results = []
    for i in range(warmup + runs):
        if before_each is not None:
            before_each()
        result = run_cold(argv, cwd=cwd, env=env)
        if i >= warmup:
            results.append(result)
    return Measurement(tuple(results))


def measure_pair(
    baseline: Sequence[str], ours: Sequence[str], *, runs: int = 5, warmup: int = 1, **kwargs: Any
) -> tuple[Measurement, Measurement]:
    """Measure two commands interleaved (b, o, b, o...) so slow drifts of the machine hit both."""
    base_runs: list[Run] = []
    our_runs: list[Run] = []
    before_each = kwargs.pop("before_each", None)
    for i in range(warmup + runs):
        for argv, into in ((baseline, base_runs), (ours, our_runs)):
            if before_each is not None:
                before_each()
            result = run_cold(argv, **kwargs)
            if i >= warmup:
                into.append(result)
    return Measurement(tuple(base_runs)), Measurement(tuple(our_runs))


def time_call(fn: Callable[[], object], *, runs: int = 5, warmup: int = 0) -> float:
    """Median wall seconds of an in-process call (for warm measurements)."""
    times = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        fn()
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return median(times)


# --------------------------------------------------------------------------------------------
# The machine
# --------------------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return None


def versions(names: Sequence[str] = VERSIONED) -> dict[str, str]:
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions(),
    }


def machine_summary(info: Mapping[str, Any] | None = None) -> str:
    """One line for a row's `machine`, e.g. `AMD EPYC, 2 cores, 23.4 GiB, Python 3.11.7`."""
    info = info or machine()
    return (
        f"{info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB, Python {info['python']}"
    )


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the results table (and of results.json).

    `baseline` and `ours` are short human-readable strings naming the tool and its median, e.g.
    `"plain mkdocs build: 31.2 s"`; `ratio` is ours / baseline (below 1 is better); `goal` states
    the target (`"<= 1.0x"`), `met` whether the ratio meets it (None when there is no goal).
    """

    what: str
    baseline: str
    ours: str
    ratio: float | None
    runs: int
    machine: str = field(default_factory=machine_summary)
    goal: str = ""
    met: bool | None = None
    note: str = ""

    @classmethod
    def _compared(
        cls,
        what: str,
        baseline: tuple[str, Measurement, float | None],
        ours: tuple[str, Measurement, float | None],
        max_ratio: float | None,
        note: str,
    ) -> Row:
        """A row from each side's label, measurements and median; ratio ours / baseline."""
        (b_text, b_runs, b), (o_text, o_runs, o) = baseline, ours
        ratio = o / b if b and o is not None else None
        return cls(
            what=what,
            baseline=b_text,
            ours=o_text,
            ratio=ratio,
            runs=min(len(b_runs.runs), len(o_runs.runs)),
            goal=f"<= {max_ratio:g}x" if max_ratio is not None else "",
            met=(ratio <= max_ratio) if max_ratio is not None and ratio is not None else None,
            note=note,
        )

    @classmethod
    def timed(
        cls,
        what: str,
        baseline_name: str,
        baseline: Measurement,
        ours_name: str,
        ours: Measurement,
        *,
        max_ratio: float | None = None,
        note: str = "",
    ) -> Row:
        """A wall-time row: medians of both, ratio ours / baseline, goal `<= max_ratio`."""
        b, o = baseline.seconds, ours.seconds
        return cls._compared(
            what,
            (f"{baseline_name}: {fmt_seconds(b)}", baseline, b),
            (f"{ours_name}: {fmt_seconds(o)}", ours, o),
            max_ratio,
            note,
        )

    @classmethod
    def cpu(
        cls,
        what: str,
        baseline_name: str,
        baseline: Measurement,
        ours_name: str,
        ours: Measurement,
        *,
        max_ratio: float | None = None,
        note: str = "",
    ) -> Row:
        """A CPU-time row (user + system medians), ratio ours / baseline."""
        b, o = baseline.cpu_seconds, ours.cpu_seconds
        return cls._compared(
            what,
            (f"{baseline_name}: {fmt_seconds(b)} CPU", baseline, b),
            (f"{ours_name}: {fmt_seconds(o)} CPU", ours, o),
            max_ratio,
            note,
        )

    @classmethod
    def memory(
        cls,
        what: str,
        baseline_name: str,
        baseline: Measurement,
        ours_name: str,
        ours: Measurement,
        *,
        max_ratio: float | None = None,
        note: str = "",
    ) -> Row:
        """A peak-memory row (peak RSS medians), ratio ours / baseline."""
        b, o = baseline.peak_rss_mib, ours.peak_rss_mib
        return cls._compared(
            what,
            (f"{baseline_name}: {fmt_mib(b)}", baseline, b),
            (f"{ours_name}: {fmt_mib(o)}", ours, o),
            max_ratio,
            note,
        )


def fmt_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_mib(mib: float | None) -> str:
    return "n/a" if mib is None else f"{mib:.0f} MiB"


def fmt_ratio(ratio: Any) -> str:
    if isinstance(ratio, (int, float)) and not isinstance(ratio, bool):
        return f"{ratio:.2f}x" if ratio >= 0.1 else f"{ratio:.3f}x"
    return "n/a" if ratio is None else str(ratio)


def load_results(path: Path = RESULTS) -> list[dict[str, Any]]:
    """The rows in results.json (an empty list when it is missing or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [row for row in data if isinstance(row, dict)] if isinstance(data, list) else []


def merge_results(rows: Sequence[Row | Mapping[str, Any]], path: Path = RESULTS) -> None:
    """Replace rows with the same `what` in results.json, append new ones; write atomically."""
    new = [asdict(r) if isinstance(r, Row) else dict(r) for r in rows]
    names = {r["what"] for r in new}
    save_results([r for r in load_results(path) if r.get("what") not in names] + new, path)


def save_results(rows: Sequence[Mapping[str, Any]], path: Path = RESULTS) -> None:
    """Write results.json atomically (temp file + rename)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump([dict(r) for r in rows], fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    os.replace(tmp, path)


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(rows: Sequence[Row | Mapping[str, Any]]) -> str:
    """The rows as a Markdown table: what, baseline, ours, ratio, goal, runs."""
    lines = ["| What | Baseline | Ours | Ratio | Goal | Runs |", "|---|---|---|---|---|---|"]
    for row in rows:
        r = asdict(row) if isinstance(row, Row) else dict(row)
        goal = r.get("goal") or ""
        met = r.get("met")
        if goal and met is not None:
            goal = f"{goal} {'met' if met else '**not met**'}"
        what = r.get("what", "?")
        if r.get("note"):
            what = f"{what} ({r['note']})"
        lines.append(
            "| "
            + " | ".join(
                _cell(c)
                for c in (
                    what,
                    r.get("baseline"),
                    r.get("ours"),
                    fmt_ratio(r.get("ratio")),
                    goal,
                    r.get("runs"),
                )
            )
            + " |"
        )
    return "\n".join(lines)


def print_table(rows: Sequence[Row | Mapping[str, Any]]) -> None:
    print(markdown_table(rows), flush=True)


def which(name: str) -> str:
    """A script of this venv (`modelsite`, `mkdocs`), else whatever is on PATH."""
    candidate = BIN / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed in {BIN} nor on PATH")
    return found
