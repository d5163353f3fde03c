"""Progress of long steps on a terminal; nothing at all in CI, in a pipe or with `--quiet`.

    with Progress("building pages", total=len(pages)) as bar:
        for page in pages:
            ...
            bar.advance(item=page)

One line on standard error, redrawn in place at most ten times a second and cleared at the end,
so logs and warnings (`modelsite.log`) stay readable and nothing is left behind in a log file.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from typing import TextIO

from modelsite.log import LOGGER_NAME
from modelsite.terminal import raw_stream

REDRAW_SECONDS = 0.1
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD")


def wanted(stream: TextIO) -> bool:
    """Show progress only on an interactive terminal, outside CI, at the default log level."""
    if os.environ.get("MODELSITE_PROGRESS") == "0":
        return False
    if any(os.environ.get(name) for name in CI_VARIABLES) or os.environ.get("TERM") == "dumb":
        return False
    if not logging.getLogger(LOGGER_NAME).isEnabledFor(logging.INFO):
        return False  # --quiet
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """A one-line progress indicator for a step of `total` items (or an unknown number)."""

    def __init__(
        self,
        label: str,
        total: int | None = None,
        *,
        stream: TextIO | None = None,
        enabled: bool | None = None,
    ) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self._last_draw = 0.0
        self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, n: int = 1, *, item: str = "") -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        finished = self.total is not None and self.done >= self.total
        if now - self._last_draw >= REDRAW_SECONDS or finished:
            self._last_draw = now
            self._draw(item)

    def stage(self, name: str) -> None:
        """Start the next step of the task, named on the line (`collecting [##--] 2/6 code`)."""
        self.advance(item=name)

    def line(self, item: str = "") -> str:
        """The text of the progress line (without terminal control characters)."""
        if self.total:
            width = 20
            filled = min(width, width * self.done // self.total)
            bar = "#" * filled + "-" * (width - filled)
            text = f"{self.label} [{bar}] {self.done}/{self.total}"
        else:
            text = f"{self.label}: {self.done}"
        if item:
            text += f" {item}"
        columns = shutil.get_terminal_size((80, 20)).columns
        return text[: max(10, columns - 1)]

    def _draw(self, item: str) -> None:
        if not self._drawn:
            self._watch_logs(True)
        raw_stream(self.stream).write("\r\x1b[K")  # our own codes; the line itself escaped
        self.stream.write(self.line(item))
        self.stream.flush()
        self._drawn = True

    def _clear(self) -> None:
        if self._drawn:
            raw_stream(self.stream).write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
            self._last_draw = 0.0  # redraw at the next step

    def close(self) -> None:
        """Clear the line (the log says what was done)."""
        self._clear()
        self._watch_logs(False)

    def filter(self, record: logging.LogRecord) -> bool:
        """A log line is about to be printed: clear the progress line first, so it reads well."""
        if self._drawn:
            raw_stream(self.stream).write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
            self._last_draw = 0.0
        return True

    def _watch_logs(self, on: bool) -> None:
        for handler in logging.getLogger("mkdocs").handlers:
            if on:
                handler.addFilter(self)
            else:
                handler.removeFilter(self)
