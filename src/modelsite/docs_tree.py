"""The builder-neutral docs tree: Markdown pages, assets and a generated `mkdocs.yml`.

`render` writes what a documentation builder needs to build a project's site, and nothing that
only one builder understands: the `mkdocs.yml` uses Material's theme features, `pymdownx`
extensions, `search`, `mkdocstrings` and template overrides through `custom_dir`, which both
MkDocs (with Material) and Zensical read; no modelsite plugin and no hook (Zensical skips both).
What modelsite adds to the built HTML goes through channels both builders honour:

- the generated-docstring badge: the griffe extension (`docstrings.griffe_ext`);
- inert docstring HTML and source listings left out of search: a Markdown extension
  (`markdown_ext`);
- edit buttons of generated pages: each page's front matter (`edit_url`) read by
  `overrides/partials/actions.html`.

Layout of a tree::

    mkdocs.yml      docs_dir: docs, site_dir: site, custom_dir: overrides (relative paths)
    docs/           the pages, badges/*.svg, assets/ (CSS, a shipped Mermaid)
    overrides/      theme template overrides

This module is core: it imports neither MkDocs nor Zensical.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from modelsite.badges import badge_files
from modelsite.errors import InputError
from modelsite.forge import edit_urls
from modelsite.output import replacing
from modelsite.pipeline import collect_site, site_inputs
from modelsite.reader_settings import FAVICON, MKDOCSTRINGS_OPTIONS, reader_settings
from modelsite.render import (
    NAV_FANOUT,
    module_page,
    nav,
    reference_in_nav,
    render_pages,
    shipped_templates,
)
from modelsite.sitemodel import Site

CONFIG_FILE = "mkdocs.yml"
DOCS = "docs"
OVERRIDES = "overrides"
SITE = "site"
"""Where a builder run in the tree writes the site (`site_dir`, relative to the tree)."""

ASSETS_CSS = ("assets/modelsite.css",)
ASSETS_JS = ("assets/modelsite.js",)
MERMAID = "assets/mermaid.min.js"
"""Shipped with every site; `modelsite.js` loads it only on a page with a diagram
(`div.ms-mermaid`), from the site itself."""

FENCE_FORMAT = "pymdownx.superfences.fence_div_format"


def _path(path: Path, relative_to: Path | None) -> str:
    return os.path.relpath(path, relative_to) if relative_to is not None else str(path)


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


def mkdocs_config(
    site: Site, docs_dir: Path, site_dir: Path, *, relative_to: Path | None = None
) -> dict[str, Any]:
    """The zero-config MkDocs configuration for a collected project.

    Material with tabs for the areas, search, a light/dark toggle, code copy buttons, admonitions,
    content tabs, Mermaid, the repository link and edit buttons; everything the pages need is
    served from the site itself (system fonts, a shipped Mermaid, no repository-stats request).
    `modelsite.yml`'s `mkdocs:` mapping is merged over it, so any of it can be changed.
    """
    project = site.project
    search_paths = [_path((project.root / p).resolve(), relative_to) for p in project.search_paths]
    style, docstring_options = docstring_style(site)
    config: dict[str, Any] = {
        "site_name": theme_text(site.title),
        "site_description": theme_text(project.description) or None,
        "site_author": theme_text(", ".join(a.name for a in project.authors)) or None,
        "docs_dir": _path(docs_dir, relative_to),
        "site_dir": _path(site_dir, relative_to),
        "use_directory_urls": True,
        "nav": _escape_nav(nav(site)),
        "theme": {
            "name": "material",
            "font": False,  # system fonts: nothing is fetched from Google, the site works offline
            "icon": {"repo": "fontawesome/brands/git-alt"},
            "features": list(THEME_FEATURES) + _large_site_features(site),
            "palette": [dict(p) for p in PALETTE],
            # Material's templates minus the forge-API request for repository stars, and the
            # edit button of generated pages (`templates/overrides/`)
            "custom_dir": _path(docs_dir.parent / OVERRIDES, relative_to),
        },
        "extra_css": list(ASSETS_CSS),
        "extra_javascript": list(ASSETS_JS),
        "plugins": [
            # Split dotted paths, camel case and `step__param` names, so `load_dataset` and
            # `n_estimators` find `wine.data.load_dataset` and `forest__n_estimators`.
            {"search": {"separator": SEARCH_SEPARATOR}},
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
                                    "modelsite.docstrings.reexports",
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
                        {
                            "name": "mermaid",
                            "class": "ms-mermaid",
                            "format": PythonName(FENCE_FORMAT),
                        }
                    ]
                }
            },
            {"pymdownx.tabbed": {"alternate_style": True}},
            "pymdownx.tasklist",
            # Both builders run Python-Markdown's extensions: this one makes docstring HTML
            # inert and keeps source listings out of the search index (`markdown_ext`).
            {"modelsite.markdown_ext": {"search_source": False}},
        ],
    }
    if project.repository_url:
        config["repo_url"] = project.repository_url
        config["repo_name"] = theme_text(f"{project.git.owner}/{project.git.repo}")
        # Generated pages have no Markdown source; each page's front matter points its edit
        # button at the module, `modelsite.yml` or `CITATION.cff` instead (`forge.edit_urls`).
        config["edit_uri"] = ""
    if not reference_in_nav(len(site.code.modules)):
        # the module pages are left out of the navigation on purpose (`render.reference_in_nav`);
        # MkDocs would otherwise log every one of them as missing from it
        config["not_in_nav"] = "/reference/"
    config = _merge(config, reader_settings(site, config["theme"]["features"]))
    return _merge({k: v for k, v in config.items() if v is not None}, site.config.mkdocs)


class PythonName(str):
    """A Python object named in `mkdocs.yml` (`!!python/name:module.attr`), which both
    builders' YAML loaders resolve."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    PythonName,
    lambda dumper, name: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{name}", ""),
)


def config_yaml(config: Mapping[str, Any]) -> str:
    """`mkdocs.yml` text for `config` (stable key order as given)."""
    head = "# Generated by modelsite (`modelsite render`); built with MkDocs or Zensical.\n"
    return head + yaml.dump(
        dict(config), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )


def with_edit_url(text: str, edit_url: str) -> str:
    """The page with `edit_url` in its front matter (added to the template's own, if any):
    every generated page says where its edit button goes (`""`: no button)."""
    line = f"edit_url: {json.dumps(edit_url)}\n"
    if text.startswith("---\n"):
        return "---\n" + line + text[4:]
    return f"---\n{line}---\n\n{text}"


def source_digests(site: Site) -> dict[str, str]:
    """Each reference page's module source, digested (`serve`): its Markdown (`::: module`) does
    not change when the code does, so a live preview puts this in the page's front matter and
    every builder's own watcher sees the page change with its module."""
    out: dict[str, str] = {}
    for module in site.code.modules:
        try:
            data = (site.project.root / module.file).read_bytes()
        except OSError:
            continue
        out[module_page(module.name)] = hashlib.sha256(data).hexdigest()[:16]
    return out


def write_tree(
    site: Site, tree: Path, *, digests: Mapping[str, str] = {}, shipped_overrides: bool = False
) -> dict[str, Any]:
    """Write the docs tree of `site` into the empty folder `tree`; return its configuration.

    `digests` (page -> text) go into those pages' front matter as `source_digest`. With
    `shipped_overrides` (a build in a temporary tree) `custom_dir` names modelsite's own
    overrides folder instead of a copy, unless the user has one: the same template files on
    every build, so their compiled form is reused (`render.bytecode_cache`)."""
    docs = tree / DOCS
    docs.mkdir(parents=True, exist_ok=True)
    urls = edit_urls(site)
    for page, text in render_pages(site).items():
        if page.endswith(".md"):
            text = with_edit_url(text, urls.get(page, ""))
            if page in digests:
                text = "---\nsource_digest: " + digests[page] + "\n" + text[4:]
        _write(docs / page, text)
    for page, svg in badge_files(site).items():
        _write(docs / page, svg)
    assets = shipped_templates() / "assets"
    for asset in (*ASSETS_CSS, *ASSETS_JS, MERMAID, FAVICON):
        (docs / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(assets / Path(asset).name, docs / asset)
    shutil.copytree(shipped_templates() / "overrides", tree / OVERRIDES)
    config = mkdocs_config(site, docs, tree / SITE, relative_to=tree)
    users = site.config.mkdocs.get("theme", {})
    custom = users.get("custom_dir") if isinstance(users, Mapping) else None
    if custom:  # the user's overrides win over ours: copied over them, in the tree
        source = (site.project.root / str(custom)).resolve()
        if not source.is_dir():
            raise InputError(
                site.config.source or "modelsite.yml",
                f"`mkdocs.theme.custom_dir`: the folder {custom} does not exist",
            )
        shutil.copytree(source, tree / OVERRIDES, dirs_exist_ok=True)
        config["theme"]["custom_dir"] = OVERRIDES
    elif shipped_overrides:
        config["theme"]["custom_dir"] = str(shipped_templates() / "overrides")
    _write(tree / CONFIG_FILE, config_yaml(config))
    return config


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def render_docs(root: Path, output: Path | None = None) -> Path:
    """`modelsite render`: write the docs tree of the project at `root` into `output` (default
    `root/modelsite-docs`), replacing an earlier tree only when the new one is complete."""
    root = root.resolve()
    if not root.is_dir():
        raise InputError(root, "not a folder; give the path of a training project")
    target = (output or root / "modelsite-docs").resolve()
    from modelsite.output import check_output_folder

    check_output_folder(target, project=root, what="docs folder")
    site = collect_site(root)
    with replacing(target, project=root, inputs=site_inputs(site), what="docs folder") as staging:
        write_tree(site, staging)
    return target
