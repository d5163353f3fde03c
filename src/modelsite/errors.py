"""The few fatal errors modelsite raises; everything else is a located warning (see `log`)."""

from __future__ import annotations

from pathlib import Path


class ModelsiteError(Exception):
    """Base of every error modelsite raises on purpose."""

    exit_code = 2


class InputError(ModelsiteError):
    """Bad user input: a file that is missing, unreadable or not what it should be.

    The message is one line naming the path and the problem; the CLI prints it and exits 2.
    """

    def __init__(self, path: str | Path | None, problem: str) -> None:
        self.path = None if path is None else str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


class UsageError(ModelsiteError):
    """A command was called with options that do not fit together."""


class BuildFailed(InputError):
    """The builder (MkDocs or Zensical) failed, or aborted on warnings in strict mode."""

    exit_code = 1

    def __init__(self, problem: str) -> None:
        super().__init__(None, problem)
