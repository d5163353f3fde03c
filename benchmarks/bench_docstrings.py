"""Docstring generation over all of scikit-learn's sources, stripped of their docstrings.

Measured in the same run, medians of several runs:

- speed: generating every missing docstring (read, parse, plan, render) vs griffe loading the
  same tree (goal: within 2x); `--write` (libcst insertion, verification, atomic writes) and
  pymend on the same tree for reference;
- quality: files processed, placeholder docstrings, pydoclint violations per 100 docstrings
  (numpy style), numpydoc parameter/return/yield violations per 100, and how close the first
  sentence of each generated summary comes to the one the scikit-learn authors wrote (token F1,
  stop words left out), next to pymend and a name-splitting baseline.

pymend is installed into its own venv (`benchmarks/.venv-pymend`) from PyPI; when that is not
possible its rows say so.

    python benchmarks/bench_docstrings.py [--runs 3] [--quick]
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import griffe
from common import WORK, Row, fmt_seconds, merge_results, print_table

from modelsite.docstrings.inventory import discover
from modelsite.docstrings.rewrite import definition_keys
from modelsite.docstrings.tree import docstrings_command
from modelsite.docstrings.words import split_name

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from docstrings_support import (
    CODE_SIDE,
    PYDOCLINT_UNANNOTATED,
    SKLEARN,
    UNANNOTATED_GENERATOR,
    copy_stripped,
    numpydoc_violations,
    plan_tree,
    run_pydoclint,
)

PYMEND_VENV = Path(__file__).resolve().parent / ".venv-pymend"
PLACEHOLDER = re.compile(
    r"(?<![\w.])(_summary_|_description_|_type_)(?![\w])|\bTODO\b|"
    r"\bFIXME\b|\bTBD\b|\bXXX\b|\[description\]|<description>"
)
STOP = {
    "a",
    "an",
    "the",
    "of",
    "to",
    "in",
    "for",
    "and",
    "or",
    "on",
    "with",
    "by",
    "is",
    "be",
    "this",
    "that",
    "from",
    "as",
    "it",
    "its",
    "at",
    "if",
    "are",
    "given",
    "each",
    "into",
}


# ---------------------------------------------------------------- helpers


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def docstrings_by_key(root: Path) -> dict[tuple[str, str, int], str]:
    """(file, qualname, occurrence) -> docstring for every module/class/def of a tree."""
    out: dict[tuple[str, str, int], str] = {}
    for f in sorted(root.rglob("*.py")):
        rel = f.relative_to(root).as_posix()
        try:
            tree = ast.parse(f.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        keys = definition_keys(tree)
        for node in ast.walk(tree):
            if id(node) in keys:
                doc = ast.get_docstring(node, clean=True)  # type: ignore[arg-type]
                if doc:
                    qn, n = keys[id(node)]
                    out[(rel, qn, n)] = doc
    return out


def first_sentence(doc: str) -> str:
    doc = re.sub(r"<span class=\"ms-generated\"[^>]*>generated</span>\s*", "", doc)
    para = doc.strip().split("\n\n", 1)[0].replace("\n", " ")
    m = re.match(r"(.+?\.)(\s|$)", para)
    return m.group(1) if m else para


def tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("_", " "))
    return {w for w in words if w not in STOP}


def f1(guess: str, truth: str) -> float:
    g, t = tokens(guess), tokens(truth)
    if not g or not t:
        return 0.0
    common = len(g & t)
    if not common:
        return 0.0
    p, r = common / len(g), common / len(t)
    return 2 * p * r / (p + r)


def name_split_summary(qualname: str, rel: str) -> str:
    name = qualname.rsplit(".", 1)[-1] if qualname else Path(rel).stem
    return " ".join(split_name(name)).capitalize() + "."


def overlap(generated: dict, authors: dict, keys: list) -> float:
    scores = [f1(first_sentence(generated.get(k, "")), first_sentence(authors[k])) for k in keys]
    return statistics.mean(scores) if scores else 0.0


def lint(root: Path, files: list[Path], docstrings: int, numpydoc: bool) -> dict[str, float]:
    violations = run_pydoclint(root, PYDOCLINT_UNANNOTATED)
    codes = Counter(msg.split(":", 1)[0] for _, msg in violations)
    real = sum(n for c, n in codes.items() if c not in CODE_SIDE | UNANNOTATED_GENERATOR)
    gen = sum(n for c, n in codes.items() if c in UNANNOTATED_GENERATOR)
    out = {
        "pydoclint": 100.0 * real / max(docstrings, 1),
        "pydoclint_generators": 100.0 * gen / max(docstrings, 1),
        "pydoclint_codes": dict(codes),
    }  # type: ignore[dict-item]
    if numpydoc:
        out["numpydoc"] = 100.0 * len(numpydoc_violations(files)) / max(docstrings, 1)
    return out


def pymend_exe() -> Path | None:
    exe = PYMEND_VENV / "bin" / "pymend"
    if exe.exists():
        return exe
    try:
        subprocess.run(
            [sys.executable, "-m", "venv", str(PYMEND_VENV)], check=True, capture_output=True
        )
        subprocess.run(
            [str(PYMEND_VENV / "bin" / "pip"), "install", "-q", "pymend"],
            check=True,
            capture_output=True,
            timeout=600,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"pymend could not be installed from PyPI: {exc}", file=sys.stderr)
        return None
    return exe if exe.exists() else None


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--quick",
        action="store_true",
        help="time only; skip the slow linters (pydoclint, numpydoc)",
    )
    ap.add_argument(
        "--slow-runs",
        type=int,
        default=2,
        help="runs of the slow cases (--write and pymend over the whole tree)",
    )
    ap.add_argument("--keep", action="store_true", help="keep the work folder (for inspection)")
    args = ap.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    # a folder of its own, so two runs at once (run.py and a direct call) do not collide
    work = Path(tempfile.mkdtemp(prefix="docstrings-", dir=WORK))
    try:
        return _bench(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _bench(args: argparse.Namespace, work: Path) -> int:
    stripped_root = work / "stripped"
    stripped = stripped_root / "sklearn"
    authors_root = work / "authors"
    print(f"copying scikit-learn ({SKLEARN}) and stripping its docstrings...", flush=True)
    files = copy_stripped(SKLEARN, stripped)
    if authors_root.exists():
        shutil.rmtree(authors_root)
    shutil.copytree(
        SKLEARN,
        authors_root / "sklearn",
        ignore=shutil.ignore_patterns(
            "__pycache__", "*.so", "*.c", "*.cpp", "*.pyx", "*.pxd", "*.pxi", "*.tp"
        ),
    )
    tree = discover(stripped)

    # ---- speed: generation vs griffe load, interleaved
    griffe_times, gen_times = [], []
    planned_count = 0
    for _ in range(args.runs):
        griffe_times.append(
            timed(lambda: griffe.load("sklearn", search_paths=[str(stripped_root)]))
        )
        t0 = time.perf_counter()
        _, planned = plan_tree(tree, "numpy")
        gen_times.append(time.perf_counter() - t0)
        planned_count = len(planned)
    g_med, o_med = statistics.median(griffe_times), statistics.median(gen_times)
    rows = [
        Row(
            what="docstring generation: all of scikit-learn, stripped",
            baseline=f"griffe load of the same tree: {fmt_seconds(g_med)}",
            ours=f"modelsite generation ({planned_count} docstrings, "
            f"{len(files)} files): {fmt_seconds(o_med)}",
            ratio=o_med / g_med,
            runs=args.runs,
            goal="<= 2x",
            met=o_med / g_med <= 2,
        )
    ]

    # ---- write-back (libcst), once per run on a fresh copy
    written = work / "written"
    write_times = []
    for _ in range(args.slow_runs):
        if written.exists():
            shutil.rmtree(written)
        shutil.copytree(stripped_root, written)
        write_times.append(
            timed(
                lambda: docstrings_command(
                    written / "sklearn", mode="write", style="numpy", out=io.StringIO()
                )
            )
        )
    w_med = statistics.median(write_times)
    rows.append(
        Row(
            what="docstring --write: all of scikit-learn, stripped",
            baseline=f"griffe load of the same tree: {fmt_seconds(g_med)}",
            ours=f"modelsite docstrings --write: {fmt_seconds(w_med)}",
            ratio=w_med / g_med,
            runs=args.slow_runs,
            note="libcst insertion + AST verification + atomic writes",
        )
    )
    ours_docs = docstrings_by_key(written / "sklearn")
    written_files = sorted((written / "sklearn").rglob("*.py"))
    n_docs = len(ours_docs)

    # ---- pymend on the same tree
    pymend = pymend_exe()
    pymend_docs: dict = {}
    pymend_note = "pymend not installable from PyPI here"
    p_med = None
    pymend_files_ok = 0
    pm_root = work / "pymend"
    if pymend is not None:
        pm_times = []
        for _ in range(args.slow_runs):
            if pm_root.exists():
                shutil.rmtree(pm_root)
            shutil.copytree(stripped_root, pm_root)
            pm_files = sorted(str(p) for p in (pm_root / "sklearn").rglob("*.py"))
            t0 = time.perf_counter()
            subprocess.run(
                [
                    str(pymend),
                    "--write",
                    "--output-style",
                    "numpydoc",
                    "--force-public-docstrings",
                    *pm_files,
                ],
                capture_output=True,
                check=False,
            )
            pm_times.append(time.perf_counter() - t0)
        p_med = statistics.median(pm_times)
        for f in (pm_root / "sklearn").rglob("*.py"):
            original = stripped / f.relative_to(pm_root / "sklearn")
            if f.read_bytes() != original.read_bytes():
                pymend_files_ok += 1
        pymend_docs = docstrings_by_key(pm_root / "sklearn")
        pymend_note = ""
        rows.append(
            Row(
                what="docstring generation + write: all of scikit-learn, stripped",
                baseline=f"pymend --write ({pymend_files_ok}/{len(files)} files "
                f"changed): {fmt_seconds(p_med)}",
                ours=f"modelsite docstrings --write ({len(files)}/{len(files)} files): "
                f"{fmt_seconds(w_med)}",
                ratio=w_med / p_med if p_med else None,
                runs=args.slow_runs,
            )
        )

    # ---- quality
    authors = docstrings_by_key(authors_root / "sklearn")
    common_keys = sorted(k for k in authors if k in ours_docs)
    name_split = {k: name_split_summary(k[1], k[0]) for k in common_keys}
    ours_f1 = overlap(ours_docs, authors, common_keys)
    split_f1 = overlap(name_split, authors, common_keys)
    rows.append(
        Row(
            what="summary overlap with the authors' first sentences (token F1)",
            baseline=f"name splitting: {split_f1:.3f}",
            ours=f"modelsite: {ours_f1:.3f}",
            ratio=ours_f1 / split_f1 if split_f1 else None,
            runs=1,
            note=f"{len(common_keys)} objects; higher is better",
        )
    )
    if pymend_docs:
        pm_f1 = overlap(pymend_docs, authors, common_keys)
        rows.append(
            Row(
                what="summary overlap with the authors' first sentences (token F1), vs pymend",
                baseline=f"pymend: {pm_f1:.3f}",
                ours=f"modelsite: {ours_f1:.3f}",
                ratio=ours_f1 / pm_f1 if pm_f1 else None,
                runs=1,
                note="higher is better",
            )
        )
    ours_ph = sum(1 for d in ours_docs.values() if PLACEHOLDER.search(d))
    pm_ph = sum(1 for d in pymend_docs.values() if PLACEHOLDER.search(d))
    rows.append(
        Row(
            what="docstrings with placeholder text",
            baseline=(f"pymend: {pm_ph} of {len(pymend_docs)}" if pymend_docs else pymend_note),
            ours=f"modelsite: {ours_ph} of {n_docs}",
            ratio=None,
            runs=1,
            goal="0",
            met=ours_ph == 0,
        )
    )
    if not args.quick:
        print("linting (pydoclint, numpydoc)...", flush=True)
        ours_lint = lint(written / "sklearn", written_files, n_docs, numpydoc=True)
        base = "n/a"
        ratio = None
        if pymend_docs:
            pm_lint = lint(pm_root / "sklearn", [], len(pymend_docs), numpydoc=False)
            base = f"pymend: {pm_lint['pydoclint']:.2f}"
            ratio = ours_lint["pydoclint"] / pm_lint["pydoclint"] if pm_lint["pydoclint"] else None
        rows.append(
            Row(
                what="pydoclint violations per 100 docstrings (numpy style)",
                baseline=base,
                ours=f"modelsite: {ours_lint['pydoclint']:.2f}",
                ratio=ratio,
                runs=1,
                goal="<= 1",
                met=ours_lint["pydoclint"] <= 1,
                note=f"plus {ours_lint['pydoclint_generators']:.2f} per 100 for "
                "generators without a return annotation (pydoclint reports "
                "DOC402 or DOC403 either way)",
            )
        )
        rows.append(
            Row(
                what="numpydoc PR/RT/YD violations per 100 docstrings",
                baseline="n/a",
                ours=f"modelsite: {ours_lint['numpydoc']:.2f}",
                ratio=None,
                runs=1,
                goal="<= 1",
                met=ours_lint["numpydoc"] <= 1,
            )
        )
        authors_lint = lint(authors_root / "sklearn", [], len(authors), numpydoc=False)
        rows.append(
            Row(
                what="pydoclint violations per 100 docstrings, vs scikit-learn's own",
                baseline=f"scikit-learn authors: {authors_lint['pydoclint']:.2f} "
                f"(+{authors_lint['pydoclint_generators']:.2f} generators)",
                ours=f"modelsite: {ours_lint['pydoclint']:.2f} "
                f"(+{ours_lint['pydoclint_generators']:.2f} generators)",
                ratio=(
                    ours_lint["pydoclint"] / authors_lint["pydoclint"]
                    if authors_lint["pydoclint"]
                    else None
                ),
                runs=1,
                note="same pydoclint options; lower is better",
            )
        )
        print(f"pydoclint codes (ours): {ours_lint['pydoclint_codes']}", flush=True)
        print(f"pydoclint codes (authors): {authors_lint['pydoclint_codes']}", flush=True)
    merge_results(rows)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
