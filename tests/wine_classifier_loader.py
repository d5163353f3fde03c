"""The example's training split, for tests that refit a model (same data as the example)."""

from __future__ import annotations

from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split


def load_wine_split():
    bunch = load_wine(as_frame=True)
    return train_test_split(
        bunch.data, bunch.target, test_size=0.25, random_state=42, stratify=bunch.target
    )
