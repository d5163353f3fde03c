"""Shared fixtures: real temporary projects built from the bundled example.

`trained_example` is a session-wide copy of `examples/wine` with a freshly trained `model.skops`
(training takes a few seconds); tests that change files copy it again with `example_copy`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "wine"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def copy_project(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("site", "__pycache__", "*.egg-info"))
    return dst


def train(project: Path) -> Path:
    """Train the example in `project` (its own copy of the source) and return the model path."""
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    subprocess.run(
        [sys.executable, "-m", "wine_classifier.train", "--output", "model.skops"],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    return project / "model.skops"


@pytest.fixture(scope="session")
def trained_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled example with its model trained (shared: do not modify)."""
    project = copy_project(EXAMPLE, tmp_path_factory.mktemp("example") / "wine")
    train(project)
    return project


@pytest.fixture
def example_copy(trained_example: Path, tmp_path: Path) -> Path:
    """A private copy of the trained example that a test may modify."""
    return copy_project(trained_example, tmp_path / "wine")


@pytest.fixture(scope="module")
def private_model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A fresh modelsite cache (parameter names, trusted types) for one test module: a module
    that checks what a cold reader does must not see what other modules cached."""
    old = os.environ.get("MODELSITE_CACHE_DIR")
    os.environ["MODELSITE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        del os.environ["MODELSITE_CACHE_DIR"]
    else:
        os.environ["MODELSITE_CACHE_DIR"] = old


# ---------------------------------------------------------------- tools a test needs
# Tests marked `@pytest.mark.needs("pdflatex")` (or "chromium") are skipped when the machine lacks
# the tool, with one summary line naming it and how to install it; under CI (`CI=true`) nothing
# is skipped, so a missing tool fails those tests loudly.

TOOLS = {
    "pdflatex": (
        lambda: shutil.which("pdflatex") is not None,
        "apt-get install texlive-latex-base texlive-latex-recommended (Debian; .ci/run does)",
    ),
    "chromium": (
        lambda: Path("/usr/bin/chromium").is_file(),
        "apt-get install chromium (Debian; .ci/run does; modelsite never downloads a browser)",
    ),
    "axe-core": (
        lambda: (
            Path(__file__).parent.parent / "tools/npm/node_modules/axe-core/axe.min.js"
        ).is_file(),
        "npm ci --prefix tools/npm (axe-core from the npm registry; .ci/run does)",
    ),
}
_SKIPPED: dict[str, int] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs(tool): the test needs pdflatex, chromium or axe-core")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("CI", "").lower() == "true":
        return
    for item in items:
        for mark in item.iter_markers("needs"):
            tool = str(mark.args[0])
            present, _ = TOOLS[tool]
            if not present():
                _SKIPPED[tool] = _SKIPPED.get(tool, 0) + 1
                item.add_marker(pytest.mark.skip(reason=f"{tool} is missing"))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for tool, n in sorted(_SKIPPED.items()):
        terminalreporter.write_line(
            f"skipped {n} test(s) needing {tool}, which is missing: {TOOLS[tool][1]}; "
            "under CI=true they run (and fail)"
        )
