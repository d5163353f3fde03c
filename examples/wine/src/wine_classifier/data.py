"""Load the wine data set and split it into training and test sets."""

from __future__ import annotations

import pandas as pd
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split


def load_dataset() -> tuple[pd.DataFrame, pd.Series]:
    """Load the UCI wine data set shipped with scikit-learn.

    Returns
    -------
    tuple[pandas.DataFrame, pandas.Series]
        The 13 chemical measurements of 178 wines and their cultivar (0, 1 or 2).
    """
    bunch = load_wine(as_frame=True)
    return bunch.data, bunch.target


def split(X, y, test_size=0.25, random_state=0):
    if not 0 < test_size < 1:
        raise ValueError("test_size must be between 0 and 1")
    return train_test_split(X, y, test_size=test_size, random_state=random_state, stratify=y)
