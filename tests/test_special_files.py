"""Only regular files are read as models (issue 18, item 4): a FIFO once made `inspect` wait
forever, `/dev/zero` read without end. The check runs before anything is opened."""

from __future__ import annotations

import os
import subprocess
import sys
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


# -- special files among the training code (issue 18, item 4) ---------------------------------
# Each command runs in a child process with a timeout: a FIFO opened for reading blocks for
# ever and `/dev/zero` never ends, so a regression shows up as a hang, which the timeout turns
# into a failure (no assert on how long anything took).

COMMANDS = {
    "build": ("build", ".", "-o", "../site"),
    "docstrings": ("docstrings", "."),
    "card": ("card", ".", "-o", "../card.md"),
}


def run_cli(argv: tuple[str, ...], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    try:
        return subprocess.run(
            [sys.executable, "-m", "modelsite", *argv],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"modelsite {' '.join(argv)} hung (a special file was opened)")


def training_project(root: Path) -> Path:
    """A package with one documented function and a fitted model."""
    import skops.io
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    pkg = root / "proj" / "pkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Fit iris."""\n')
    (pkg / "train.py").write_text(
        '"""Training."""\n\n\ndef fit(c: float) -> float:\n    return c\n'
    )
    X, y = load_iris(return_X_y=True)
    skops.io.dump(LogisticRegression(max_iter=300).fit(X, y), root / "proj" / "model.skops")
    return root / "proj"


@pytest.fixture(scope="module")
def odd_links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Special files the walks skip with a warning: a FIFO script next to the package, and
    a broken and an outside link inside it (griffe skips or reads those without harm)."""
    root = tmp_path_factory.mktemp("odd")
    project = training_project(root)
    os.mkfifo(project / "pipe.py")
    (project / "pkg" / "broken.py").symlink_to(root / "missing.py")
    (root / "elsewhere.py").write_text("SECRET = 1\n")
    (project / "pkg" / "outside.py").symlink_to(root / "elsewhere.py")
    return project


@pytest.mark.parametrize("command", list(COMMANDS))
def test_fifo_and_odd_links_are_skipped_with_a_warning_naming_each(
    odd_links: Path, command: str
) -> None:
    before = sorted(p.name for p in odd_links.rglob("*"))
    proc = run_cli(COMMANDS[command], odd_links)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert "pipe.py: is not a regular file (a FIFO, device or socket); left out" in proc.stderr
    assert "pkg/broken.py: broken symbolic link; left out" in proc.stderr
    assert "pkg/outside.py: symbolic link to" in proc.stderr
    assert sorted(p.name for p in odd_links.rglob("*")) == before
    if command == "build":
        site = odd_links.parent / "site"
        assert (site / "reference" / "pkg" / "train" / "index.html").is_file()
        assert not (site / "reference" / "pkg" / "outside").exists()
        assert "SECRET" not in (site / "reference" / "pkg" / "index.html").read_text()


def _fifo(path: Path, root: Path) -> None:
    os.mkfifo(path)


def _device_link(path: Path, root: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder_loop(path: Path, root: Path) -> None:
    path.with_suffix("").symlink_to(path.parent, target_is_directory=True)


def _folder_outside(path: Path, root: Path) -> None:
    (root / "far").mkdir(exist_ok=True)
    path.with_suffix("").symlink_to(root / "far", target_is_directory=True)


HAZARDS = {
    "fifo": (_fifo, "pkg/x.py: is not a regular file (a FIFO, device or socket), inside package"),
    "device_link": (_device_link, "pkg/x.py: symbolic link to /dev/zero, not a regular file"),
    "folder_loop": (_folder_loop, "pkg/x: symbolic link to {pkg}, a folder it is inside of"),
    "folder_outside": (_folder_outside, "pkg/x: symbolic link to {far}, a folder outside"),
}


@pytest.mark.parametrize("hazard", list(HAZARDS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_what_would_hang_griffe_inside_a_package_is_one_error_line(
    tmp_path: Path, hazard: str, command: str
) -> None:
    """griffe reads a package whole (and follows links in it); modelsite cannot make it skip a
    file, so what would block it or walk forever stops the command, naming the file."""
    project = training_project(tmp_path)
    make, expected = HAZARDS[hazard]
    make(project / "pkg" / "x.py", tmp_path)
    proc = run_cli(COMMANDS[command], project)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("modelsite: error")]
    assert len(errors) == 1, proc.stderr
    pkg, far = (project / "pkg").resolve(), (tmp_path / "far").resolve()
    assert expected.format(pkg=pkg, far=far) in errors[0]
    assert not (tmp_path / "site").exists() and not (tmp_path / "card.md").exists()
