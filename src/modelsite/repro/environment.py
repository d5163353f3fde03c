"""The environment a reader installs: pinned requirements and the Python version.

Versions embedded in the model at export (`ModelInfo.environment`) win; failing that, a lock
file (`uv.lock`, `poetry.lock`, `pdm.lock`), then the project's requirements file or
`[project].dependencies`. Where they disagree with what the project declares (a recorded
version its specifier excludes, a Python outside `requires-python`), the result carries a
warning for the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from modelsite import __version__ as MODELSITE_VERSION
from modelsite.sitemodel import ModelInfo, ProjectInfo
from modelsite.wording import count

PINNED_FILE = "requirements-pinned.txt"
# Distributions that are not installed from the pinned file: modelsite (installed on its own,
# it is not on the package index) and the packaging tools every virtual environment brings.
NOT_PINNED = {"modelsite", "pip", "setuptools", "wheel"}


def printable(text: str) -> str:
    """`text` when it is one line of printable text, else `the model file` (file names end up
    in shell here-documents and comments)."""
    return text if text.isprintable() else "the model file"


def normalize(name: str) -> str:
    """PEP 503 normalised distribution name (`Scikit_Learn` -> `scikit-learn`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True, kw_only=True)
class Pin:
    """One line of the pinned requirements file."""

    name: str
    spec: str
    """The requirement line, e.g. `scikit-learn==1.5.2`."""
    pinned: bool
    """True when `spec` names one exact version."""
    source: str
    """Where the version comes from: the model file, or the requirements file."""
    detail: str = ""
    """What in `source` states it (`the estimators' state`, `recorded at export`...)."""

    @property
    def origin(self) -> str:
        """`model.skops (recorded at export)`, `requirements.txt`, ... for a comment."""
        return f"{self.source} ({self.detail})" if self.detail else self.source

    @property
    def line(self) -> str:
        """The requirement with its source as a comment (pip reads ` # ...` as one)."""
        return f"{self.spec}  # {self.origin}" if self.origin else self.spec


@dataclass(frozen=True, kw_only=True)
class EnvironmentInfo:
    """What the `/reproduce/` page says about the environment."""

    python: str = ""
    """Python version to use (`3.11.7`), or `""` when unknown."""
    python_source: str = ""
    platform: str = ""
    pins: tuple[Pin, ...] = ()
    source: str = ""
    """What the pins were read from, for the page (`model.skops (recorded at export)`...)."""
    modelsite_version: str = MODELSITE_VERSION
    warnings: tuple[str, ...] = ()

    @property
    def python_minor(self) -> str:
        """`3.11` from `3.11.7`, or `""`."""
        return ".".join(self.python.split(".")[:2]) if self.python else ""

    @property
    def unpinned(self) -> tuple[Pin, ...]:
        return tuple(p for p in self.pins if not p.pinned)

    @property
    def pinned_text(self) -> str:
        """`requirements-pinned.txt` as written: each requirement with its source."""
        return "".join(p.line + "\n" for p in self.pins)


def _exact(spec: str) -> bool:
    return bool(
        re.match(
            r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?\s*===?\s*[^,;\s*]+\s*(;.*)?$", spec.strip()
        )
    )


def _specifier(spec: str, name: str) -> SpecifierSet | None:
    rest = re.sub(r"^\s*[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?", "", spec).split(";", 1)[0]
    try:
        return SpecifierSet(rest.strip())
    except InvalidSpecifier:
        return None


def _contains(spec: SpecifierSet, version: str) -> bool | None:
    try:
        return Version(version) in spec
    except InvalidVersion:
        return None


# What a distribution name and a version may look like (PEP 508 / PEP 440, loosely). The model
# file is untrusted input: anything else could smuggle shell lines into the steps a reader runs.
_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$")
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+!_-]*$")
_PYTHON = re.compile(r"^\d+\.\d+(?:\.\d+)?(?:[a-z]+\d*)?\+?$")


LOCK_FILES = ("uv.lock", "poetry.lock", "pdm.lock")


def lock_versions(root: Path) -> tuple[str, dict[str, str]]:
    """`(file name, {dist: version})` from the first lock file found (`[[package]]` tables with
    `name` and `version`), or `("", {})`."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib

    for name in LOCK_FILES:
        path = root / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
            continue
        found = {}
        for package in data.get("package", []) or []:
            if not isinstance(package, dict):
                continue
            dist, version = str(package.get("name", "")), str(package.get("version", ""))
            if _NAME.match(dist) and _VERSION.match(version):
                found[normalize(dist)] = version
        if found:
            return name, found
    return "", {}


def recorded_packages(model: ModelInfo | None) -> dict[str, str]:
    """`{normalised dist name: version}` the model file records (the file's own versions and
    what `modelsite.export()` embedded; well-formed only)."""
    return _recorded(model)[0]


def recorded_packages_of(model: ModelInfo | None) -> bool:
    """Whether `modelsite.export()` recorded a package list in the model's metadata."""
    packages = model.environment.get("packages") if model is not None else None
    return isinstance(packages, Mapping) and bool(packages)


def _recorded(model: ModelInfo | None) -> tuple[dict[str, str], list[str]]:
    good, bad, _ = _recorded_with_detail(model)
    return good, bad


FILE_DETAIL = {
    "scikit-learn": "the estimators' `_sklearn_version`",
    "skops": "the schema's `_skops_version`",
}
EXPORT_DETAIL = "recorded at export"


def _recorded_with_detail(
    model: ModelInfo | None,
) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """`(versions, malformed names, {name: what in the file states it})`."""
    if model is None:
        return {}, [], {}
    packages = model.environment.get("packages")
    if not isinstance(packages, Mapping):
        packages = {}
    good: dict[str, str] = _file_versions(model)
    detail = {name: FILE_DETAIL[name] for name in good}
    bad: list[str] = []
    for key, value in packages.items():
        name, version = str(key), str(value or "")
        if _NAME.match(name) and _VERSION.match(version):
            good[normalize(name)] = version
            detail[normalize(name)] = EXPORT_DETAIL
        else:
            bad.append(repr(name)[:60])
    return good, bad, detail


def _file_versions(model: ModelInfo | None) -> dict[str, str]:
    """Versions any `.skops` file records by itself, without `modelsite.export()`: scikit-learn
    from the estimators' `_sklearn_version` state and skops from the schema's `_skops_version`."""
    if model is None:
        return {}
    found: dict[str, str] = {}
    for key, dist in (("sklearn", "scikit-learn"), ("skops", "skops")):
        value = model.versions.get(key)
        if isinstance(value, str) and _VERSION.match(value):
            found[dist] = value
    return found


def pinned_environment(project: ProjectInfo, model: ModelInfo | None) -> EnvironmentInfo:
    """Pin the environment from the model's embedded versions, else the project's files."""
    recorded, malformed, details = _recorded_with_detail(model)
    own = normalize(project.name)
    declared = {r.name: r.spec for r in project.requirements}
    warnings: list[str] = []
    pins: list[Pin] = []
    origin = model.path if recorded and model is not None else ""
    how = "versions recorded at export"
    if not recorded_packages_of(model):
        how = "versions the file records"
    source, has = f"{origin} ({how})", "the model was trained with"
    if not recorded:
        lock_file, recorded = lock_versions(project.root)
        origin, source, has = lock_file, f"{lock_file} (lock file)", f"{lock_file} locks"
        details = {}
    origin = printable(origin)
    if recorded:
        for name, version in sorted(recorded.items()):
            if name in NOT_PINNED or name == own:
                continue
            pins.append(
                Pin(
                    name=name,
                    spec=f"{name}=={version}",
                    pinned=True,
                    source=origin,
                    detail=details.get(name, ""),
                )
            )
            if name in declared:
                spec = _specifier(declared[name], name)
                if spec is not None and _contains(spec, version) is False:
                    warnings.append(
                        f"{project.requirements_file} asks for `{declared[name]}`, but {has} "
                        f"{name} {version}"
                    )
        for name, spec_text in declared.items():
            if name in recorded or name in NOT_PINNED or name == own:
                continue
            pins.append(
                Pin(
                    name=name,
                    spec=spec_text,
                    pinned=_exact(spec_text),
                    source=project.requirements_file,
                )
            )
            if not _exact(spec_text):
                warnings.append(
                    f"`{spec_text}` ({project.requirements_file}) has no version "
                    f"recorded in {origin}: it is not pinned"
                )
    elif project.requirements:
        source = project.requirements_file
        for name, spec_text in declared.items():
            if name in NOT_PINNED or name == own:
                continue
            exact = _exact(spec_text)
            pins.append(Pin(name=name, spec=spec_text, pinned=exact, source=source))
        loose = [p.spec for p in pins if not p.pinned]
        if loose:
            warnings.append(
                f"{source} does not pin {count(len(loose), 'requirement')} "
                f"({', '.join(loose)}) and no model file records versions: "
                "a reader may install different versions"
            )
    else:
        source = ""
        warnings.append(
            "no requirements found: no versions embedded in the model, no "
            "requirements.txt/lock file, no [project].dependencies in pyproject.toml"
        )
    if malformed:
        assert model is not None
        warnings.append(
            f"{model.path} records {count(len(malformed), 'package')} whose name or version "
            f"is malformed, left out: {', '.join(malformed[:3])}"
        )
    python, python_source, platform = "", "", ""
    recorded_python = str(model.environment.get("python", "")) if model is not None else ""
    if recorded_python and not _PYTHON.match(recorded_python):
        warnings.append(
            f"the Python version recorded in the model ({recorded_python[:40]!r}) "
            "is malformed, left out"
        )
    elif model is not None and recorded_python:
        python = recorded_python
        python_source = f"recorded in `{printable(model.path)}` at export"
        platform = str(model.environment.get("platform", ""))
    if not python:
        python, python_source = stated_python(
            project.root, project.python_requires, recorded.get("scikit-learn", "")
        )
    if project.python_requires:
        spec = _specifier("x" + project.python_requires, "x")
        if python and spec is not None and _contains(spec, python) is False:
            warnings.append(
                f"pyproject.toml requires Python `{project.python_requires}`, but "
                f"the model was trained with Python {python}"
                if python_source.startswith("recorded")
                else f"pyproject.toml requires Python `{project.python_requires}`, but "
                f"Python {python} is {python_source}"
            )
    recorded_modelsite = recorded.get("modelsite", "")
    return EnvironmentInfo(
        python=python,
        python_source=python_source,
        platform=platform,
        pins=tuple(pins),
        source=source,
        modelsite_version=recorded_modelsite or MODELSITE_VERSION,
        warnings=tuple(warnings),
    )


def installed_versions(names: Any) -> dict[str, str]:
    """Installed version of each distribution name (`""` when it is not installed)."""
    from importlib import metadata

    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = ""
    return out


# The CPython minors each scikit-learn release has wheels for. Checked on 2026-12-03 against the
# package index: `pip index versions scikit-learn --only-binary :all: --implementation cp
# --python-version 3.N` with every manylinux x86_64 platform tag (manylinux1 to manylinux_2_28),
# for N = 6..14. A minor's range holds for every one of its patch releases; a patch release with
# wheels for one more Python is listed in `SKLEARN_PATCH_PYTHONS`.
SKLEARN_PYTHONS = {
    "1.0": ("3.7", "3.9"),
    "1.1": ("3.8", "3.10"),
    "1.2": ("3.8", "3.11"),
    "1.3": ("3.8", "3.11"),
    "1.4": ("3.9", "3.12"),
    "1.5": ("3.9", "3.12"),
    "1.6": ("3.9", "3.13"),
    "1.7": ("3.10", "3.13"),
    "1.8": ("3.11", "3.14"),
    "1.9": ("3.11", "3.14"),
}
SKLEARN_PATCH_PYTHONS = {
    "1.0.2": ("3.7", "3.10"),
    "1.1.3": ("3.8", "3.11"),
    "1.3.1": ("3.8", "3.12"),
    "1.3.2": ("3.8", "3.12"),
    "1.5.2": ("3.9", "3.13"),
    "1.7.2": ("3.10", "3.14"),
}
_MINORS = tuple(f"3.{n}" for n in range(6, 15))
_STATED = re.compile(r"^(\d+\.\d+(?:\.\d+)?)$")


def sklearn_pythons(sklearn: str) -> tuple[str, str] | None:
    """`(oldest, newest)` CPython minor with wheels for scikit-learn `sklearn` (a release
    version), or `None` for a version outside the table."""
    return SKLEARN_PATCH_PYTHONS.get(sklearn) or SKLEARN_PYTHONS.get(
        ".".join(sklearn.split(".")[:2])
    )


def _key(minor: str) -> tuple[int, ...]:
    return tuple(int(x) for x in minor.split("."))


def stated_python(root: Path, requires: str, sklearn: str) -> tuple[str, str]:
    """`(version, where it comes from)` when the model records no Python: `.python-version`,
    `runtime.txt`, then the newest minor that both `requires-python` and the range the recorded
    scikit-learn supports allow (or the only one `requires-python` allows); else `("", "")`."""
    for name, prefix in ((".python-version", ""), ("runtime.txt", "python-")):
        path = root / name
        if not path.is_file():
            continue
        try:
            first = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            continue
        text = first[0].strip().removeprefix(prefix) if first else ""
        if _STATED.match(text):
            return text, f"stated in `{name}`"
    spec = _specifier("x" + requires, "x") if requires else None
    allowed = [m for m in _MINORS if spec is None or _contains(spec, m + ".0") is not False]
    span = sklearn_pythons(sklearn) if sklearn else None
    if span is not None:
        low, high = span
        usable = [m for m in allowed if _key(low) <= _key(m) <= _key(high)]
        if usable:
            where = f"the newest of Python {low} to {high}, which scikit-learn {sklearn} supports"
            if spec is not None:
                where += f", that `requires-python = {requires}` allows"
            return usable[-1], where
    if spec is not None and len(allowed) == 1:
        return allowed[0], f"the only Python `requires-python = {requires}` allows"
    return "", ""
