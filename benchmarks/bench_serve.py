"""Live preview: the whole rebuild after editing one module, vs a full build, for both builders.

The baseline is what a live preview without caches does on every change: `build_site()` with the
same builder (collect the project, render the docs tree, build the whole site). Ours is what
`modelsite serve` does: `Session.rebuild()` (the collectors reuse what did not change, the docs
tree is rendered again and only its changed files are rewritten), then the builder's own
rebuild: for MkDocs what `mkdocs.commands.serve.serve(..., build_type="dirty")` runs on a change
(load the config, `build(..., dirty=True)`, plugins kept), in this process; for Zensical
`zensical serve` as `ZensicalServer` runs it (a code edit starts it again), timed until the
served page shows the edit. Each run edits the same module the same way (adds a documented
public function), so the module page, the reference index, the overview and the code health
page all change, as they would for a real edit. The first round warms up and is not kept.

Cases: `wine` (examples/wine) and `mkdocs` (a synthetic project documenting a copy of the
installed mkdocs sources, ~35 modules; made by bench_build.py, generated once, untimed).
Projects are copied to `benchmarks/.work/serve/` so the originals are never edited.

    python benchmarks/bench_serve.py [--runs 5] [--case wine --case mkdocs]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from common import WORK, Measurement, Row, Run, merge_results, print_table

GOAL = 0.25
"""A rebuild after one edit should cost at most a quarter of a full build."""
SERVE_WORK = WORK / "serve"
EDITED = {"wine": "src/wine_classifier/data.py", "mkdocs": "src/mkdocs/utils/__init__.py"}
PAGE = {"wine": "reference/wine_classifier/data", "mkdocs": "reference/mkdocs/utils"}
"""The built page of the edited module, which must show the edit."""
MARK = "\n\n# --- bench_serve edit ---\n"


def project_for(case: str) -> Path:
    import bench_build

    source = bench_build.CASES[case]()
    copy = SERVE_WORK / case
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("site", "__pycache__", ".work"))
    return copy


def edit(module: Path, i: int) -> None:
    """Replace the benchmark's function at the end of `module` with a new one."""
    text = module.read_text(encoding="utf-8").split(MARK)[0]
    module.write_text(
        f"{text}{MARK}def bench_edit_{i}() -> int:\n"
        f'    """Added by bench_serve (edit {i})."""\n    return {i}\n',
        encoding="utf-8",
    )


def bench(case: str, runs: int, builder: str) -> Row:
    from modelsite.build import build_site
    from modelsite.serve import Session

    project = project_for(case)
    module = project / EDITED[case]
    page = PAGE[case]
    out = SERVE_WORK / f"{case}-full-site"
    session = Session(project)
    full: list[Run] = []
    partial: list[Run] = []
    kinds: set[str] = set()
    try:
        assert session.rebuild() is not None, session.error
        preview = MkDocsPreview(session.tree) if builder == "mkdocs" else ZensicalPreview(session)
        with preview:
            for i in range(runs + 1):  # the first round warms both paths up and is not kept
                edit(module, i)
                shutil.rmtree(out, ignore_errors=True)
                start = time.perf_counter()
                build_site(project, out, builder=builder)
                seconds = time.perf_counter() - start
                if i:
                    full.append(Run(seconds, None, 0))
                edit(module, i + 1000)
                start = time.perf_counter()
                result = session.rebuild()
                if result is None:
                    raise RuntimeError(f"rebuild failed: {session.error}")
                preview.rebuilt(page, f"bench_edit_{i + 1000}")
                seconds = time.perf_counter() - start
                if i:
                    partial.append(Run(seconds, None, 0))
                    kinds.add(result.kind)
    finally:
        session.close()
        shutil.rmtree(out, ignore_errors=True)
    how = (
        "MkDocs' serve builder, dirty"
        if builder == "mkdocs"
        else "zensical serve until the page shows the edit"
    )
    return Row.timed(
        f"serve rebuild after editing one module ({builder}): {case}",
        f"full build (build_site --builder {builder}, warm)",
        Measurement(tuple(full)),
        f"Session.rebuild + {how}",
        Measurement(tuple(partial)),
        max_ratio=GOAL,
        note=f"render kind: {', '.join(sorted(kinds))}; builder's rebuild included",
    )


class MkDocsPreview:
    """What `mkdocs.commands.serve.serve(..., build_type="dirty")` does on each change, in this
    process: load the config again and `build(config, serve_url=..., dirty=True)`, the plugins
    kept across rebuilds (as MkDocs does), into one site folder."""

    def __init__(self, tree: Path) -> None:
        self.tree = tree
        self.site_dir = SERVE_WORK / "mkdocs-served"
        self.url = "http://127.0.0.1:8000/"

    def _config(self) -> Any:
        from mkdocs.config import load_config

        config = load_config(config_file=str(self.tree / "mkdocs.yml"), site_dir=str(self.site_dir))
        config.site_url = self.url
        return config

    def __enter__(self) -> MkDocsPreview:
        from mkdocs.commands.build import build

        shutil.rmtree(self.site_dir, ignore_errors=True)
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url=self.url, dirty=True)  # serve's first build
        return self

    def rebuilt(self, page: str, marker: str) -> None:
        from mkdocs.commands.build import build

        build(self._config(), serve_url=self.url, dirty=True)
        html = (self.site_dir / page / "index.html").read_text(encoding="utf-8")
        if marker not in html:
            raise RuntimeError(f"the dirty rebuild did not show {marker} on {page}")

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.site_dir, ignore_errors=True)


class ZensicalPreview:
    """`zensical serve` on the session's tree as `modelsite serve` runs it (`ZensicalServer`:
    started again only when a change needs it); a rebuild is done when the served page shows
    the edit (polled every 20 ms)."""

    def __init__(self, session: Any) -> None:
        import socket

        from modelsite.serve import ZensicalServer

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}/"
        self.server = ZensicalServer(session.tree, "127.0.0.1", port)
        self.server.env["NO_COLOR"] = "1"
        session.before_write, session.after_write = self.server.pause, self.server.resume

    def __enter__(self) -> ZensicalPreview:
        import subprocess

        with self.server.lock:
            self.server.proc = subprocess.Popen(
                self.server.command,
                cwd=self.server.tree,
                env=self.server.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        self._wait("", "")
        return self

    def _wait(self, page: str, marker: str, timeout: float = 300) -> None:
        import urllib.error
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + page, timeout=30) as response:
                    if marker in response.read().decode("utf-8"):
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.02)
        raise RuntimeError(f"zensical serve did not show {marker!r} on {page}")

    def rebuilt(self, page: str, marker: str) -> None:
        self._wait(page + "/", marker)

    def __exit__(self, *exc: object) -> None:
        from modelsite.serve import _stop

        if self.server.proc is not None:
            _stop(self.server.proc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--case", action="append", choices=sorted(EDITED))
    parser.add_argument("--builder", action="append", choices=["mkdocs", "zensical"])
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    SERVE_WORK.mkdir(parents=True, exist_ok=True)
    rows = [
        bench(case, args.runs, builder)
        for builder in args.builder or ["mkdocs", "zensical"]
        for case in args.case or ["wine", "mkdocs"]
    ]
    merge_results(rows)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
