"""How modelsite shows a file's path: relative to a folder when it lies inside it."""

from __future__ import annotations

from pathlib import Path


def relative_posix(path: str | Path, root: Path) -> str:
    """`path` relative to `root` as a POSIX string (both resolved first), or `path` as given
    (in POSIX form) when it lies outside `root`."""
    path = Path(path)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
