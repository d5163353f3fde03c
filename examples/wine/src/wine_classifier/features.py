"""Feature engineering for the wine measurements."""

from __future__ import annotations

from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import FunctionTransformer, StandardScaler

import numpy as np

SKEWED = ["malic_acid", "color_intensity", "proline"]


def make_preprocessor(columns: list[str]) -> ColumnTransformer:
    """Build the column transformer that prepares the measurements for the classifier.

    Skewed measurements are log-transformed, then every column is standardised.

    Parameters
    ----------
    columns : list[str]
        Names of all input columns.
    """
    others = [c for c in columns if c not in SKEWED]
    return ColumnTransformer(
        [
            ("log", FunctionTransformer(np.log1p, feature_names_out="one-to-one"), SKEWED),
            ("scale", StandardScaler(), others),
        ]
    )


def ratio(numerator, denominator):
    return numerator / np.maximum(denominator, 1e-12)
