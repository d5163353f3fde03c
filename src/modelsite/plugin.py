"""The MkDocs plugin (`plugins: [modelsite]`): a thin shell that adds the generated pages.

It collects the project once (`modelsite.pipeline`), renders the pages (`modelsite.render`) and
adds each one with `File.generated`, unless the user's docs folder already has a page at that path.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from modelsite.badges import badge_files
from modelsite.forge import edit_urls
from modelsite.pipeline import collect_site
from modelsite.progress import Progress
from modelsite.render import bytecode_cache, render_pages, shipped_templates
from modelsite.sanitize import sanitize_html
from modelsite.sitemodel import Site

ASSETS_CSS = ("assets/modelsite.css",)
ASSETS_JS = ("assets/modelsite.js",)
MERMAID = "assets/mermaid.min.js"
"""Shipped with every site; `modelsite.js` loads it only on a page with a diagram
(`div.ms-mermaid`). A user's own `mkdocs.yml` that routes ```mermaid fences to Material
(`class: mermaid`) gets it on every page, so that Material finds `window.mermaid` and does not
load it from unpkg.com."""


_SOURCE_BLOCK = re.compile(r'<details class="mkdocstrings-source">.*?</details>', re.S)
"""mkdocstrings' collapsed "Source code in ..." listings (pygments-escaped: no raw tags inside)."""


def cache_mkdocstrings_templates(config: MkDocsConfig) -> None:
    """Reuse mkdocstrings' compiled templates between builds (pages render before on_env)."""
    cache = bytecode_cache()
    mkdocstrings = config.plugins.get("mkdocstrings")
    if cache is None or mkdocstrings is None:
        return
    if "python" not in mkdocstrings.config.get("handlers", {}):
        return
    try:
        handler_env = getattr(mkdocstrings.get_handler("python"), "env", None)
    except RuntimeError:  # mkdocstrings is disabled (`enabled: false`)
        return
    if isinstance(handler_env, Environment) and handler_env.bytecode_cache is None:
        handler_env.bytecode_cache = cache


def cache_theme_templates(env: Environment) -> Environment:
    """Reuse the theme's compiled templates between builds."""
    env.bytecode_cache = env.bytecode_cache or bytecode_cache()
    return env


class _NoOptions(base.Config):
    pass


class TemplateCachePlugin(BasePlugin[_NoOptions]):
    """Compiled Jinja templates kept between builds (`render.bytecode_cache`), nothing else.

    Not named in any `mkdocs.yml`: `modelsite build --builder mkdocs` adds it to the loaded
    configuration in process (a speed-up only; the site is the same without it, and Zensical
    builds the same docs tree without it)."""

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        cache_mkdocstrings_templates(config)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        return cache_theme_templates(env)


def _material_draws_mermaid(config: MkDocsConfig) -> bool:
    """The configuration hands ```mermaid fences to Material (`pre.mermaid`, its recipe)."""
    for extension, options in (config.mdx_configs or {}).items():
        if extension == "pymdownx.superfences":
            fences = options.get("custom_fences", [])
            return any(f.get("class") == "mermaid" for f in fences if isinstance(f, dict))
    return False


class ModelsitePluginConfig(base.Config):
    project = c.Type(str, default="")
    """The training project's folder, relative to `mkdocs.yml` (default: the same folder)."""
    search_source = c.Type(bool, default=False)
    """Also put the source listings of the API reference into the search index (off: the index
    is several times smaller, search results are not flooded with code lines, builds are faster)."""


class ModelsitePlugin(BasePlugin[ModelsitePluginConfig]):
    """Add modelsite's pages (model card, API reference, reproduce, docker, cite) to a site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.preloaded: Site | None = None
        self.edit_urls: dict[str, str] = {}
        self.progress: Progress | None = None
        """Set by `modelsite build`, which has collected the project already."""
        self._full_content: str | None = None
        self._indexed: str | None = None
        """The page's content and what the search plugin gets instead (no source listings)."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").parent / (self.config.project or ".")
        self.site = self.preloaded or collect_site(root.resolve())
        self._point_mkdocstrings_at_code(config, self.site)
        for css in ASSETS_CSS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        eager = (MERMAID,) if _material_draws_mermaid(config) else ()
        for js in eager + ASSETS_JS:
            if js not in config.extra_javascript:
                config.extra_javascript.append(js)
        self.edit_urls = edit_urls(self.site) if config.repo_url else {}
        self._add_theme_overrides(config)
        return config

    @staticmethod
    def _add_theme_overrides(config: MkDocsConfig) -> None:
        """Material's templates, minus the call to the forge's API for repository stars
        (`templates/overrides/`); after the user's `custom_dir`, so theirs still win."""
        if config.theme.name != "material":
            return
        overrides = str(shipped_templates() / "overrides")
        if overrides not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)

    @staticmethod
    def _point_mkdocstrings_at_code(config: MkDocsConfig, site: Site) -> None:
        """Make mkdocstrings find the training package (src layout etc.) without user setup."""
        plugin = config.plugins.get("mkdocstrings")
        if plugin is None:
            return
        handlers: dict[str, Any] = plugin.config.setdefault("handlers", {})
        python = handlers.setdefault("python", {})
        paths = python.setdefault("paths", [])
        for rel in site.project.search_paths:
            path = str((site.project.root / rel).resolve())
            if path not in paths:
                paths.append(path)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for path, content in render_pages(self.site).items():
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=content))
        for path, svg in badge_files(self.site).items():  # badges/*.svg, see code-health page
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=svg))
        assets = shipped_templates() / "assets"
        for asset in (*ASSETS_CSS, *ASSETS_JS, MERMAID):
            if files.get_file_from_path(asset) is None:
                files.append(
                    File.generated(config, asset, abs_src_path=str(assets / Path(asset).name))
                )
        self.progress = Progress("building pages", total=len(files.documentation_pages()))
        return files

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        cache_mkdocstrings_templates(config)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        return cache_theme_templates(env)

    @event_priority(100)  # before the search plugin reads the page
    def _hide_source_from_search(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        if not self.config.search_source and page.content and "mkdocstrings-source" in page.content:
            self._full_content = page.content
            page.content = self._indexed = _SOURCE_BLOCK.sub("", page.content)
        return context

    @event_priority(-100)  # after every other plugin: the page itself keeps its listings
    def _restore_source(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if self._indexed is not None and page.content is self._indexed:
            page.content = self._full_content
        self._indexed = self._full_content = None
        return context

    on_page_context = CombinedEvent(_hide_source_from_search, _restore_source)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Generated pages: the edit button opens the file to change (module, modelsite.yml)."""
        if page.file.generated_by is not None:
            page.edit_url = self.edit_urls.get(page.file.src_uri)
        if self.progress is not None:
            self.progress.advance(item=page.file.src_uri)
        return markdown

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.progress is not None:
            self.progress.close()

    def on_build_error(self, *, error: Exception) -> None:
        self.on_post_build(config=None)  # type: ignore[arg-type]

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Generated pages: docstrings are Markdown and may carry HTML; make it inert."""
        if page.file.generated_by is not None:
            return sanitize_html(html)
        return html
