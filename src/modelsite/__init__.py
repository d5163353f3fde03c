"""modelsite: a documented, reproducible, citable website for a scikit-learn model.

The public API is small: `export` writes a `.skops` file with embedded metadata,
`inspect_model` reads it back without loading the model, and `collect_site`
gathers everything a site shows from a training project.
"""

from __future__ import annotations

__version__ = "0.1.0"

from modelsite.errors import InputError, ModelsiteError
from modelsite.export import export  # eager: a lazy name equal to its submodule's gets shadowed

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: `modelsite inspect` starts without typing

if TYPE_CHECKING:
    from typing import Any

    from modelsite.collect.model import inspect_model
    from modelsite.pipeline import collect_site

# Imported on first use (PEP 562) so `modelsite inspect` starts without griffe, jinja2 or mkdocs.
_LAZY = {
    "inspect_model": "modelsite.collect.model",
    "collect_site": "modelsite.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'modelsite' has no attribute {name!r}")


__all__ = [
    "InputError",
    "ModelsiteError",
    "__version__",
    "collect_site",
    "export",
    "inspect_model",
]
