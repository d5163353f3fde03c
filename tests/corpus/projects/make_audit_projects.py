"""Synthetic projects shaped like real public training repositories audited by hand.

`build_imblearn_pipeline_project(dest) -> Path` writes `DEST/diabetes/`, shaped like
alecorlo1314/ClasificadorDiabetesML (commit 89bdda3): a Makefile whose `train` target runs a
top-level `entrenamiento.py`, helpers in `src/` (`entrenar.py` builds the pipeline,
`guardar.py` saves it with plain `skops.io.dump` to `Modelo/pipeline.skops`), no `LICENSE`.
The real model is an `imblearn.pipeline.Pipeline` of a `ColumnTransformer`, a `SMOTE(random_state=42)`
and an `MLPClassifier(random_state=42)`. imbalanced-learn is not a test dependency, so the
model is trained with scikit-learn's `Pipeline` (an `RBFSampler(random_state=42)` in the
sampler's place, a `LogisticRegression(random_state=42)` as the classifier) and its schema is
then rewritten as imbalanced-learn saves it: the root and the sampler carry imblearn's class
names and, like every class outside `sklearn.*`, no `_sklearn_version` (scikit-learn's
`BaseEstimator.__getstate__` writes it only for its own classes).

Run `python tests/corpus/projects/make_audit_projects.py DEST` to look at it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

FILES = {
    "Makefile": "install:\n\tpip install -r requirements.txt\n\ntrain:\n\tpython entrenamiento.py\n",
    "requirements.txt": "scikit-learn\nskops\nimbalanced-learn\n",
    "src/__init__.py": "",
    "src/entrenar.py": """
        from sklearn.compose import ColumnTransformer
        from sklearn.kernel_approximation import RBFSampler
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline
        from sklearn.preprocessing import StandardScaler


        def construir_pipeline():
            pre = ColumnTransformer([("num", StandardScaler(), [0, 1, 2])], remainder="passthrough")
            return Pipeline(
                steps=[
                    ("preprocessing", pre),
                    ("smote", RBFSampler(n_components=20, random_state=42)),
                    ("modelo", LogisticRegression(max_iter=500, random_state=42)),
                ]
            )
        """,
    "src/guardar.py": """
        import os

        import skops.io as sio


        def guardar_modelo(modelo, path="./Modelo/pipeline.skops"):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            sio.dump(modelo, path)
        """,
    "entrenamiento.py": """
        from sklearn.datasets import load_breast_cancer
        from sklearn.model_selection import train_test_split

        from src.entrenar import construir_pipeline
        from src.guardar import guardar_modelo


        def main():
            X, y = load_breast_cancer(return_X_y=True)
            X_train, X_test, y_train, y_test = train_test_split(
                X, y, test_size=0.3, random_state=42
            )
            pipe = construir_pipeline()
            pipe.fit(X_train, y_train)
            guardar_modelo(pipe)


        if __name__ == "__main__":
            main()
        """,
}


def _as_imblearn(node: object) -> None:
    """Rename the root Pipeline and the sampler step as imbalanced-learn's classes and drop
    their `_sklearn_version` (walks the whole schema)."""
    renames = {
        ("sklearn.pipeline", "Pipeline"): ("imblearn.pipeline", "Pipeline"),
        ("sklearn.kernel_approximation", "RBFSampler"): (
            "imblearn.over_sampling._smote.base",
            "SMOTE",
        ),
    }
    if isinstance(node, dict):
        key = (node.get("__module__"), node.get("__class__"))
        if key in renames:
            node["__module__"], node["__class__"] = renames[key]  # type: ignore[index]
            content = node.get("content")
            if isinstance(content, dict) and isinstance(content.get("content"), dict):
                content["content"].pop("_sklearn_version", None)
        for value in node.values():
            _as_imblearn(value)
    elif isinstance(node, list):
        for value in node:
            _as_imblearn(value)


def build_imblearn_pipeline_project(dest: Path) -> Path:
    root = dest / "diabetes"
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    env = {**os.environ, "PYTHONPATH": str(root)}
    subprocess.run(
        [sys.executable, "entrenamiento.py"], cwd=root, env=env, check=True, capture_output=True
    )
    model = root / "Modelo" / "pipeline.skops"
    with zipfile.ZipFile(model) as zf:
        members = {info.filename: zf.read(info.filename) for info in zf.infolist()}
    schema = json.loads(members["schema.json"])
    _as_imblearn(schema)
    members["schema.json"] = json.dumps(schema).encode()
    with zipfile.ZipFile(model, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return root


if __name__ == "__main__":
    print(build_imblearn_pipeline_project(Path(sys.argv[1])))
