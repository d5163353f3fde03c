"""`modelsite serve`: live preview that rebuilds when the code, the model or the config changes.

This is a shell. It relies on public interfaces only: the builder serves and rebuilds the site
with its own live reload (`mkdocs.commands.serve.serve`, or the `zensical serve` command), and
modelsite keeps the docs tree the builder watches up to date:

- a `Session` renders the project's docs tree (`docs_tree`) into a folder that stays in place,
  and after an edit renders it again (the collectors reuse what did not change,
  `modelsite.cache`) and writes only the files whose bytes changed, so the builder sees exactly
  the pages that changed; a reference page carries its module's digest in its front matter, so
  a code edit changes that page;
- a watcher thread polls the project's inputs (`watched_paths`) and calls the session.

A failed render keeps the last good tree: the error is logged and shown on every page, as a
banner the theme override `main.html` puts into Material's (and Zensical's) `announce` block,
until the next render succeeds. A project with its own `mkdocs.yml` is served with MkDocs and
the modelsite plugin, with the project's inputs added to MkDocs' watch list.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelsite.builders import choose_builder, zensical_command
from modelsite.cache import Memo, caching
from modelsite.docs_tree import CONFIG_FILE, DOCS, OVERRIDES, source_digests, write_tree
from modelsite.errors import InputError, ModelsiteError, UsageError
from modelsite.pipeline import collect_site
from modelsite.render import shipped_templates
from modelsite.sitemodel import Site

log = logging.getLogger("mkdocs.plugins.modelsite.serve")

BANNER_TEMPLATE = "main.html"
"""The theme override that shows the last render's error (Material's and Zensical's
`announce` block); not written when the user's `custom_dir` has a `main.html` of its own."""


@dataclass(frozen=True)
class Rebuild:
    """What one render did."""

    kind: str
    """`full` (the first render), `changed` (some files of the tree changed) or `unchanged`."""
    files: tuple[str, ...]
    """The tree's files written or removed, relative to the tree (`docs/model-card.md`)."""
    seconds: float


class Session:
    """One project's docs tree, kept on disk between renders."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.work = Path(tempfile.mkdtemp(prefix="modelsite-serve-"))
        self.tree = self.work / "tree"
        """The docs tree the builder serves: updated in place, file by file."""
        self.memo = Memo()
        self.error: str = ""
        """The last render's error (one line), or `""` when the tree is current."""
        self.site: Site | None = None
        """The last collected site (what `watched_paths` watches)."""
        self.before_write: Callable[[tuple[str, ...]], None] = lambda files: None
        self.after_write: Callable[[tuple[str, ...]], None] = lambda files: None
        """Called around every change to the tree with the files that change (Zensical is
        stopped meanwhile when it has to be, `ZensicalServer`)."""

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def rebuild(self) -> Rebuild | None:
        """Bring the tree up to date; on an error keep the last good tree and set `error`."""
        start = time.perf_counter()
        first = not self.tree.exists()
        fresh = self.work / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            with caching(self.memo):
                site = collect_site(self.root)
            write_tree(site, fresh, digests=source_digests(site))
        except ModelsiteError as exc:
            self._fail(str(exc))
            return None
        except Exception as exc:  # a live preview survives anything the project throws at it
            self._fail(f"{type(exc).__name__}: {exc}")
            log.debug("render failed", exc_info=True)
            return None
        writes, removes = tree_changes(fresh, self.tree)
        if writes or removes:
            files = tuple(sorted([*writes, *removes]))
            self.before_write(files)
            try:
                changed = apply_changes(fresh, self.tree, writes, removes)
                if not first and affects_every_page(changed):
                    touch_pages(self.tree)
            finally:
                self.after_write(files)
        else:
            changed = ()
        shutil.rmtree(fresh, ignore_errors=True)
        self.site, self.error = site, ""
        kind = "full" if first else "changed" if changed else "unchanged"
        done = Rebuild(kind, changed, time.perf_counter() - start)
        if changed:
            log.info(f"docs tree updated ({count_files(changed)}) in {done.seconds:.2f} s")
        return done

    def _fail(self, message: str) -> None:
        self.error = " ".join(message.split())
        shutil.rmtree(self.work / "fresh", ignore_errors=True)
        log.error(f"build failed, still serving the last good site: {self.error}")
        if not self.tree.exists():  # nothing good yet: an empty site that shows the banner
            write_placeholder(self.tree)
        banner = self.tree / OVERRIDES / BANNER_TEMPLATE
        text = banner_template(self.error)
        if not banner.exists() or _ours(banner.read_text(encoding="utf-8")):
            if banner.exists() and banner.read_text(encoding="utf-8") == text:
                return
            files = (f"{OVERRIDES}/{BANNER_TEMPLATE}",)
            self.before_write(files)
            try:
                _replace(banner, text.encode())
                touch_pages(self.tree)
            finally:
                self.after_write(files)


def count_files(files: tuple[str, ...]) -> str:
    return f"{len(files)} file" + ("" if len(files) == 1 else "s")


def _tree_files(folder: Path) -> dict[str, Path]:
    """The files a docs tree is made of (`mkdocs.yml`, `docs/`, `overrides/`), not what a
    builder writes into it (`site/`, caches)."""
    files = {CONFIG_FILE: folder / CONFIG_FILE} if (folder / CONFIG_FILE).is_file() else {}
    for part in (DOCS, OVERRIDES):
        for path in (folder / part).rglob("*"):
            if path.is_file() and not path.name.endswith(".part"):
                files[path.relative_to(folder).as_posix()] = path
    return files


def tree_changes(fresh: Path, tree: Path) -> tuple[list[str], list[str]]:
    """The files of `fresh` whose bytes differ from `tree`'s, and the files `fresh` lacks."""
    new, old = _tree_files(fresh), _tree_files(tree)
    writes = [
        rel
        for rel, path in new.items()
        if rel not in old or old[rel].read_bytes() != path.read_bytes()
    ]
    return sorted(writes), sorted(old.keys() - new.keys())


def apply_changes(
    fresh: Path, tree: Path, writes: list[str], removes: list[str]
) -> tuple[str, ...]:
    """Write `writes` from `fresh` into `tree` (each replaced at once), remove `removes`."""
    for rel in writes:
        _replace(tree / rel, (fresh / rel).read_bytes())
    for rel in removes:
        (tree / rel).unlink()
    return tuple(sorted([*writes, *removes]))


def affects_every_page(files: tuple[str, ...]) -> bool:
    """Whether a change to `files` changes every built page: the navigation and the site's
    settings (`mkdocs.yml`) or the theme overrides (the error banner) are on every page."""
    return any(rel == CONFIG_FILE or rel.startswith(f"{OVERRIDES}/") for rel in files)


def touch_pages(tree: Path) -> None:
    """Mark every Markdown page of the tree as changed (its modification time set to now).

    MkDocs' dirty rebuild (`serve --dirty`) rebuilds only the pages whose source is newer than
    their built page; after a change that shows on every page (`affects_every_page`) they all
    have to be rebuilt. Otherwise the files keep their modification times."""
    for page in (tree / DOCS).rglob("*.md"):
        os.utime(page)


def needs_restart(files: tuple[str, ...], tree: Path) -> bool:
    """Whether `zensical serve` must be started again to show a change to `files`.

    Zensical's own watcher rebuilds a page whose Markdown changed, but its mkdocstrings support
    keeps the modules it loaded for the life of the process, and it does not watch the theme
    overrides or reread the navigation. So a change to a reference page (one with a `:::`
    block: its module changed), to `mkdocs.yml` or to the overrides needs a restart; a change
    to the other pages (the model card, the overview...) does not."""
    if affects_every_page(files):
        return True
    for rel in files:
        path = tree / rel
        if not rel.endswith(".md") or not path.is_file():
            return True  # a removed page, or an asset: a fresh start is the safe way
        if any(line.startswith(":::") for line in path.read_text(encoding="utf-8").splitlines()):
            return True
    return False


def _replace(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.part")
    part.write_bytes(data)
    os.replace(part, target)


BANNER_HEAD = "{#- modelsite serve: the last render failed -#}"


def banner_template(error: str) -> str:
    """The `main.html` override that shows `error` on every page. The error is HTML-escaped and
    its braces and percent signs written as entities, so it is never read as Jinja."""
    text = html.escape(error).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")
    return (
        f"{BANNER_HEAD}\n"
        f"{_shipped_main()}\n"
        "{% block announce %}\n"
        f'<div id="modelsite-build-error" role="alert">modelsite: the last build failed; '
        f"this is the last good site.<br><code>{text}</code></div>\n"
        "{% endblock %}\n"
    )


def _shipped_main() -> str:
    """The shipped `overrides/main.html` (its scripts loaded with `defer`), which the banner
    extends with the `announce` block."""
    return (shipped_templates() / OVERRIDES / BANNER_TEMPLATE).read_text(encoding="utf-8")


def _ours(text: str) -> bool:
    """`text` is the banner or the shipped `main.html`, not a user's own override."""
    return text.startswith(BANNER_HEAD) or text == _shipped_main()


def write_placeholder(tree: Path) -> None:
    """A docs tree with one empty page, served until the first render succeeds."""
    (tree / "docs").mkdir(parents=True)
    (tree / "docs" / "index.md").write_text("# modelsite\n", encoding="utf-8")
    (tree / OVERRIDES).mkdir()
    (tree / CONFIG_FILE).write_text(
        "site_name: modelsite\ndocs_dir: docs\nsite_dir: site\n"
        "theme:\n  name: material\n  font: false\n  custom_dir: overrides\n",
        encoding="utf-8",
    )


def watched_paths(root: Path, site: Site | None) -> list[tuple[Path, bool]]:
    """`(path, recursive)` to watch: the project's top folder (config, CITATION.cff, models at
    the top), the code's folders, the models' folders, a templates folder and metrics files."""
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
    for file in site.project.code_files:
        paths.append(((root / file).parent, False))
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


def snapshot(paths: list[tuple[Path, bool]]) -> dict[str, tuple[int, int]]:
    """`(mtime_ns, size)` of every file under `paths` (hidden folders left out)."""
    out: dict[str, tuple[int, int]] = {}
    for path, recursive in paths:
        for file in _files(path, recursive):
            try:
                st = file.stat()
            except OSError:
                continue
            out[str(file)] = (st.st_mtime_ns, st.st_size)
    return out


def _files(folder: Path, recursive: bool) -> Iterator[Path]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        if entry.is_file():
            yield Path(entry.path)
        elif recursive and entry.is_dir(follow_symlinks=False):
            yield from _files(Path(entry.path), True)


class Watcher(threading.Thread):
    """Poll the project's inputs; when one changes, render the tree again."""

    def __init__(self, session: Session, interval: float = 0.5) -> None:
        super().__init__(name="modelsite-watcher", daemon=True)
        self.session = session
        self.interval = interval
        self.stopped = threading.Event()

    def paths(self) -> list[tuple[Path, bool]]:
        return watched_paths(self.session.root, self.session.site)

    def run(self) -> None:
        last = snapshot(self.paths())
        while not self.stopped.wait(self.interval):
            now = snapshot(self.paths())
            if now == last:
                continue
            time.sleep(self.interval)  # let an editor or a training run finish writing
            last = snapshot(self.paths())
            self.session.rebuild()  # never raises: on a failure the last good tree stays

    def stop(self) -> None:
        self.stopped.set()


def serve(project: Path, *, host: str = "127.0.0.1", port: int = 8000, builder: str = "") -> int:
    """Serve the project's site on `host:port`, rebuilding on changes, until Ctrl-C."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = Path(project).resolve()
    if not root.is_dir():
        raise InputError(root, "not a folder; give the path of a training project")
    _check_port(host, port)
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)  # stop as on Ctrl-C
    try:
        return _serve(root, host, port, builder)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _serve(root: Path, host: str, port: int, builder: str) -> int:
    if (root / "mkdocs.yml").is_file():
        if builder == "zensical":
            raise InputError(
                root / "mkdocs.yml",
                "--builder zensical serves the zero-config site only; your own mkdocs.yml needs "
                "the modelsite plugin (MkDocs)",
            )
        return _serve_own_config(root, host, port)
    session = Session(root)
    watcher = Watcher(session)
    try:
        session.rebuild()
        chosen = choose_builder(
            builder or (session.site.config.builder if session.site else ""),
            source=session.site.config.source if session.site else "modelsite.yml",
        )
        if chosen == "mkdocs":
            watcher.start()
            # served at the root, as `zensical serve` does (MkDocs would mount the site under
            # the path of its published `site_url`, e.g. /repo/ on GitHub Pages)
            _serve_mkdocs(
                str(session.tree / CONFIG_FILE),
                host,
                port,
                watch=[],
                site_url=f"http://{host}:{port}/",
                build_type="dirty",  # the session writes only changed pages (`touch_pages`)
            )
        else:
            server = ZensicalServer(session.tree, host, port)
            session.before_write, session.after_write = server.pause, server.resume
            watcher.start()
            server.run()
    finally:
        watcher.stop()
        session.close()
    return 0


def _serve_mkdocs(
    config_file: str,
    host: str,
    port: int,
    *,
    watch: list[str],
    site_url: str | None = None,
    build_type: str | None = None,
) -> None:
    """MkDocs' own `serve` (public API): builds, serves, watches the docs tree and the theme
    overrides, reloads browsers; stops on Ctrl-C. With `build_type="dirty"` (`mkdocs serve
    --dirty`) a rebuild renders only the pages whose Markdown is newer than their built page
    (Material's search index and mkdocs-autorefs' anchors persist across rebuilds)."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    extra: dict[str, Any] = {"site_url": site_url} if site_url else {}
    try:
        mkdocs_serve(
            config_file=config_file,
            livereload=True,
            build_type=build_type,
            watch_theme=True,
            watch=watch,
            dev_addr=f"{host}:{port}",
            **extra,
        )
    except OSError as exc:
        raise UsageError(f"{host}:{port}: cannot serve there ({exc.strerror or exc})") from None
    except MkDocsException as exc:
        raise InputError(config_file, str(exc)) from None


class ZensicalServer:
    """`zensical serve` on a tree, run as its own command (its public interface).

    Zensical's own watcher rebuilds the pages whose Markdown changed; it is left to do so when
    only such pages changed. Its mkdocstrings support keeps the modules it loaded for the life
    of the process, and it does not watch theme overrides (the error banner), so for those
    changes (`needs_restart`) the command is stopped before modelsite changes the tree and
    started again afterwards; its own cache (`.cache` in the tree) keeps the restart to the
    changed pages."""

    def __init__(self, tree: Path, host: str, port: int) -> None:
        self.command = zensical_command(tree, serve=f"{host}:{port}")
        self.tree = tree
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.lock = threading.Lock()
        self.proc: subprocess.Popen[bytes] | None = None
        self.restarting = False

    def pause(self, files: tuple[str, ...]) -> None:
        self.lock.acquire()
        # read before the change: a new page (not there yet) is a restart too
        self.restarting = needs_restart(files, self.tree)
        if self.restarting and self.proc is not None:
            _stop(self.proc)

    def resume(self, files: tuple[str, ...]) -> None:
        try:
            if self.restarting:
                self.proc = self._start()
                log.info("the docs tree changed: zensical serve started again")
        finally:
            self.lock.release()

    def run(self) -> None:
        """Serve until Ctrl-C or SIGTERM (passed on to Zensical)."""
        with self.lock:
            self.proc = self._start()
        try:
            while True:
                time.sleep(0.3)
                with self.lock:
                    if self.proc.poll() is not None:
                        raise UsageError(f"zensical serve stopped (exit {self.proc.returncode})")
        except KeyboardInterrupt:
            log.info("shutting down")
        finally:
            if self.proc is not None:
                _stop(self.proc)

    def _start(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(self.command, cwd=self.tree, env=self.env)


def _raise_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _serve_own_config(root: Path, host: str, port: int) -> int:
    """The user's `mkdocs.yml` (with the modelsite plugin, which collects on every build),
    served by MkDocs, which also watches the project's inputs."""
    site = None
    try:
        site = collect_site(root)
    except Exception:  # MkDocs' first build reports it
        log.debug("collect failed", exc_info=True)
    watch = [str(path) for path, _ in watched_paths(root, site) if path != root]
    watch += [str(root / name) for name in ("modelsite.yml", "CITATION.cff", "pyproject.toml")]
    if site is not None:
        watch += [str(root / model) for model in site.project.model_files]
    watch = [path for path in watch if Path(path).exists()]
    _serve_mkdocs(str(root / "mkdocs.yml"), host, port, watch=watch)
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
