"""Values and metrics as the card writes them, one rule for every table, plot and export."""

from __future__ import annotations

import json
import math
from typing import Any


def value_text(value: Any) -> str:
    """A parameter value as text: Python spelling for scalars, JSON for lists and mappings."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, (int, str)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=False)


def metric_text(value: Any) -> str:
    """A metric as readers compare metrics: four significant digits, trailing zeros kept
    (`1.000`, `0.9833`, `12.50`), plain integers as they are, very large or small values in
    exponent form; anything not a finite number as text."""
    num = None if isinstance(value, bool) or not isinstance(value, (int, float)) else float(value)
    if num is not None and not math.isfinite(num):
        num = None
    if num is None:
        return value_text(value)
    if isinstance(value, int):
        return str(value)
    if num == 0:
        return "0.000"
    if not 1e-3 <= abs(num) < 1e4:
        return f"{num:.4g}"
    return f"{num:#.4g}".rstrip(".")


def short_number(value: float) -> str:
    """Three significant digits (`0.917`, `12`, `1.23e+03`): plot ticks and confusion-matrix
    cells, where space is short."""
    return f"{value:.3g}"
