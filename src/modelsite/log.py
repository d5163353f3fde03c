"""Located warnings, under the logger MkDocs counts with `--strict`.

Warnings read `path:line: message`. The logger lives under `mkdocs.plugins.` so that
`mkdocs build --strict` counts them when modelsite runs as a plugin; the CLI counts them
itself through `WarningCounter`.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TextIO

LOGGER_NAME = "mkdocs.plugins.modelsite"
logger = logging.getLogger(LOGGER_NAME)


def located(path: str | Path | None, message: str, line: int | None = None) -> str:
    """Format a message as `path:line: message` (parts that are unknown are left out)."""
    if path is None:
        return message
    where = f"{path}:{line}" if line else str(path)
    return f"{where}: {message}"


def warn(path: str | Path | None, message: str, line: int | None = None) -> None:
    """Log a located warning."""
    logger.warning(located(path, message, line))


def info(message: str) -> None:
    """Log progress that a terminal user may want to see."""
    logger.info(message)


class WarningCounter(logging.Handler):
    """Count (and keep) the warnings logged while it is attached."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> WarningCounter:
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("mkdocs").removeHandler(self)


class StderrHandler(logging.StreamHandler):
    """Writes each record to `sys.stderr` as it is when the record is emitted.

    A plain `StreamHandler(sys.stderr)` keeps the stream it was given: after `cli.main`
    returns (and restores the `sys.stderr` it wrapped), or once a test's captured stream is
    closed, such a handler writes to a stale or closed stream ("--- Logging error ---").
    """

    def __init__(self, level: int = logging.NOTSET) -> None:
        logging.Handler.__init__(self, level)  # not StreamHandler's: it would store a stream

    @property
    def stream(self) -> TextIO:
        return sys.stderr
