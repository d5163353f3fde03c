"""Detect a project's docstring style (numpy, google or sphinx) from its existing docstrings."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_NUMPY = re.compile(
    r"^\s*(Parameters|Returns|Yields|Raises|Attributes|Examples|See Also|Notes)"
    r"\s*\n\s*-{3,}\s*$",
    re.MULTILINE,
)
_GOOGLE = re.compile(
    r"^\s*(Args|Arguments|Returns|Yields|Raises|Attributes|Examples|Note)"
    r":\s*\n\s+\S",
    re.MULTILINE,
)
_SPHINX = re.compile(
    r"^\s*:(param|parameter|arg|type|returns?|rtype|raises?|ivar|vartype)"
    r"\b[^:]*:",
    re.MULTILINE,
)


def docstring_style(text: str) -> str | None:
    """The style one docstring is written in, or None when it has no sections."""
    if _NUMPY.search(text):
        return "numpy"
    if _SPHINX.search(text):
        return "sphinx"
    if _GOOGLE.search(text):
        return "google"
    return None


def detect_style_text(texts: Iterable[str], default: str = "numpy") -> str:
    """The most common style of the docstring sections found in source texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts["numpy"] += len(_NUMPY.findall(text))
        counts["sphinx"] += len(_SPHINX.findall(text))
        counts["google"] += len(_GOOGLE.findall(text))
    if not counts:
        return default
    style, n = counts.most_common(1)[0]
    return style if n else default
