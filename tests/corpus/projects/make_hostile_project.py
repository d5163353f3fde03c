"""Build the hostile model-card project into a folder (nothing binary is committed).

    python tests/corpus/projects/make_hostile_project.py DEST    # writes DEST/hostile/

`build_hostile_project(dest) -> Path` copies `hostile/` (a `modelsite.yml` whose card text is
full of HTML, Markdown, YAML, LaTeX, Mermaid and Jinja syntax, and a tiny package), then trains
a small model on the wine data and exports it with `modelsite.export`, making the model file
hostile too: step and column names, class labels, metric names and the dataset name carry the
same syntax, and `schema.json` is rewritten so the final estimator's class name carries HTML.
See ../README.md.
"""

from __future__ import annotations

import json
import shutil
import sys
import warnings
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

HOSTILE_CLASS = "Forest<script>alert('class')</script>{{ 7*7 }}"
"""What the final estimator's class name becomes in `schema.json`."""
HOSTILE_STEP = "pre<b>x</b>|{{ 7*7 }}"
HOSTILE_COLUMN = "col <img src=x onerror=alert('column')> | $x_1$ {{ 7*7 }}"
HOSTILE_LABELS = ("<script>alert('label')</script>", "a | b", "{{ 7*7 }} & $x$")
HOSTILE_METRICS = {
    "<script>alert('metric')</script>": 0.5,
    "f1 | {{ 7*7 }}": 0.25,
    "key: value\n- item": 1.0,
    "50% $x_1$ & \\input{x}": 0.75,
}
HOSTILE_DATASET = "data <img src=x onerror=alert('data')> {{ 7*7 }}"


def _rewrite_class(path: Path, new_class: str) -> None:
    """Rename the final estimator's class in `schema.json`, keeping every other member."""
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    schema = json.loads(members["schema.json"])
    steps = schema["content"]["content"]["steps"]["content"]
    final = steps[-1]["content"][1]
    final["__class__"] = new_class
    members["schema.json"] = json.dumps(schema).encode("utf-8")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def _train(project: Path) -> Path:
    import numpy as np
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.datasets import load_wine
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    import modelsite

    data = load_wine(as_frame=True)
    X = data.data.iloc[:, :4].copy()
    X.columns = [HOSTILE_COLUMN, "alcohol", "malic_acid", "ash"]
    y = pd.Series(np.asarray(HOSTILE_LABELS, dtype=object)[data.target.to_numpy()])
    pre = ColumnTransformer([("scale", StandardScaler(), list(X.columns))])
    model = Pipeline(
        [(HOSTILE_STEP, pre), ("forest", RandomForestClassifier(n_estimators=5, random_state=0))]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X.iloc[::2], y.iloc[::2])
    path = project / "model.skops"
    modelsite.export(
        model,
        path,
        metrics=HOSTILE_METRICS,
        X_test=X.iloc[1::2],
        y_test=y.iloc[1::2],
        dataset=HOSTILE_DATASET,
        seed=0,
    )
    _rewrite_class(path, HOSTILE_CLASS)
    return path


def build_hostile_project(dest: Path) -> Path:
    """Write the hostile project into `dest/hostile` (with its model) and return its path."""
    project = Path(dest) / "hostile"
    shutil.copytree(HERE / "hostile", project, ignore=shutil.ignore_patterns("__pycache__"))
    _train(project)
    return project


def hostile_texts(project: Path) -> list[Any]:
    """Every hostile string the project carries (card text and model data), for assertions."""
    import yaml

    config = yaml.safe_load((project / "modelsite.yml").read_text(encoding="utf-8"))
    texts: list[Any] = [config["site_name"]]
    for value in config["card"].values():
        texts += value if isinstance(value, list) else [value]
    return texts + [
        HOSTILE_CLASS,
        HOSTILE_STEP,
        HOSTILE_COLUMN,
        *HOSTILE_LABELS,
        *HOSTILE_METRICS,
        HOSTILE_DATASET,
    ]


if __name__ == "__main__":
    out = build_hostile_project(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("."))
    print(out)
