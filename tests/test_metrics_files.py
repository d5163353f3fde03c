"""`metrics:` in modelsite.yml: extra metrics files, each metric naming the file it came from."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
import skops.io
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from modelsite.card.content import build_card
from modelsite.cli import main
from modelsite.errors import InputError
from modelsite.pipeline import collect_site


def metrics_of(site, model) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {m.name: (m.text, m.source) for m in build_card(site, model).metrics}


@pytest.fixture
def one_model(trained_example: Path, tmp_path: Path) -> Path:
    root = tmp_path / "wine"
    shutil.copytree(trained_example, root, ignore=shutil.ignore_patterns("site"))
    return root


def configure(root: Path, metrics: list[str]) -> None:
    config = root / "modelsite.yml"
    text = config.read_text() if config.exists() else ""
    config.write_text(text + f"\nmetrics: {json.dumps(metrics)}\n")


def test_metrics_file_adds_metrics_that_name_the_file(one_model: Path) -> None:
    (one_model / "results.json").write_text(
        json.dumps({"balanced_accuracy": 0.95, "holdout": {"log_loss": 0.125}})
    )
    configure(one_model, ["results.json"])
    site = collect_site(one_model)
    shown = metrics_of(site, site.model)
    assert shown["balanced_accuracy"] == ("0.9500", "results.json")
    assert shown["holdout.log_loss"] == ("0.1250", "results.json")
    assert shown["accuracy"][1] == "model.skops"  # the embedded ones keep their source


def test_recorded_value_wins_and_a_different_one_is_a_warning(
    one_model: Path, caplog: pytest.LogCaptureFixture
) -> None:
    recorded = collect_site(one_model).model.metrics["accuracy"]  # type: ignore[union-attr]
    (one_model / "m.yml").write_text("accuracy: 0.5\nnote: good\n")
    configure(one_model, ["m.yml"])
    with caplog.at_level(logging.WARNING, logger="modelsite"):
        site = collect_site(one_model)
    assert site.model.metrics["accuracy"] == recorded  # type: ignore[union-attr]
    messages = " | ".join(r.getMessage() for r in caplog.records)
    assert f"m.yml: metric `accuracy` is 0.5 here but {recorded} in model.skops" in messages
    assert "m.yml: metric `note` is not a number" in messages
    assert "note" not in site.model.metrics  # type: ignore[union-attr]


def two_models(root: Path) -> Path:
    X, y = load_iris(return_X_y=True)
    root.mkdir()
    (root / "train.py").write_text('"""Train."""\n')
    skops.io.dump(LogisticRegression(max_iter=300).fit(X, y), root / "linear.skops")
    skops.io.dump(DecisionTreeClassifier(random_state=0).fit(X, y), root / "tree.skops")
    (root / "modelsite.yml").write_text("models: [linear.skops, tree.skops]\n")
    return root


def test_several_models_take_metrics_keyed_by_model_name(tmp_path: Path) -> None:
    root = two_models(tmp_path / "p")
    (root / "scores.json").write_text(
        json.dumps({"linear": {"accuracy": 0.97}, "tree": {"accuracy": 0.93}})
    )
    configure(root, ["scores.json"])
    site = collect_site(root)
    linear, tree = site.models
    assert metrics_of(site, linear) == {"accuracy": ("0.9700", "scores.json")}
    assert metrics_of(site, tree) == {"accuracy": ("0.9300", "scores.json")}


def test_several_models_and_an_unkeyed_file_is_left_out_not_guessed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = two_models(tmp_path / "p")
    (root / "scores.json").write_text(json.dumps({"accuracy": 0.97}))
    configure(root, ["scores.json"])
    with caplog.at_level(logging.WARNING, logger="modelsite"):
        site = collect_site(root)
    assert all(not m.metrics for m in site.models)
    assert any(
        "does not say which it measures; key its metrics by model name (linear, tree)"
        in r.getMessage()
        for r in caplog.records
    )


def test_a_missing_or_malformed_metrics_file_is_one_line_exit_2(
    one_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(one_model, ["missing.json"])
    assert main(["build", str(one_model), "-o", str(one_model / "out")]) == 2
    assert "missing.json: metrics file not found" in capsys.readouterr().err
    (one_model / "missing.json").write_text("[1, 2]")
    with pytest.raises(InputError, match=r"missing.json: must hold a mapping .*, not list"):
        collect_site(one_model)
    (one_model / "missing.json").write_text("{oops")
    with pytest.raises(InputError, match=r"missing\.json: not valid JSON"):
        collect_site(one_model)
    assert not (one_model / "out").exists()


def test_output_folder_may_not_hold_a_metrics_file(
    one_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (one_model / "reports").mkdir()
    (one_model / "reports" / "m.json").write_text('{"x": 1}')
    configure(one_model, ["reports/m.json"])
    assert main(["build", str(one_model), "-o", str(one_model / "reports")]) == 2
    assert "reports: site folder holds m.json" in capsys.readouterr().err
    assert (one_model / "reports" / "m.json").read_text() == '{"x": 1}'


def test_serve_watches_the_metrics_files_folder(one_model: Path) -> None:
    from modelsite.serve import watched_paths

    (one_model / "reports").mkdir()
    (one_model / "reports" / "m.json").write_text('{"x": 1}')
    configure(one_model, ["reports/m.json"])
    watched = dict(watched_paths(one_model, collect_site(one_model)))
    assert watched[(one_model / "reports").resolve()] is False
