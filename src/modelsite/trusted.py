"""Opt-in full loading: `skops.io.load` with exactly the types the user trusts.

Features that need the live model (`modelsite verify`) call `load_trusted(path, trust)`. The
file is audited first (by the schema-only reader, which also enforces the size caps); when it
needs types the user did not list, nothing is loaded and the error names every missing type so
the user can review them and pass `--trust TYPE` (or list them in the configuration).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from modelsite.errors import InputError
from modelsite.wording import count


def load_trusted(path: str | Path, trust: Sequence[str]) -> Any:
    """Load the model at `path`, trusting exactly the types in `trust` (plus skops' defaults)."""
    from modelsite.collect.model import read_model

    path = Path(path)
    info = read_model(path)  # refuses bombs and malformed files before skops sees them
    missing = sorted(set(info.untrusted_types) - set(trust))
    if missing:
        flags = " ".join(f"--trust {t}" for t in missing)
        raise InputError(
            path,
            f"loading it needs {count(len(missing), 'type')} you have not trusted: "
            f"{', '.join(missing)} (review them, then pass {flags})",
        )
    import skops.io

    try:
        return skops.io.load(path, trusted=list(trust))
    except Exception as exc:  # skops refuses, or a trusted type fails to construct
        raise InputError(path, f"skops could not load it ({type(exc).__name__}: {exc})") from None
