"""The hostile-input probe (issue 18), one test per attack of `tests/corpus/attacks/`.

Each attack runs the real command line in a fresh process and checks the promised outcome: the
exit code, exactly one error line (naming the problem, no traceback), the user's files intact
byte for byte, and nothing half-written.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

MAKER = Path(__file__).parent / "corpus" / "attacks" / "make_attacks.py"


def _load_maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_attacks", MAKER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_attacks"] = module
    spec.loader.exec_module(module)
    return module


maker = _load_maker()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("attacks")
    return root, maker.build_corpus(root)


def snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def run(argv: tuple[str, ...], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "modelsite", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,  # a hang fails the test instead of the run
    )


ATTACKS = [
    "build_into_the_project",
    "build_into_the_parent",
    "build_into_a_folder_of_user_files",
    "package_named_site",
    "mkdocs_site_dir_in_modelsite_yml",
    "build_onto_a_file",
    "card_onto_the_model",
    "card_onto_a_folder",
    "yaml_alias_bomb",
    "bad_mkdocs_value",
    "unknown_config_key_strict",
    "init_through_a_github_symlink",
    "rebuild_over_an_earlier_site",
]


def test_every_attack_of_the_corpus_has_a_test(corpus: tuple[Path, dict[str, Any]]) -> None:
    assert sorted(corpus[1]) == sorted(ATTACKS)


@pytest.mark.parametrize("name", ATTACKS)
def test_attack(name: str, corpus: tuple[Path, dict[str, Any]]) -> None:
    root, attacks = corpus
    attack = attacks[name]
    case = root / name
    if name == "rebuild_over_an_earlier_site":
        assert run(attack.argv, case).returncode == 0
    before = {folder: snapshot(case / folder) for folder in attack.intact}
    proc = run(attack.argv, case)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == attack.exit_code, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("modelsite: error")]
    if attack.error:
        assert len(errors) == 1, proc.stderr
        assert attack.error in errors[0], errors[0]
    else:
        assert errors == [], proc.stderr
    if attack.warning:
        assert attack.warning in proc.stderr
    for folder, files in before.items():
        after = snapshot(case / folder)
        if name == "rebuild_over_an_earlier_site" and folder == "":
            after = {k: v for k, v in after.items() if not k.startswith("out/")}
            files = {k: v for k, v in files.items() if not k.startswith("out/")}
        assert after == files, f"{folder or name}: user files changed"
    for path in attack.created:
        assert (case / path).exists(), path
    for path in attack.absent:
        assert not (case / path).exists(), path
    leftovers = [p.name for p in case.rglob(".*.modelsite-*")]
    assert leftovers == [], "staging folders left behind"
