"""modelsite: a documented, reproducible, citable website for a scikit-learn model.

The public API is small: `export` writes a `.skops` file with embedded metadata,
`inspect_model` reads it back without loading the model, and `collect_site`
gathers everything a site shows from a training project.
"""

from __future__ import annotations

__version__ = "0.1.0"

from modelsite.errors import InputError, ModelsiteError
from modelsite.export import export
from modelsite.collect.model import inspect_model
from modelsite.pipeline import collect_site

__all__ = [
    "InputError",
    "ModelsiteError",
    "__version__",
    "collect_site",
    "export",
    "inspect_model",
]
