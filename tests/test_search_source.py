"""The search index leaves out the API reference's source listings; the pages keep them."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from modelsite.build import build_site
from modelsite.plugin import ModelsitePlugin

# A line that only appears inside a function body of the example, i.e. in its source listing.
CODE_LINE = "add_argument"


@pytest.mark.slow
def test_source_listings_are_on_the_page_but_not_in_the_index(
    trained_example: Path, tmp_path: Path
) -> None:
    site = build_site(trained_example, tmp_path / "site").site_dir
    page = (site / "reference" / "wine_classifier" / "train" / "index.html").read_text("utf-8")
    assert "mkdocstrings-source" in page and CODE_LINE in page
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    texts = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    assert "wine_classifier.train.main" in " ".join(doc["location"] for doc in index["docs"])
    assert CODE_LINE not in texts


HTML = (
    '<h2 id="pkg.f">f</h2><p>Doc.</p><details class="mkdocstrings-source"><summary>Source '
    'code in <code>pkg.py</code></summary><div class="highlight"><pre><code>'
    "x = parser.add_argument()</code></pre></div></details><p>After.</p>"
)


def _plugin(**options: object) -> ModelsitePlugin:
    plugin = ModelsitePlugin()
    errors, _ = plugin.load_config(options)
    assert errors == []
    return plugin


def test_search_sees_the_page_without_listings_then_the_page_gets_them_back() -> None:
    plugin, page = _plugin(), SimpleNamespace(content=HTML)
    plugin._hide_source_from_search({}, page=page, config=None, nav=None)
    assert page.content == '<h2 id="pkg.f">f</h2><p>Doc.</p><p>After.</p>'
    plugin._restore_source({}, page=page, config=None, nav=None)
    assert page.content == HTML


def test_a_change_by_another_plugin_in_between_is_kept() -> None:
    plugin, page = _plugin(), SimpleNamespace(content=HTML)
    plugin._hide_source_from_search({}, page=page, config=None, nav=None)
    page.content = "<p>rewritten by another plugin</p>"
    plugin._restore_source({}, page=page, config=None, nav=None)
    assert page.content == "<p>rewritten by another plugin</p>"


def test_search_source_option_keeps_listings_in_the_index() -> None:
    plugin, page = _plugin(search_source=True), SimpleNamespace(content=HTML)
    plugin._hide_source_from_search({}, page=page, config=None, nav=None)
    assert page.content == HTML
