"""Helpers for the code-health tests: tiny real projects and independent ruff runs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

TINY_PYPROJECT = """\
[project]
name = "tiny"
version = "0.1.0"
requires-python = ">=3.10"
"""

TINY_INIT = '"""A tiny training package."""\n'

TINY_CORE_CLEAN = '''\
"""Core helpers."""


def double(x: int) -> int:
    """Return twice `x`."""
    return 2 * x
'''

TINY_CORE_LINT_ERROR = '''\
"""Core helpers."""

import os


def double(x: int) -> int:
    """Return twice `x`."""
    return 2 * x
'''


def write_files(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def tiny_project(
    root: Path, core: str = TINY_CORE_CLEAN, extra: dict[str, str] | None = None
) -> Path:
    """A src-layout project `tiny` with one module; `extra` maps more paths to their text."""
    files = {
        "pyproject.toml": TINY_PYPROJECT,
        "src/tiny/__init__.py": TINY_INIT,
        "src/tiny/core.py": core,
        **(extra or {}),
    }
    return write_files(root, files)


def ruff(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ruff the way a user would, independently of modelsite's code."""
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def ruff_rule_counts(cwd: Path, *options: str, path: str) -> dict[str, int]:
    """`ruff check --statistics` as {rule code: count}."""
    done = ruff("check", *options, "--statistics", "--output-format", "json", path, cwd=cwd)
    assert done.returncode in (0, 1), done.stderr
    return {row["code"]: row["count"] for row in json.loads(done.stdout or "[]")}


def ruff_unformatted(cwd: Path, *options: str, path: str) -> int:
    """How many files `ruff format --check` says it would reformat."""
    done = ruff("format", *options, "--check", path, cwd=cwd)
    assert done.returncode in (0, 1), done.stderr
    match = re.search(r"(\d+) files? would be reformatted", done.stdout + done.stderr)
    return int(match.group(1)) if match else 0
