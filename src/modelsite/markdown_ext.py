"""A Python-Markdown extension that both builders run: generated pages' HTML made inert, and the
API reference's source listings kept out of the search index.

MkDocs and Zensical both convert pages with Python-Markdown and the extensions listed under
`markdown_extensions:`, and both search indexes skip an element carrying `data-search-exclude`;
so this does, for a docs tree, what the MkDocs plugin does with page events::

    markdown_extensions:
      - modelsite.markdown_ext:
          search_source: false   # true: index the source listings too

The postprocessor runs after Python-Markdown has put raw HTML (docstrings rendered by
mkdocstrings included) back into the page, so it sees the page's final HTML.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from modelsite.sanitize import sanitize_html

_SOURCE_OPEN = re.compile(r'<details class="mkdocstrings-source">')
"""mkdocstrings' collapsed "Source code in ..." listings."""
EXCLUDED = '<details class="mkdocstrings-source" data-search-exclude>'


class _InertPage(Postprocessor):
    def __init__(self, md: Markdown, search_source: bool) -> None:
        super().__init__(md)
        self.search_source = search_source

    def run(self, text: str) -> str:
        html = sanitize_html(text)
        return html if self.search_source else _SOURCE_OPEN.sub(EXCLUDED, html)


class ModelsiteExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "search_source": [False, "index the API reference's source listings too"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # after `raw_html` (30), which puts stashed HTML back, and `amp_substitute` (20)
        md.postprocessors.register(
            _InertPage(md, bool(self.getConfig("search_source"))), "modelsite", 5
        )


def makeExtension(**kwargs: Any) -> ModelsiteExtension:
    return ModelsiteExtension(**kwargs)
