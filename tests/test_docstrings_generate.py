"""What the generator says: drawn from names, bodies, annotations; never placeholder text."""

from __future__ import annotations

import ast
import re
import textwrap

import pytest

from modelsite.docstrings.generate import plan_module
from modelsite.docstrings.render_docstring import DocEntry, DocParts, render
from modelsite.docstrings.style import detect_style_text

PLACEHOLDER = re.compile(
    r"_summary_|_description_|_type_|TODO|FIXME|TBD|XXX|\[description\]|"
    r"<description>|Description of",
    re.IGNORECASE,
)


def docs(code: str, style: str = "numpy") -> dict[str, str]:
    tree = ast.parse(textwrap.dedent(code))
    return {p.target.qualname: p.text for p in plan_module(tree, "pkg.mod", style=style)}


def test_function_parameters_returns_raises() -> None:
    got = docs("""
        def split_data(X, y, test_size: float = 0.25, random_state=None):
            if not 0 < test_size < 1:
                raise ValueError(f"bad test_size {test_size}")
            n_test = int(len(X) * test_size)
            return X[n_test:], X[:n_test], y[n_test:], y[:n_test]
    """)["split_data"]
    assert got.startswith("Split the data.\n")
    assert "test_size : float, default=0.25\n" in got
    # `random_state` is never used: the vocabulary's "controls the randomness" would be false
    assert "random_state : object, default=None\n    Unused in this implementation." in got
    assert "Seed or random number generator" not in got
    assert got.endswith(
        "Raises\n------\nValueError\n"
        '    If `not 0 < test_size < 1`, with the message "bad test_size".'
    )
    assert "Returns\n-------\n" in got


def test_types_from_annotations_win_and_none_fallback_is_described() -> None:
    got = docs("""
        from pathlib import Path

        def load_table(path: Path, sep: str = ",", columns: list[str] | None = None) -> dict:
            if columns is None:
                columns = ["a", "b"]
            return {"path": path, "sep": sep, "columns": columns}
    """)["load_table"]
    assert got.startswith("Load the table from `path`.")
    assert "path : Path\n" in got
    assert "columns : list[str] | None, default=None\n" in got
    assert "`None` means `['a', 'b']`." in got
    assert "Returns\n-------\ndict\n    Mapping with the keys `path`, `sep`, `columns`." in got


def test_generator_yields_and_bool_return() -> None:
    got = docs("""
        from collections.abc import Iterator

        def iter_batches(X, batch_size: int = 32) -> Iterator[list]:
            for start in range(0, len(X), batch_size):
                yield X[start:start + batch_size]

        def is_binary(y):
            return len(set(y)) == 2
    """)
    assert (
        "Yields\n------\nlist\n    The item `X[start:start + batch_size]`." in got["iter_batches"]
    )
    assert "Returns" not in got["iter_batches"]
    assert got["is_binary"].startswith("Check whether `y` is binary.")
    assert (
        "Returns\n-------\nbool\n    `True` if `len(set(y)) == 2`, else `False`."
        in got["is_binary"]
    )


def test_class_parameters_from_init_and_attributes_set_there() -> None:
    got = docs("""
        import numpy as np

        class StandardScaler:
            def __init__(self, with_mean=True, copy=True):
                self.with_mean = with_mean
                self.copy = copy
                self.mean_ = np.zeros(3)
                if copy not in (True, False):
                    raise TypeError("copy must be a bool")

            def fit(self, X, y=None):
                self.mean_ = X.mean(axis=0)
                return self

            @property
            def n_features(self):
                return len(self.mean_)
    """)
    cls = got["StandardScaler"]
    # never the bare name: what kind of object it is, from its methods
    assert cls.startswith("Standard scaler: an estimator.\n\nIt has `fit`.\n")
    assert "with_mean : bool, default=True\n    Whether to include mean." in cls
    # `copy` is only stored and checked here: nothing shows it means "work on a copy"
    assert "copy : bool, default=True\n" in cls
    assert "Whether to work on a copy" not in cls
    assert "Attributes\n----------\nmean_ : ndarray\n" in cls
    assert (
        "Raises\n------\nTypeError\n"
        '    If `copy not in (True, False)`, with the message "copy must be a' in cls
    )
    fit = got["StandardScaler.fit"]
    assert fit.startswith("Fit the model to `X` and `y`.")
    assert "Returns\n-------\nStandardScaler\n    The fitted estimator." in fit
    assert got["StandardScaler.n_features"].startswith("Return the number of features.")


def test_parameter_described_from_its_use_when_no_vocabulary_applies() -> None:
    got = docs("""
        def report(scores, writer, formatter, names):
            for name in names:
                writer.write(formatter(scores[name]))
    """)["report"]
    assert "writer : object\n    Object whose `write` method is called." in got
    # called or iterated says how, not what: the type alone is given, no restating sentence
    assert "formatter : callable\nnames : array-like" in got
    assert "Called by this function" not in got and "Items to iterate over" not in got


def test_stub_and_abstract_methods() -> None:
    got = docs("""
        class BaseStep:
            def run_step(self, data):
                raise NotImplementedError
    """)["BaseStep.run_step"]
    assert got.startswith("Run the step (implemented by subclasses).")
    assert "Raises\n------\nNotImplementedError\n    Always: subclasses must implement this." in got
    assert "data : object\n    Accepted for subclasses; unused in this base implementation." in got


def test_main_summarises_the_steps_it_calls() -> None:
    got = docs("""
        def main():
            data = load_data("wine.csv")
            model = train_model(data)
            save_model(model, "model.skops")
    """)["main"]
    assert got == "Load the data, train the model and save the model."


def test_module_summary_from_contents_and_private_objects_left_alone() -> None:
    got = docs("""
        def load_data(path):
            return open(path).read()

        def _helper():
            return 1

        class _Hidden:
            pass
    """)
    assert set(got) == {"", "load_data"}
    assert got[""] == "Load the data."


def test_google_and_sphinx_styles() -> None:
    code = """
        def scale(x: float, factor: float = 2.0) -> float:
            if factor == 0:
                raise ZeroDivisionError("factor is zero")
            return x / factor
    """
    google = docs(code, "google")["scale"]
    # nothing beyond its use in an expression is known of `x`: name and type, no sentence
    assert "Args:\n    x (float):\n" in google
    assert "    factor (float, default=2.0):" in google
    assert "Returns:\n    float: The value of `x / factor`." in google
    assert (
        'Raises:\n    ZeroDivisionError: If `factor == 0`, with the message "factor is zero".'
        in google
    )
    sphinx = docs(code, "sphinx")["scale"]
    assert ":param x:\n:type x: float" in sphinx
    assert ":returns: The value of `x / factor`." in sphinx and ":rtype: float" in sphinx
    assert (
        ':raises ZeroDivisionError: If `factor == 0`, with the message "factor is\n    zero".'
        in sphinx
    )


@pytest.mark.parametrize(
    "code",
    [
        "def f(a, b, c):\n    pass\n",
        "def f(*args, **kwargs):\n    return g(*args, **kwargs)\n",
        "class C:\n    x = 1\n    def m(self, q):\n        return q\n",
        "async def fetch(url, session):\n    async with session.get(url) as r:\n"
        "        return await r.text()\n",
        "def g():\n    yield from range(3)\n",
    ],
)
def test_never_placeholder_text(code: str) -> None:
    for text in docs(code).values():
        assert not PLACEHOLDER.search(text), text
        for line in text.splitlines():
            assert line.strip() != "."


def test_empty_parts_are_left_out() -> None:
    text = render(DocParts(summary="Do it.", params=(DocEntry("x", "int", "The x value."),)))
    assert text == "Do it.\n\nParameters\n----------\nx : int\n    The x value."
    assert render(DocParts(summary="Do it.")) == "Do it."


def test_style_detection() -> None:
    numpy_text = (
        'def f(x):\n    """Do.\n\n    Parameters\n    ----------\n'
        '    x : int\n        X.\n    """\n'
    )
    google_text = 'def f(x):\n    """Do.\n\n    Args:\n        x: X.\n    """\n'
    sphinx_text = 'def f(x):\n    """Do.\n\n    :param x: X.\n    """\n'
    assert detect_style_text([numpy_text]) == "numpy"
    assert detect_style_text([google_text, google_text, numpy_text]) == "google"
    assert detect_style_text([sphinx_text]) == "sphinx"
    assert detect_style_text(["x = 1\n"]) == "numpy"
