"""Output folders that modelsite may replace, and the one way it replaces them.

modelsite deletes only what it wrote. A folder it writes (a built site, a docs tree, a Hub
folder) is built next to its target under a hidden name and swapped in only when the build
succeeded, so a failed build leaves the previous output as it was. The folder it replaces must
be new, empty, or an earlier output of modelsite: such a folder carries `MANIFEST`, the list of
every file modelsite wrote into it, and holds nothing else. Anything else is refused with a
one-line `InputError` before any work is done, and checked again just before the swap:

- the folder is, or contains, the project or one of the inputs read to build it;
- the folder is a file, or holds a file that modelsite did not write (the user's work);
- the folder cannot be created or written.

This module is core: it imports neither MkDocs nor Zensical.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from modelsite.errors import InputError
from modelsite.wording import count

MANIFEST = ".modelsite-manifest.json"
"""Written into every output folder: which tool wrote it and every file it holds."""


def umask() -> int:
    """The process's umask (read without changing it for longer than the call)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode(existing: Path | None = None) -> int:
    """The mode a file written through a temporary file gets: the mode of the file it replaces,
    else what a plain `open()` would give under the umask (`0o666 & ~umask`), not mkstemp's
    private 0600."""
    if existing is not None:
        try:
            return existing.stat().st_mode & 0o7777
        except OSError:
            pass
    return 0o666 & ~umask()


def write_atomic(
    path: Path,
    data: str | bytes,
    *,
    mode: int | None = None,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Replace `path` with `data` (text is written as UTF-8, newlines as given) all at once.

    The data goes to a temporary file in the same folder, is flushed to disk (`fsync`), and is
    renamed over `path` (`os.replace`), so a reader sees the old file or the new one, never half
    of one. The new file gets `mode` when given, else the mode of the file it replaces, else what
    the umask gives a new file (`new_file_mode`). `before_replace`, when given, runs just before
    the rename; whatever it raises leaves `path` as it was. On any error the temporary file is
    removed and the error propagates; the folder must exist.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if not isinstance(payload, bytes):
        raise TypeError(f"write_atomic writes str or bytes, not {type(data).__name__}")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.chmod(tmp, new_file_mode(path if path.exists() else None) if mode is None else mode)
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _files_below(folder: Path) -> list[str]:
    """Every entry below `folder` that is not a directory, as POSIX paths relative to it
    (symbolic links are listed, never followed)."""
    found: list[str] = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        rel = Path(top).relative_to(folder)
        for name in files:
            found.append((rel / name).as_posix())
        for name in dirs:
            if (Path(top) / name).is_symlink():
                found.append((rel / name).as_posix())
    return sorted(found)


def _manifest(folder: Path) -> set[str] | None:
    """The files listed by `folder`'s manifest, or `None` when it has no readable one."""
    path = folder / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != "modelsite":
        return None
    files = data.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return set(files)


def check_output_folder(
    target: Path, *, project: Path, inputs: Iterable[Path] = (), what: str = "output folder"
) -> None:
    """Refuse a folder that modelsite may not replace (see the module's docstring)."""
    target = target.resolve()
    project = project.resolve()
    if _inside(project, target):
        problem = "is the project" if target == project else "contains the project"
        raise InputError(target, f"{what} {problem}; choose a new folder, e.g. {project / 'site'}")
    for source in inputs:
        source = source.resolve()
        if _inside(source, target):
            raise InputError(
                target, f"{what} contains {source}, which the build reads; choose another folder"
            )
    existing = target.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(target, f"cannot write the {what}: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(target, f"cannot write the {what}: {existing} is not writable")
    if not target.exists():
        return
    if not target.is_dir():
        raise InputError(target, f"{what} is a file, not a folder; choose a folder")
    files = _files_below(target)
    if not files:
        return
    listed = _manifest(target)
    if listed is None:
        first = sorted(files)[0]
        more = f" and {count(len(files) - 1, 'other file')}" if len(files) > 1 else ""
        raise InputError(
            target,
            f"{what} holds {first}{more} and was not written by modelsite (no {MANIFEST}); "
            "choose a new or empty folder, or move its files away yourself",
        )
    foreign = [f for f in files if f not in listed and f != MANIFEST]
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise InputError(
            target,
            f"{what} holds {foreign[0]}{more}, which modelsite did not write; "
            "move it away (modelsite replaces the whole folder)",
        )


def write_manifest(folder: Path) -> None:
    """List every file of `folder` in its manifest (called on the finished staging folder)."""
    from modelsite import __version__

    files = [f for f in _files_below(folder) if f != MANIFEST]
    text = json.dumps({"generator": "modelsite", "version": __version__, "files": files}, indent=1)
    (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")


@contextmanager
def replacing(
    target: Path, *, project: Path, inputs: Iterable[Path] = (), what: str = "output folder"
) -> Iterator[Path]:
    """Yield an empty staging folder next to `target`; on success it replaces `target`.

    The checks of `check_output_folder` run before and again just before the swap; on any
    error inside the block the staging folder is removed and `target` is left as it was.
    The new folder gets the permissions the umask gives a new folder.
    """
    target = target.resolve()
    inputs = tuple(inputs)
    check_output_folder(target, project=project, inputs=inputs, what=what)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.modelsite-", dir=target.parent))
    except OSError as exc:
        raise InputError(target, f"cannot write the {what} ({exc.strerror or exc})") from None
    try:
        os.chmod(staging, 0o777 & ~umask())
        yield staging
        write_manifest(staging)
        check_output_folder(target, project=project, inputs=inputs, what=what)
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, target: Path) -> None:
    """Put `staging` in the place of `target` (a checked folder, or nothing)."""
    if not target.exists():
        os.rename(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.modelsite-old-", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(staging, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
