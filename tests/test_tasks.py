"""One place says which task a model solves, from what each reader has (issue 19, item 2)."""

from __future__ import annotations

import pytest
from sklearn.cluster import KMeans
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from modelsite.tasks import (
    task_of_class,
    task_of_class_name,
    task_of_estimator,
    task_of_evaluation,
)

KNOWN = [
    (LogisticRegression, "classification"),
    (Ridge, "regression"),
    (KMeans, "clustering"),
    (IsolationForest, "outlier-detection"),
    (StandardScaler, None),
]


@pytest.mark.parametrize(("cls", "task"), KNOWN)
def test_live_estimator_and_its_class_give_the_same_task(cls: type, task: str | None) -> None:
    assert task_of_class(cls) == task
    assert task_of_estimator(cls()) == task


def test_a_pipeline_has_the_task_of_its_last_step() -> None:
    assert task_of_estimator(make_pipeline(StandardScaler(), LogisticRegression())) == (
        "classification"
    )


def test_class_names_are_read_only_for_libraries_that_name_by_task() -> None:
    assert task_of_class_name("xgboost.sklearn", "XGBClassifier") == "classification"
    assert task_of_class_name("lightgbm.sklearn", "LGBMRegressor") == "regression"
    assert task_of_class_name("imblearn.ensemble", "BalancedRandomForestClassifier") == (
        "classification"
    )
    # a name is no evidence elsewhere: LogisticRegression is a classifier
    assert task_of_class_name("sklearn.linear_model", "LogisticRegression") is None
    assert task_of_class_name("mypkg.models", "MyClassifier") is None
    assert task_of_class_name("xgboost.sklearn", "XGBRanker") is None


def test_evaluation_task_recorded_first_then_what_it_holds() -> None:
    assert task_of_evaluation({"task": "clustering", "roc": {}}) == "clustering"
    assert task_of_evaluation({"confusion_matrix": [[1]]}) == "classification"
    assert task_of_evaluation({"residuals": [0.1]}) == "regression"
    assert task_of_evaluation({"task": None, "n_samples": 3}) is None
    assert task_of_evaluation({}) is None
