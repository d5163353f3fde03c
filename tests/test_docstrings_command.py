"""`modelsite docstrings`: report, --check, --diff, --write on small real packages."""

from __future__ import annotations

import io
import os
import textwrap
from pathlib import Path

import pytest

from modelsite.cli import main
from modelsite.docstrings.tree import docstrings_command

TRAIN = textwrap.dedent("""\
    # Training script for the toy model.
    import json
    from pathlib import Path

    import numpy as np


    def load_data(path: str, test_size: float = 0.2):
        data = np.loadtxt(path, delimiter=",")
        if not 0 < test_size < 1:
            raise ValueError("test_size must be in (0, 1)")
        return data[:, :-1], data[:, -1]


    def save_metrics(metrics: dict[str, float], output_dir: Path) -> None:
        output_dir.mkdir(exist_ok=True)
        (output_dir / "metrics.json").write_text(json.dumps(metrics))


    class Scorer:
        def __init__(self, threshold=0.5):
            self.threshold = threshold
            self.history = []

        def score(self, y_true, y_pred):
            return float(np.mean(y_true == (y_pred > self.threshold)))

        def _helper(self):
            return 1


    def _private():
        pass
""")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    pkg = tmp_path / "src" / "toy"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Toy package."""\n')
    (pkg / "train.py").write_text(TRAIN)
    return tmp_path


def run(path: Path, mode: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = docstrings_command(path, mode=mode, style="auto", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_report_counts_public_objects_per_module(project: Path) -> None:
    code, out, _ = run(project, "report")
    assert code == 0
    # toy: 1 documented module; toy.train: module, load_data, save_metrics, Scorer, score
    assert "| toy       |          1 |     1 |   100.0% |" in out
    assert "| toy.train |          0 |     5 |     0.0% |" in out
    assert "overall: 1/6 documented (16.7%)" in out


def test_check_fails_then_write_documents_everything_then_check_passes(project: Path) -> None:
    code, out, err = run(project, "check")
    assert code == 1
    assert "src/toy/train.py:8: function `toy.train.load_data` has no docstring" in out.replace(
        str(project) + "/", ""
    )
    assert "5 public objects without a docstring" in err

    code, out, _ = run(project, "write")
    assert code == 0
    assert "added 5 docstrings in 1 file (numpy style)" in out
    text = (project / "src/toy/train.py").read_text()
    assert '    """Load the data from `path`.' in text
    assert "def _private():\n    pass" in text  # private objects are left alone

    code, out, _ = run(project, "write")
    assert "added 0 docstrings in 0 files" in out
    assert (project / "src/toy/train.py").read_text() == text

    code, out, _ = run(project, "check")
    assert code == 0
    assert "overall: 6/6 documented (100.0%)" in out


def test_diff_prints_unified_diff_and_writes_nothing(project: Path) -> None:
    before = (project / "src/toy/train.py").read_bytes()
    code, out, err = run(project, "diff")
    assert code == 0
    assert out.splitlines()[0].endswith("src/toy/train.py")
    assert out.splitlines()[0].startswith("--- a/")
    # not scikit-learn's `score(X, y)`, so not its conventional summary
    assert '+        """Score `y_true`.\n' in out
    assert "+            Ground-truth (correct) target values. Compared with\n" in out
    assert "+            `y_pred > self.threshold`." in out  # never wrapped inside code
    assert "+    Raises\n" in out and "+    ValueError\n" in out
    assert "5 docstrings to add in 1 file" in err
    assert (project / "src/toy/train.py").read_bytes() == before


def test_unparseable_file_is_skipped_with_a_located_message(project: Path) -> None:
    bad = project / "src/toy/broken.py"
    bad.write_text("def ok():\n    return 1\n\ndef broken(:\n    pass\n")
    code, _, err = run(project, "write")
    assert code == 1
    assert "src/toy/broken.py:4: does not parse" in err
    assert bad.read_text().startswith("def ok():\n    return 1\n")  # left alone
    assert '"""' in (project / "src/toy/train.py").read_text()  # the others were written


def test_cli_wires_the_subcommand_and_reports_bad_paths(project: Path, capsys) -> None:
    assert main(["docstrings", str(project / "src/toy"), "--check"]) == 1
    assert main(["docstrings", str(project / "missing")]) == 2
    assert "missing: does not exist" in capsys.readouterr().err


def test_pre_commit_hook_runs_the_check(project: Path) -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "modelsite-docstrings")
    argv = hook["entry"].split() + hook["args"]
    assert argv[:3] == ["modelsite", "docstrings", "--check"]
    assert hook["pass_filenames"] is False
    cwd = Path.cwd()
    try:
        os.chdir(project)
        assert main(argv[1:]) == 1  # what pre-commit runs, from the project root
        assert main(["docstrings", ".", "--write"]) == 0
        assert main(argv[1:]) == 0
    finally:
        os.chdir(cwd)


def test_a_relative_path_from_another_folder_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`modelsite docstrings proj --check` from proj's parent counts proj's code (it read
    `proj/proj/...`, skipped every file and passed with "0/0 documented")."""
    pkg = tmp_path / "proj" / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("def f(x):\n    return x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given in ("proj", "proj/pkg"):
        assert main(["docstrings", given, "--check"]) == 1
        captured = capsys.readouterr()
        assert "cannot be read" not in captured.err
        assert "overall: 0/2 documented" in captured.out
        assert "proj/pkg/__init__.py:1: function `pkg.f` has no docstring" in captured.out
