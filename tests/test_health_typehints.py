"""Type-hint coverage counts parameters and returns the way the page says it does."""

from __future__ import annotations

from pathlib import Path

from health_helpers import write_files
from modelsite.health.typehints import analyze, innermost

CODE = '''\
"""M."""


def full(a: int, *args: str, b: int = 1, **kw: float) -> int:
    return a


def bare(a, b=2):
    return a


class C:
    def method(self, x: int):
        return x

    @classmethod
    def make(cls, y) -> "C":
        return cls()

    @staticmethod
    def static(z: int) -> int:
        return z

    @property
    def size(self) -> int:
        return 1
'''


def test_counts(tmp_path: Path) -> None:
    write_files(tmp_path, {"m.py": CODE})
    info, spans, problems = analyze(tmp_path, ("m",), (".",))
    assert problems == ()
    # parameters: full 4/4, bare 0/2, method 1/1 (self not counted), make 0/1 (cls not
    # counted), static 1/1 (its first parameter counts), size 0/0
    assert (info.params_annotated, info.params_total) == (6, 9)
    # returns: full, make, static, size annotated; bare, method not
    assert (info.returns_annotated, info.returns_total) == (4, 6)
    assert info.functions == 6
    assert round(info.coverage, 1) == round(100 * 10 / 15, 1)
    assert {m.path: m.names for m in info.missing} == {
        "m.bare": ("a", "b", "return"),
        "m.C.method": ("return",),
        "m.C.make": ("y",),
    }
    span = innermost(spans, tmp_path / "m.py", 14)
    assert span is not None and span.path == "m.C.method"
    assert innermost(spans, tmp_path / "m.py", 12).path == "m.C"  # type: ignore[union-attr]
    assert innermost(spans, tmp_path / "m.py", 2) is None


def test_empty_code_is_fully_covered(tmp_path: Path) -> None:
    write_files(tmp_path, {"m.py": '"""Only a docstring."""\n'})
    info, _, _ = analyze(tmp_path, ("m",), (".",))
    assert info.total == 0 and info.coverage == 100.0


def test_missing_package_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    info, spans, problems = analyze(tmp_path, ("nothere",), (".",))
    assert info.total == 0 and spans == ()
    assert problems and problems[0].startswith("nothere: could not be loaded")
