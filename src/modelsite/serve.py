"""`modelsite serve`: live preview that rebuilds when the code, the model or the config changes.

This is a shell (it imports MkDocs). A `Session` keeps one project's MkDocs state in memory
between builds: the configuration, the theme environment (templates compiled once), the files,
the navigation and the search index. After an edit it collects the project again (the
collectors reuse what did not change, `modelsite.cache`), renders the pages' Markdown, and sends
through MkDocs only the pages whose Markdown changed or whose module's source changed. Anything
that changes the navigation or the MkDocs configuration (a new module, a new model, a renamed
page title) gets a full build.

A failed build keeps the last good site: the error is logged and shown as a banner on every
page until the next build succeeds. `LiveReloadServer` (MkDocs' own) serves the site, watches
the project and reloads open browsers.
"""

from __future__ import annotations

import html
import io
import json
import logging
import os
import shutil
import socket
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelsite.build import mkdocs_config
from modelsite.cache import Memo, PageCache, caching, stamp
from modelsite.errors import ModelsiteError, UsageError
from modelsite.forge import edit_urls
from modelsite.pipeline import collect_site
from modelsite.render import module_page, render_pages
from modelsite.sitemodel import Site

log = logging.getLogger("mkdocs.plugins.modelsite.serve")


@dataclass(frozen=True)
class Rebuild:
    """What one rebuild did."""

    kind: str
    """`full`, `pages` (only changed pages went through MkDocs) or `unchanged`."""
    pages: tuple[str, ...]
    seconds: float


class Session:
    """One project's site, kept in memory so that an edit rebuilds only what it changes."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.work = Path(tempfile.mkdtemp(prefix="modelsite-serve-"))
        self.site_dir = self.work / "site"
        """What to serve: a symbolic link to the current build, swapped when a full build is
        done, so readers never see a half-written site."""
        self.own_config = self.root / "mkdocs.yml"
        """A project with its own `mkdocs.yml` is served with it (docs folder included)."""
        self._generation = 0
        self.docs_dir = self.work / "docs"
        self.docs_dir.mkdir()
        self.memo = Memo()
        self.error: str = ""
        """The last build's error (one line), or `""` when the site is current."""
        self._config: Any = None
        self._env: Any = None
        self._files: Any = None
        self._nav: Any = None
        self._config_key = ""
        self._cache = PageCache()
        """The rendered pages of the last build (`modelsite.cache`): what to send to MkDocs."""

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    # ------------------------------------------------------------ the one entry point

    def rebuild(self) -> Rebuild | None:
        """Bring the site up to date; on an error keep the last good site and set `error`."""
        start = time.perf_counter()
        try:
            with caching(self.memo):
                site = collect_site(self.root)
            result = self._update(site)
        except ModelsiteError as exc:
            self._fail(str(exc))
            return None
        except Exception as exc:  # a live preview survives anything the project throws at it
            self._fail(f"{type(exc).__name__}: {exc}")
            log.debug("build failed", exc_info=True)
            return None
        self.error = ""
        done = Rebuild(result[0], result[1], time.perf_counter() - start)
        log.info(f"rebuilt ({done.kind}, {len(done.pages)} page(s)) in {done.seconds:.2f} s")
        return done

    def _fail(self, message: str) -> None:
        self.error = " ".join(message.split())
        self._config = None  # the next build starts from scratch
        log.error(f"build failed, still serving the last good site: {self.error}")

    def _update(self, site: Site) -> tuple[str, tuple[str, ...]]:
        if self.own_config.is_file():  # the user's mkdocs.yml: their docs/ too; full builds
            self._full(site, {}, config_file=str(self.own_config))
            self._config = None
            return "full", ()
        pages = render_pages(site)
        config = mkdocs_config(site, self.docs_dir, self.site_dir)
        config_key = json.dumps(config, sort_keys=True, default=str)
        sources = {module_page(m.name): stamp(self.root / m.file) for m in site.code.modules}
        diff = self._cache.compare(pages, sources)
        if self._config is None or config_key != self._config_key or not diff.same_pages:
            self._full(site, config)
            changed, kind = tuple(sorted(pages)), "full"
        elif not diff.changed:
            changed, kind = (), "unchanged"
        elif self._only_pages(site, diff.changed, pages, code_changed=diff.code_changed):
            changed, kind = diff.changed, "pages"
        else:
            self._full(site, config)
            changed, kind = tuple(sorted(pages)), "full"
        self._cache.store(pages, sources)
        self._config_key = config_key
        return kind, changed

    # ------------------------------------------------------------ MkDocs

    def _full(self, site: Site, overrides: dict[str, Any], config_file: str = "") -> None:
        """The steps of `mkdocs build`, keeping the state for later partial builds. Builds into
        a fresh folder and swaps it in, so a failure leaves the last good site in place."""
        from mkdocs.commands import build as mk
        from mkdocs.config import load_config
        from mkdocs.structure.files import get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        self._generation += 1
        staging = self.work / f"site-{self._generation}"
        shutil.rmtree(staging, ignore_errors=True)
        stream = io.StringIO(f"site_name: {json.dumps(site.title)}\n")
        stream.name = str(self.work / "mkdocs.yml")
        config = load_config(
            config_file=config_file or stream, **{**overrides, "site_dir": str(staging)}
        )
        plugin = config.plugins.get("modelsite")
        if plugin is not None:
            plugin.preloaded = site
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages():
            page = file.page if file.page is not None else Page(None, file, config)
            mk._populate_page(page, config, files)
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files()
        for template in config.theme.static_templates:
            mk._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mk._build_extra_template(template, files, config, nav)
        doc_files = files.documentation_pages()
        for file in doc_files:
            assert file.page is not None
            mk._build_page(file.page, config, doc_files, nav, env)
        config.plugins.on_post_build(config=config)
        self._swap_in(staging)
        self._config, self._env, self._files, self._nav = config, env, files, nav

    def _swap_in(self, built: Path) -> None:
        """Point `site_dir` (a symbolic link) at the new build at once; drop the old one."""
        old = self.site_dir.resolve() if self.site_dir.is_symlink() else None
        link = self.work / "site.new"
        link.unlink(missing_ok=True)
        link.symlink_to(built, target_is_directory=True)
        os.replace(link, self.site_dir)
        if old is not None and old != built:
            shutil.rmtree(old, ignore_errors=True)

    def _only_pages(
        self, site: Site, changed: tuple[str, ...], pages: dict[str, str], *, code_changed: bool
    ) -> bool:
        """Send only `changed` pages through MkDocs. False when that cannot be done right
        (a page title changed, so every page's navigation would change): build everything."""
        from mkdocs.commands import build as mk

        config, files, nav, env = self._config, self._files, self._nav, self._env
        plugin = config.plugins["modelsite"]
        plugin.site = plugin.preloaded = site
        plugin.edit_urls = edit_urls(site) if config.repo_url else {}
        plugin.progress = None  # a handful of pages: no progress bar
        if code_changed:
            self._forget_loaded_code(config)
        targets = [files.get_file_from_path(path) for path in changed]
        if any(f is None or f.page is None for f in targets):
            return False
        titles = {f.src_uri: f.page.title for f in targets}
        for file in targets:
            file.content_string = pages[file.src_uri]
            mk._populate_page(file.page, config, files)
        if any(f.page.title != titles[f.src_uri] for f in targets):
            return False
        autorefs = config.plugins.get("autorefs")
        if autorefs is not None:  # resolve cross-references in the re-rendered pages
            autorefs.on_env(env, config=config, files=targets)
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(search, "search_index", None)
        if index is not None and hasattr(index, "entries"):
            urls = {f.page.url for f in targets}
            index.entries = [e for e in index.entries if not _located_in(e["location"], urls)]
        doc_files = files.documentation_pages()
        for file in targets:
            mk._build_page(file.page, config, doc_files, nav, env)
        if search is not None:
            search.on_post_build(config=config)
        return True

    @staticmethod
    def _forget_loaded_code(config: Any) -> None:
        """Make mkdocstrings load the training code again (it keeps modules between pages)."""
        plugin = config.plugins.get("mkdocstrings")
        handler = getattr(plugin.handlers, "_handlers", {}).get("python") if plugin else None
        if handler is not None and hasattr(handler, "_modules_collection"):
            from griffe import LinesCollection, ModulesCollection

            handler._modules_collection = ModulesCollection()
            handler._lines_collection = LinesCollection()


def _located_in(location: str, urls: set[str]) -> bool:
    page = location.split("#", 1)[0]
    return page in urls


def watched_paths(root: Path, site: Site | None) -> list[tuple[Path, bool]]:
    """`(path, recursive)` to watch: the project's top folder (config, CITATION.cff, models at
    the top), the packages' folders, the models' folders and a templates folder."""
    paths: list[tuple[Path, bool]] = [(root, False)]
    if (root / "mkdocs.yml").is_file() and (root / "docs").is_dir():
        paths.append((root / "docs", True))  # the usual docs_dir of a user's own mkdocs.yml
    if site is None:
        return paths
    for search in site.project.search_paths:
        for package in site.project.packages:
            folder = root / search / package.split(".")[0]
            if folder.is_dir():
                paths.append((folder, True))
            elif (root / search).is_dir() and (root / search) != root:
                paths.append((root / search, False))
    for model in site.project.model_files:
        paths.append(((root / model).parent, False))
    if site.config.templates:
        paths.append((root / site.config.templates, True))
    for metrics in site.config.metrics:
        paths.append(((root / metrics).parent, False))
    seen: dict[Path, bool] = {}
    for path, recursive in paths:
        seen[path.resolve()] = seen.get(path.resolve(), False) or recursive
    return sorted(seen.items())


def serve(project: Path, *, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Serve the project's site on `host:port`, rebuilding on changes, until Ctrl-C."""
    from mkdocs.livereload import LiveReloadServer

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = Path(project).resolve()
    if not root.is_dir():
        from modelsite.errors import InputError

        raise InputError(root, "not a folder; give the path of a training project")
    _check_port(host, port)
    session = Session(root)
    try:
        first = session.rebuild()
        if first is None and not session.site_dir.exists():
            placeholder = session.work / "site-0"
            placeholder.mkdir()
            (placeholder / "index.html").write_text(
                "<!doctype html><title>modelsite</title><body></body>", encoding="utf-8"
            )
            session.site_dir.symlink_to(placeholder, target_is_directory=True)

        class Server(LiveReloadServer):
            def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
                content = super()._inject_js_into_html(content, epoch)
                return _with_banner(content, session.error)

        def builder() -> None:
            session.rebuild()  # never raises: a failure is shown, the last good site stays

        server = Server(builder=builder, host=host, port=port, root=str(session.site_dir))
        site = None
        try:
            with caching(session.memo):
                site = collect_site(root)
        except Exception:  # the first build reported it; watch the top folder only
            log.debug("collect failed", exc_info=True)
        for path, recursive in watched_paths(root, site):
            server.watch(str(path), recursive=recursive)
        try:
            server.serve()
        except OSError as exc:
            raise UsageError(f"{host}:{port}: cannot serve there ({exc.strerror or exc})") from None
        except KeyboardInterrupt:
            log.info("shutting down")
        finally:
            server.shutdown()
    finally:
        session.close()
    return 0


def _check_port(host: str, port: int) -> None:
    """Fail at once, before building, when the address is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UsageError(
                f"{host}:{port}: cannot serve there ({exc.strerror or exc}); choose another --port"
            ) from None


BANNER_STYLE = (
    "position:fixed;z-index:1000;left:0;right:0;bottom:0;padding:.8em 1.2em;"
    "background:#b71c1c;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap"
)


def _with_banner(content: bytes, error: str) -> bytes:
    """The page with the last build error shown on top of it (the site is the last good one)."""
    if not error:
        return content
    banner = (
        f'<div id="modelsite-build-error" role="alert" style="{BANNER_STYLE}">'
        f"modelsite: the last build failed; this is the last good site.\n"
        f"{html.escape(error)}</div>"
    ).encode()
    at = content.rfind(b"</body>")
    at = len(content) if at < 0 else at
    return content[:at] + banner + content[at:]
