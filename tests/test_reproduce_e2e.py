"""Follow the example's /reproduce/ page as written, in a fresh virtual environment.

The page's shell steps are taken from the rendered Markdown and run with bash. Only what needs
the network beyond the package index is redirected, each substitution checked to apply exactly
once so a change to the page cannot slip past:

- the repository URL in `git clone` -> a local clone of the example at the recorded commit;
- the release-asset URL in the `curl` download of the published model -> a copy of that file;
- `MODELSITE` (the page says to set it: modelsite is not on the index) -> this checkout.

The steps create the environment, install the pinned versions from the package index, retrain
with the recorded command, and `modelsite verify` must find the retrained model's predictions
on the embedded sample equal to the published ones.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modelsite.pipeline import collect_site
from modelsite.render import render_pages
from repro_helpers import bash_block, git, run_steps

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "wine"


def _substitute(script: str, old: str, new: str) -> str:
    assert script.count(old) == 1, f"expected {old!r} exactly once in the steps:\n{script}"
    return script.replace(old, new)


@pytest.mark.slow
def test_reproduce_page_steps_rebuild_the_published_model(tmp_path):
    # The author's side: the example in its own repository, trained and exported from a commit.
    upstream = tmp_path / "upstream"
    shutil.copytree(
        EXAMPLE,
        upstream,
        ignore=shutil.ignore_patterns("site", "__pycache__", "*.egg-info", "*.skops"),
    )
    git(upstream, "init", "-q")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "wine classifier")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    subprocess.run(
        [sys.executable, "-m", "wine_classifier.train"],
        cwd=upstream,
        check=True,
        capture_output=True,
        env={**env, "PYTHONPATH": str(upstream / "src")},
    )
    published = upstream / "model.skops"
    site = collect_site(upstream)
    assert site.repro.commit == git(upstream, "rev-parse", "HEAD")
    assert site.repro.commit_source == "the model file"
    page = render_pages(site)["reproduce.md"]
    script = bash_block(page, "# 1. Get the code")

    # Redirect the network resources (see the module docstring).
    clone = re.search(r"^git clone (\S+) ", script, re.M)
    assert clone
    script = _substitute(
        script, f"git clone {clone.group(1)} ", f"git clone {shlex.quote(str(upstream))} "
    )
    download = re.search(r"^curl -fsSL -o published\.skops \S+$", script, re.M)
    assert download, script
    script = _substitute(
        script, download.group(0), f"cp {shlex.quote(str(published))} published.skops"
    )
    assert '"${MODELSITE:-modelsite==' in script

    reader = tmp_path / "reader"
    result = run_steps(reader, script)
    output = result.stdout + result.stderr
    retrained = reader / site.repro.clone_dir / "model.skops"
    assert retrained.is_file()
    assert retrained.read_bytes() != b""
    assert "fixed sample (20 rows)  20 published  20 equal" in result.stdout, output[-4000:]
    assert "verify passed\n" in result.stdout
    assert "skipped" not in result.stdout
