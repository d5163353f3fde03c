"""Property tests: any card text and any metric names render in every format, and the Hugging
Face front matter always reads back exactly as the card meant it (hypothesis)."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from card_support import CARD, fixture_site, wine_model
from modelsite.card import huggingface
from modelsite.card.content import build_card
from modelsite.card.exports import render_card
from modelsite.card.lint import lint_metadata, split_front_matter

TEXT = st.text(max_size=40)
ALLOWED_HTML = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "h1",
    "h2",
    "h3",
    "p",
    "table",
    "tr",
    "th",
    "td",
    "caption",
    "code",
    "pre",
    "a",
    "div",
    "strong",
    "ul",
    "li",
    "details",
    "summary",
    "figure",
    "figcaption",
    "footer",
    "svg",
    "desc",
    "rect",
    "text",
    "line",
    "polyline",
    "circle",
    "g",  # a plot label with its tooltip `<title>`
    "tspan",  # a wrapped plot label's lines
    "polygon",  # curve markers
}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


@settings(max_examples=60, deadline=None)
@given(
    summary=TEXT,
    use=TEXT,
    tag=TEXT,
    dataset=TEXT,
    license_=TEXT,
    metrics=st.dictionaries(
        TEXT, st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=3
    ),
)
def test_any_text_renders_safely_everywhere(
    summary: str, use: str, tag: str, dataset: str, license_: str, metrics: dict[str, float]
) -> None:
    card_text = dataclasses.replace(
        CARD, summary=summary, intended_use=use, tags=(tag,), datasets=(dataset,), license=license_
    )
    model = wine_model(metrics=metrics)
    site = fixture_site(card=card_text, models=(model,))
    expected = huggingface.hub_metadata(build_card(site, model))

    md = render_card(site, "md")
    raw, _ = split_front_matter(md)
    assert raw is not None
    meta = yaml.safe_load(raw)
    assert meta == expected  # nothing lost or changed by YAML
    assert not [p for p in lint_metadata(meta) if "round-trip" in p or "not a number" in p]

    parser = _Tags()
    parser.feed(render_card(site, "html"))
    assert parser.tags <= ALLOWED_HTML, parser.tags - ALLOWED_HTML

    tex = render_card(site, "tex")
    plain = re.sub(r"\\[{}]", "", tex)
    assert plain.count("{") == plain.count("}")
