"""The standalone HTML card in headless Debian Chromium: nothing fetched, nothing executed.

Opens the example's and the hostile project's `modelsite card --format html` from `file://`
with every request intercepted: the only request is the file itself, no console or page error,
no dialog, `window.__pwned` stays undefined, and the plots are drawn. Needs `/usr/bin/chromium`
(the `chromium` Debian package), never a browser downloaded by Playwright.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from modelsite.card.exports import render_card
from modelsite.pipeline import collect_site

sys.path.insert(0, str(Path(__file__).parent / "corpus" / "projects"))
from make_hostile_project import build_hostile_project

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.needs("chromium")]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_card(browser: Any, path: Path) -> dict[str, Any]:
    page = browser.new_page()
    seen: dict[str, Any] = {"requests": [], "errors": [], "dialogs": []}

    def route(r: Any) -> None:
        seen["requests"].append(r.request.url)
        if r.request.url == path.as_uri():
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_timeout(300)
    seen["pwned"] = page.evaluate("typeof window.__pwned")
    seen["plots"] = page.locator("svg.ms-plot").count()
    seen["title"] = page.title()
    page.close()
    return seen


def test_example_html_card_is_self_contained(
    browser: Any, trained_example: Path, tmp_path: Path
) -> None:
    path = tmp_path / "model-card.html"
    path.write_text(render_card(collect_site(trained_example), "html"), encoding="utf-8")
    seen = open_card(browser, path)
    assert seen["requests"] == [path.as_uri()]
    assert seen["errors"] == [] and seen["dialogs"] == []
    assert seen["plots"] >= 4
    assert seen["title"] == "Model card: Wine cultivar classifier"


def test_hostile_html_card_runs_nothing(browser: Any, tmp_path: Path) -> None:
    project = build_hostile_project(tmp_path / "corpus")
    path = tmp_path / "hostile.html"
    path.write_text(render_card(collect_site(project), "html"), encoding="utf-8")
    seen = open_card(browser, path)
    assert seen["requests"] == [path.as_uri()]
    assert seen["dialogs"] == [] and seen["pwned"] == "undefined"
    assert seen["errors"] == []
    assert "<img src=x onerror=alert('model_name')>" in seen["title"]  # shown as text
