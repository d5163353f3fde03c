"""Lighthouse scores of the example site, each page type, as a phone on a slow network sees it.

The example (`examples/wine`, trained first when its model is missing) is built into
`benchmarks/.work/lighthouse/site` and served on 127.0.0.1 under `/wine-classifier/` (the path
GitHub Pages gives it) with gzip, as GitHub Pages compresses. Lighthouse (npm `lighthouse`,
pinned in tools/lighthouse/package.json; `npm ci --prefix tools/lighthouse`) runs in Debian's
Chromium (`CHROME_PATH=/usr/bin/chromium`) with its default mobile emulation and throttling,
`--runs` times per page type (3 by default; the report of the median performance score is
kept, as Lighthouse's documentation advises against its run-to-run variance), and reports the
performance and accessibility scores and the script bytes sent.

Goals (issue 17): performance >= 90 and accessibility >= 98 on every page type.

    python benchmarks/bench_lighthouse.py [--page model-card/] [--desktop] [--runs 3] [--no-save]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from common import REPO, WORK, Row, merge_results, print_table

LIGHTHOUSE = REPO / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
EXAMPLE = REPO / "examples" / "wine"
PREFIX = "/wine-classifier/"
PAGES = {
    "": "overview",
    "model-card/": "model card",
    "reference/wine_classifier/model/": "API reference module",
    "reproduce/": "reproduce",
    "code-health/": "code health",
}
"""One page of each type (the others are built from the same templates)."""
GOALS = {"performance": 90, "accessibility": 98}
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files under `PREFIX`, text compressed with gzip when the client accepts it."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if not path.startswith(PREFIX):
            self.send_error(404)
            return
        local = Path(self.translate_path("/" + path[len(PREFIX) :]))
        if local.is_dir():
            local = local / "index.html"
        if not local.is_file():
            self.send_error(404)
            return
        body = local.read_bytes()
        gzipped = local.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(local)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


def build_example(project: Path = EXAMPLE, site: Path = WORK / "lighthouse" / "site") -> Path:
    """`modelsite build` of the example (trained first when its model is missing) into `site`."""
    if not (project / "model.skops").exists():
        env = {**os.environ, "PYTHONPATH": str(project / "src")}
        subprocess.run(
            [sys.executable, "-m", "wine_classifier.train", "--output", "model.skops"],
            cwd=project,
            env=env,
            check=True,
            capture_output=True,
        )
    site.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "modelsite", "-q", "build", str(project), "-o", str(site)],
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return site


def lighthouse(url: str, *, desktop: bool) -> dict[str, Any]:
    """One Lighthouse run; its JSON report."""
    with tempfile.TemporaryDirectory(prefix="modelsite-lh-") as tmp:
        report = Path(tmp) / "report.json"
        argv = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=performance,accessibility",
            f"--chrome-flags=--headless --no-sandbox --disable-gpu --user-data-dir={tmp}/p",
        ]
        if desktop:
            argv.append("--preset=desktop")
        subprocess.run(argv, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
        return dict(json.loads(report.read_text(encoding="utf-8")))


def script_bytes(report: dict[str, Any]) -> int:
    """Bytes of script the page transferred (Lighthouse's resource summary)."""
    items = report["audits"]["resource-summary"]["details"]["items"]
    return int(next((i["transferSize"] for i in items if i["resourceType"] == "script"), 0))


def median_report(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The report whose performance score is the median of the runs (the lower middle one)."""
    ranked = sorted(reports, key=lambda r: r["categories"]["performance"]["score"])
    return ranked[(len(ranked) - 1) // 2]


def rows_for(path: str, report: dict[str, Any], device: str, runs: int = 1) -> list[Row]:
    scores = {name: round(report["categories"][name]["score"] * 100) for name in GOALS}
    tti = report["audits"]["interactive"]["numericValue"] / 1000
    rows = []
    for name, goal in GOALS.items():
        rows.append(
            Row(
                what=f"Lighthouse {device} {name}: {PAGES[path]} (/{path})",
                baseline="",
                ours=(
                    f"{scores[name]} (time to interactive {tti:.1f} s, "
                    f"{script_bytes(report) / 1000:.0f} kB of script sent)"
                    if name == "performance"
                    else str(scores[name])
                ),
                ratio=None,
                runs=runs,
                goal=f">= {goal}",
                met=scores[name] >= goal,
                note=f"Lighthouse {report['lighthouseVersion']}, gzip, Chromium, median of {runs}",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="append", choices=sorted(PAGES), help="only these")
    parser.add_argument("--desktop", action="store_true", help="desktop preset, not mobile")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median kept)")
    parser.add_argument("--no-save", action="store_true", help="do not merge into results.json")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix tools/lighthouse`")
    if not Path(CHROMIUM).is_file() or shutil.which("node") is None:
        sys.exit(f"Lighthouse needs node and {CHROMIUM} (Debian packages nodejs, chromium)")
    site = build_example()
    rows: list[Row] = []
    device = "desktop" if args.desktop else "mobile"
    with serve(site) as base:
        for path in args.page or list(PAGES):
            print(f"lighthouse {device} {base}{path} ...", file=sys.stderr, flush=True)
            reports = [lighthouse(base + path, desktop=args.desktop) for _ in range(args.runs)]
            rows += rows_for(path, median_report(reports), device, runs=args.runs)
    if not args.no_save:
        merge_results(rows)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
