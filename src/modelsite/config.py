"""Project configuration: `modelsite.yml`, or `[tool.modelsite]` in `pyproject.toml`.

What the user wrote is validated once, here, into frozen keyword-only dataclasses; wrong types
are an `InputError` naming the file, the key and the valid choices; unknown keys are warnings
naming the same (so `build --strict` fails on them), and are ignored.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelsite.errors import InputError
from modelsite.log import warn
from modelsite.yamlfile import read_yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILE = "modelsite.yml"


@dataclass(frozen=True, kw_only=True)
class CardText:
    """Model-card text only a human can write. Empty strings are gaps."""

    model_name: str = ""
    version: str = ""
    summary: str = ""
    intended_use: str = ""
    out_of_scope_use: str = ""
    training_data: str = ""
    evaluation_data: str = ""
    limitations: str = ""
    ethical_considerations: str = ""
    authors: tuple[str, ...] = ()
    license: str = ""
    contact: str = ""
    datasets: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Publish:
    """Where the site, the image and the code are published."""

    repository: str = ""
    """Repository URL; overrides the git remote."""
    image: str = ""
    """Container image name (`ghcr.io/owner/repo`); overrides the one derived from the remote."""
    base_image: str = ""
    """Base image of the generated Dockerfile (`python:3.11-slim@sha256:...`)."""
    site_url: str = ""
    model_url: str = ""
    """Where readers download the published model file (a release asset); default for a GitHub
    repository: `<repo>/releases/download/v<version>/<model file>`."""


@dataclass(frozen=True, kw_only=True)
class CodePaths:
    """`code:` in modelsite.yml: globs relative to the project folder (`collect.layout`)."""

    include: tuple[str, ...] = ()
    """Files to document, lint and audit although the defaults leave them out (tests, docs,
    examples, benchmarks, vendored copies)."""
    exclude: tuple[str, ...] = ()
    """Files or folders to leave out."""


@dataclass(frozen=True, kw_only=True)
class Config:
    """Validated project configuration."""

    source: str = ""
    """The file it was read from, or `""` for defaults."""
    site_name: str = ""
    packages: tuple[str, ...] = ()
    """Import names of the training package(s); detected when empty."""
    code: CodePaths = field(default_factory=CodePaths)
    models: tuple[str, ...] = ()
    """Model files relative to the project root; every `*.skops` when empty."""
    metrics: tuple[str, ...] = ()
    """Extra metrics files (JSON or YAML mappings of name to number)."""
    train_command: str = ""
    templates: str = ""
    """A folder of templates that override the shipped ones."""
    trust: tuple[str, ...] = ()
    """Types the user trusts for full model loading (`verify`)."""
    docstring_style: str = "auto"
    builder: str = ""
    """`mkdocs` or `zensical`; empty: MkDocs while Material is installed, else Zensical."""
    card: CardText = field(default_factory=CardText)
    publish: Publish = field(default_factory=Publish)
    mkdocs: Mapping[str, Any] = field(default_factory=dict)
    """Settings merged over the zero-config `mkdocs.yml` (theme, extra, markdown_extensions...)."""


def _build(cls: type, data: Any, source: str, where: str) -> Any:
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise InputError(
            source, f"`{where or 'top level'}` must be a mapping, not {type(data).__name__}"
        )
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "source"}
    for name in sorted(set(map(str, data)) - set(fields)):
        key = f"{where}.{name}" if where else name
        close = difflib.get_close_matches(name, fields, n=1)
        hint = f"did you mean `{close[0]}`? " if close else ""
        warn(source, f"unknown key `{key}` ignored; {hint}valid keys: {', '.join(sorted(fields))}")
    values: dict[str, Any] = {}
    for name, value in data.items():
        if str(name) not in fields:
            continue
        f = fields[str(name)]
        key = f"{where}.{name}" if where else str(name)
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        if dataclasses.is_dataclass(default):
            values[name] = _build(type(default), value, source, key)
        elif isinstance(default, tuple):
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(
                isinstance(v, (str, int, float)) for v in value
            ):
                raise InputError(source, f"`{key}` must be a list of strings")
            values[name] = tuple(str(v) for v in value)
        elif isinstance(default, Mapping):
            if not isinstance(value, Mapping):
                raise InputError(source, f"`{key}` must be a mapping")
            values[name] = dict(value)
        else:
            if value is None:
                value = ""
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                raise InputError(source, f"`{key}` must be text, not {type(value).__name__}")
            values[name] = str(value)
    return cls(**values)


def parse_config(data: Any, source: str) -> Config:
    """Validate raw configuration data (already parsed from YAML/TOML)."""
    config = _build(Config, data, source, "")
    if config.docstring_style not in {"auto", "numpy", "google", "sphinx"}:
        raise InputError(
            source,
            f"`docstring_style` is {config.docstring_style!r}; valid: auto, numpy, google, sphinx",
        )
    if config.builder not in {"", "mkdocs", "zensical"}:
        raise InputError(source, f"`builder` is {config.builder!r}; valid: mkdocs, zensical")
    for key, why in FIXED_MKDOCS_KEYS.items():
        if key in config.mkdocs:
            raise InputError(source, f"`mkdocs.{key}` cannot be set here: {why}")
    if config.publish.site_url:
        check_site_url(config.publish.site_url, source, "`publish.site_url`")
    return dataclasses.replace(config, source=source)


_SITE_URL = re.compile(r"https?://[^/\s?#]+(/[^\s?#]*)?")


def check_site_url(url: str, source: str | None, key: str) -> None:
    """A site URL is an absolute `http(s)://host/path/` with no query or fragment; `source`
    is the file it was written in (`None` for the command line), `key` its name there."""
    if not _SITE_URL.fullmatch(url):
        raise InputError(
            source,
            f"{key} is {url!r}; give the absolute http(s) address the site is published at, "
            "such as https://owner.github.io/repo/",
        )


FIXED_MKDOCS_KEYS = {
    "site_dir": "the site folder is chosen with `modelsite build -o`",
    "docs_dir": "the pages are generated; keep your own pages with your own mkdocs.yml",
}
"""MkDocs settings that `modelsite.yml` may not override: a cloned project's configuration
must not choose which folder a build empties."""


def load_config(root: Path) -> Config:
    """Read `modelsite.yml`, else `[tool.modelsite]` of `pyproject.toml`, else defaults."""
    path = root / CONFIG_FILE
    if path.is_file():
        return _checked(parse_config(read_yaml(path), str(path)), root)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        data = read_pyproject(pyproject)
        section = data.get("tool", {}).get("modelsite")
        if section is not None:
            return _checked(parse_config(section, f"{pyproject} [tool.modelsite]"), root)
    return Config()


def _checked(config: Config, root: Path) -> Config:
    """What can only be checked against the project: the `templates` folder exists."""
    if config.templates and not (root / config.templates).is_dir():
        raise InputError(
            config.source,
            f"`templates`: the folder {config.templates} does not exist in {root}",
        )
    return config


def read_pyproject(path: Path) -> dict[str, Any]:
    """Parse `pyproject.toml`, turning a syntax error into a located `InputError`."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not valid TOML ({exc})") from None
