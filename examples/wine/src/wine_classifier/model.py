"""The classifier: a preprocessing pipeline in front of a random forest."""

from __future__ import annotations

from sklearn.ensemble import RandomForestClassifier
from sklearn.pipeline import Pipeline

from wine_classifier.features import make_preprocessor


class WineModel:
    """Train and query the wine cultivar classifier.

    Parameters
    ----------
    n_estimators : int
        Number of trees in the forest.
    random_state : int
        Seed of the forest, fixed so training is repeatable.
    """

    def __init__(self, n_estimators: int = 100, random_state: int = 42) -> None:
        self.n_estimators = n_estimators
        self.random_state = random_state
        self.pipeline: Pipeline | None = None

    def build(self, columns):
        forest = RandomForestClassifier(
            n_estimators=self.n_estimators,
            max_depth=6,
            random_state=self.random_state,
            n_jobs=1,
        )
        self.pipeline = Pipeline([("preprocess", make_preprocessor(columns)), ("forest", forest)])
        return self.pipeline

    def fit(self, X, y) -> Pipeline:
        """Fit the whole pipeline on training data and return it."""
        pipeline = self.build(list(X.columns))
        return pipeline.fit(X, y)

    def predict(self, X):
        if self.pipeline is None:
            raise RuntimeError("call fit() before predict()")
        return self.pipeline.predict(X)
