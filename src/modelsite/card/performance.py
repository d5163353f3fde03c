"""How well the model does, as the card states it first: the scores modelsite computed at export
on the embedded evaluation set (with its size), per-class results from its confusion matrix, and
a bootstrap interval where the embedded data allow one.

The interval resamples the evaluation set's (true, predicted) pairs, which the confusion matrix
counts exactly (a multinomial draw over its cells is a bootstrap resample of the pairs); the
method, the number of resamples and the seed are stated with it, so anyone gets the same numbers.
Nothing here is guessed: without a confusion matrix there are no per-class results, and with
regression residuals that are a subsample of the evaluation set there is no interval.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from modelsite.card.numbers import metric_text

RESAMPLES = 2000
SEED = 0
LEVEL = 0.95


@dataclass(frozen=True, kw_only=True)
class Score:
    """One score computed at export on the evaluation set."""

    name: str
    text: str
    interval: str = ""
    """`0.912 – 0.989`, or `""` when the data allow no interval for this score."""


@dataclass(frozen=True, kw_only=True)
class ClassResult:
    """Precision, recall and F1 of one class, from the embedded confusion matrix."""

    label: str
    support: int
    precision: str
    recall: str
    f1: str


@dataclass(frozen=True, kw_only=True)
class Performance:
    """The card's "Performance" section."""

    n_samples: int | None = None
    """Size of the evaluation set embedded at export (`X_test`/`y_test`), when recorded."""
    scores: tuple[Score, ...] = ()
    per_class: tuple[ClassResult, ...] = ()
    interval_level: str = f"{LEVEL:.0%}"
    interval_method: str = ""
    """How the intervals were computed (method, resamples, seed), or `""` when there are none."""
    interval_note: str = ""
    """What the interval cannot show (no error in the evaluation set), or `""`."""


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if float(value).is_integer() and value >= 0 else None


def _matrix(ev: Mapping[str, Any]) -> list[list[int]] | None:
    raw = ev.get("confusion_matrix")
    if not isinstance(raw, list) or not raw or len(raw) > 200:
        return None
    rows: list[list[int]] = []
    for row in raw:
        if not isinstance(row, list) or len(row) != len(raw):
            return None
        counts = [_count(v) for v in row]
        if any(c is None for c in counts):
            return None
        rows.append([c for c in counts if c is not None])
    return rows if sum(map(sum, rows)) else None


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def per_class(labels: list[str], matrix: list[list[int]]) -> tuple[ClassResult, ...]:
    """Precision, recall and F1 of every class; rows are true classes, columns predictions."""
    out = []
    for i, label in enumerate(labels):
        tp = matrix[i][i]
        support = sum(matrix[i])
        predicted = sum(row[i] for row in matrix)
        precision, recall = _ratio(tp, predicted), _ratio(tp, support)
        f1 = _ratio(2 * precision * recall, precision + recall)
        out.append(
            ClassResult(
                label=label,
                support=support,
                precision=metric_text(precision),
                recall=metric_text(recall),
                f1=metric_text(f1),
            )
        )
    return tuple(out)


def _scores_of(cells: Any, k: int) -> tuple[Any, Any, Any]:
    """Accuracy, macro F1 and balanced accuracy of each resample (`cells`: resamples x k*k
    counts), as scikit-learn defines them."""
    import numpy as np

    m = cells.reshape(-1, k, k)
    tp = np.einsum("bii->bi", m)
    support, predicted = m.sum(axis=2), m.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        recall = np.where(support > 0, tp / support, 0.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
    present = support > 0  # f1_score averages over the classes present in y_true or y_pred
    present |= predicted > 0
    macro = (f1 * present).sum(axis=1) / np.maximum(present.sum(axis=1), 1)
    # balanced accuracy: the mean recall over the classes in y_true
    balanced = (recall * (support > 0)).sum(axis=1) / np.maximum((support > 0).sum(axis=1), 1)
    return tp.sum(axis=1) / m.sum(axis=(1, 2)), macro, balanced


def _cached(
    kind: str, data: Any, compute: Callable[[], dict[str, tuple[float, float]]]
) -> dict[str, tuple[float, float]]:
    """`compute()`, kept in the user cache folder under a hash of everything it depends on:
    the data, the resampling settings, this module and the installed NumPy (found without
    importing it). A rebuild of an unchanged model then neither imports NumPy nor resamples
    (about 0.2 s of CPU); an unreadable or unwritable cache only costs that time."""
    from modelsite.collect.sklearn_params import cache_dir, find_spec, write_cache_file
    from modelsite.collect.skops.document import sha256

    parts = [kind, RESAMPLES, SEED, LEVEL, data]
    for origin in (__file__, getattr(find_spec("numpy"), "origin", None)):
        try:
            st = os.stat(origin) if origin else None
        except OSError:
            st = None
        parts.append([origin, st.st_mtime_ns, st.st_size] if st else None)
    digest = sha256()
    digest.update(json.dumps(parts).encode())
    path = cache_dir() / "bootstrap" / f"{digest.hexdigest()[:32]}.json"
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): (float(v[0]), float(v[1])) for k, v in known.items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        pass
    out = compute()
    write_cache_file(path, json.dumps(out))
    return out


def _bootstrap(matrix: list[list[int]]) -> dict[str, tuple[float, float]]:
    return _cached("classification", matrix, lambda: _bootstrap_now(matrix))


def _bootstrap_now(matrix: list[list[int]]) -> dict[str, tuple[float, float]]:
    import numpy as np

    k = len(matrix)
    counts = np.asarray(matrix, dtype=float).ravel()
    n = int(counts.sum())
    rng = np.random.default_rng(SEED)
    cells = rng.multinomial(n, counts / n, size=RESAMPLES)
    accuracy, macro, balanced = _scores_of(cells, k)
    tail = (1 - LEVEL) / 2 * 100
    out = {}
    for name, values in (
        ("accuracy", accuracy),
        ("f1_macro", macro),
        ("balanced_accuracy", balanced),
    ):
        low, high = np.percentile(values, [tail, 100 - tail])
        out[name] = (float(low), float(high))
    return out


def _pairs(ev: Mapping[str, Any], n: int | None) -> tuple[list[float], list[float]] | None:
    """The regression residuals' (true, predicted) pairs when they are the whole evaluation set
    (export keeps at most 500: a subsample cannot give an interval of the whole set's score)."""
    raw = ev.get("residuals")
    if not isinstance(raw, Mapping) or n is None:
        return None
    truth, predicted = raw.get("y_true"), raw.get("y_pred")
    if not isinstance(truth, list) or not isinstance(predicted, list):
        return None
    if len(truth) != n or len(predicted) != n or n < 2:
        return None
    values = [*truth, *predicted]
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return None
    if not all(math.isfinite(float(v)) for v in values):
        return None
    return [float(v) for v in truth], [float(v) for v in predicted]


def _bootstrap_regression(
    truth: list[float], predicted: list[float]
) -> dict[str, tuple[float, float]]:
    return _cached(
        "regression", [truth, predicted], lambda: _bootstrap_regression_now(truth, predicted)
    )


def _bootstrap_regression_now(
    truth: list[float], predicted: list[float]
) -> dict[str, tuple[float, float]]:
    import numpy as np

    t, p = np.asarray(truth), np.asarray(predicted)
    rng = np.random.default_rng(SEED)
    idx = rng.integers(0, len(t), size=(RESAMPLES, len(t)))
    tt, pp = t[idx], p[idx]
    err = tt - pp
    mae = np.abs(err).mean(axis=1)
    rmse = np.sqrt((err**2).mean(axis=1))
    total = ((tt - tt.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = 1 - (err**2).sum(axis=1) / total
    tail = (1 - LEVEL) / 2 * 100
    out = {}
    for name, values in (("mae", mae), ("rmse", rmse), ("r2", r2)):
        values = values[np.isfinite(values)]  # a resample of one repeated value has no r2
        if len(values):
            low, high = np.percentile(values, [tail, 100 - tail])
            out[name] = (float(low), float(high))
    return out


def performance(ev: Mapping[str, Any], labels: list[str]) -> Performance:
    """The performance section from the evaluation data embedded at export."""
    n = _count(ev.get("n_samples"))
    raw_scores = ev.get("scores")
    scores = raw_scores if isinstance(raw_scores, Mapping) else {}
    matrix = _matrix(ev)
    if matrix is not None and len(labels) != len(matrix):
        labels = [str(i) for i in range(len(matrix))]
    pairs = _pairs(ev, n) if matrix is None else None
    if matrix is not None:
        intervals = _bootstrap(matrix)
    elif pairs is not None:
        intervals = _bootstrap_regression(*pairs)
    else:
        intervals = {}
    shown = []
    for name, value in scores.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if not math.isfinite(float(value)):
            continue
        low_high = intervals.get(str(name))
        # every resample alike (no error to resample): no interval, the note says why
        interval = (
            f"{metric_text(low_high[0])} – {metric_text(low_high[1])}"
            if low_high and low_high[0] < low_high[1]
            else ""
        )
        shown.append(Score(name=str(name), text=metric_text(value), interval=interval))
    method = note = ""
    if matrix is not None and any(str(name) in intervals for name in scores):
        total = sum(map(sum, matrix))
        method = (
            f"{LEVEL:.0%} percentile bootstrap over the {total} (true, predicted) pairs of the "
            f"evaluation set, which the embedded confusion matrix counts: {RESAMPLES} resamples, "
            f"numpy `default_rng({SEED})`"
        )
        correct = sum(matrix[i][i] for i in range(len(matrix)))
        if correct == total:
            lower = ((1 - LEVEL) / 2) ** (1 / total)
            note = (
                f"All {total} evaluation samples are predicted correctly, so every resample "
                f"scores 1.000 and the bootstrap gives no interval; the exact "
                f"(Clopper-Pearson) {LEVEL:.0%} interval of the accuracy is "
                f"{metric_text(lower)} – 1.000."
            )
    if pairs is not None and any(str(name) in intervals for name in scores):
        method = (
            f"{LEVEL:.0%} percentile bootstrap over the {len(pairs[0])} (true, predicted) pairs "
            f"of the evaluation set embedded at export: {RESAMPLES} resamples, "
            f"numpy `default_rng({SEED})`"
        )
    return Performance(
        n_samples=n,
        scores=tuple(shown),
        per_class=per_class(labels, matrix) if matrix is not None else (),
        interval_method=method,
        interval_note=note,
    )
