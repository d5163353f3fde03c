"""Zero-config build: a Material + mkdocstrings site from a training project, no `mkdocs.yml`.

This is a shell (it imports MkDocs). It collects the project, writes nothing into it, builds the
MkDocs configuration in memory (merging `modelsite.yml`'s `mkdocs:` overrides), hands the collected
site to the plugin and runs `mkdocs build`. If the project has its own `mkdocs.yml`, that is used
instead, with the modelsite plugin added when it is missing.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pymdownx.superfences import fence_div_format

from modelsite.config import check_site_url
from modelsite.errors import InputError
from modelsite.log import WarningCounter, warn
from modelsite.output import check_output_folder, replacing
from modelsite.pipeline import collect_site, site_inputs
from modelsite.reader_settings import MKDOCSTRINGS_OPTIONS, reader_settings, with_site_url
from modelsite.render import NAV_FANOUT, nav
from modelsite.sitemodel import Site
from modelsite.wording import count


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    warnings: tuple[str, ...]


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


THEME_FEATURES = [
    "navigation.tabs",  # one tab per area: overview, model card, API reference, reproduce...
    "navigation.sections",
    "navigation.indexes",
    "navigation.top",
    "navigation.footer",
    "navigation.tracking",
    "search.suggest",
    "search.highlight",
    "content.code.copy",
    "content.code.annotate",
    "content.tabs.link",  # choosing "Docker" in one tab set switches them all
    "content.action.edit",
    "toc.follow",
]
"""Material features on by default (`theme.features` under `mkdocs:` in `modelsite.yml` replaces
them)."""

SEARCH_SEPARATOR = r'[\s\-,:!=\[\]()"`/]+|__|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])'

PALETTE = [
    {
        "media": "(prefers-color-scheme: light)",
        "scheme": "default",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"},
    },
    {
        "media": "(prefers-color-scheme: dark)",
        "scheme": "slate",
        "primary": "indigo",
        "accent": "indigo",
        "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"},
    },
]


def theme_text(text: str) -> str:
    """Text for MkDocs' theme templates, which insert config values without escaping them.

    `<`, `>`, `&` and `"` become entities (apostrophes stay: Material quotes attributes with `"`).
    """
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _escape_nav(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            out.append(
                {
                    theme_text(str(title)): _escape_nav(value) if isinstance(value, list) else value
                    for title, value in item.items()
                }
            )
        else:
            out.append(item)
    return out


def _large_site_features(site: Site) -> list[str]:
    """Material's `navigation.prune` once the reference is grouped (`render.reference_nav`):
    each page then carries only its own path through the navigation, not every module."""
    return ["navigation.prune"] if len(site.code.modules) > 2 * NAV_FANOUT else []


STYLES = ("numpy", "google", "sphinx")


def docstring_style(site: Site) -> tuple[str, dict[str, Any]]:
    """The project's docstring style, and mkdocstrings' `docstring_options` for it.

    A style set in modelsite.yml is used as it is. Otherwise the style most of the project's
    docstring sections use (`CodeInfo.docstring_style`, numpy when none has sections) is the
    default of griffe's `auto` parser, which still reads a docstring written in another style
    in that style (griffe's heuristics, the project's style tried first); generated docstrings
    are written in the project's style.
    """
    configured = site.config.docstring_style
    if configured != "auto":
        return configured, {}
    style = site.code.docstring_style or "numpy"
    order = [style, *(s for s in ("sphinx", "google", "numpy") if s != style)]
    return style, {"default": style, "method": "heuristics", "style_order": order}


def mkdocs_config(site: Site, docs_dir: Path, site_dir: Path) -> dict[str, Any]:
    """The zero-config MkDocs configuration for a collected project.

    Material with tabs for the areas, search, a light/dark toggle, code copy buttons, admonitions,
    content tabs, Mermaid, the repository link and edit buttons; everything the pages need is
    served from the site itself (system fonts, a shipped Mermaid, no repository-stats request).
    `modelsite.yml`'s `mkdocs:` mapping is merged over it, so any of it can be changed.
    """
    project = site.project
    search_paths = [str((project.root / p).resolve()) for p in project.search_paths]
    style, docstring_options = docstring_style(site)
    config: dict[str, Any] = {
        "site_name": theme_text(site.title),
        "site_description": theme_text(project.description) or None,
        "site_author": theme_text(", ".join(a.name for a in project.authors)) or None,
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "nav": _escape_nav(nav(site)),
        "theme": {
            "name": "material",
            "font": False,  # system fonts: nothing is fetched from Google, the site works offline
            "icon": {"repo": "fontawesome/brands/git-alt"},
            "features": list(THEME_FEATURES) + _large_site_features(site),
            "palette": [dict(p) for p in PALETTE],
        },
        "plugins": [
            # Split dotted paths, camel case and `step__param` names, so `load_dataset` and
            # `n_estimators` find `wine.data.load_dataset` and `forest__n_estimators`.
            {"search": {"separator": SEARCH_SEPARATOR}},
            {"modelsite": {"project": str(project.root.resolve())}},
            {
                "mkdocstrings": {
                    "handlers": {
                        "python": {
                            "paths": search_paths,
                            "options": {
                                "docstring_style": "auto" if docstring_options else style,
                                "docstring_options": docstring_options,
                                "show_source": True,
                                "show_root_heading": True,
                                "heading_level": 2,
                                "members_order": "source",
                                "show_signature_annotations": True,
                                "separate_signature": True,
                                "show_symbol_type_heading": True,
                                "show_symbol_type_toc": True,
                                "show_submodules": False,
                                **MKDOCSTRINGS_OPTIONS,
                                # Missing docstrings are generated for the site (marked as
                                # such); the source is not touched.
                                "extensions": [
                                    {"modelsite.docstrings.griffe_ext": {"style": style}},
                                    "modelsite.docstrings.sphinx_roles",
                                ],
                            },
                        }
                    }
                }
            },
        ],
        "markdown_extensions": [
            "abbr",
            "admonition",
            "attr_list",
            "def_list",
            "md_in_html",
            "tables",
            "footnotes",
            {"toc": {"permalink": True}},
            "pymdownx.details",
            {"pymdownx.highlight": {"anchor_linenums": True}},
            "pymdownx.inlinehilite",
            {
                "pymdownx.superfences": {
                    # `div.ms-mermaid`, drawn by modelsite.js, which loads Mermaid only on a
                    # page with a diagram (Material's own `pre.mermaid` loads it everywhere)
                    "custom_fences": [
                        {"name": "mermaid", "class": "ms-mermaid", "format": fence_div_format}
                    ]
                }
            },
            {"pymdownx.tabbed": {"alternate_style": True}},
            "pymdownx.tasklist",
        ],
    }
    if project.repository_url:
        config["repo_url"] = project.repository_url
        config["repo_name"] = theme_text(f"{project.git.owner}/{project.git.repo}")
        # Generated pages have no Markdown source; the plugin points their edit button at the
        # module, `modelsite.yml` or `CITATION.cff` instead (`forge.edit_urls`).
        config["edit_uri"] = ""
    config = _merge(config, reader_settings(site, config["theme"]["features"]))
    return _merge({k: v for k, v in config.items() if v is not None}, site.config.mkdocs)


def _run_mkdocs(
    config_file: str | io.StringIO,
    overrides: dict[str, Any],
    site: Site | None,
    strict: bool,
    *,
    source: str = "",
    prefix: str = "",
) -> None:
    """Load and build a MkDocs configuration. A configuration problem is an `InputError` naming
    `source` (the file the user wrote, default the configuration file) and the setting as the
    user spells it there (`prefix`: `mkdocs.` for `modelsite.yml`)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    where = source or str(getattr(config_file, "name", config_file))
    problems = _MkDocsConfigProblems(prefix)
    try:
        with problems:
            config = load_config(config_file=config_file, strict=strict, **overrides)
        for message in problems.warnings:
            warn(where, message)
        plugin = config.plugins.get("modelsite")
        if plugin is None:
            raise InputError(
                where, f"the `modelsite` plugin is not enabled; add it under `{prefix}plugins:`"
            )
        if site is not None:
            plugin.preloaded = site
        build(config)
    except ConfigurationError as exc:
        raise InputError(where, f"invalid MkDocs configuration: {exc}") from None
    except Abort as exc:
        if problems.errors:
            raise InputError(where, problems.summary(problems.errors)) from None
        if problems.warnings:
            raise BuildFailed(
                f"{where}: --strict and {problems.summary(problems.warnings)}"
            ) from None
        raise BuildFailed(str(exc)) from None


class _MkDocsConfigProblems(logging.Handler):
    """The validation messages MkDocs logs ("Config value 'theme': ...") before it aborts with
    a bare "Aborted with a configuration error!", renamed to the setting's key. They are kept
    from MkDocs' own log output and reported once, naming the user's file."""

    def __init__(self, prefix: str) -> None:
        super().__init__(level=logging.WARNING)
        self.prefix = prefix
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self._logger = logging.getLogger("mkdocs.config")

    def __enter__(self) -> _MkDocsConfigProblems:
        self._logger.addHandler(self)
        self._propagate, self._logger.propagate = self._logger.propagate, False
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self)
        self._logger.propagate = self._propagate

    def emit(self, record: logging.LogRecord) -> None:
        message = re.sub(
            r"^Config value '([^']*)': ",
            lambda m: f"`{self.prefix}{m.group(1)}`: ",
            record.getMessage(),
        )
        message = " ".join(message.split())  # MkDocs' messages may span lines
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(message)

    @staticmethod
    def summary(messages: list[str]) -> str:
        more = f" (and {count(len(messages) - 1, 'other problem')})" if len(messages) > 1 else ""
        return messages[0] + more


class BuildFailed(InputError):
    """MkDocs aborted (in strict mode, because of warnings)."""

    exit_code = 1

    def __init__(self, problem: str) -> None:
        super().__init__(None, problem)


def _fail_if_strict(strict: bool, counter: WarningCounter) -> None:
    """Under `--strict`, a warning fails the build before its site replaces the last one."""
    if strict and counter.messages:
        raise BuildFailed(
            f"--strict and {count(len(counter.messages), 'warning')}; the site was not replaced"
        )


def build_site(
    root: Path, output: Path | None = None, *, strict: bool = False, site_url: str = ""
) -> BuildResult:
    """Build the site of the project at `root` into `output` (default `root/site`).

    `site_url` (`--site-url`) is where the site will be published; it stands for
    `publish.site_url` (`reader_settings.site_url`).

    The site is built into a hidden folder next to `output` and swapped in only when the build
    succeeded; `output` must be new, empty or an earlier modelsite build (`modelsite.output`).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = root.resolve()
    if not root.is_dir():
        raise InputError(root, "not a folder; give the path of a training project")
    site_dir = (output or root / "site").resolve()
    if site_url:
        check_site_url(site_url, None, "--site-url")
    check_output_folder(site_dir, project=root, what="site folder")  # before any work
    with WarningCounter() as counter:
        own_config = root / "mkdocs.yml"
        if own_config.is_file():
            with replacing(
                site_dir, project=root, inputs=[own_config], what="site folder"
            ) as staging:
                overrides = {"site_dir": str(staging)} | (
                    {"site_url": site_url} if site_url else {}
                )
                _run_mkdocs(str(own_config), overrides, None, strict)
                _fail_if_strict(strict, counter)
        else:
            site = with_site_url(collect_site(root), site_url)
            with (
                replacing(
                    site_dir, project=root, inputs=site_inputs(site), what="site folder"
                ) as staging,
                tempfile.TemporaryDirectory(prefix="modelsite-docs-") as tmp,
            ):
                docs_dir = Path(tmp) / "docs"
                docs_dir.mkdir()
                stream = io.StringIO(f"site_name: {json.dumps(site.title)}\n")
                stream.name = str(Path(tmp) / "mkdocs.yml")
                _run_mkdocs(
                    stream,
                    mkdocs_config(site, docs_dir, staging),
                    site,
                    strict,
                    source=site.config.source or "modelsite.yml",
                    prefix="mkdocs." if site.config.mkdocs else "",
                )
                _fail_if_strict(strict, counter)
    return BuildResult(site_dir=site_dir, warnings=tuple(counter.messages))
