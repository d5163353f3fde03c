"""The training package is parsed once per build and again only when its sources change."""

from __future__ import annotations

import os
from pathlib import Path

from modelsite.collect.code import load_package


def _package(tmp_path: Path) -> Path:
    pkg = tmp_path / "src" / "cachedpkg"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text('"""Cached."""\n', encoding="utf-8")
    (pkg / "core.py").write_text("def first():\n    return 1\n", encoding="utf-8")
    return pkg


def test_second_load_reuses_the_tree(tmp_path: Path) -> None:
    _package(tmp_path)
    paths = [str(tmp_path / "src")]
    assert load_package("cachedpkg", paths) is load_package("cachedpkg", paths)


def test_edited_module_is_loaded_again(tmp_path: Path) -> None:
    pkg = _package(tmp_path)
    paths = [str(tmp_path / "src")]
    before = load_package("cachedpkg", paths)
    core = pkg / "core.py"
    core.write_text(
        "def first():\n    return 1\n\n\ndef second():\n    return 2\n", encoding="utf-8"
    )
    stat = core.stat()
    os.utime(core, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    after = load_package("cachedpkg", paths)
    assert after is not before
    assert "second" in after["core"].members and "second" not in before["core"].members


def test_new_module_is_loaded_again(tmp_path: Path) -> None:
    pkg = _package(tmp_path)
    paths = [str(tmp_path / "src")]
    load_package("cachedpkg", paths)
    (pkg / "extra.py").write_text("X = 1\n", encoding="utf-8")
    assert "extra" in load_package("cachedpkg", paths).members
