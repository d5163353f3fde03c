"""User and model text lands inert in every format: checked by rendering it, not by string echo."""

from __future__ import annotations

import html
import re

import markdown
import pytest
import yaml

from modelsite import escape

HOSTILE = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="alert(1)">',
    "a | b | c",
    "**bold** _em_ `code` [link](javascript:alert(1))",
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    "# heading\n- item\n1. first",
    "key: value\n- [yaml, list]\n&anchor *alias !!python/object",
    r"50% of $x_1$ & {braces} ~ ^ \ # _",
    "line one\n\nline two",
]

EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "footnotes", "toc"]


def render_md(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def visible_text(rendered_html: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered_html)).split())


@pytest.mark.parametrize("text", HOSTILE)
def test_md_inline_is_inert_and_keeps_the_text(text: str) -> None:
    out = render_md(f"before {escape.md(text)} after")
    assert re.findall(r"<(\w+)", out) == ["p"], out  # no element but the paragraph
    assert visible_text(out) == " ".join(f"before {text} after".split())


@pytest.mark.parametrize("text", HOSTILE)
def test_md_in_a_table_cell_stays_in_its_cell(text: str) -> None:
    table = f"| a | b |\n|---|---|\n| {escape.md(text)} | x |\n"
    out = render_md(table)
    assert out.count("<td>") == 2, out
    assert "<script" not in out and "<img" not in out
    cell = re.search(r"<td>(.*?)</td>", out, re.S)
    assert cell and visible_text(cell.group(1)) == " ".join(text.split())


def test_md_block_keeps_paragraphs_but_no_structure() -> None:
    out = render_md(str(escape.md_block("# not a heading\n\n1. not a list\n\n- nor this")))
    assert re.findall(r"<(\w+)", out) == ["p", "p", "p"]


@pytest.mark.parametrize("text", HOSTILE)
def test_code_span(text: str) -> None:
    out = render_md(f"| a |\n|---|\n| {escape.code(text)} |\n")
    assert re.findall(r"<(\w+)", out).count("code") == 1
    assert "<script" not in out


@pytest.mark.parametrize("text", [*HOSTILE, "```\nfenced\n````"])
def test_fenced_block_cannot_be_closed_by_content(text: str) -> None:
    from markdown.extensions.fenced_code import FencedCodeExtension

    out = markdown.markdown(str(escape.fenced(text, "text")), extensions=[FencedCodeExtension()])
    assert re.findall(r"<(\w+)", out) == ["pre", "code"], out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)).strip() == text.strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_yaml_scalar_round_trips(text: str) -> None:
    assert yaml.safe_load(f"key: {escape.yaml_str(text)}\n") == {"key": text}


@pytest.mark.parametrize("text", HOSTILE)
def test_tex_has_no_unescaped_specials(text: str) -> None:
    out = str(escape.tex(text))
    stripped = re.sub(
        r"\\(textbackslash|textasciitilde|textasciicircum|textless|textgreater"
        r"|textbar|textasciigrave)\{\}|\\[&%$#_{}]",
        "",
        out,
    )
    assert not re.search(r"[&%$#_{}~^\\<>|]", stripped), out


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("javascript:alert(1)", "#"),
        ("JaVaScRiPt:alert(1)", "#"),
        ("data:text/html,x", "#"),
        ("https://example.org/a b(c)", "https://example.org/a%20b%28c%29"),
        ("../reference/pkg/index.md", "../reference/pkg/index.md"),
    ],
)
def test_url(value: str, expected: str) -> None:
    assert str(escape.url(value)) == expected


def test_tex_drops_control_characters_pdflatex_rejects() -> None:
    assert str(escape.tex("a\x00b\x07c\x1bd\ne")) == "abcd e"
