"""`modelsite check`: one CI command over docstrings, lint, format and card checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from health_helpers import TINY_CORE_CLEAN, TINY_CORE_LINT_ERROR, tiny_project
from modelsite.cli import main


def table_row(output: str, check: str) -> list[str]:
    for line in output.splitlines():
        parts = line.split()
        if parts and " ".join(parts[: len(check.split())]) == check:
            return parts[len(check.split()) :]
    raise AssertionError(f"no row for {check!r} in:\n{output}")


def test_exits_1_on_a_lint_error_and_0_once_fixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tiny_project(tmp_path / "tiny", core=TINY_CORE_LINT_ERROR)
    assert main(["check", str(project)]) == 1
    out = capsys.readouterr().out
    assert table_row(out, "lint")[0] == "FAIL"
    assert table_row(out, "docstrings")[0] == "ok"
    assert table_row(out, "format")[0] == "ok"
    assert table_row(out, "card")[0] == "skip"  # no model file: nothing to lint
    assert "src/tiny/core.py:3:8: F401 `os` imported but unused" in out
    assert "fix: ruff check --isolated" in out
    assert out.rstrip().endswith("failed: lint")

    (project / "src" / "tiny" / "core.py").write_text(TINY_CORE_CLEAN, encoding="utf-8")
    assert main(["check", str(project)]) == 0
    out = capsys.readouterr().out
    assert table_row(out, "lint") == ["ok", "no", "ruff", "findings"]
    assert out.rstrip().endswith("all checks passed")


def test_each_failing_check_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    core = '"""Core."""\n\n\ndef undocumented(x:int)->int:\n    return x\n'
    project = tiny_project(tmp_path / "tiny", core=core)
    assert main(["check", str(project)]) == 1
    out = capsys.readouterr().out
    assert table_row(out, "docstrings")[0] == "FAIL"
    assert "function `tiny.core.undocumented` has no docstring" in out
    assert table_row(out, "format")[:3] == ["FAIL", "1", "file"]
    assert "src/tiny/core.py: would be reformatted" in out
    assert table_row(out, "lint")[0] == "ok"
    assert table_row(out, "type hints")[0] == "info"  # informative, never failing
    assert out.rstrip().endswith("failed: docstrings, format")


def test_card_row_agrees_with_modelsite_card_check(
    trained_example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card_exit = main(["card", str(trained_example), "--check"])
    capsys.readouterr()
    main(["check", str(trained_example)])
    out = capsys.readouterr().out
    assert table_row(out, "card")[0] == ("ok" if card_exit == 0 else "FAIL")


def test_a_missing_project_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and "not a folder" in err
