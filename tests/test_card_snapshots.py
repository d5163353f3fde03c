"""Golden snapshots of the model card in every format, from a deterministic fixture site.

Inputs: `card_support.fixture_site()` (a wine-like classification pipeline with every kind of
evaluation data) and `card_support.regression_site` for the residuals plot; no training, clock
or git is involved, so the output is stable. After a deliberate change run

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_card_snapshots.py

and review the diff of tests/snapshots/card/ like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from card_support import fixture_site, regression_model, render_page
from modelsite.card.exports import render_card
from modelsite.card.plots import residuals_plot

SNAPSHOTS = Path(__file__).parent / "snapshots" / "card"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


def check(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"no snapshot {path}; run UPDATE_SNAPSHOTS=1 pytest {__file__}"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"tests/snapshots/card/{name} differs from the rendered card; if the change is intended "
        "run UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_card_snapshots.py"
    )


@pytest.mark.parametrize(
    ("fmt", "name"), [("md", "README.md"), ("html", "model-card.html"), ("tex", "model-card.tex")]
)
def test_export_matches_snapshot(fmt: str, name: str) -> None:
    check(name, render_card(fixture_site(), fmt))


def test_site_page_matches_snapshot() -> None:
    check("site-model-card.md", render_page(fixture_site(), "model-card.md"))


def test_residuals_plot_matches_snapshot() -> None:
    plot = residuals_plot(regression_model().evaluation, "ms-ridge-residuals")
    assert plot is not None
    check("residuals.svg", plot.svg + "\n")


def test_rendering_twice_gives_the_same_text() -> None:
    assert render_card(fixture_site(), "html") == render_card(fixture_site(), "html")
