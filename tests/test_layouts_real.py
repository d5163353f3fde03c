"""Zero-config builds of two synthetic copies shaped like real public repositories (issue 12).

- `rramosp/sklearn_scripts`: notebooks at the top, a `scripts/` folder (no `__init__.py`) with
  `train.py` and `predict.py` run as argparse scripts, an unseeded `RandomForestClassifier()`.
  Checked by hand on the real repository: both scripts get a page under `/reference/scripts/`,
  the overview counts 2 public objects in 2 modules (the two module docstrings, both missing),
  the reproduce page lists the unseeded forest in `scripts/train.py`.
- `ficheindex/FinancialRiskPredictor`: top-level `run_step*.py` scripts next to packages
  (`model/`, `utils/` with `seed.py` seeding `random` from a parameter). Checked by hand: each
  top-level script and `utils.seed` get a page.
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
