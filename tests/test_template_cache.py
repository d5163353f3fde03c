"""Compiled Jinja templates are kept between builds (ours, the theme's and mkdocstrings')."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from modelsite import render
from modelsite.build import build_site


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MODELSITE_CACHE_DIR", str(tmp_path / "cache"))
    render.bytecode_cache.cache_clear()
    render._make_env.cache_clear()
    yield tmp_path / "cache" / "jinja"
    render.bytecode_cache.cache_clear()
    render._make_env.cache_clear()


def test_cache_folder_follows_the_environment(cache_dir: Path, monkeypatch) -> None:
    cache = render.bytecode_cache()
    assert isinstance(cache, jinja2.FileSystemBytecodeCache)
    assert Path(cache.directory) == cache_dir and cache_dir.is_dir()
    monkeypatch.setenv("MODELSITE_CACHE_DIR", "")
    render.bytecode_cache.cache_clear()
    assert render.bytecode_cache() is None


@pytest.mark.slow
def test_second_build_compiles_no_template(
    cache_dir: Path, trained_example: Path, tmp_path: Path, monkeypatch
) -> None:
    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    build_site(trained_example, tmp_path / "site1")
    first = [n for n in compiled if n]
    assert any(n.startswith("pages/") for n in first)  # ours
    assert any("module.html" in n for n in first)  # mkdocstrings'
    assert "main.html" in first  # the theme's
    compiled.clear()
    render._make_env.cache_clear()  # a new process would start without in-memory templates
    build_site(trained_example, tmp_path / "site2")
    # Only Material's search plugin compiles two tiny templates in its own environment.
    assert [n for n in compiled if n and not n.startswith("partials/language")] == [], compiled
    assert (tmp_path / "site2" / "index.html").read_bytes() == (
        tmp_path / "site1" / "index.html"
    ).read_bytes()
