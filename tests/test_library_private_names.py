"""Guard for the private names of other libraries that modelsite relies on.

`collect/sklearn_params.py` mirrors skops' own tables of trusted types (so `inspect` can say
which types a file needs trusted without importing scikit-learn), and those live in skops'
private modules. Each name is listed here by hand: when an installed skops renames or drops
one, this test fails and names it, instead of the mirror silently trusting less (or more).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

import modelsite.collect.sklearn_params as sklearn_params

RELIED_ON = [
    ("skops.io._trusted_types", "PRIMITIVE_TYPE_NAMES"),
    ("skops.io._trusted_types", "CONTAINER_TYPE_NAMES"),
    ("skops.io._trusted_types", "NUMPY_DTYPE_TYPE_NAMES"),
    ("skops.io._trusted_types", "NUMPY_UFUNC_TYPE_NAMES"),
    ("skops.io._trusted_types", "SCIPY_UFUNC_TYPE_NAMES"),
    ("skops.io._trusted_types", "SKLEARN_ESTIMATOR_TYPE_NAMES"),
    ("skops.io._trusted_types", "SKLEARN_INTERNAL_TYPE_NAMES"),
    ("skops.io._trusted_types", "NUMPY_RANDOM_BIT_GENERATOR_TYPE_NAMES"),
    ("skops.io._sklearn", "ALLOWED_LOSSES"),
    ("skops.io._utils", "get_type_name"),
    ("skops.io._utils", "get_type_paths"),
    ("skops.utils._fixes", "get_sparray_type"),
    ("skops.io._quantile_forest", "QuantileForest"),
    ("sklearn.tree._tree", "Tree"),
]


@pytest.mark.parametrize(("module", "name"), RELIED_ON, ids=[f"{m}.{n}" for m, n in RELIED_ON])
def test_installed_library_has_the_private_name(module: str, name: str) -> None:
    assert hasattr(importlib.import_module(module), name), f"{module}.{name} is gone"


def test_the_list_names_every_private_import_of_the_mirror() -> None:
    """Every `from X._y import Z` and `tt.NAME` in sklearn_params is in RELIED_ON."""
    tree = ast.parse(Path(sklearn_params.__file__).read_text(encoding="utf-8"))
    used: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and "._" in node.module:
            used |= {(node.module, alias.name) for alias in node.names}
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "tt"
        ):
            const = node.args[1]
            assert isinstance(const, ast.Constant)
            used.add(("skops.io._trusted_types", str(const.value)))
    assert used, "the mirror's imports were not found: update this test"
    assert used <= set(RELIED_ON), used - set(RELIED_ON)


@pytest.mark.parametrize("theme", ["material", "zensical"])
def test_theme_scripts_block_loads_scripts_the_way_main_html_defers(theme: str) -> None:
    """`templates/overrides/main.html` adds `defer` by rewriting `<script src=` inside the
    theme's `{% block scripts %}` of `base.html`: the block and that spelling must stay."""
    spec = importlib.util.find_spec(theme)
    if spec is None or spec.origin is None:
        pytest.skip(f"{theme} is not installed (the other builder's test covers it)")
    base = (Path(spec.origin).parent / "templates" / "base.html").read_text(encoding="utf-8")
    block = base[base.index("{% block scripts %}") :]
    block = block[: block.index("{% endblock %}")]
    assert '<script src="' in block and "script_tag" in block
