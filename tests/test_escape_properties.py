"""Property tests for every escaping sink (issue 18, item 3): any string, lone surrogates and
control characters included, comes out inert and reads back as the text it was.

Each sink is checked by the parser of its format, never by comparing with the escaper's own
output: Python-Markdown with the extensions the site enables, `html.parser`, PyYAML, `json`,
and (for LaTeX) a scan of the control sequences plus one pdflatex run over a seeded batch.

The expected text is written here, independently of `modelsite.escape`: a lone surrogate (which
no UTF-8 file can hold) reads back as U+FFFD, as the model reader shows it; everything else reads
back unchanged (Markdown and LaTeX fold whitespace runs to one space, being one-line sinks).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from modelsite import escape

SPECIALS = list("\\`*_{}[]|~^$#<>&\"'%!:-+=.()/ \n\t\r@,;?")
CHARS = st.one_of(
    st.characters(),  # any code point but surrogates
    st.characters(categories=["Cs", "Cc", "Cf", "Zl", "Zp", "Zs"]),  # surrogates, controls
    st.sampled_from(SPECIALS),
)
TEXT = st.text(CHARS, max_size=60)
SETTINGS = settings(max_examples=150, deadline=None)

# What Python-Markdown removes or treats as placeholders, and what HTML does not show as itself.
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
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
    "pymdownx.tasklist",
]


def readable(text: str) -> str:
    """`text` as a page can hold it: lone surrogates become U+FFFD, C0/C1 controls but tab,
    newline and carriage return become U+FFFD too (HTML and Markdown do not show them)."""
    out = []
    for ch in text:
        cp = ord(ch)
        if 0xD800 <= cp < 0xE000 or (cp < 0x20 and ch not in "\t\n\r") or 0x7F <= cp < 0xA0:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def folded(text: str) -> str:
    """One line: runs of whitespace as Python's `str.split` sees them become one space."""
    return " ".join(readable(text).split())


def render_md(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


class Parsed(HTMLParser):
    """Elements, attributes and text of an HTML fragment, as a browser-like parser reads it."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[list[tuple[str, str | None]]] = []
        self.data: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.append(attrs)

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append("!--")

    def handle_decl(self, decl: str) -> None:
        self.tags.append("!decl")

    def handle_pi(self, data: str) -> None:
        self.tags.append("?pi")

    def unknown_decl(self, data: str) -> None:
        self.tags.append("!unknown")

    @property
    def text(self) -> str:
        return "".join(self.data)


def writable(out: str) -> None:
    out.encode("utf-8")  # raises on a lone surrogate: no file could hold the output


# -- Markdown ----------------------------------------------------------------------------------


@SETTINGS
@given(TEXT)
@example("\udc80 <b>x</b>")
@example("\x02wzxhzdk:0\x03")  # Python-Markdown's placeholder for stashed raw HTML
@example("\x85 \u2028 \u2029 line breaks")
def test_md_inline_is_one_paragraph_of_the_same_text(text: str) -> None:
    out = render_md(f"a {escape.md(text)} z")
    writable(out)
    page = Parsed(out)
    assert page.tags == ["p"], out
    assert " ".join(page.text.split()) == " ".join(f"a {folded(text)} z".split())


@SETTINGS
@given(TEXT, TEXT)
def test_md_in_a_table_cell_stays_in_its_cell(left: str, right: str) -> None:
    out = render_md(f"| a | b |\n|---|---|\n| {escape.md(left)} | {escape.md(right)} |\n")
    writable(out)
    page = Parsed(out)
    assert [t for t in page.tags if t not in ("table", "thead", "tbody", "tr")] == [
        "th",
        "th",
        "td",
        "td",
    ], out
    cells = re.findall(r"<td>(.*?)</td>", out, re.S)
    assert [" ".join(Parsed(c).text.split()) for c in cells] == [folded(left), folded(right)]


@SETTINGS
@given(TEXT)
def test_code_span_holds_the_text(text: str) -> None:
    out = render_md(f"a {escape.code(text)} z")
    writable(out)
    page = Parsed(out)
    assert page.tags == ["p", "code"], out
    inner = re.search(r"<code>(.*?)</code>", out, re.S)
    assert inner and " ".join(Parsed(inner.group(1)).text.split()) == folded(text)


@SETTINGS
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_md_block_keeps_paragraphs_and_nothing_else(paragraphs: list[str]) -> None:
    out = render_md(str(escape.md_block("\n\n".join(paragraphs))))
    writable(out)
    page = Parsed(out)
    assert set(page.tags) <= {"p"}, out
    assert page.text.split() == readable("\n\n".join(paragraphs)).split()


@SETTINGS
@given(TEXT)
def test_fenced_block_holds_the_text(text: str) -> None:
    out = render_md(str(escape.fenced(text, "text")))
    writable(out)
    page = Parsed(out)
    assert [t for t in page.tags if t not in ("div", "span")] == ["pre", "code"], out


@SETTINGS
@given(TEXT)
@example("javascript:alert(1)")
@example(" \tjava\nscript:alert(1)")
@example("https://example.org/\udc80")
def test_url_is_a_safe_link_target(text: str) -> None:
    target = str(escape.url(text))
    writable(target)
    out = render_md(f"[x]({target})")
    page = Parsed(out)
    assert page.tags == ["p", "a"], out
    ((name, href),) = page.attrs[1]
    assert name == "href" and href is not None
    scheme = re.match(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):", href)
    assert scheme is None or scheme.group(1).lower() in ("http", "https", "mailto"), href


# -- HTML --------------------------------------------------------------------------------------


@SETTINGS
@given(TEXT)
@example("<!--><img src=x onerror=alert(1)>-->")
@example("\udc80")
def test_html_text_and_attribute_read_back(text: str) -> None:
    out = f'<p title="{escape.html(text)}">{escape.html(text)}</p>'
    writable(out)
    page = Parsed(out)
    assert page.tags == ["p"], out
    assert page.attrs[0] == [("title", readable(text))]
    assert page.text == readable(text)


# -- YAML and JSON -----------------------------------------------------------------------------


@SETTINGS
@given(TEXT)
@example("\x85 next line")
@example("\x80\ufffe\uffff")
@example("\ud83c\udf77")  # a surrogate *pair* as two code points is still two lone surrogates
@example("\ufeffbom")
def test_yaml_scalar_reads_back_as_the_text(text: str) -> None:
    scalar = str(escape.yaml_str(text))
    writable(scalar)
    assert "\n" not in scalar and "\r" not in scalar
    assert yaml.safe_load(f"key: {scalar}\nnext: 1\n") == {"key": yamlable(text), "next": 1}


def yamlable(text: str) -> str:
    """YAML holds any Unicode text (escaped if it must); only lone surrogates cannot be."""
    return "".join("\ufffd" if 0xD800 <= ord(c) < 0xE000 else c for c in text)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


@SETTINGS
@given(JSON_VALUES)
@example({"</script><script>alert(1)</script>": "\u2028\u2029"})
@example(["\udc80"])
def test_json_text_reads_back_and_cannot_close_a_script(value: object) -> None:
    out = escape.json_text(value, indent=2)
    writable(out)
    assert json.loads(out) == value
    assert "</" not in out.lower() and "<!--" not in out
    assert "\u2028" not in out and "\u2029" not in out  # line breaks to JavaScript


# -- LaTeX -------------------------------------------------------------------------------------

_TEX_COMMANDS = {
    r"\textbackslash{}",
    r"\textasciitilde{}",
    r"\textasciicircum{}",
    r"\textless{}",
    r"\textgreater{}",
    r"\textbar{}",
    r"\textasciigrave{}",
    r"\&",
    r"\%",
    r"\$",
    r"\#",
    r"\_",
    r"\{",
    r"\}",
}
_TEX_TOKEN = re.compile(r"\\[A-Za-z]+\{\}|\\.")


@SETTINGS
@given(TEXT)
@example("\\input{/etc/passwd} \\\\ }{ %comment")
@example("\udc80\x00\x1b")
@example("a -- b --- c '' d ,, e `` f")
def test_tex_text_has_only_the_escapes_it_needs(text: str) -> None:
    out = str(escape.tex(text))
    writable(out)
    commands = set(_TEX_TOKEN.findall(out))
    assert commands <= _TEX_COMMANDS, commands - _TEX_COMMANDS
    rest = re.sub(r"(?<=[-',])\{\}", "", _TEX_TOKEN.sub("", out))  # `-{}-`: no dash ligature
    assert not re.search(r"[\\{}$&#^_%~]", rest), out
    assert not re.search(r"[\x00-\x1f\x7f\ud800-\udfff]", out), repr(out)


def _tex_batch(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    # (not ß: pdftotext reads T1's ß back as ÿ)
    alphabet = [chr(c) for c in range(0x20, 0x7F)] + list("\t\néü")
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(count)]


@pytest.mark.needs("pdflatex")
def test_tex_batch_compiles_and_prints_the_text(tmp_path: Path) -> None:
    pdflatex, pdftotext = shutil.which("pdflatex"), shutil.which("pdftotext")
    assert pdflatex and pdftotext, "pdflatex/pdftotext missing (texlive-latex-base, poppler-utils)"
    texts = _tex_batch(seed=18, count=120)
    body = "\n".join(
        f"\\noindent QQ{i}QQ {escape.tex(t)} ZZENDZZ\\par" for i, t in enumerate(texts)
    )
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage[T1]{fontenc}"
        "\\begin{document}\\raggedright\n" + body + "\n\\end{document}\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [pdflatex, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout[-2000:]
    shown = subprocess.run(
        [pdftotext, "-raw", "-enc", "UTF-8", "doc.pdf", "-"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    flat = " ".join(shown.split())
    for i, t in enumerate(texts):
        found = re.search(rf"QQ{i}QQ(.*?)ZZENDZZ", flat)
        assert found, f"item {i} missing"
        # pdftotext spells a few T1 glyphs differently; compare without spaces (line breaks)
        assert found.group(1).replace(" ", "") == folded(t).replace(" ", ""), (t, found.group(1))
