"""Which commit the model came from, as far as anyone can tell, and how that is known.

In order: the commit `modelsite.export()` recorded in the file (when this repository has it);
else the last commit that changed the model file (`git log -1 -- FILE`), labelled as such and
only when the file is tracked and unchanged since; else none. The current checkout (HEAD) is
never presented as the model's commit. The state of the model file in git (not tracked,
uncommitted changes) is always stated.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelsite.collect.project import git
from modelsite.export import UNRECORDED
from modelsite.sitemodel import ModelInfo

RECORDED = "the model file"
GIT_LOG = "git log"

_COMMIT = re.compile(r"^[0-9a-f]{7,64}$")


@dataclass(frozen=True, kw_only=True)
class Provenance:
    commit: str = ""
    """The commit to check out, or `""` when none is known."""
    source: str = ""
    """`RECORDED`, `GIT_LOG`, or `""`."""
    dirty: bool = False
    """The model file records that its training code had uncommitted changes."""
    file_state: str = ""
    """The model file in git: `""` (committed, unchanged), `untracked` or `modified`; `""` too
    outside a git work tree."""
    file_commit: str = ""
    """The last commit that changed the model file, when the file is committed and unchanged
    since (that commit holds exactly this file); else `""`."""
    notes: tuple[str, ...] = ()
    """What the page says about it, in order (modelsite's own words, `code` in backticks)."""
    warnings: tuple[str, ...] = ()


def recorded(model: ModelInfo | None) -> tuple[str, bool, str]:
    """`(commit, dirty, why no commit)` as the model file records them; the reason is a key of
    `export.UNRECORDED` or `""`."""
    if model is None:
        return "", False, ""
    prov = model.provenance
    raw_git = prov.get("git")
    nested: Mapping[str, Any] = raw_git if isinstance(raw_git, Mapping) else {}
    commit = str(prov.get("commit") or prov.get("git_commit") or nested.get("commit") or "")
    if not _COMMIT.match(commit):
        commit = ""  # not a git object id: never put it in a shell command
    dirty = bool(prov.get("dirty", nested.get("dirty", False)))
    reason = str(prov.get("commit_unrecorded") or "")
    return commit, dirty, reason if reason in UNRECORDED else ""


def find_provenance(root: Path, model: ModelInfo | None) -> Provenance:
    """The model's commit and the model file's state in the repository at `root`."""
    if model is None:
        return Provenance()
    path = model.path
    shown = f"`{path}`"
    commit, dirty, reason = recorded(model)
    notes: list[str] = []
    warnings: list[str] = []
    in_git = bool(git(root, "rev-parse", "--is-inside-work-tree"))
    shallow = in_git and git(root, "rev-parse", "--is-shallow-repository") == "true"
    if commit and in_git and not shallow and not _has_commit(root, commit):
        message = (
            f"{shown} records commit `{commit}`, which is not in this repository: "
            "it is not used (was the model exported from another repository?)"
        )
        warnings.append(message)
        notes.append(message)
        commit = ""
    elif commit:
        notes.append(f"The model was made from commit `{commit}` (recorded in {shown} at export).")
    elif reason:
        notes.append(f"`modelsite.export()` recorded no commit: {UNRECORDED[reason]}.")
    elif in_git:
        notes.append(f"{shown} records no commit.")

    state = ""
    if in_git:
        if not git(root, "ls-files", "--", path):
            state = "untracked"
            notes.append(
                f"{shown} is not tracked by git: no commit holds this file"
                + ("." if commit else ", so none is known to have produced it.")
            )
        elif git(root, "status", "--porcelain", "--untracked-files=no", "--", path):
            state = "modified"
            notes.append(
                f"{shown} has uncommitted changes: it differs from the committed version"
                + ("." if commit else ", so no commit is known to hold this model.")
            )
    source = RECORDED if commit else ""
    last = ""
    if in_git and not state and not shallow:
        found = git(root, "log", "-1", "--format=%H", "--", path)
        last = found if _COMMIT.match(found) else ""
    if not commit and in_git and not state:
        if shallow:
            notes.append(
                "The repository is a shallow clone: the commit that last changed "
                f"{shown} is not known."
            )
        elif last:
            commit, source = last, GIT_LOG
            notes.append(
                f"{shown} was last changed in commit `{last}` "
                f"(`git log -1 -- {shlex.quote(path)}`): the code at that commit is the "
                "nearest known state, not a recorded one."
            )
    return Provenance(
        commit=commit,
        source=source,
        dirty=dirty and source == RECORDED,
        file_state=state,
        file_commit=last,
        notes=tuple(notes),
        warnings=tuple(warnings),
    )


def _has_commit(root: Path, commit: str) -> bool:
    """Whether the repository at `root` holds `commit` (`git cat-file -e` prints nothing)."""
    import subprocess

    try:
        proc = subprocess.run(
            ["git", "-C", str(root), "cat-file", "-e", commit + "^{commit}"],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return True  # cannot tell: keep what the file records
    return proc.returncode == 0
