"""Hostile card text and model data land inert and intact in every card format.

The hostile project (`tests/corpus/projects/make_hostile_project.py`) puts HTML, Markdown table
pipes, YAML, LaTeX specials, Mermaid syntax and Jinja delimiters into every `card:` field, and
into the model's class name, step name, column name, class labels, metric names and dataset.
Each format is checked by parsing what it becomes (Markdown -> HTML, HTML, YAML, LaTeX), not by
searching for strings in the source.
"""

from __future__ import annotations

import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from card_support import render_page
from modelsite import escape
from modelsite.card.diagram import mermaid
from modelsite.card.exports import render_card
from modelsite.card.lint import split_front_matter
from modelsite.pipeline import collect_site
from modelsite.sitemodel import Site

sys.path.insert(0, str(Path(__file__).parent / "corpus" / "projects"))
from make_hostile_project import (
    HOSTILE_CLASS,
    HOSTILE_COLUMN,
    HOSTILE_LABELS,
    HOSTILE_METRICS,
    HOSTILE_STEP,
    build_hostile_project,
    hostile_texts,
)

# What the site renders Markdown with (docs_tree.mkdocs_config), minus syntax highlighting.
EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "md_in_html",
    "tables",
    "footnotes",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
]
DANGEROUS_TAGS = {
    "script",
    "img",
    "iframe",
    "object",
    "embed",
    "style",
    "link",
    "form",
    "input",
    "base",
    "b",
    "svg",
}


class Elements(HTMLParser):
    """Every start tag with its attributes, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


def fold(text: str) -> str:
    return " ".join(str(text).split())


def assert_inert(page: str, allowed_svg: bool = False, allowed_style: int = 0) -> Elements:
    found = parse(page)
    bad = [
        (tag, attrs)
        for tag, attrs in found.tags
        if tag in DANGEROUS_TAGS and not (allowed_svg and tag == "svg")
    ]
    styles = [t for t, _ in found.tags if t == "style"]
    bad = [b for b in bad if b[0] != "style"] + (
        [("style", {})] if len(styles) > allowed_style else []
    )
    assert not bad, f"markup from data became elements: {bad[:3]}"
    for tag, attrs in found.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in {"href", "src", "action", "xlink:href"} and value:
                assert not value.strip().lower().startswith(("javascript:", "data:text")), value
    return found


def assert_all_visible(found: Elements, texts: list[str]) -> None:
    visible = fold(html.unescape(" ".join(found.text)))
    missing = [t for t in texts if fold(t) not in visible]
    assert not missing, f"hostile text lost or mangled: {missing[:3]}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    project = build_hostile_project(tmp_path_factory.mktemp("hostile"))
    return project, collect_site(project)


def card_texts(project: Path) -> list[str]:
    """Hostile strings that every format shows in full (not clipped in a plot or a diagram)."""
    texts = [t for t in hostile_texts(project) if isinstance(t, str)]
    skip = {HOSTILE_STEP, HOSTILE_COLUMN, *HOSTILE_LABELS}  # shown, but inside code or tables
    config = yaml.safe_load((project / "modelsite.yml").read_text(encoding="utf-8"))
    skip |= {
        config["site_name"],
        config["publish"]["repository"],
        config["card"]["license"],
        *config["card"]["tags"],
    }  # tags are front-matter metadata only
    return [t for t in texts if t not in skip]


def test_site_page_is_inert_and_shows_the_text(hostile: tuple[Path, Site]) -> None:
    project, site = hostile
    page = render_page(site, "model-card.md")
    rendered = markdown.markdown(page, extensions=EXTENSIONS)
    found = assert_inert(rendered, allowed_svg=True)
    assert_all_visible(found, card_texts(project))


def test_hf_markdown_body_is_inert_and_front_matter_keeps_the_values(
    hostile: tuple[Path, Site],
) -> None:
    project, site = hostile
    text = render_card(site, "md")
    raw, body = split_front_matter(text)
    assert raw is not None
    meta = yaml.safe_load(raw)
    config = yaml.safe_load((project / "modelsite.yml").read_text(encoding="utf-8"))
    assert meta["tags"][3:] == [fold(t) for t in config["card"]["tags"]]
    assert meta["datasets"] == config["card"]["datasets"]
    metrics = meta["model-index"][0]["results"][0]["metrics"]
    assert {m["name"]: m["value"] for m in metrics} == {
        fold(k): v for k, v in HOSTILE_METRICS.items()
    }
    assert meta["license"] == "other" and meta["license_name"]  # not a hub id: `other` + name
    found = assert_inert(markdown.markdown(body, extensions=EXTENSIONS))
    assert_all_visible(found, card_texts(project))


def test_html_export_is_inert_and_shows_the_text(hostile: tuple[Path, Site]) -> None:
    project, site = hostile
    page = render_card(site, "html")
    found = assert_inert(page, allowed_svg=True, allowed_style=1)
    assert_all_visible(found, [*card_texts(project), HOSTILE_CLASS, HOSTILE_STEP, HOSTILE_COLUMN])
    metas = [a for t, a in found.tags if t == "meta"]
    assert any(a.get("http-equiv") == "Content-Security-Policy" for a in metas)


def _untex(text: str) -> str:
    pairs = [
        (r"\textbackslash{}", "\\"),
        (r"\textasciitilde{}", "~"),
        (r"\textasciicircum{}", "^"),
        (r"\textless{}", "<"),
        (r"\textgreater{}", ">"),
        (r"\textbar{}", "|"),
        (r"\textasciigrave{}", "`"),
    ]
    for a, b in pairs:
        text = text.replace(a, b)
    text = re.sub(r"(?<=[-',])\{\}", "", text)  # `-{}-` keeps T1 from making a dash
    return re.sub(r"\\([&%$#_{}])", r"\1", text)


def test_tex_export_escapes_every_special(hostile: tuple[Path, Site]) -> None:
    project, site = hostile
    tex = render_card(site, "tex").replace("\\allowbreak{}", "")  # wrap points in long values
    for text in [*card_texts(project), HOSTILE_CLASS, HOSTILE_STEP, HOSTILE_COLUMN]:
        for para in re.split(r"\n\s*\n", text.strip()):  # paragraphs are set apart
            assert str(escape.tex(para)) in tex, para  # the escaped form is there...
            assert fold(para) in _untex(tex)  # ...and reads back as the original
    # nothing from the data became a command or an unbalanced group
    assert r"\input{" not in tex and r"\end{verbatim}" not in tex
    unescaped = re.sub(r"\\[{}]", "", tex)
    assert unescaped.count("{") == unescaped.count("}")
    begins = re.findall(r"\\begin\{(\w+)\}", tex)
    ends = re.findall(r"\\end\{(\w+)\}", tex)
    assert sorted(begins) == sorted(ends)
    for line in tex.splitlines():
        stripped = re.sub(r"\\[%$#&_]", "", line)
        code = stripped.split("%", 1)[0]  # an unescaped % starts a comment: only ours may
        assert "$" not in code and "#" not in code, line


def test_jinja_in_data_is_never_evaluated(hostile: tuple[Path, Site]) -> None:
    # `{{ config.__class__ }}` would print the Config class, `{{ 7*7 }}` 49, if evaluated;
    # the visible-text checks above also find every `{{ 7*7 }}` intact.
    _, site = hostile
    outputs = [render_card(site, fmt) for fmt in ("md", "html", "tex")]
    outputs.append(render_page(site, "model-card.md"))
    for out in outputs:
        assert "<class" not in out and "modelsite.config" not in out
        assert not re.search(r"(?<![0-9a-f.])49(?![0-9a-f])", out)


def test_mermaid_labels_carry_no_syntax(hostile: tuple[Path, Site]) -> None:
    _, site = hostile
    assert site.model is not None
    source = mermaid(site.model.tree)
    labels = re.findall(r'\["([^"]*)"\]', source)
    assert labels, source
    for label in labels:
        assert re.fullmatch(r"[A-Za-z0-9 _.#;<>\-]*", label.replace("<br>", "")), label
        assert "<" not in label.replace("<br>", "")


def test_site_built_with_cards_has_them(hostile: tuple[Path, Site]) -> None:
    _, site = hostile
    assert len(site.cards) == len(site.models) == 1
