"""Static randomness audit of the training code (with `ast`, nothing is imported from it).

Finds, with `file:line`:
- calls that accept `random_state` but get none, or `None`: scikit-learn estimators and
  functions (their signatures are read from scikit-learn itself), CV splitters only when
  `shuffle=True`, `train_test_split`, the `make_*` data set generators, and the project's own
  functions whose `random_state` parameter defaults to `None`;
- use of the global NumPy or `random` generators without a seed anywhere in the package;
- `default_rng()` / `RandomState()` without a seed;
- the seeds that are fixed (literals, names like `SEED = 42`, `np.random.seed(0)`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from modelsite.astnames import dotted_name

# NumPy's legacy global generator: calls that draw from it.
_NP_GLOBAL_SEEDERS = {"seed"}
_NP_NOT_DRAWS = {
    "seed",
    "default_rng",
    "RandomState",
    "Generator",
    "SeedSequence",
    "PCG64",
    "MT19937",
    "Philox",
    "SFC64",
    "BitGenerator",
    "get_state",
    "set_state",
}
_PY_RANDOM_DRAWS = {
    "random",
    "randint",
    "randrange",
    "choice",
    "choices",
    "shuffle",
    "sample",
    "uniform",
    "gauss",
    "normalvariate",
    "betavariate",
    "expovariate",
    "triangular",
    "getrandbits",
    "randbytes",
    "lognormvariate",
    "vonmisesvariate",
    "gammavariate",
    "paretovariate",
    "weibullvariate",
    "binomialvariate",
}
# Keywords only pandas' `sample` takes (a `.sample(10)` elsewhere may be a distribution's).
_PANDAS_SAMPLE_KEYWORDS = frozenset({"frac", "n", "replace", "weights", "axis", "ignore_index"})
_OTHER_LIBRARIES = frozenset({"xgboost", "lightgbm", "catboost", "imblearn"})
# Deep-learning libraries: imported without their global seed call, their weight
# initialisation, dropout and data shuffling differ on every run.
_FRAMEWORK_SEEDERS = {
    "torch": (
        "torch.manual_seed",
        "torch.random.manual_seed",
        "lightning.seed_everything",
        "pytorch_lightning.seed_everything",
        "lightning.pytorch.seed_everything",
    ),
    "tensorflow": (
        "tensorflow.random.set_seed",
        "tensorflow.keras.utils.set_random_seed",
        "keras.utils.set_random_seed",
        "tensorflow.set_random_seed",
    ),
}
_SHUFFLE_SPLITTERS = {"KFold", "StratifiedKFold", "GroupKFold", "StratifiedGroupKFold"}


@dataclass(frozen=True, kw_only=True)
class RandomnessFinding:
    """One place in the code that matters for randomness."""

    file: str
    """Path relative to the project root."""
    line: int
    kind: str
    """`unseeded` (a problem) or `seed` (a fixed or passed-through seed)."""
    call: str
    """What is called or assigned, e.g. `RandomForestClassifier` or `SEED`."""
    detail: str
    """Why it matters, for the reader."""

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, kw_only=True)
class ModelSeed:
    """A `random_state` parameter of the exported model."""

    param: str
    value: Any

    @property
    def fixed(self) -> bool:
        return self.value is not None and not (
            isinstance(self.value, str) and "RandomState" in self.value
        )


@dataclass(frozen=True, kw_only=True)
class RandomnessAudit:
    findings: tuple[RandomnessFinding, ...] = ()
    model_seeds: tuple[ModelSeed, ...] = ()
    risks: tuple[str, ...] = ()
    files: int = 0
    problems: tuple[str, ...] = ()
    """Files that could not be parsed (`path:line: message`)."""
    unaudited: tuple[str, ...] = ()
    """Training code that was not audited: notebooks, a script the training command names
    that is not in the project."""

    @property
    def complete(self) -> bool:
        """Was every file of the training code audited?"""
        return not self.problems and not self.unaudited

    @property
    def unseeded(self) -> tuple[RandomnessFinding, ...]:
        return tuple(f for f in self.findings if f.kind == "unseeded")

    @property
    def seeds(self) -> tuple[RandomnessFinding, ...]:
        return tuple(f for f in self.findings if f.kind == "seed")

    @property
    def unseeded_model_params(self) -> tuple[ModelSeed, ...]:
        return tuple(s for s in self.model_seeds if not s.fixed)


# Estimators and samplers of other libraries that take a seed, by name (used when the library
# is not installed here; an installed one is asked through its signature): class -> the
# parameter names that seed it.
KNOWN_SEEDED: dict[str, tuple[str, ...]] = {
    **{
        f"xgboost.{name}": ("random_state", "seed")
        for name in (
            "XGBClassifier",
            "XGBRegressor",
            "XGBRanker",
            "XGBRFClassifier",
            "XGBRFRegressor",
        )
    },
    **{
        f"lightgbm.{name}": ("random_state", "seed")
        for name in ("LGBMClassifier", "LGBMRegressor", "LGBMRanker", "LGBMModel")
    },
    **{
        f"catboost.{name}": ("random_seed", "random_state")
        for name in ("CatBoostClassifier", "CatBoostRegressor", "CatBoostRanker", "CatBoost")
    },
    **{
        f"imblearn.{name}": ("random_state",)
        for name in (
            "over_sampling.SMOTE",
            "over_sampling.ADASYN",
            "over_sampling.BorderlineSMOTE",
            "over_sampling.SVMSMOTE",
            "over_sampling.KMeansSMOTE",
            "over_sampling.SMOTENC",
            "over_sampling.SMOTEN",
            "over_sampling.RandomOverSampler",
            "under_sampling.RandomUnderSampler",
            "under_sampling.ClusterCentroids",
            "under_sampling.InstanceHardnessThreshold",
            "under_sampling.CondensedNearestNeighbour",
            "under_sampling.OneSidedSelection",
            "combine.SMOTEENN",
            "combine.SMOTETomek",
            "ensemble.BalancedRandomForestClassifier",
            "ensemble.BalancedBaggingClassifier",
            "ensemble.EasyEnsembleClassifier",
            "ensemble.RUSBoostClassifier",
        )
    },
}
_SEED_NAMES = ("random_state", "seed", "random_seed")


def _known_by_name(dotted: str) -> tuple[str, ...]:
    """Seed parameters of a known class, matched on its library and class name (a class is
    imported from `xgboost`, `xgboost.sklearn` or `imblearn.over_sampling._smote.base`)."""
    top, _, _ = dotted.partition(".")
    cls = dotted.rsplit(".", 1)[-1]
    for known, names in KNOWN_SEEDED.items():
        if known.partition(".")[0] == top and known.rsplit(".", 1)[-1] == cls:
            return names
    return ()


def seed_params(dotted: str) -> tuple[str, ...]:
    """The seed parameters (`random_state`, `seed`, `random_seed`) the callable named
    `dotted` takes: scikit-learn's from its installed signature; another library's from its
    signature when it is installed here, else from `KNOWN_SEEDED`; `()` otherwise."""
    module, _, attr = dotted.rpartition(".")
    if module == "sklearn" or module.startswith("sklearn."):
        return ("random_state",) if _accepts_random_state(dotted) else ()
    top = module.partition(".")[0]
    if top not in {k.partition(".")[0] for k in KNOWN_SEEDED}:
        return ()
    from modelsite.collect.sklearn_params import is_installed_module

    if is_installed_module(module, top):
        found = _inspect_seed_params(module, attr)
        if found is not None:
            return found
    return _known_by_name(dotted)


@lru_cache(maxsize=256)
def _inspect_seed_params(module: str, attr: str) -> tuple[str, ...] | None:
    """Seed parameters from the installed library's signature (`None`: cannot tell)."""
    try:
        obj = getattr(importlib.import_module(module), attr)
        target = obj.__init__ if inspect.isclass(obj) else obj
        params = inspect.signature(target).parameters
    except Exception:  # an installed library that fails to import: fall back to names
        return None
    found = tuple(n for n in _SEED_NAMES if n in params)
    if not found and any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return None  # `**kwargs` (xgboost, lightgbm) may carry the seed: use the known names
    return found


@lru_cache(maxsize=512)
def _accepts_random_state(dotted: str) -> bool:
    """Does the scikit-learn callable named `dotted` take a `random_state` parameter?

    Only a module of the installed scikit-learn (`sklearn.` and a file that exists) is ever
    imported. Answered by importing it (seconds: scikit-learn and SciPy) once per installed
    scikit-learn; the answers are kept in the user cache next to the signature cache, so later
    builds of the same project import nothing.
    """
    from modelsite.collect.sklearn_params import is_installed_module

    module, _, attr = dotted.rpartition(".")
    if not is_installed_module(module):
        return False
    known = _known_random_state()
    if dotted not in known:
        known[dotted] = _inspect_random_state(module, attr)
        _save_known_random_state(known)
    return bool(known[dotted])


def _known_path() -> Path:
    from modelsite.collect.sklearn_params import cache_dir, cache_key

    return cache_dir() / f"random-state-{cache_key()}.json"


@lru_cache(maxsize=1)
def _known_random_state() -> dict[str, bool]:
    import json

    try:
        data = json.loads(_known_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, bool)} if isinstance(data, dict) else {}


def _save_known_random_state(known: dict[str, bool]) -> None:
    import json

    from modelsite.collect.sklearn_params import write_cache_file

    write_cache_file(_known_path(), json.dumps(known, sort_keys=True))


def _inspect_random_state(module: str, attr: str) -> bool:
    try:
        obj = getattr(importlib.import_module(module), attr)
        target = obj.__init__ if inspect.isclass(obj) else obj
        return "random_state" in inspect.signature(target).parameters
    except (ImportError, AttributeError, TypeError, ValueError):
        return False


def _add_import(node: ast.Import | ast.ImportFrom, names: dict[str, str]) -> None:
    """Record the local names an import statement binds (-> dotted import path)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                names[alias.asname] = alias.name
            else:
                names[alias.name.split(".")[0]] = alias.name.split(".")[0]
    elif node.module and not node.level:
        for alias in node.names:
            names[alias.asname or alias.name] = f"{node.module}.{alias.name}"


def _resolve(func: ast.expr, imports: Mapping[str, str]) -> str:
    dotted = dotted_name(func)
    if not dotted:
        return ""
    head, _, rest = dotted.partition(".")
    if head in imports:
        return imports[head] + ("." + rest if rest else "")
    return dotted


def _kw(call: ast.Call, name: str) -> ast.keyword | None:
    return next((k for k in call.keywords if k.arg == name), None)


def _is_none(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _src(node: ast.expr) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # pragma: no cover - ast.unparse handles every parsed expression
        return "?"


def _scan(tree: ast.Module, own: dict[str, int]) -> dict[str, str]:
    """One walk over a module: its imports (local name -> dotted import path, returned) and its
    functions/classes whose `random_state` parameter defaults to `None` (added to `own`: name ->
    index of that parameter among the positional ones, -1 when keyword-only)."""
    imports: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            _add_import(node, imports)
            continue
        target: ast.FunctionDef | ast.AsyncFunctionDef | None = None
        name = ""
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            target, name = node, node.name
        elif isinstance(node, ast.ClassDef):
            init = next(
                (b for b in node.body if isinstance(b, ast.FunctionDef) and b.name == "__init__"),
                None,
            )
            target, name = init, node.name
        if target is None:
            continue
        args = target.args
        positional = [*args.posonlyargs, *args.args]
        defaults = dict(
            zip(
                [a.arg for a in positional[len(positional) - len(args.defaults) :]],
                args.defaults,
                strict=True,
            )
        )
        defaults.update(
            {
                a.arg: d
                for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
                if d is not None
            }
        )
        if "random_state" in defaults and _is_none(defaults["random_state"]):
            names = [a.arg for a in positional]
            if names and names[0] in {"self", "cls"} and isinstance(node, ast.ClassDef):
                names = names[1:]
            own[name] = names.index("random_state") if "random_state" in names else -1
    return imports


class _Visitor(ast.NodeVisitor):
    def __init__(
        self,
        rel: str,
        imports: Mapping[str, str],
        own: Mapping[str, int],
        packages: tuple[str, ...] = (),
    ) -> None:
        self.rel, self.imports, self.own = rel, imports, own
        self.packages = packages  # a call resolving into these is a call of the project's own
        self.findings: list[RandomnessFinding] = []
        self.global_np_draws: list[RandomnessFinding] = []
        self.global_py_draws: list[RandomnessFinding] = []
        self.np_seeded = False
        self.py_seeded = False
        self.framework_imports: dict[str, RandomnessFinding] = {}
        self.framework_seeded: set[str] = set()

    def _framework_import(self, node: ast.Import | ast.ImportFrom, module: str) -> None:
        top = module.split(".", 1)[0]
        if top in _FRAMEWORK_SEEDERS and top not in self.framework_imports:
            seeder = _FRAMEWORK_SEEDERS[top][0]
            self.framework_imports[top] = RandomnessFinding(
                file=self.rel,
                line=node.lineno,
                kind="unseeded",
                call=f"import {top}",
                detail=f"`{top}` is imported and `{seeder}` is never called: weight "
                "initialisation, dropout and shuffling differ on every run",
            )

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._framework_import(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and not node.level:
            self._framework_import(node, node.module)

    def add(self, node: ast.AST, kind: str, call: str, detail: str) -> None:
        self.findings.append(
            RandomnessFinding(
                file=self.rel, line=getattr(node, "lineno", 0), kind=kind, call=call, detail=detail
            )
        )

    def visit_Assign(self, node: ast.Assign) -> None:
        if (
            isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, int)
            and not isinstance(node.value.value, bool)
        ):
            for target in node.targets:
                name = (
                    target.id
                    if isinstance(target, ast.Name)
                    else (target.attr if isinstance(target, ast.Attribute) else "")
                )
                if name and ("seed" in name.lower() or name.lower() == "random_state"):
                    self.add(node, "seed", name, f"fixed seed `{name} = {node.value.value}`")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        target = _resolve(node.func, self.imports)
        if not target:
            return
        short = target.rsplit(".", 1)[-1]
        rs = _kw(node, "random_state")
        for framework, seeders in _FRAMEWORK_SEEDERS.items():
            if target in seeders and node.args and not _is_none(node.args[0]):
                self.framework_seeded.add(framework)
                self.add(node, "seed", short, f"`{target}({_src(node.args[0])})`")
                return
        # NumPy generators and the global NumPy / stdlib generators.
        if target.startswith("numpy.random."):
            attr = target[len("numpy.random.") :]
            if attr in {"default_rng", "RandomState"}:
                seed = (
                    node.args[0]
                    if node.args
                    else (
                        _kw(node, "seed").value  # type: ignore[union-attr]
                        if _kw(node, "seed")
                        else None
                    )
                )
                if seed is None or _is_none(seed):
                    self.add(
                        node,
                        "unseeded",
                        f"np.random.{attr}()",
                        f"`np.random.{attr}()` without a seed draws fresh entropy each run",
                    )
                else:
                    self.add(node, "seed", f"np.random.{attr}", f"seeded with `{_src(seed)}`")
            elif attr in _NP_GLOBAL_SEEDERS:
                if node.args and not _is_none(node.args[0]):
                    self.np_seeded = True
                    self.add(
                        node, "seed", "np.random.seed", f"global NumPy seed `{_src(node.args[0])}`"
                    )
            elif attr not in _NP_NOT_DRAWS and "." not in attr:
                self.global_np_draws.append(
                    RandomnessFinding(
                        file=self.rel,
                        line=node.lineno,
                        kind="unseeded",
                        call=f"np.random.{attr}",
                        detail="draws from NumPy's global generator, which nothing seeds",
                    )
                )
            return
        if target.startswith("random.") and target.count(".") == 1:
            attr = short
            if attr == "seed":
                if node.args and not _is_none(node.args[0]):
                    self.py_seeded = True
                    self.add(node, "seed", "random.seed", f"global seed `{_src(node.args[0])}`")
            elif attr == "Random" and not node.args:
                self.add(
                    node,
                    "unseeded",
                    "random.Random()",
                    "`random.Random()` without a seed draws fresh entropy each run",
                )
            elif attr in _PY_RANDOM_DRAWS:
                self.global_py_draws.append(
                    RandomnessFinding(
                        file=self.rel,
                        line=node.lineno,
                        kind="unseeded",
                        call=f"random.{attr}",
                        detail="draws from the `random` module's global generator, which nothing "
                        "seeds",
                    )
                )
            return
        # Calls that take random_state.
        if target.startswith("sklearn."):
            if not _accepts_random_state(target):
                return
            if short in _SHUFFLE_SPLITTERS and not _is_true(
                getattr(_kw(node, "shuffle"), "value", None)
            ):
                return  # without shuffle=True these splitters are deterministic
            if short == "train_test_split":
                shuffle = _kw(node, "shuffle")
                if (
                    shuffle is not None
                    and isinstance(shuffle.value, ast.Constant)
                    and shuffle.value.value is False
                ):
                    return
            self._check_random_state(node, short, rs, positional_index=None)
            return
        if target.split(".", 1)[0] in _OTHER_LIBRARIES:
            names = seed_params(target)
            if names:
                given = next((_kw(node, n) for n in names if _kw(node, n) is not None), None)
                self._check_random_state(
                    node,
                    short,
                    given,
                    positional_index=None,
                    param=(given.arg or names[0]) if given else names[0],
                )
            return
        if short in self.own and ("." not in target or target.split(".", 1)[0] in self.packages):
            self._check_random_state(node, short, rs, positional_index=self.own[short])
            return
        if (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "sample"
            and dotted_name(node.func.value).split(".", 1)[0] not in self.imports
            and (node.args or node.keywords)
            and (
                any(v.split(".", 1)[0] in {"pandas", "polars"} for v in self.imports.values())
                or any(k.arg in _PANDAS_SAMPLE_KEYWORDS for k in node.keywords)
            )
        ):
            # pandas `DataFrame.sample` / `Series.sample`: `random_state` is the 5th argument
            self._check_random_state(
                node, ".sample", rs, positional_index=4, what="pandas `.sample()`"
            )

    def _check_random_state(
        self,
        node: ast.Call,
        name: str,
        rs: ast.keyword | None,
        positional_index: int | None,
        param: str = "random_state",
        what: str = "",
    ) -> None:
        if rs is None and positional_index is not None and 0 <= positional_index < len(node.args):
            value: ast.expr | None = node.args[positional_index]
        else:
            value = rs.value if rs is not None else None
        if any(k.arg is None for k in node.keywords) and value is None:
            return  # **kwargs may carry it; do not guess
        what = what or f"`{name}`"
        if value is None:
            self.add(
                node,
                "unseeded",
                name,
                f"{what} accepts `{param}` but gets none: a new random seed each run",
            )
        elif _is_none(value):
            self.add(
                node, "unseeded", name, f"{what} with `{param}=None`: a new random seed each run"
            )
        elif isinstance(value, ast.Constant):
            self.add(node, "seed", name, f"`{param}={_src(value)}`")
        else:
            self.add(node, "seed", name, f"`{param}={_src(value)}` (passed through)")


def _python_files(
    root: Path, packages: tuple[str, ...], search_paths: tuple[str, ...]
) -> list[Path]:
    files: list[Path] = []
    for base in search_paths or (".",):
        for name in packages:
            pkg = root / base / name
            if pkg.is_dir():
                files.extend(
                    sorted(
                        p for p in pkg.rglob("*.py") if "__pycache__" not in p.parts and p.is_file()
                    )
                )
            elif (root / base / f"{name}.py").is_file():
                files.append(root / base / f"{name}.py")
    return list(dict.fromkeys(files))


def _scripts(root: Path, train_command: str) -> tuple[list[Path], list[str]]:
    """Python files outside the packages that train: top-level scripts and the script the
    training command runs (`(files, files it names that do not exist)`), and the notebooks
    found (listed as not audited)."""
    files = [
        p
        for p in sorted(root.glob("*.py"))
        if p.is_file()  # a FIFO or device named `x.py` is never opened (it would block)
        and p.name not in {"setup.py", "conftest.py", "noxfile.py"}
    ]
    missing: list[str] = []
    try:
        words = shlex.split(train_command)
    except ValueError:
        words = []
    for word in words:
        if word.endswith(".py") and not word.startswith("-"):
            path = root / word
            if path.is_file() and path.resolve().is_relative_to(root.resolve()):
                files.append(path)
            else:
                missing.append(word)
    from modelsite.collect.layout import walk

    notebooks = list(walk(root, ".ipynb").files)
    return files, missing + notebooks


def audit_randomness(
    root: Path,
    packages: tuple[str, ...],
    search_paths: tuple[str, ...],
    model_seeds: Mapping[str, Any] | None = None,
    model_params: Mapping[str, Any] | None = None,
    files: tuple[str, ...] | None = None,
    *,
    train_command: str = "",
) -> RandomnessAudit:
    """Audit the training code under `root`, the script the training command runs, and the
    model's own seeds.

    `files` (relative to `root`): the training files to read (`ProjectInfo.code_files`: scripts
    and top-level files included, tests left out); default: every file of the packages plus
    the top-level scripts.
    """
    if files is not None:
        paths = [root / f for f in files]
    else:
        paths = _python_files(root, packages, search_paths)
    scripts, unaudited = _scripts(root, train_command)
    paths = list(dict.fromkeys([*paths, *scripts]))
    problems: list[str] = []
    texts: dict[str, str] = {}
    for path in paths:
        rel = path.relative_to(root).as_posix()
        try:
            texts[rel] = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            problems.append(f"{rel}: cannot read as UTF-8; left out of the randomness audit")
    trees: dict[str, ast.Module] = {}

    def parsed(rel: str) -> ast.Module | None:
        if rel not in trees:
            try:
                trees[rel] = ast.parse(texts[rel], filename=rel)
            except (SyntaxError, ValueError) as exc:
                line = getattr(exc, "lineno", None)
                problems.append(
                    f"{rel}:{line}: cannot parse ({exc.__class__.__name__}); "
                    "left out of the randomness audit"
                    if line
                    else f"{rel}: cannot parse; left out of the randomness audit"
                )
                texts.pop(rel)
                return None
        return trees[rel]

    # Only a file that mentions `random_state` can define a function taking it; only one that
    # mentions randomness, scikit-learn, a seed or such a function can hold a finding. The
    # others (most of a large package) are not parsed at all.
    own: dict[str, int] = {}
    imports: dict[str, dict[str, str]] = {}
    for rel in list(texts):
        if "random_state" in texts[rel] and (tree := parsed(rel)) is not None:
            imports[rel] = _scan(tree, own)
    wanted = re.compile(
        r"random|sklearn|seed|sample|torch|tensorflow|keras|xgboost|lightgbm|catboost|imblearn"
        + "".join(rf"|\b{re.escape(name)}\b" for name in sorted(own)),
        re.IGNORECASE,
    )
    findings: list[RandomnessFinding] = []
    np_draws: list[RandomnessFinding] = []
    py_draws: list[RandomnessFinding] = []
    np_seeded = py_seeded = False
    framework_imports: dict[str, RandomnessFinding] = {}
    framework_seeded: set[str] = set()
    for rel in [r for r in list(texts) if wanted.search(texts[r])]:
        tree = parsed(rel)
        if tree is None:
            continue
        names = imports[rel] if rel in imports else _scan(tree, {})
        visitor = _Visitor(rel, names, own, packages)
        visitor.visit(tree)
        findings.extend(visitor.findings)
        np_draws.extend(visitor.global_np_draws)
        py_draws.extend(visitor.global_py_draws)
        np_seeded |= visitor.np_seeded
        py_seeded |= visitor.py_seeded
        for top, finding in visitor.framework_imports.items():
            framework_imports.setdefault(top, finding)
        framework_seeded |= visitor.framework_seeded
    if not np_seeded:
        findings.extend(np_draws)
    if not py_seeded:
        findings.extend(py_draws)
    findings.extend(f for top, f in framework_imports.items() if top not in framework_seeded)
    findings.sort(key=lambda f: (f.file, f.line, f.call))
    seeds = tuple(ModelSeed(param=k, value=v) for k, v in sorted((model_seeds or {}).items()))
    return RandomnessAudit(
        findings=tuple(findings),
        model_seeds=seeds,
        risks=tuple(_risks(model_params or {})),
        files=len(paths),
        problems=tuple(problems),
        unaudited=tuple(unaudited),
    )


def _risks(params: Mapping[str, Any]) -> list[str]:
    risks = []
    parallel = sorted(
        k for k, v in params.items() if k.rsplit("__", 1)[-1] == "n_jobs" and v not in (1, None)
    )
    if parallel:
        risks.append(
            "`" + "`, `".join(parallel) + "` run in parallel: results that sum floats "
            "across workers can differ in the last digits; set `n_jobs=1` to be sure"
        )
    risks.append(
        "BLAS/OpenMP thread counts change the order of floating-point sums: fix "
        "`OMP_NUM_THREADS`, `MKL_NUM_THREADS` and `OPENBLAS_NUM_THREADS` (to 1) when "
        "retraining"
    )
    risks.append(
        "`PYTHONHASHSEED` changes the iteration order of sets of strings (column "
        "selections built from sets, for example): set `PYTHONHASHSEED=0`"
    )
    return risks
