"""Performance first: the card opens with what the model is for and how well it does (scores on
the embedded evaluation set with its size, per-class results, an interval where the data allow
one), then how to use it; the long tables are folded; the overview leads with the model."""

from __future__ import annotations

import dataclasses
import math
import random
import re
from pathlib import Path

import pytest
from sklearn.metrics import precision_recall_fscore_support

from card_support import EVALUATION, fixture_site, render_page, wine_model
from modelsite.card.content import fingerprint
from modelsite.card.exports import render_card
from modelsite.card.performance import RESAMPLES, SEED, performance
from modelsite.cli import main


def pairs(matrix: list[list[int]]) -> tuple[list[int], list[int]]:
    truth, predicted = [], []
    for i, row in enumerate(matrix):
        for j, n in enumerate(row):
            truth += [i] * n
            predicted += [j] * n
    return truth, predicted


def test_per_class_results_agree_with_scikit_learn() -> None:
    matrix = [[14, 1, 0], [0, 17, 1], [2, 0, 10]]
    truth, predicted = pairs(matrix)
    p, r, f, support = precision_recall_fscore_support(truth, predicted, zero_division=0)
    perf = performance({"confusion_matrix": matrix}, ["a", "b", "c"])
    assert [c.label for c in perf.per_class] == ["a", "b", "c"]
    assert [c.support for c in perf.per_class] == list(support)
    for c, pi, ri, fi in zip(perf.per_class, p, r, f, strict=True):
        assert abs(float(c.precision) - pi) < 5e-4
        assert abs(float(c.recall) - ri) < 5e-4
        assert abs(float(c.f1) - fi) < 5e-4


def test_interval_is_given_when_the_evaluation_set_has_errors() -> None:
    n, wrong = 200, 40  # accuracy 0.8
    matrix = [[80, 20], [20, 80]]
    ev = {"confusion_matrix": matrix, "n_samples": n, "scores": {"accuracy": 0.8}}
    perf = performance(ev, ["0", "1"])
    (score,) = perf.scores
    low, high = (float(x) for x in score.interval.split(" – "))
    # the normal approximation of a binomial proportion, as an independent reference
    half = 1.96 * math.sqrt(0.8 * 0.2 / n)
    assert abs(low - (0.8 - half)) < 0.02 and abs(high - (0.8 + half)) < 0.02
    assert low < (n - wrong) / n < high
    assert f"{RESAMPLES} resamples" in perf.interval_method and f"({SEED})" in perf.interval_method
    assert "bootstrap" in perf.interval_method and perf.interval_note == ""
    assert performance(ev, ["0", "1"]) == perf  # seeded: the same numbers every time


def test_no_bootstrap_interval_on_a_perfect_evaluation_set_but_the_exact_bound() -> None:
    ev = {"confusion_matrix": [[15, 0], [0, 30]], "n_samples": 45, "scores": {"accuracy": 1.0}}
    perf = performance(ev, ["0", "1"])
    assert perf.scores[0].interval == ""
    lower = 0.025 ** (1 / 45)  # Clopper-Pearson, 45 of 45 correct
    assert f"{lower:.4f}" in perf.interval_note and "all 45" in perf.interval_note.lower()


def test_no_interval_without_a_confusion_matrix() -> None:
    ev = {"n_samples": 30, "scores": {"r2": 0.9, "mae": 1.5}, "residuals": {"y_true": [1.0]}}
    perf = performance(ev, [])
    assert [s.name for s in perf.scores] == ["r2", "mae"]
    assert all(s.interval == "" for s in perf.scores)
    assert perf.interval_method == "" and perf.per_class == ()
    assert perf.n_samples == 30


def test_regression_interval_only_when_the_residuals_are_the_whole_evaluation_set() -> None:
    rng = random.Random(1)
    truth = [rng.uniform(0, 10) for _ in range(120)]
    predicted = [t + rng.gauss(0, 1) for t in truth]
    mae = sum(abs(t - p) for t, p in zip(truth, predicted, strict=True)) / len(truth)
    residuals = {"y_true": truth, "y_pred": predicted}
    ev = {"n_samples": 120, "scores": {"mae": mae}, "residuals": residuals}
    (score,) = performance(ev, []).scores
    low, high = (float(x) for x in score.interval.split(" – "))
    assert low < mae < high and high - low < 0.5
    assert "120 (true, predicted) pairs" in performance(ev, []).interval_method
    subsample = {**ev, "n_samples": 900}  # export keeps at most 500 residuals of 900
    assert performance(subsample, []).scores[0].interval == ""
    assert performance(subsample, []).interval_method == ""


def card_headings(markdown: str) -> list[str]:
    return re.findall(r"^## (.+)$", markdown, flags=re.M)


def test_card_page_puts_use_and_results_before_the_long_tables() -> None:
    ev = {**EVALUATION, "n_samples": 45, "scores": {"accuracy": 0.9556}}
    site = fixture_site(models=(dataclasses.replace(wine_model(), evaluation=ev),))
    page = render_page(site, "model-card.md")
    order = card_headings(page)
    assert order.index("Intended use") < order.index("Evaluation results")
    assert order.index("Evaluation results") < order.index("How to use")
    assert order.index("How to use") < order.index("Model details") < order.index("Training data")
    assert "(45 samples)" in page and "| accuracy | 0.9556 |" in page
    interval = re.search(r"\| accuracy \| 0\.9556 \| (\S+) – (\S+) \|", page)
    assert interval and float(interval[1]) < 0.9556 < float(interval[2])
    assert "### Per class" in page
    # the long tables are folded
    assert re.search(r'^\?\?\? note "\d+ parameters in', page, flags=re.M)


def test_html_card_follows_the_site_card_order() -> None:
    """The standalone HTML card opens like the site's: use, results (with the evaluation set's
    size, the interval and its method, per class), how to use it; long tables folded."""
    ev = {**EVALUATION, "n_samples": 45, "scores": {"accuracy": 0.9556}}
    site = fixture_site(models=(dataclasses.replace(wine_model(), evaluation=ev),))
    html = render_card(site, "html")
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert ids[:4] == ["intended-use", "evaluation-results", "how-to-use", "model-details"], ids
    results = html[html.index('id="evaluation-results"') : html.index('id="how-to-use"')]
    assert "(45 samples)" in results and '<th scope="col">95% interval</th>' in results
    interval = re.search(
        r"<td>accuracy</td><td[^>]*>0\.9556</td><td[^>]*>(\S+) – (\S+)</td>", results
    )
    assert interval and float(interval[1]) < 0.9556 < float(interval[2])
    assert f"{RESAMPLES} resamples, numpy <code>default_rng({SEED})</code>" in results
    assert results.index("Per class") < results.index("Recorded metrics")
    assert '<td>class_2</td><td class="num">12</td>' in results
    for folded in ('id="data-fingerprint"', 'id="hyperparameters"'):
        after = html[html.index(folded) :]
        assert after.index("<details>") < after.index("<table"), folded
    assert "1 table: shapes" in html


def test_tex_card_follows_the_site_card_order() -> None:
    ev = {**EVALUATION, "n_samples": 45, "scores": {"accuracy": 0.9556}}
    site = fixture_site(models=(dataclasses.replace(wine_model(), evaluation=ev),))
    tex = render_card(site, "tex")
    headings = re.findall(r"\\subsubsection\*\{([^}]*)\}", tex)
    assert headings[:4] == ["Intended use", "Evaluation results", "How to use", "Model details"]
    assert "(45 samples)" in tex and "Score & Value & 95\\% interval" in tex
    assert "numpy \\texttt{default\\_\\allowbreak{}rng(0)}" in tex


def test_fingerprint_names_the_columns_of_the_less_common_dtypes() -> None:
    data = {
        "train": {
            "X": {
                "shape": [5, 4],
                "sha256": "ab" * 32,
                "dtypes": {"a": "float64", "b": "float64", "colour": "object", "c": "float64"},
            }
        }
    }
    (row,), other = fingerprint(data)
    assert row.dtypes == "3 × float64, 1 × object (colour)" and other == ()
    uniform = {"test": {"X": {"dtypes": {"a": "int64", "b": "int64"}}}}
    assert fingerprint(uniform)[0][0].dtypes == "2 × int64"


@pytest.fixture(scope="module")
def built(trained_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("perf") / "site"
    assert main(["build", str(trained_example), "-o", str(out)]) == 0
    return out


def h2_ids(page: Path) -> list[str]:
    return re.findall(r'<h2 id="([^"]+)"', page.read_text(encoding="utf-8"))


def test_built_card_opens_with_use_and_results(built: Path) -> None:
    card = built / "model-card" / "index.html"
    ids = h2_ids(card)
    assert ids[:4] == ["intended-use", "evaluation-results", "how-to-use", "model-details"], ids
    html = card.read_text(encoding="utf-8")
    # the example's model is perfect on its 45 test samples: no bootstrap interval, the note
    assert "All 45 evaluation samples are predicted correctly" in html
    fingerprint = html[html.index('id="data-fingerprint"') :]
    assert fingerprint.index("<details") < fingerprint.index("13 × float64")
    assert html.count("float64") == 2  # one summary per X table, not one row per column


def test_built_overview_leads_with_the_model_and_moves_badges_below(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    assert html.index("ms-glance") < html.index('id="get-the-model"') < html.index("ms-badges")
    assert "45 evaluation samples" in html


def test_bootstrap_intervals_are_kept_in_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild of an unchanged model reads its intervals from the cache folder; they are the
    ones resampling gives, a different matrix has its own entry, a broken entry is redone."""
    from modelsite.card import performance as perf

    monkeypatch.setenv("MODELSITE_CACHE_DIR", str(tmp_path))
    matrix = [[40, 3, 1], [2, 50, 4], [0, 5, 45]]
    fresh = perf._bootstrap_now(matrix)
    assert perf._bootstrap(matrix) == fresh
    (entry,) = (tmp_path / "bootstrap").iterdir()
    assert perf._bootstrap(matrix) == fresh  # from the file now
    entry.write_text('{"accuracy": [0.1, 0.2]}', encoding="utf-8")  # a changed entry is read
    assert perf._bootstrap(matrix) == {"accuracy": (0.1, 0.2)}
    entry.write_text("not json", encoding="utf-8")
    assert perf._bootstrap(matrix) == fresh
    other = [[40, 3, 1], [2, 50, 4], [0, 5, 44]]
    assert perf._bootstrap(other) == perf._bootstrap_now(other)
    assert len(list((tmp_path / "bootstrap").iterdir())) == 2
    truth, predicted = [1.0, 2.0, 3.0, 4.5], [1.2, 1.9, 3.3, 4.0]
    regression = perf._bootstrap_regression(truth, predicted)
    assert regression == perf._bootstrap_regression_now(truth, predicted)
    assert len(list((tmp_path / "bootstrap").iterdir())) == 3
