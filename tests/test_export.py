"""`modelsite.export` embeds metadata that skops ignores and the reader returns in full, and
`load_trusted` loads only with exactly the trusted types."""

from __future__ import annotations

import importlib.metadata as md
import json
import subprocess
import sys
import warnings
import zipfile
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import skops.io as sio
from sklearn.cluster import KMeans
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import confusion_matrix, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

import modelsite
from modelsite.collect.model import read_model
from modelsite.collect.sklearn_params import live_json
from modelsite.errors import InputError
from modelsite.export import command_line, fingerprint
from modelsite.trusted import load_trusted

pytestmark = pytest.mark.usefixtures("private_model_cache")


def fit(est: Any, X: Any, y: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return est.fit(X, y)


@pytest.fixture(scope="module")
def wine_export(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    X, y = load_wine(return_X_y=True, as_frame=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
    est = fit(
        Pipeline(
            [("scale", StandardScaler()), ("forest", RandomForestClassifier(30, random_state=3))]
        ),
        X_train,
        y_train,
    )
    path = tmp_path_factory.mktemp("export") / "wine.skops"
    returned = modelsite.export(
        est,
        path,
        metrics={"accuracy": np.float64(0.95), "n": np.int64(3)},
        X_test=X_test,
        y_test=y_test,
        dataset="sklearn.datasets.load_wine",
        seed=3,
        X_train=X_train,
        y_train=y_train,
        notes="first try",
    )
    return SimpleNamespace(
        est=est,
        path=path,
        returned=returned,
        X_train=X_train,
        X_test=X_test,
        y_train=y_train,
        y_test=y_test,
        info=read_model(path),
    )


def test_skops_still_loads_the_file(wine_export: SimpleNamespace) -> None:
    path = wine_export.path
    assert wine_export.returned == path
    with zipfile.ZipFile(path) as zf:
        assert "modelsite.json" in zf.namelist()
    loaded = sio.load(path, trusted=sio.get_untrusted_types(file=path))
    assert (loaded.predict(wine_export.X_test) == wine_export.est.predict(wine_export.X_test)).all()


def test_reader_returns_params_metrics_and_extra(wine_export: SimpleNamespace) -> None:
    info = wine_export.info
    expected = {k: live_json(v) for k, v in wine_export.est.get_params(deep=True).items()}
    assert dict(info.params) == expected
    assert dict(info.metrics) == {"accuracy": 0.95, "n": 3}
    assert type(info.metrics["n"]) is int
    assert dict(info.extra) == {"notes": "first try"}
    assert info.task == "classification"
    assert info.problems == ()


def test_environment_lists_exact_versions_of_imported_distributions(
    wine_export: SimpleNamespace,
) -> None:
    env = wine_export.info.environment
    assert env["python"] == ".".join(map(str, sys.version_info[:3]))
    packages = env["packages"]
    for dist in ("scikit-learn", "numpy", "scipy", "skops", "pandas", "modelsite"):
        assert packages[dist] == md.version(dist)
    versions = wine_export.info.versions
    assert versions["numpy"] == md.version("numpy") and versions["python"] == env["python"]


def test_environment_lists_only_what_the_process_imported(tmp_path: Path) -> None:
    """In a fresh process that trains and exports, mkdocs (installed, never imported) is absent."""
    script = (
        "import sys, modelsite\n"
        "from sklearn.datasets import load_wine\n"
        "from sklearn.linear_model import Ridge\n"
        "X, y = load_wine(return_X_y=True)\n"
        "modelsite.export(Ridge().fit(X, y), sys.argv[1])\n"
    )
    path = tmp_path / "r.skops"
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, capture_output=True)
    packages = read_model(path).environment["packages"]
    assert packages["scikit-learn"] == md.version("scikit-learn")
    assert packages["skops"] == md.version("skops")
    assert "mkdocs" not in packages and "jinja2" not in {p.lower() for p in packages}


def test_data_fingerprints(wine_export: SimpleNamespace) -> None:
    data = wine_export.info.data
    assert data["dataset"] == "sklearn.datasets.load_wine"
    X_test = wine_export.X_test
    assert data["test"]["X"] == fingerprint(X_test)
    assert data["test"]["X"]["shape"] == list(X_test.shape)
    assert data["test"]["X"]["dtypes"]["alcohol"] == "float64"
    assert data["train"]["y"]["shape"] == [len(wine_export.y_train)]
    changed = X_test.copy()
    changed.iloc[0, 0] += 1e-9
    assert fingerprint(changed)["sha256"] != data["test"]["X"]["sha256"]
    # the same values hash the same whether given as a frame's array or as the array itself
    assert (
        fingerprint(X_test.to_numpy())["sha256"] == fingerprint(X_test.to_numpy().copy())["sha256"]
    )
    objects = np.array(["a", None, 3], dtype=object)
    assert fingerprint(objects)["sha256"] == fingerprint(objects.copy())["sha256"]


def test_classification_evaluation(wine_export: SimpleNamespace) -> None:
    ev = wine_export.info.evaluation
    est, X_test, y_test = wine_export.est, wine_export.X_test, wine_export.y_test
    y_pred = est.predict(X_test)
    assert ev["task"] == "classification"
    assert ev["labels"] == [0, 1, 2]
    assert ev["confusion_matrix"] == confusion_matrix(y_test, y_pred, labels=[0, 1, 2]).tolist()
    proba = est.predict_proba(X_test)
    for i, label in enumerate(["0", "1", "2"]):
        curve = ev["roc"][label]
        assert len(curve["fpr"]) == len(curve["tpr"]) <= 200
        assert curve["auc"] == pytest.approx(roc_auc_score(y_test == i, proba[:, i]))
        assert 0 <= ev["pr"][label]["ap"] <= 1
    sample = ev["sample"]
    assert sample["columns"] == list(X_test.columns)
    assert sample["X"] == X_test.iloc[:20].to_numpy().tolist()
    assert sample["y_pred"] == y_pred[:20].tolist()
    assert np.allclose(sample["proba"], proba[:20])
    names = ev["feature_importances"]["names"]
    assert names == list(X_test.columns)
    assert ev["feature_importances"]["values"] == pytest.approx(
        est[-1].feature_importances_.tolist()
    )
    assert ev["scores"]["accuracy"] == pytest.approx((y_pred == y_test).mean())


def test_provenance_fields(wine_export: SimpleNamespace) -> None:
    prov = wine_export.info.provenance
    assert prov["seed"] == 3
    assert datetime.fromisoformat(prov["time"].replace("Z", "+00:00")).tzinfo is not None
    assert prov["command"]  # whatever pytest was started with


def test_curves_are_thinned_and_keep_their_ends(tmp_path: Path) -> None:
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, train_size=80, random_state=1)
    est = fit(
        Pipeline([("s", StandardScaler()), ("svm", LinearSVC(C=0.01, random_state=0))]),
        X_train,
        y_train,
    )
    path = modelsite.export(est, tmp_path / "svm.skops", X_test=X_test, y_test=y_test)
    ev = read_model(path).evaluation
    from sklearn.metrics import precision_recall_curve

    precision, recall, _ = precision_recall_curve(y_test == 1, est.decision_function(X_test))
    assert len(precision) > 200  # so thinning happened
    pr = ev["pr"]["1"]
    assert len(pr["precision"]) == len(pr["recall"]) == 200
    assert (pr["precision"][0], pr["recall"][0]) == (precision[0], recall[0])
    assert (pr["precision"][-1], pr["recall"][-1]) == (1.0, 0.0)
    roc = ev["roc"]["1"]
    assert len(roc["fpr"]) <= 200
    assert roc["fpr"][0] == 0.0 and roc["fpr"][-1] == 1.0
    assert "proba" not in ev["sample"]  # decision_function only
    assert ev["feature_importances"]["names"][:2] == ["x0", "x1"]
    assert ev["feature_importances"]["values"] == pytest.approx(
        np.abs(est[-1].coef_).mean(axis=0).tolist()
    )


def test_regression_residuals_are_sampled(tmp_path: Path) -> None:
    X, y = load_diabetes(return_X_y=True)
    est = fit(Ridge(alpha=0.1), X[:-30], y[:-30])
    big_X = np.vstack([X] * 2)
    big_y = np.concatenate([y] * 2)  # 884 rows: more than the 500 kept
    path = modelsite.export(est, tmp_path / "r.skops", X_test=big_X, y_test=big_y)
    info = read_model(path)
    res = info.evaluation["residuals"]
    assert len(res["y_true"]) == len(res["y_pred"]) == 500
    assert res["y_true"][0] == big_y[0] and res["y_true"][-1] == big_y[-1]
    assert set(res["y_true"]) <= set(big_y.tolist())
    assert info.evaluation["scores"]["r2"] == pytest.approx(est.score(big_X, big_y))
    assert info.task == "regression"


def test_clustering_has_no_confusion_matrix(tmp_path: Path) -> None:
    X, y = load_wine(return_X_y=True)
    est = fit(KMeans(3, n_init=2, random_state=0), X, y)
    info = read_model(modelsite.export(est, tmp_path / "k.skops", X_test=X, y_test=y))
    assert info.evaluation["task"] == "clustering" == info.task
    assert "confusion_matrix" not in info.evaluation
    assert info.evaluation["sample"]["y_pred"] == est.predict(X[:20]).tolist()


def test_git_provenance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=repo, check=True, capture_output=True, text=True
        ).stdout.strip()

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "x")
    (repo / "train.py").write_text("print(1)\n", encoding="utf-8")
    git("add", "train.py")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "y")
    monkeypatch.chdir(repo)
    X, y = load_wine(return_X_y=True)
    est = fit(LogisticRegression(max_iter=50), X, y)
    clean = read_model(modelsite.export(est, repo / "m.skops")).provenance
    assert clean["commit"] == git("rev-parse", "HEAD") and clean["dirty"] is False
    (repo / "train.py").write_text("print(2)\n", encoding="utf-8")
    dirty = read_model(modelsite.export(est, repo / "m.skops")).provenance
    assert dirty["dirty"] is True
    monkeypatch.chdir(tmp_path)
    assert "commit" not in read_model(modelsite.export(est, tmp_path / "n.skops")).provenance


def test_command_line_as_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    main = SimpleNamespace(__spec__=SimpleNamespace(name="wine_classifier.train"))
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert (
        command_line(["/x/train.py", "--output", "my model.skops"])
        == "python -m wine_classifier.train --output 'my model.skops'"
    )
    main.__spec__ = SimpleNamespace(name="tool.__main__")
    assert command_line(["/x/__main__.py"]) == "python -m tool"
    main.__spec__ = None
    assert command_line(["train.py", "-n", "3"]) == "python train.py -n 3"
    assert command_line(["/usr/bin/train-wine", "--fast"]) == "train-wine --fast"


def test_failed_export_leaves_nothing_half_written(tmp_path: Path) -> None:
    X, y = load_wine(return_X_y=True)
    est = fit(LogisticRegression(max_iter=50), X, y)
    path = tmp_path / "m.skops"
    path.write_bytes(b"previous")
    est.unsupported = (i for i in range(3))  # a generator: skops cannot save it
    with pytest.raises(Exception):  # noqa: B017 - whichever error skops raises
        modelsite.export(est, path)
    assert path.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.skops"]


def test_metadata_member_is_json_with_format(wine_export: SimpleNamespace) -> None:
    with zipfile.ZipFile(wine_export.path) as zf:
        meta = json.loads(zf.read("modelsite.json"))
    assert meta["format"] == 1
    assert set(meta) == {
        "format",
        "metrics",
        "environment",
        "data",
        "provenance",
        "evaluation",
        "extra",
    }


# ------------------------------------------------------------------ load_trusted


def test_load_trusted_names_missing_types(wine_export: SimpleNamespace) -> None:
    with pytest.raises(InputError) as err:
        load_trusted(wine_export.path, [])
    message = str(err.value)
    assert str(wine_export.path) in message
    assert "sklearn.tree._tree.Tree" in message and "--trust sklearn.tree._tree.Tree" in message


def test_load_trusted_loads_with_exactly_the_needed_types(wine_export: SimpleNamespace) -> None:
    needed = sio.get_untrusted_types(file=wine_export.path)
    model = load_trusted(wine_export.path, needed)
    X_test = wine_export.X_test
    assert (model.predict(X_test) == wine_export.est.predict(X_test)).all()


def test_load_trusted_refuses_bad_files_before_skops(tmp_path: Path) -> None:
    path = tmp_path / "bad.skops"
    path.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputError, match="not a zip"):
        load_trusted(path, ["anything"])


def test_search_importances_come_from_the_best_pipeline(tmp_path: Path) -> None:
    from sklearn.model_selection import GridSearchCV, KFold

    X, y = load_diabetes(return_X_y=True, as_frame=True)
    search = fit(
        GridSearchCV(
            Pipeline([("s", StandardScaler()), ("r", Ridge())]),
            {"r__alpha": [0.1, 1.0]},
            cv=KFold(3, shuffle=True, random_state=1),
        ),
        X,
        y,
    )
    info = read_model(modelsite.export(search, tmp_path / "g.skops", X_test=X, y_test=y))
    imp = info.evaluation["feature_importances"]
    assert imp["names"] == list(X.columns)
    assert imp["values"] == pytest.approx(np.abs(search.best_estimator_[-1].coef_).tolist())
    assert dict(info.other_seeds) == {"cv__random_state": 1}
