"""The `.pre-commit-config.yaml` that `modelsite init` writes: the checks `modelsite check` runs.

ruff check and ruff format come from astral-sh/ruff-pre-commit pinned to the installed ruff (so the
hooks agree with the `/code-health/` page); a local hook runs `modelsite docstrings --check`.
The hooks look at the training package only, like the page. An existing file is never replaced.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from modelsite.health import ruff

FILE_NAME = ".pre-commit-config.yaml"
RUFF_HOOKS_REPO = "https://github.com/astral-sh/ruff-pre-commit"


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def _q(value: str) -> str:
    """A YAML scalar: a JSON string is valid YAML and holds any text."""
    return json.dumps(value, ensure_ascii=False)


def precommit_config(*, ruff_version: str, paths: tuple[str, ...],
                     ruff_config: str = "") -> str:
    """Text of the pre-commit configuration for a project whose packages live at `paths`.

    Without a ruff configuration in the project, the lint hook selects modelsite's default
    rules, so that the hook, `modelsite check` and the site report the same findings.
    """
    version = ruff_version or "0.5.0"
    check_id = "ruff-check" if _version_tuple(version) >= (0, 12) else "ruff"
    check_args = ["--fix"]
    if not ruff_config:
        check_args += ["--select", ",".join(ruff.DEFAULT_SELECT)]
    files = ""
    if paths:
        alternatives = "|".join(re.escape(p.rstrip("/")) for p in paths)
        files = f"^({alternatives})(/|$)"
    docs_target = paths[0] if len(paths) == 1 else "."
    lines = [
        "# Written by `modelsite init`: the checks `modelsite check` runs, before each commit.",
        "# Set up once with `pip install pre-commit && pre-commit install`;",
        "# run by hand with `pre-commit run --all-files`.",
        "repos:",
        f"  - repo: {RUFF_HOOKS_REPO}",
        f"    rev: {_q('v' + version)}",
        "    hooks:",
        f"      - id: {check_id}",
        f"        args: [{', '.join(_q(a) for a in check_args)}]",
    ]
    if files:
        lines.append(f"        files: {_q(files)}")
    lines += ["      - id: ruff-format"]
    if files:
        lines.append(f"        files: {_q(files)}")
    lines += [
        "  - repo: local",
        "    hooks:",
        "      - id: modelsite-docstrings",
        "        name: modelsite docstrings --check",
        f"        entry: {_q('modelsite docstrings --check ' + docs_target)}",
        "        language: system",
        "        pass_filenames: false",
        "        types: [python]",
    ]
    if files:
        lines.append(f"        files: {_q(files)}")
    return "\n".join(lines) + "\n"


def write_precommit(root: Path, *, ruff_version: str, paths: tuple[str, ...],
                    ruff_config: str = "") -> Path | None:
    """Write `.pre-commit-config.yaml` into `root` unless it exists; return it, or `None` if kept.

    Written atomically (temporary file, then `os.replace`) and created exclusively, so an
    existing file is never replaced even if it appears meanwhile.
    """
    target = root / FILE_NAME
    if target.exists():
        return None
    text = precommit_config(ruff_version=ruff_version, paths=paths, ruff_config=ruff_config)
    fd, tmp = tempfile.mkstemp(prefix=f"{FILE_NAME}.", suffix=".tmp", dir=root)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.link(tmp, target)  # fails if the target appeared meanwhile: never overwrite
    except FileExistsError:
        return None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def write_for_project(root: Path) -> Path | None:
    """`write_precommit` with the project's package paths and the installed ruff version."""
    from modelsite.collect.project import collect_project
    from modelsite.config import load_config
    from modelsite.health.info import package_paths

    project = collect_project(root, load_config(root))
    _, version = ruff.find_ruff()
    return write_precommit(root, ruff_version=version, paths=package_paths(project),
                           ruff_config=ruff.project_config(root))
