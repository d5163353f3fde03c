"""The core caches behind `modelsite serve`: collectors by file stamps, pages by content."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from modelsite.cache import Memo, caching, memo, stamp


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
