"""The static randomness audit: unseeded calls with file:line, fixed seeds, model seeds, risks."""

from __future__ import annotations

import textwrap
from pathlib import Path

from modelsite.repro.randomness import audit_randomness


def _package(tmp_path: Path, source: str, name: str = "pkg") -> Path:
    (tmp_path / name).mkdir()
    (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / name / "train.py").write_text(textwrap.dedent(source))
    return tmp_path


def _where(audit, kind):
    return {(f.line, f.call) for f in audit.findings if f.kind == kind}


def test_unseeded_calls_are_found_with_their_lines(tmp_path):
    root = _package(
        tmp_path,
        """\
        import numpy as np
        import sklearn.ensemble as ens
        from sklearn.datasets import make_classification
        from sklearn.model_selection import KFold, StratifiedKFold, train_test_split
        from sklearn.preprocessing import StandardScaler

        X, y = make_classification(n_samples=50)
        a = train_test_split(X, y)
        b = train_test_split(X, y, shuffle=False)
        c = KFold(5, shuffle=True)
        d = StratifiedKFold(5)
        e = ens.RandomForestClassifier(random_state=None)
        f = StandardScaler()
        g = np.random.default_rng()
        h = np.random.RandomState(seed=None)
        i = np.random.rand(3)
        """,
    )
    audit = audit_randomness(root, ("pkg",), (".",))
    assert _where(audit, "unseeded") == {
        (7, "make_classification"),
        (8, "train_test_split"),
        (10, "KFold"),
        (12, "RandomForestClassifier"),
        (14, "np.random.default_rng()"),
        (15, "np.random.RandomState()"),
        (16, "np.random.rand"),
    }
    assert {f.file for f in audit.findings} == {"pkg/train.py"}


def test_fixed_and_passed_through_seeds_are_seeds(tmp_path):
    root = _package(
        tmp_path,
        """\
        import random
        import numpy as np
        from sklearn.linear_model import SGDClassifier

        SEED = 7
        np.random.seed(SEED)
        random.seed(1)
        values = np.random.rand(3)
        random.shuffle([1, 2])
        rng = np.random.default_rng(SEED)

        def build(random_state):
            return SGDClassifier(random_state=random_state)

        clf = SGDClassifier(random_state=0)
        """,
    )
    audit = audit_randomness(root, ("pkg",), (".",))
    assert audit.unseeded == ()  # the global generators are seeded, so their draws are fine
    seeds = _where(audit, "seed")
    assert {
        (5, "SEED"),
        (6, "np.random.seed"),
        (7, "random.seed"),
        (10, "np.random.default_rng"),
        (13, "SGDClassifier"),
        (15, "SGDClassifier"),
    } <= seeds
    passed = next(f for f in audit.findings if f.line == 13)
    assert "passed through" in passed.detail


def test_project_functions_defaulting_to_none_are_checked(tmp_path):
    root = _package(
        tmp_path,
        """\
        def split(X, y, random_state=None):
            return X, y

        def other(X, *, random_state=None):
            return X

        split(1, 2)
        split(1, 2, 3)
        other(1)
        other(1, random_state=5)
        """,
    )
    audit = audit_randomness(root, ("pkg",), (".",))
    assert _where(audit, "unseeded") == {(7, "split"), (9, "other")}


def test_model_seeds_and_thread_risks(tmp_path):
    root = _package(tmp_path, "x = 1\n")
    audit = audit_randomness(
        root,
        ("pkg",),
        (".",),
        {"forest__random_state": None, "cv__random_state": 3},
        {"forest__n_jobs": -1, "forest__random_state": None},
    )
    assert [(s.param, s.fixed) for s in audit.model_seeds] == [
        ("cv__random_state", True),
        ("forest__random_state", False),
    ]
    assert [s.param for s in audit.unseeded_model_params] == ["forest__random_state"]
    assert "forest__n_jobs" in audit.risks[0]
    assert any("PYTHONHASHSEED" in r for r in audit.risks)
    assert any("OMP_NUM_THREADS" in r for r in audit.risks)


def test_unparsable_file_is_reported_not_fatal(tmp_path):
    root = _package(tmp_path, "import numpy as np\ndef broken(:\n    return np.random.rand()\n")
    audit = audit_randomness(root, ("pkg",), (".",))
    assert audit.problems and audit.problems[0].startswith("pkg/train.py:2: cannot parse")


def test_files_that_cannot_hold_a_finding_are_not_parsed(tmp_path):
    # Neither randomness, scikit-learn, a seed nor a project function taking `random_state` is
    # named in the file: whatever it holds, the audit has nothing to report on it.
    root = _package(tmp_path, "def broken(:\n")
    audit = audit_randomness(root, ("pkg",), (".",))
    assert audit.problems == ()
    assert audit.files == 2  # __init__.py and train.py, both looked at


def test_a_call_to_a_project_function_is_found_in_a_file_not_naming_randomness(tmp_path):
    root = _package(tmp_path, "def split(data, random_state=None):\n    return data\n")
    (root / "pkg" / "run.py").write_text("from pkg.train import split\nsplit([1, 2])\n")
    audit = audit_randomness(root, ("pkg",), (".",))
    assert [(f.file, f.line, f.kind, f.call) for f in audit.findings] == [
        ("pkg/run.py", 2, "unseeded", "split")
    ]
