"""The HTML sanitizer (`modelsite.sanitize`, nh3) against the payloads of issue 18's probe.

Each payload once ran script or made a request from a built page through a docstring. The
output of the sanitizer is read back with Python's `HTMLParser` (nh3 serialises well-formed
HTML, on which the two parsers agree) and checked for what a browser would run or fetch:
event attributes, `javascript:`-like URLs, URLs to another host in attributes the browser
loads by itself, SVG animation and references, styles, embedded documents. A property test
does the same over random mixes of hostile fragments.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelsite.sanitize import is_same_site, sanitize_html

PAYLOADS = [
    "<!--><img src=x onerror=alert(1)>-->",
    "<!---><img src=x onerror=alert(1)>-->",
    '<svg><animate attributeName="href" values="javascript:alert(1)"/><a><text>x</text></a></svg>',
    '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>y</text></a></svg>',
    '<svg><image href="//evil.example/i.png"/></svg>',
    '<svg><use href="//evil.example/u.svg#x"/></svg>',
    '<svg><filter id="f"><feImage href="//evil.example/f.png"/></filter></svg>',
    '<svg><foreignObject><img src="//evil.example/o.png"></foreignObject></svg>',
    '<p style="background: image-set(url(//evil.example/s.png) 1x)">s</p>',
    '<p style="background: \\75 rl(//evil.example/e.png)">e</p>',
    '<img src="/\\evil.example/b.png">',
    '<img src="\\\\evil.example/c.png">',
    '<img src=" //evil.example/d.png">',
    '<img src="https://evil.example/p.png">',
    '<img srcset="//evil.example/q.png 2x" src="ok.png">',
    '<video poster="//evil.example/v.png"></video>',
    "<embed src=x>",
    '<object data="//evil.example/x"></object>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<a href="java&#x09;script:alert(1)">t</a>',
    '<a href="  JAVASCRIPT:alert(1)">u</a>',
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">d</a>',
    '<a href="vbscript:msgbox(1)">v</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="//evil.example/f"><button formaction="javascript:alert(1)">b</button></form>',
    '<meta http-equiv="refresh" content="0;url=//evil.example/">',
    '<base href="//evil.example/">',
    '<link rel="stylesheet" href="//evil.example/s.css">',
    "<style>@import url(//evil.example/i.css);</style>",
    "<script>alert(1)</script>",
    "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>",
    '<details open ontoggle="alert(1)"><summary>s</summary></details>',
    '<input autofocus onfocus="alert(1)">',
]

FETCHED = {"src", "srcset", "poster", "data", "background", "href", "xlink:href", "action"}
RUNS = ("javascript:", "vbscript:", "data:")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def problems(html: str) -> list[str]:
    """What in sanitized `html` could run or fetch, as a browser would read it."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    found = []
    for tag, attrs in reader.tags:
        if tag in {
            "script",
            "style",
            "iframe",
            "embed",
            "object",
            "form",
            "meta",
            "base",
            "link",
            "animate",
            "set",
            "use",
            "image",
            "feimage",
            "foreignobject",
            "math",
        }:
            found.append(f"<{tag}>")
        for name, value in attrs:
            compact = "".join(ch for ch in (value or "") if ch > " ").lower()
            if name.startswith("on") or name in {"style", "srcdoc", "formaction", "srcset"}:
                found.append(f"{tag} {name}")
            elif name in FETCHED and compact.startswith(RUNS):
                found.append(f"{tag} {name}={value}")
            elif name in FETCHED and name != "href" and not is_same_site(value or ""):
                found.append(f"{tag} {name}={value} (another host)")
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert_and_the_page_around_it_survives(payload: str) -> None:
    out = sanitize_html(f"<p>before</p>{payload}<p>after</p>")
    assert problems(out) == [], (payload, out)
    assert "<p>before</p>" in out
    assert "evil.example" not in out.replace('href="//evil.example', ""), out


def test_embed_no_longer_swallows_the_rest_of_the_page() -> None:
    out = sanitize_html("<p>one</p><embed src=x><h2 id='t'>Two</h2><p>three</p>")
    assert out == '<p>one</p><h2 id="t">Two</h2><p>three</p>'


def test_the_comment_trick_is_read_as_a_browser_reads_it() -> None:
    """`<!-->` closes the comment at once in a browser: the image that follows is an element
    with a handler, removed whole (the old `html.parser` sanitizer saw a comment and kept it
    raw, and the browser ran it)."""
    assert sanitize_html("<!--><img src=x onerror=alert(1)>-->") == "--&gt;"


@pytest.mark.parametrize(
    "attack",
    [
        "<IMG SRC=x ONERROR=alert(1)>",
        '<img src="x"onerror=alert(1)>',
        '<img alt="a>b" src="ok.png" onerror="x">',
        "<img\nsrc=x\nonload=alert(1)>",
    ],
)
def test_an_image_with_a_handler_is_removed_whole(attack: str) -> None:
    """No element left to make a failed request for `x`."""
    assert sanitize_html(f"<p>a</p>{attack}<p>b</p>") == "<p>a</p><p>b</p>"


@pytest.mark.parametrize(
    ("url", "same"),
    [
        ("../badges/d.svg", True),
        ("#a", True),
        ("/abs/path.png", True),
        ("//evil.example/x", False),
        ("/\\evil.example/x", False),
        ("\\\\evil.example/x", False),
        (" \t//evil.example/x", False),
        ("https://evil.example/x", False),
        ("java\tscript:alert(1)", False),
    ],
)
def test_same_site_urls(url: str, same: bool) -> None:
    assert is_same_site(url) is same


def test_what_the_site_itself_writes_is_kept() -> None:
    """Material, mkdocstrings and modelsite markup: headings, code, tabs, details, inline
    SVG plots and icons, data/aria attributes, tables."""
    html = (
        '<h2 class="doc doc-heading" id="m.f"><code class="doc-symbol doc-symbol-function">'
        '</code> <span class="doc doc-object-name">f</span>'
        '<a class="headerlink" href="#m.f" title="Permanent link">¶</a></h2>'
        '<details class="quote" open><summary>Source code in <code>m.py</code></summary>'
        '<div class="highlight"><table class="highlighttable"><tbody><tr>'
        '<td class="linenos"><div class="linenodiv"><pre><span></span>'
        '<span class="normal"><a href="#__codelineno-0-1">1</a></span></pre></div></td>'
        '<td class="code"><div><pre><span></span><code><a id="__codelineno-0-1" '
        'name="__codelineno-0-1"></a><span class="k">def</span> f(): x &lt; 1</code></pre>'
        "</div></td></tr></tbody></table></div></details>"
        '<div class="tabbed-set" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" '
        'name="__tabbed_1" type="radio"><label for="__tabbed_1_1">Model</label></div>'
        '<svg xmlns="http://www.w3.org/2000/svg" class="ms-plot" role="img" '
        'viewBox="0 0 480 300" width="480" height="300" aria-labelledby="p-title" '
        'font-family="sans-serif" font-size="11" fill="currentColor"><title id="p-title">'
        'ROC</title><desc id="p-desc">d</desc><line x1="1" y1="2" x2="3" y2="4" '
        'stroke="currentColor" stroke-opacity="0.3"></line><polyline points="1,2 3,4" '
        'fill="none" stroke-width="2" stroke-dasharray="4 2"></polyline>'
        '<text x="1" y="2" text-anchor="middle" transform="rotate(-90)">AUC</text>'
        '<circle cx="1" cy="2" r="3"></circle><rect x="0" y="0" width="1" height="1" '
        'fill-opacity="0.5"></rect></svg>'
        '<img alt="coverage" src="../badges/coverage.svg">'
        '<p><a href="https://scikit-learn.org/">sklearn</a> <a href="mailto:a@b.org">m</a></p>'
        '<table><thead><tr><th align="right">n</th></tr></thead><tbody><tr>'
        '<td colspan="2">1</td></tr></tbody></table>'
    )
    assert sanitize_html(html) == html.replace(" open>", ' open="">')


FRAGMENTS = st.sampled_from(
    [
        *PAYLOADS,
        "<p>",
        "</p>",
        "<svg>",
        "</svg>",
        "<a href='",
        "'>",
        '"',
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<table>",
        "<td>",
        "&#x6a;avascript:",
        "<img src=",
        " onerror=alert(1) ",
        "<math>",
        "<noscript>",
        "<template>",
        "text",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, min_size=1, max_size=12))
def test_no_mix_of_hostile_fragments_runs_or_fetches(parts: list[str]) -> None:
    out = sanitize_html("".join(parts))
    assert problems(out) == [], out
    assert sanitize_html(out) == out  # cleaning is idempotent: nothing left to remove


def test_autoref_without_identifier_is_unwrapped() -> None:
    """mkdocs-autorefs indexes `identifier` on every `<autoref>` and crashes without one (a
    docstring can write the tag): such a marker is unwrapped, its text kept; a complete one
    stays for mkdocstrings' cross-references."""
    html = (
        "<autoref hover optional>x<img src=x onerror=alert(1)></autoref> and "
        '<autoref identifier="pkg.Thing">Thing</autoref>'
    )
    assert sanitize_html(html) == 'x and <autoref identifier="pkg.Thing">Thing</autoref>'
    nested = '<autoref identifier="a.b"><autoref>in</autoref>out</autoref>'
    assert sanitize_html(nested) == '<autoref identifier="a.b">inout</autoref>'
