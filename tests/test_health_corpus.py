"""The code-health corpus project (tests/corpus/projects/make_health_project.py): bad input."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest

from modelsite.cli import main

sys.path.insert(0, str(Path(__file__).parent / "corpus" / "projects"))
from make_health_project import HOSTILE_FILE, build_health_project


def test_site_builds_with_located_messages_and_hostile_names_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = build_health_project(tmp_path)
    out = tmp_path / "site"
    assert main(["build", str(project), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "src/messy/broken.py:3: ruff cannot parse this file" in err
    body = (out / "code-health" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<img[^>]*onerror", body)
    assert not re.search(r'href="javascript:', body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    assert f"src/messy/{HOSTILE_FILE}:1" in text  # the hostile name, shown verbatim as text
    assert "src/messy/broken.py:3: ruff cannot parse this file" in text
    assert re.search(r"F401 unused-import \(2\)", text)
    assert re.search(r"invalid-syntax \(2\)", text)  # ruff's count includes the syntax errors
    # the warnings count for --strict
    assert main(["build", str(project), "-o", str(out), "--strict"]) == 1


def test_broken_ruff_configuration_still_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = build_health_project(tmp_path, broken_config=True)
    out = tmp_path / "site"
    assert main(["build", str(project), "-o", str(out)]) == 0
    assert "ruff.toml:2: ruff could not use this configuration" in capsys.readouterr().err
    text = html.unescape((out / "code-health" / "index.html").read_text(encoding="utf-8"))
    assert "ruff.toml:2: ruff could not use this configuration" in text
    assert "The lint check did not run" in text
    # and `modelsite check` fails on it rather than passing silently
    assert main(["check", str(project)]) == 1
    assert re.search(r"^lint +FAIL +ruff check could not run", capsys.readouterr().out, re.M)
