"""Train the wine classifier and export it with modelsite.

Run from the project folder: ``python -m wine_classifier.train``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import modelsite

from wine_classifier.data import load_dataset, split
from wine_classifier.evaluate import evaluate, format_report
from wine_classifier.model import WineModel

SEED = 42


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=Path("model.skops"))
    parser.add_argument("--n-estimators", type=int, default=100)
    args = parser.parse_args(argv)

    X, y = load_dataset()
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.25, random_state=SEED)
    pipeline = WineModel(n_estimators=args.n_estimators, random_state=SEED).fit(X_train, y_train)
    metrics = evaluate(pipeline, X_test, y_test)
    print(format_report(metrics))
    modelsite.export(
        pipeline,
        args.output,
        metrics=metrics,
        X_train=X_train,
        y_train=y_train,
        X_test=X_test,
        y_test=y_test,
        dataset="sklearn.datasets.load_wine",
        seed=SEED,
    )
    return args.output


if __name__ == "__main__":
    main()
