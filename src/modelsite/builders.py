"""Which documentation builder builds a docs tree, and running Zensical on one.

A docs tree (`docs_tree`) builds the same with MkDocs (and Material) and with Zensical. The
default is MkDocs while Material for MkDocs is installed (it is maintained until 2027-05-05),
Zensical when it is the only one installed; `builder:` in modelsite.yml or `--builder` choose.

This is a shell: MkDocs is run in-process by `build`, Zensical as its own command
(`python -m zensical build`), its public interface; neither is imported here.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from modelsite.errors import BuildFailed, InputError
from modelsite.log import warn

BUILDERS = ("mkdocs", "zensical")

log = logging.getLogger("mkdocs.plugins.modelsite.builders")


def installed(builder: str) -> bool:
    """Whether `builder` can run here (MkDocs needs Material's theme too)."""
    if builder == "mkdocs":
        return all(importlib.util.find_spec(name) is not None for name in ("mkdocs", "material"))
    return importlib.util.find_spec("zensical") is not None


def choose_builder(wanted: str, *, source: str = "modelsite.yml") -> str:
    """`wanted` (`""`: the default) checked against what is installed."""
    if wanted and wanted not in BUILDERS:
        raise InputError(source, f"`builder` is {wanted!r}; valid: {', '.join(BUILDERS)}")
    if not wanted:
        wanted = "mkdocs" if installed("mkdocs") or not installed("zensical") else "zensical"
    if not installed(wanted):
        package = "mkdocs-material" if wanted == "mkdocs" else "zensical"
        raise InputError(source, f"the {wanted} builder is not installed; `pip install {package}`")
    return wanted


def zensical_command(tree: Path, *, strict: bool = False, serve: str = "") -> list[str]:
    """The command that builds (or, with `serve="HOST:PORT"`, serves) the tree with Zensical."""
    config = str(tree / "mkdocs.yml")
    if serve:
        return [sys.executable, "-m", "zensical", "serve", "-f", config, "-a", serve]
    return [sys.executable, "-m", "zensical", "build", "-f", config, *(["-s"] if strict else [])]


def run_zensical(tree: Path, site_dir: Path, *, strict: bool, source: str) -> None:
    """Build the docs tree `tree` with Zensical into the (empty) folder `site_dir`.

    Zensical writes `site_dir` inside the tree (it refuses one outside its project); the built
    files are then moved into `site_dir`. Its warnings become modelsite warnings naming
    `source`; a failed build is a `BuildFailed` with Zensical's last message.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    result = subprocess.run(
        zensical_command(tree, strict=strict),
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [" ".join(line.split()) for line in (result.stdout + result.stderr).splitlines()]
    lines = [line for line in lines if line]
    for line in lines:
        if line.lower().startswith(("warning", "error")):
            if result.returncode == 0:
                warn(source, f"zensical: {line}")
        else:
            log.debug(f"zensical: {line}")
    built = tree / "site"
    if result.returncode != 0 or not (built / "index.html").is_file():
        last = next((line for line in reversed(lines) if line), "no output")
        raise BuildFailed(f"zensical build failed (exit {result.returncode}): {last}")
    for entry in built.iterdir():
        shutil.move(str(entry), str(site_dir / entry.name))
