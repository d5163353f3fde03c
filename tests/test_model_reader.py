"""The schema-only reader against what skops and scikit-learn report on the live model.

For each estimator shape: `read_model`'s `params` equal `get_params(deep=True)` of the original
and of the skops-loaded model (values as `live_json` reports them, NaN equal to NaN), `seeds`
are exactly the `random_state` entries, `untrusted_types` equals
`skops.io.get_untrusted_types`, and the tree mirrors the nesting.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.calibration import CalibratedClassifierCV
from sklearn.cluster import KMeans
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine
from sklearn.decomposition import PCA
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    IsolationForest,
    RandomForestClassifier,
    StackingClassifier,
    VotingClassifier,
)
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.gaussian_process import GaussianProcessClassifier
from sklearn.gaussian_process.kernels import RBF, WhiteKernel
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge, SGDClassifier
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler
from sklearn.svm import SVC, LinearSVC
from sklearn.tree import DecisionTreeClassifier

from modelsite.collect.model import read_model
from modelsite.collect.sklearn_params import live_json
from modelsite.sitemodel import EstimatorNode
from skops_support import schema_nodes

pytestmark = pytest.mark.usefixtures("private_model_cache")


def fit(est: Any, X: Any, y: Any) -> Any:
    """Fit quietly: convergence warnings of these tiny fits are not what is under test."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return est.fit(X, y)


def same(a: Any, b: Any) -> bool:
    """Deep equality with NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def wine() -> tuple[Any, Any]:
    return load_wine(return_X_y=True)


def small_wine() -> tuple[Any, Any]:
    X, y = load_wine(return_X_y=True)
    return X[::3], y[::3]


def documents() -> tuple[Any, Any]:
    words = ["wine", "red", "white", "dry", "sweet", "oak", "fruit", "the", "a", "acid"]
    rng = np.random.default_rng(0)
    docs = [" ".join(rng.choice(words, 6)) for _ in range(60)]
    return docs, np.array([int("red" in d) for d in docs])


def sparse_wine() -> tuple[Any, Any]:
    from scipy.sparse import csr_matrix

    X, y = load_wine(return_X_y=True)
    return csr_matrix(StandardScaler().fit_transform(X)), y


def cancer() -> tuple[Any, Any]:
    return load_breast_cancer(return_X_y=True)


def diabetes() -> tuple[Any, Any]:
    return load_diabetes(return_X_y=True)


def frame_with_categories() -> tuple[Any, Any]:
    X, y = load_wine(return_X_y=True, as_frame=True)
    X = X.copy()
    X["band"] = pd.cut(X["alcohol"], 3, labels=["low", "mid", "high"]).astype(str)
    X.iloc[::7, 0] = np.nan
    return X, y


def column_pipeline() -> Any:
    numeric = Pipeline(
        [
            ("impute", SimpleImputer(missing_values=np.nan, strategy="median")),
            ("scale", StandardScaler()),
        ]
    )
    pre = ColumnTransformer(
        [
            ("num", numeric, ["alcohol", "malic_acid", "ash"]),
            ("cat", OneHotEncoder(handle_unknown="ignore", dtype=np.float32), ["band"]),
            ("keep", "passthrough", ["hue"]),
            ("gone", "drop", ["proline"]),
        ],
        remainder="drop",
    )
    return Pipeline(
        [("pre", pre), ("clf", LogisticRegression(max_iter=500, class_weight={0: 1.0, 1: 2.0}))]
    )


SHAPES: dict[str, tuple[Callable[[], Any], Callable[[], tuple[Any, Any]]]] = {
    "pipeline_column_transformer": (column_pipeline, frame_with_categories),
    "grid_search_shuffled_kfold": (
        lambda: GridSearchCV(
            Pipeline([("scale", StandardScaler()), ("svc", LogisticRegression(max_iter=300))]),
            {"svc__C": [0.1, 1.0, 10.0]},
            cv=KFold(4, shuffle=True, random_state=7),
        ),
        wine,
    ),
    "stacking": (
        lambda: StackingClassifier(
            [
                ("tree", DecisionTreeClassifier(max_depth=3, random_state=1)),
                ("knn", KNeighborsClassifier(5)),
            ],
            final_estimator=LogisticRegression(max_iter=500),
            cv=StratifiedKFold(3, shuffle=True, random_state=2),
        ),
        wine,
    ),
    "voting": (
        lambda: VotingClassifier(
            [
                ("lr", LogisticRegression(max_iter=1000)),
                ("rf", RandomForestClassifier(n_estimators=5, random_state=3)),
            ],
            voting="soft",
            weights=[2, 1],
        ),
        wine,
    ),
    "hist_gradient_boosting": (
        lambda: HistGradientBoostingClassifier(
            max_iter=10, random_state=4, categorical_features=None
        ),
        cancer,
    ),
    "hist_gradient_boosting_regressor": (
        lambda: HistGradientBoostingRegressor(max_iter=10, loss="absolute_error"),
        diabetes,
    ),
    "mlp": (lambda: MLPClassifier(hidden_layer_sizes=(8, 4), max_iter=30, random_state=5), wine),
    "kmeans": (lambda: KMeans(3, n_init=2, random_state=6), wine),
    "isolation_forest": (
        lambda: IsolationForest(n_estimators=10, contamination=0.05, random_state=8),
        wine,
    ),
    "calibrated": (lambda: CalibratedClassifierCV(LinearSVC(random_state=9), cv=3), cancer),
    "kneighbors": (lambda: KNeighborsClassifier(n_neighbors=3, weights="distance"), wine),
    "feature_union_function": (
        lambda: Pipeline(
            [
                (
                    "features",
                    FeatureUnion(
                        [("pca", PCA(2, random_state=10)), ("best", SelectKBest(f_classif, k=3))]
                    ),
                ),
                ("abs", FunctionTransformer(np.abs, validate=False)),
                ("clf", SGDClassifier(loss="modified_huber", random_state=11)),
            ]
        ),
        wine,
    ),
    "transformed_target": (
        lambda: TransformedTargetRegressor(Ridge(alpha=0.5), func=np.log1p, inverse_func=np.expm1),
        diabetes,
    ),
    "gaussian_process_kernel": (
        lambda: GaussianProcessClassifier(
            1.0 * RBF(1.0) + WhiteKernel(0.5), optimizer=None, random_state=12
        ),
        small_wine,
    ),
    "partial_function": (lambda: FunctionTransformer(partial(np.clip, a_min=0, a_max=None)), wine),
    "text_tfidf": (
        lambda: Pipeline(
            [
                ("tfidf", TfidfVectorizer(stop_words=["the", "a"], ngram_range=(1, 2))),
                ("clf", LogisticRegression(max_iter=200)),
            ]
        ),
        documents,
    ),
    "svc_on_sparse_input": (lambda: SVC(C=0.5, probability=False), sparse_wine),
}


@pytest.fixture(scope="module", params=sorted(SHAPES))
def saved(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Any, Path]:
    make, data = SHAPES[request.param]
    X, y = data()
    est = fit(make(), X, y)
    path = tmp_path_factory.mktemp("models") / f"{request.param}.skops"
    sio.dump(est, path)
    return request.param, est, path


def expected_params(est: Any) -> dict[str, Any]:
    return {k: live_json(v) for k, v in est.get_params(deep=True).items()}


def test_params_equal_get_params_of_original_and_loaded(saved: tuple[str, Any, Path]) -> None:
    _, est, path = saved
    info = read_model(path)
    expected = expected_params(est)
    assert set(info.params) == set(expected)
    mismatched = {
        k: (info.params[k], expected[k]) for k in expected if not same(info.params[k], expected[k])
    }
    assert not mismatched
    loaded = sio.load(path, trusted=sio.get_untrusted_types(file=path))
    assert same(dict(info.params), expected_params(loaded))


def test_seeds_are_every_random_state(saved: tuple[str, Any, Path]) -> None:
    _, est, path = saved
    info = read_model(path)
    want = {
        k: live_json(v)
        for k, v in est.get_params(deep=True).items()
        if k.split("__")[-1] == "random_state"
    }
    assert dict(info.seeds) == want


def test_untrusted_types_equal_skops(saved: tuple[str, Any, Path]) -> None:
    _, _, path = saved
    assert list(read_model(path).untrusted_types) == sio.get_untrusted_types(file=path)


def test_tree_paths_are_get_params_prefixes(saved: tuple[str, Any, Path]) -> None:
    _, est, path = saved
    info = read_model(path)
    live = est.get_params(deep=True)

    def walk(node: EstimatorNode, obj: Any) -> None:
        assert node.cls == f"{type(obj).__module__}.{type(obj).__name__}"
        if hasattr(obj, "get_params"):
            shallow = {k: live_json(v) for k, v in obj.get_params(deep=False).items()}
            assert same(dict(node.params), shallow)
        for child in node.children:
            if node.path == "" or child.path.startswith(node.path + "__"):
                target = live.get(child.path) if child.path in live else getattr(obj, child.name)
                walk(child, target)

    assert info.tree.path == "" and info.estimator == info.tree.cls
    walk(info.tree, est)


def test_column_transformer_tree_and_task(tmp_path: Path) -> None:
    X, y = frame_with_categories()
    path = tmp_path / "m.skops"
    sio.dump(fit(column_pipeline(), X, y), path)
    info = read_model(path)
    assert info.task == "classification"
    pre = {c.name: c for c in info.tree.children}["pre"]
    assert [c.name for c in pre.children] == ["num", "cat"]  # strings "passthrough"/"drop" skipped
    num = pre.children[0]
    assert num.path == "pre__num"
    assert [(c.name, c.path, c.short_cls) for c in num.children] == [
        ("impute", "pre__num__impute", "SimpleImputer"),
        ("scale", "pre__num__scale", "StandardScaler"),
    ]
    assert math.isnan(info.params["pre__num__impute__missing_values"])
    assert info.params["pre__cat__dtype"] == "numpy.float32"
    assert info.params["clf__class_weight"] == {"0": 1.0, "1": 2.0}
    assert info.params["pre__keep"] == "passthrough"


def test_splitter_seed_is_reported_in_tree(tmp_path: Path) -> None:
    X, y = wine()
    est = GridSearchCV(
        DecisionTreeClassifier(random_state=0),
        {"max_depth": [1, 2]},
        cv=KFold(3, shuffle=True, random_state=42),
    )
    est = fit(est, X, y)
    path = tmp_path / "g.skops"
    sio.dump(est, path)
    info = read_model(path)
    cv = {c.name: c for c in info.tree.children}["cv"]
    assert cv.cls == "sklearn.model_selection._split.KFold"
    assert dict(cv.params) == {"n_splits": 3, "shuffle": True, "random_state": 42}
    assert dict(info.other_seeds) == {"cv__random_state": 42}
    assert info.params["cv"] == "sklearn.model_selection._split.KFold"
    assert info.task == "classification"


@pytest.mark.parametrize(
    ("make", "task"),
    [
        (lambda: KMeans(2, n_init=1, random_state=0), "clustering"),
        (lambda: IsolationForest(n_estimators=3, random_state=0), "outlier-detection"),
        (lambda: Ridge(), "regression"),
        (lambda: Pipeline([("s", StandardScaler()), ("r", Ridge())]), "regression"),
        (lambda: StandardScaler(), None),
    ],
)
def test_task(make: Callable[[], Any], task: str | None, tmp_path: Path) -> None:
    X, y = diabetes()
    path = tmp_path / "t.skops"
    sio.dump(fit(make(), X, y), path)
    assert read_model(path).task == task


def test_versions_and_file_facts(saved: tuple[str, Any, Path]) -> None:
    import hashlib

    import sklearn
    import skops

    _, _, path = saved
    info = read_model(path)
    assert info.versions["sklearn"] == sklearn.__version__
    assert info.versions["skops"] == skops.__version__
    assert info.versions["protocol"] == 2
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert info.size_bytes == path.stat().st_size
    assert info.problems == ()


def test_signature_cache_is_rebuilt_when_corrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from modelsite.collect import sklearn_params

    monkeypatch.setenv("MODELSITE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sklearn_params, "_MEMO", {})
    first = sklearn_params.load_signature_cache()
    files = list((tmp_path / "cache").glob("sklearn-*.json"))
    assert len(files) == 1
    files[0].write_text("{broken", encoding="utf-8")
    monkeypatch.setattr(sklearn_params, "_MEMO", {})
    again = sklearn_params.load_signature_cache()
    assert again.trusted == first.trusted
    assert again.classes["sklearn.pipeline.Pipeline"].attr == "steps"
    assert json.loads(files[0].read_text(encoding="utf-8"))["format"] == sklearn_params.CACHE_FORMAT


# ------------------------------------------------------------------ parity under mutation

_NAMES = [
    "builtins",
    "dict",
    "str",
    "list",
    "os",
    "system",
    "numpy",
    "ndarray",
    "float64",
    "sklearn.tree._tree",
    "Tree",
    "sklearn.linear_model._logistic",
    "LogisticRegression",
    "numpy.random._generator",
    "Generator",
    "operator",
    "itemgetter",
    "functools",
    "partial",
    "<b>x</b>",
    "{{ 1 }}",
]
_LOADERS = [
    "ObjectNode",
    "DictNode",
    "ListNode",
    "TupleNode",
    "SetNode",
    "JsonNode",
    "TypeNode",
    "FunctionNode",
    "MethodNode",
    "PartialNode",
    "SliceNode",
    "NdArrayNode",
    "CachedNode",
    "TreeNode",
    "LossNode",
    "OperatorFuncNode",
    "DTypeNode",
    "RandomStateNode",
    "ConstructorFromReduceNode",
    "BytesNode",
    "EvilNode",
]


@pytest.fixture(scope="module")
def fuzz_base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    X, y = wine()
    est = fit(
        Pipeline(
            [
                ("abs", FunctionTransformer(np.abs)),
                ("scale", StandardScaler()),
                ("tree", DecisionTreeClassifier(max_depth=2, random_state=0)),
            ]
        ),
        X,
        y,
    )
    path = tmp_path_factory.mktemp("fuzz") / "base.skops"
    sio.dump(est, path)
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return path, json.loads(zf.read("schema.json"))


def _mutate(schema: dict[str, Any], data: Any) -> None:
    import copy

    from hypothesis import strategies as st

    for _ in range(data.draw(st.integers(1, 3))):
        nodes = schema_nodes(schema)
        node = nodes[data.draw(st.integers(0, len(nodes) - 1))]
        kind = data.draw(
            st.sampled_from(
                [
                    "loader",
                    "class",
                    "module",
                    "drop",
                    "dup_id",
                    "content",
                    "protocol",
                    "file",
                    "type",
                    "copy",
                ]
            )
        )
        if kind == "loader":
            node["__loader__"] = data.draw(st.sampled_from(_LOADERS))
        elif kind in ("class", "module"):
            node[f"__{kind}__"] = data.draw(st.sampled_from(_NAMES))
        elif kind == "drop" and len(node) > 1:
            node.pop(data.draw(st.sampled_from(sorted(node))))
        elif kind == "dup_id":
            other = nodes[data.draw(st.integers(0, len(nodes) - 1))]
            node["__id__"] = other.get("__id__", 1)
        elif kind == "content":
            node["content"] = data.draw(
                st.sampled_from([[], {}, "", "x", 3, None, [json_ok()], {"k": json_ok()}, [1]])
            )
        elif kind == "protocol":
            schema["protocol"] = data.draw(st.sampled_from([0, 1, 2]))
        elif kind == "type":
            node["type"] = data.draw(st.sampled_from(["numpy", "json", "scipy", "pickle"]))
        elif kind == "copy":  # graft a copy of another node (same ids) somewhere else
            other = nodes[data.draw(st.integers(0, len(nodes) - 1))]
            node["content"] = copy.deepcopy(other)
        else:
            node["file"] = data.draw(st.sampled_from(["missing.npy", "schema.json"]))


def json_ok() -> dict[str, Any]:
    return {
        "__class__": "str",
        "__module__": "builtins",
        "__loader__": "JsonNode",
        "content": "1",
        "__id__": 5,
    }


def test_audit_matches_skops_under_random_mutations(
    fuzz_base: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Mutated schemas: the reader refuses exactly when skops does, else reports exactly
    skops' untrusted types; `read_model` never fails with anything but `InputError`."""
    import copy
    import zipfile

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from modelsite.errors import InputError

    base_path, base_schema = fuzz_base
    folder = tmp_path_factory.mktemp("mutants")
    outcomes: list[tuple[bool, bool]] = []

    @settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def check(data: Any) -> None:
        schema = copy.deepcopy(base_schema)
        _mutate(schema, data)
        path = folder / "m.skops"
        with zipfile.ZipFile(base_path) as zin, zipfile.ZipFile(path, "w") as zout:
            for info in zin.infolist():
                payload = (
                    json.dumps(schema)
                    if info.filename == "schema.json"
                    else zin.read(info.filename)
                )
                zout.writestr(info.filename, payload)
        try:
            expected: list[str] | None = sio.get_untrusted_types(file=path)
        except Exception:  # any refusal by skops
            expected = None
        try:
            info = read_model(path)
        except InputError:
            got = None
        else:
            got = list(info.untrusted_types)
        outcomes.append((expected is None, got is None))
        if expected is None:
            assert got is None, f"skops refuses, the reader reports {got}"
        else:
            assert got is None or got == expected
            assert _audit_only(path) == expected

    check()
    # the mutations are varied enough to exercise both outcomes
    assert any(refused for refused, _ in outcomes) and not all(r for r, _ in outcomes)


def _audit_only(path: Path) -> list[str] | None:
    from modelsite.collect.sklearn_params import load_signature_cache
    from modelsite.collect.skops.audit import SchemaError, audit_schema
    from modelsite.collect.skops.document import open_skops
    from modelsite.errors import InputError

    try:
        f = open_skops(path, max_member_bytes=1 << 26)
        return sorted(
            audit_schema(
                f.schema, trusted=load_signature_cache().trusted, members=f.members
            ).untrusted
        )
    except (SchemaError, InputError):
        return None


@pytest.mark.parametrize("obj", [[LogisticRegression(), 3], {"a": 1}, (1, "x")])
def test_non_estimator_roots_are_reported(obj: Any, tmp_path: Path) -> None:
    """skops saves any object; a list or dict at the root is a report, not an error."""
    path = tmp_path / "o.skops"
    sio.dump(obj, path)
    info = read_model(path)
    assert info.estimator == f"builtins.{type(obj).__name__}"
    assert dict(info.params) == {} and info.task is None
    assert list(info.untrusted_types) == sio.get_untrusted_types(file=path)
