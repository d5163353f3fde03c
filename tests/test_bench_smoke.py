"""The benchmark harness starts and reports honestly, without running any benchmark.

`make bench` is never part of `make test`: these tests only list the scripts, exercise the
table/report code on made-up rows and measure the memory of a tiny child process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"


@pytest.fixture(scope="module")
def bench_modules():
    sys.path.insert(0, str(BENCH))
    try:
        import common
        import run

        yield common, run
    finally:
        sys.path.remove(str(BENCH))


def test_run_list_names_every_script_without_running_them() -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--list"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    states = dict(line.split("\t") for line in out.strip().splitlines())
    assert set(states) == {
        "bench_inspect.py",
        "bench_build.py",
        "bench_layout_build.py",
        "bench_serve.py",
        "bench_docstrings.py",
        "machine",
    }
    assert states["bench_build.py"] == "present"
    assert "cores" in states["machine"]


def test_bench_build_lists_its_three_cases() -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH / "bench_build.py"), "--list"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert [line.split(":")[0] for line in out.strip().splitlines()] == [
        "wine",
        "mkdocs",
        "sklearn",
    ]


def test_missing_script_is_reported_not_run(bench_modules) -> None:
    _, run = bench_modules
    assert run.run_script("bench_does_not_exist.py", None) == (
        "benchmarks/bench_does_not_exist.py is missing"
    )


def test_report_lists_unmet_goals_and_scripts_not_run(bench_modules, tmp_path: Path) -> None:
    common, run = bench_modules
    rows = [
        common.asdict(
            common.Row(
                "site build: big",
                "plain: 30 s",
                "ours: 36 s",
                1.2,
                3,
                machine="m",
                goal="<= 1x",
                met=False,
            )
        ),
        common.asdict(
            common.Row(
                "site build: small",
                "plain: 2 s",
                "ours: 1 s",
                0.5,
                3,
                machine="m",
                goal="<= 1x",
                met=True,
            )
        ),
        run.not_run_row("bench_serve.py", "exited 1: boom"),
    ]
    doc = tmp_path / "benchmarks.md"
    run.write_doc(rows, common.machine(), doc)
    text = doc.read_text(encoding="utf-8")
    assert "| site build: small | plain: 2 s | ours: 1 s | 0.50x | <= 1x met | 3 |" in text
    assert "<= 1x **not met**" in text
    goals = text.split("## Goals not met yet")[1].split("## Machine")[0]
    assert "site build: big" in goals and "site build: small" not in goals
    assert "bench_serve.py**: not run: exited 1: boom" in goals
    assert "make bench" in text and "scikit-learn" in text


def test_merge_results_replaces_rows_by_name(bench_modules, tmp_path: Path) -> None:
    common, _ = bench_modules
    path = tmp_path / "results.json"
    common.merge_results([{"what": "a", "ratio": 1.0}, {"what": "b", "ratio": 2.0}], path)
    common.merge_results([{"what": "b", "ratio": 0.5}], path)
    assert common.load_results(path) == [{"what": "a", "ratio": 1.0}, {"what": "b", "ratio": 0.5}]


@pytest.mark.parametrize("force_launcher", [False, True], ids=["default", "python-launcher"])
def test_cold_run_reports_the_child_peak_memory(bench_modules, monkeypatch, force_launcher) -> None:
    """GNU time when installed, else the Python launcher: both see the child alone."""
    common, _ = bench_modules
    if force_launcher:
        monkeypatch.setattr(common, "_gnu_time", lambda: False)
    ballast = bytearray(200 * 2**20)  # this process is big: the child must not be counted as big
    small = common.run_cold([sys.executable, "-c", "pass"])
    big = common.run_cold([sys.executable, "-c", "x = bytearray(150 * 2**20)"])
    assert big.returncode == 0 and small.returncode == 0
    assert big.peak_rss_mib is not None and small.peak_rss_mib is not None
    assert big.peak_rss_mib - small.peak_rss_mib > 140
    assert small.peak_rss_mib < 100 < len(ballast) / 2**20


@pytest.mark.parametrize("force_launcher", [False, True], ids=["default", "python-launcher"])
def test_cold_run_reports_cpu_time_apart_from_waiting(
    bench_modules, monkeypatch, force_launcher
) -> None:
    common, _ = bench_modules
    if force_launcher:
        monkeypatch.setattr(common, "_gnu_time", lambda: False)
    spin = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass"
    busy = common.run_cold([sys.executable, "-c", spin])
    idle = common.run_cold([sys.executable, "-c", "import time; time.sleep(0.5)"])
    assert busy.cpu_seconds is not None and idle.cpu_seconds is not None
    assert busy.cpu_seconds >= 0.25
    assert idle.seconds >= 0.5 and idle.cpu_seconds < 0.4


def test_failing_command_raises_with_its_stderr(bench_modules) -> None:
    common, _ = bench_modules
    with pytest.raises(common.CommandFailed, match="no such thing"):
        common.run_cold([sys.executable, "-c", "import sys; sys.exit('no such thing')"])


def test_rows_compare_medians_and_judge_the_goal(bench_modules) -> None:
    common, _ = bench_modules

    def measured(*runs: tuple[float, float | None, float | None]) -> object:
        return common.Measurement(
            runs=tuple(
                common.Run(seconds=s, peak_rss_mib=m, returncode=0, cpu_seconds=c)
                for s, c, m in runs
            )
        )

    baseline = measured((4.0, 3.0, 200.0), (2.0, 1.0, 100.0), (3.0, 2.0, 300.0))
    ours = measured((0.5, 0.4, 30.0), (0.2, 0.1, 10.0), (0.3, 0.2, 20.0))
    wall = common.Row.timed("w", "base", baseline, "ours", ours, max_ratio=0.05)
    assert wall.ratio == pytest.approx(0.3 / 3.0)
    assert (wall.goal, wall.met, wall.runs) == ("<= 0.05x", False, 3)
    cpu = common.Row.cpu("c", "base", baseline, "ours", ours, max_ratio=0.1)
    assert cpu.ratio == pytest.approx(0.2 / 2.0) and cpu.met is True
    assert cpu.baseline.endswith(" CPU")
    mem = common.Row.memory("m", "base", baseline, "ours", ours)
    assert mem.ratio == pytest.approx(20.0 / 200.0)
    assert (mem.goal, mem.met) == ("", None)
    unknown = common.Row.memory("m", "base", measured((1.0, None, None)), "ours", ours)
    assert unknown.ratio is None and unknown.met is None
