"""Score a fitted classifier on held-out data."""

from __future__ import annotations

from sklearn.metrics import accuracy_score, f1_score


def evaluate(model, X_test, y_test) -> dict[str, float]:
    """Compute accuracy and macro-averaged F1 on the test set.

    Parameters
    ----------
    model : sklearn.base.ClassifierMixin
        A fitted classifier.
    X_test : pandas.DataFrame
        Test measurements.
    y_test : pandas.Series
        True cultivars of the test wines.

    Returns
    -------
    dict[str, float]
        ``accuracy`` and ``f1_macro``.
    """
    predicted = model.predict(X_test)
    return {
        "accuracy": float(accuracy_score(y_test, predicted)),
        "f1_macro": float(f1_score(y_test, predicted, average="macro")),
    }


def format_report(metrics):
    return "\n".join(f"{name}: {value:.3f}" for name, value in sorted(metrics.items()))
