"""Helpers for the reproduce/docker/cite tests: a second project nobody here wrote, the
external validators (hadolint, check-jsonschema, zizmor, cffconvert), and page extraction."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ARTIFACTS = REPO / "tests" / "artifacts"

OTHER_FIT = '''\
"""Fit a diabetes progression regressor (written carelessly on purpose)."""

import random

import numpy as np
from sklearn import datasets
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.model_selection import KFold, cross_val_score, train_test_split

import modelsite


def jitter(X):
    return X + np.random.normal(0, 0.01, X.shape)


def main():
    X, y = datasets.load_diabetes(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y)
    cv = KFold(n_splits=3, shuffle=True)
    model = GradientBoostingRegressor(n_estimators=10, random_state=None)
    rng = np.random.default_rng()
    order = rng.permutation(len(X_train))
    random.shuffle(order)
    scores = cross_val_score(model, X_train[order], y_train[order], cv=cv)
    model.fit(jitter(X_train), y_train)
    modelsite.export(model, "risk.skops", metrics={"cv_r2": float(scores.mean())},
                     X_test=X_test, y_test=y_test, dataset="sklearn.datasets.load_diabetes")


if __name__ == "__main__":
    main()
'''


def line_of(path: Path, needle: str) -> int:
    """1-based line number of the first line of `path` containing `needle`."""
    for i, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in {path}")


def git(cwd: Path, *args: str) -> str:
    out = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=t@example.org",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def make_other_project(
    root: Path,
    *,
    remote: str | None = "git@github.com:Grace-Lab/Diabetes-Risk.git",
    train: bool = True,
) -> Path:
    """A flat-layout project (package `risk/`, pyproject dependencies, no requirements file)
    with unseeded randomness everywhere, in its own git repository."""
    (root / "risk").mkdir(parents=True)
    (root / "risk" / "__init__.py").write_text('"""Diabetes risk model."""\n')
    (root / "risk" / "fit.py").write_text(OTHER_FIT)
    (root / "pyproject.toml").write_text(
        textwrap.dedent("""\
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "diabetes-risk"
        version = "0.3.0"
        description = "Predicts disease progression one year after baseline."
        requires-python = ">=3.10"
        license = {text = "BSD-3-Clause"}
        authors = [{name = "Grace Brewster Hopper", email = "grace@example.org"}]
        dependencies = ["scikit-learn>=1.3", "numpy"]
        """)
    )
    (root / ".gitignore").write_text("*.skops\n__pycache__/\n")
    git(root, "init", "-q")
    if remote:
        git(root, "remote", "add", "origin", remote)
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "initial")
    if train:
        env = {**os.environ, "PYTHONPATH": str(root)}
        subprocess.run(
            [sys.executable, "-m", "risk.fit"], cwd=root, env=env, check=True, capture_output=True
        )
    return root


def run(cmd: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)


def hadolint(dockerfile: Path) -> subprocess.CompletedProcess[str]:
    return run([str(BIN / "hadolint"), "--no-color", str(dockerfile)])


def workflow_schema(*files: Path) -> subprocess.CompletedProcess[str]:
    return run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, files),
        ]
    )


def zizmor(folder: Path) -> subprocess.CompletedProcess[str]:
    return run([str(BIN / "zizmor"), "--offline", "--no-progress", str(folder)])


@pytest.fixture(scope="session")
def cffconvert() -> Path:
    """`cffconvert` in its own virtual environment (it conflicts with check-jsonschema), created
    once under tests/artifacts/ with pip from the package index."""
    home = ARTIFACTS / "venv-cff"
    exe = home / "bin" / "cffconvert"
    if not exe.is_file():
        venv.create(home, with_pip=True, clear=True)
        subprocess.run(
            [str(home / "bin" / "python"), "-m", "pip", "install", "--quiet", "cffconvert>=2"],
            check=True,
        )
    return exe


def cff_validate(exe: Path, cff: Path) -> subprocess.CompletedProcess[str]:
    return run([str(exe), "--validate", "--infile", str(cff)])


def bash_block(markdown: str, first_line: str) -> str:
    """The body of the ```bash fence whose first line is `first_line`."""
    for m in re.finditer(r"^(`{3,})bash\n(.*?)\n\1$", markdown, re.S | re.M):
        if m.group(2).startswith(first_line):
            return m.group(2) + "\n"
    raise AssertionError(f"no bash block starting with {first_line!r}")


def run_steps(reader: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run the reproduce page's `script` in the folder `reader` as a reader would (bash, strict
    mode), outside the test's environment: no PYTHONPATH or virtualenv, the recorded Python found
    next to the interpreter running the tests, `$MODELSITE` installing this checkout. Asserts it
    succeeds; returns the result."""
    reader.mkdir(parents=True, exist_ok=True)
    (reader / "steps.sh").write_text(script)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["MODELSITE"] = str(Path(__file__).resolve().parent.parent)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "steps.sh"],
        cwd=reader,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    return result
