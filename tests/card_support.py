"""Deterministic `Site`s for the model-card tests: built by hand, no training, no clock, no git.

`fixture_site()` is a wine-like classification pipeline (ColumnTransformer + random forest) with
every kind of evaluation data the plots read; `regression_site()` a ridge regression with
residuals. Both use a project root that does not exist, so nothing is read from disk.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from modelsite.config import CardText, Config, Publish
from modelsite.pagefacts import attach_pages
from modelsite.sitemodel import (
    Citation,
    CodeInfo,
    EstimatorNode,
    GitInfo,
    ModelInfo,
    Person,
    ProjectInfo,
    Site,
)

ROOT = Path("/nonexistent/wine-project")

CARD = CardText(
    summary="A random forest that tells three wine cultivars apart.",
    intended_use="Teaching reproducible model publication.",
    out_of_scope_use="Decisions about real wines.",
    training_data="75% of the UCI wine data, stratified.",
    evaluation_data="The other 25% (45 wines).",
    limitations="Small, old data from one laboratory.",
    ethical_considerations="None known: the data describe wines, not people.",
    tags=("tabular", "wine"),
)

FOREST_PARAMS: dict[str, Any] = {
    "bootstrap": True,
    "ccp_alpha": 0.0,
    "class_weight": None,
    "criterion": "gini",
    "max_depth": 6,
    "max_features": "sqrt",
    "n_estimators": 100,
    "n_jobs": 1,
    "random_state": 42,
}
TRANSFORMERS = [
    ["scale", "sklearn.preprocessing._data.StandardScaler", ["alcohol", "ash", "hue", "proline"]],
    ["log", "sklearn.preprocessing._function_transformer.FunctionTransformer", ["malic_acid"]],
]


def wine_tree() -> EstimatorNode:
    scale = EstimatorNode(
        name="scale",
        path="preprocess__scale",
        cls="sklearn.preprocessing._data.StandardScaler",
        params={"copy": True, "with_mean": True, "with_std": True},
    )
    log = EstimatorNode(
        name="log",
        path="preprocess__log",
        cls="sklearn.preprocessing._function_transformer.FunctionTransformer",
        params={"func": "numpy.log1p", "validate": False},
    )
    pre = EstimatorNode(
        name="preprocess",
        path="preprocess",
        cls="sklearn.compose._column_transformer.ColumnTransformer",
        params={"remainder": "drop", "sparse_threshold": 0.3, "transformers": TRANSFORMERS},
        children=(scale, log),
    )
    forest = EstimatorNode(
        name="forest",
        path="forest",
        cls="sklearn.ensemble._forest.RandomForestClassifier",
        params=FOREST_PARAMS,
    )
    return EstimatorNode(
        name="",
        path="",
        cls="sklearn.pipeline.Pipeline",
        params={
            "memory": None,
            "verbose": False,
            "steps": [["preprocess", pre.cls], ["forest", forest.cls]],
        },
        children=(pre, forest),
    )


def deep_params(node: EstimatorNode) -> dict[str, Any]:
    """What `get_params(deep=True)` gives for the tree: own params, child objects, and below."""
    out: dict[str, Any] = {}
    for name, value in node.params.items():
        out[f"{node.path}__{name}" if node.path else name] = value
    for child in node.children:
        out[child.path] = child.cls
        out.update(deep_params(child))
    return out


EVALUATION: dict[str, Any] = {
    "task": "classification",
    "labels": ["class_0", "class_1", "class_2"],
    "confusion_matrix": [[14, 1, 0], [0, 17, 1], [0, 0, 12]],
    "roc": {
        "class_0": {"fpr": [0.0, 0.0, 0.1, 1.0], "tpr": [0.0, 0.8, 1.0, 1.0], "auc": 0.99},
        "class_1": {"fpr": [0.0, 0.05, 0.2, 1.0], "tpr": [0.0, 0.7, 0.95, 1.0], "auc": 0.97},
    },
    "pr": {
        "class_0": {"recall": [1.0, 0.9, 0.5, 0.0], "precision": [0.3, 0.8, 1.0, 1.0], "ap": 0.95}
    },
    "feature_importances": {
        "names": [
            "scale__alcohol",
            "scale__hue",
            "log__malic_acid",
            "scale__proline",
            "scale__ash",
        ],
        "values": [0.31, 0.22, 0.2, 0.18, 0.09],
    },
}


def wine_model(**changes: Any) -> ModelInfo:
    tree = wine_tree()
    params = deep_params(tree)
    model = ModelInfo(
        path="model.skops",
        name="model",
        estimator="sklearn.pipeline.Pipeline",
        tree=tree,
        params=params,
        seeds={"forest__random_state": 42},
        versions={"sklearn": "1.9.1", "skops": "0.16.0", "protocol": 2},
        untrusted_types=("sklearn.tree._tree.Tree",),
        metrics={"accuracy": 0.9556, "f1_macro": 0.9541},
        environment={
            "python": "3.11.7",
            "platform": "Linux-x86_64",
            "packages": {"numpy": "2.0.0", "scikit-learn": "1.9.1", "skops": "0.16.0"},
        },
        data={
            "dataset": "sklearn.datasets.load_wine",
            "test": {"X": {"shape": [45, 5], "sha256": "ab" * 32}},
        },
        evaluation=EVALUATION,
        provenance={"command": "python -m wine_classifier.train", "seed": 42},
        sha256="0" * 64,
        size_bytes=123456,
        task="classification",
    )
    return dataclasses.replace(model, **changes)


def fixture_site(
    card: CardText = CARD, models: tuple[ModelInfo, ...] | None = None, **project_changes: Any
) -> Site:
    author = Person(name="Ada Example", email="ada@example.org")
    citation = Citation(
        source="CITATION.cff",
        title="Wine cultivar classifier",
        authors=(author,),
        version="1.0.0",
        date_released="2026-11-01",
        repository="https://github.com/example/wine",
        license="MIT",
    )
    project = ProjectInfo(
        root=ROOT,
        name="wine-classifier",
        title="Wine cultivar classifier",
        description="A random forest for wine cultivars.",
        version="1.0.0",
        license="MIT",
        authors=(author,),
        sources={
            "name": "pyproject.toml",
            "title": "CITATION.cff",
            "version": "pyproject.toml",
            "license": "pyproject.toml",
            "authors": "pyproject.toml",
            "description": "pyproject.toml",
        },
        packages=("wine_classifier",),
        model_files=("model.skops",),
        citation=citation,
        git=GitInfo(
            remote_url="https://github.com/example/wine",
            host="github.com",
            owner="example",
            repo="wine",
        ),
    )
    project = dataclasses.replace(project, **project_changes)
    config = Config(card=card, publish=Publish(repository="https://github.com/example/wine"))
    site = Site(
        project=project,
        config=config,
        code=CodeInfo(),
        models=models if models is not None else (wine_model(),),
    )
    return attach_pages(site)[0]  # what collection resolves last: cards, badges, overview


def regression_model() -> ModelInfo:
    tree = EstimatorNode(
        name="",
        path="",
        cls="sklearn.linear_model._ridge.Ridge",
        params={"alpha": 0.5, "fit_intercept": True, "random_state": None},
    )
    return ModelInfo(
        path="ridge.skops",
        name="ridge",
        estimator=tree.cls,
        tree=tree,
        params=dict(tree.params),
        seeds={"random_state": None},
        versions={"protocol": 2},
        untrusted_types=(),
        metrics={"r2": 0.48, "rmse": 53.1},
        evaluation={
            "task": "regression",
            "residuals": {
                "y_true": [151.0, 75.0, 141.0, 206.0, 135.0],
                "y_pred": [160.2, 80.1, 120.5, 190.0, 150.3],
            },
        },
        sha256="1" * 64,
        size_bytes=999,
        task="regression",
    )


def render_page(site: Site, page: str) -> str:
    """One Markdown page of the site by its path in the docs tree (`model-card.md`)."""
    from modelsite.render import page_jobs, render_template

    for path, template, parts in page_jobs(site):
        if path == page:
            return render_template(site, template, page, **parts)
    raise KeyError(page)
