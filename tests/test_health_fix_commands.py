"""The fix commands on /code-health/ run ruff exactly as modelsite did (issue 12).

A user pastes `ruff check --fix` and `ruff format` from the page into the project folder: they
must change the files the page lists and nothing else, so not the tests inside the package, a
`code.exclude` file or a notebook checkpoint. The commands are read from the built page and run
with the ruff of this environment.
"""

from __future__ import annotations

import html
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from modelsite.cli import main

UNUSED_AND_UNFORMATTED = "import os\nimport sys\n\n\ndef f(x):\n    return   x\n"
"""An unused import (F401, fixable) and a line ruff format rewrites."""

FILES = {
    "pkg/__init__.py": '"""The package."""\n',
    "pkg/core.py": UNUSED_AND_UNFORMATTED,
    "pkg/tests/test_core.py": UNUSED_AND_UNFORMATTED,
    "pkg/conftest.py": UNUSED_AND_UNFORMATTED,
    "pkg/legacy/old.py": UNUSED_AND_UNFORMATTED,
    "train.py": UNUSED_AND_UNFORMATTED,
    "tests/test_train.py": UNUSED_AND_UNFORMATTED,
    "modelsite.yml": "code:\n  exclude:\n    - pkg/legacy/**\n",
}


def ruff() -> list[str]:
    exe = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(exe).exists():
        pytest.fail("ruff is a test dependency and is not installed")
    return [exe]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("proj")
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    out = root.parent / "site"
    assert main(["build", str(root), "-o", str(out)]) == 0
    return root, (out / "code-health" / "index.html").read_text(encoding="utf-8")


def command(page: str, start: str) -> list[str]:
    found = re.findall(r"<code>(" + re.escape(start) + r"[^<]*)</code>", page)
    assert found, f"no `{start}` command on the page"
    return shlex.split(html.unescape(found[0]))


def listed_files(page: str) -> set[str]:
    """The files the page's lint findings point to (`file:line`)."""
    return set(re.findall(r">([\w/]+\.py):\d+<", page))


def run_pasted(root: Path, argv: list[str]) -> None:
    assert argv[0] == "ruff"
    done = subprocess.run(
        [*ruff(), *argv[1:]], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode in (0, 1), done.stderr


def test_page_lists_the_training_code_only(project: tuple[Path, str]) -> None:
    _, page = project
    assert listed_files(page) == {"pkg/core.py", "train.py"}


@pytest.mark.parametrize("start", ["ruff check", "ruff format"])
def test_pasted_fix_changes_what_the_page_lists_and_nothing_else(
    project: tuple[Path, str], tmp_path: Path, start: str
) -> None:
    root, page = project
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    argv = command(page, start)
    if start == "ruff check":
        assert "--fix" in argv
    run_pasted(copy, argv)
    changed = {rel for rel in FILES if (copy / rel).read_text(encoding="utf-8") != FILES[rel]}
    assert changed == {"pkg/core.py", "train.py"}
    if start == "ruff check":
        assert "import os" not in (copy / "pkg/core.py").read_text(encoding="utf-8")
    else:
        assert "return x" in (copy / "pkg/core.py").read_text(encoding="utf-8")


def test_fix_command_names_only_exclusions_that_match_something(tmp_path: Path) -> None:
    """A package with no tests, docs or examples inside gets a plain command: the default
    exclusions that match no file under the checked folder are not spelled out."""
    root = tmp_path / "proj"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text('"""Pkg."""\nimport os\n')
    (root / "tests").mkdir()
    (root / "tests" / "test_pkg.py").write_text("import sys\n")  # outside the checked folder
    out = tmp_path / "site"
    assert main(["build", str(root), "-o", str(out)]) == 0
    page = (out / "code-health" / "index.html").read_text(encoding="utf-8")
    assert "ruff check --isolated --select E4,E7,E9,F,W,I,B,UP,NPY --fix pkg</code>" in page
    assert "extend-exclude" not in page
