"""The randomness audit asks scikit-learn which callables take `random_state` once per install.

The answers are kept in the user cache (keyed like the signature cache by the installed
scikit-learn), so later builds do not import scikit-learn and SciPy (seconds) for them.
"""

from __future__ import annotations

import json

import pytest

from modelsite.repro import randomness


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MODELSITE_CACHE_DIR", str(tmp_path))
    randomness._accepts_random_state.cache_clear()
    randomness._known_random_state.cache_clear()
    yield tmp_path
    randomness._accepts_random_state.cache_clear()
    randomness._known_random_state.cache_clear()


def test_answers_are_kept_and_reused_without_importing(fresh_cache, monkeypatch) -> None:
    assert randomness._accepts_random_state("sklearn.ensemble.RandomForestClassifier")
    assert randomness._accepts_random_state("sklearn.model_selection.train_test_split")
    assert not randomness._accepts_random_state("sklearn.preprocessing.StandardScaler")
    [saved] = fresh_cache.glob("random-state-*.json")
    assert json.loads(saved.read_text()) == {
        "sklearn.ensemble.RandomForestClassifier": True,
        "sklearn.model_selection.train_test_split": True,
        "sklearn.preprocessing.StandardScaler": False,
    }

    def no_import(module: str, attr: str) -> bool:
        raise AssertionError(f"imported {module}.{attr} although the answer is cached")

    monkeypatch.setattr(randomness, "_inspect_random_state", no_import)
    randomness._accepts_random_state.cache_clear()
    randomness._known_random_state.cache_clear()
    assert randomness._accepts_random_state("sklearn.ensemble.RandomForestClassifier")
    assert not randomness._accepts_random_state("sklearn.preprocessing.StandardScaler")


def test_non_sklearn_names_are_never_looked_up(fresh_cache, monkeypatch) -> None:
    monkeypatch.setattr(randomness, "_inspect_random_state", lambda m, a: pytest.fail(m))
    assert not randomness._accepts_random_state("numpy.random.default_rng")
    assert list(fresh_cache.glob("random-state-*.json")) == []
