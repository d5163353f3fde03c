"""The sanitizer's fast path skips the HTML parser only when the parser would drop nothing.

`sanitize_html` first checks with regular expressions that every tag of a page is plainly written
and passes the attribute checks; only then does it return the page unchanged. The property tested
here: whenever the fast path says "already inert", the full sanitizer keeps every tag and
attribute as HTMLParser sees them (so skipping it changes nothing), for hostile snippets and for
random tag soup.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelsite.sanitize import _already_inert, _Sanitizer, sanitize_html


def _full(html: str) -> str:
    parser = _Sanitizer()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.tags: list[tuple[str, str, tuple[tuple[str, str | None], ...]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(("start", tag, tuple(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append(("startend", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.tags.append(("end", tag, ()))


def _tags(html: str) -> list[tuple[str, str, tuple[tuple[str, str | None], ...]]]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


HOSTILE = [
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)>",
    "<img\tsrc=x\nonerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="java&#115;cript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<a href=javascript&colon;alert(1)>x</a>",
    "<A HREF='JAVASCRIPT:alert(1)'>x</A>",
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<style>body{background:url(//evil)}</style>",
    '<p style="background:url(//evil.example/x.png)">x</p>',
    '<img src="https://evil.example/pixel.png">',
    '<img src="//evil.example/pixel.png">',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<div srcdoc="x">',
    '<form action="https://evil.example"><button formaction="javascript:alert(1)">x</button>',
    "<!-- <img src=x onerror=alert(1)> -->",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    "<p onmouseover=alert(1)>x</p>",
    '<p title="a" title="b" onclick="x">',
    "<p\x0bonclick=alert(1)>x</p>",
    # HTMLParser splits attributes at any `\s`, a browser only at HTML whitespace: full parser
    "<a\nhref\x0bONERROR>",
    "<A formaction\x0bstyle='a b' >",
    "<a title=x\xa0onclick=y>",
    "<p <img src=x onerror=alert(1)>>",
    "<scr<script>ipt>alert(1)</script>",
    "</p onclick=x>",
]


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_markup_goes_through_the_full_parser(html: str) -> None:
    assert not _already_inert(html)
    assert sanitize_html(html) == _full(html)


API_PAGE = (
    '<div class="doc doc-object doc-class">\n<h2 id="pkg.Model" class="doc doc-heading">'
    '<code class="doc-symbol doc-symbol-heading doc-symbol-class"></code> <span class="doc '
    'doc-object-name doc-class-name">Model</span><a class="headerlink" href="#pkg.Model" '
    'title="Permanent link">&para;</a></h2>\n<div class="highlight"><pre><span></span><code>'
    '<span class="k">def</span> <span class="nf">fit</span><span class="p">(</span>X, y &gt; 0'
    '<span class="p">)</span></code></pre></div>\n<p>See <a href="https://scikit-learn.org">'
    'scikit-learn</a> and <a href="../other/#pkg.other.f">f</a>.</p>\n<img alt="plot" '
    'src="../plot.svg" />\n<input type="checkbox" checked disabled>\n<details class="quote">'
    "<summary>Source code in <code>pkg/model.py</code></summary></details></div>\n"
)


def test_plain_api_page_is_returned_unchanged() -> None:
    assert _already_inert(API_PAGE)
    assert sanitize_html(API_PAGE) is API_PAGE
    assert _tags(_full(API_PAGE)) == _tags(API_PAGE)


TOKENS = [
    "<",
    ">",
    "</",
    "/>",
    "/",
    " ",
    "\t",
    "\n",
    "\x0b",
    "=",
    '"',
    "'",
    "`",
    "&",
    "#",
    ";",
    "p",
    "a",
    "img",
    "script",
    "svg",
    "style",
    "code",
    "span",
    "on",
    "onclick",
    "error",
    "href",
    "src",
    "xlink:href",
    "style",
    "srcdoc",
    "class",
    "javascript:",
    "java",
    "script:",
    "&#58;",
    "&colon;",
    "//evil",
    "https://x",
    "data:image/png",
    "url(",
    "!--",
    "--",
    "!",
    "?",
    "x",
    "1",
    "alert(1)",
]


_SEP = st.sampled_from([" ", "\t", "\n", "\r", "\x0c", "\x0b", "\x1c", "\xa0", "/", ""])
_VAL = st.sampled_from(
    [
        "x",
        "javascript:alert(1)",
        "java&#115;cript:x",
        "//evil",
        "https://e",
        "data:image/png;base64,x",
        "url(//x)",
        "a b",
        "&colon;",
        "#y",
        "../p",
        " java\tscript:x",
        "\x01javascript:x",
        "\xa0on",
        "\u2028",
    ]
)
_ATTRIBUTE = st.tuples(
    _SEP,
    st.sampled_from(
        [
            "href",
            "src",
            "onclick",
            "ONERROR",
            "style",
            "srcdoc",
            "xlink:href",
            "title",
            "class",
            "data",
            "formaction",
            "poster",
        ]
    ),
    st.sampled_from(['="{}"', "='{}'", "={}", ""]),
    _VAL,
).map(lambda t: t[0] + t[1] + t[2].format(t[3]))
_ELEMENT = st.tuples(
    st.sampled_from(["<", "</"]),
    st.sampled_from(["a", "img", "p", "script", "svg", "iframe", "style", "IMG", "base", "x-y"]),
    st.lists(_ATTRIBUTE, max_size=3).map("".join),
    st.sampled_from(["", " ", "/"]),
    st.sampled_from([">", ">", ""]),
    st.sampled_from(["text", "", ">", " < ", "&amp;"]),
).map("".join)
SOUP = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=40).map("".join),
    st.lists(_ELEMENT, min_size=1, max_size=4).map("".join),
)


@settings(max_examples=600, deadline=None)
@given(SOUP)
def test_fast_path_only_skips_when_nothing_would_be_dropped(html: str) -> None:
    if _already_inert(html):
        assert _tags(_full(html)) == _tags(html)
        assert sanitize_html(html) == html
    else:
        assert sanitize_html(html) == _full(html)
