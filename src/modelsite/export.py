"""`modelsite.export`: `skops.io.dump` plus one embedded metadata member, `modelsite.json`.

The member (skops ignores members its schema does not name) holds what the site and the model
card show, computed while the model is live so the site never has to load it:

- `metrics`: as given;
- `environment`: Python version and implementation, platform, and the exact version of every
  distribution the process had imported (scikit-learn, numpy, scipy, skops, ...);
- `data`: fingerprints (shape, dtypes, SHA-256, see `fingerprint`) of the training and test
  data, and the dataset name;
- `provenance`: the command line as typed, UTC time, seed, and the git commit of the repository
  that holds both the training script and the output file (see `git_state`); when no commit can
  be vouched for, `commit_unrecorded` says why (and `export` warns);
- `evaluation` (with `X_test` and `y_test`): task, labels, confusion matrix, ROC and PR curves
  (at most 200 points each), residuals (regression, at most 500 points), feature importances,
  and predictions on a fixed sample (the first 20 test rows) for later verification;
- `extra`: any other keyword arguments.

The file is written atomically (temporary file, then `os.replace`).
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Mapping
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Everything else is imported inside the functions: `import modelsite` must stay cheap for
# `modelsite inspect`'s cold start.

METADATA_MEMBER = "modelsite.json"
METADATA_FORMAT = 1
MAX_CURVE_POINTS = 200
MAX_RESIDUALS = 500
SAMPLE_ROWS = 20


def export(
    estimator: Any,
    path: str | Path,
    *,
    metrics: Mapping[str, Any] | None = None,
    X_test: Any = None,
    y_test: Any = None,
    dataset: str | None = None,
    seed: int | None = None,
    X_train: Any = None,
    y_train: Any = None,
    **extra: Any,
) -> Path:
    """Save `estimator` with skops and embed metrics, environment, data and evaluation.

    Returns the path written. `skops.io.load(path, trusted=...)` loads the model as usual;
    `modelsite.inspect_model(path)` reads everything back without loading it.
    """
    import io
    import zipfile

    import skops.io

    from modelsite.output import write_atomic

    path = Path(path)
    meta = build_metadata(
        estimator,
        output=path,
        metrics=metrics,
        X_test=X_test,
        y_test=y_test,
        dataset=dataset,
        seed=seed,
        X_train=X_train,
        y_train=y_train,
        extra=extra,
    )
    reason = meta["provenance"].get("commit_unrecorded")
    if reason and reason != "no-repository":  # a project without git: nothing to warn about
        import warnings

        warnings.warn(
            f"modelsite.export: no git commit recorded in {path}: {UNRECORDED[reason]}",
            stacklevel=2,
        )
    payload = json.dumps(meta, indent=1, sort_keys=False, ensure_ascii=False).encode("utf-8")
    data = skops.io.dumps(estimator)
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(METADATA_MEMBER, payload)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, buffer.getvalue())
    return path


def build_metadata(
    estimator: Any,
    *,
    output: str | Path | None = None,
    metrics: Mapping[str, Any] | None = None,
    X_test: Any = None,
    y_test: Any = None,
    dataset: str | None = None,
    seed: int | None = None,
    X_train: Any = None,
    y_train: Any = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The content of `modelsite.json` for a live estimator about to be written to `output`
    (no git commit is recorded without it)."""
    data: dict[str, Any] = {}
    if dataset is not None:
        data["dataset"] = str(dataset)
    if X_train is not None or y_train is not None:
        data["train"] = {
            k: fingerprint(v) for k, v in (("X", X_train), ("y", y_train)) if v is not None
        }
    if X_test is not None or y_test is not None:
        data["test"] = {
            k: fingerprint(v) for k, v in (("X", X_test), ("y", y_test)) if v is not None
        }
    meta: dict[str, Any] = {
        "format": METADATA_FORMAT,
        "metrics": {str(k): jsonable(v) for k, v in (metrics or {}).items()},
        "environment": environment(),
        "data": data,
        "provenance": provenance(seed, output),
    }
    if X_test is not None and y_test is not None:
        meta["evaluation"] = evaluation(estimator, X_test, y_test)
    if extra:
        meta["extra"] = {str(k): jsonable(v) for k, v in extra.items()}
    return meta


# ------------------------------------------------------------------ JSON values


def jsonable(value: Any) -> Any:
    """`value` as plain JSON data: numpy scalars and arrays as Python numbers and lists."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    tolist = getattr(value, "tolist", None)  # numpy arrays and scalars, pandas objects
    if callable(tolist):
        return jsonable(tolist())
    item = getattr(value, "item", None)
    if callable(item):
        return jsonable(item())
    return str(value)


# ------------------------------------------------------------------ environment


def environment() -> dict[str, Any]:
    """Python, platform, and the exact version of every imported distribution."""
    import importlib.metadata as md
    import platform

    top = {name.split(".")[0] for name in list(sys.modules)}
    top = {n for n in top if not n.startswith("_") and n not in sys.stdlib_module_names}
    mapping = md.packages_distributions()
    dists = {dist for name in top for dist in mapping.get(name, ())}
    # editable installs (like modelsite's own in development) list no files: try the name itself
    dists |= {name for name in top if name not in mapping and _has_distribution(name)}
    packages: dict[str, str] = {}
    for dist in sorted(dists, key=str.lower):
        try:
            packages[dist] = md.version(dist)
        except md.PackageNotFoundError:  # pragma: no cover - a broken installation
            continue
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "packages": packages,
    }


def _has_distribution(name: str) -> bool:
    import importlib.metadata as md

    try:
        md.distribution(name)
    except (md.PackageNotFoundError, ValueError):
        return False
    return True


# ------------------------------------------------------------------ data fingerprints


def fingerprint(data: Any) -> dict[str, Any]:
    """Shape, dtypes and a SHA-256 of a table or array.

    The hash covers, in order, each column's name, dtype and values: the raw bytes of a
    C-contiguous copy for numeric columns, and the JSON of the values for object/string/
    categorical columns (their raw bytes are pointers). A NumPy array is one column named `""`
    with all its values; so the same data hashes the same on every machine.
    """
    import hashlib

    import numpy as np

    digest = hashlib.sha256()
    columns = getattr(data, "columns", None)
    if columns is not None and hasattr(data, "dtypes"):  # a pandas DataFrame
        dtypes = {str(c): str(t) for c, t in data.dtypes.items()}
        for name in columns:
            _hash_values(digest, str(name), data[name].to_numpy())
        return {
            "shape": list(data.shape),
            "columns": [str(c) for c in columns],
            "dtypes": dtypes,
            "sha256": digest.hexdigest(),
        }
    if hasattr(data, "to_numpy") and hasattr(data, "dtype"):  # a pandas Series
        arr = data.to_numpy()
        _hash_values(digest, str(getattr(data, "name", "")), arr)
        return {"shape": list(arr.shape), "dtypes": str(data.dtype), "sha256": digest.hexdigest()}
    arr = np.asarray(data)
    _hash_values(digest, "", arr)
    return {"shape": list(arr.shape), "dtypes": str(arr.dtype), "sha256": digest.hexdigest()}


def _hash_values(digest: Any, name: str, arr: Any) -> None:
    import numpy as np

    digest.update(json.dumps([name, str(arr.dtype), list(arr.shape)]).encode())
    if arr.dtype.kind in "biufcmM":
        digest.update(np.ascontiguousarray(arr).tobytes())
    else:
        digest.update(json.dumps(jsonable(arr.tolist()), default=str).encode())


# ------------------------------------------------------------------ provenance


def provenance(seed: int | None, output: str | Path | None = None) -> dict[str, Any]:
    from datetime import datetime, timezone

    out: dict[str, Any] = {
        "command": command_line(),
        "time": datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "seed": jsonable(seed),
    }
    if output is not None:
        out.update(git_state(Path(output), training_script()))
    return out


def training_script() -> Path | None:
    """The file `__main__` runs (`python train.py`, `python -m pkg.train`), or `None` in a
    notebook, a REPL, `python -c` or a launcher installed in the environment (a console script,
    pytest): the working directory then stands for the training code's place."""
    main = sys.modules.get("__main__")
    file = getattr(main, "__file__", None)
    if not isinstance(file, str) or not file or file.startswith("<"):
        return None
    path = Path(file).resolve()
    if not path.is_file():
        return None
    for prefix in {sys.prefix, sys.base_prefix, sys.exec_prefix}:
        if path.is_relative_to(Path(prefix).resolve()):
            return None  # a launcher (pytest, a console script, a kernel), not the training code
    return path


def command_line(argv: list[str] | None = None) -> str:
    """`sys.argv` as the user would have typed it (`python -m pkg.mod --flag`, `script.py`)."""
    import shlex

    argv = list(sys.argv if argv is None else argv)
    if not argv:
        return ""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    first = argv[0]
    if spec is not None and getattr(spec, "name", None) and first not in ("-c", ""):
        name = spec.name.removesuffix(".__main__")
        prog = ["python", "-m", name]
    elif first in ("-c", "-"):
        prog = ["python", first] + (["..."] if first == "-c" else [])
    elif first.endswith(".py"):
        try:
            shown = os.path.relpath(first)
        except ValueError:  # another drive on Windows
            shown = first
        prog = ["python", shown if not shown.startswith("..") else first]
    else:
        prog = [Path(first).name or first]
    return shlex.join(prog + argv[1:])


UNRECORDED = {
    "no-repository": "neither the training code nor the output file is in a git work tree",
    "other-repository": (
        "the training code and the output file are not in the same git repository"
    ),
    "untracked-script": "the training script is not committed (git does not track it)",
    "dirty": "the training code has uncommitted changes",
    "no-commit": "the repository has no commit yet",
}
"""`commit_unrecorded` codes and what they mean (the site words them from this table, never
from the file, which is untrusted)."""


def _git(folder: Path, *args: str) -> str | None:
    """What `git -C folder ARGS` prints (stripped), or `None` when it fails."""
    import subprocess

    try:
        proc = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def _existing(path: Path) -> Path:
    """`path` made absolute, cut back to its nearest folder that exists."""
    path = path.absolute()
    folder = path if path.is_dir() else path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def git_state(output: Path, script: Path | None) -> dict[str, Any]:
    """`commit`, `branch` and `dirty` of the repository holding both the training code
    (`script`, else the working directory) and `output`; else `commit_unrecorded` (a key of
    `UNRECORDED`). The commit is left out when the training code differs from it: a tracked file
    changed (the output file itself excepted) or the script not committed."""
    out_top = _git(_existing(output), "rev-parse", "--show-toplevel")
    code_folder = script.parent if script is not None else Path.cwd()
    code_top = _git(code_folder, "rev-parse", "--show-toplevel")
    if not out_top and not code_top:
        return {"commit_unrecorded": "no-repository"}
    if not out_top or not code_top or Path(code_top).resolve() != Path(out_top).resolve():
        return {"commit_unrecorded": "other-repository"}
    top = Path(out_top)
    commit = _git(top, "rev-parse", "--verify", "HEAD^{commit}")
    if not commit:
        return {"commit_unrecorded": "no-commit"}
    branch = _git(top, "rev-parse", "--abbrev-ref", "HEAD") or ""
    state: dict[str, Any] = {"branch": branch}
    if script is not None and _git(top, "ls-files", "--error-unmatch", "--", str(script)) is None:
        return {**state, "dirty": True, "commit_unrecorded": "untracked-script"}
    # tracked files that differ from HEAD (staged or not), the output file itself excepted
    changed = _git(top, "diff", "--name-only", "-z", "HEAD", "--")
    target = output.resolve()
    if changed is None or any(
        name and (top / name).resolve() != target for name in changed.split("\0")
    ):
        return {**state, "dirty": True, "commit_unrecorded": "dirty"}
    return {"commit": commit, "dirty": False, **state}


# ------------------------------------------------------------------ evaluation


def _thin(*series: Any, limit: int = MAX_CURVE_POINTS) -> list[list[float]]:
    """Keep at most `limit` points of parallel series, always including both ends."""
    import numpy as np

    n = len(series[0])
    idx: Any = np.unique(np.linspace(0, n - 1, min(n, limit)).round().astype(int)) if n else []
    return [[_num(s[i]) for i in idx] for s in series]


def _num(x: Any) -> float:
    v = float(x)
    return v if math.isfinite(v) else (1.0 if v > 0 else 0.0)


def _rows(X: Any, n: int) -> tuple[list[Any], list[str] | None]:
    head = X.iloc[:n] if hasattr(X, "iloc") else X[:n]
    columns = [str(c) for c in X.columns] if hasattr(X, "columns") else None
    values = (
        head.to_numpy().tolist()
        if hasattr(head, "to_numpy")
        else __import__("numpy").asarray(head).tolist()
    )
    return jsonable(values), columns


def _scores(estimator: Any, X: Any) -> Any:
    if hasattr(estimator, "predict_proba"):
        try:
            return estimator.predict_proba(X)
        except (AttributeError, NotImplementedError):
            pass
    if hasattr(estimator, "decision_function"):
        try:
            scores = estimator.decision_function(X)
        except (AttributeError, NotImplementedError):
            return None
        import numpy as np

        scores = np.asarray(scores)
        return np.column_stack([-scores, scores]) if scores.ndim == 1 else scores
    return None


def evaluation(estimator: Any, X_test: Any, y_test: Any) -> dict[str, Any]:
    """What the card's plots need, computed on the test data while the model is live."""
    import numpy as np

    from modelsite.tasks import task_of_estimator

    task = task_of_estimator(estimator)
    y_true = np.asarray(y_test)
    y_pred = np.asarray(estimator.predict(X_test))
    out: dict[str, Any] = {"task": task, "n_samples": len(y_true)}
    sample_X, columns = _rows(X_test, SAMPLE_ROWS)
    sample: dict[str, Any] = {
        "X": sample_X,
        "columns": columns,
        "y_pred": jsonable(y_pred[:SAMPLE_ROWS]),
    }
    if task == "classification":
        out.update(_classification(estimator, X_test, y_true, y_pred, sample))
    elif task == "regression":
        from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

        idx = np.unique(
            np.linspace(0, len(y_true) - 1, min(len(y_true), MAX_RESIDUALS)).round().astype(int)
        )
        out["residuals"] = {"y_true": jsonable(y_true[idx]), "y_pred": jsonable(y_pred[idx])}
        out["scores"] = {
            "r2": float(r2_score(y_true, y_pred)),
            "mae": float(mean_absolute_error(y_true, y_pred)),
            "rmse": float(math.sqrt(mean_squared_error(y_true, y_pred))),
        }
    importances = feature_importances(estimator, X_test)
    if importances:
        out["feature_importances"] = importances
    out["sample"] = sample
    return out


def _classification(
    estimator: Any, X_test: Any, y_true: Any, y_pred: Any, sample: dict[str, Any]
) -> dict[str, Any]:
    import numpy as np
    from sklearn.metrics import (
        accuracy_score,
        auc,
        average_precision_score,
        balanced_accuracy_score,
        confusion_matrix,
        f1_score,
        precision_recall_curve,
        roc_curve,
    )

    classes = getattr(estimator, "classes_", None)
    labels = list(classes) if classes is not None else sorted(set(y_true) | set(y_pred))
    out: dict[str, Any] = {
        "labels": jsonable(labels),
        "confusion_matrix": jsonable(confusion_matrix(y_true, y_pred, labels=labels)),
        "scores": {
            "accuracy": float(accuracy_score(y_true, y_pred)),
            "balanced_accuracy": float(balanced_accuracy_score(y_true, y_pred)),
            "f1_macro": float(f1_score(y_true, y_pred, average="macro")),
        },
    }
    scores = _scores(estimator, X_test)
    if scores is None or np.ndim(scores) != 2 or scores.shape[1] != len(labels):
        return out
    if hasattr(estimator, "predict_proba"):
        sample["proba"] = jsonable(np.asarray(scores[:SAMPLE_ROWS]))
    roc: dict[str, Any] = {}
    pr: dict[str, Any] = {}
    for i, label in enumerate(labels):
        truth = y_true == label
        if truth.all() or not truth.any():
            continue  # a curve needs both outcomes
        fpr, tpr, _ = roc_curve(truth, scores[:, i])
        precision, recall, _ = precision_recall_curve(truth, scores[:, i])
        fpr_t, tpr_t = _thin(fpr, tpr)
        p_t, r_t = _thin(precision, recall)
        key = str(jsonable(label))
        roc[key] = {"fpr": fpr_t, "tpr": tpr_t, "auc": float(auc(fpr, tpr))}
        pr[key] = {
            "precision": p_t,
            "recall": r_t,
            "ap": float(average_precision_score(truth, scores[:, i])),
        }
    if roc:
        out["roc"] = roc
        out["pr"] = pr
    return out


def feature_importances(estimator: Any, X: Any) -> dict[str, Any] | None:
    """`feature_importances_` (or `|coef_|`, averaged over classes) of the final estimator."""
    import numpy as np

    model = getattr(estimator, "best_estimator_", estimator)  # a fitted search: its winner
    steps = getattr(model, "steps", None)
    final = steps[-1][1] if steps else model
    final = getattr(final, "best_estimator_", final)
    values = getattr(final, "feature_importances_", None)
    if values is None:
        coef = getattr(final, "coef_", None)
        if coef is None:
            return None
        coef = np.abs(np.asarray(coef, dtype=float))
        values = coef.mean(axis=0) if coef.ndim == 2 else coef
    values = np.asarray(values, dtype=float).ravel()
    names = _feature_names(model, final, X, len(values))
    return {"names": names, "values": [_num(v) for v in values]}


def _feature_names(estimator: Any, final: Any, X: Any, n: int) -> list[str]:
    import contextlib

    candidates: list[Any] = [getattr(final, "feature_names_in_", None)]
    steps = getattr(estimator, "steps", None)
    if steps and len(steps) > 1:
        with contextlib.suppress(Exception):  # any transformer may refuse; fall back below
            candidates.append(estimator[:-1].get_feature_names_out())
    candidates.append(getattr(X, "columns", None))
    for names in candidates:
        if names is not None and len(names) == n:
            return [str(x) for x in names]
    return [f"x{i}" for i in range(n)]
