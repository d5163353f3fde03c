"""Overridden methods of an installed library's base classes take that method's contract.

scikit-learn is installed in the test environment; its base classes are found from the class's
bases through the module's imports, read from scikit-learn's source (nothing is imported).
"""

from __future__ import annotations

import ast
import inspect
import textwrap

import sklearn.base

from modelsite.docstrings.generate import plan_module


def docs(code: str) -> dict[str, str]:
    tree = ast.parse(textwrap.dedent(code))
    return {p.target.qualname: p.text for p in plan_module(tree, "pkg.mod", style="numpy")}


def first_line(obj: object) -> str:
    return inspect.getdoc(obj).split("\n", 1)[0]  # type: ignore[union-attr]


def test_override_takes_the_base_method_summary_and_shared_parameters() -> None:
    got = docs("""
        from sklearn.base import BaseEstimator, TransformerMixin

        class Doubler(TransformerMixin, BaseEstimator):
            def fit_transform(self, X, y=None, scale=2):
                return X * scale
    """)["Doubler.fit_transform"]
    expected = first_line(sklearn.base.TransformerMixin.fit_transform)
    assert got.startswith(expected)
    assert "X : array-like of shape (n_samples, n_features)\n    Input samples." in got
    # `scale` is not a parameter of the base method: described from this body, not the base
    assert "scale : int, default=2\n" in got


def test_base_found_through_a_module_alias_and_a_local_base_class() -> None:
    got = docs("""
        import sklearn.base as skb

        class Base(skb.ClassifierMixin):
            pass

        class Always(Base):
            def score(self, X, y, sample_weight=None):
                return 1.0
    """)["Always.score"]
    assert got.startswith("Return accuracy on provided data and labels.")  # reST role reduced
    assert ":ref:" not in got


def test_no_inheritance_from_the_project_or_without_an_installed_base() -> None:
    got = docs("""
        from pkg.base import MyBase
        from not_installed_library import Thing

        class A(MyBase):
            def score(self, X, y):
                return 0.5

        class B(Thing):
            def score(self, X, y):
                return 0.5
    """)
    assert "accuracy" not in got["A.score"] and "accuracy" not in got["B.score"]
