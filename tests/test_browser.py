"""The built site in a real browser: headless Debian Chromium driven by Playwright.

Two sites are built: the bundled example and a hostile project whose card text, metric names,
step names and docstrings carry HTML, Markdown and Jinja. Each is served on 127.0.0.1 and every
page is opened with every request intercepted: nothing may leave 127.0.0.1, no console or page
error may occur, every internal link must resolve and no injected markup may run.

Needs the `chromium` Debian package (`/usr/bin/chromium`); never a browser downloaded by
Playwright. Screenshots of the example's overview and model card go to a temporary folder; with
`MODELSITE_UPDATE_SCREENSHOTS=1` they are also written to `docs/assets/screenshots/`.
"""

from __future__ import annotations

import functools
import html
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag

import pytest
import yaml

from modelsite.build import build_site

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.needs("chromium")]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "docs" / "assets" / "screenshots"

PWN_SCRIPT = "<script>window.__pwned=1</script>"
PWN_IMG = "<img src=x onerror=\"window.__pwned='img'\">"
PWN_LINK = "[click me](javascript:window.__pwned='link')"
PWN_JINJA = "{{ 7*7 }}{% if true %}JINJA-RAN{% endif %}"
PWN_STEP = "<img src=x onerror=alert(1)>"  # a Pipeline step name may not contain "__"
# issue 18's probe: markup the old `html.parser` sanitizer let through to the browser
PWN_PROBE = (
    "<!--><img src=x onerror=\"window.__pwned='comment'\">-->"
    '<svg><animate attributeName="href" values="javascript:window.__pwned=1"/>'
    "<a><text>svg link</text></a></svg>"
    '<svg><image href="//evil.example.com/i.png"/><use href="//evil.example.com/u.svg#x"/>'
    '<filter id="f"><feImage href="//evil.example.com/f.png"/></filter></svg>'
    '<p style="background: image-set(url(//evil.example.com/s.png) 1x)">styled</p>'
    '<img src="/\\\\evil.example.com/b.png" alt="backslash">'
    "<embed src=x><p>after the embed</p>"
)


# ---------------------------------------------------------------- serving and crawling


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ProjectPathHandler(_QuietHandler):
    """GitHub Pages' project sites: the site lives under `/<repo>/`; any other path, and any
    missing file below it, answers 404 with the site's `404.html`."""

    prefix = "/"

    def send_head(self) -> Any:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(self.prefix):
            self.path = "/" + self.path[len(self.prefix) :]
            local = Path(self.translate_path(self.path))
            if local.is_file() or (local / "index.html").is_file():
                return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve_dir(root: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port) in a thread, under `prefix` (`/repo/` as
    GitHub Pages does for a project); yield the base URL, prefix included."""
    handler: Any = _QuietHandler
    if prefix != "/":
        handler = type("Handler", (_ProjectPathHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Crawl:
    """What happened while every page of one site was open."""

    base: str
    pages: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    pwned: dict[str, Any] = field(default_factory=dict)
    broken_links: list[str] = field(default_factory=list)
    unstyled: list[str] = field(default_factory=list)
    text: dict[str, str] = field(default_factory=dict)
    javascript_links: list[str] = field(default_factory=list)


def page_urls(site_dir: Path) -> list[str]:
    """Every page of a built site, as a path below the site root (`model-card/`)."""
    urls = []
    for page in sorted(site_dir.rglob("*.html")):
        rel = page.relative_to(site_dir).as_posix()
        urls.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return urls


class LinkChecker:
    """Resolve same-site links against the served site: the page exists, the anchor too."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.bodies: dict[str, str | None] = {}

    def body(self, url: str) -> str | None:
        if url not in self.bodies:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    self.bodies[url] = response.read().decode("utf-8", "replace")
            except (urllib.error.URLError, OSError):
                self.bodies[url] = None
        return self.bodies[url]

    def problem(self, href: str) -> str | None:
        url, fragment = urldefrag(href)
        body = self.body(url)
        if body is None:
            return "no such page"
        if (fragment and url.endswith("/")) or (fragment and url.endswith(".html")):
            anchor = unquote(fragment)
            ids = set(re.findall(r'\bid="([^"]*)"', body))
            if html.escape(anchor) not in ids and anchor not in ids:
                return f"no element with id {anchor!r}"
        return None


def crawl(browser: Any, site_dir: Path, prefix: str = "/") -> Crawl:
    """Open every page of `site_dir`, served under `prefix` (the path of the address it is
    built for: its 404 page links its assets from there), and record what went wrong."""
    with serve_dir(site_dir, prefix) as base:
        result = Crawl(base=base)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith(base) or url.startswith("data:") or url.startswith("blob:"):
                request_route.continue_()
            else:
                result.outside_requests.append(url)
                request_route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                result.console_errors.append(f"{page.url}: {m.text}") if m.type == "error" else None
            ),
        )
        page.on("pageerror", lambda e: result.page_errors.append(f"{page.url}: {e}"))
        page.on(
            "dialog", lambda d: (result.dialogs.append(f"{page.url}: {d.message}"), d.dismiss())
        )
        page.on(
            "requestfailed",
            lambda r: (
                result.failed_requests.append(f"{page.url}: {r.url} {r.failure}")
                if r.url.startswith(base)
                else None
            ),
        )
        links = LinkChecker(base)
        for path in page_urls(site_dir):
            result.pages.append(path)
            page.goto(base + path, wait_until="networkidle")
            pwned = page.evaluate("() => window.__pwned")
            if pwned is not None:
                result.pwned[path] = pwned
            styled = page.evaluate("""() => {
                const header = document.querySelector('.md-header');
                const sheets = Array.from(document.styleSheets).filter(s => s.href);
                return !!header && getComputedStyle(header).position === 'sticky'
                    && sheets.length >= 3 && sheets.every(s => s.cssRules.length > 0);
            }""")
            if not styled:
                result.unstyled.append(path)
            result.text[path] = page.inner_text("article")
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
            for href in hrefs:
                if href.lower().startswith("javascript:"):
                    result.javascript_links.append(f"{path}: {href}")
                elif href.startswith(base):
                    problem = links.problem(href)
                    if problem:
                        result.broken_links.append(f"{path} -> {href}: {problem}")
        context.close()
    return result


EXAMPLE_PREFIX = "/wine-classifier/"
"""The example's publish.repository is github.com/modelsite-examples/wine-classifier: GitHub
Pages serves it under /wine-classifier/, and its 404 page links its assets from there."""

DIAGRAM_DRAWN = (
    "() => Array.from(document.querySelectorAll('div.ms-mermaid svg'))"
    ".some(e => e.getBoundingClientRect().height > 100)"
)
"""modelsite.js has drawn a Mermaid diagram (an SVG that takes space)."""


# ---------------------------------------------------------------- the sites


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: install the `chromium` Debian package "
            "(`.ci/run` does); modelsite never downloads a browser"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def example_site(trained_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(trained_example, tmp_path_factory.mktemp("browser") / "site").site_dir


def make_hostile_project(root: Path) -> Path:
    """A project whose every author- or model-supplied string tries to run or fetch something."""
    from sklearn.datasets import load_wine
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    import modelsite

    package = root / "src" / "hostile_pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(f'"""Package {PWN_SCRIPT} and {PWN_IMG}."""\n')
    (package / "train.py").write_text(
        textwrap.dedent(f'''
        """Training {PWN_JINJA} {PWN_LINK}."""


        def fit_hostile_model(alpha: float = 1.0) -> None:
            """Fit it. {PWN_SCRIPT}

            <img src="https://tracker.example.com/pixel.png" alt="tracker">
            {PWN_IMG}
            {PWN_LINK}

            {PWN_PROBE}
            """


        class Hostile:
            """A class. <iframe src="https://evil.example.com/"></iframe>"""

            def method(self) -> str:
                """<style>body {{ background: url(https://evil.example.com/x.png) }}</style>"""
                return "x"
    ''')
    )
    card = {
        "summary": f"Summary {PWN_SCRIPT} {PWN_JINJA}",
        "intended_use": f"Use {PWN_IMG} {PWN_LINK}",
        "limitations": f"Limits\n\n# heading\n\n{PWN_SCRIPT}\n| a | b |\n|---|---|",
        "training_data": "![tracker](https://tracker.example.com/t.png)",
        "ethical_considerations": '---\n!!! danger "admonition injection"\n    ok',
        "contact": f"mailto:{PWN_SCRIPT}",
        "license": PWN_IMG,
        "authors": [PWN_SCRIPT],
    }
    (root / "modelsite.yml").write_text(
        yaml.safe_dump({"site_name": f"Hostile {PWN_SCRIPT}", "card": card})
    )
    (root / "pyproject.toml").write_text(
        textwrap.dedent("""
        [project]
        name = "hostile-pkg"
        version = "0.1.0"
        description = "<script>window.__pwned=1</script>"
    """)
    )
    X, y = load_wine(return_X_y=True)
    model = Pipeline(
        [(PWN_STEP, StandardScaler()), ("clf", LogisticRegression(max_iter=500, random_state=0))]
    ).fit(X, y)
    modelsite.export(
        model,
        root / "model.skops",
        metrics={
            PWN_SCRIPT: 0.5,
            PWN_IMG: 0.25,
            PWN_JINJA: 1.0,
            "| pipe | `tick` **b**": 2.0,
        },
    )
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(
        ["git", "-C", str(root), "remote", "add", "origin", "https://github.com/lab/hostile.git"],
        check=True,
    )
    return root


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_hostile_project(tmp_path_factory.mktemp("hostile") / "project")


@pytest.fixture(scope="module")
def hostile_site(hostile_project: Path) -> Path:
    return build_site(hostile_project, hostile_project.parent / "site").site_dir


def _zensical() -> None:
    pytest.importorskip("zensical", reason="Zensical needs Python 3.11+")


@pytest.fixture(scope="module")
def example_zensical_site(trained_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built with Zensical: the same checks as MkDocs' build."""
    _zensical()
    out = tmp_path_factory.mktemp("browser-zensical") / "site"
    return build_site(trained_example, out, builder="zensical").site_dir


@pytest.fixture(scope="module")
def hostile_zensical_site(hostile_project: Path) -> Path:
    _zensical()
    return build_site(
        hostile_project, hostile_project.parent / "site-zensical", builder="zensical"
    ).site_dir


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared hostile corpus project (`tests/corpus/projects/`, the card issue's)."""
    sys.path.insert(0, str(REPO / "tests" / "corpus" / "projects"))
    try:
        from make_hostile_project import build_hostile_project
    finally:
        sys.path.pop(0)
    root = tmp_path_factory.mktemp("corpus")
    project = build_hostile_project(root)
    return build_site(project, root / "site").site_dir


@pytest.fixture(scope="module")
def corpus_crawl(browser: Any, corpus_site: Path) -> Crawl:
    return crawl(browser, corpus_site)  # no remote, no site URL: served at the root


@pytest.fixture(scope="module")
def example_crawl(browser: Any, example_site: Path) -> Crawl:
    return crawl(browser, example_site, EXAMPLE_PREFIX)


@pytest.fixture(scope="module")
def hostile_crawl(browser: Any, hostile_site: Path) -> Crawl:
    return crawl(browser, hostile_site, "/hostile/")  # the remote is github.com/lab/hostile


@pytest.fixture(scope="module")
def example_zensical_crawl(browser: Any, example_zensical_site: Path) -> Crawl:
    return crawl(browser, example_zensical_site, EXAMPLE_PREFIX)


@pytest.fixture(scope="module")
def hostile_zensical_crawl(browser: Any, hostile_zensical_site: Path) -> Crawl:
    return crawl(browser, hostile_zensical_site, "/hostile/")


# ---------------------------------------------------------------- every page of every site


# The corpus project is crawled with MkDocs only (its pages are the hostile ones again, in
# another shape); the example and the hostile project with both builders.
@pytest.fixture(params=["example", "hostile", "corpus", "example_zensical", "hostile_zensical"])
def site_crawl(request: pytest.FixtureRequest) -> Crawl:
    return request.getfixturevalue(f"{request.param}_crawl")


def test_every_page_was_opened(site_crawl: Crawl) -> None:
    for page in ["", "model-card/", "reference/", "reproduce/", "docker/", "cite/", "code-health/"]:
        assert page in site_crawl.pages
    assert [p for p in site_crawl.pages if p.startswith("reference/") and p != "reference/"]


def test_no_request_leaves_127_0_0_1(site_crawl: Crawl) -> None:
    assert site_crawl.outside_requests == []


def test_no_console_or_page_errors(site_crawl: Crawl) -> None:
    assert site_crawl.console_errors == []
    assert site_crawl.page_errors == []
    assert site_crawl.failed_requests == []


def test_every_internal_link_resolves(site_crawl: Crawl) -> None:
    assert site_crawl.broken_links == []


def test_every_page_is_fully_styled_offline(site_crawl: Crawl) -> None:
    assert site_crawl.unstyled == []


def test_injected_markup_does_not_run(site_crawl: Crawl) -> None:
    assert site_crawl.pwned == {}
    assert site_crawl.dialogs == []
    assert site_crawl.javascript_links == []


# ---------------------------------------------------------------- the hostile site shows text


@pytest.fixture(params=["hostile", "hostile_zensical"])
def any_hostile_crawl(request: pytest.FixtureRequest) -> Crawl:
    return request.getfixturevalue(f"{request.param}_crawl")


def test_hostile_text_is_shown_as_text(any_hostile_crawl: Crawl) -> None:
    hostile_crawl = any_hostile_crawl
    card = hostile_crawl.text["model-card/"]
    assert PWN_SCRIPT in card  # the card text, shown literally
    assert PWN_JINJA in hostile_crawl.text[""]  # not rendered as a template (no "49")
    overview = hostile_crawl.text[""]
    assert PWN_SCRIPT in overview  # a metric name or the summary, shown literally
    reference = "\n".join(t for p, t in hostile_crawl.text.items() if p.startswith("reference/"))
    assert "after the embed" in reference  # an <embed> no longer swallows the rest
    assert "svg link" in reference and "styled" in reference


class _Tags(HTMLParser):
    """Every start tag of a page with its (decoded) attributes, and the text of its scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


@pytest.mark.parametrize("built", ["hostile_site", "hostile_zensical_site"])
def test_hostile_site_has_no_script_from_content(
    request: pytest.FixtureRequest, built: str
) -> None:
    """Defence in depth, on the files: no handler, no injected script, nothing fetched
    from another host."""
    hostile_site: Path = request.getfixturevalue(built)
    for page in hostile_site.rglob("*.html"):
        parsed = _Tags()
        parsed.feed(page.read_text(encoding="utf-8"))
        for tag, attrs in parsed.tags:
            assert not [a for a in attrs if a.startswith("on")], (page, tag, attrs)
            assert tag not in {"iframe", "object", "embed"}, (page, tag)
            for name in ("src", "srcset", "poster"):
                assert not re.match(r"\s*(?:https?:)?//", attrs.get(name) or ""), (page, attrs)
        assert not any("__pwned" in script for script in parsed.scripts), page


# ---------------------------------------------------------------- interactions on the example


@pytest.fixture
def example_page(browser: Any, example_site: Path) -> Iterator[tuple[Any, str]]:
    with serve_dir(example_site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
        )
        yield context.new_page(), base
        context.close()


def search(page: Any, query: str) -> list[str]:
    """Type `query` into Material's search box; the hits' URLs and text.

    The search index loads in a web worker; a query typed before it is ready gets no answer,
    so it is typed again until results appear (at most about 20 s).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(10):
        page.fill("input.md-search__input", "")
        page.locator("input.md-search__input").press_sequentially(query)  # Material: keyup
        try:
            page.wait_for_selector(".md-search-result__item", timeout=2000)
            break
        except PlaywrightTimeout:
            continue
    return page.eval_on_selector_all(
        ".md-search-result__item a", "els => els.map(a => a.href + ' ' + a.innerText)"
    )


def test_search_finds_a_function_and_a_hyperparameter(example_page: tuple[Any, str]) -> None:
    page, base = example_page
    page.goto(base, wait_until="networkidle")
    hits = search(page, "load_dataset")
    assert any("reference/wine_classifier/data/" in h for h in hits), hits
    hits = search(page, "n_estimators")
    assert any("model-card/" in h for h in hits), hits


def test_light_dark_and_system_toggle(example_page: tuple[Any, str]) -> None:
    """The toggle cycles system -> light -> dark -> system; the choice is remembered, and the
    drawn diagram follows the scheme."""
    page, base = example_page
    page.goto(base, wait_until="networkidle")
    scheme = "() => document.body.getAttribute('data-md-color-scheme')"
    background = "() => getComputedStyle(document.body).backgroundColor"
    page.locator("div.ms-mermaid").scroll_into_view_if_needed()
    page.wait_for_function(DIAGRAM_DRAWN, timeout=15000)
    assert page.evaluate(scheme) == "default"  # the browser prefers light
    light = page.evaluate(background)
    page.click("label[title='Switch to light mode']:visible")
    assert page.evaluate(scheme) == "default"
    page.click("label[title='Switch to dark mode']:visible")
    assert page.evaluate(scheme) == "slate"
    assert page.evaluate(background) != light
    page.wait_for_selector("div.ms-mermaid[data-ms-drawn=dark]", timeout=15000)
    page.reload(wait_until="networkidle")  # the choice is remembered
    assert page.evaluate(scheme) == "slate"
    page.click("label[title='Follow the system setting']:visible")
    assert page.evaluate(scheme) == "default"
    assert page.locator("label[title='Switch to light mode']:visible").count() == 1


def test_overview_renders_the_pipeline_diagram_and_tabs(example_page: tuple[Any, str]) -> None:
    page, base = example_page
    page.goto(base, wait_until="networkidle")
    page.locator("div.ms-mermaid").scroll_into_view_if_needed()
    page.wait_for_function(
        DIAGRAM_DRAWN,
        timeout=15000,
    )
    install = page.inner_text(".tabbed-block:visible")
    assert "pip install" in install and "skops==" in install  # pinned to what the file records
    # the example publishes no image: no Docker tab with an invented `docker pull`
    assert page.locator(".tabbed-labels label:has-text('Docker')").count() == 0


def test_opened_from_disk_without_network_it_is_styled(browser: Any, example_site: Path) -> None:
    """Double-clicking `index.html` with the network cut: Material's and modelsite's styles and
    the pipeline diagram all come from the site's own files."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto((example_site / "index.html").as_uri(), wait_until="load")
    page.locator("div.ms-mermaid").scroll_into_view_if_needed()
    style = page.evaluate("""() => [
        getComputedStyle(document.querySelector('.md-header')).position,
        getComputedStyle(document.querySelector('.ms-glance')).display]""")
    page.wait_for_function(
        DIAGRAM_DRAWN,
        timeout=15000,
    )
    context.close()
    assert style == ["sticky", "grid"]
    assert outside == []


@pytest.mark.parametrize("path", ["", "model-card/", "reference/wine_classifier/model/"])
def test_readable_on_a_phone(browser: Any, example_site: Path, path: str) -> None:
    """At 390 px the page does not scroll sideways (wide tables and code scroll on their own)."""
    with serve_dir(example_site) as base:
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
        )
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
        )
        page = context.new_page()
        page.goto(base + path, wait_until="networkidle")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
        context.close()
    assert overflow <= 0


def test_screenshots(
    example_page: tuple[Any, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    page, base = example_page
    out = tmp_path_factory.mktemp("screenshots")
    for name, path in [("overview", ""), ("model-card", "model-card/")]:
        page.goto(base + path, wait_until="networkidle")
        shot = out / f"{name}.png"
        page.screenshot(path=str(shot))
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if os.environ.get("MODELSITE_UPDATE_SCREENSHOTS") == "1":
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, SCREENSHOTS / shot.name)


# ---------------------------------------------------------------- accessibility (axe-core)

AXE = REPO / "tools" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def axe_script() -> str:
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: run `npm install --prefix tools/npm` (`.ci/run` does); "
            "axe-core comes from the npm registry, pinned in tools/npm/package.json"
        )
    return AXE.read_text(encoding="utf-8")


def serious_violations(page: Any, axe: str) -> list[str]:
    """axe-core's serious and critical findings on the open page, one line per rule."""
    page.add_script_tag(content=axe)
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
    }""")
    return list(found)


@pytest.mark.needs("axe-core")
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_axe_finds_no_serious_violation(
    browser: Any, example_site: Path, viewport: str, scheme: str
) -> None:
    """Every page of the example, at 1280 and 390 px, in the light and the dark scheme (the
    browser's preference, which Material's palette follows on a first visit)."""
    axe = axe_script()
    width, height = VIEWPORTS[viewport]
    problems: list[str] = []
    with serve_dir(example_site, EXAMPLE_PREFIX) as base:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
        )
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
        )
        page = context.new_page()
        for path in page_urls(example_site):
            page.goto(base + path, wait_until="networkidle")
            shown = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
            assert shown == {"light": "default", "dark": "slate"}[scheme], path
            problems += [f"{path or '/'}: {p}" for p in serious_violations(page, axe)]
            if viewport == "phone":
                overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
                if overflow > 0:
                    problems.append(f"{path or '/'}: scrolls sideways by {overflow} px")
        context.close()
    assert problems == []


@pytest.mark.needs("axe-core")
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_standalone_html_card_is_accessible_and_fits(
    browser: Any, trained_example: Path, tmp_path: Path, viewport: str, scheme: str
) -> None:
    """The one-file HTML card sets its own background and text colour in both schemes (not the
    browser's default), has no serious axe finding and does not scroll sideways on a phone."""
    from modelsite.card.exports import render_card
    from modelsite.pipeline import collect_site

    path = tmp_path / "model-card.html"
    path.write_text(render_card(collect_site(trained_example), "html"), encoding="utf-8")
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,
        is_mobile=viewport == "phone",
        bypass_csp=True,  # the card's CSP forbids scripts, axe's included
    )
    page = context.new_page()
    page.goto(path.as_uri(), wait_until="load")
    colours = page.evaluate(
        "() => [getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.body).color]"
    )
    overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    problems = serious_violations(page, axe_script())
    context.close()
    expected = {"light": ["rgb(255, 255, 255)", "rgb(31, 35, 40)"]}
    expected["dark"] = ["rgb(13, 17, 23)", "rgb(230, 237, 243)"]
    assert colours == expected[scheme]
    assert overflow <= 0
    assert problems == []


# ---------------------------------------------------------------- under a project path

PAGES_URL = "https://lab.github.io/wine/"


@pytest.fixture(scope="module")
def project_path_site(trained_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built for `https://lab.github.io/wine/` (`--site-url`)."""
    out = tmp_path_factory.mktemp("project-path") / "site"
    return build_site(trained_example, out, site_url=PAGES_URL).site_dir


def test_404_page_loads_every_asset_under_a_project_path(
    browser: Any, project_path_site: Path
) -> None:
    """A missing page under `/wine/` shows the 404 page styled: every stylesheet, script and
    image it names answers 200 from below `/wine/`, and the logo keeps the header's size."""
    with serve_dir(project_path_site, "/wine/") as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
        )
        page = context.new_page()
        statuses: dict[str, int] = {}
        page.on("response", lambda r: statuses.__setitem__(r.url, r.status))
        failed: list[str] = []
        page.on("requestfailed", lambda r: failed.append(r.url))
        response = page.goto(base + "no/such/page/", wait_until="networkidle")
        assets = page.evaluate("""() => [
            ...Array.from(document.querySelectorAll('link[rel=stylesheet], link[rel=icon]'))
                .map(e => e.href),
            ...Array.from(document.querySelectorAll('script[src], img[src]')).map(e => e.src)]""")
        logo = page.evaluate(
            "() => document.querySelector('.md-header .md-logo img, .md-header .md-logo svg')"
            ".getBoundingClientRect().height"
        )
        sticky = page.evaluate(
            "() => getComputedStyle(document.querySelector('.md-header')).position"
        )
        title = page.inner_text("article h1")
        context.close()
    assert response is not None and response.status == 404
    assert title == "404 - Not found"
    assert len(assets) >= 7, assets  # Material's css and js, modelsite's, the favicon
    assert {url: statuses.get(url) for url in assets} == dict.fromkeys(assets, 200)
    assert all(url.startswith(base) for url in assets), assets
    assert failed == []
    assert sticky == "sticky"
    assert logo <= 48


def test_sitemap_lists_every_page_at_its_published_address(project_path_site: Path) -> None:
    sitemap = (project_path_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    pages = [p for p in page_urls(project_path_site) if p != "404.html"]
    assert sorted(listed) == sorted(PAGES_URL + p for p in pages)
    with serve_dir(project_path_site, "/wine/") as base:
        for url in listed:
            with urllib.request.urlopen(base + url[len(PAGES_URL) :], timeout=10) as response:
                assert response.status == 200, url


def test_pages_name_their_published_address(project_path_site: Path) -> None:
    """Each page's canonical link is its own address under the site URL."""
    for path in page_urls(project_path_site):
        if path == "404.html":
            continue
        body = (
            project_path_site / (path + "index.html" if path.endswith("/") or not path else path)
        ).read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{PAGES_URL}{path}">' in body, path


# ---------------------------------------------------------------- light pages

DIAGRAM_PAGES = {"", "model-card/"}
"""The example's pages that show a diagram: the overview's pipeline and the card's."""
SCRIPT_BUDGET = 1_000_000
"""Bytes of script a page may fetch on its first load (issue 17: no page over 1 MB)."""


def served_size(site_dir: Path, base: str, url: str) -> int:
    """The size of the file of `site_dir` that `url` (below `base`) serves."""
    path = urldefrag(url)[0].split("?", 1)[0][len(base) :]
    return (site_dir / unquote(path)).stat().st_size


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_mermaid_loads_only_where_a_diagram_is(
    browser: Any, example_site: Path, viewport: str
) -> None:
    """Each page's first load fetches under 1 MB of script and no Mermaid; scrolled to the
    end, a page with a diagram fetches Mermaid once and draws it, any other page never does."""
    width, height = VIEWPORTS[viewport]
    first_load: dict[str, int] = {}
    mermaid_at_first: list[str] = []
    mermaid_pages: dict[str, int] = {}
    with serve_dir(example_site, EXAMPLE_PREFIX) as base:
        context = browser.new_context(
            viewport={"width": width, "height": height}, is_mobile=viewport == "phone"
        )
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
        )
        page = context.new_page()
        scripts: list[str] = []
        page.on(
            "request",
            lambda r: scripts.append(r.url) if r.resource_type == "script" else None,
        )
        for path in page_urls(example_site):
            scripts.clear()
            page.goto(base + path, wait_until="networkidle")
            first_load[path] = sum(served_size(example_site, base, u) for u in set(scripts))
            if any(u.endswith("/mermaid.min.js") for u in scripts):
                mermaid_at_first.append(path)
            diagrams = page.locator("div.ms-mermaid").count()
            page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
            if diagrams:
                page.locator("div.ms-mermaid").last.scroll_into_view_if_needed()
                page.wait_for_function(DIAGRAM_DRAWN, timeout=15000)
            loads = [u for u in scripts if u.endswith("/mermaid.min.js")]
            if loads:
                mermaid_pages[path] = len(loads)
        context.close()
    assert mermaid_at_first == []
    assert mermaid_pages == dict.fromkeys(DIAGRAM_PAGES, 1)
    assert {p: n for p, n in first_load.items() if n > SCRIPT_BUDGET} == {}


# ---------------------------------------------------------------- on a phone

SMALLEST_LABEL = """() => Array.from(document.querySelectorAll('div.ms-mermaid svg')).map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const labels = Array.from(svg.querySelectorAll('.nodeLabel, .edgeLabel, text'));
    return Math.min(...labels.map(l => parseFloat(getComputedStyle(l).fontSize) * scale));
})"""
"""Per diagram, the smallest label's font size as drawn on the screen (CSS px)."""

WIDE_TABLES = """() => Array.from(document.querySelectorAll('article table'))
    .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1 || t.offsetWidth > innerWidth)
    .map(t => {
        const region = t.closest('[tabindex="0"]');
        return {
            region: !!region && ['auto', 'scroll'].includes(getComputedStyle(region).overflowX)
                && region.getBoundingClientRect().width <= innerWidth,
            named: !!region && !!region.getAttribute('aria-label'),
            text: t.innerText.slice(0, 40),
        };
    })"""
"""Every table wider than its place: whether it scrolls inside a focusable, named region."""

BROKEN_NAMES = """() => Array.from(document.querySelectorAll('article td code'))
    .filter(c => !/\\s/.test(c.textContent) && c.getClientRects().length > 1)
    .map(c => c.textContent)"""
"""Code in table cells with no space in it that the browser broke over two lines."""


@pytest.fixture
def phone(browser: Any, example_site: Path) -> Iterator[tuple[Any, str]]:
    with serve_dir(example_site, EXAMPLE_PREFIX) as base:
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
        )
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
        )
        yield context.new_page(), base
        context.close()


@pytest.mark.parametrize("path", sorted(DIAGRAM_PAGES))
def test_diagram_labels_stay_readable_on_a_phone(phone: tuple[Any, str], path: str) -> None:
    """At 390 px the pipeline diagram is drawn top-down, its labels at least 11 px (the
    left-to-right drawing shrank them to about 5 px)."""
    page, base = phone
    page.goto(base + path, wait_until="networkidle")
    page.locator("div.ms-mermaid").last.scroll_into_view_if_needed()
    page.wait_for_function(DIAGRAM_DRAWN, timeout=15000)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('div.ms-mermaid'))"
        ".every(d => d.getAttribute('data-ms-layout'))",
        timeout=15000,
    )
    layouts = page.eval_on_selector_all(
        "div.ms-mermaid", "els => els.map(e => e.getAttribute('data-ms-layout'))"
    )
    smallest = page.evaluate(SMALLEST_LABEL)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    assert layouts == ["transposed"] * len(layouts) and layouts
    assert min(smallest) >= 11, smallest
    assert overflow <= 0


@pytest.mark.parametrize("path", ["model-card/", "reproduce/", "code-health/"])
def test_tables_scroll_in_their_own_region_on_a_phone(phone: tuple[Any, str], path: str) -> None:
    """A table wider than a phone scrolls inside a focusable, named region (keyboard users can
    scroll it), and parameter names in cells are not broken mid-word."""
    page, base = phone
    page.goto(base + path, wait_until="networkidle")
    # modelsite.js labels the regions once Material has wrapped the tables
    page.wait_for_function(
        "() => document.querySelector('.md-typeset__scrollwrap[tabindex]')", timeout=15000
    )
    tables = page.evaluate(WIDE_TABLES)
    broken = page.evaluate(BROKEN_NAMES)
    assert tables  # each of these pages has a table wider than a phone
    assert [t for t in tables if not (t["region"] and t["named"])] == []
    assert broken == []


# ---------------------------------------------------------------- a project with several models


@pytest.fixture(scope="module")
def two_model_site(trained_example: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with a second model exported next to the first (with its evaluation set),
    built for `https://lab.github.io/wine/`: one card per model."""
    from sklearn.datasets import load_wine
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    import modelsite

    root = tmp_path_factory.mktemp("two-models")
    project = Path(shutil.copytree(trained_example, root / "wine", ignore=_no_site))
    X, y = load_wine(return_X_y=True, as_frame=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=1, stratify=y)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=500))
    model.fit(X_train, y_train)
    modelsite.export(
        model,
        project / "logreg.skops",
        X_train=X_train,
        y_train=y_train,
        X_test=X_test,
        y_test=y_test,
        seed=1,
    )
    return build_site(project, root / "site", site_url=PAGES_URL).site_dir


def _no_site(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n in {"site", ".modelsite"}]


CARD_ORDER = """() => Array.from(document.querySelectorAll('article h2[id]')).map(h => h.id)"""


@pytest.mark.needs("axe-core")
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_several_models_hold_what_issue_17_asks(
    browser: Any, two_model_site: Path, viewport: str, scheme: str
) -> None:
    """Served under `/wine/`: every page has no serious axe finding and, on a phone, does not
    scroll sideways; no page fetches Mermaid on its first load; each model's card opens with
    its intended use, its results and how to use it."""
    axe = axe_script()
    width, height = VIEWPORTS[viewport]
    problems: list[str] = []
    cards: dict[str, list[str]] = {}
    with serve_dir(two_model_site, "/wine/") as base:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            is_mobile=viewport == "phone",
            has_touch=viewport == "phone",
        )
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
        )
        page = context.new_page()
        scripts: list[str] = []
        page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
        for path in page_urls(two_model_site):
            scripts.clear()
            page.goto(base + path, wait_until="networkidle")
            if any(u.endswith("/mermaid.min.js") for u in scripts):
                problems.append(f"{path or '/'}: Mermaid fetched on the first load")
            problems += [f"{path or '/'}: {p}" for p in serious_violations(page, axe)]
            if viewport == "phone":
                overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
                if overflow > 0:
                    problems.append(f"{path or '/'}: scrolls sideways by {overflow} px")
            ids = page.evaluate(CARD_ORDER)
            if "evaluation-results" in ids:
                cards[path] = ids[:3]
        context.close()
    assert problems == []
    assert len(cards) >= 2, cards  # one card per model
    assert set(map(tuple, cards.values())) == {
        ("intended-use", "evaluation-results", "how-to-use")
    }, cards
