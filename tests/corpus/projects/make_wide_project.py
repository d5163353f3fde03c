"""Build a project whose model was trained on a wide table with long column names.

    python tests/corpus/projects/make_wide_project.py DEST    # writes DEST/wide/

`build_wide_project(dest) -> Path` writes a minimal project (`pyproject.toml`, `modelsite.yml`,
an empty package)
and trains a logistic regression on synthetic data: `COLUMNS` (60 columns whose names are long
dotted and underscored identifiers) and four classes with long labels, exported with
`modelsite.export` (training and test fingerprints, metrics, curves, importances). The model
card's tables are long and its identifiers wide: the LaTeX card must keep every row and wrap
names only at their `_` and `.` boundaries. See ../README.md.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

COLUMNS = tuple(
    f"sensor_array_{i // 10:02d}.channel_{i:02d}_calibrated_reading_after_drift_correction"
    for i in range(60)
)
"""The 60 column names (about 60 characters each)."""
LABELS = (
    "healthy_reference_specimen",
    "early_stage_degradation",
    "advanced_stage_degradation",
    "catastrophic_structural_failure",
)


def _train(project: Path) -> Path:
    import numpy as np
    import pandas as pd
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    import modelsite

    rng = np.random.default_rng(0)
    n = 240
    codes = (np.arange(n) // 2) % len(LABELS)  # every class in both halves
    y = pd.Series(np.asarray(LABELS, dtype=object)[codes], name="condition")
    X = pd.DataFrame(rng.normal(size=(n, len(COLUMNS))), columns=list(COLUMNS))
    X.iloc[:, :4] += codes[:, None] * 0.7  # some signal
    model = Pipeline(
        [("standardise", StandardScaler()), ("classifier", LogisticRegression(max_iter=500))]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X.iloc[::2], y.iloc[::2])
    path = project / "model.skops"
    modelsite.export(
        model,
        path,
        X_train=X.iloc[::2],
        y_train=y.iloc[::2],
        X_test=X.iloc[1::2],
        y_test=y.iloc[1::2],
        dataset="synthetic_structural_health_monitoring.sensor_array_readings",
        seed=0,
    )
    return path


def build_wide_project(dest: Path) -> Path:
    """Write the wide project into `dest/wide` (with its model) and return its path."""
    project = Path(dest) / "wide"
    project.mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "wide-project"\nversion = "0.1.0"\n'
        'description = "A model trained on 60 long-named columns."\n',
        encoding="utf-8",
    )
    (project / "modelsite.yml").write_text(
        "site_name: Wide sensor classifier\n"
        "card:\n"
        "  summary: A logistic regression over 60 sensor channels.\n",
        encoding="utf-8",
    )
    (project / "wide_sensors").mkdir()
    (project / "wide_sensors" / "__init__.py").write_text(
        '"""Sensor-array classifier."""\n', encoding="utf-8"
    )
    _train(project)
    return project


if __name__ == "__main__":
    print(build_wide_project(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")))
