"""One spelling of each embedded metadata key: what `modelsite.export` writes is what is read.

`export.provenance` has written `commit`, `dirty` and `time` since the first export (git history
of src/modelsite/export.py); no file it wrote carries `git_commit`, so no reader accepts it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from card_support import fixture_site, wine_model
from modelsite.card.content import card_for
from modelsite.export import provenance
from modelsite.sitemodel import to_json

COMMIT = "0123456789abcdef0123456789abcdef01234567"


def card_text(prov: dict[str, object]) -> str:
    model = wine_model(provenance=prov)
    return json.dumps(to_json(card_for(fixture_site(models=(model,)), model)))


def test_export_writes_commit_dirty_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(tmp_path)], check=True)
    subprocess.run(
        [*git, "-C", str(tmp_path), "commit", "-q", "--allow-empty", "-m", "x"], check=True
    )
    monkeypatch.chdir(tmp_path)
    written = provenance(seed=1, output=tmp_path / "model.skops")
    assert {"commit", "dirty", "time"} <= set(written)
    assert len(written["commit"]) == 40
    assert not {"git_commit", "git_dirty", "created"} & set(written)


def test_the_card_reads_commit_and_nothing_else() -> None:
    assert COMMIT in card_text({"commit": COMMIT, "dirty": True})
    assert "uncommitted changes" in card_text({"commit": COMMIT, "dirty": True})
    assert COMMIT not in card_text({"git_commit": COMMIT})
    assert "Trained at commit" not in card_text({"git_commit": COMMIT})
