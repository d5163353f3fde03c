"""The core caches behind `modelsite serve`: collectors by file stamps, pages by content."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from modelsite.cache import Memo, PageCache, caching, memo, stamp


def counting(calls: list[str]) -> Callable[[Path], str]:
    def read(path: Path) -> str:
        calls.append(path.name)
        return path.read_text()

    return read


def touch_later(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def test_memo_reuses_until_a_file_changes(tmp_path: Path) -> None:
    model = tmp_path / "model.skops"
    model.write_text("v1")
    calls: list[str] = []
    read = counting(calls)
    with caching(Memo()):
        assert memo(read, model, files=[model]) == "v1"
        assert memo(read, model, files=[model]) == "v1"
        assert calls == ["model.skops"]
        model.write_text("v2, longer")  # size and mtime change
        assert memo(read, model, files=[model]) == "v2, longer"
        touch_later(model)  # same size, later mtime: read again
        memo(read, model, files=[model])
    assert calls == ["model.skops"] * 3


def test_memo_keys_on_arguments_and_is_off_outside_caching(tmp_path: Path) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("a")
    b.write_text("b")
    calls: list[str] = []
    read = counting(calls)
    with caching(Memo()):
        memo(read, a, files=[a])
        memo(read, b, files=[b])
        memo(read, a, files=[a])  # both kept: several models do not evict each other
    assert calls == ["a.py", "b.py"]
    memo(read, a, files=[a])
    memo(read, a, files=[a])
    assert calls == ["a.py", "b.py", "a.py", "a.py"]  # a one-off build never caches


def test_a_missing_file_has_its_own_stamp(tmp_path: Path) -> None:
    assert stamp(tmp_path / "nope") == (str(tmp_path / "nope"), -1, -1)


def test_page_cache_finds_changed_pages_and_changed_modules(tmp_path: Path) -> None:
    module = tmp_path / "data.py"
    module.write_text("x = 1\n")
    ref = "reference/pkg/data/index.md"
    cache = PageCache()
    pages = {"index.md": "# Home", ref: "::: pkg.data"}
    first = cache.compare(pages, {ref: stamp(module)})
    assert not first.same_pages and first.changed == ("index.md", ref)
    cache.store(pages, {ref: stamp(module)})

    same = cache.compare(pages, {ref: stamp(module)})
    assert same.same_pages and same.changed == () and not same.code_changed

    module.write_text("x = 2  # edited\n")  # the page's Markdown is the same; its module is not
    edited = cache.compare(pages, {ref: stamp(module)})
    assert edited.changed == (ref,) and edited.code_changed

    retitled = cache.compare({**pages, "index.md": "# Home 2"}, {ref: stamp(module)})
    assert "index.md" in retitled.changed
    added = cache.compare({**pages, "cite.md": "# Cite"}, {ref: stamp(module)})
    assert not added.same_pages
