"""One docs tree, two builders: MkDocs and Zensical build the same pages at the same URLs, with
the same links and the same search entries, for the example and for a project with two models;
`modelsite render` writes a tree that needs no modelsite plugin and no hook."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import skops.io
import yaml
from sklearn.datasets import load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from modelsite.cli import main
from modelsite.output import MANIFEST

pytestmark = pytest.mark.slow

BUILDERS = ("mkdocs", "zensical")


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def url_of(page: str) -> str:
    """`model-card/index.html` -> `/model-card/` (directory URLs)."""
    return "/" + page[: -len("index.html")] if page.endswith("index.html") else "/" + page


def content_links(site: Path) -> dict[str, set[str]]:
    """Every same-site link in each page's content (`<article>`), resolved to a site URL."""
    out: dict[str, set[str]] = {}
    for page in sorted(pages(site)):
        body = (site / page).read_text(encoding="utf-8")
        match = re.search(r"<article\b.*?</article>", body, flags=re.S)
        hrefs = re.findall(r'\bhref="([^"]*)"', match.group(0)) if match else []
        here = "http://site" + url_of(page)
        resolved = set()
        for href in hrefs:
            url = urljoin(here, href)
            if url.startswith("http://site/"):
                target, fragment = urldefrag(url)
                resolved.add(target[len("http://site") :] + (f"#{fragment}" if fragment else ""))
        out[page] = resolved
    return out


def search_locations(site: Path) -> list[str]:
    """The page of every search entry (MkDocs: search/search_index.json; Zensical:
    search.json), sorted."""
    mkdocs, zensical = site / "search" / "search_index.json", site / "search.json"
    if mkdocs.is_file():
        entries = json.loads(mkdocs.read_text())["docs"]
    else:
        entries = json.loads(zensical.read_text())["items"]
    return sorted(e["location"] for e in entries)


def add_second_model(project: Path) -> Path:
    """The example with a second model file next to the first (two model cards)."""
    X, y = load_wine(return_X_y=True)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.7, max_iter=500)).fit(X, y)
    skops.io.dump(model, project / "logreg.skops")
    return project


@pytest.fixture(scope="module")
def sites(trained_example: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`{"example/mkdocs": site, "example/zensical": ..., "two-models/...": ...}`."""
    pytest.importorskip("zensical", reason="Zensical needs Python 3.11+")
    root = tmp_path_factory.mktemp("builders")
    two = add_second_model(shutil.copytree(trained_example, root / "two-models" / "wine"))
    out: dict[str, Path] = {}
    for name, project in (("example", trained_example), ("two-models", two)):
        for builder in BUILDERS:
            site = root / "sites" / name / builder
            assert main(["build", str(project), "-o", str(site), "--builder", builder]) == 0
            out[f"{name}/{builder}"] = site
    return out


@pytest.mark.parametrize("project", ["example", "two-models"])
def test_both_builders_give_the_same_pages_at_the_same_urls(
    sites: dict[str, Path], project: str
) -> None:
    mk, zs = pages(sites[f"{project}/mkdocs"]), pages(sites[f"{project}/zensical"])
    assert "model-card/index.html" in mk and "reference/wine_classifier/train/index.html" in mk
    if project == "two-models":
        assert {"models/index.html", "models/logreg/index.html"} <= mk
    assert mk == zs


@pytest.mark.parametrize("project", ["example", "two-models"])
def test_both_builders_give_the_same_links(sites: dict[str, Path], project: str) -> None:
    mk = content_links(sites[f"{project}/mkdocs"])
    zs = content_links(sites[f"{project}/zensical"])
    assert any("/model-card/" in links for links in mk.values())
    assert {p: links for p, links in mk.items() if links != zs[p]} == {}


@pytest.mark.parametrize("project", ["example", "two-models"])
def test_both_builders_index_the_same_search_entries(sites: dict[str, Path], project: str) -> None:
    mk = search_locations(sites[f"{project}/mkdocs"])
    zs = search_locations(sites[f"{project}/zensical"])
    assert "model-card/" in mk
    assert mk == zs


@pytest.mark.parametrize("builder", BUILDERS)
def test_what_modelsite_adds_reaches_both_builds(sites: dict[str, Path], builder: str) -> None:
    site = sites[f"example/{builder}"]
    train = (site / "reference/wine_classifier/train/index.html").read_text()
    assert "ms-generated" in train  # the griffe extension's generated-docstring badge
    # a source listing is on the page, and in neither builder's search index
    assert "mkdocstrings-source" in train and "def main(" in html.unescape(
        re.sub(r"<[^>]+>", "", train)
    )
    index = json.loads(
        (
            (site / "search" / "search_index.json")
            if builder == "mkdocs"
            else (site / "search.json")
        ).read_text()
    )
    entries = index["docs"] if builder == "mkdocs" else index["items"]
    assert entries and not [e["location"] for e in entries if "def main(" in e["text"]]
    assert (site / MANIFEST).is_file()  # the output rules of `modelsite.output`
    assert (site / "assets" / "modelsite.css").is_file()
    assert (site / "cyclonedx" / "model.cdx.json").is_file()


def test_render_writes_a_tree_without_plugin_or_hook(trained_example: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs-tree"
    assert main(["render", str(trained_example), "-o", str(out)]) == 0
    config = yaml.load((out / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert sorted(plugins) == ["mkdocstrings", "search"]
    assert "hooks" not in config
    assert config["docs_dir"] == "docs" and config["theme"]["custom_dir"] == "overrides"
    assert (out / "docs" / "model-card.md").is_file()
    assert (out / "docs" / "assets" / "mermaid.min.js").is_file()
    cdx = json.loads((out / "docs" / "cyclonedx" / "model.cdx.json").read_text())
    assert cdx["bomFormat"] == "CycloneDX"  # written as it is, no front matter
    # a second render replaces the first; a folder of user files is refused
    assert main(["render", str(trained_example), "-o", str(out)]) == 0
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.md").write_text("keep me\n")
    assert main(["render", str(trained_example), "-o", str(notes)]) == 2
    assert [p.name for p in notes.iterdir()] == ["todo.md"]


def test_the_rendered_tree_builds_with_plain_mkdocs(trained_example: Path, tmp_path: Path) -> None:
    """What a user's own pipeline runs: `mkdocs build` on the tree, no modelsite command."""
    import subprocess
    import sys

    out = tmp_path / "docs-tree"
    assert main(["render", str(trained_example), "-o", str(out)]) == 0
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "site" / "model-card" / "index.html").is_file()
