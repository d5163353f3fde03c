"""Progress shows on a terminal only: never in CI, in a pipe or a log file, or with --quiet."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from modelsite.log import LOGGER_NAME
from modelsite.progress import Progress, wanted


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeTerminal]:
    for name in (
        "CI",
        "GITHUB_ACTIONS",
        "GITLAB_CI",
        "BUILDKITE",
        "JENKINS_URL",
        "TF_BUILD",
        "MODELSITE_PROGRESS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    logger = logging.getLogger(LOGGER_NAME)
    saved = logger.level
    logger.setLevel(logging.INFO)
    yield FakeTerminal()
    logger.setLevel(saved)


def test_a_terminal_sees_the_count_and_a_clean_line_at_the_end(terminal: FakeTerminal) -> None:
    with Progress("building pages", total=3, stream=terminal) as bar:
        for page in ["index.md", "model-card.md", "cite.md"]:
            bar.advance(item=page)
    out = terminal.getvalue()
    assert "building pages [####################] 3/3 cite.md" in out
    assert out.endswith("\r\x1b[K")  # the line is cleared: the log tells what was done


def test_nothing_in_a_pipe(terminal: FakeTerminal) -> None:
    pipe = io.StringIO()
    with Progress("building pages", total=2, stream=pipe) as bar:
        bar.advance()
        bar.advance()
    assert pipe.getvalue() == ""


@pytest.mark.parametrize("name", ["CI", "GITHUB_ACTIONS"])
def test_nothing_in_ci(terminal: FakeTerminal, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv(name, "true")
    assert not wanted(terminal)


def test_nothing_with_quiet(terminal: FakeTerminal) -> None:
    logging.getLogger(LOGGER_NAME).setLevel(logging.WARNING)  # what --quiet sets
    assert not wanted(terminal)


def test_unknown_total_counts(terminal: FakeTerminal) -> None:
    bar = Progress("loading modules", stream=terminal)
    bar.advance(item="a.py")
    assert bar.line() == "loading modules: 1"


def test_a_warning_clears_the_line_before_it_is_printed(terminal: FakeTerminal) -> None:
    handler = logging.StreamHandler(terminal)
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(handler)
    try:
        with Progress("collecting", total=3, stream=terminal) as bar:
            bar.stage("code")
            logging.getLogger(LOGGER_NAME).warning("src/a.py:3: a located warning")
            bar.stage("models")
    finally:
        mkdocs_logger.removeHandler(handler)
    out = terminal.getvalue()
    assert "1/3 code\r\x1b[Ksrc/a.py:3: a located warning\n" in out
    assert handler.filters == []  # detached at the end
