"""Only regular files are read as models (issue 18, item 4): a FIFO once made `inspect` wait
forever, `/dev/zero` read without end. The check runs before anything is opened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from modelsite.cli import main


@pytest.mark.parametrize("command", ["inspect", "verify"])
def test_a_fifo_is_refused_without_opening_it(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "model.skops"
    os.mkfifo(fifo)  # opening it for reading would block: the test would hang, not fail
    assert main([command, str(fifo)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"modelsite: error: {fifo}: is not a regular file (a FIFO, device or socket); not read"
    ]


def test_a_device_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "/dev/zero"]) == 2
    assert "/dev/zero: is not a regular file" in capsys.readouterr().err


def test_a_fifo_among_the_project_files_is_not_taken_for_a_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Discovery keeps regular files only: the build finishes (it would hang reading it)."""
    project = tmp_path / "proj"
    (project / "pkg").mkdir(parents=True)
    (project / "pkg" / "__init__.py").write_text('"""P."""\n')
    os.mkfifo(project / "model.skops")
    assert main(["build", str(project), "-o", str(tmp_path / "site")]) == 0
    assert "no *.skops model file found" in capsys.readouterr().err


def test_a_fifo_named_as_the_model_stops_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "proj"
    (project / "pkg").mkdir(parents=True)
    (project / "pkg" / "__init__.py").write_text('"""P."""\n')
    os.mkfifo(project / "pipe.skops")
    (project / "modelsite.yml").write_text("models: [pipe.skops]\n")
    assert main(["build", str(project), "-o", str(tmp_path / "site")]) == 2
    assert "pipe.skops" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
