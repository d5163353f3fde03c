"""What kind of task a model solves: `classification`, `regression`, `clustering`,
`outlier-detection`, or `None` when nothing says.

Every reader of the task goes through this module, each from what it has: a live estimator
(`modelsite.export`), a class (the class facts of the installed scikit-learn), the class name of a
library that names its estimators by task (xgboost, lightgbm, catboost, imbalanced-learn), or the
evaluation `modelsite.export` embedded. A class name alone is never read as a task for any other
library (`LogisticRegression` is a classifier).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` costs milliseconds of `inspect`'s cold start
    from collections.abc import Mapping
    from typing import Any

NAMED_BY_TASK = frozenset({"xgboost", "lightgbm", "catboost", "imblearn"})
"""Top-level packages whose estimator classes end in `Classifier` or `Regressor` by task."""


def task_of_estimator(estimator: Any) -> str | None:
    """The task of a live scikit-learn estimator, from its tags (a pipeline has its last step's)."""
    from sklearn.base import is_classifier, is_outlier_detector, is_regressor

    if is_classifier(estimator):
        return "classification"
    if is_regressor(estimator):
        return "regression"
    if is_outlier_detector(estimator):
        return "outlier-detection"
    if getattr(estimator, "_estimator_type", None) == "clusterer" or hasattr(
        estimator, "cluster_centers_"
    ):
        return "clustering"
    try:
        from sklearn.utils import get_tags

        if get_tags(estimator).estimator_type == "clusterer":
            return "clustering"
    except (ImportError, AttributeError):  # pragma: no cover - scikit-learn < 1.6
        pass
    return None


def task_of_class(cls: type) -> str | None:
    """The task of an estimator class, from the scikit-learn mixin it inherits."""
    from sklearn.base import ClassifierMixin, ClusterMixin, OutlierMixin, RegressorMixin

    for mixin, task in (
        (ClassifierMixin, "classification"),
        (RegressorMixin, "regression"),
        (ClusterMixin, "clustering"),
        (OutlierMixin, "outlier-detection"),
    ):
        if issubclass(cls, mixin):
            return task
    return None


def task_of_class_name(module: str, name: str) -> str | None:
    """The task of a class of a library in `NAMED_BY_TASK`, from its name
    (`xgboost.sklearn.XGBClassifier` is a classifier); `None` for any other library."""
    if module.partition(".")[0] not in NAMED_BY_TASK:
        return None
    if name.endswith("Classifier"):
        return "classification"
    if name.endswith("Regressor"):
        return "regression"
    return None


def task_of_evaluation(evaluation: Mapping[str, Any]) -> str | None:
    """The task `modelsite.export` recorded with its evaluation, else what the evaluation holds
    shows: a confusion matrix or ROC curve is a classifier's, residuals a regressor's."""
    recorded = evaluation.get("task")
    if isinstance(recorded, str) and recorded:
        return recorded
    if "confusion_matrix" in evaluation or "roc" in evaluation:
        return "classification"
    if "residuals" in evaluation:
        return "regression"
    return None
