"""Coverage with griffe agrees with interrogate (configured to skip what we skip)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from interrogate.config import InterrogateConfig
from interrogate.coverage import InterrogateCoverage

from docstrings_support import SKLEARN
from modelsite.docstrings.inventory import coverage_inventory, discover

MODULE = textwrap.dedent('''\
    """Documented module."""
    import functools
    from typing import overload


    def public(x):
        """Documented."""
        def nested():  # nested functions are not counted
            pass
        return x


    def undocumented(x):
        return x


    def _semi_private():
        pass


    def empty_doc():
        ""


    class Model:
        def __init__(self, a):  # documented by the class docstring: not counted
            self.a = a

        def __repr__(self):  # magic: not counted
            return "Model()"

        @property
        def size(self):
            """Documented property."""
            return 1

        @size.setter
        def size(self, value):  # setters are documented by the property
            pass

        @functools.lru_cache
        def cached(self, key):
            return key

        class Inner:
            def method(self):
                """Documented."""

        class _Hidden:
            def method(self):
                pass

        async def fetch(self):
            pass


    class _Private:
        def method(self):
            pass


    if True:
        def conditional():
            """Defined under an if: counted."""
    try:
        import numpy
    except ImportError:
        def fallback():
            pass
''')


def interrogate_counts(path: Path) -> tuple[int, int]:
    conf = InterrogateConfig(
        ignore_private=True,
        ignore_semiprivate=True,
        ignore_magic=True,
        ignore_init_method=True,
        ignore_nested_functions=True,
        ignore_nested_classes=True,
        ignore_property_setters=True,
        ignore_overloaded_functions=True,
        fail_under=0,
    )
    results = InterrogateCoverage(paths=[str(path)], conf=conf).get_coverage()
    return results.covered, results.total


def ours(path: Path) -> tuple[int, int]:
    tree = discover(path)
    info = coverage_inventory(tree.search_path, tree.packages, ["."])
    return info.documented, info.total


def test_counts_match_interrogate_on_a_varied_module(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "models.py").write_text(MODULE)
    documented, total = ours(pkg)
    assert (documented, total) == interrogate_counts(pkg)
    # module docstrings (models yes, __init__ no), public, size, conditional
    assert documented == 4
    # + __init__ module, undocumented, empty_doc, Model, cached, fetch, fallback
    assert total == 11


def test_inventory_kinds_and_lines(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "models.py").write_text(MODULE)
    tree = discover(pkg)
    info = coverage_inventory(tree.search_path, tree.packages, ["."])
    objs = {o.path: o for m in info.modules for o in m.objects}
    assert objs["pkg.models.Model.size"].kind == "property"
    assert objs["pkg.models.Model.cached"].kind == "method"
    assert objs["pkg.models.undocumented"].lineno == 13
    assert not objs["pkg.models.empty_doc"].documented  # an empty docstring does not count
    assert "pkg.models._semi_private" not in objs
    assert "pkg.models.Model.__init__" not in objs
    assert "pkg.models.Model.Inner" not in objs  # nested classes are not counted


@pytest.mark.parametrize("subpackage", ["linear_model", "preprocessing", "model_selection"])
def test_counts_match_interrogate_on_scikit_learn(tmp_path: Path, subpackage: str) -> None:
    # a real tree, copied so the check does not depend on the installed layout
    import shutil

    src = SKLEARN / subpackage
    dst = tmp_path / subpackage
    shutil.copytree(
        src,
        dst,
        ignore=shutil.ignore_patterns("*.so", "*.pyx", "*.pxd", "__pycache__", "*.c", "*.cpp"),
    )
    assert ours(dst) == interrogate_counts(dst)
