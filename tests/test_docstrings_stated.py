"""Meaning the code states in machine-readable form, written into generated docstrings (issue 14).

Each case is a small function or class whose expected docstring text is written out here by
hand: scikit-learn's parameter constraints, enum choices, dataclass and attrs fields, constants
compared against, `warnings.warn` texts and command-line help. At the end, every case is written
back into a package, checked with pydoclint and written a second time (which must change nothing).
"""

from __future__ import annotations

import ast
import io
import textwrap
from pathlib import Path

from docstrings_support import CODE_SIDE, PYDOCLINT_UNANNOTATED, run_pydoclint
from modelsite.docstrings.command import docstrings_command
from modelsite.docstrings.generate import plan_module


def flat(text: str) -> str:
    """`text` with its line breaks and indentation as single spaces (wrapping aside)."""
    return " ".join(text.split())


def docs(code: str, style: str = "numpy") -> dict[str, str]:
    tree = ast.parse(textwrap.dedent(code))
    # each text ends with a newline, so that an entry's last line can be matched whole
    return {p.target.qualname: p.text + "\n" for p in plan_module(tree, "pkg.mod", style=style)}


# ---------------------------------------------------------------- scikit-learn constraints

CONSTRAINED_CLASS = """
from numbers import Integral, Real

from sklearn.base import BaseEstimator
from sklearn.utils._param_validation import HasMethods, Hidden, Interval, StrOptions


class Sampler(BaseEstimator):
    _parameter_constraints: dict = {
        "k_neighbors": [
            Interval(Integral, 1, None, closed="left"),
            HasMethods(["kneighbors", "kneighbors_graph"]),
        ],
        "max_features": [StrOptions({"auto", "sqrt"}), Interval(Real, 0.0, 1.0, closed="right")],
        "tol": [Interval(Real, 0, None, closed="neither")],
        "random_state": ["random_state"],
        "callback": [callable, None, Hidden(StrOptions({"warn"}))],
        "odd": [object()],
    }

    def __init__(self, k_neighbors=5, max_features="sqrt", tol=1e-3, random_state=None,
                 callback=None, odd=1):
        self.k_neighbors = k_neighbors
        self.max_features = max_features
        self.tol = tol
        self.random_state = random_state
        self.callback = callback
        self.odd = odd
"""


def test_parameter_constraints_give_types_and_ranges() -> None:
    got = docs(CONSTRAINED_CLASS)["Sampler"]
    # the constraints override the default's literal type (`int`)
    assert (
        "k_neighbors : int or object, default=5\n"
        "    If int, must be at least 1. If object, must have the `kneighbors` and\n"
        "    `kneighbors_graph` methods.\n"
    ) in got
    assert "max_features : {'auto', 'sqrt'} or float, default='sqrt'\n" in got
    assert "If float, must be in the range `(0.0, 1.0]`." in got
    assert "tol : float, default=0.001\n    Must be greater than 0.\n" in got
    assert "random_state : int, RandomState instance or None, default=None\n" in got
    # `Hidden` values are undocumented by the authors: left out
    assert "callback : callable or None, default=None\n" in got
    assert "warn" not in got
    # a constraint not understood gives nothing: the default's type, no range
    assert "odd : int, default=1\n" in got


def test_constraints_inherited_edited_and_spread_in_the_same_module() -> None:
    got = docs(
        """
        from numbers import Integral
        from sklearn.utils._param_validation import Interval, StrOptions

        class Base:
            _parameter_constraints = {
                "n_iter": [Interval(Integral, 1, None, closed="left")],
                "solver": [StrOptions({"lbfgs", "sag"})],
            }

        class Child(Base):
            _parameter_constraints = {**Base._parameter_constraints}
            _parameter_constraints.pop("solver")

            def __init__(self, n_iter=10, solver="lbfgs"):
                self.n_iter = n_iter
                self.solver = solver

        class Grandchild(Base):
            def __init__(self, n_iter=10, solver="lbfgs"):
                self.n_iter = n_iter
                self.solver = solver
        """
    )
    assert "n_iter : int, default=10\n" in got["Child"]
    assert "Must be at least 1.\n" in got["Child"]
    assert "solver : str, default='lbfgs'" in got["Child"]  # popped: no claim
    assert "solver : {'lbfgs', 'sag'}, default='lbfgs'" in got["Grandchild"]


def test_a_project_mixin_without_a_dict_is_passed_over_for_the_next_base() -> None:
    got = docs(
        """
        from numbers import Integral
        from sklearn.utils._param_validation import Interval

        class LocalMixin:
            def helper(self):
                return 1

        class BaseForest:
            _parameter_constraints = {"n_estimators": [Interval(Integral, 1, None, closed="left")]}

        class Forest(LocalMixin, BaseForest):
            pass

        class Child(Forest):
            _parameter_constraints = {**Forest._parameter_constraints, "verbose": ["verbose"]}

            def __init__(self, n_estimators=100, verbose=0):
                self.n_estimators = n_estimators
                self.verbose = verbose
        """
    )["Child"]
    assert "n_estimators : int, default=100\n" in got
    assert "Must be at least 1." in got


def test_a_spread_from_elsewhere_makes_earlier_keys_uncertain() -> None:
    got = docs(
        """
        from numbers import Integral
        from othermodule import Base
        from sklearn.utils._param_validation import Interval

        class Child(Base):
            _parameter_constraints = {
                "n_iter": [Interval(Integral, 1, None, closed="left")],
                **Base._parameter_constraints,
                "verbose": ["verbose"],
            }

            def __init__(self, n_iter=10, verbose=0):
                self.n_iter = n_iter
                self.verbose = verbose
        """
    )["Child"]
    assert "Must be at least 1" not in got  # `Base` may redefine it
    assert "verbose : int or bool, default=0\n" in got


def test_validate_params_on_a_function() -> None:
    got = docs(
        """
        from numbers import Real
        from sklearn.utils._param_validation import Interval, StrOptions, validate_params

        @validate_params(
            {
                "y_true": ["array-like", "sparse matrix"],
                "beta": [Interval(Real, 0, 1, closed="both")],
                "average": [StrOptions({"micro", "macro", "binary"}, deprecated={"binary"}), None],
            },
            prefer_skip_nested_validation=True,
        )
        def weighted_score(y_true, beta=0.5, average=None):
            if average is None:
                return y_true * beta
            return y_true.mean()
        """
    )["weighted_score"]
    assert "y_true : {array-like, sparse matrix}\n" in got
    assert "beta : float, default=0.5\n    Must be in the range `[0, 1]`.\n" in got
    assert "average : {'micro', 'macro'} or None, default=None\n" in got
    assert "`'binary'` is deprecated." in got


# ---------------------------------------------------------------- enums and checked constants

CHOICES_MODULE = """
from enum import Enum


class Mode(Enum):
    FAST = "fast"
    EXACT = "exact"


def run(data, mode: Mode | None = None, method="fast", kind="a"):
    if method not in ("fast", "exact"):
        raise ValueError("unknown method")
    if kind == "a":
        data = data + 1
    elif kind == "b":
        data = data - 1
    else:
        raise ValueError("bad kind")
    return data, mode
"""


def test_enum_members_and_checked_constants_are_the_choices() -> None:
    got = docs(CHOICES_MODULE)["run"]
    assert "mode : Mode | None, default=None\n    One of `Mode.FAST` or `Mode.EXACT`.\n" in got
    assert "method : {'fast', 'exact'}, default='fast'\n    One of `'fast'` or `'exact'`.\n" in got
    assert "kind : {'a', 'b'}, default='a'\n    One of `'a'` or `'b'`.\n" in got


def test_no_choices_when_other_values_get_through() -> None:
    got = docs(
        """
        def run(data, method="fast", kind=None, level="low"):
            if method == "fast":
                return data
            if kind not in ("a", "b"):
                raise ValueError("bad kind")
            level = level.lower()
            if level not in ("low", "high"):
                raise ValueError("bad level")
            return data * 2
        """
    )["run"]
    assert "One of" not in got  # no else-raise; a default the check rejects; a rebinding first
    assert "method : str, default='fast'" in got


# ---------------------------------------------------------------- dataclass, attrs, pydantic fields

FIELDS_MODULE = """
from dataclasses import dataclass, field

import attrs
from pydantic import BaseModel, Field


@dataclass
class TrainArgs:
    learning_rate: float = 0.1
    tags: list[str] = field(default_factory=list, metadata={"help": "Labels attached to the run"})


@attrs.define
class Split:
    kind: str = attrs.field(default="train", validator=attrs.validators.in_(["train", "test"]))


class Settings(BaseModel):
    batch_size: int = Field(32, description="Examples per step")
    name: str = Field(..., description="Run name")
"""


def test_fields_give_help_defaults_and_choices() -> None:
    got = docs(FIELDS_MODULE)
    assert "learning_rate : float\n    Defaults to `0.1`.\n" in got["TrainArgs"]
    assert (
        "tags : list[str]\n    Labels attached to the run. Defaults to an empty list.\n"
        in got["TrainArgs"]
    )
    assert "kind : str\n    One of `'train'` or `'test'`. Defaults to `'train'`.\n" in got["Split"]
    assert "batch_size : int\n    Examples per step. Defaults to `32`.\n" in got["Settings"]
    assert "name : str\n    Run name.\n" in got["Settings"]  # `...`: required, no default


def test_plain_class_attributes_are_not_read_as_fields() -> None:
    got = docs(
        """
        from dataclasses import field

        class Plain:
            size: int = field(default=3, metadata={"help": "not a dataclass"})
        """
    )["Plain"]
    assert "not a dataclass" not in got


# ---------------------------------------------------------------- warnings.warn

WARNING_FUNCTION = """
import warnings
from warnings import warn


def clip_values(values, low=0, high=None):
    if high is None:
        warnings.warn("high is not set; values are not clipped from above", UserWarning)
        return [max(v, low) for v in values]
    if low > high:
        raise ValueError("low must not exceed high")
    if low == high:
        warn(f"low={low} equals high", category=RuntimeWarning)
    msg = "negative values are set to zero"
    if any(v < 0 for v in values):
        warnings.warn(msg, FutureWarning, stacklevel=2)
    return [min(max(v, low), high) for v in values]
"""


def test_warnings_listed_with_class_condition_and_own_words() -> None:
    got = docs(WARNING_FUNCTION)["clip_values"]
    assert (
        "Warnings\n"
        "--------\n"
        '- `UserWarning`: If `high is None`, with the message "high is not set; values are\n'
        '  not clipped from above".\n'
    ) in got
    # an f-string with values in it: the message is left out, the condition kept
    assert "- `RuntimeWarning`: If `high is not None`, `low <= high` and `low == high`.\n" in got
    assert "low=" not in got
    # a message held in a local variable assigned once
    assert 'with the message "negative values are set to zero"' in flat(got)
    assert "Raises\n------\nValueError\n" in got


def test_google_style_warns_section() -> None:
    got = docs(WARNING_FUNCTION, style="google")["clip_values"]
    assert "Warns:\n    UserWarning: If `high is None`, with the message" in got
    assert "RuntimeWarning: If `high is not None`, `low <= high` and `low == high`." in flat(got)


def test_no_warns_entry_for_a_category_held_in_a_variable_or_a_nested_function() -> None:
    got = docs(
        """
        import warnings

        def check(x, category):
            def inner():
                warnings.warn("inside", UserWarning)
            warnings.warn("outside", category)
            return inner
        """
    )["check"]
    assert "Warn" not in got and "inside" not in got and "outside" not in got


# ---------------------------------------------------------------- command-line help

CLI_MODULE = """
import argparse

import click
import typer

app = typer.Typer()


def build_parser():
    parser = argparse.ArgumentParser(
        description="Train a random forest on the iris data. Writes model.skops."
    )
    parser.add_argument("data", help="CSV file with the training rows")
    parser.add_argument("--n-estimators", "-n", type=int, default=100, help="number of trees")
    parser.add_argument(
        "--criterion", choices=["gini", "entropy"], default="gini",
        help="split quality measure (default: %(default)s)",
    )
    parser.add_argument("--verbose", action="store_true", help="print progress")
    parser.add_argument("--out", help="written to %(prog)s.out")
    return parser


def main():
    args = build_parser().parse_args()
    print(args)


@click.command(help="Evaluate a saved model on a test set.")
@click.option("--threshold", type=float, default=0.5, help="decision threshold")
@click.option("--average", type=click.Choice(["micro", "macro"]), help="how scores are averaged")
@click.option("--plot/--no-plot", default=False, help="draw the ROC curve")
def evaluate(threshold, average, plot):
    print(threshold, average, plot)


@app.command()
def predict(
    model: str = typer.Argument(..., help="path of the model"),
    batch_size: int = typer.Option(32, help="rows per batch"),
):
    print(model, batch_size)
"""


def test_argparse_options_listed_in_the_help_words() -> None:
    got = docs(CLI_MODULE)
    assert (
        "Command-line options:\n\n"
        "- `data`: CSV file with the training rows.\n"
        "- `--n-estimators`, `-n` (int): Number of trees. Defaults to `100`.\n"
        "- `--criterion` ({'gini', 'entropy'}): Split quality measure (default: 'gini').\n"
        "- `--verbose` (flag): Print progress.\n"
        "- `--out`\n"  # `%(prog)s` is filled in at run time: the help is left out
    ) in got["build_parser"]
    # `main` takes its summary from the description of the parser it gets
    assert got["main"].startswith("Train a random forest on the iris data.\n")


def test_options_added_to_a_parser_passed_in_or_a_group_of_it() -> None:
    got = docs(
        """
        def add_fit_args(parser):
            group = parser.add_argument_group("Training", "model training")
            group.add_argument("--start-epoch", default=0, type=int, help="epoch to restart at")
            parser.add_argument("--seed", type=int, required=True)
            return parser
        """
    )["add_fit_args"]
    assert (
        "- `--start-epoch` (int): Epoch to restart at. Defaults to `0`.\n"
        "- `--seed` (int): Required.\n"
    ) in got


def test_click_and_typer_help_describe_the_parameters() -> None:
    got = docs(CLI_MODULE)
    assert got["evaluate"].startswith("Evaluate a saved model on a test set.\n")
    assert "threshold : float\n    Decision threshold. Defaults to `0.5`.\n" in got["evaluate"]
    assert "average : {'micro', 'macro'}\n    How scores are averaged.\n" in got["evaluate"]
    assert "plot : bool\n    Draw the ROC curve. Defaults to `False`.\n" in got["evaluate"]
    assert "model : str\n    Path of the model.\n" in got["predict"]
    assert "    Rows per batch. Defaults to `32`.\n" in got["predict"]


# ---------------------------------------------------------------- written back, linted, idempotent


def test_written_back_pydoclint_clean_and_idempotent(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "constrained.py").write_text(textwrap.dedent(CONSTRAINED_CLASS).lstrip())
    (pkg / "warning.py").write_text(textwrap.dedent(WARNING_FUNCTION).lstrip())
    (pkg / "choices.py").write_text(textwrap.dedent(CHOICES_MODULE).lstrip())
    (pkg / "fields.py").write_text(textwrap.dedent(FIELDS_MODULE).lstrip())
    (pkg / "cli.py").write_text(textwrap.dedent(CLI_MODULE).lstrip())
    err = io.StringIO()
    assert docstrings_command(pkg, mode="write", style="numpy", out=io.StringIO(), err=err) == 0
    first = {f: f.read_bytes() for f in pkg.rglob("*.py")}
    violations = run_pydoclint(pkg, PYDOCLINT_UNANNOTATED)
    # an annotated parameter (`mode: Mode`) is about the code, not its docstring
    assert [v for v in violations if v[1].split(":", 1)[0] not in CODE_SIDE] == []
    assert docstrings_command(pkg, mode="write", style="numpy", out=io.StringIO(), err=err) == 0
    assert {f: f.read_bytes() for f in pkg.rglob("*.py")} == first
    assert "If int, must be at least 1." in (pkg / "constrained.py").read_text()


def test_google_warns_written_back_pydoclint_clean(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "warning.py").write_text(textwrap.dedent(WARNING_FUNCTION).lstrip())
    (pkg / "cli.py").write_text(textwrap.dedent(CLI_MODULE).lstrip())
    err = io.StringIO()
    assert docstrings_command(pkg, mode="write", style="google", out=io.StringIO(), err=err) == 0
    assert "Warns:" in (pkg / "warning.py").read_text()
    assert "Command-line options:" in (pkg / "cli.py").read_text()
    google = [o if o != "--style=numpy" else "--style=google" for o in PYDOCLINT_UNANNOTATED]
    violations = run_pydoclint(pkg, google)
    assert [v for v in violations if v[1].split(":", 1)[0] not in CODE_SIDE] == []


def test_constraints_and_enums_from_another_module_of_the_project(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "base.py").write_text(
        textwrap.dedent(
            """
            from enum import Enum
            from numbers import Real

            from sklearn.utils._param_validation import Interval, StrOptions


            class Kind(Enum):
                OVER = "over"
                UNDER = "under"


            class BaseSampler:
                _parameter_constraints: dict = {
                    "sampling_strategy": [
                        Interval(Real, 0, 1, closed="right"),
                        StrOptions({"auto"}),
                    ],
                }
            """
        )
    )
    (pkg / "sampler.py").write_text(
        textwrap.dedent(
            """
            from sklearn.utils._param_validation import HasMethods

            from .base import BaseSampler, Kind


            class NearMiss(BaseSampler):
                _parameter_constraints: dict = {
                    **BaseSampler._parameter_constraints,
                    "n_neighbors": [HasMethods(["kneighbors"]), None],
                }

                def __init__(self, sampling_strategy="auto", n_neighbors=None,
                             kind: Kind = Kind.OVER):
                    self.sampling_strategy = sampling_strategy
                    self.n_neighbors = n_neighbors
                    self.kind = kind
            """
        )
    )
    err = io.StringIO()
    assert docstrings_command(pkg, mode="write", style="numpy", out=io.StringIO(), err=err) == 0
    text = flat((pkg / "sampler.py").read_text())
    assert (
        "sampling_strategy : float or {'auto'}, default='auto' If float, must be in the range "
        "`(0, 1]`." in text
    )
    assert "n_neighbors : object or None, default=None" in text
    assert "Must have the `kneighbors` method." in text
    assert "kind : Kind, default=Kind.OVER One of `Kind.OVER` or `Kind.UNDER`." in text
