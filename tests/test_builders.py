"""The docs tree builds the same pages at the same URLs with MkDocs and with Zensical."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelsite.cli import main

pytestmark = pytest.mark.slow


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_both_builders_give_the_same_page_set(trained_example: Path, tmp_path: Path) -> None:
    pytest.importorskip("zensical", reason="Zensical needs Python 3.11+")
    for builder in ("mkdocs", "zensical"):
        out = tmp_path / builder
        assert main(["build", str(trained_example), "-o", str(out), "--builder", builder]) == 0
    mk, zs = pages(tmp_path / "mkdocs"), pages(tmp_path / "zensical")
    assert "model-card/index.html" in mk and "reference/wine_classifier/train/index.html" in mk
    assert mk == zs
    train = (tmp_path / "zensical" / "reference/wine_classifier/train/index.html").read_text()
    assert "ms-generated" in train  # the griffe extension ran under Zensical too
