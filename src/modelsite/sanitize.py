"""Make the HTML of a generated page inert and self-contained before it reaches the theme.

Docstrings are Markdown, and Markdown passes raw HTML through: a docstring (or any text that
slipped past escaping) could carry `<script>`, `onerror=` or `javascript:` links, SVG that
animates a link into `javascript:`, or an image on another host that the reader's browser
would fetch. The page content is cleaned with `nh3` (the bindings to Rust's `ammonia`, which
parses HTML as browsers do, with html5ever) against an allow-list: the tags and attributes
MkDocs, Material, mkdocstrings and modelsite's templates produce, no scripting, no styles, no
SVG animation or references, link schemes limited to http(s), mailto and relative URLs, and
nothing fetched from another host.
"""

from __future__ import annotations

import re

import nh3

_SVG_TAGS = frozenset(
    {
        "svg",
        "g",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "title",
        "desc",
    }
)
"""Static SVG shapes (Material's inline icons, modelsite's diagrams): no `animate`, `set`,
`use`, `image`, `feImage`, `foreignObject`, `script` or `a` inside SVG."""

TAGS = frozenset(nh3.ALLOWED_TAGS - {"area", "map"}) | _SVG_TAGS | {"input", "label", "autoref"}
"""Elements kept; every other element is removed (its text kept, except in `script`/`style`).

`autoref` is mkdocs-autorefs' cross-reference marker (mkdocstrings' links to other objects,
Sphinx roles in docstrings): it is replaced by a link to a page of the site, or by its text,
after the pages are sanitized; its attributes may only name an identifier (`_AUTOREF_VALUE`)."""

_SVG_PRESENTATION = frozenset(
    {
        "fill",
        "fill-rule",
        "clip-rule",
        "fill-opacity",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "stroke-opacity",
        "opacity",
        "transform",
        "font-size",
        "font-family",
        "font-weight",
        "font-style",
        "text-anchor",
        "dominant-baseline",
    }
)
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir", "role", "tabindex"},
    "a": {"href", "name", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    "data": {"value"},
    "abbr": {"title"},
    "input": {"type", "checked", "disabled", "name"},
    "label": {"for"},
    "autoref": {"identifier", "optional", "hover", "slug", "backlink-type", "backlink-anchor"},
    "svg": {"viewBox", "xmlns", "width", "height", "preserveAspectRatio", "focusable"}
    | _SVG_PRESENTATION,
    "g": set(_SVG_PRESENTATION),
    "path": {"d"} | _SVG_PRESENTATION,
    "rect": {"x", "y", "width", "height", "rx", "ry"} | _SVG_PRESENTATION,
    "circle": {"cx", "cy", "r"} | _SVG_PRESENTATION,
    "ellipse": {"cx", "cy", "rx", "ry"} | _SVG_PRESENTATION,
    "line": {"x1", "y1", "x2", "y2"} | _SVG_PRESENTATION,
    "polyline": {"points"} | _SVG_PRESENTATION,
    "polygon": {"points"} | _SVG_PRESENTATION,
    "text": {"x", "y", "dx", "dy"} | _SVG_PRESENTATION,
    "tspan": {"x", "y", "dx", "dy"} | _SVG_PRESENTATION,
}
"""Attributes kept per element (`*`: on every element), plus `data-*` and `aria-*`."""

URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a link may use; relative URLs are kept too."""

_FETCHED = frozenset({("img", "src")})
"""Attributes the browser loads without a click: only same-site (relative) URLs may stay."""
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


def is_same_site(url: str) -> bool:
    """Whether a URL stays on the site: relative, with no scheme and no host. A browser reads
    `/\\host` (and `\\\\host`) as `//host`, and skips control characters and spaces."""
    compact = _CONTROL_OR_SPACE.sub("", url).replace("\\", "/")
    return not compact.startswith("//") and not _SCHEME.match(compact)


_AUTOREF_VALUE = re.compile(r"^[\w.:()\[\]/#*-]*$")
"""An autoref attribute: a dotted Python path, a slug or an anchor. mkdocs-autorefs writes the
identifier back unescaped when it cannot resolve it, so no `<`, `&` or quote may be in it."""


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "autoref":
        return value if _AUTOREF_VALUE.match(value) else None
    if (tag, attribute) in _FETCHED and not is_same_site(value):
        return None
    if attribute == "href" and not is_same_site(value):
        compact = _CONTROL_OR_SPACE.sub("", value).replace("\\", "/")
        scheme = _SCHEME.match(compact)
        if scheme is None:  # `//host/...`: a link to another host is fine, written plainly
            return value
        if scheme.group(0)[:-1].lower() not in URL_SCHEMES:
            return None
    return value


_EVENT_ATTRIBUTES = frozenset(
    {
        "onerror",
        "onload",
        "onabort",
        "onclick",
        "ondblclick",
        "onfocus",
        "onblur",
        "onmouseover",
        "onmouseenter",
        "onmousemove",
        "onmousedown",
        "onmouseup",
        "onpointerover",
        "onpointerenter",
        "onpointerdown",
        "onkeydown",
        "onkeyup",
        "onanimationstart",
        "onanimationend",
        "ontransitionend",
    }
)
"""Handlers that mark an image as an attack (any other handler is removed all the same)."""
_MAYBE_HANDLER = re.compile(r"""[\s/"']on[a-z]""", re.IGNORECASE)
# A start tag as html5ever serialises it: every value double-quoted, `"` written `&quot;`.
_IMG_WITH_HANDLER = re.compile(r'<img(?:\s+[^\s=>]+(?:="[^"]*")?)*?\s+on[a-z]+="[^"]*"[^>]*?>')


def _clean(html: str, attributes: dict[str, set[str]]) -> str:
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes=attributes,
        attribute_filter=_attribute_filter,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def sanitize_html(html: str) -> str:
    """`html` without scripts, styles, event handlers, `javascript:` URLs, SVG animation or
    references, or resources loaded from other hosts.

    An image with an event handler (`<img src=x onerror=...>`) is an attack, not an image worth
    a failed request: it is removed whole. For that, a first pass keeps images' handlers so
    they can be seen in nh3's normalised output; the second pass is the real sanitizer.
    """
    if _MAYBE_HANDLER.search(html):  # a handler might be there
        marked = _clean(html, {**ATTRIBUTES, "img": ATTRIBUTES["img"] | _EVENT_ATTRIBUTES})
        html = _IMG_WITH_HANDLER.sub("", marked)
    return _complete_autorefs(_clean(html, ATTRIBUTES))


_AUTOREF_TAG = re.compile(r"<autoref\b([^>]*)>|</autoref>")
_HAS_IDENTIFIER = re.compile(r'\sidentifier="[^"]+"')


def _complete_autorefs(html: str) -> str:
    """Only cross-reference markers mkdocs-autorefs can resolve: an `<autoref>` without an
    `identifier` (which autorefs indexes, and fails on) is unwrapped, its text kept. `html` is
    nh3's output, so the tags are balanced and every value double-quoted."""
    if "<autoref" not in html:
        return html
    out: list[str] = []
    kept: list[bool] = []  # for each open <autoref>: whether it was kept
    at = 0
    for match in _AUTOREF_TAG.finditer(html):
        out.append(html[at : match.start()])
        at = match.end()
        if match.group(0).startswith("</"):
            if kept and kept.pop():
                out.append(match.group(0))
            continue
        keep = bool(_HAS_IDENTIFIER.search(match.group(1)))
        kept.append(keep)
        if keep:
            out.append(match.group(0))
    out.append(html[at:])
    return "".join(out)
