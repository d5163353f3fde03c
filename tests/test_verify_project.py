"""`modelsite verify` from the project folder: a model holding one of the project's own functions
(a `FunctionTransformer` of a package function in a src layout) loads without `PYTHONPATH`, and
the versions the file records are compared with the installed ones (`--strict` fails on them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from facts_support import edit_schema, plain_project, write
from modelsite.cli import main
from modelsite.collect.model import read_model

SRC = Path(__file__).resolve().parent.parent / "src"

FEATURES = '''\
"""Features of the iris data."""

import numpy as np


def add_ratio(X):
    """Append petal length / petal width as a fifth column."""
    X = np.asarray(X, dtype=float)
    return np.column_stack([X, X[:, 2] / X[:, 3]])
'''

TRAIN = '''\
"""Fit a pipeline whose first step is the project's own function."""

from pathlib import Path

from sklearn.datasets import load_iris
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.tree import DecisionTreeClassifier

import modelsite
from iris_feats import add_ratio

X, y = load_iris(return_X_y=True)
model = make_pipeline(
    FunctionTransformer(add_ratio), DecisionTreeClassifier(max_depth=3, random_state=0)
).fit(X, y)
modelsite.export(model, Path(__file__).parent / "model.skops", X_test=X[:40], y_test=y[:40])
'''


def _env(**extra: str) -> dict[str, str]:
    """The environment of a reader: modelsite importable, nothing of the project."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONWARNINGS"}}
    return {**env, "PYTHONPATH": str(SRC), **extra}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = write(tmp_path / "iris", {"src/iris_feats/__init__.py": FEATURES, "train.py": TRAIN})
    subprocess.run(
        [sys.executable, "train.py"],
        cwd=root,
        env=_env(PYTHONPATH=f"{SRC}{os.pathsep}{root / 'src'}"),
        check=True,
        capture_output=True,
    )
    return root


def test_project_function_verifies_from_the_project_folder(project: Path) -> None:
    types = read_model(project / "model.skops").untrusted_types
    assert "iris_feats.add_ratio" in types
    flags = [arg for t in types for arg in ("--trust", t)]
    # the reader's environment cannot import the project by itself
    probe = subprocess.run(
        [sys.executable, "-c", "import iris_feats"],
        cwd=project.parent,
        env=_env(),
        capture_output=True,
        text=True,
    )
    assert "ModuleNotFoundError" in probe.stderr
    for cwd, target in ((project, "."), (project.parent, str(project))):
        result = subprocess.run(
            [sys.executable, "-m", "modelsite", "verify", target, *flags],
            cwd=cwd,
            env=_env(),
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        rows = [line.split() for line in result.stdout.splitlines()]
        assert [
            "predictions",
            "fixed",
            "sample",
            "(20",
            "rows)",
            "20",
            "published",
            "20",
            "equal",
            "ok",
        ] in rows
        assert "verify passed\n" in result.stdout
        assert "ModuleNotFoundError" not in result.stdout + result.stderr
    assert "iris_feats" not in sys.modules  # loaded in the subprocess only


def _older(schema: dict) -> None:  # type: ignore[type-arg]
    schema["_skops_version"] = "0.9.0"
    schema["content"]["content"]["_sklearn_version"]["content"] = json.dumps("1.4.0")


def test_recorded_versions_are_compared_with_the_installed_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = plain_project(tmp_path / "p")  # plain skops.io.dump: no modelsite.export()
    edit_schema(root / "model.skops", _older)
    sklearn, skops = version("scikit-learn"), version("skops")
    assert main(["verify", str(root)]) == 0  # drift alone does not fail
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert any(
        line.split() == ["environment", "scikit-learn", "1.4.0", sklearn, "drift"] for line in lines
    )
    assert any(line.split() == ["environment", "skops", "0.9.0", skops, "drift"] for line in lines)
    assert (
        "note: 2 versions installed here differ from those the model records "
        f"(scikit-learn: 1.4.0 recorded, {sklearn}; skops: 0.9.0 recorded, {skops})"
    ) in captured.err
    assert "verify passed" in captured.out

    assert main(["verify", str(root), "--strict"]) == 1
    captured = capsys.readouterr()
    assert "verify failed (--strict): 2 installed versions not the recorded one" in captured.err
    assert "verify passed" not in captured.out


def test_strict_passes_when_the_recorded_versions_are_installed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = plain_project(tmp_path / "p")
    assert main(["verify", str(root), "--strict"]) == 0
    out = capsys.readouterr().out
    assert "environment  2 of 2 packages" in out
    assert "verify passed" in out
