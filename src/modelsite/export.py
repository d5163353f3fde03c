"""`modelsite.export`: `skops.io.dump` plus one embedded metadata member.

(First cut: metrics and a minimal environment. The model-reader issue deepens it.)
"""

from __future__ import annotations

import json
import platform
import zipfile
from pathlib import Path
from typing import Any

METADATA_MEMBER = "modelsite.json"


def export(estimator: Any, path: str | Path, *, metrics: dict[str, float] | None = None,
           X_test: Any = None, y_test: Any = None, dataset: str | None = None,
           seed: int | None = None, **extra: Any) -> Path:
    """Save `estimator` with skops and embed metrics and environment in the same file."""
    import sklearn
    import skops
    import skops.io

    path = Path(path)
    skops.io.dump(estimator, path)
    meta = {
        "format": 1,
        "metrics": dict(metrics or {}),
        "environment": {"python": platform.python_version(), "platform": platform.platform(),
                        "packages": {"scikit-learn": sklearn.__version__,
                                     "skops": skops.__version__}},
        "data": {"dataset": dataset} if dataset else {},
        "seed": seed,
        "extra": extra,
    }
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(METADATA_MEMBER, json.dumps(meta, indent=1, sort_keys=True))
    return path
