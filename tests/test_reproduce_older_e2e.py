"""Follow the /reproduce/ page of a project whose model was saved by an older scikit-learn (a plain
`skops.io.dump`, its schema recording scikit-learn 1.5.2) in a fresh virtual environment: the
steps install that version, not the newest, retrain, and `modelsite verify` finds the parameters
equal and the installed versions the recorded ones. (skops stays at the installed version:
modelsite's schema reader imports skops names that skops 0.10 lacks, so a file recording skops
0.10 installs it and then `modelsite verify` stops with "cannot read class facts".)

As in test_reproduce_e2e.py, only what needs the network beyond the package index is
redirected, each substitution checked to apply exactly once: the `git clone` URL (a local
repository) and `MODELSITE` (this checkout).
"""

from __future__ import annotations

import json
import shlex
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from facts_support import edit_schema, pages_of, plain_project
from repro_helpers import bash_block, git, run_steps

SKLEARN, SKOPS = "1.5.2", version("skops")


def _older(schema: dict) -> None:  # type: ignore[type-arg]
    schema["content"]["content"]["_sklearn_version"]["content"] = json.dumps(SKLEARN)


@pytest.mark.slow
def test_reproduce_page_installs_the_recorded_older_scikit_learn(tmp_path: Path) -> None:
    # The author's side: code, a `.python-version`, and the model committed with it.
    upstream = plain_project(tmp_path / "upstream", {".python-version": "3.11\n"})
    edit_schema(upstream / "model.skops", _older)
    git(upstream, "init", "-q")
    git(upstream, "remote", "add", "origin", "https://github.com/Lab/Iris-Tree.git")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "iris tree, saved by scikit-learn 1.5.2")
    model_commit = git(upstream, "rev-parse", "HEAD")
    (upstream / "README.md").write_text("Iris tree.\n")
    git(upstream, "add", "README.md")
    git(upstream, "commit", "-q", "-m", "readme")

    pages, site, _ = pages_of(upstream)
    assert site.repro.commit == model_commit and site.repro.commit_source == "git log"
    script = bash_block(pages["reproduce.md"], "# 1. Get the code")
    assert f"scikit-learn=={SKLEARN}  # model.skops" in script
    assert f"skops=={SKOPS}  # model.skops" in script
    assert "python3.11 -m venv .venv" in script
    script = script.replace(
        "git clone https://github.com/Lab/Iris-Tree.git ",
        f"git clone {shlex.quote(str(upstream))} ",
    )
    assert script.count(f"git clone {shlex.quote(str(upstream))} ") == 1

    reader = tmp_path / "reader"
    result = run_steps(reader, script)
    output = result.stdout + result.stderr
    clone = reader / site.repro.clone_dir
    installed = subprocess.run(
        [
            str(clone / ".venv" / "bin" / "python"),
            "-c",
            "import sklearn, skops; print(sklearn.__version__, skops.__version__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert installed == [SKLEARN, SKOPS]
    assert (clone / "published.skops").read_bytes() == (upstream / "model.skops").read_bytes()
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["environment", "scikit-learn", SKLEARN, SKLEARN] not in rows  # no drift row
    assert ["environment", "2", "of", "2", "packages", "recorded", "installed", "ok"] in rows
    assert "verify passed" in result.stdout, output[-4000:]
