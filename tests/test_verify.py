"""`modelsite verify`: passes on the example, fails with a clear table when parameters or
predictions differ, reports environment drift, never compares hashes."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys

import pytest

from modelsite.cli import main
from modelsite.collect.model import read_model
from modelsite.repro.verify import DRIFT, MISMATCH, OK, compare_environment, verify


def _trust(model_path) -> list[str]:
    flags = []
    for t in read_model(model_path).untrusted_types:
        flags += ["--trust", t]
    return flags


def _train(project, output, *extra):
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    subprocess.run(
        [sys.executable, "-m", "wine_classifier.train", "--output", str(output), *extra],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    return project / output


def test_verify_passes_on_the_example(trained_example, capsys):
    model = trained_example / "model.skops"
    assert main(["verify", str(trained_example), *_trust(model)]) == 0
    out = capsys.readouterr().out
    assert "verify passed\n" in out
    assert "fixed sample (20 rows)  20 published  20 equal" in out
    assert "max difference 0" in out
    assert "sha256" not in out.lower()  # hashes are never compared


def test_without_trust_predictions_are_skipped_not_failed(trained_example, capsys):
    assert main(["verify", str(trained_example)]) == 0
    captured = capsys.readouterr()
    assert "needs trusted types: --trust sklearn.tree._tree.Tree" in captured.out
    assert "verify passed (some checks skipped)" in captured.out
    assert "note: predictions not checked" in captured.err


def test_retrained_model_verifies_against_the_published_one(example_copy, capsys):
    published = example_copy / "published.skops"
    shutil.copy(example_copy / "model.skops", published)
    _train(example_copy, "model.skops")  # retrain: a new file, not byte-identical
    code = main(
        ["verify", str(published), "--model", str(example_copy / "model.skops"), *_trust(published)]
    )
    assert code == 0, capsys.readouterr().out


def test_changed_parameters_fail_with_a_table(example_copy, tmp_path, capsys):
    # outside the project, whose own (primary) model stays the card's model
    changed = _train(example_copy, tmp_path / "changed.skops", "--n-estimators", "50")
    code = main(["verify", str(example_copy), "--model", str(changed), *_trust(changed)])
    assert code == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    header = next(line for line in lines if line.startswith("check"))
    assert header.split() == ["check", "item", "card", "model", "file", "result"]
    row = next(line for line in lines if "forest__n_estimators" in line)
    assert row.split() == ["parameter", "forest__n_estimators", "100", "50", MISMATCH]
    assert "verify failed" in captured.err


def test_same_parameters_different_predictions_fail(example_copy, tmp_path):
    import numpy as np
    import skops.io

    import modelsite
    from wine_classifier_loader import load_wine_split

    published = example_copy / "model.skops"
    trust = read_model(published).untrusted_types
    model = skops.io.load(published, trusted=list(trust))
    X_train, X_test, y_train, y_test = load_wine_split()
    rng = np.random.default_rng(0)
    model.fit(X_train, rng.permutation(np.asarray(y_train)))  # same parameters, other labels
    other = modelsite.export(model, tmp_path / "other.skops", X_test=X_test, y_test=y_test)
    _, _, rows = verify(example_copy, model=str(other), trust=tuple(trust))
    assert all(r.result != MISMATCH for r in rows if r.check == "parameter")
    bad = [r for r in rows if r.check == "prediction"]
    assert bad and all(r.result == MISMATCH and r.item.startswith("sample row") for r in bad)
    assert (
        main(
            [
                "verify",
                str(example_copy),
                "--model",
                str(other),
                *_trust(published),
            ]
        )
        == 1
    )


def test_environment_drift_is_reported_not_failed(trained_example):
    info = read_model(trained_example / "model.skops")
    env = dict(info.environment)
    env["packages"] = {**env["packages"], "scikit-learn": "0.0.1", "no-such-dist": "1.0"}
    rows = compare_environment(dataclasses.replace(info, environment=env))
    drift = {r.item: (r.expected, r.actual, r.result) for r in rows if r.result == DRIFT}
    assert drift["scikit-learn"][:1] == ("0.0.1",) and drift["scikit-learn"][2] == DRIFT
    assert drift["no-such-dist"] == ("1.0", "not installed", DRIFT)
    assert rows[0].item == "python" and rows[0].result == OK


@pytest.mark.parametrize("args", [["--model", "missing.skops"], []])
def test_bad_input_exits_2(tmp_path, args, capsys):
    (tmp_path / "pkg").mkdir()
    assert main(["verify", str(tmp_path), *args]) == 2
    err = capsys.readouterr().err
    assert (
        "missing.skops: model file to verify does not exist" in err
        or "no *.skops model file found" in err
    )


def test_trust_from_the_configuration(example_copy, capsys):
    types = read_model(example_copy / "model.skops").untrusted_types
    with (example_copy / "modelsite.yml").open("a") as fh:
        fh.write("trust:\n" + "".join(f"  - {t}\n" for t in types))
    assert main(["verify", str(example_copy)]) == 0
    assert "20 published  20 equal" in capsys.readouterr().out


def test_versions_the_candidate_was_trained_with_are_compared(trained_example):
    from modelsite.repro.verify import compare_recorded

    reference = read_model(trained_example / "model.skops")
    env = {**reference.environment, "python": "3.10.1"}
    env["packages"] = {**env["packages"], "scikit-learn": "0.0.1"}
    rows = compare_recorded(reference, dataclasses.replace(reference, environment=env))
    assert [(r.check, r.item, r.actual, r.result) for r in rows] == [
        ("trained with", "python", "3.10.1", DRIFT),
        ("trained with", "scikit-learn", "0.0.1", DRIFT),
    ]
    assert compare_recorded(reference, reference) == []
