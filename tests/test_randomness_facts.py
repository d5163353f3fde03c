"""Randomness a careful reviewer would flag: pandas `.sample`, `sklearn.utils.shuffle`,
estimators and samplers of other libraries (by name when they are not installed), deep-learning
frameworks without a global seed, and the seeds of non-scikit-learn models read from the file."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

from facts_support import edit_schema, pages_of, plain_project, rename_class
from modelsite.repro import randomness
from modelsite.repro.randomness import audit_randomness


def _audit(tmp_path: Path, source: str, **kw: object):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "train.py").write_text(textwrap.dedent(source))
    return audit_randomness(tmp_path, ("pkg",), (".",), **kw)  # type: ignore[arg-type]


def _found(audit, kind: str) -> set[tuple[int, str]]:
    return {(f.line, f.call) for f in audit.findings if f.kind == kind}


def test_pandas_sample_and_sklearn_shuffle(tmp_path: Path) -> None:
    audit = _audit(
        tmp_path,
        """\
        import pandas as pd
        from sklearn.utils import shuffle

        df = pd.read_csv("data.csv")
        df = df.sample(frac=1)
        a = df.sample(frac=1, random_state=0)
        b = df.sample(5, False, None, None, 3)
        c = shuffle(df)
        d = shuffle(df, random_state=1)
        """,
    )
    assert _found(audit, "unseeded") == {(5, ".sample"), (8, "shuffle")}
    assert {(6, ".sample"), (7, ".sample"), (9, "shuffle")} <= _found(audit, "seed")
    detail = next(f.detail for f in audit.unseeded if f.line == 5)
    assert (
        detail
        == "pandas `.sample()` accepts `random_state` but gets none: a new random seed each run"
    )


def test_sample_of_something_else_is_not_pandas(tmp_path: Path) -> None:
    audit = _audit(
        tmp_path,
        "def draw(dist):\n    return dist.sample(10)\n\n\n"
        "def shuffled(df):\n    return df.sample(frac=1)\n",
    )
    assert _found(audit, "unseeded") == {(6, ".sample")}  # only the call with pandas' keyword


def test_other_libraries_by_name_when_not_installed(tmp_path: Path) -> None:
    for name in ("imblearn", "xgboost", "lightgbm", "catboost"):
        assert importlib.util.find_spec(name) is None  # the case this test is about
    audit = _audit(
        tmp_path,
        """\
        import lightgbm as lgb
        import xgboost as xgb
        from catboost import CatBoostClassifier
        from imblearn.over_sampling import SMOTE

        X, y = SMOTE().fit_resample([[0]], [0])
        s = SMOTE(random_state=42)
        m1 = xgb.XGBClassifier(random_state=42)
        m2 = lgb.LGBMClassifier(n_estimators=10)
        m3 = CatBoostClassifier(random_seed=1)
        m4 = xgb.XGBRegressor(seed=3)
        """,
    )
    assert _found(audit, "unseeded") == {(6, "SMOTE"), (9, "LGBMClassifier")}
    seeds = {(f.line, f.call, f.detail) for f in audit.seeds}
    assert {
        (7, "SMOTE", "`random_state=42`"),
        (8, "XGBClassifier", "`random_state=42`"),
        (10, "CatBoostClassifier", "`random_seed=1`"),
        (11, "XGBRegressor", "`seed=3`"),
    } <= seeds


def test_torch_without_a_global_seed(tmp_path: Path) -> None:
    audit = _audit(tmp_path, "import numpy as np\nimport torch\n\nx = torch.randn(3)\n")
    assert _found(audit, "unseeded") == {(2, "import torch")}
    seeded = tmp_path / "seeded"
    seeded.mkdir()
    audit = _audit(seeded, "import torch\n\ntorch.manual_seed(0)\n")
    assert not audit.unseeded
    assert _found(audit, "seed") == {(3, "manual_seed")}


def test_loose_sklearn_prefix_is_never_imported(tmp_path: Path) -> None:
    assert randomness._accepts_random_state("sklearn_fake_pkg.cluster.KMedoids") is False
    assert randomness._accepts_random_state("sklearn.not_a_module.Thing") is False
    assert "sklearn_fake_pkg" not in sys.modules
    assert randomness._accepts_random_state("sklearn.utils.shuffle") is True
    audit = _audit(
        tmp_path,
        "from sklearn_fake_pkg.cluster import KMedoids\n\nm = KMedoids(3)\n",
    )
    assert not audit.findings


def test_shuffled_frame_before_the_split_is_not_green(tmp_path: Path) -> None:
    train = """\
    import pandas as pd
    import skops.io as sio
    from sklearn.datasets import load_iris
    from sklearn.model_selection import train_test_split
    from sklearn.tree import DecisionTreeClassifier

    df = load_iris(as_frame=True).frame
    df = df.sample(frac=1)
    X_train, X_test, y_train, y_test = train_test_split(
        df.drop(columns="target"), df["target"], random_state=0
    )
    sio.dump(DecisionTreeClassifier(random_state=0).fit(X_train, y_train), "model.skops")
    """
    root = plain_project(tmp_path / "p", {"train.py": train})
    pages, site, _ = pages_of(root)
    page = pages["reproduce.md"]
    assert "| <code>train.py:8</code> | <code>.sample</code> |" in page
    seeds = next(i for i in site.repro.checklist if i.label == "Seeds fixed")
    assert seeds.status != "done" and "none unseeded" not in seeds.evidence
    assert "none unseeded" not in pages["index.md"]


def test_a_notebook_means_the_audit_is_not_complete(tmp_path: Path) -> None:
    root = plain_project(tmp_path / "p", {"notebooks/explore.ipynb": '{"cells": []}'})
    pages, site, messages = pages_of(root)
    assert site.repro.randomness.unaudited == ("notebooks/explore.ipynb",)
    seeds = next(i for i in site.repro.checklist if i.label == "Seeds fixed")
    assert seeds.status == "partial"
    assert seeds.evidence == (
        "none unseeded in the 1 file audited, but 1 file of the training code could not be audited"
    )
    assert "Not every file of the training code was audited" in pages["reproduce.md"]
    assert "<code>notebooks/explore.ipynb</code>" in pages["reproduce.md"]
    assert any("not audited for randomness" in m for m in messages)
    # without the notebook: every file audited, and green
    (root / "notebooks" / "explore.ipynb").unlink()
    _, site, _ = pages_of(root)
    seeds = next(i for i in site.repro.checklist if i.label == "Seeds fixed")
    assert seeds.status == "done"
    assert seeds.evidence == "1 fixed seed in the code, 1 seed in the model, none unseeded"


def test_xgboost_shaped_model_seed_and_task(tmp_path: Path) -> None:
    """A model of a library not installed here: the saved attributes of an estimator under
    `xgboost.sklearn.XGBClassifier` (its `random_state` 42 and scikit-learn's version marker)."""
    root = plain_project(tmp_path / "p")
    train = (root / "train.py").read_text().replace("random_state=0", "random_state=42")
    (root / "train.py").write_text(train)
    from facts_support import run_python

    run_python(root, "train.py")
    edit_schema(
        root / "model.skops",
        lambda s: rename_class(s, "DecisionTreeClassifier", "xgboost.sklearn", "XGBClassifier"),
    )
    pages, site, _ = pages_of(root)
    assert site.model.estimator == "xgboost.sklearn.XGBClassifier"
    assert site.model.task == "classification"
    page = pages["reproduce.md"]
    assert "| <code>random&#95;state</code> | <code>42</code> |" in page
    assert "holds no seed" not in page


def test_model_seed_outside_get_params_is_listed(tmp_path: Path) -> None:
    """Without scikit-learn's version marker the object has no `get_params`: its
    `random_state` is still a seed of the model (not a parameter)."""
    root = plain_project(tmp_path / "p")

    def edit(schema: dict) -> None:
        rename_class(schema, "DecisionTreeClassifier", "lightgbm.sklearn", "LGBMRegressor")
        schema["content"]["content"].pop("_sklearn_version")

    edit_schema(root / "model.skops", edit)
    pages, site, _ = pages_of(root)
    assert site.model.task == "regression"
    assert (
        "| <code>random&#95;state (not a parameter)</code> | <code>0</code> |"
        in (pages["reproduce.md"])
    )
