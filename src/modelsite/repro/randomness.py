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
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

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
_SHUFFLE_SPLITTERS = {"KFold", "StratifiedKFold", "GroupKFold", "StratifiedGroupKFold"}


@dataclass(frozen=True, kw_only=True)
class Finding:
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
    findings: tuple[Finding, ...] = ()
    model_seeds: tuple[ModelSeed, ...] = ()
    risks: tuple[str, ...] = ()
    files: int = 0
    problems: tuple[str, ...] = ()
    """Files that could not be parsed (`path:line: message`)."""

    @property
    def unseeded(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "unseeded")

    @property
    def seeds(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "seed")

    @property
    def unseeded_model_params(self) -> tuple[ModelSeed, ...]:
        return tuple(s for s in self.model_seeds if not s.fixed)

    @property
    def all_fixed(self) -> bool:
        return not self.unseeded and not self.unseeded_model_params


@lru_cache(maxsize=512)
def _accepts_random_state(dotted: str) -> bool:
    """Does the scikit-learn callable named `dotted` take a `random_state` parameter?

    Answered by importing it (seconds: scikit-learn and SciPy) once per installed scikit-learn;
    the answers are kept in the user cache next to the signature cache, so later builds of the
    same project import nothing.
    """
    module, _, attr = dotted.rpartition(".")
    if not module.startswith("sklearn"):
        return False
    known = _known_random_state()
    if dotted not in known:
        known[dotted] = _inspect_random_state(module, attr)
        _save_known_random_state(known)
    return bool(known[dotted])


def _known_path() -> Path:
    from modelsite.collect.sklearn_params import _cache_key, cache_dir

    return cache_dir() / f"random-state-{_cache_key()}.json"


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

    from modelsite.collect.sklearn_params import _write_atomic

    _write_atomic(_known_path(), json.dumps(known, sort_keys=True))


def _inspect_random_state(module: str, attr: str) -> bool:
    try:
        obj = getattr(importlib.import_module(module), attr)
        target = obj.__init__ if inspect.isclass(obj) else obj
        return "random_state" in inspect.signature(target).parameters
    except (ImportError, AttributeError, TypeError, ValueError):
        return False


def _dotted(node: ast.expr) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


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
    dotted = _dotted(func)
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
        self.findings: list[Finding] = []
        self.global_np_draws: list[Finding] = []
        self.global_py_draws: list[Finding] = []
        self.np_seeded = False
        self.py_seeded = False

    def add(self, node: ast.AST, kind: str, call: str, detail: str) -> None:
        self.findings.append(
            Finding(
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
                    Finding(
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
                    Finding(
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
        if short in self.own and ("." not in target or target.split(".", 1)[0] in self.packages):
            self._check_random_state(node, short, rs, positional_index=self.own[short])

    def _check_random_state(
        self, node: ast.Call, name: str, rs: ast.keyword | None, positional_index: int | None
    ) -> None:
        if rs is None and positional_index is not None and 0 <= positional_index < len(node.args):
            value: ast.expr | None = node.args[positional_index]
        else:
            value = rs.value if rs is not None else None
        if any(k.arg is None for k in node.keywords) and value is None:
            return  # **kwargs may carry it; do not guess
        if value is None:
            self.add(
                node,
                "unseeded",
                name,
                f"`{name}` accepts `random_state` but gets none: a new random seed each run",
            )
        elif _is_none(value):
            self.add(
                node, "unseeded", name, f"`{name}(random_state=None)`: a new random seed each run"
            )
        elif isinstance(value, ast.Constant):
            self.add(node, "seed", name, f"`random_state={_src(value)}`")
        else:
            self.add(node, "seed", name, f"`random_state={_src(value)}` (passed through)")


def _python_files(
    root: Path, packages: tuple[str, ...], search_paths: tuple[str, ...]
) -> list[Path]:
    files: list[Path] = []
    for base in search_paths or (".",):
        for name in packages:
            pkg = root / base / name
            if pkg.is_dir():
                files.extend(sorted(p for p in pkg.rglob("*.py") if "__pycache__" not in p.parts))
            elif (root / base / f"{name}.py").is_file():
                files.append(root / base / f"{name}.py")
    return list(dict.fromkeys(files))


def audit_randomness(
    root: Path,
    packages: tuple[str, ...],
    search_paths: tuple[str, ...],
    model_seeds: Mapping[str, Any] | None = None,
    model_params: Mapping[str, Any] | None = None,
    files: tuple[str, ...] | None = None,
) -> RandomnessAudit:
    """Audit the training package(s) under `root`, plus the model's own `random_state`s.

    `files` (relative to `root`): the training files to read (`ProjectInfo.code_files`: scripts
    and top-level files included, tests left out); default: every file of the packages.
    """
    paths = (
        [root / f for f in files]
        if files is not None
        else _python_files(root, packages, search_paths)
    )
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
        r"random|sklearn|seed" + "".join(rf"|\b{re.escape(name)}\b" for name in sorted(own)),
        re.IGNORECASE,
    )
    findings: list[Finding] = []
    np_draws: list[Finding] = []
    py_draws: list[Finding] = []
    np_seeded = py_seeded = False
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
    if not np_seeded:
        findings.extend(np_draws)
    if not py_seeded:
        findings.extend(py_draws)
    findings.sort(key=lambda f: (f.file, f.line, f.call))
    seeds = tuple(ModelSeed(param=k, value=v) for k, v in sorted((model_seeds or {}).items()))
    return RandomnessAudit(
        findings=tuple(findings),
        model_seeds=seeds,
        risks=tuple(_risks(model_params or {})),
        files=len(paths),
        problems=tuple(problems),
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
