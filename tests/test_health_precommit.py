"""The `.pre-commit-config.yaml` modelsite writes: valid, pinned to the installed ruff, kept."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from health_helpers import tiny_project
from modelsite.cli import main
from modelsite.health import ruff
from modelsite.health.precommit import precommit_config


def installed_ruff_version() -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "--version"], capture_output=True, text=True, check=True
    )
    return done.stdout.split()[1]


def hooks(text: str) -> dict[str, dict[str, object]]:
    data = yaml.safe_load(text)
    return {
        hook["id"]: {**hook, "repo": repo["repo"], "rev": repo.get("rev")}
        for repo in data["repos"]
        for hook in repo["hooks"]
    }


def test_init_writes_a_config_naming_the_hooks_pinned_to_the_installed_ruff(tmp_path: Path) -> None:
    project = tiny_project(tmp_path / "tiny")
    assert main(["init", str(project)]) == 0
    path = project / ".pre-commit-config.yaml"
    found = hooks(path.read_text(encoding="utf-8"))
    assert set(found) == {"ruff-check", "ruff-format", "modelsite-docstrings"}
    version = installed_ruff_version()
    for hook_id in ("ruff-check", "ruff-format"):
        assert found[hook_id]["repo"] == "https://github.com/astral-sh/ruff-pre-commit"
        assert found[hook_id]["rev"] == f"v{version}"
        assert found[hook_id]["files"] == "^(src/tiny)(/|$)"
    # no ruff configuration in the project: the hook uses the same rules as the page
    assert found["ruff-check"]["args"] == ["--fix", "--select", ",".join(ruff.DEFAULT_SELECT)]
    local = found["modelsite-docstrings"]
    assert local["repo"] == "local" and local["language"] == "system"
    assert local["entry"] == "modelsite docstrings --check src/tiny"
    assert local["pass_filenames"] is False
    # the local hook's command works on this project (it is fully documented)
    assert main(["docstrings", "--check", str(project / "src" / "tiny")]) == 0


def test_pre_commit_itself_accepts_the_config(tmp_path: Path) -> None:
    """`pre-commit validate-config` (pre-commit is in the `test` extra) finds no problem."""
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(
        precommit_config(ruff_version=installed_ruff_version(), paths=("src/pkg", "lib/other.py")),
        encoding="utf-8",
    )
    exe = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    done = subprocess.run(
        [exe, "validate-config", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_project_configuration_is_left_to_the_project(tmp_path: Path) -> None:
    found = hooks(
        precommit_config(ruff_version="0.17.6", paths=("pkg",), ruff_config="pyproject.toml")
    )
    assert found["ruff-check"]["args"] == ["--fix"]


def test_old_ruff_uses_the_legacy_hook_id() -> None:
    assert "ruff" in hooks(precommit_config(ruff_version="0.5.7", paths=("pkg",)))


def test_init_never_overwrites_an_existing_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tiny_project(tmp_path / "tiny")
    target = project / ".pre-commit-config.yaml"
    target.write_text("repos: []  # mine\n", encoding="utf-8")
    assert main(["init", str(project)]) == 0
    assert target.read_text(encoding="utf-8") == "repos: []  # mine\n"
    assert f"kept    {target}" in capsys.readouterr().out
    assert not [p for p in project.iterdir() if p.name.startswith(".pre-commit-config.yaml.")]
