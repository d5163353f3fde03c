"""The versions a `.skops` file records pin every place a reader installs from (the reproduce
steps, the Dockerfile, the "Get the model" snippet, `init`'s `requirements-pinned.txt`), each pin
with its source; the Python version comes from what the project states, else from the range the
recorded scikit-learn supports, saying which."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import pytest

from facts_support import edit_schema, pages_of, plain_project
from modelsite import scaffold
from repro_helpers import bash_block

SKLEARN_PIN = "scikit-learn==1.4.0  # model.skops (the estimators' `_sklearn_version`)"
SKOPS_PIN = "skops==0.9.0  # model.skops (the schema's `_skops_version`)"


def _older(schema: dict) -> None:  # type: ignore[type-arg]
    schema["_skops_version"] = "0.9.0"
    schema["content"]["content"]["_sklearn_version"]["content"] = json.dumps("1.4.0")


@pytest.fixture
def older(tmp_path: Path) -> Path:
    """A plain `skops.io.dump` whose schema records scikit-learn 1.4.0 and skops 0.9.0."""
    root = plain_project(tmp_path / "p")
    edit_schema(root / "model.skops", _older)
    return root


def test_older_recorded_versions_pin_the_pages(older: Path) -> None:
    pages, _, messages = pages_of(older)
    page = pages["reproduce.md"]
    python = "the newest of Python 3.9 to 3.12, which scikit-learn 1.4.0 supports"
    assert f"Python <code>3.12</code> ({python}).\n" in page
    assert f"```text\n{SKLEARN_PIN}\n{SKOPS_PIN}\n```" in page
    script = bash_block(page, "# 1. Get the code")
    assert (
        f"# 2. Create an environment with Python 3.12 ({python})\npython3.12 -m venv .venv\n"
    ) in script
    assert f"cat > requirements-pinned.txt <<'EOF'\n{SKLEARN_PIN}\n{SKOPS_PIN}\nEOF\n" in script
    assert 'python -m pip install -c requirements-pinned.txt "${MODELSITE:-modelsite==' in script
    assert "no model file records versions" not in page

    docker = pages["docker.md"]
    assert f"#   {SKLEARN_PIN}\n#   {SKOPS_PIN}\nCOPY requirements-pinned.txt ./\n" in docker
    assert "FROM python:3.12-slim\n" in docker
    assert any(
        "no pinned digest known for `python:3.12-slim` (Python 3.12, " in m for m in messages
    )

    index = pages["index.md"]
    assert (
        "    # scikit-learn==1.4.0: model.skops (the estimators' _sklearn_version)\n"
        "    # skops==0.9.0: model.skops (the schema's _skops_version)\n"
        "    pip install scikit-learn==1.4.0 skops==0.9.0\n"
    ) in index


def test_init_writes_the_recorded_pins_with_their_sources(older: Path) -> None:
    scaffold.init_project(older)
    pinned = (older / "requirements-pinned.txt").read_text()
    assert pinned == (
        "# Pinned by `modelsite init` from model.skops (versions the file records).\n"
        "# Python 3.12 (the newest of Python 3.9 to 3.12, which scikit-learn 1.4.0 supports).\n"
        f"{SKLEARN_PIN}\n{SKOPS_PIN}\n"
    )
    dockerfile = (older / "Dockerfile").read_text()
    assert f"#   {SKLEARN_PIN}\n#   {SKOPS_PIN}\n" in dockerfile
    assert "FROM python:3.12-slim\n" in dockerfile
    workflow = (older / ".github" / "workflows" / "pages.yml").read_text()
    assert 'python-version: "3.12"' in workflow


def test_plain_dump_by_the_installed_versions_is_pinned_in_init(tmp_path: Path) -> None:
    root = plain_project(tmp_path / "p")
    scaffold.init_project(root)
    pinned = (root / "requirements-pinned.txt").read_text()
    sklearn, skops = version("scikit-learn"), version("skops")
    assert (
        f"scikit-learn=={sklearn}  # model.skops (the estimators' `_sklearn_version`)\n"
        f"skops=={skops}  # model.skops (the schema's `_skops_version`)\n"
    ) in pinned
    assert "Not pinned" not in pinned


@pytest.mark.parametrize(
    ("files", "python", "said"),
    [
        ({".python-version": "3.11\n"}, "3.11", "stated in <code>.python-version</code>"),
        ({"runtime.txt": "python-3.10.4\n"}, "3.10.4", "stated in <code>runtime.txt</code>"),
        (
            {"pyproject.toml": '[project]\nname = "iris"\nrequires-python = ">=3.9,<3.12"\n'},
            "3.11",
            "the newest of Python 3.9 to 3.12, which scikit-learn 1.4.0 supports, that "
            "<code>requires-python = &gt;=3.9,&lt;3.12</code> allows",
        ),
    ],
)
def test_python_version_from_what_the_project_states(
    tmp_path: Path, files: dict[str, str], python: str, said: str
) -> None:
    root = plain_project(tmp_path / "p", files)
    edit_schema(root / "model.skops", _older)
    pages, _, _ = pages_of(root)
    assert f"Python <code>{python}</code> ({said}).\n" in pages["reproduce.md"]
    minor = ".".join(python.split(".")[:2])
    assert f"\npython{minor} -m venv .venv\n" in pages["reproduce.md"]


def test_unknown_scikit_learn_range_leaves_python_a_gap(tmp_path: Path) -> None:
    root = plain_project(tmp_path / "p")
    edit_schema(
        root / "model.skops",
        lambda s: s["content"]["content"]["_sklearn_version"].update(content=json.dumps("0.99")),
    )
    pages, site, _ = pages_of(root)
    assert site.repro.environment.python == ""
    assert "Gap: Python version" in pages["reproduce.md"]
    assert (
        "# 2. Create an environment with Python 3 (version not recorded)\n"
        in (pages["reproduce.md"])
    )
