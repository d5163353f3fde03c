"""Provenance that is true: `modelsite.export()` records the commit of the repository holding the
training script and the model file (not the working directory's), and the site states the
commit the file records, else the last commit that changed the file (labelled so), never the
current checkout; a model file git does not track, or one with uncommitted changes, is said so.

Every case is a real git repository in a temporary folder, trained by a real script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from facts_support import pages_of, plain_project, write
from modelsite.cli import main
from repro_helpers import bash_block, git

EXPORT_TRAIN = '''\
"""Fit a small tree and export it next to this script."""

from pathlib import Path

from sklearn.datasets import load_iris
from sklearn.tree import DecisionTreeClassifier

import modelsite

X, y = load_iris(return_X_y=True)
model = DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, y)
modelsite.export(model, OUTPUT, X_test=X[:30], y_test=y[:30])
'''


def _train_script(output: str = 'Path(__file__).parent / "model.skops"') -> str:
    return EXPORT_TRAIN.replace("OUTPUT", output)


def _repo(root: Path, files: dict[str, str], message: str = "first") -> str:
    """`root` as a git repository holding `files`, committed; returns the commit."""
    write(root, files)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


def _run(script: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    return subprocess.run(
        [sys.executable, str(script)], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )


def _provenance(model: Path) -> dict[str, object]:
    with zipfile.ZipFile(model) as zf:
        return dict(json.loads(zf.read("modelsite.json"))["provenance"])


def _commit_facts(root: Path, tmp_path: Path) -> tuple[dict[str, tuple[str, str]], str]:
    """The card's details `{label: (value, source)}` and the exported card (`card -o`)."""
    _, site, _ = pages_of(root)
    card = site.cards.of(site, site.model)
    facts = {f.label: (f.value, f.source) for f in card.details}
    out = tmp_path / "card.md"
    assert main(["card", str(root), "-o", str(out)]) == 0
    return facts, out.read_text()


# ------------------------------------------------------------------ what export() records


def test_export_records_the_scripts_repository_not_the_working_directorys(
    tmp_path: Path,
) -> None:
    project = tmp_path / "project"
    commit = _repo(project, {"train.py": _train_script(), ".gitignore": "*.skops\n"})
    elsewhere = tmp_path / "elsewhere"
    other = _repo(elsewhere, {"notes.txt": "another repository\n"})
    result = _run(project / "train.py", cwd=elsewhere)
    prov = _provenance(project / "model.skops")
    assert prov["commit"] == commit != other
    assert prov["dirty"] is False
    assert "commit_unrecorded" not in prov
    assert "no git commit" not in result.stderr


@pytest.mark.parametrize(
    ("change", "reason", "said"),
    [
        ("edit", "dirty", "the training code has uncommitted changes"),
        ("untracked", "untracked-script", "the training script is not committed"),
        ("elsewhere", "other-repository", "are not in the same git repository"),
    ],
)
def test_export_records_no_commit_it_cannot_vouch_for(
    tmp_path: Path, change: str, reason: str, said: str
) -> None:
    project = tmp_path / "project"
    _repo(project, {"train.py": _train_script(), "README.md": "Iris.\n"})
    output = project / "model.skops"
    script = project / "train.py"
    if change == "edit":
        (project / "README.md").write_text("Iris, changed after the commit.\n")
    elif change == "untracked":
        script = project / "train_new.py"
        script.write_text(_train_script())
    else:
        other = tmp_path / "models"
        _repo(other, {"README.md": "models\n"})
        output = other / "model.skops"
        script.write_text(_train_script(repr(str(output))))
        git(project, "commit", "-q", "-am", "write to the models repository")
    result = _run(script, cwd=project)
    prov = _provenance(output)
    assert "commit" not in prov
    assert prov["commit_unrecorded"] == reason
    assert f"modelsite.export: no git commit recorded in {output}: " in result.stderr
    assert said in result.stderr


def test_export_without_any_repository_records_no_commit_quietly(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    write(folder, {"train.py": _train_script()})
    result = _run(folder / "train.py", cwd=folder)
    prov = _provenance(folder / "model.skops")
    assert prov["commit_unrecorded"] == "no-repository"
    assert "commit" not in prov
    assert "no git commit" not in result.stderr


# ------------------------------------------------------------------ what the site states


def _github(root: Path) -> None:
    git(root, "remote", "add", "origin", "https://github.com/Lab/Iris-Tree.git")


def test_model_changed_two_commits_before_head(tmp_path: Path) -> None:
    root = plain_project(tmp_path / "p", {"README.md": "Iris.\n"})  # plain skops.io.dump
    model_commit = _repo(root, {}, "train the model")
    _github(root)
    (root / "README.md").write_text("Iris, documented.\n")
    git(root, "commit", "-q", "-am", "docs")
    (root / "README.md").write_text("Iris, documented twice.\n")
    git(root, "commit", "-q", "-am", "more docs")
    head = git(root, "rev-parse", "HEAD")
    assert head != model_commit

    pages, site, _ = pages_of(root)
    page = pages["reproduce.md"]
    assert "<code>model.skops</code> records no commit.\n" in page
    assert (
        f"<code>model.skops</code> was last changed in commit <code>{model_commit}</code> "
        "(<code>git log -1 -- model.skops</code>): the code at that commit is the nearest known "
        "state, not a recorded one.\n"
    ) in page
    assert head not in page
    assert "current checkout" not in page
    script = bash_block(page, "# 1. Get the code")
    assert script.startswith(
        "# 1. Get the code at the last commit that changed the model file "
        "(the file records no commit)\n"
        "git clone https://github.com/Lab/Iris-Tree.git Iris-Tree\n"
        "cd Iris-Tree\n"
        f"git checkout {model_commit}\n"
    )
    assert f"git show {model_commit}:model.skops > published.skops\n" in script
    assert site.repro.commit_source == "git log"

    facts, exported = _commit_facts(root, tmp_path)
    assert facts["Model file last changed in commit"] == (model_commit, "git log")
    assert "Trained at commit" not in facts
    assert "Model file in git" not in facts
    assert f"| Model file last changed in commit | {model_commit} |\n" in exported
    assert head not in exported


def test_recorded_commit_from_another_working_directory(tmp_path: Path) -> None:
    root = tmp_path / "project"
    commit = _repo(root, {"train.py": _train_script(), ".gitignore": "*.skops\n"})
    _github(root)
    elsewhere = tmp_path / "elsewhere"
    other = _repo(elsewhere, {"notes.txt": "another repository\n"})
    _run(root / "train.py", cwd=elsewhere)
    (root / "README.md").write_text("Later.\n")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "-m", "after training")

    pages, _, _ = pages_of(root)
    page = pages["reproduce.md"]
    assert (
        f"The model was made from commit <code>{commit}</code> (recorded in "
        "<code>model.skops</code> at export).\n"
    ) in page
    assert ("<code>model.skops</code> is not tracked by git: no commit holds this file.\n") in page
    assert other not in page
    script = bash_block(page, "# 1. Get the code")
    assert "# 1. Get the code at the commit the model file records\n" in script
    assert f"git checkout {commit}\n" in script

    facts, exported = _commit_facts(root, tmp_path)
    assert facts["Trained at commit"] == (commit, "model file")
    assert facts["Model file in git"] == ("not tracked", "git status")
    assert f"| Trained at commit | {commit} |\n" in exported
    assert "| Model file in git | not tracked |\n" in exported


def test_untracked_model_has_no_commit(tmp_path: Path) -> None:
    root = plain_project(tmp_path / "p", {".gitignore": "*.skops\n"})
    _repo(root, {}, "code only")
    _github(root)
    head = git(root, "rev-parse", "HEAD")

    pages, site, _ = pages_of(root)
    page = pages["reproduce.md"]
    assert "<code>model.skops</code> records no commit.\n" in page
    assert (
        "<code>model.skops</code> is not tracked by git: no commit holds this file, so none is "
        "known to have produced it.\n"
    ) in page
    assert head not in page
    script = bash_block(page, "# 1. Get the code")
    assert script.startswith(
        "# 1. Get the code (no commit is known for the model: the default branch)\n"
        "git clone https://github.com/Lab/Iris-Tree.git Iris-Tree\n"
        "cd Iris-Tree\n\n"
    )
    assert "git checkout" not in script
    assert "# copy the published model file here as published.skops" in script
    assert site.repro.commit == ""
    review = pages["reproduce.md"]
    assert "the commit the model was trained from" in review  # REFORMS 2b lacks it

    facts, exported = _commit_facts(root, tmp_path)
    assert "Trained at commit" not in facts
    assert "Model file last changed in commit" not in facts
    assert facts["Model file in git"] == ("not tracked", "git status")
    assert head not in exported


def test_dirty_model_file_is_said_so(tmp_path: Path) -> None:
    root = plain_project(tmp_path / "p")
    committed = _repo(root, {}, "model v1")
    _github(root)
    (root / "train.py").write_text(
        (root / "train.py").read_text().replace("max_depth=2", "max_depth=3")
    )
    git(root, "commit", "-q", "-am", "deeper tree")
    subprocess.run([sys.executable, "train.py"], cwd=root, check=True, capture_output=True)
    assert git(root, "status", "--porcelain", "--", "model.skops") == "M model.skops"

    pages, _, _ = pages_of(root)
    page = pages["reproduce.md"]
    assert (
        "<code>model.skops</code> has uncommitted changes: it differs from the committed "
        "version, so no commit is known to hold this model.\n"
    ) in page
    assert committed not in page
    assert git(root, "rev-parse", "HEAD") not in page
    script = bash_block(page, "# 1. Get the code")
    assert "git checkout" not in script
    assert "git show" not in script

    facts, exported = _commit_facts(root, tmp_path)
    assert facts["Model file in git"] == ("uncommitted changes", "git status")
    assert "Model file last changed in commit" not in facts
    assert "| Model file in git | uncommitted changes |\n" in exported


def test_recorded_commit_missing_from_the_repository_is_not_used(tmp_path: Path) -> None:
    root = tmp_path / "project"
    _repo(root, {"train.py": _train_script()})
    _run(root / "train.py", cwd=root)
    git(root, "add", "model.skops")
    git(root, "commit", "-q", "-m", "model")
    model_commit = git(root, "rev-parse", "HEAD")
    recorded = str(_provenance(root / "model.skops")["commit"])
    # the history is rewritten (squashed): the recorded commit is gone
    git(root, "checkout", "-q", "--orphan", "squashed")
    git(root, "commit", "-q", "-m", "squashed")
    git(root, "branch", "-D", "main")
    git(root, "reflog", "expire", "--expire=now", "--all")
    git(root, "gc", "-q", "--prune=now")
    squashed = git(root, "rev-parse", "HEAD")
    assert model_commit != squashed

    pages, site, messages = pages_of(root)
    page = pages["reproduce.md"]
    assert (
        f"<code>model.skops</code> records commit <code>{recorded}</code>, which is not in this "
        "repository: it is not used (was the model exported from another repository?)"
    ) in page
    missing = f"records commit `{recorded}`, which is not in this repository"
    assert any(missing in m for m in messages)
    assert site.repro.commit == squashed
    assert site.repro.commit_source == "git log"
