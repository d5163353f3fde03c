"""What scikit-learn and skops know about classes, cached once per environment.

Reading a model's parameters exactly as `get_params(deep=True)` returns them needs each class's
constructor signature, and auditing it like skops needs skops' default trusted types, which
skops computes by importing all of scikit-learn (seconds of cold start). Both are computed once,
in-process, from the installed scikit-learn and skops, and kept as one JSON file in the user
cache (`$MODELSITE_CACHE_DIR`, else `$XDG_CACHE_HOME/modelsite`, else `~/.cache/modelsite`),
keyed by the installed files of scikit-learn, skops, numpy, scipy and this module. Every later
`modelsite inspect` reads that file instead of importing scikit-learn.

Only installed `sklearn.*` modules are ever imported here; never a module named by a model file.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

TYPE_CHECKING = False  # typing and dataclasses stay out of `modelsite inspect`'s cold start
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

CACHE_FORMAT = 3
_KEY_PACKAGES = ("sklearn", "skops", "numpy", "scipy")


class ClassInfo:
    """How `get_params` works for one class.

    `kind`: `base` (BaseEstimator: sorted signature names, recursing into values that have
    `get_params`), `compose` (`_BaseComposition`: base plus the `(name, estimator)` items of
    `attr`), or `fixed` (kernels, FrozenEstimator: `names` as given, recursing only into
    `deep_names`). `defaults`: the signature's default values, as `live_json` reports them.
    """

    __slots__ = ("attr", "deep_names", "defaults", "kind", "names", "task")

    def __init__(
        self,
        *,
        kind: str,
        names: tuple[str, ...],
        attr: str = "",
        deep_names: tuple[str, ...] = (),
        task: str | None = None,
        defaults: Mapping[str, Any] | None = None,
    ) -> None:
        self.kind = kind
        self.names = names
        self.attr = attr
        self.deep_names = deep_names
        self.task = task
        self.defaults = defaults

    @classmethod
    def from_dict(cls, c: Mapping[str, Any]) -> ClassInfo:
        return cls(
            kind=c["kind"],
            names=tuple(c["names"]),
            attr=c.get("attr", ""),
            deep_names=tuple(c.get("deep_names", ())),
            task=c.get("task"),
            defaults=c.get("defaults"),
        )


class SignatureCache:
    """Class facts of the installed scikit-learn plus skops' default trusted type lists.

    `classes` come from `all_estimators` and the kernels when the cache is built; `sklearn.*`
    classes met later (a CV splitter as `cv`, an internal estimator) are looked up once and
    remembered (`remember`, `save`), so later runs never import scikit-learn for them.
    """

    __slots__ = ("_data", "_dirty", "_path", "classes", "not_estimators", "trusted", "versions")

    def __init__(
        self,
        *,
        classes: dict[str, ClassInfo],
        trusted: Mapping[str, frozenset[str]],
        versions: Mapping[str, str],
        not_estimators: set[str] | None = None,
        data: dict[str, Any] | None = None,
        path: Path | None = None,
    ) -> None:
        self.classes = classes
        self.trusted = trusted
        self.versions = versions
        self.not_estimators = not_estimators if not_estimators is not None else set()
        self._data = data
        self._path = path
        self._dirty = False

    def remember(self, dotted: str, info: dict[str, Any] | None) -> ClassInfo | None:
        """Record what a lookup outside the cache found (`None`: no usable `get_params`)."""
        self._dirty = True
        if info is None:
            self.not_estimators.add(dotted)
            if self._data is not None:
                self._data.setdefault("not_estimators", []).append(dotted)
            return None
        found = ClassInfo.from_dict(info)
        self.classes[dotted] = found
        if self._data is not None:
            self._data["classes"][dotted] = info
        return found

    def save(self) -> None:
        """Write remembered lookups back to the cache file (atomically; errors ignored)."""
        if self._dirty and self._data is not None and self._path is not None:
            write_cache_file(self._path, json.dumps(self._data, sort_keys=True))
            self._dirty = False


def find_spec(name: str) -> Any:
    """`importlib.util.find_spec` for a top-level name, without importing `importlib.util`."""
    if name in sys.modules:
        return getattr(sys.modules[name], "__spec__", None)
    for finder in sys.meta_path:
        find = getattr(finder, "find_spec", None)
        spec = find(name, None) if find else None
        if spec is not None:
            return spec
    return None


def cache_dir() -> Path:
    env = os.environ.get("MODELSITE_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "modelsite"


def cache_key() -> str:
    """Fingerprint of the installed packages whose contents the cache depends on.

    Uses the path and modification time of each package's `__init__.py`, found without
    importing it, so a computation costs microseconds rather than an import.
    """
    own = os.stat(__file__)  # the code that builds the cache
    parts = [f"format={CACHE_FORMAT}", sys.version, f"{__file__}:{own.st_mtime_ns}:{own.st_size}"]
    for name in _KEY_PACKAGES:
        spec = find_spec(name)
        origin = spec.origin if spec else None
        if origin:
            st = os.stat(origin)
            parts.append(f"{name}={origin}:{st.st_mtime_ns}:{st.st_size}")
        else:
            parts.append(f"{name}=missing")
    from modelsite.collect.skops.document import sha256

    digest = sha256()
    digest.update("\n".join(parts).encode())
    return str(digest.hexdigest())[:20]


_MEMO: dict[str, SignatureCache] = {}


def load_signature_cache(*, rebuild: bool = False) -> SignatureCache:
    """The cache for this environment: from memory, else from disk, else built and saved."""
    key = cache_key()
    if not rebuild and key in _MEMO:
        return _MEMO[key]
    path = cache_dir() / f"sklearn-{key}.json"
    data: dict[str, Any] | None = None
    if not rebuild:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT:
                data = None
        except (OSError, ValueError):
            data = None
    if data is None:
        try:
            data = build_cache_data()
        except Exception as exc:  # an skops/scikit-learn this module does not know
            from modelsite.errors import ModelsiteError

            raise ModelsiteError(
                f"cannot read class facts from the installed scikit-learn and "
                f"skops ({type(exc).__name__}: {exc})"
            ) from exc
        write_cache_file(path, json.dumps(data, sort_keys=True))
    cache = _from_data(data, path)
    _MEMO[key] = cache
    return cache


def write_cache_file(path: Path, text: str) -> None:
    """Write a file of the cache folder atomically (`output.write_atomic`), creating the folder;
    an unwritable cache only costs speed, so an `OSError` is ignored."""
    from modelsite.output import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
    except OSError:
        pass


def _from_data(data: dict[str, Any], path: Path | None = None) -> SignatureCache:
    classes = {name: ClassInfo.from_dict(c) for name, c in data["classes"].items()}
    trusted = {k: frozenset(v) for k, v in data["trusted"].items()}
    return SignatureCache(
        classes=classes,
        trusted=trusted,
        versions=data["versions"],
        not_estimators=set(data.get("not_estimators", ())),
        data=data,
        path=path,
    )


# ------------------------------------------------------------------ building (imports sklearn)


def build_cache_data() -> dict[str, Any]:
    """Compute the cache by importing scikit-learn and skops (slow: done once per environment)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _build()


def _build() -> dict[str, Any]:
    import numpy as np
    import scipy
    import sklearn
    import skops
    from sklearn.utils import all_estimators
    from skops.io import _trusted_types as tt
    from skops.io._sklearn import ALLOWED_LOSSES
    from skops.io._utils import get_type_name, get_type_paths
    from skops.utils._fixes import get_sparray_type

    classes: dict[str, Any] = {}
    for _, cls in all_estimators():
        info = class_info(cls)
        if info is not None:
            classes[f"{cls.__module__}.{cls.__name__}"] = info
    from sklearn.gaussian_process import kernels

    for name in dir(kernels):
        obj = getattr(kernels, name)
        if (
            isinstance(obj, type)
            and issubclass(obj, kernels.Kernel)
            and obj.__module__ == kernels.__name__
        ):
            info = class_info(obj)
            if info is not None:
                classes[f"{obj.__module__}.{obj.__name__}"] = info

    sparse: list[Any] = [scipy.sparse.spmatrix]
    if get_sparray_type() is not None:
        sparse.append(get_sparray_type())
    try:
        from skops.io._quantile_forest import QuantileForest
    except ImportError:  # pragma: no cover - skops always ships the module
        QuantileForest = None
    from sklearn.tree._tree import Tree

    trusted = {
        "primitive": tt.PRIMITIVE_TYPE_NAMES,
        "container": tt.CONTAINER_TYPE_NAMES,
        "numpy_dtype": tt.NUMPY_DTYPE_TYPE_NAMES,
        "numpy_ufunc": tt.NUMPY_UFUNC_TYPE_NAMES,
        "scipy_ufunc": tt.SCIPY_UFUNC_TYPE_NAMES,
        "sklearn_estimator": tt.SKLEARN_ESTIMATOR_TYPE_NAMES,
        "sklearn_internal": tt.SKLEARN_INTERNAL_TYPE_NAMES,
        "bit_generators": tt.NUMPY_RANDOM_BIT_GENERATOR_TYPE_NAMES,
        "dict": get_type_paths([dict, "collections.OrderedDict"]),
        "defaultdict": ["collections.defaultdict"],
        "list": get_type_paths([list]),
        "set": get_type_paths([set]),
        "tuple": get_type_paths([tuple]),
        "bytes": get_type_paths([bytes]),
        "bytearray": get_type_paths([bytearray]),
        "ndarray": get_type_paths([np.ndarray]),
        "masked_array": get_type_paths([np.ma.MaskedArray]),
        "random_state": get_type_paths([np.random.RandomState]),
        "generator": get_type_paths([np.random.Generator]),
        "sparse": get_type_paths(sparse),
        "losses": [get_type_name(x) for x in ALLOWED_LOSSES],
        "tree": [f"{Tree.__module__}.Tree"],
        "quantile_forest": (
            [f"{QuantileForest.__module__}.QuantileForest"] if QuantileForest is not None else []
        ),
    }
    return {
        "format": CACHE_FORMAT,
        "classes": classes,
        "trusted": {k: sorted(set(v)) for k, v in trusted.items()},
        "versions": {
            "sklearn": sklearn.__version__,
            "skops": skops.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
        },
    }


def class_info(cls: type) -> dict[str, Any] | None:
    """How `cls.get_params` works, or `None` when it is not one of the known shapes."""
    import inspect

    from sklearn.base import BaseEstimator

    get_params = getattr(cls, "get_params", None)
    if get_params is None:
        return None
    from modelsite.tasks import task_of_class

    task = task_of_class(cls)
    try:
        init = getattr(cls, "__init__")  # noqa: B009 - mypy refuses cls.__init__
        signature = inspect.signature(init)
    except (TypeError, ValueError):
        return None
    params = [
        p for p in signature.parameters.values() if p.name != "self" and p.kind != p.VAR_KEYWORD
    ]
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return None
    defaults = {p.name: live_json(p.default) for p in params if p.default is not p.empty}
    own = get_params
    if own is BaseEstimator.get_params:
        names = [] if init is object.__init__ else sorted(p.name for p in params)
        return {"kind": "base", "names": names, "task": task, "defaults": defaults}
    try:
        source = inspect.getsource(own)
    except (OSError, TypeError):
        return None
    import re

    match = re.search(r"_get_params\(\s*[\"'](\w+)[\"']", source)
    if match:
        names = sorted(p.name for p in params)
        return {
            "kind": "compose",
            "names": names,
            "attr": match.group(1),
            "task": task,
            "defaults": defaults,
        }
    from sklearn.gaussian_process import kernels

    fixed: dict[Any, tuple[list[str], list[str]]] = {
        kernels.KernelOperator.get_params: (["k1", "k2"], ["k1", "k2"]),
        kernels.Exponentiation.get_params: (["kernel", "exponent"], ["kernel"]),
        kernels.CompoundKernel.get_params: (["kernels"], []),
        kernels.Kernel.get_params: ([p.name for p in params], []),
    }
    try:
        from sklearn.frozen import FrozenEstimator

        fixed[FrozenEstimator.get_params] = (["estimator"], [])
    except ImportError:  # scikit-learn < 1.6
        pass
    if own in fixed:
        names, deep = fixed[own]
        return {
            "kind": "fixed",
            "names": names,
            "deep_names": deep,
            "task": task,
            "defaults": defaults,
        }
    return None


def sklearn_class_info(dotted: str) -> dict[str, Any] | None:
    """Class facts for an `sklearn.*` class outside the cache (not in `all_estimators`).

    Imports the module only if it is a file of the installed scikit-learn package.
    """
    module, _, name = dotted.rpartition(".")
    if not is_installed_module(module):
        return None
    import importlib

    try:
        cls = getattr(importlib.import_module(module), name, None)
    except Exception:  # an sklearn module that fails to import: treat the class as unknown
        return None
    if not isinstance(cls, type):
        return None
    return class_info(cls)


def is_installed_module(module: str, package: str = "sklearn") -> bool:
    """Is `module` (`package` itself or `package.a.b`) a file of the installed `package`?

    The one guard before modelsite imports a module that a model file or training code names:
    `sklearnfoo` is not `sklearn`, every part must be an identifier, and the file (a `.py`, a
    package's `__init__.py`, or a compiled extension) must exist in the package's folder.
    Nothing is imported to answer.
    """
    if module != package and not module.startswith(package + "."):
        return False
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return False
    parts = module.split(".")[1:]
    if not all(p.isidentifier() for p in parts):
        return False
    from importlib.machinery import EXTENSION_SUFFIXES

    suffixes = (".py", *EXTENSION_SUFFIXES)
    for root in spec.submodule_search_locations:
        base = Path(root).joinpath(*parts)
        if (base / "__init__.py").is_file():
            return True
        if parts and any(base.with_name(base.name + suffix).is_file() for suffix in suffixes):
            return True
    return False


# ------------------------------------------------------------------ live values as JSON


def live_json(value: Any) -> Any:
    """A live parameter value as the JSON value `inspect --json` reports for it.

    Scalars (`None`, `bool`, `int`, `float`, `str`) as they are; lists and tuples as lists;
    dicts with their keys as JSON would spell them; a `slice` as its repr; classes and functions
    as `module.name`; anything else (estimators, splitters, numpy arrays and numpy scalars, whose
    bytes the reader never opens) as the dotted path of its class.
    """
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) in (list, tuple, set):
        return [live_json(v) for v in value]
    if type(value) is dict:
        return {k if isinstance(k, str) else json.dumps(k): live_json(v) for k, v in value.items()}
    if type(value) is slice:
        return repr(value)
    if isinstance(value, type) or (
        callable(value)
        and hasattr(value, "__name__")
        and not hasattr(value, "get_params")
        and type(value).__name__ != "partial"
    ):
        return f"{getattr(value, '__module__', None) or 'builtins'}.{value.__name__}"
    cls = type(value)
    if cls.__name__ == "partial":
        return "functools.partial"
    if cls.__module__ == "numpy.dtypes" or cls.__name__ == "dtype":
        return "numpy.dtype"
    return f"{cls.__module__}.{cls.__name__}"
