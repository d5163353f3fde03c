"""`modelsite verify`: check a model file against what the card states.

The reference is the model the card describes (the project's model, or a `.skops` file given as
PROJECT); the candidate is `--model` (default: the reference itself, which checks that it still
predicts the same in this environment). Compared:

- parameters: every key of `get_params(deep=True)`, read from both files without loading them;
- predictions on the fixed sample embedded at export, by the loaded candidate, only when the
  user trusts the types it needs (`--trust` or `trust:` in modelsite.yml);
- environment drift: the versions recorded (at export, or by the file itself: scikit-learn
  from the estimators' state, skops from the schema) against the ones installed here, and
  against those the candidate recorded (reported, not a failure by itself: the predictions say
  whether it matters; `--strict` makes a recorded version that differs from the installed one
  a failure).

The project's own code (the search paths `collect.layout` finds: `src`, `.`, ...) is put on
`sys.path` while the candidate loads, so a model holding the project's functions or classes
(a `FunctionTransformer` of a package function) verifies from the project folder without
`PYTHONPATH`. Only types the user trusts are ever imported.

File hashes are never compared: `.skops` files are not byte-reproducible.
Exit 0 when everything that could be checked matches, 1 on a mismatch (with a table).
"""

from __future__ import annotations

import contextlib
import json
import math
import platform
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelsite.collect.model import read_model
from modelsite.config import Config, load_config
from modelsite.errors import InputError
from modelsite.repro.environment import installed_versions, normalize, recorded_packages
from modelsite.sitemodel import ModelInfo
from modelsite.wording import count

OK, MISMATCH, DRIFT, SKIPPED = "ok", "MISMATCH", "drift", "skipped"
PROBA_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Row:
    check: str
    item: str
    expected: str
    actual: str
    result: str


def _show(value: Any, width: int = 36) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


def compare_params(reference: ModelInfo, candidate: ModelInfo) -> list[Row]:
    rows = []
    if reference.estimator != candidate.estimator:
        rows.append(Row("estimator", "class", reference.estimator, candidate.estimator, MISMATCH))
    same = 0
    for key in sorted(set(reference.params) | set(candidate.params)):
        missing = object()
        a, b = reference.params.get(key, missing), candidate.params.get(key, missing)
        if a is missing or b is missing or not _equal(a, b):
            rows.append(
                Row(
                    "parameter",
                    key,
                    "(absent)" if a is missing else _show(a),
                    "(absent)" if b is missing else _show(b),
                    MISMATCH,
                )
            )
        else:
            same += 1
    rows.append(
        Row(
            "parameters",
            f"{same} of {len(set(reference.params) | set(candidate.params))}",
            "",
            "",
            OK if same == len(reference.params) == len(candidate.params) and not rows else MISMATCH,
        )
    )
    return rows


def _sample_input(sample: Mapping[str, Any]) -> Any:
    import numpy as np

    X = sample.get("X")
    columns = sample.get("columns")
    if columns:
        import pandas as pd

        return pd.DataFrame(X, columns=list(columns))
    return np.asarray(X)


def compare_predictions(
    reference: ModelInfo,
    candidate_path: Path,
    candidate: ModelInfo,
    trust: Sequence[str],
    search_paths: Sequence[Path] = (),
) -> list[Row]:
    sample = reference.evaluation.get("sample")
    if not isinstance(sample, Mapping) or "X" not in sample or "y_pred" not in sample:
        return [Row("predictions", "fixed sample", "none embedded", "", SKIPPED)]
    missing = sorted(set(candidate.untrusted_types) - set(trust))
    if missing:
        flags = " ".join(f"--trust {t}" for t in missing)
        return [Row("predictions", "fixed sample", "", f"needs trusted types: {flags}", SKIPPED)]
    import numpy as np

    model = _load(candidate_path, tuple(trust), search_paths)
    X = _sample_input(sample)
    expected = np.asarray(sample["y_pred"])
    try:
        predicted = np.asarray(model.predict(X))
    except Exception as exc:  # the candidate cannot predict on the card's sample
        return [
            Row(
                "predictions",
                "fixed sample",
                f"{len(expected)} rows",
                f"predict failed: {type(exc).__name__}: {exc}",
                MISMATCH,
            )
        ]
    rows = []
    if predicted.shape != expected.shape:
        rows.append(
            Row("predictions", "shape", str(expected.shape), str(predicted.shape), MISMATCH)
        )
        return rows
    if expected.dtype.kind in "fc" or predicted.dtype.kind in "fc":
        differ = ~np.isclose(
            predicted.astype(float), expected.astype(float), rtol=0, atol=0, equal_nan=True
        )
    else:
        differ = predicted.astype(str) != expected.astype(str)
    bad = np.flatnonzero(differ.reshape(len(expected), -1).any(axis=1))
    for i in bad[:10]:
        rows.append(
            Row(
                "prediction",
                f"sample row {i}",
                _show(expected[i].tolist()),
                _show(predicted[i].tolist()),
                MISMATCH,
            )
        )
    n = len(expected)
    rows.append(
        Row(
            "predictions",
            f"fixed sample ({n} rows)",
            f"{n} published",
            f"{n - len(bad)} equal",
            MISMATCH if len(bad) else OK,
        )
    )
    proba = sample.get("proba")
    if proba is not None and hasattr(model, "predict_proba"):
        want = np.asarray(proba, dtype=float)
        got = np.asarray(model.predict_proba(X), dtype=float)
        if got.shape != want.shape:
            rows.append(Row("probabilities", "shape", str(want.shape), str(got.shape), MISMATCH))
        else:
            diff = float(np.max(np.abs(got - want))) if want.size else 0.0
            rows.append(
                Row(
                    "probabilities",
                    f"fixed sample ({n} rows)",
                    "published",
                    f"max difference {diff:.3g}",
                    OK if diff <= PROBA_TOLERANCE else MISMATCH,
                )
            )
    return rows


def _load(path: Path, trust: tuple[str, ...], search_paths: Sequence[Path] = ()) -> Any:
    from modelsite.trusted import load_trusted

    with on_sys_path(search_paths):
        return load_trusted(path, trust)


@contextlib.contextmanager
def on_sys_path(folders: Sequence[Path]) -> Iterator[None]:
    """`folders` first on `sys.path` inside the block, `sys.path` as it was after it."""
    saved = list(sys.path)
    sys.path[:0] = [str(f) for f in folders if str(f) not in sys.path]
    try:
        yield
    finally:
        sys.path[:] = saved


def project_search_paths(folder: Path, config: Config) -> tuple[Path, ...]:
    """The folders the project's code imports from (`src`, `.`, nested `X/`), absolute."""
    from modelsite.collect.project import find_project_code

    layout = find_project_code(folder, config)
    return tuple((folder / p).resolve() for p in layout.search_paths)


def compare_environment(reference: ModelInfo) -> list[Row]:
    """Each version the reference records (at export, else by the file itself) against the one
    installed here."""
    rows = []
    python = str(reference.environment.get("python", ""))
    if python:
        here = platform.python_version()
        rows.append(Row("environment", "python", python, here, OK if python == here else DRIFT))
    recorded = recorded_packages(reference)
    if not recorded:
        rows.append(Row("environment", "packages", "none recorded", "", SKIPPED))
        return rows
    installed = installed_versions(recorded)
    same = 0
    for name, version in sorted(recorded.items()):
        now = installed.get(name, "")
        if now == version:
            same += 1
        else:
            rows.append(Row("environment", name, version, now or "not installed", DRIFT))
    rows.append(
        Row(
            "environment",
            f"{same} of {len(recorded)} packages",
            "recorded",
            "installed",
            OK if same == len(recorded) else DRIFT,
        )
    )
    return rows


def compare_recorded(reference: ModelInfo, candidate: ModelInfo) -> list[Row]:
    """Versions each file recorded at export, where they differ (the candidate was trained in
    another environment than the published model)."""
    rows = []
    ref_env, cand_env = reference.environment, candidate.environment
    if ref_env.get("python") and cand_env.get("python") and ref_env["python"] != cand_env["python"]:
        rows.append(
            Row("trained with", "python", str(ref_env["python"]), str(cand_env["python"]), DRIFT)
        )
    ref_pkgs, cand_pkgs = ref_env.get("packages"), cand_env.get("packages")
    if isinstance(ref_pkgs, Mapping) and isinstance(cand_pkgs, Mapping):
        ref_n = {normalize(str(k)): str(v) for k, v in ref_pkgs.items()}
        cand_n = {normalize(str(k)): str(v) for k, v in cand_pkgs.items()}
        for name in sorted(set(ref_n) & set(cand_n)):
            if ref_n[name] != cand_n[name]:
                rows.append(Row("trained with", name, ref_n[name], cand_n[name], DRIFT))
    return rows


def format_table(rows: Sequence[Row]) -> str:
    header = Row("check", "item", "card", "model file", "result")
    table = [header, *rows]
    widths = [
        max(len(getattr(r, f)) for r in table)
        for f in ("check", "item", "expected", "actual", "result")
    ]
    lines = []
    for i, r in enumerate(table):
        cells = (r.check, r.item, r.expected, r.actual, r.result)
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _reference(project: Path) -> tuple[Path, Config, Path]:
    """`(model file, configuration, project folder)`."""
    from modelsite.collect.project import find_models

    if project.is_file():
        folder = project.parent
        config = load_config(folder) if (folder / "modelsite.yml").is_file() else Config()
        return project, config, folder
    if not project.is_dir():
        if project.exists():
            raise InputError(project, "is not a regular file (a FIFO, device or socket); not read")
        raise InputError(project, "no such project folder or model file")
    config = load_config(project)
    models = find_models(project, config.models)
    if not models:
        raise InputError(
            project,
            "no *.skops model file found; give one as PROJECT or list it "
            "under `models:` in modelsite.yml",
        )
    return project / models[0], config, project


def verify(
    project: Path, *, model: str | None = None, trust: tuple[str, ...] = ()
) -> tuple[Path, Path, list[Row]]:
    """`(reference, candidate, rows)` for `verify_command`; raises `InputError` on bad input."""
    ref_path, config, folder = _reference(Path(project))
    if model:
        cand_path = Path(model)
        if not cand_path.exists() and not Path(model).is_absolute() and Path(project).is_dir():
            cand_path = Path(project) / model
        if not cand_path.is_file():
            raise InputError(model, "model file to verify does not exist")
    else:
        cand_path = ref_path
    reference = read_model(ref_path)
    candidate = reference if cand_path == ref_path else read_model(cand_path)
    all_trust = tuple(dict.fromkeys([*trust, *config.trust]))
    rows = compare_params(reference, candidate)
    search = project_search_paths(folder, config) if candidate.untrusted_types else ()
    rows += compare_predictions(reference, cand_path, candidate, all_trust, search)
    if candidate is not reference:
        rows += compare_recorded(reference, candidate)
    rows += compare_environment(reference)
    return ref_path, cand_path, rows


def verify_command(
    project: Path, *, model: str | None, trust: tuple[str, ...], strict: bool = False
) -> int:
    """Print the comparison table; 0 when everything checked matches, 1 on a mismatch (and,
    with `strict`, when an installed version differs from the recorded one)."""
    ref_path, cand_path, rows = verify(project, model=model, trust=trust)
    print(f"card:       {ref_path}")
    print(f"model file: {cand_path}")
    print(format_table(rows))
    mismatches = [r for r in rows if r.result == MISMATCH]
    skipped = [r for r in rows if r.result == SKIPPED]
    drift = [r for r in rows if r.result == DRIFT and not r.item[0].isdigit()]
    installed_drift = [r for r in drift if r.check == "environment"]
    if installed_drift:
        shown = "; ".join(f"{r.item}: {r.expected} recorded, {r.actual}" for r in installed_drift)
        n = len(installed_drift)
        print(
            f"note: {count(n, 'version')} installed here differ{'s' if n == 1 else ''} "
            f"from those the model records ({shown})",
            file=sys.stderr,
        )
    other = [r for r in drift if r.check != "environment"]
    if other:
        n = len(other)
        print(
            f"note: {count(n, 'version')} the two files record differ{'s' if n == 1 else ''}",
            file=sys.stderr,
        )
    for r in skipped:
        print(f"note: {r.check} not checked ({r.expected or r.actual})", file=sys.stderr)
    if mismatches:
        print(f"verify failed: {len(mismatches)} mismatch(es)", file=sys.stderr)
        return 1
    if strict and installed_drift:
        print(
            f"verify failed (--strict): {count(len(installed_drift), 'installed version')} "
            "not the recorded one",
            file=sys.stderr,
        )
        return 1
    print("verify passed" + (" (some checks skipped)" if skipped else ""))
    return 0
