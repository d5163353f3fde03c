"""Zero-config builds of two synthetic copies shaped like real public repositories (issue 12).

- `rramosp/sklearn_scripts`: notebooks at the top, a `scripts/` folder (no `__init__.py`) with
  `train.py` and `predict.py` run as argparse scripts, an unseeded `RandomForestClassifier()`.
  Checked by hand on the real repository: both scripts get a page under `/reference/scripts/`,
  the overview counts 2 public objects in 2 modules (the two module docstrings, both missing),
  the reproduce page lists the unseeded forest in `scripts/train.py`.
- `ficheindex/FinancialRiskPredictor`: top-level `run_step*.py` scripts next to packages
  (`model/`, `utils/` with `seed.py` seeding `random` from a parameter). Checked by hand: each
  top-level script and `utils.seed` get a page.
- `scikit-learn-contrib/project-template`: a package whose `__init__.py` re-exports its
  estimators from the private `_template.py` (`__all__`, and `__version__` from a `_version.py`
  the build writes, absent from the repository), `tests/` inside the package and inside
  `utils/`, numpy docstrings with `:ref:` and `:meth:` roles, `examples/plot_*.py`, a Sphinx
  `doc/conf.py`. Checked by hand on the real repository (commit fc9f82e): pages for the package,
  `utils` and `utils.discovery` only; the estimators are documented on the package page under
  `skltemplate.TemplateClassifier`; `:meth:`fit`` links to that class's `fit`; the `:ref:`
  shows its title ("User Guide"); no page, heading or role markup for tests, `_template`,
  examples or docs.
"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import pytest

from modelsite.cli import main

pytestmark = pytest.mark.slow

SKLEARN_SCRIPTS = {
    "README.md": "# Example train and predict scripts\n",
    "01 - generate data and model.ipynb": "{}\n",
    "scripts/train.py": """
        import argparse
        import pickle

        import pandas as pd
        from sklearn.ensemble import RandomForestClassifier

        parser = argparse.ArgumentParser()
        parser.add_argument("--data_file", required=True)
        args = parser.parse_args()
        z = pd.read_csv(args.data_file).values
        m = RandomForestClassifier()
        m.fit(z[:, :2], z[:, -1])
        with open("model.pkl", "wb") as f:
            pickle.dump(m, f)
    """,
    "scripts/predict.py": """
        import argparse
        import pickle

        parser = argparse.ArgumentParser()
        parser.add_argument("--model_file", required=True)
        args = parser.parse_args()
        with open(args.model_file, "rb") as f:
            m = pickle.load(f)
    """,
}

RISK_PREDICTOR = {
    "run_step1_get_instruction.py": "def main():\n    pass\n",
    "run_step3_baseline_tree.py": """
        \"\"\"Tree baselines.\"\"\"


        def run(seed: int) -> None:
            pass
    """,
    "model/__init__.py": "",
    "model/sml.py": "class SML:\n    pass\n",
    "utils/__init__.py": "from .seed import set_seed\n",
    "utils/seed.py": '''
        import random


        def set_seed(seed: int) -> None:
            """Seed Python's random numbers."""
            random.seed(seed)
    ''',
}


PROJECT_TEMPLATE = {
    "LICENSE": "BSD 3-Clause License (synthetic copy of the layout only)\n",
    "pyproject.toml": """
        [project]
        name = "skltemplate"
        dynamic = ["version"]
        dependencies = ["scikit-learn>=1.4.2"]
    """,
    "skltemplate/__init__.py": """
        from ._template import TemplateClassifier, TemplateEstimator
        from ._version import __version__

        __all__ = ["TemplateEstimator", "TemplateClassifier", "__version__"]
    """,
    "skltemplate/_template.py": '''
        """Estimators of the template."""

        from sklearn.base import BaseEstimator, ClassifierMixin


        class TemplateEstimator(BaseEstimator):
            """A do-nothing estimator.

            Read more in the :ref:`User Guide <user_guide>`.

            Parameters
            ----------
            demo_param : str, default='demo_param'
                A parameter.
            """

            def __init__(self, demo_param="demo_param"):
                self.demo_param = demo_param

            def fit(self, X, y):
                """Fit the estimator.

                Returns
                -------
                self : object
                    The fitted estimator.
                """
                return self


        class TemplateClassifier(ClassifierMixin, BaseEstimator):
            """A 1-NN classifier.

            Attributes
            ----------
            X_ : ndarray, shape (n_samples, n_features)
                The input passed during :meth:`fit`.
            """

            def fit(self, X, y):
                """Remember the data."""
                self.X_ = X
                return self

            def predict(self, X):
                """Predict the label of the nearest sample."""
                return X
    ''',
    "skltemplate/tests/__init__.py": "",
    "skltemplate/tests/test_template.py": "def test_fit():\n    pass\n",
    "skltemplate/utils/__init__.py": "",
    "skltemplate/utils/discovery.py": '''
        """Utilities to discover the estimators."""


        def all_estimators(type_filter=None):
            """The estimators of the package."""
            return []
    ''',
    "skltemplate/utils/tests/__init__.py": "",
    "skltemplate/utils/tests/test_discovery.py": "def test_all():\n    pass\n",
    "examples/plot_classifier.py": "from skltemplate import TemplateClassifier\n",
    "doc/conf.py": "project = 'skltemplate'\n",
}


def build(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    out = root.parent / "site"
    assert main(["build", str(root), "-o", str(out)]) == 0
    return out


def text_of(page: Path) -> str:
    body = page.read_text(encoding="utf-8")
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_folder_of_argparse_scripts(tmp_path: Path) -> None:
    out = build(tmp_path / "sklearn_scripts", SKLEARN_SCRIPTS)
    assert (out / "reference" / "scripts" / "train" / "index.html").is_file()
    assert (out / "reference" / "scripts" / "predict" / "index.html").is_file()
    assert "0% of 2 public objects in 2 modules have docstrings" in text_of(out / "index.html")
    reproduce = text_of(out / "reproduce" / "index.html")
    assert "scripts/train.py:11 RandomForestClassifier" in reproduce


def test_top_level_scripts_next_to_packages(tmp_path: Path) -> None:
    out = build(tmp_path / "FinancialRiskPredictor", RISK_PREDICTOR)
    for page in ("run_step1_get_instruction", "run_step3_baseline_tree", "utils/seed", "model/sml"):
        assert (out / "reference" / page / "index.html").is_file(), page
    assert "set_seed" in text_of(out / "reference" / "utils" / "seed" / "index.html")


def test_package_re_exporting_from_a_private_module(tmp_path: Path) -> None:
    out = build(tmp_path / "project-template", PROJECT_TEMPLATE)
    pages = sorted(
        p.parent.relative_to(out / "reference").as_posix()
        for p in (out / "reference").rglob("index.html")
    )
    assert pages == [".", "skltemplate", "skltemplate/utils", "skltemplate/utils/discovery"]
    page = (out / "reference" / "skltemplate" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<h[2-4] id="([^"]+)"', page)
    assert [i for i in ids if i.startswith("skltemplate.")] == [
        "skltemplate.TemplateClassifier",  # in the order of the import line, as on the real site
        "skltemplate.TemplateClassifier.fit",
        "skltemplate.TemplateClassifier.predict",
        "skltemplate.TemplateEstimator",
        "skltemplate.TemplateEstimator.fit",
    ]
    fit_link = r'during <a class="autorefs[^"]*"[^>]*href="#skltemplate\.TemplateClassifier\.fit"'
    assert re.search(fit_link, page)
    shown = re.sub(r'<details class="mkdocstrings-source">.*?</details>', " ", page, flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", shown)).split())  # no source listing
    assert "Read more in the User Guide." in text
    assert ":ref:" not in text and ":meth:" not in text and "user_guide" not in text
    site_text = " ".join(text_of(p) for p in out.rglob("index.html"))
    assert "test_fit" not in site_text and "plot_classifier" not in site_text
