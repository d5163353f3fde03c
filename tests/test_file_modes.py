"""Everything modelsite writes gets the mode the user's umask gives a new file (issue 12)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelsite.output import new_file_mode, write_atomic


@pytest.fixture(params=[0o022, 0o002, 0o077])
def mask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_mode_is_what_open_gives(tmp_path: Path, mask: int) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")  # what a plain open() gives under this umask: the reference
    assert new_file_mode() == mode(plain)


def test_exported_model_follows_the_umask(tmp_path: Path, mask: int) -> None:
    from sklearn.dummy import DummyClassifier

    import modelsite

    reference = tmp_path / "reference"
    reference.write_bytes(b"")
    model = DummyClassifier().fit([[0], [1]], [0, 1])
    out = modelsite.export(model, tmp_path / "model.skops")
    assert mode(out) == mode(reference)


def test_atomic_card_write_follows_the_umask(tmp_path: Path, mask: int) -> None:
    reference = tmp_path / "reference"
    reference.write_text("")
    write_atomic(tmp_path / "card.md", "# card\n")
    assert mode(tmp_path / "card.md") == mode(reference)


def test_init_files_follow_the_umask(tmp_path: Path, mask: int) -> None:
    from modelsite.cli import main

    (tmp_path / "train.py").write_text('"""Train."""\n', encoding="utf-8")
    reference = tmp_path / "reference"
    reference.write_text("")
    assert main(["init", str(tmp_path)]) == 0
    written = [
        p for p in tmp_path.rglob("*") if p.is_file() and p.name not in ("reference", "train.py")
    ]
    assert written, "init wrote nothing"
    assert {p.relative_to(tmp_path).as_posix(): mode(p) for p in written} == {
        p.relative_to(tmp_path).as_posix(): mode(reference) for p in written
    }
