"""Screenshots of the example site at 1280 and 390 px for docs/assets/screenshots/.

Builds `examples/wine` (trained first when its model is missing) into
`benchmarks/.work/screenshots/site`, serves it on 127.0.0.1 under `/wine-classifier/` (its GitHub
Pages path) and photographs the overview and the model card with Playwright in Debian's Chromium
(`/usr/bin/chromium`; never a downloaded browser), light scheme, top of each page:

    python benchmarks/screenshots.py            # overview.png, model-card.png (1280 px) and
                                                # overview-390.png, model-card-390.png
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench_lighthouse import CHROMIUM, EXAMPLE, build_example, serve
from common import REPO, WORK

OUT = REPO / "docs" / "assets" / "screenshots"
PAGES = {"overview": "", "model-card": "model-card/"}
WIDTHS = {1280: (900, ""), 390: (844, "-390")}
"""Viewport width: its height and the file name's suffix (1280 px keeps the old names)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=str(OUT), help="folder for the PNG files")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        sys.exit(f"{CHROMIUM} is missing: install Debian's chromium package")
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    site = build_example(EXAMPLE, WORK / "screenshots" / "site")
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for width, (height, suffix) in WIDTHS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height},
                is_mobile=width < 600,
                device_scale_factor=1,
                color_scheme="light",
            )
            context.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
            )
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base + path, wait_until="networkidle")
                page.evaluate("() => window.scrollTo(0, 0)")
                shot = out / f"{name}{suffix}.png"
                page.screenshot(path=str(shot))
                print(shot.relative_to(REPO) if shot.is_relative_to(REPO) else shot)
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
