"""The `.pre-commit-config.yaml` that `modelsite init` writes: the checks `modelsite check` runs.

ruff check and ruff format come from astral-sh/ruff-pre-commit pinned to the installed ruff (so the
hooks agree with the `/code-health/` page); a local hook runs `modelsite docstrings --check`.
The hooks look at the training package only, like the page. `modelsite init` writes the file
through `init_writer` (and, like every file it writes, never replaces an existing one).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from modelsite.escape import yaml_quoted
from modelsite.health import ruff

if TYPE_CHECKING:
    from modelsite.scaffold import InitContext

FILE_NAME = ".pre-commit-config.yaml"
RUFF_HOOKS_REPO = "https://github.com/astral-sh/ruff-pre-commit"


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def precommit_config(*, ruff_version: str, paths: tuple[str, ...], ruff_config: str = "") -> str:
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
        f"    rev: {yaml_quoted('v' + version)}",
        "    hooks:",
        f"      - id: {check_id}",
        f"        args: [{', '.join(yaml_quoted(a) for a in check_args)}]",
    ]
    if files:
        lines.append(f"        files: {yaml_quoted(files)}")
    lines += ["      - id: ruff-format"]
    if files:
        lines.append(f"        files: {yaml_quoted(files)}")
    lines += [
        "  - repo: local",
        "    hooks:",
        "      - id: modelsite-docstrings",
        "        name: modelsite docstrings --check",
        f"        entry: {yaml_quoted('modelsite docstrings --check ' + docs_target)}",
        "        language: system",
        "        pass_filenames: false",
        "        types: [python]",
    ]
    if files:
        lines.append(f"        files: {yaml_quoted(files)}")
    return "\n".join(lines) + "\n"


def init_writer(ctx: InitContext) -> str:
    """The `modelsite init` writer (see `modelsite.scaffold.WRITERS`) for the collected project."""
    health = ctx.site.health
    if health is None:
        from modelsite.health.measure import package_paths

        paths = package_paths(ctx.site.project)
        return precommit_config(
            ruff_version=ruff.find_ruff()[1], paths=paths, ruff_config=ruff.project_config(ctx.root)
        )
    return precommit_config(
        ruff_version=health.ruff_version or ruff.find_ruff()[1],
        paths=health.paths,
        ruff_config=health.ruff_config,
    )
