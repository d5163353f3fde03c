"""Wrong claims found in generated docstrings (issue 14), each pinned by a small function.

Every case is a function whose name matches an entry of the machine-learning vocabulary but whose
body uses it for something else; the generated docstring must not make the vocabulary's claim.
"""

from __future__ import annotations

import ast
import textwrap

import pytest

from modelsite.docstrings.generate import plan_module


def docs(code: str) -> dict[str, str]:
    tree = ast.parse(textwrap.dedent(code))
    return {p.target.qualname: p.text for p in plan_module(tree, "pkg.mod", style="numpy")}


WRONG_CASES = [
    (  # alpha as a weighting factor between two scores
        """
        def blend(a, b, alpha=0.5):
            return alpha * a + (1 - alpha) * b
        """,
        "blend",
        "Regularization strength",
    ),
    (  # deep as a copy flag
        """
        def duplicate(table, deep=True):
            return table.copy(deep)
        """,
        "duplicate",
        "nested estimators",
    ),
    (  # dtype as the value being tested
        """
        def is_numeric(dtype):
            return dtype.kind in "biufc"
        """,
        "is_numeric",
        "Data type of the output",
    ),
    (  # n_components as a number of hash buckets
        """
        def hash_column(values, n_components=8):
            return [hash(v) % n_components for v in values]
        """,
        "hash_column",
        "components to keep",
    ),
    (  # normalize applied to counts, not to the input
        """
        def count_values(values, normalize=False):
            counts = {}
            for v in values:
                counts[v] = counts.get(v, 0) + 1
            if normalize:
                total = sum(counts.values())
                counts = {k: c / total for k, c in counts.items()}
            return counts
        """,
        "count_values",
        "normalize the input",
    ),
]


@pytest.mark.parametrize(("code", "qualname", "claim"), WRONG_CASES)
def test_vocabulary_claim_not_made_when_the_body_uses_the_name_otherwise(
    code: str, qualname: str, claim: str
) -> None:
    got = docs(code)[qualname]
    assert claim.lower() not in got.lower()


def test_vocabulary_used_when_the_parameter_is_passed_on_under_its_name() -> None:
    got = docs("""
        from sklearn.linear_model import Ridge

        def make_model(alpha=1.0):
            return Ridge(alpha=alpha)
    """)["make_model"]
    assert "Regularization strength." in got


def test_random_state_described_only_when_handed_to_a_seeding_call() -> None:
    got = docs("""
        from sklearn.utils import check_random_state

        def shuffle_rows(rows, random_state=None):
            rng = check_random_state(random_state)
            return rng.permutation(rows)

        def label_rows(rows, random_state=None):
            return [f"{random_state}-{r}" for r in rows]
    """)
    assert "controlling the randomness" in got["shuffle_rows"]
    assert "controlling the randomness" not in got["label_rows"]


def test_returns_not_described_from_one_of_several_different_paths() -> None:
    got = docs("""
        def as_list(cols):
            if isinstance(cols, str):
                return [cols]
            if hasattr(cols, "tolist"):
                return cols.tolist()
            return list(cols)
    """)["as_list"]
    assert "The `cols` argument" not in got
    assert "The cols argument" not in got
    returns = got.split("Returns\n-------\n", 1)[1]
    for source in ("`[cols]`", "`cols.tolist()`", "`list(cols)`"):
        assert source in returns


def test_capital_n_in_a_class_name_is_not_number_of() -> None:
    got = docs("""
        from abc import ABC

        class BaseNEncoder(ABC):
            pass
    """)["BaseNEncoder"]
    assert "number of" not in got.lower()


RESTATING = ["Value of the", "Stored as an attribute of the same name", "Called by this function"]
MECHANICS_ONLY = [
    "Items to iterate over",
    "Used to compute the return value",
    "Checked for truth",
    "Passed to `self._",
    "Passed to `super",
    "Passed to `print`",
]


def test_nothing_known_beyond_the_name_leaves_type_and_default_alone() -> None:
    got = docs("""
        class Encoder:
            def __init__(self, cols=None, drop_invariant=False):
                self.cols = cols
                self.drop_invariant = drop_invariant

        def combine(first, second):
            return first + second

        def show(value):
            print(value)
    """)
    assert "cols : object, default=None\ndrop_invariant : bool, default=False" in got["Encoder"]
    assert "first : int or float\nsecond : int or float\n" in got["combine"]
    assert got["show"].endswith("value : object")
    for text in got.values():
        for claim in RESTATING + MECHANICS_ONLY:
            assert claim not in text


def test_returns_never_restate_the_function_name() -> None:
    got = docs("""
        def pick(a, b, flag):
            if flag:
                return helper_one(a, b, flag, a, b)
            return helper_two(b, a, flag, b, a, flag)
    """)["pick"]
    returns = got.split("Returns\n-------\n", 1)[1]
    assert returns.strip() == "object"
    assert "The pick" not in got


def test_mechanics_not_given_as_meaning() -> None:
    got = docs("""
        class Wrapper(Base):
            def __init__(self, inner, verbose=0):
                super().__init__(inner)
                self._setup(verbose)

        def run(items, callback):
            for item in items:
                callback(item)
    """)
    for text in got.values():
        for claim in MECHANICS_ONLY + RESTATING:
            assert claim not in text


def test_public_callee_is_still_named() -> None:
    got = docs("""
        from sklearn.linear_model import Ridge

        def make_model(strength=1.0):
            return Ridge(alpha=strength)
    """)["make_model"]
    assert "Passed to `Ridge` as `alpha`." in got


def test_literal_choices_and_raise_messages_in_their_own_words() -> None:
    got = docs("""
        from typing import Literal

        def encode(values, how: Literal["onehot", "ordinal"] = "onehot"):
            if how not in ("onehot", "ordinal"):
                raise ValueError("how must be 'onehot' or 'ordinal'")
            return values
    """)["encode"]
    assert "One of `'onehot'` or `'ordinal'`." in got
    assert "with the message \"how must be\n    'onehot' or 'ordinal'\"" in got
    assert got.startswith("Encode `values`.")
