"""Reuse what did not change between two collections of the same project (`modelsite serve`).

A `Memo` remembers the last result of each collector together with what it was computed from:
the arguments (by `repr`: the site model is frozen dataclasses, whose `repr` is their value)
and the modification time and size of the files it read. `memo(fn, *args, files=...)` calls
`fn` only when one of those changed. Outside `caching(...)` it simply calls `fn`, so a one-off
`modelsite build` behaves exactly as before.

Rendered pages are cached by the serve session (which compares each page's Markdown and the
stamps of the module it documents) so that only changed pages go through MkDocs again.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

Stamp = tuple[str, int, int]
"""`(path, mtime_ns, size)`; `(path, -1, -1)` for a file that does not exist."""


def stamp(path: str | Path) -> Stamp:
    """What tells us a file changed, without reading it."""
    try:
        st = os.stat(path)
    except OSError:
        return (str(path), -1, -1)
    return (str(path), st.st_mtime_ns, st.st_size)


def stamps(paths: Iterable[str | Path]) -> tuple[Stamp, ...]:
    return tuple(stamp(p) for p in sorted({str(p) for p in paths}))


def project_inputs(root: Path) -> list[Path]:
    """Files whose change may change the project's facts: everything at the top of the project
    (config, metadata, requirements, Dockerfile; folders by their own modification time, which
    changes when an entry is added or removed) and the checked-out git branch."""
    try:
        entries = [p for p in root.iterdir() if p.name != ".git"]
    except OSError:
        entries = []
    return [root, *entries, root / ".git" / "HEAD"]


@dataclass
class Memo:
    """The last results of the collectors, each with the files it was computed from."""

    max_entries: int = 256
    entries: dict[tuple[str, str], tuple[tuple[Stamp, ...], Any]] = field(default_factory=dict)

    def call(
        self, fn: Callable[..., T], *args: Any, files: Iterable[str | Path] = (), **kwargs: Any
    ) -> T:
        key = (f"{fn.__module__}.{fn.__qualname__}", repr(args) + repr(sorted(kwargs.items())))
        now = stamps(files)
        known = self.entries.get(key)
        if known is not None and known[0] == now:
            return known[1]
        value = fn(*args, **kwargs)
        self.entries.pop(key, None)
        self.entries[key] = (now, value)
        while len(self.entries) > self.max_entries:
            del self.entries[next(iter(self.entries))]
        return value


_ACTIVE: contextvars.ContextVar[Memo | None] = contextvars.ContextVar(
    "modelsite_memo", default=None
)


def memo(fn: Callable[..., T], *args: Any, files: Iterable[str | Path] = (), **kwargs: Any) -> T:
    """`fn(*args, **kwargs)`, reused from the active `Memo` when neither args nor files changed."""
    active = _ACTIVE.get()
    if active is None:
        return fn(*args, **kwargs)
    return active.call(fn, *args, files=files, **kwargs)


@contextmanager
def caching(store: Memo) -> Iterator[Memo]:
    """Make `store` the memo that `memo(...)` uses inside the block."""
    token = _ACTIVE.set(store)
    try:
        yield store
    finally:
        _ACTIVE.reset(token)
