"""Text for a terminal: what a file or model says is shown, never obeyed.

Class names, metric names, file names and card text reach `inspect`, `verify`, `card --check`,
`docstrings` and every warning. Written raw, an escape sequence in one of them can clear the
screen, rewrite a line (hiding the "untrusted types" of a model), set the window title or
reorder text (bidi controls); a lone surrogate crashes the write. `visible` shows each such
character as its Python escape (`\\x1b`, `\\u202e`, `\\ud800`); `EscapingWriter` applies it
to everything the CLI prints. Only modelsite's own progress line writes control codes, through
`raw` (`modelsite.progress`).
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""C0 controls but tab and newline, DEL, C1 controls, bidi marks and overrides, surrogates."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control, bidi and surrogate character written as its escape."""
    return _UNSAFE.sub(_escape, text)


class EscapingWriter:
    """A text stream that writes `visible(text)` to `raw` (everything else is delegated)."""

    def __init__(self, raw: TextIO) -> None:
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(visible(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def raw_stream(stream: TextIO) -> TextIO:
    """The terminal under an `EscapingWriter` (for modelsite's own control codes), or `stream`."""
    return stream.raw if isinstance(stream, EscapingWriter) else stream
