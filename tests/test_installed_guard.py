"""One strict guard before importing a module a model file or training code names (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelsite.collect.sklearn_params import is_installed_module, sklearn_class_info
from modelsite.repro.randomness import seed_params


@pytest.fixture
def lookalikes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Modules on the path whose names start like installed libraries; importing one of them
    writes a marker file."""
    marker = tmp_path / "imported"
    for name in ("sklearnfoo", "xgboostfoo"):
        (tmp_path / f"{name}.py").write_text(
            f"open({str(marker)!r}, 'a').write({name!r})\n"
            "class Thing:\n    def __init__(self, random_state=None):\n        pass\n"
            "def thing(random_state=None):\n    pass\n",
            encoding="utf-8",
        )
    monkeypatch.syspath_prepend(str(tmp_path))
    return marker


def test_a_lookalike_name_is_not_the_installed_library(lookalikes: Path) -> None:
    assert not is_installed_module("sklearnfoo")
    assert not is_installed_module("sklearnfoo.Thing")
    assert sklearn_class_info("sklearnfoo.Thing") is None
    assert seed_params("sklearnfoo.thing") == ()
    assert seed_params("xgboostfoo.thing") == ()
    assert not lookalikes.exists()  # nothing was imported


def test_only_files_of_the_installed_package_pass() -> None:
    assert is_installed_module("sklearn")
    assert is_installed_module("sklearn.linear_model")  # a package
    assert is_installed_module("sklearn.linear_model._logistic")  # a .py file
    assert is_installed_module("sklearn.tree._tree")  # a compiled extension
    assert not is_installed_module("sklearn.no_such_module")
    assert not is_installed_module("sklearn.linear_model.os.path")
    assert not is_installed_module("sklearn..linear_model")
    assert not is_installed_module("sklearn.linear-model")
    assert not is_installed_module("numpy.random", package="sklearn")
    assert is_installed_module("numpy.random", package="numpy")
