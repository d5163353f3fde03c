"""The code inventory: what is counted, what is public, what could not be parsed."""

from __future__ import annotations

import textwrap
from pathlib import Path

from modelsite.collect.code import collect_code


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_inventory_counts_modules_classes_functions_methods(tmp_path: Path) -> None:
    write(tmp_path / "src" / "pkg" / "__init__.py", '"""The package."""\n')
    write(
        tmp_path / "src" / "pkg" / "core.py",
        '''
        def documented():
            """Do it."""

        def undocumented(x):
            return x

        def _private():
            pass

        class Model:
            """A model."""

            def fit(self, X, y):
                return self

            @property
            def size(self):
                """The size."""
                return 1
    ''',
    )
    code = collect_code(tmp_path, ("pkg",), ("src",))
    assert [m.name for m in code.modules] == ["pkg", "pkg.core"]
    core = code.modules[1]
    kinds = {o.path.rsplit(".", 1)[-1]: (o.kind, o.documented) for o in core.objects}
    assert kinds == {
        "core": ("module", False),
        "documented": ("function", True),
        "undocumented": ("function", False),
        "Model": ("class", True),
        "fit": ("method", False),
        "size": ("property", True),
    }
    assert (core.documented, core.total) == (3, 6)  # `_private` is not counted
    assert core.file == "src/pkg/core.py"
    assert code.documented == 4 and code.total == 7
    assert core.url == "reference/pkg/core/"


def test_unparsable_module_is_reported_with_its_line(tmp_path: Path) -> None:
    write(tmp_path / "pkg" / "__init__.py", "")
    write(tmp_path / "pkg" / "ok.py", "def f():\n    pass\n")
    write(tmp_path / "pkg" / "bad.py", "x = 1\n\ndef g(:\n    pass\n")
    code = collect_code(tmp_path, ("pkg",), (".",))
    assert [m.name for m in code.modules] == ["pkg", "pkg.ok"]
    assert len(code.problems) == 1
    assert code.problems[0].startswith("pkg/bad.py:3: does not parse")
    assert code.problems[0].endswith("; left out of the API reference")
