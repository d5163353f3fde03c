"""Log records go to the `sys.stderr` of the moment, not to a stream of an earlier call."""

from __future__ import annotations

import io
import logging
import sys
from pathlib import Path

import pytest

from modelsite import log
from modelsite.cli import main


def test_a_warning_after_main_reaches_the_current_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    assert main(["card", str(tmp_path)]) == 2  # no model: sets up logging, then fails
    assert "modelsite: error:" in first.getvalue()
    first.close()  # the earlier caller's stream is gone (as pytest closes a test's capture)

    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    errors: list[str] = []
    monkeypatch.setattr(logging, "raiseExceptions", True)
    monkeypatch.setattr(
        logging.Handler, "handleError", lambda self, record: errors.append(record.getMessage())
    )
    log.warn("model.skops", "read later", line=3)
    assert errors == []
    assert second.getvalue() == "warning: model.skops:3: read later\n"
